"""The shared ``transitions`` machine fires every transition; restoring replays the same moves.

``Lifecycle.fire`` dispatches through ``machine.events[trigger].trigger``: the
machine checks the source state, its one condition runs every check, ``before``
writes the record, the machine sets the state and ``after`` applies the effects. Restoring a saved
document does not run the machine (that would cost seconds for 100,000 units):
it replays the effects over the definition's table. These tests hold the two
equal over every state and trigger, with every combination of target,
predicate and clocks the effects touch; show that the machine's callbacks, not
a table beside it, do the work; and that ``check`` and ``allowed`` give the
answer ``fire`` does.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from transitions import EventData

from tests.support.lifecycle import (
    AGENCY,
    AGENCY_HEAD,
    MINISTER,
    PRELIM,
    TPI,
    TPN,
    UNIT_HEAD,
    WIB,
    at,
    designated,
    evaluation,
    internal_review,
    proposed,
    review,
)
from zi_engine._calendar import add_years
from zi_engine.engine._engine import Engine, default_engine
from zi_engine.hookspecs import hookimpl
from zi_engine.lifecycle import (
    Lifecycle,
    LifecycleDefinition,
    Runtime,
    TransitionRefused,
    load_lifecycle_definition,
)
from zi_engine.lifecycle._machine import apply_effects


def _variant(*, bare: bool = False) -> LifecycleDefinition:
    """The bundled definition plus what it lacks (``*`` sources, a bare ``set_target``);
    ``bare`` drops every guard and payload field, so only the moves are left to compare."""
    data = load_lifecycle_definition("permenpan-rb-90-2021").model_dump(by_alias=True)
    data["name"] = "variant-bare" if bare else "variant"
    data["triggers"]["retarget"] = {"from": ["building"], "to": "building", "roles": ["unit_head"],
                                    "set_target": "WBBM"}  # fmt: skip
    data["triggers"]["archive"] = {"from": "*", "to": "candidate", "roles": ["minister"],
                                   "effects": ["clear_predicate", "record_revocation"]}  # fmt: skip
    if bare:
        for trigger in data["triggers"].values():
            trigger["guards"], trigger["payload"] = [], {}
    return LifecycleDefinition.model_validate(data)


@pytest.fixture(scope="module", params=["bundled", "variant"])
def runtime(request: pytest.FixtureRequest) -> Runtime:
    if request.param == "bundled":
        return default_engine().lifecycle_runtime("permenpan-rb-90-2021")
    return default_engine().lifecycle_runtime(_variant())


def test_the_machine_holds_exactly_the_definitions_transitions(runtime: Runtime) -> None:
    d = runtime.definition
    machine = runtime.machine
    assert list(machine.events) == list(d.triggers)
    for trigger in d.triggers:
        found = machine.events[trigger].transitions
        assert {source: [t.dest for t in ts] for source, ts in found.items()} == {
            source: [d.dest(trigger, source)] for source in d.sources(trigger)
        }
        for transitions in found.values():
            (t,) = transitions
            # one condition running every check; after it, one callback: the record, the effects
            assert (len(t.prepare), len(t.conditions), len(t.before), len(t.after)) == (0, 1, 0, 1)
    assert len(machine.events["revoke"].transitions) > 1  # one trigger, many sources


class AllowAll:
    @hookimpl
    def zi_authorize(self) -> bool:
        return True


def _placed(engine: Engine, definition: LifecycleDefinition, view: tuple[Any, ...]) -> Lifecycle:
    """A lifecycle put straight into a state, target, predicate and clocks (test only)."""
    lc = Lifecycle.new("dinkes", AGENCY, engine=engine, definition=definition)
    names = ("_state", "_target", "_predicate", "_building_since", "_proposed_at", "_revoked_at")
    for name, value in zip(names, view, strict=True):
        object.__setattr__(lc, name, value)
    return lc


class Replayed:
    """What restoring a document computes: the definition's move and ``apply_effects``."""

    def __init__(self, view: tuple[Any, ...]) -> None:
        (
            self._state, self._target, self._predicate, self._building_since,
            self._proposed_at, self._revoked_at,
        ) = view  # fmt: skip

    def view(self) -> tuple[Any, ...]:
        return (
            self._state, self._target, self._predicate, self._building_since,
            self._proposed_at, self._revoked_at,
        )  # fmt: skip


