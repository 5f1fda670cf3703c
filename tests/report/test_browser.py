"""The reports as people see them: rendered by a real headless Chromium.

One session fixture renders everything once (two screenshots, two measured layouts,
two PDFs), so the whole module costs a handful of browser starts. Outside CI a missing
Chromium skips with the reason; in CI it fails (tests/support/system.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.report.support import example
from tests.support import system
from tests.support.browser import chart_sizes, example_dashboard_html, screenshot
from zi_engine.report import html_to_pdf, number, render_unit_report

pytestmark = pytest.mark.xdist_group("chromium")


@dataclass(frozen=True)
class Rendered:
    unit_png: Path
    dashboard_png: Path
    unit_charts: list[tuple[int, int]]
    dashboard_charts: list[tuple[int, int]]
    unit_pdf: Path
    dashboard_pdf: Path


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    chromium = system.chromium()
    work = tmp_path_factory.mktemp("browser")
    profile = work / "profile"
    # the unit that fails an area minimum: its report has failures, a plan and charts
    ev, plans = example("rsud-idaman-area-minimum")
    unit_html = render_unit_report(ev, plans=plans, lang="id")
    dashboard_html = example_dashboard_html()
    pages = {}
    for name, html in (("unit", unit_html), ("dashboard", dashboard_html)):
        pages[name] = work / f"{name}.html"
        pages[name].write_text(html, encoding="utf-8")
    return Rendered(
        unit_png=screenshot(chromium, pages["unit"], work / "unit.png", profile, size="1000x1400"),
        dashboard_png=screenshot(
            chromium, pages["dashboard"], work / "dashboard.png", profile, size="1000x1400"
        ),
        unit_charts=chart_sizes(chromium, unit_html, work, profile),
        dashboard_charts=chart_sizes(chromium, dashboard_html, work, profile),
        unit_pdf=html_to_pdf(unit_html, work / "unit.pdf", chromium=chromium),
        dashboard_pdf=html_to_pdf(dashboard_html, work / "dashboard.pdf", chromium=chromium),
    )


CHART_BLUE = (0x2B, 0x6C, 0xB0)


def _looks_drawn(png: Path) -> None:
    image = Image.open(png).convert("RGB")
    width, height = image.size
    raw = image.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    inked = sum(1 for r, g, b in pixels if r + g + b < 600)
    assert inked > 0.02 * width * height, "the page is (nearly) blank"
    near = sum(
        1 for p in pixels if all(abs(a - b) < 12 for a, b in zip(p, CHART_BLUE, strict=True))
    )
    assert near > 2000, "no chart bars were painted"


def test_the_unit_report_is_drawn_with_its_charts(rendered: Rendered) -> None:
    _looks_drawn(rendered.unit_png)
    # the pengungkit chart and the hasil chart, laid out at their full width
    assert len(rendered.unit_charts) == 2
    for width, height in rendered.unit_charts:
        assert width == 720
        assert height > 150


def test_the_dashboard_is_drawn_with_its_charts(rendered: Rendered) -> None:
    _looks_drawn(rendered.dashboard_png)
    assert len(rendered.dashboard_charts) == 2  # the stages and the totals
    for width, height in rendered.dashboard_charts:
        assert width == 720
        assert height > 150


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def test_the_unit_pdf_has_the_total_outcomes_failures_and_page_numbers(
    rendered: Rendered,
) -> None:
    ev, _ = example("rsud-idaman-area-minimum")
    pages, text = _pdf_text(rendered.unit_pdf)
    assert pages >= 2
    assert f"Nilai total {number(ev.total)}" in text
    assert "84,60" in text
    assert "TIDAK MEMENUHI" in text
    for predicate in ev.eligibility.values():
        for criterion in predicate.criteria:
            if criterion.outcome == "fail":
                assert " ".join(criterion.label.split()) in text, criterion.id
                assert criterion.id in text
    for page in range(1, pages + 1):
        assert f"Halaman {page} dari {pages}" in text


def test_the_dashboard_pdf_has_the_counts(rendered: Rendered) -> None:
    pages, text = _pdf_text(rendered.dashboard_pdf)
    assert "Keadaan per 2026-06-30" in text
    assert "Jumlah unit kerja: 31" in text
    assert "Belum mencanangkan" in text
    assert "Ditetapkan WBK" in text
    assert f"Halaman 1 dari {pages}" in text
