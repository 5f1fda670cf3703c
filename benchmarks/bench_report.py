"""Report rendering speed: the unit's HTML report and the dashboard, against the text table.

Run: ``python benchmarks/bench_report.py``. Target (issue #18): the HTML evaluation
report renders in under 200 ms. The baseline, measured in the same run, is the plain-text
table ``zi-engine score`` prints for the same evaluation. The evaluation and its plans are
made once (the report reads them; it does not compute them). Prints medians; asserts
nothing. With Chromium on the machine it also times one PDF print.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from _common import median_seconds, row

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the example province lives with the tests

from tests.support.portfolios import kalsel_portfolio  # noqa: E402

import zi_engine  # noqa: E402
from zi_engine.render import render_evaluation  # noqa: E402
from zi_engine.report import (  # noqa: E402
    dashboard_data,
    find_chromium,
    html_to_pdf,
    render_dashboard,
    render_unit_report,
)


def main() -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    sub = zi_engine.load_submission(ROOT / "examples" / "rsud-idaman-area-minimum.yaml")
    ev = zi_engine.evaluate(rubric, sub)
    plans = [zi_engine.plan(ev, p) for p, r in ev.eligibility.items() if not r.eligible]
    print(f"unit: {sub.unit.name}, {len(plans)} plans, {len(ev.items)} questions")

    base = median_seconds(lambda: render_evaluation(ev), repeat=15, number=20)
    row("baseline: the text table (render_evaluation)", f"{base * 1000:.2f} ms")
    html = median_seconds(lambda: render_unit_report(ev, plans=plans), repeat=15, number=5)
    row("HTML evaluation report (render_unit_report)", f"{html * 1000:.2f} ms", "target < 200 ms")
    row("  ratio to the text table", f"{html / base:.1f}x")
    for lang in ("id", "en"):  # every text looked up in the catalog, numbers per language
        t = median_seconds(
            lambda: render_unit_report(ev, plans=plans, lang=lang),  # noqa: B023 - run here
            repeat=15,
            number=5,
        )
        row(f"  in {lang} (lang={lang!r})", f"{t * 1000:.2f} ms", f"{t / base:.1f}x the table")

    def fresh() -> str:
        # a new Evaluation each time: the explanation tree is built inside the timing
        return render_unit_report(zi_engine.evaluate(rubric, sub), plans=plans)

    t = median_seconds(fresh, repeat=15, number=5)
    row("  with a fresh evaluation's explanation built", f"{t * 1000:.2f} ms")

    portfolio = kalsel_portfolio()
    as_of = date(2026, 6, 30)
    data = dashboard_data(portfolio, as_of=as_of, stuck_days=365)
    t = median_seconds(
        lambda: dashboard_data(portfolio, as_of=as_of, stuck_days=365), repeat=15, number=5
    )
    row(f"dashboard data, {len(portfolio)} units", f"{t * 1000:.2f} ms")
    t = median_seconds(lambda: render_dashboard(data), repeat=15, number=5)
    row("dashboard HTML", f"{t * 1000:.2f} ms")

    chromium = find_chromium()
    if chromium is None:
        row("PDF (headless Chromium)", "skipped", "no Chromium on PATH")
        return
    page = render_unit_report(ev, plans=plans)
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "report.pdf"
        t = median_seconds(lambda: html_to_pdf(page, out, chromium=chromium), repeat=3)
    row("PDF of the report (a Chromium start included)", f"{t * 1000:.0f} ms")


if __name__ == "__main__":
    main()