def _view(lc: Lifecycle) -> tuple[Any, ...]:
    return (
        lc.state, lc.target, lc.predicate, lc.building_since, lc.proposed_at, lc.revoked_at,
    )  # fmt: skip


def test_the_machine_moves_every_state_as_restoring_replays_it() -> None:
    definition = _variant(bare=True)
    engine = Engine(plugins=[AllowAll()])
    moment = at(2024, 2, 29)
    combos = itertools.product(
        definition.states,
        definition.triggers,
        definition.predicates,
        (None, *definition.predicates),
        (None, at(2022, 1, 10)),
    )
    fired = refused = 0
    for state, trigger, target, predicate, clock in combos:
        view = (state, target, predicate, clock, clock, clock)
        lc = _placed(engine, definition, view)
        spec = definition.triggers[trigger]
        if state not in definition.sources(trigger):
            with pytest.raises(TransitionRefused) as info:
                lc.fire(trigger, actor=MINISTER, at=moment)
            assert info.value.reasons[0].startswith(f"{trigger!r} fires only from")
            assert _view(lc) == view
            refused += 1
            continue
        record = lc.fire(trigger, actor=MINISTER, at=moment)
        replayed = Replayed(view)
        apply_effects(replayed, spec, moment)
        replayed._state = definition.dest(trigger, state)
        assert _view(lc) == replayed.view(), (state, trigger, target, predicate, clock)
        assert (record.source, record.dest, lc.history) == (
            state, definition.dest(trigger, state), (record,),
        )  # fmt: skip
        fired += 1
    # every trigger fired from some state, and most pairs were refused: both sides compared
    assert fired >= len(definition.triggers) * 12
    assert refused > fired


def test_the_machines_callbacks_do_the_work() -> None:
    """A callback added to the machine runs when a lifecycle fires; a transition removed from
    the machine can no longer fire: the machine, not a copy of its table, decides."""
    engine = Engine()
    rt = engine.lifecycle_runtime(_variant())
    seen: list[tuple[str, str, int]] = []

    def spy(event: EventData) -> None:
        lc: Lifecycle = event.model  # type: ignore[assignment]
        seen.append((event.event.name, lc.state, lc.revision))

    rt.machine.events["declare"].add_callback("after", spy)
    lc = Lifecycle.new("dinkes", AGENCY, engine=engine, definition=rt.definition)
    lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=at(2024, 1, 8),
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    assert seen == [("declare", "declared", 1)]  # after the state change and the record
    rt.machine.remove_transition("start_building")
    (reason,) = lc.check("start_building", actor=UNIT_HEAD, at=at(2024, 1, 9))
    assert reason.startswith("'start_building' fires only from no state; the unit is 'declared'")
    with pytest.raises(TransitionRefused):
        lc.fire("start_building", actor=UNIT_HEAD, at=at(2024, 1, 9))
    assert lc.allowed(UNIT_HEAD, at=at(2024, 1, 9)) == ("update_pakta_integritas",)
    assert lc.state == "declared"


def test_a_refusal_lists_every_failed_check_though_the_machine_stops_at_the_first() -> None:
    lc = internal_review()
    with pytest.raises(TransitionRefused) as info:
        lc.fire(
            "propose",
            actor=UNIT_HEAD,
            at=at(2023, 6, 15),
            evaluation=evaluation("unit"),
            review=review(),
        )
    reasons = info.value.reasons
    assert len(reasons) == 4, reasons
    assert reasons[0].startswith("role 'unit_head' (not allowed) may not 'propose'")
    assert reasons[1].startswith("sptjm_signed= is required for 'propose'")
    assert reasons[2].startswith("the TPI evaluation does not meet Menuju WBK: it is scored on")
    assert "outside the 2023 proposal window" in reasons[3]


