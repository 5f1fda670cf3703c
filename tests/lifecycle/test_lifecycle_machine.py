"""The lifecycle as a Hypothesis state machine: random actors, triggers, payloads and dates.

After every step: no path reaches WBBM without WBK; a revocation clears the predicate
and nothing re-proposes within two years of it, while building may resume at once; a
refused trigger changes nothing (and ``check`` gives the reasons ``fire`` refuses
with); the history's hash chain verifies, recomputed from each record's stored form;
and a copy restored from ``to_dict()`` (through JSON) continues exactly like the original.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.support import REPO
from tests.support.properties import examples
from zi_engine import (
    Actor,
    CriterionResult,
    Lifecycle,
    LifecycleDefinitionError,
    LifecycleStateError,
    PredicateResult,
    TransitionRefused,
)
from zi_engine import testing as zt
from zi_engine._canonical import canonical_json
from zi_engine.lifecycle._clearance import clearances_recorded

AGENCY = "A-1"
_PASSING = tuple(
    CriterionResult(cid, cid, group, kind, "pass", None, None, None, "", None, "met")
    for cid, group, kind in (("total", "score", "score_min"), ("bpk", "gate", "fact_equals"))
)
_ELIGIBLE = {p: PredicateResult(p, p, "eligible", _PASSING) for p in ("WBK", "WBBM")}
PREDICATE_STEPS = {(None, "WBK"), ("WBK", "WBBM")}  # how a predicate may be granted


def _canonical_hash(data: dict[str, Any]) -> str:
    """SHA-256 of RFC 8785 text (the writer is checked against the RFC in test_canonical)."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def _two_years_after(moment: datetime, years: int) -> datetime:
    """The same wall-clock moment ``years`` later in WIB (the definition's calendar); a
    29 February lock ends on 28 February."""
    local = moment.astimezone(timezone(timedelta(hours=7)))
    try:
        return local.replace(year=local.year + years)
    except ValueError:
        return local.replace(year=local.year + years, day=28)


def _next_event(lc: Lifecycle, ahead_share: int = 1) -> st.SearchStrategy[zt.LifecycleEvent]:
    """One event: often a trigger that can fire from the current state, and – with weight
    ``ahead_share`` against 1 – the one that leads furthest along (so runs get past the
    TPN, and revocations and the WBBM ladder happen). At the clearance the way ahead is the
    next clearance not yet recorded, then the panel."""
    given = clearances_recorded(lc)
    wanted = [n for n in lc.definition.parameters.clearances if n not in given]
    if lc.state == "clearance" and wanted:
        return _events_from(lc.state, ahead_share, wanted[0])
    return _events_from(lc.state, ahead_share)


@functools.cache
def _events_from(
    state: str, ahead_share: int, way: str | None = None
) -> st.SearchStrategy[zt.LifecycleEvent]:
    d = Lifecycle.new("U-0", AGENCY).definition
    here = d.triggers_from(state)
    if not here:
        return _first(zt.lifecycle_events(agency_id=AGENCY, min_size=1, max_size=1))
    states = list(d.states)

    def progress(trigger: str) -> int:
        to = d.triggers[trigger].to
        if to == "=":  # recorded without moving (monitoring): never the way ahead
            return -2
        return -1 if to == "revoked" else states.index(to)

    ahead = _first(
        zt.lifecycle_events(
            agency_id=AGENCY, min_size=1, max_size=1, triggers=(way or max(here, key=progress),)
        )
    )
    anywhere = _first(zt.lifecycle_events(agency_id=AGENCY, min_size=1, max_size=1, triggers=here))
    return st.integers(0, ahead_share).flatmap(lambda n: anywhere if n == 0 else ahead)


def _first(
    events: st.SearchStrategy[list[zt.LifecycleEvent]],
) -> st.SearchStrategy[zt.LifecycleEvent]:
    return events.map(lambda found: found[0])


