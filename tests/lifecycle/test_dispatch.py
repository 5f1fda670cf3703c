"""Firing reads the ``transitions`` machine's table: the same outcome as the machine's dispatch.

``Lifecycle.fire`` does not call ``Machine`` dispatch (see ``_machine``'s
docstring for why); these tests drive the machine and the table side by side
over every state and trigger, with every combination of target, predicate and
clocks the effects touch, and require identical results.
"""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest
from transitions import MachineError

from tests.support.lifecycle import at
from zi_engine.engine._engine import default_engine
from zi_engine.lifecycle import LifecycleDefinition, Runtime, load_lifecycle_definition


class Unit:
    """The attributes the machine's callbacks and the table touch; nothing else."""

    def __init__(self, state: str, target: str, predicate: str | None, clock: datetime | None):
        self._state, self._target, self._predicate = state, target, predicate
        self._building_since = self._proposed_at = self._revoked_at = clock

    def view(self) -> tuple[object, ...]:
        return (
            self._state, self._target, self._predicate, self._building_since,
            self._proposed_at, self._revoked_at,
        )  # fmt: skip


def _variant() -> LifecycleDefinition:
    """The bundled definition plus what it lacks: ``*`` sources and a bare ``set_target``."""
    data = load_lifecycle_definition("permenpan-rb-90-2021").model_dump(by_alias=True)
    data["name"] = "variant"
    data["triggers"]["retarget"] = {"from": ["building"], "to": "building", "roles": ["unit_head"],
                                    "set_target": "WBBM"}  # fmt: skip
    data["triggers"]["archive"] = {"from": "*", "to": "candidate", "roles": ["minister"],
                                   "effects": ["clear_predicate", "record_revocation"]}  # fmt: skip
    return LifecycleDefinition.model_validate(data)


@pytest.fixture(scope="module", params=["bundled", "variant"])
def runtime(request: pytest.FixtureRequest) -> Runtime:
    if request.param == "bundled":
        return default_engine().lifecycle_runtime("permenpan-rb-90-2021")
    return default_engine().lifecycle_runtime(_variant())


def test_the_table_lists_exactly_the_definitions_transitions(runtime: Runtime) -> None:
    d = runtime.definition
    assert runtime.moves == {
        trigger: dict.fromkeys(d.sources(trigger), spec.to) for trigger, spec in d.triggers.items()
    }
    assert len(runtime.moves["revoke"]) > 1  # one trigger, many sources


def test_the_table_moves_every_state_exactly_as_the_machine_does(runtime: Runtime) -> None:
    d = runtime.definition
    moment = at(2024, 2, 29)
    combos = itertools.product(
        d.states, d.triggers, d.predicates, (None, *d.predicates), (None, at(2022, 1, 10))
    )
    fired = refused = 0
    for state, trigger, target, predicate, clock in combos:
        by_machine = Unit(state, target, predicate, clock)
        by_table = Unit(state, target, predicate, clock)
        try:
            runtime.machine.events[trigger].trigger(by_machine, at=moment)
        except MachineError:
            assert state not in runtime.moves[trigger], (state, trigger)
            refused += 1
            continue
        assert state in runtime.moves[trigger], (state, trigger)
        runtime.move(by_table, trigger, d.triggers[trigger], moment)  # type: ignore[arg-type]
        assert by_table.view() == by_machine.view(), (state, trigger, target, predicate, clock)
        fired += 1
    # every trigger fired from some state, and most pairs were refused: both sides compared
    assert fired >= len(d.triggers) * 12
    assert refused > fired
