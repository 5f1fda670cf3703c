"""The monitoring dashboard: counts as of a date, a year's change, stuck units, totals.

The expected numbers are counted by hand from how ``kalsel_portfolio`` builds its units
(see tests/support/portfolios.py): which unit entered which stage on which day.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timezone

from tests.report.support import TEMPLATE_TAGS, Tags
from tests.support.lifecycle import UNIT_HEAD, at
from tests.support.portfolios import kalsel_portfolio
from zi_engine.lifecycle import Actor, Lifecycle, Portfolio
from zi_engine.report import dashboard_data, render_dashboard

AS_OF = date(2026, 6, 30)


def _stages(data: dict[str, object]) -> dict[str, int]:
    return {s["id"]: s["units"] for s in data["stages"]}  # type: ignore[attr-defined]


def test_units_are_counted_by_stage_with_designations_split_by_predicate() -> None:
    data = dashboard_data(kalsel_portfolio(), as_of=AS_OF)
    assert data["units"] == 31
    assert _stages(data) == {
        "not_started": 10,
        "declared": 2,
        "building": 9,  # baru-1..3, bangun-1..4, lama-1..2
        "in_review": 2,
        "proposed": 2,
        "tpn_evaluation": 1,
        "designated_WBK": 4,
        "designated_WBBM": 0,
        "revoked": 1,
    }
    assert data["later_changes"] == 0


def test_an_earlier_date_counts_the_histories_as_they_stood_that_day() -> None:
    data = dashboard_data(kalsel_portfolio(), as_of=date(2024, 12, 31))
    stages = _stages(data)
    # canang, baru and bangun had not declared yet; cabut-1 still held WBK (revoked 2025-09)
    assert stages["not_started"] == 10 + 2 + 3 + 4
    assert stages["building"] == 2 + 2 + 2 + 1 + 2  # lama, tpi, usul, tpn-1, wbk-3/4
    assert stages["designated_WBK"] == 3  # wbk-1 (2023-12), wbk-2 (2024-12-01), cabut-1
    assert stages["revoked"] == 0
    assert sum(stages.values()) == 31
    assert data["later_changes"] == 17


def test_the_year_is_compared_with_the_year_before() -> None:
    change = dashboard_data(kalsel_portfolio(), as_of=AS_OF)["year_change"]
    assert change["this_year"] == {
        "start": "2025-07-01",
        "end": "2026-06-30",
        "declared": 5,  # canang-1/2 (2026-04), baru-1..3 (2026-02)
        "building": 3,  # baru-1..3
        "proposed": 3,  # usul-1/2, tpn-1 (2026-05-02)
        "designated": 2,  # wbk-3/4 (2025-12-01)
    }
    assert change["last_year"] == {
        "start": "2024-07-01",
        "end": "2025-06-30",
        "declared": 4,  # bangun-1..4 (2025-03)
        "building": 4,
        "proposed": 3,  # wbk-2 (2024-07-20), wbk-3/4 (2025-05-02)
        "designated": 1,  # wbk-2 (2024-12-01)
    }


def test_stuck_units_are_measured_to_the_date_and_designated_ones_never_are() -> None:
    data = dashboard_data(kalsel_portfolio(), as_of=AS_OF, stuck_days=365)
    stuck = data["stuck"]
    # longest first; equally long ones by agency, then unit
    first = [(s["agency_id"], s["unit_id"]) for s in stuck[:10]]
    assert first == sorted(first)
    assert all(u.startswith("belum-") for _, u in first)
    assert {s["state"] for s in stuck} == {"candidate", "building"}
    assert len(stuck) == 10 + 2 + 4  # belum-*, lama-*, bangun-*
    # created 2021-01-04: five years (one leap day) = 1826 days, + 177 days to 30 June
    assert stuck[0]["days"] == 2003
    assert stuck[-1] == {
        "unit_id": "bangun-1",
        "agency_id": "pemprov-kalsel",
        "state": "building",
        "state_label": "Pembangunan",
        "since": "2025-03-20",
        "days": 467,
    }
    assert dashboard_data(kalsel_portfolio(), as_of=AS_OF)["stuck"] is None


def test_totals_of_the_latest_evaluations_against_75_and_85() -> None:
    totals = dashboard_data(kalsel_portfolio(), as_of=AS_OF)["totals"]
    # usul-1/2 (TPI), tpn-1 (pre-evaluation, 82.5), wbk-1..4 and cabut-1 (TPN)
    assert totals["values"] == [76.2, 76.9, 78.2, 79.4, 82.5, 83.1, 86.4, 88.7]
    assert totals["reaching"] == {"WBK": 8, "WBBM": 2}
    assert sum(totals["counts"]) == 8
    assert totals["edges"][0] == 60
    assert totals["edges"][-1] == 100
    assert totals["counts"][totals["edges"].index(75)] == 4  # 75 <= total < 80


def test_monitoring_lists_the_reports_the_portfolio_finds_overdue() -> None:
    """wbk-1 was designated on 2023-12-01 and has no TPI report: due 2025-12-01, 211 days
    late on 2026-06-30 (Dec 30 + Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30).
    wbk-2 (2024-12-01) and the 2025 designations are not due yet."""
    portfolio = kalsel_portfolio()
    monitoring = dashboard_data(portfolio, as_of=AS_OF)["monitoring"]
    assert monitoring == [
        {
            "unit_id": "wbk-1",
            "agency_id": monitoring[0]["agency_id"],
            "predicate": "WBK",
            "period_start": "2023-12-01",
            "due": "2025-12-01",
            "days_overdue": 211,
            "last_report": None,
            "last_report_met": None,
        }
    ]
    end_of_day = datetime.combine(AS_OF, time.max, tzinfo=timezone.utc)
    found = portfolio.overdue_monitoring(at=end_of_day)
    assert [(s.unit_id, s.due.date().isoformat()) for s in found] == [("wbk-1", "2025-12-01")]


def test_a_monitoring_report_on_record_is_not_overdue_and_is_shown_when_late() -> None:
    portfolio = kalsel_portfolio()
    unit = next(lc for lc in portfolio if lc.unit_id == "wbk-1")
    tpi = Actor("inspektorat", "tpi", unit.agency_id)
    unit.fire("report_monitoring", actor=tpi, at=at(2025, 11, 3), criteria_met=True)
    assert dashboard_data(portfolio, as_of=AS_OF)["monitoring"] == []
    # two years after that report it is due again, and the page says what the last one found
    later = date(2027, 12, 1)
    data = dashboard_data(portfolio, as_of=later)
    late = [m for m in data["monitoring"] if m["unit_id"] == "wbk-1"]
    assert late[0]["last_report"] == "2025-11-03"
    assert late[0]["last_report_met"] is True
    assert late[0]["due"] == "2027-11-03"
    html = render_dashboard(data)
    assert "masih memenuhi kriteria" in html
    assert "Laporan pemantauan yang terlambat" in html


def test_the_data_is_plain_json_and_the_page_draws_it() -> None:
    data = dashboard_data(kalsel_portfolio(), as_of=AS_OF, stuck_days=365)
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    html = render_dashboard(data)
    tags = Tags(html)
    assert tags.names <= TEMPLATE_TAGS
    text = tags.joined_text()
    assert "Keadaan per 2026-06-30" in text
    assert "Jumlah unit kerja: 31" in text
    assert "Mencanangkan 5 4 +1" in text
    assert "Mulai pembangunan 3 4 -1" in text
    assert "WBK (≥ 75,00): 8" in text
    chart = html[html.index('id="grafik-tahap"') :]
    assert chart.count("class='bar'") >= 9


def test_agency_and_unit_ids_are_escaped() -> None:
    lc = Lifecycle.new("<script>x()</script>", "inspektorat & co", created_at=at(2025, 1, 2))
    actor = Actor(UNIT_HEAD.id, UNIT_HEAD.role, lc.agency_id)
    lc.fire(
        "declare",
        actor=actor,
        at=at(2025, 2, 3),
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    html = render_dashboard(dashboard_data(Portfolio([lc]), as_of=AS_OF, stuck_days=30))
    assert Tags(html).names <= TEMPLATE_TAGS
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "inspektorat &amp; co" in html


def test_an_empty_portfolio_still_draws() -> None:
    data = dashboard_data(Portfolio(), as_of=AS_OF, stuck_days=10)
    assert data["units"] == 0
    assert data["stuck"] == []
    assert data["totals"]["units"] == 0
    text = Tags(render_dashboard(data)).joined_text()
    assert "Belum ada evaluasi" in text
    assert "Tidak ada laporan pemantauan unit yang telah ditetapkan yang terlambat" in text