class LifecycleMachine(RuleBasedStateMachine):
    """One unit's lifecycle, a twin restored from its saved document, and what we know."""

    lc: Lifecycle
    twin: Lifecycle

    @initialize(prelim=st.booleans(), created=st.booleans(), head_start=st.booleans())
    def start(self, prelim: bool, created: bool, head_start: bool) -> None:
        self.lc = Lifecycle.new(
            "U-1",
            AGENCY,
            level="bawah_provinsi" if prelim else "jpt_madya",
            agency_type="central",
            created_at=zt.LIFECYCLE_START if created else None,
        )
        if head_start:  # already designated Menuju WBK: the WBBM ladder is a few steps away
            _designate_wbk(self.lc)
        self.twin = Lifecycle.from_dict(self.lc.to_dict())
        self.lock_years = self.lc.definition.parameters.revocation_lock_years
        self.revoked_at: datetime | None = None
        self.fired: list[str] = []

    @rule(data=st.data())
    def fire(self, data: st.DataObject) -> None:
        lc = self.lc
        event = data.draw(_next_event(lc, ahead_share=4))
        at = event.at_after(lc.entered_at or zt.LIFECYCLE_START)
        payload = event.payload_for(at)
        note(f"{lc.state} --{event.trigger}--> by {event.actor} at {at.isoformat()} {payload}")
        before = lc.to_dict()
        predicate_before = lc.predicate
        expected = lc.check(event.trigger, actor=event.actor, at=at, **payload)
        outcome = self._fire(lc, event, at, payload)
        twin_outcome = self._fire(self.twin, event, at, payload)
        assert outcome == twin_outcome, "a restored copy did not continue identically"
        if isinstance(outcome, tuple):  # refused
            assert outcome == expected, "check() and fire() disagree on the reasons"
            # the lock after a revocation bars the proposal only, never building (hlm. 64)
            if event.trigger == "resume":
                assert not any("no proposal for" in r for r in outcome), outcome
            assert lc.to_dict() == before, "a refused trigger changed the lifecycle"
            return
        assert expected == (), f"check() gave reasons {expected} but fire() fired"
        self.fired.append(event.trigger)
        after = lc.predicate
        if after != predicate_before:
            assert (predicate_before, after) in PREDICATE_STEPS or after is None, (
                predicate_before,
                after,
            )
        if event.trigger == "revoke":
            assert lc.predicate is None
            assert lc.revoked_at == at
            self.revoked_at = at
        if event.trigger == "propose" and self.revoked_at is not None:
            due = _two_years_after(self.revoked_at, self.lock_years)
            assert at >= due, f"{event.trigger} at {at} within the lock until {due}"
        # restore from the saved document (through JSON, as an app stores it)
        self.twin = Lifecycle.from_dict(json.loads(json.dumps(lc.to_dict())))

    @staticmethod
    def _fire(
        lc: Lifecycle, event: zt.LifecycleEvent, at: datetime, payload: dict[str, Any]
    ) -> dict[str, Any] | tuple[str, ...]:
        try:
            return lc.fire(event.trigger, actor=event.actor, at=at, **payload).to_dict()
        except TransitionRefused as refused:
            return refused.reasons

    @invariant()
    def wbbm_only_with_wbk_before_it(self) -> None:
        if self.lc.predicate == "WBBM":
            designations = [r for r in self.lc.history if r.trigger == "designate"]
            assert len(designations) >= 2, "WBBM granted without a WBK designation before it"

    @invariant()
    def the_hash_chain_verifies(self) -> None:
        lc = self.lc
        prev = _canonical_hash(
            {
                "definition": lc.definition.name,
                "unit_id": lc.unit_id,
                "agency_id": lc.agency_id,
                "needs_preliminary_review": lc.needs_preliminary_review,
                "created_at": lc.created_at.isoformat() if lc.created_at else None,
            }
        )
        last_state, last_at = self.lc.definition.initial, None
        for seq, record in enumerate(lc.history, start=1):
            data = record.to_dict()
            stored = data.pop("hash")
            assert data["seq"] == seq
            assert data["prev_hash"] == prev
            assert stored == _canonical_hash(data)
            assert data["source"] == last_state
            assert last_at is None or record.at >= last_at
            prev, last_state, last_at = stored, record.dest, record.at
        assert lc.head_hash == prev
        assert lc.state == last_state
        assert lc.revision == len(lc.history)

    @invariant()
    def saving_and_restoring_changes_nothing(self) -> None:
        doc = self.lc.to_dict()
        assert Lifecycle.from_dict(json.loads(json.dumps(doc))).to_dict() == doc
        assert self.twin.to_dict() == doc


