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
    lc.fire(
        "declare",
        actor=head,
        at=at(2025, 1, 2),
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire("select_unit", actor=Actor("walikota", "agency_head", agency_id), at=at(2025, 1, 3))
    lc.fire("start_building", actor=head, at=at(2025, 1, 3))
    lc.fire("request_internal_review", actor=head, at=at(2026, 2, 3))
    return lc


def signed_off_review(submission: Submission) -> zi_engine.Review:
    """The TPI's review of ``submission``: every answer agreed, signed off by all three tiers
    (what ``propose`` needs beside the evaluation)."""
    from tests.support.reviews import ANGGOTA, KETUA, PENGENDALI, definition

    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    review = zi_engine.Review.start(
        definition(), "tpi", rubric=rubric, submission=submission, at=at(2026, 3, 2)
    )
    for question in review.questions:
        review.give_verdict(question, "sesuai", actor=ANGGOTA, at=at(2026, 3, 3))
    for tier, day in ((ANGGOTA, 4), (KETUA, 5), (PENGENDALI, 6)):
        review.sign_off(actor=tier, at=at(2026, 3, day))
    return review


def fill(store: object) -> None:
    """Both Banjarbaru units stored; DINKES proposed for WBK in 2026, RSUD in TPI review."""
    from zi_engine.store import Store

    assert isinstance(store, Store)
    dinkes = example("dinkes-banjarbaru-wbk.yaml")
    store.put_submission(dinkes, by="operator")
    store.put_submission(example("rsud-idaman-area-minimum.yaml"), by="operator")
    for unit in (DINKES, RSUD):
        store.save_lifecycle(in_review(unit), expected_revision=None)
    review = signed_off_review(dinkes)
    # the reviewed answers (with the TPI's layer) are the version the proposal is scored on
    store.put_submission(review.submission, by="tpi.ketua")
    store.fire(
        AGENCY, DINKES, "propose", actor=AGENCY_HEAD, at=PROPOSED_AT, layer="tpi",
        payload={"sptjm_signed": True, "review": review},
    )  # fmt: skip