# -- check() and allowed() agree with fire() ---------------------------------------------------

_ACTORS = (UNIT_HEAD, AGENCY_HEAD, PRELIM, TPI, TPN, MINISTER)
_SCENARIOS = {"internal_review": internal_review, "proposed": proposed, "designated": designated}


_REVIEW_KINDS = {"recommend": "tpn", "preliminary_passed": "preliminary"}


def _good_payload(lc: Lifecycle, trigger: str, when: datetime) -> dict[str, Any]:
    """A well-formed payload that satisfies the payload's own guards."""
    fields = lc.definition.triggers[trigger].payload
    values: dict[str, Any] = {
        "reason": "pembinaan",
        "pakta_integritas_signed": True,
        "staff_signed": 40,
        "staff_total": 42,
        "stopped_by": "panel",
        "sptjm_signed": True,
        # the evaluation of the year at stake: the proposal's (made now, or before)
        "evaluation": evaluation(
            "tpn", year=(when if trigger == "propose" else lc.proposed_at or when).year
        ),
        "kkn_case_on": (lc.proposed_at or when).date(),
        "review": review(lc.unit_id, kind=_REVIEW_KINDS.get(trigger, "tpi")),
        "survey_respondents": 30,
        "mystery_shopping_done": True,
        "criteria_met": True,
        "confirmed": True,
        "maladministration_found": False,
        "letter_number": "B/12/2024",
        "decree_number": "KEP/1/2024",
        "decree_date": when.astimezone(WIB).date(),
        "valid_until": add_years(when.astimezone(WIB).date(), 3),  # 29 Feb: 28 Feb
        "received_on": when.date(),
        "survey_sample_basis": "sensus",
        "case_reference": "LP/B/12/2023",
    }
    # an optional field left out here is one a good payload does not need (the TPN's override
    # of a failed agency gate is refused when no agency gate fails)
    return {name: values[name] for name in fields if name in values}


@settings(max_examples=60, deadline=None)
@given(
    scenario=st.sampled_from(sorted(_SCENARIOS)),
    days=st.integers(0, 900),
    actor=st.sampled_from(_ACTORS),
    trigger=st.sampled_from(sorted(load_lifecycle_definition("permenpan-rb-90-2021").triggers)),
)
def test_check_and_allowed_give_the_answer_fire_gives(
    scenario: str, days: int, actor: Any, trigger: str
) -> None:
    lc = _SCENARIOS[scenario]()
    when = at(2023, 12, 2) + timedelta(days=days)
    payload = _good_payload(lc, trigger, when)
    allowed = lc.allowed(actor, at=when)
    expected = lc.check(trigger, actor=actor, at=when, **payload)
    if expected:
        with pytest.raises(TransitionRefused) as info:
            lc.fire(trigger, actor=actor, at=when, **payload)
        assert info.value.reasons == expected
    else:
        lc.fire(trigger, actor=actor, at=when, **payload)
    # with a payload that meets its guards, allowed() names exactly what fires
    assert (trigger in allowed) == (expected == ())


def test_allowed_is_what_fires_with_a_good_payload() -> None:
    for make in _SCENARIOS.values():
        for actor, days in itertools.product(_ACTORS, (0, 200, 800)):
            lc = make()
            when = at(2023, 12, 2) + timedelta(days=days)
            may = lc.allowed(actor, at=when)
            fires = tuple(
                t
                for t in lc.definition.triggers
                if not lc.check(t, actor=actor, at=when, **_good_payload(lc, t, when))
            )
            assert may == fires, (make.__name__, actor, days)