LifecycleMachine.TestCase.settings = settings(
    settings(),
    max_examples=examples(1.0),
    stateful_step_count=50,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_lifecycle_state_machine = LifecycleMachine.TestCase


def _review(kind: str, unit_id: str, year: int | None) -> zt.ReviewStub:
    """A signed-off ``kind`` review of the unit's answers (the evaluation stubs' submission)."""
    return zt.ReviewStub(kind, unit_id, AGENCY, True, (), "5e" * 32, year)


def _designate_wbk(lc: Lifecycle) -> None:
    """The shortest road to Menuju WBK, fired in order."""
    unit = Actor("kepala.unit", "unit_head", AGENCY)
    tpn = Actor("tpn.1", "tpn", None)
    stub = zt.EvaluationStub(
        "permenpan-rb-90-2021", "2021.1", "sha256:" + "0" * 64, 90.0, "tpn", _ELIGIBLE,
        lc.unit_id, AGENCY, None, "sha256:" + "1" * 64, dict.fromkeys(zt.SURVEYS, "tpn"),
    )  # fmt: skip
    good = dataclasses.replace(stub, year=zt.LIFECYCLE_START.year)
    t = zt.LIFECYCLE_START
    steps: list[tuple[str, Actor, dict[str, Any]]] = [
        ("declare", unit, {"pakta_integritas_signed": True, "staff_signed": 40, "staff_total": 42}),
        ("select_unit", Actor("pimpinan", "agency_head", AGENCY), {}),
        ("start_building", unit, {}),
    ]
    if lc.needs_preliminary_review:
        steps += [
            ("request_preliminary_review", unit, {}),
            (
                "preliminary_passed",
                Actor("induk", "preliminary_reviewer", AGENCY),
                {"evaluation": good, "review": _review("preliminary", lc.unit_id, good.year)},
            ),
        ]
    else:
        steps.append(("request_internal_review", unit, {}))
    for trigger, actor, payload in steps:
        t += timedelta(days=1)
        lc.fire(trigger, actor=actor, at=t, **payload)
    t = t.replace(year=t.year + 1, month=5, day=20)
    good = dataclasses.replace(stub, year=t.year)
    lc.fire(
        "propose",
        actor=Actor("pimpinan", "agency_head", AGENCY),
        at=t,
        evaluation=good,
        sptjm_signed=True,
        review=_review("tpi", lc.unit_id, t.year),
    )
    for trigger, payload in (
        ("admit", {"evaluation": good}),
        ("to_field", {}),
        ("to_clearance", {}),
        *((name, {}) for name in lc.definition.parameters.clearances),
        ("to_panel", {}),
        (
            "recommend",
            {
                "evaluation": good,
                "survey_respondents": 30,
                "mystery_shopping_done": True,
                "review": _review("tpn", lc.unit_id, t.year),
            },
        ),
    ):
        t += timedelta(days=7)
        lc.fire(trigger, actor=tpn, at=t, **payload)
    lc.fire(
        "designate", actor=Actor("menteri", "minister", None), at=t + timedelta(days=30),
        decree_number="KEP/1", decree_date=(t + timedelta(days=30)).date(),
    )  # fmt: skip
    assert lc.predicate == "WBK"


@st.composite
def _guided_run(draw: st.DrawFn, steps: int = 400) -> Lifecycle:
    """A lifecycle after up to ``steps`` events drawn for the state it is in, mostly the
    ones that lead furthest along."""
    lc = Lifecycle.new("U-1", AGENCY)
    for _ in range(steps):
        event = draw(_next_event(lc, ahead_share=6))
        at = event.at_after(lc.entered_at or zt.LIFECYCLE_START)
        try:
            lc.fire(event.trigger, actor=event.actor, at=at, **event.payload_for(at, _year(lc)))
        except TransitionRefused:
            continue
        if lc.predicate == "WBBM":
            break
    return lc


_UNDER_PROPOSAL = frozenset(
    {"proposed", "desk_evaluation", "field_evaluation", "clearance", "panel", "recommended"}
)


def _year(lc: Lifecycle) -> int | None:
    """The proposal's year (WIB) while a proposal is under way: the TPN's evaluation is of
    it, though its steps may run into the next year."""
    if lc.state not in _UNDER_PROPOSAL:
        return None
    proposed = [r for r in lc.history if r.trigger == "propose"]
    return proposed[-1].at.astimezone(zt.WIB).year if proposed else None


@pytest.mark.parametrize("predicate", ["WBK", "WBBM"])
def test_the_events_reach_every_predicate(predicate: str) -> None:
    """The events are not so random that the interesting paths never happen."""
    find(
        _guided_run(),
        lambda lc: (
            any(r.trigger == "designate" for r in lc.history)
            and (predicate == "WBK" or lc.predicate == "WBBM")
        ),
        settings=settings(
            max_examples=300,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )


_JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 5),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=12),
        st.sampled_from(["2022-01-03T09:00:00+07:00", "2022-01-03T09:00:00", "WBBM", "designated"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=2), st.dictionaries(st.text(max_size=6), inner, max_size=2)
    ),
    max_leaves=4,
)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _leaves(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _leaves(child, (*path, index))
    return out


@given(lc=_guided_run(steps=30), data=st.data())
@settings(max_examples=examples(1.0), suppress_health_check=list(HealthCheck))
def test_a_tampered_document_is_refused_or_restored_exactly(
    lc: Lifecycle, data: st.DataObject
) -> None:
    """Any one field of a saved lifecycle replaced by any JSON value: ``from_dict`` raises
    one of zi_engine's errors (``LifecycleStateError`` naming the field; a definition name
    that is not registered is a ``LifecycleDefinitionError``), or gives back exactly that
    document."""
    doc = json.loads(json.dumps(lc.to_dict()))
    path = data.draw(st.sampled_from(_leaves(doc)[1:]))
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(_JSON_VALUES)
    note(f"{path} = {parent[path[-1]]!r}")
    try:
        restored = Lifecycle.from_dict(doc)
    except (LifecycleStateError, LifecycleDefinitionError) as refused:
        problems = refused.problems
        assert problems
    else:
        assert restored.to_dict() == doc


def test_a_saved_document_cannot_name_a_definition_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``from_dict`` reads the definition a document names. A name is also tried as a
    path, so a stored document saying ``"definition": "longgar.yaml"`` makes it load that
    file from the working directory – here a copy of the bundled lifecycle without any
    guard – and the restored unit then follows those rules (propose without an
    evaluation). Documents come from storage; only registered definitions (or one passed
    explicitly as ``definition=``) should be trusted."""
    bundled = Path(Lifecycle.new("U-0", AGENCY).definition.name)
    text = (REPO / "lifecycles" / f"{bundled}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"name: {bundled}", "name: longgar.yaml")
    text = re.sub(r"\n    guards:\n(      - .*\n)+", "\n", text)
    text = re.sub(r"\n    guards: \[.*\]", "", text)
    (tmp_path / "longgar.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = Lifecycle.new("U-1", AGENCY).to_dict()
    doc["definition"] = "longgar.yaml"
    doc["head"] = _canonical_hash(
        {
            "definition": "longgar.yaml",
            "unit_id": "U-1",
            "agency_id": AGENCY,
            "needs_preliminary_review": False,
            "created_at": None,
        }
    )
    with pytest.raises((LifecycleStateError, LifecycleDefinitionError)):
        Lifecycle.from_dict(doc)
