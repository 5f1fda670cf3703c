"""Reviews in the store on SQLite and PostgreSQL: kept whole, verified on load, locked."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

import zi_engine
from tests.support.reviews import ANGGOTA, KETUA, PENGENDALI, UNIT_HEAD, minutes
from tests.support.store import AGENCY, AGENCY_HEAD, DINKES, PROPOSED_AT, example, in_review
from zi_engine import ReviewRefused
from zi_engine.store import (
    ReviewConflict,
    ReviewOpen,
    Store,
    StoreError,
    StoreNotFound,
)
from zi_engine.store import _schema as t

TPI = zi_engine.Actor("tpi.anggota", "tpi", AGENCY)
HEAD = zi_engine.Actor("kepala-unit", "unit_head", AGENCY)
QUESTIONS = ["mp.p.tim_kerja.a", "mp.p.tim_kerja.b", "mp.p.rencana.a"]


@pytest.fixture
def store(store_url: str) -> Store:
    opened = Store.initialize(store_url)
    opened.put_submission(example("dinkes-banjarbaru-wbk.yaml"), by="operator")
    yield opened
    opened.close()


def start(store: Store, questions: list[str] | None = QUESTIONS) -> None:
    store.start_review(AGENCY, DINKES, "tpi", at=minutes(0), questions=questions)


def test_a_review_is_kept_whole_and_restored_verified(store: Store) -> None:
    start(store)
    stored, record = store.act_on_review(
        AGENCY, DINKES, "tpi",
        lambda r: r.give_verdict(QUESTIONS[0], "perlu_revisi", actor=ANGGOTA, at=minutes(5),
                                 note="lengkapi SK tim"),
    )  # fmt: skip
    again = store.review(AGENCY, DINKES, "tpi")
    assert again.number == 1
    assert again.review.to_dict() == stored.review.to_dict()
    assert again.review.status[QUESTIONS[0]] == "perlu_revisi"
    assert record.seq == 1
    [row] = store.reviews(AGENCY, DINKES)
    assert (row.kind, row.number, row.year, row.round, row.open_questions, row.signed_off,
            row.revision) == ("tpi", 1, 2026, 1, 3, False, 1)  # fmt: skip


def test_a_tampered_stored_review_is_refused_on_load(store: Store) -> None:
    start(store)
    store.act_on_review(
        AGENCY, DINKES, "tpi",
        lambda r: r.give_verdict(QUESTIONS[0], "sesuai", actor=ANGGOTA, at=minutes(5)),
    )  # fmt: skip
    document = store.review(AGENCY, DINKES, "tpi").review.to_dict()
    document["history"][0]["actor"]["id"] = "someone-else"
    with store.writing() as conn:
        conn.execute(sa.update(t.reviews).values(document=document))
    with pytest.raises(StoreError, match=r"does not verify.*hash"):
        store.review(AGENCY, DINKES, "tpi")


def test_a_refused_action_stores_nothing(store: Store) -> None:
    start(store)
    before = store.review(AGENCY, DINKES, "tpi").review.to_dict()
    with pytest.raises(ReviewRefused, match="open"):
        store.act_on_review(
            AGENCY, DINKES, "tpi", lambda r: r.sign_off(actor=ANGGOTA, at=minutes(9))
        )
    assert store.review(AGENCY, DINKES, "tpi").review.to_dict() == before


def test_concurrent_reviewers_exactly_one_wins(store: Store, store_url: str) -> None:
    start(store)
    writers = 4
    servers = [Store(store_url) for _ in range(writers)]
    ready = threading.Barrier(writers)

    def write(i: int) -> str:
        server = servers[i]
        stored = server.review(AGENCY, DINKES, "tpi")
        stored.review.give_verdict(QUESTIONS[i % 3], "sesuai", actor=ANGGOTA, at=minutes(5))
        ready.wait(timeout=30)
        try:
            server.save_review(stored.review, number=stored.number, expected_revision=0)
        except ReviewConflict as exc:
            return str(exc)
        return "won"

    with ThreadPoolExecutor(writers) as pool:
        results = list(pool.map(write, range(writers)))
    for server in servers:
        server.close()
    assert results.count("won") == 1
    for lost in (r for r in results if r != "won"):
        assert DINKES in lost
        assert "revision 0" in lost
        assert "revision 1" in lost
    assert len(store.review(AGENCY, DINKES, "tpi").review.history) == 1


def test_a_stale_expected_revision_is_a_conflict(store: Store) -> None:
    start(store)
    with pytest.raises(ReviewConflict, match="read at revision 2"):
        store.act_on_review(
            AGENCY, DINKES, "tpi",
            lambda r: r.give_verdict(QUESTIONS[0], "sesuai", actor=ANGGOTA, at=minutes(5)),
            expected_revision=2,
        )  # fmt: skip


def test_one_open_review_of_a_kind_at_a_time(store: Store) -> None:
    start(store)
    with pytest.raises(ReviewOpen, match=r"no\. 1 is not signed off"):
        start(store)
    with pytest.raises(StoreNotFound, match="no tpn review"):
        store.review(AGENCY, DINKES, "tpn")
    with pytest.raises(StoreNotFound):
        store.start_review(AGENCY, "NO-SUCH-UNIT", "tpi", at=minutes(0))


def _sign_off_all(store: Store) -> None:
    for question in QUESTIONS:
        store.act_on_review(
            AGENCY, DINKES, "tpi",
            lambda r, q=question: r.give_verdict(q, "sesuai", actor=ANGGOTA, at=minutes(5)),
        )  # fmt: skip
    for i, tier in enumerate((ANGGOTA, KETUA, PENGENDALI)):
        store.act_on_review(
            AGENCY, DINKES, "tpi", lambda r, a=tier, n=i: r.sign_off(actor=a, at=minutes(10 + n))
        )


def test_the_last_sign_off_stores_the_reviewed_submission(store: Store) -> None:
    start(store)
    store.act_on_review(
        AGENCY, DINKES, "tpi",
        lambda r: r.give_verdict(QUESTIONS[0], "perlu_revisi", actor=ANGGOTA, at=minutes(1),
                                 note="lengkapi"),
    )  # fmt: skip
    store.act_on_review(
        AGENCY, DINKES, "tpi",
        lambda r: r.revise(QUESTIONS[0], "Tidak", actor=UNIT_HEAD, at=minutes(2)),
    )  # fmt: skip
    _sign_off_all(store)
    latest = store.submission(AGENCY, DINKES)
    assert latest.version == 2
    assert latest.changed_by == "review tpi: tpi.pengendali"
    answer = latest.submission.answers[QUESTIONS[0]]
    assert answer.unit is not None
    assert answer.unit.value == "Tidak"
    assert answer.tpi is not None
    assert answer.tpi.value == "Tidak"
    # the next review of the kind may start now
    start(store)
    assert store.review(AGENCY, DINKES, "tpi").number == 2
    assert [r.number for r in store.reviews(AGENCY, DINKES)] == [1, 2]
    assert store.review(AGENCY, DINKES, "tpi", 1).review.signed_off


def test_fire_reads_the_stored_review(store: Store) -> None:
    store.save_lifecycle(in_review(DINKES), expected_revision=None)
    with pytest.raises(zi_engine.TransitionRefused, match="review"):
        store.fire(AGENCY, DINKES, "propose", actor=AGENCY_HEAD, at=PROPOSED_AT, layer="tpi",
                   payload={"sptjm_signed": True})  # fmt: skip
    start(store, None)
    review = store.review(AGENCY, DINKES, "tpi").review
    with pytest.raises(zi_engine.TransitionRefused, match="not signed off"):
        store.fire(AGENCY, DINKES, "propose", actor=AGENCY_HEAD, at=PROPOSED_AT, layer="tpi",
                   payload={"sptjm_signed": True})  # fmt: skip
    for question in review.questions:
        review.give_verdict(question, "sesuai", actor=ANGGOTA, at=minutes(5))
    for i, tier in enumerate((ANGGOTA, KETUA, PENGENDALI)):
        review.sign_off(actor=tier, at=minutes(10 + i))
    store.save_review(review, number=1, expected_revision=0)
    # the reviewed answers (with the TPI's layer) are the version the proposal is scored on
    store.put_submission(review.submission, by="tpi.ketua")
    lc, record = store.fire(AGENCY, DINKES, "propose", actor=AGENCY_HEAD, at=PROPOSED_AT,
                            layer="tpi", payload={"sptjm_signed": True})  # fmt: skip
    assert lc.state == "proposed"
    assert record.trigger == "propose"


def test_fire_scores_the_version_the_review_covers_not_a_newer_one(store: Store) -> None:
    store.save_lifecycle(in_review(DINKES), expected_revision=None)
    start(store)
    _sign_off_all(store)  # the last sign-off stores the reviewed answers as version 2
    reviewed = store.review(AGENCY, DINKES, "tpi").review.submission.to_dict()
    # the unit changes an answer after the review: version 3, which nobody reviewed
    changed = {**reviewed, "answers": {**reviewed["answers"], QUESTIONS[0]: {"unit": "Tidak"}}}
    assert store.put_submission(zi_engine.Submission.from_dict(changed), by="operator").version == 3
    # naming the unreviewed version is refused: the review is of other answers
    with pytest.raises(zi_engine.TransitionRefused, match="other answers"):
        store.fire(AGENCY, DINKES, "propose", actor=AGENCY_HEAD, at=PROPOSED_AT, layer="tpi",
                   submission_version=3, payload={"sptjm_signed": True})  # fmt: skip
    # not naming one: the version the review covers, though a newer one exists
    lc, _ = store.fire(AGENCY, DINKES, "propose", actor=AGENCY_HEAD, at=PROPOSED_AT,
                       layer="tpi", payload={"sptjm_signed": True})  # fmt: skip
    assert lc.state == "proposed"
    assert store.proposal_version(AGENCY, DINKES, PROPOSED_AT.year) == 2


def test_a_review_of_an_earlier_round_decides_nothing_now(store: Store) -> None:
    store.save_lifecycle(in_review(DINKES), expected_revision=None)
    start(store)
    _sign_off_all(store)
    lc, _ = store.fire(AGENCY, DINKES, "tpi_reject", actor=TPI, at=minutes(30),
                       payload={"reason": "pembinaan"})  # fmt: skip
    assert lc.state == "building"
    store.fire(AGENCY, DINKES, "request_internal_review", actor=HEAD, at=minutes(60))
    # the signed-off review is of the round before: propose needs a new one
    with pytest.raises(zi_engine.TransitionRefused, match="review"):
        store.fire(AGENCY, DINKES, "propose", actor=AGENCY_HEAD, at=PROPOSED_AT, layer="tpi",
                   payload={"sptjm_signed": True})  # fmt: skip
