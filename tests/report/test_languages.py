"""The reports in English: the same layout, English words, numbers without the decimal comma.

(The other report tests read them in Bahasa Indonesia, tests/report/conftest.py.)
"""

from __future__ import annotations

import io
from datetime import date

import zi_engine
from tests.report.support import Tags, example
from tests.support import EXAMPLES_DIR
from tests.support.portfolios import kalsel_portfolio
from zi_engine.cli import _main as cli
from zi_engine.report import dashboard_data, number, render_dashboard, render_unit_report


def _layout(html: str) -> list[tuple[str, str | None, str | None]]:
    """Every element with its id and class: what a page is made of, whatever its words."""
    return [(tag, attrs.get("id"), attrs.get("class")) for tag, attrs in Tags(html).tags]


def test_the_unit_report_in_english_has_the_same_layout() -> None:
    ev, plans = example("rsud-idaman-area-minimum")
    indonesian = render_unit_report(ev, plans=plans, lang="id")
    english = render_unit_report(ev, plans=plans, lang="en")
    assert _layout(english) == _layout(indonesian)
    text = Tags(english).joined_text()
    assert '<html lang="en">' in english
    assert '<html lang="id">' in indonesian
    assert "Zona Integritas Evaluation Report" in text
    assert "Total score 84.60 100.00 84.6%" in text
    assert "NOT ELIGIBLE" in text
    assert "not met Penguatan Pengawasan ≥ 60%" in text
    assert "Towards WBK: now not eligible (total score 84.60)" in text
    assert "Laporan Hasil Evaluasi" not in text
    assert "Nilai total 84,60 100,00 84,6%" in Tags(indonesian).joined_text()


def test_the_language_given_is_used_for_that_report_only() -> None:
    ev, plans = example("dinkes-banjarbaru-wbk")
    with zi_engine.use_language("id"):
        assert number(85.456) == "85,46"
        english = render_unit_report(ev, plans=plans, lang="en")
        assert number(85.456) == "85,46"
        default = render_unit_report(ev, plans=plans)
    assert "Total score 85.46" in Tags(english).joined_text()
    assert "Nilai total 85,46" in Tags(default).joined_text()
    assert number(85.456) == "85,46"  # this folder's tests read Indonesian (conftest.py)
    with zi_engine.use_language("en"):
        assert number(1234.5) == "1,234.50"


def test_the_dashboard_in_english_names_its_stages_in_english() -> None:
    data = dashboard_data(kalsel_portfolio(), as_of=date(2026, 6, 30), stuck_days=365)
    assert data["stages"][0]["label"] == "Belum mencanangkan"  # made in Indonesian
    english = render_dashboard(data, lang="en")
    assert _layout(english) == _layout(render_dashboard(data, lang="id"))
    text = Tags(english).joined_text()
    assert "Monitoring the Building of Zona Integritas" in text
    assert "Not yet declared" in text
    assert "Designated WBK" in text
    assert "Monitoring reports overdue" in text
    # the stuck units' states are named by their lifecycle definition, as it has them
    before_stuck = english.split('<section id="tertahan">')[0]
    assert "Belum mencanangkan" not in before_stuck


def test_the_command_line_writes_the_report_in_the_language_asked() -> None:
    example_file = str(EXAMPLES_DIR / "dinkes-banjarbaru-wbk.yaml")
    pages = {}
    for lang in ("id", "en"):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["--no-plugins", "--lang", lang, "report", example_file], out, err)
        assert (code, err.getvalue()) == (0, "")
        pages[lang] = out.getvalue()
    assert _layout(pages["id"]) == _layout(pages["en"])
    assert "Nilai total 85,46" in Tags(pages["id"]).joined_text()
    assert "Total score 85.46" in Tags(pages["en"]).joined_text()
