"""A store with units at known points of their lifecycle, for the store and service tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import zi_engine
from zi_engine import Actor, Lifecycle, Submission

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WIB = timezone(timedelta(hours=7))
AGENCY = "PEMKOT-BJB"
DINKES = "DINKES-BJB"
RSUD = "RSUD-IDAMAN"
UNIT_HEAD = Actor("kepala-unit", "unit_head", AGENCY)
AGENCY_HEAD = Actor("walikota", "agency_head", AGENCY)
PROPOSED_AT = datetime(2026, 5, 3, 9, tzinfo=WIB)


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, tzinfo=WIB)


def example(name: str) -> Submission:
    return zi_engine.load_submission(EXAMPLES / name)


def in_review(unit_id: str, agency_id: str = AGENCY) -> Lifecycle:
    """A lifecycle built for over a year and waiting for its TPI evaluation (revision 3)."""
    lc = Lifecycle.new(unit_id, agency_id, created_at=at(2024, 12, 1))
    head = Actor("kepala-unit", "unit_head", agency_id)
    lc.fire("declare", actor=head, at=at(2025, 1, 2), pakta_integritas_signed=True)
    lc.fire("start_building", actor=head, at=at(2025, 1, 3))
    lc.fire("request_internal_review", actor=head, at=at(2026, 2, 3))
    return lc


def fill(store: object) -> None:
    """Both Banjarbaru units stored; DINKES proposed for WBK in 2026, RSUD in TPI review."""
    from zi_engine.store import Store

    assert isinstance(store, Store)
    store.put_submission(example("dinkes-banjarbaru-wbk.yaml"), by="operator")
    store.put_submission(example("rsud-idaman-area-minimum.yaml"), by="operator")
    for unit in (DINKES, RSUD):
        store.save_lifecycle(in_review(unit), expected_revision=None)
    store.fire(
        AGENCY, DINKES, "propose", actor=AGENCY_HEAD, at=PROPOSED_AT, layer="tpi",
        payload={"sptjm_signed": True},
    )  # fmt: skip
