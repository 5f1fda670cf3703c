"""Headless Chromium for the report tests: screenshots, measured charts, printed PDFs.

Run as ``python -m tests.support.browser`` to redraw the pictures under docs/
(docs/report-unit.png, docs/report-dashboard.png) from the example unit and the
example province, exactly as the browser tests render them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import zi_engine
from zi_engine.report import dashboard_data, render_dashboard, render_unit_report

ROOT = Path(__file__).resolve().parents[2]

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)

# run after the page has loaded: write each chart's laid-out size where --dump-dom shows it
_MEASURE = """<script>
addEventListener('load', () => {
  const sizes = [...document.querySelectorAll('svg.chart')].map(s => {
    const r = s.getBoundingClientRect(); return Math.round(r.width) + 'x' + Math.round(r.height);
  });
  document.body.setAttribute('data-chart-sizes', sizes.join(' '));
});
</script>"""


def _run(chromium: str, profile: Path, *args: str) -> str:
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace")[-500:]
        raise RuntimeError(f"chromium exit status {done.returncode}: {tail}")
    return done.stdout.decode("utf-8", "replace")


def screenshot(chromium: str, page: Path, png: Path, profile: Path, *, size: str) -> Path:
    """A PNG of ``page`` in a window of ``size`` (``WIDTHxHEIGHT``)."""
    width, height = size.split("x")
    _run(chromium, profile, f"--window-size={width},{height}", f"--screenshot={png}", page.as_uri())
    return png


def chart_sizes(chromium: str, html: str, work: Path, profile: Path) -> list[tuple[int, int]]:
    """The laid-out width and height of every chart SVG in ``html``, as Chromium draws it."""
    measured = work / "measured.html"
    measured.write_text(html.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = _run(chromium, profile, "--window-size=1100,1400", "--dump-dom", measured.as_uri())
    marker = 'data-chart-sizes="'
    start = dom.index(marker) + len(marker)
    text = dom[start : dom.index('"', start)]
    return [(int(w), int(h)) for w, h in (s.split("x") for s in text.split())]


def example_unit_html() -> str:
    """The report of the example unit (Dinas Kesehatan Kota Banjarbaru), with its plans."""
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    sub = zi_engine.load_submission(ROOT / "examples" / "dinkes-banjarbaru-wbk.yaml")
    ev = zi_engine.evaluate(rubric, sub)
    plans = [zi_engine.plan(ev, p) for p, r in ev.eligibility.items() if not r.eligible]
    return render_unit_report(ev, plans=plans, lang="id")


def example_dashboard_html() -> str:
    """The dashboard of the example province as of 2026-06-30."""
    from tests.support.portfolios import kalsel_portfolio

    data = dashboard_data(kalsel_portfolio(), as_of=date(2026, 6, 30), stuck_days=365)
    return render_dashboard(data, lang="id")


def main() -> None:
    """Redraw docs/report-unit.png and docs/report-dashboard.png."""
    chromium = next(iter(sys.argv[1:]), "chromium")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        for name, html, size in (
            ("report-unit", example_unit_html(), "1000x1720"),
            ("report-dashboard", example_dashboard_html(), "1000x1640"),
        ):
            page = folder / f"{name}.html"
            page.write_text(html, encoding="utf-8")
            png = ROOT / "docs" / f"{name}.png"
            screenshot(chromium, page, png, folder / "profile", size=size)
            print(png)


if __name__ == "__main__":
    main()
