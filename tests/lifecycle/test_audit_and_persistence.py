"""The hash-chained audit trail, and saving and restoring lifecycles."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.lifecycle import (
    AGENCY,
    AGENCY_HEAD,
    TPI,
    UNIT_HEAD,
    S,
    at,
    building,
    designated,
    evaluation,
    internal_review,
    new,
    proposed,
    review,
    revoke,
    snapshot,
)
from zi_engine.lifecycle import Actor, Lifecycle, LifecycleStateError, TransitionRefused
from zi_engine.lifecycle._audit import canonical_hash

Doc = dict[str, Any]


def saved(lc: Lifecycle) -> Doc:
    """What an app stores: the document through a real JSON round trip."""
    doc: Doc = json.loads(json.dumps(lc.to_dict()))
    return doc


def test_a_record_cannot_be_changed_and_a_changed_copy_no_longer_matches_its_hash() -> None:
    record = designated().history[4]
    with pytest.raises(AttributeError):
        record.trigger = "designate"  # type: ignore[misc]
    assert record.computed_hash() == record.hash
    forged = record._replace(reason="tidak ada")
    assert forged.hash == record.hash
    assert forged.computed_hash() != record.hash
    assert forged != record
    assert record._replace() == record


def test_every_record_has_who_what_when_and_the_evidence() -> None:
    lc = designated()
    propose = lc.history[4]
    assert (propose.seq, propose.trigger, propose.source, propose.dest) == (
        5, "propose", "internal_review", "proposed",
    )  # fmt: skip
    assert propose.actor == AGENCY_HEAD
    assert propose.at == S.propose
    assert propose.evaluation is not None
    assert propose.evaluation.to_dict() == {
        "rubric_id": "permenpan-rb-90-2021",
        "rubric_version": "2021.1",
        "rubric_hash": "c0ffee" * 10 + "abcd",
        "total": 82.5,
        "layer": "tpi",
        # whose answers: a stored proposal can be traced to the exact submission
        "unit_id": "dinkes",
        "agency_id": AGENCY,
        "year": 2023,
        "submission_hash": "sha256:" + "5ab" * 21 + "5",
    }
    assert lc.history[-1].evaluation is None  # designate uses no evaluation


def test_records_are_chained_by_hash_from_the_units_genesis() -> None:
    lc = designated()
    records = lc.history
    assert records[0].prev_hash == new().head_hash
    for before, after in itertools.pairwise(records):
        assert after.prev_hash == before.hash
    for record in records:
        content = record.to_dict()
        stored = content.pop("hash")
        assert stored == canonical_hash(content) == record.computed_hash()
    assert lc.head_hash == records[-1].hash


def test_the_genesis_binds_the_chain_to_the_unit() -> None:
    assert new("dinkes").head_hash != new("rsud").head_hash
    doc = saved(designated("dinkes"))
    doc["unit_id"] = "rsud"  # pasting one unit's history onto another
    with pytest.raises(LifecycleStateError, match=r"history\[0\]\.prev_hash"):
        Lifecycle.from_dict(doc)


def test_round_trip_restores_exactly_and_continues_identically() -> None:
    original = internal_review()
    restored = Lifecycle.from_dict(saved(original))
    assert restored.to_dict() == original.to_dict()
    assert (restored.state, restored.target, restored.predicate) == ("internal_review", "WBK", None)
    assert restored.history == original.history
    assert restored.building_since == original.building_since
    for lc in (original, restored):
        lc.fire("propose", actor=AGENCY_HEAD, at=S.propose, evaluation=evaluation(),
                sptjm_signed=True, review=review())  # fmt: skip
    assert restored.to_dict() == original.to_dict()
    assert restored.head_hash == original.head_hash


def test_restoring_fires_no_listeners_and_keeps_the_revision() -> None:
    from zi_engine.engine._engine import Engine
    from zi_engine.hookspecs import hookimpl

    class Count:
        calls = 0

        @hookimpl
        def zi_transition_done(self) -> None:
            Count.calls += 1

    doc = saved(designated())
    lc = Lifecycle.from_dict(doc, engine=Engine(plugins=[Count()]))
    assert (Count.calls, lc.revision, doc["revision"]) == (0, 15, 15)


def test_revision_supports_optimistic_locking() -> None:
    lc = internal_review()
    store = {"doc": saved(lc)}

    def save(lc: Lifecycle, expected_revision: int) -> bool:
        if store["doc"]["revision"] != expected_revision:
            return False  # someone else saved first
        store["doc"] = saved(lc)
        return True

    first = Lifecycle.from_dict(store["doc"])
    second = Lifecycle.from_dict(store["doc"])
    first.fire("tpi_reject", actor=TPI, at=S.propose, reason="pembinaan", review=review())
    second.fire("propose", actor=AGENCY_HEAD, at=S.propose, evaluation=evaluation(),
                sptjm_signed=True, review=review())  # fmt: skip
    assert save(first, expected_revision=4)
    assert not save(second, expected_revision=4)


def _drop_last(doc: Doc) -> None:
    doc["history"].pop()


def _drop_last_and_fix_revision(doc: Doc) -> None:
    doc["history"].pop()
    doc["revision"] -= 1


def _drop_middle(doc: Doc) -> None:
    del doc["history"][3]


def _drop_middle_and_renumber(doc: Doc) -> None:
    del doc["history"][3]
    for seq, record in enumerate(doc["history"], start=1):
        record["seq"] = seq


def _swap(doc: Doc) -> None:
    h = doc["history"]
    h[2], h[3] = h[3], h[2]


def _edit_reason(doc: Doc) -> None:
    doc["history"][2]["reason"] = "a softer reason"


def _edit_total(doc: Doc) -> None:
    doc["history"][4]["evaluation"]["total"] = 95.0


def _edit_actor(doc: Doc) -> None:
    doc["history"][14]["actor"]["id"] = "someone-else"


def _edit_time(doc: Doc) -> None:
    doc["history"][14]["at"] = "2023-12-02T09:00:00+07:00"


def _edit_predicate(doc: Doc) -> None:
    doc["predicate"] = "WBBM"


def _edit_state(doc: Doc) -> None:
    doc["state"] = "building"


def _edit_clock(doc: Doc) -> None:
    doc["building_since"] = "2020-01-01T00:00:00+07:00"


def _add_field(doc: Doc) -> None:
    doc["history"][0]["note"] = "x"


def _seq_as_true(doc: Doc) -> None:
    doc["history"][0]["seq"] = True  # == 1 in Python, but not the number JSON had


def _revision_as_float(doc: Doc) -> None:
    doc["revision"] = float(doc["revision"])


def _lone_surrogate_in_reason(doc: Doc) -> None:
    doc["history"][2]["reason"] = "pembinaan \ud800"  # json.loads makes these from "\\ud800"


def _lone_surrogate_in_actor(doc: Doc) -> None:
    doc["history"][14]["actor"]["role"] = "\udfff"


def _lone_surrogate_in_unit(doc: Doc) -> None:
    doc["unit_id"] = "dinkes\ud800"


def _nan_in_details(doc: Doc) -> None:
    doc["history"][0]["details"]["pakta_integritas_signed"] = float("nan")


@pytest.mark.parametrize(
    ("tamper", "where"),
    [
        (_drop_last, "revision"),
        (_drop_last_and_fix_revision, "head"),
        (_drop_middle, r"history\[3\]\.seq: is 5; record 4 was expected here"),
        (_drop_middle_and_renumber, r"history\[3\]\.prev_hash"),
        (_swap, r"history\[2\]\.seq"),
        (_edit_reason, r"history\[2\]\.hash"),
        (_edit_total, r"history\[4\]\.hash"),
        (_edit_actor, r"history\[14\]\.hash"),
        (_edit_time, r"history\[14\]\.hash"),
        (_edit_predicate, "predicate"),
        (_edit_state, "state"),
        (_edit_clock, "building_since"),
        (_add_field, r"history\[0\]: fields do not match the lifecycle format: unexpected note"),
        (_seq_as_true, r"history\[0\]\.seq: is True; record 1 was expected here"),
        (_revision_as_float, r"revision: is 15\.0"),
        (_lone_surrogate_in_reason, r"history\[2\]\.reason: contains '\\ud800' at position 10"),
        (_lone_surrogate_in_actor, r"history\[14\]\.actor\.role: contains '\\udfff'"),
        (_lone_surrogate_in_unit, r"unit_id: contains '\\ud800' .* not valid Unicode"),
        (_nan_in_details, r"history\[0\]\.details\.pakta_integritas_signed: expected a finite"),
    ],
)
def test_tampering_and_truncation_are_detected_on_load(
    tamper: Callable[[Doc], None], where: str
) -> None:
    doc = saved(designated())
    tamper(doc)
    with pytest.raises(LifecycleStateError, match=where):
        Lifecycle.from_dict(doc)


def test_a_recomputed_chain_must_still_follow_the_definition() -> None:
    """Records rewritten with fresh hashes are caught by the replay against the definition."""
    lc = internal_review()
    doc = saved(lc)
    record = doc["history"][2]
    record["trigger"], record["dest"] = "propose", "proposed"  # building → proposed: no such edge
    del record["hash"]
    record["hash"] = canonical_hash(record)
    doc["head"] = record["hash"]
    doc["state"] = "proposed"
    with pytest.raises(LifecycleStateError, match=r"history\[2\]\.dest: 'propose' does not lead"):
        Lifecycle.from_dict(doc)


def test_documents_that_are_not_lifecycles_get_clear_errors() -> None:
    with pytest.raises(LifecycleStateError, match="expected a lifecycle document"):
        Lifecycle.from_dict([])  # type: ignore[arg-type]
    with pytest.raises(LifecycleStateError, match="names no lifecycle definition"):
        Lifecycle.from_dict({"unit_id": "x"})
    for version in (3, True, "2"):  # True == 1 in Python, but not the number JSON had
        doc = saved(new())
        doc["format_version"] = version
        with pytest.raises(
            LifecycleStateError, match=r"format: not a zi-engine\.lifecycle document of version"
        ):
            Lifecycle.from_dict(doc)
    doc = saved(new())
    del doc["created_at"]
    with pytest.raises(LifecycleStateError, match="missing created_at"):
        Lifecycle.from_dict(doc)


def test_a_slightly_unusual_but_intact_document_still_loads() -> None:
    """An app whose JSON layer turns 82.0 into 82 keeps a valid chain (slow path)."""
    lc = internal_review()
    lc.fire("propose", actor=AGENCY_HEAD, at=S.propose, evaluation=evaluation(total=82.0),
            sptjm_signed=True, review=review())  # fmt: skip
    doc = saved(lc)
    doc["history"][4]["evaluation"]["total"] = 82
    restored = Lifecycle.from_dict(doc)
    assert restored.to_dict() == lc.to_dict()


def test_restored_documents_do_not_share_mutable_data_with_the_input() -> None:
    lc = internal_review()
    lc.fire(
        "propose",
        actor=AGENCY_HEAD,
        at=S.propose,
        evaluation=evaluation(),
        sptjm_signed=True,
        review=review(),
    )
    doc = saved(lc)
    pristine = copy.deepcopy(doc)
    restored = Lifecycle.from_dict(doc)
    doc["history"][3]["details"]["sptjm_signed"] = False
    assert restored.to_dict() == pristine


def test_created_at_is_kept_and_guards_time_order() -> None:
    lc = Lifecycle.new("dinkes", AGENCY, created_at=at(2021, 6, 1))
    assert lc.entered_at == at(2021, 6, 1)
    assert lc.check(
        "declare",
        actor=UNIT_HEAD,
        at=at(2021, 5, 1),
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    assert Lifecycle.from_dict(saved(lc)).created_at == at(2021, 6, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        Lifecycle.new("x", AGENCY, created_at=at(2021, 6, 1).replace(tzinfo=None))


def test_new_refuses_empty_ids() -> None:
    with pytest.raises(ValueError, match="unit_id must be a non-empty string"):
        Lifecycle.new("", AGENCY)
    with pytest.raises(TypeError, match=r"use Lifecycle\.new"):
        Lifecycle()
    with pytest.raises(ValueError, match=r"agency_id contains '\\ud800' at position 1"):
        Lifecycle.new("dinkes", "a\ud800")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ((7, "tpi"), "Actor.id must be a non-empty string, got 7"),
        (("x", ""), "Actor.role must be a non-empty string, got ''"),
        (("x", "tpi", ""), "Actor.agency_id must be a non-empty string"),
        (("x\udc80", "tpi"), r"Actor.id contains '\\udc80' at position 1, which is not valid"),
    ],
)
def test_actors_are_checked_so_every_saved_history_loads_again(
    fields: tuple[Any, ...], message: str
) -> None:
    # an actor of id 7 used to be recorded as a number, and the saved document then failed
    # to load ("expected non-empty text"); now the actor itself is refused
    with pytest.raises(ValueError, match=message):
        Actor(*fields)


def test_text_that_cannot_be_stored_is_a_refusal_not_a_crash() -> None:
    lc = internal_review()
    before = snapshot(lc)
    with pytest.raises(TransitionRefused) as info:
        lc.fire("tpi_reject", actor=TPI, at=S.propose, reason="pembinaan \ud800", review=review())
    assert info.value.reasons == (
        "reason= contains '\\ud800' at position 10, which is not valid Unicode",
    )
    assert snapshot(lc) == before


def test_a_revoked_and_resumed_unit_round_trips() -> None:
    lc = designated()
    revoke(lc, at(2024, 1, 1), "maladministrasi")
    lc.fire("resume", actor=UNIT_HEAD, at=at(2026, 1, 1))
    restored = Lifecycle.from_dict(saved(lc))
    assert (restored.state, restored.revoked_at, restored.predicate) == (
        "building", at(2024, 1, 1), None,
    )  # fmt: skip
    assert restored.to_dict() == lc.to_dict()


def test_restored_records_share_equal_actors_and_flag_details_per_engine() -> None:
    """Many units name the same actors and flags: restored, they are one object each per
    engine (less memory, less for the garbage collector), never shared across engines."""
    from zi_engine.engine._engine import Engine

    a, b = Lifecycle.from_dict(saved(proposed("a"))), Lifecycle.from_dict(saved(proposed("b")))
    assert a.history[0].actor is b.history[0].actor is a.history[2].actor
    assert a.history[4].details is b.history[4].details  # the propose record's flag
    assert dict(a.history[4].details) == {"sptjm_signed": True}
    # counts are kept per record, exactly as stored (see the next test)
    assert a.history[0].details == b.history[0].details
    other = Lifecycle.from_dict(saved(building("c")), engine=Engine())
    assert other.history[0].actor == a.history[0].actor
    assert other.history[0].actor is not a.history[0].actor


def test_shared_details_keep_numbers_exactly_as_stored() -> None:
    """Only flags, text and nulls are shared: 1 and 1.0 are written differently in a
    version-1 record's text, and each record keeps exactly what it stored."""
    from zi_engine.lifecycle._shared import SharedValues

    shared = SharedValues()
    flags = shared.details({"pakta_integritas_signed": True, "on": "2024-01-02"})
    assert flags is shared.details({"pakta_integritas_signed": True, "on": "2024-01-02"})
    assert shared.details({"x": "True"}) is not shared.details({"x": True})
    one, negative_zero = shared.details({"x": 1}), shared.details({"x": -0.0})
    assert type(one["x"]) is int
    assert str(negative_zero["x"]) == "-0.0"
    assert shared.details({"x": 1}) is not one
    with pytest.raises(TypeError):
        flags["on"] = "2025-01-01"  # type: ignore[index]
