"""A province's portfolio of units, built by firing real lifecycle transitions.

Used by the dashboard tests, the dashboard screenshot and the benchmark: four agencies
of Kalimantan Selatan with units at every stage, dated so that the dashboard as of
2026-06-30 has a year of change to compare against the year before.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from tests.support.lifecycle import (
    AGENCY_HEAD,
    MINISTER,
    TPN,
    TPN_SURVEY,
    UNIT_HEAD,
    FakeEvaluation,
    at,
    at_panel,
    evaluation,
    review,
    revoke,
)
from zi_engine.lifecycle import Actor, Lifecycle, Portfolio

AS_OF = (2026, 6, 30)

AGENCIES = ("pemprov-kalsel", "pemkot-banjarbaru", "pemkab-banjar", "pemkot-banjarmasin")


def _unit(agency: str, unit: str, created: datetime) -> Lifecycle:
    return Lifecycle.new(unit, agency, created_at=created)


def _build(lc: Lifecycle, year: int, month: int = 1) -> Lifecycle:
    actor = Actor(UNIT_HEAD.id, UNIT_HEAD.role, lc.agency_id)
    lc.fire(
        "declare",
        actor=actor,
        at=at(year, month, 10),
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire(
        "select_unit",
        actor=Actor(AGENCY_HEAD.id, AGENCY_HEAD.role, lc.agency_id),
        at=at(year, month, 20),
    )
    lc.fire("start_building", actor=actor, at=at(year, month, 20))
    return lc


def _review(lc: Lifecycle, year: int) -> Lifecycle:
    actor = Actor(UNIT_HEAD.id, UNIT_HEAD.role, lc.agency_id)
    lc.fire("request_internal_review", actor=actor, at=at(year, 3, 1))
    return lc


def _proposal_day(year: int) -> datetime:
    # 2024's window was moved to 18-31 July by letter; other years end on 31 May
    return at(year, 7, 20) if year == 2024 else at(year, 5, 2)


def _propose(lc: Lifecycle, year: int, total: float) -> Lifecycle:
    head = Actor(AGENCY_HEAD.id, AGENCY_HEAD.role, lc.agency_id)
    lc.fire(
        "propose", actor=head, at=_proposal_day(year), evaluation=_of(lc, year, total=total),
        sptjm_signed=True, review=review(lc.unit_id, agency_id=lc.agency_id),
    )  # fmt: skip
    return lc


def _of(lc: Lifecycle, year: int, layer: str = "tpi", *, total: float = 82.5) -> FakeEvaluation:
    """An evaluation of this unit for ``year`` (propose, admit and recommend check whose)."""
    return evaluation(layer, total=total, unit=lc.unit_id, agency=lc.agency_id, year=year)


def _tpn(lc: Lifecycle, year: int) -> Lifecycle:
    lc.fire("admit", actor=TPN, at=at(year, 8 if year == 2024 else 6, 1), evaluation=_of(lc, year))
    return lc


def _designate(lc: Lifecycle, year: int, total: float) -> Lifecycle:
    lc.fire("to_field", actor=TPN, at=at(year, 8, 15))
    at_panel(lc, at(year, 8, 20))
    lc.fire(
        "recommend", actor=TPN, at=at(year, 9, 1),
        evaluation=_of(lc, year, "tpn", total=total),
        **{
            **TPN_SURVEY,
            "review": review(lc.unit_id, kind="tpn", year=year, agency_id=lc.agency_id),
        },
    )  # fmt: skip
    lc.fire(
        "designate", actor=MINISTER, at=at(year, 12, 1),
        decree_number=f"KEP/{lc.unit_id}/{year}", decree_date=at(year, 12, 1).date(),
    )  # fmt: skip
    return lc


def kalsel_portfolio() -> Portfolio:
    """32 units in four agencies, at every stage, as of 2026-06-30."""
    units: list[Lifecycle] = []

    def new(k: int, name: str) -> Lifecycle:
        return _unit(AGENCIES[k % len(AGENCIES)], name, at(2021, 1, 4))

    units += [new(k, f"belum-{k + 1:02d}") for k in range(10)]
    for k in range(2):  # declared this year, building not started yet
        lc = new(k, f"canang-{k + 1}")
        actor = Actor(UNIT_HEAD.id, UNIT_HEAD.role, lc.agency_id)
        lc.fire(
            "declare",
            actor=actor,
            at=at(2026, 4, 1),
            pakta_integritas_signed=True,
            staff_signed=40,
            staff_total=42,
        )
        units.append(lc)
    units += [_build(new(k, f"baru-{k + 1}"), 2026, 2) for k in range(3)]
    units += [_build(new(k, f"bangun-{k + 1}"), 2025, 3) for k in range(4)]
    units += [_build(new(k, f"lama-{k + 1}"), 2023, 2) for k in range(2)]
    units += [_review(_build(new(k, f"tpi-{k + 1}"), 2024), 2026) for k in range(2)]
    for k, (total, name) in enumerate([(78.2, "usul-1"), (86.4, "usul-2")]):
        units.append(_propose(_review(_build(new(k, name), 2024), 2026), 2026, total))
    units.append(_tpn(_propose(_review(_build(new(1, "tpn-1"), 2024), 2026), 2026, 81.0), 2026))
    for k, (year, total, name) in enumerate(
        [(2023, 79.4, "wbk-1"), (2024, 83.1, "wbk-2"), (2025, 88.7, "wbk-3"), (2025, 76.9, "wbk-4")]
    ):
        lc = _build(new(k, name), year - 2)
        units.append(_designate(_tpn(_propose(_review(lc, year), year, total), year), year, total))
    revoked = _build(new(2, "cabut-1"), 2020 + 1)
    _designate(_tpn(_propose(_review(revoked, 2022), 2022, 77.0), 2022), 2022, 76.2)
    tpi = Actor("tpi-kalsel", "tpi", revoked.agency_id)
    revoke(revoked, at(2025, 9, 1), reason="TPI: kriteria tidak lagi", tpi=tpi)
    units.append(revoked)
    return Portfolio(units)


def write_portfolio(folder: Path) -> Path:
    """The portfolio as a folder of lifecycle documents (``*.json``), as the CLI reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    for lc in kalsel_portfolio():
        name = f"{lc.agency_id}--{lc.unit_id}.json"
        (folder / name).write_text(json.dumps(lc.to_dict(), ensure_ascii=False), encoding="utf-8")
    return folder
