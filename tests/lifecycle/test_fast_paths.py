"""The lifecycle's fast paths agree with the straightforward ones they stand in for.

``fire()`` and ``from_dict`` write a record's canonical text through a
layout, from parts at hand (an actor's text kept per runtime, a restored
record's stored time); the reference is :meth:`AuditRecord.computed_hash`,
which hands the record's content to the general writer. On generated
histories both give the same hashes, the fast and the reference restore give
the same lifecycle, and any change to a saved document – with its hashes left
as they were or recomputed – is refused by both alike, with the same words.
"""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NoReturn

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support import REPO
from zi_engine import UNIT_LEVELS
from zi_engine import testing as zt
from zi_engine._canonical import canonical_hash, canonical_json
from zi_engine.lifecycle import (
    Actor,
    AuditRecord,
    Lifecycle,
    LifecycleStateError,
    TransitionRefused,
)
from zi_engine.lifecycle._audit import EvaluationSummary, actor_json, genesis_hash
from zi_engine.lifecycle._persist import Restored, parse_document
from zi_engine.lifecycle._replay import RestorePlan, check_record_rules
from zi_engine.lifecycle._shared import SharedValues

AGENCY = "A-1"
_TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=10)  # any plane
CORPUS = REPO / "tests" / "corpus" / "hostile" / "lifecycles"


@st.composite
def histories(draw: st.DrawFn) -> Lifecycle:
    """A lifecycle moved by generated events, mostly ones that can fire from where it is."""
    lc = Lifecycle.new(
        "U-1",
        AGENCY,
        level=draw(st.sampled_from(UNIT_LEVELS)),
        agency_type="central",
        created_at=zt.LIFECYCLE_START if draw(st.booleans()) else None,
    )
    for _ in range(draw(st.integers(1, 14))):
        here = lc.definition.triggers_from(lc.state) or None
        events = zt.lifecycle_events(
            agency_id=AGENCY, unit_id="U-1", min_size=1, max_size=1, triggers=here
        )
        [event] = draw(events)
        at = event.at_after(lc.entered_at or zt.LIFECYCLE_START)
        with contextlib.suppress(TransitionRefused):  # a refusal changes nothing; go on
            lc.fire(event.trigger, actor=event.actor, at=at, **event.payload_for(at))
    return lc


def _saved(lc: Lifecycle) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(json.dumps(lc.to_dict()))  # as an app stores it
    return doc


def _both(doc: object) -> tuple[object, object]:
    """What the fast and the reference restore make of ``doc``: a Restored, or the error text."""
    definition = Lifecycle.new("U-0", AGENCY).definition
    out: list[object] = []
    for reference in (False, True):
        try:
            out.append(parse_document(doc, definition, SharedValues(), reference=reference))
        except LifecycleStateError as exc:
            out.append(f"refused: {exc}")
    return out[0], out[1]


@given(histories())
def test_fired_records_are_hashed_as_the_reference_writer_hashes_them(lc: Lifecycle) -> None:
    for record in lc.history:
        assert record.hash == record.computed_hash()
    first = lc.history[0].prev_hash if lc.history else lc.head_hash
    assert first == canonical_hash(
        {
            "definition": lc.definition.name,
            "unit_id": lc.unit_id,
            "agency_id": lc.agency_id,
            "needs_preliminary_review": lc.needs_preliminary_review,
            "created_at": None if lc.created_at is None else lc.created_at.isoformat(),
        }
    )


@given(histories())
def test_the_fast_and_the_reference_restore_agree(lc: Lifecycle) -> None:
    doc = _saved(lc)
    fast, reference = _both(doc)
    assert isinstance(fast, Restored)
    assert fast == reference
    assert tuple(fast.history) == lc.history


_FIELDS = ("seq", "trigger", "source", "dest", "at", "reason", "prev_hash", "hash")
_JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), _TEXT,
    st.sampled_from(["building", "declare", "unit_head", "tpi", "2022-01-10T09:00:00+07:00",
                     "2022-01-10T02:00:00+00:00", "0" * 64]),
    st.just({}),
)  # fmt: skip


@st.composite
def tamperings(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A saved history changed in one place; sometimes every hash recomputed after the change."""
    lc = draw(histories().filter(lambda lc: lc.revision > 0))
    doc = _saved(lc)
    records = doc["history"]
    i = draw(st.integers(0, len(records) - 1))
    record = records[i]
    how = draw(st.sampled_from(["field", "actor", "details", "evaluation", "swap", "drop"]))
    if how == "field":
        record[draw(st.sampled_from(_FIELDS))] = draw(_JUNK)
    elif how == "actor":
        record["actor"][draw(st.sampled_from(["id", "role", "agency_id"]))] = draw(_JUNK)
    elif how == "details":
        record["details"][draw(st.sampled_from(["pakta_integritas_signed", "catatan", "x"]))] = (
            draw(_JUNK)
        )  # fmt: skip
    elif how == "evaluation":
        if record["evaluation"] is None:
            record["evaluation"] = {"rubric_id": "r", "rubric_version": "1", "rubric_hash": "h",
                                    "total": 80, "layer": None}  # fmt: skip
        else:
            key = draw(st.sampled_from(["total", "layer", "unit_id", "year", "rubric_id"]))
            record["evaluation"][key] = draw(_JUNK)
    elif how == "swap" and len(records) > 1:
        j = (i + 1) % len(records)
        records[i], records[j] = records[j], records[i]
    else:
        del records[i]
    if draw(st.booleans()):  # a forger who recomputes every hash after the change
        prev = genesis_hash(doc["definition"], doc["unit_id"], doc["agency_id"],
                            doc["needs_preliminary_review"], None)  # fmt: skip
        if doc["created_at"] is not None:
            prev = lc.history[0].prev_hash
        for record in records:
            if isinstance(record, dict):
                record["prev_hash"] = prev
                content = {k: v for k, v in record.items() if k != "hash"}
                try:
                    record["hash"] = prev = canonical_hash(content)
                except (TypeError, ValueError):
                    break
        doc["head"] = prev
        doc["revision"] = len(records)
    return doc, how


@given(tamperings())
def test_a_tampered_history_is_judged_alike_by_both_restores(
    case: tuple[dict[str, Any], str],
) -> None:
    doc, _ = case
    fast, reference = _both(doc)
    assert fast == reference


def _corpus() -> list[Path]:
    return sorted(CORPUS.glob("*/*.json"))


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.parent.name)
def test_every_tampering_in_the_corpus_is_refused_by_both_alike(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    fast, reference = _both(doc)
    assert isinstance(fast, str)
    assert fast.startswith("refused: ")
    assert fast == reference


@given(
    st.builds(Actor, _TEXT, _TEXT, st.none() | _TEXT)
    | st.builds(Actor, _TEXT, _TEXT, st.none(), st.lists(_TEXT, min_size=1, max_size=3))
)
def test_an_actors_text_is_the_general_writers(actor: Actor) -> None:
    assert actor_json(actor) == canonical_json(actor.to_dict())
    shared = SharedValues()
    assert shared.actor_text(actor) == shared.actor_text(actor) == actor_json(actor)


@given(_TEXT, _TEXT, _TEXT, st.booleans())
def test_a_genesis_hash_is_the_general_writers(
    definition: str, unit: str, agency: str, prelim: bool
) -> None:
    assert genesis_hash(definition, unit, agency, prelim, None) == canonical_hash(
        {"definition": definition, "unit_id": unit, "agency_id": agency,
         "needs_preliminary_review": prelim, "created_at": None}
    )  # fmt: skip


def test_an_actor_text_is_kept_by_identity_not_by_an_equal_id() -> None:
    shared = SharedValues()
    a = Actor("kepala", "unit_head", "A-1")
    assert shared.actor_text(a) == actor_json(a)
    b = Actor("kepala", "unit_head", "A-2")  # another object: its own text, not a's
    assert shared.actor_text(b) == actor_json(b) != actor_json(a)


_DEFINITION = Lifecycle.new("U-0", AGENCY).definition
_NAMES = sorted({*_DEFINITION.states, *_DEFINITION.triggers, *_DEFINITION.roles, "auditor", "x"})
_DETAIL_KEYS = sorted(
    {name for spec in _DEFINITION.triggers.values() for name in spec.payload} | {"catatan"}
)


_GOOD: dict[str, bool | str | int] = {
    "flag": True,
    "text": "Temuan",
    "date": "2023-05-02",
    "count": 30,
}
_BAD = st.sampled_from([False, 1, -1, "2023-5-2", " x ", "", None])


@st.composite
def _records(draw: st.DrawFn) -> AuditRecord:
    """Records of the definition's triggers: mostly as fire() writes them, each part
    sometimes wrong (another state, role, a missing or extra or mistyped field)."""

    def mostly(good: object, bad: st.SearchStrategy[Any]) -> Any:
        return good if draw(st.integers(0, 5)) else draw(bad)

    trigger = draw(st.sampled_from(sorted(_DEFINITION.triggers)))
    spec = _DEFINITION.triggers[trigger]
    source = mostly(draw(st.sampled_from(_DEFINITION.sources(trigger))), st.sampled_from(_NAMES))
    good_dest = source if spec.to == "=" else spec.to
    dest = mostly(good_dest, st.sampled_from(_NAMES))
    role = mostly(draw(st.sampled_from(spec.roles)), st.sampled_from(_NAMES))
    fields = spec.payload
    details: dict[str, Any] = {}
    for name, field in fields.items():
        if name == "reason" or field.type in ("evaluation", "review"):
            continue
        if draw(st.integers(0, 5)) or not field.required:
            details[name] = mostly(_GOOD[field.type], _BAD)
    if not draw(st.integers(0, 9)):
        details[draw(st.sampled_from(_DETAIL_KEYS))] = draw(_BAD | st.just(True))
    details = {k: v for k, v in details.items() if v is not None}
    takes_reason, takes_evaluation = (
        "reason" in fields,
        any(f.type == "evaluation" for f in fields.values()),
    )
    reason = "pembinaan" if mostly(takes_reason, st.booleans()) else None
    evaluation = EvaluationSummary("r", "1", "h", 80.0, "tpi")
    return AuditRecord.create(
        seq=1, trigger=trigger, source=source, dest=dest, actor=Actor("a", role, AGENCY),
        at=datetime(2026, 12, 1, tzinfo=timezone.utc) + timedelta(days=draw(st.integers(-2, 1))),
        reason=reason, evaluation=evaluation if mostly(takes_evaluation, st.booleans()) else None,
        details=details, prev_hash="0" * 64,
    )  # fmt: skip


def _reference_accepts(record: AuditRecord) -> bool:
    d = _DEFINITION
    if record.source not in d.sources(record.trigger):
        return False
    if record.dest != d.dest(record.trigger, record.source):
        return False

    def fail(path: str, message: str) -> NoReturn:
        raise LifecycleStateError(message)

    try:
        check_record_rules(record, d.triggers[record.trigger], d, "", fail)
    except LifecycleStateError:
        return False
    return True


@settings(max_examples=max(200, settings().max_examples))  # cheap: a few ms each
@given(_records())
def test_the_restore_plan_accepts_exactly_what_the_full_checks_accept(record: AuditRecord) -> None:
    move = RestorePlan(_DEFINITION).accepted(record)
    assert (move is not None) == _reference_accepts(record)
    if move is not None:
        assert move.spec is _DEFINITION.triggers[record.trigger]
        assert move.dest == record.dest


def test_the_restore_plan_keeps_each_requirement_from_its_date() -> None:
    """Every required detail, missing from an otherwise right record, before and on the
    day it became required (``required_from``) and always when it has no such day."""
    checked = 0
    for trigger, spec in _DEFINITION.triggers.items():
        takes = {
            n: f for n, f in spec.payload.items()
            if n != "reason" and f.type not in ("evaluation", "review")
        }  # fmt: skip
        for missing, field in takes.items():
            if not field.required:
                continue
            since = field.required_from or date(2026, 12, 1)
            for day in (since - timedelta(days=1), since):
                record = AuditRecord.create(
                    seq=1, trigger=trigger, source=_DEFINITION.sources(trigger)[0],
                    dest=_DEFINITION.dest(trigger, _DEFINITION.sources(trigger)[0]),
                    actor=Actor("a", spec.roles[0], AGENCY),
                    at=datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc),
                    reason="pembinaan" if "reason" in spec.payload else None,
                    evaluation=EvaluationSummary("r", "1", "h", 80.0, "tpi")
                    if any(f.type == "evaluation" for f in spec.payload.values()) else None,
                    details={n: _GOOD[f.type] for n, f in takes.items() if n != missing},
                    prev_hash="0" * 64,
                )  # fmt: skip
                accepted = RestorePlan(_DEFINITION).accepted(record) is not None
                assert accepted == _reference_accepts(record), (trigger, missing, day)
                checked += 1
    assert checked > 10
