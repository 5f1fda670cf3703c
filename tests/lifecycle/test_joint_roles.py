"""Joint roles: an actor held for a set of agencies acts on lifecycles of those, and no other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.lifecycle import at
from zi_engine import Actor, Lifecycle, TransitionRefused

DEFINITION = """\
name: joint-test
title: Uji peran gabungan
version: "1"
source: {regulation: uji}
initial: a
predicates: [WBK]
roles:
  tim: {label: Tim gabungan, joint: true}
  kepala: {label: Kepala unit}
states:
  a: {label: A}
  b: {label: B}
triggers:
  maju: {from: a, to: b, roles: [tim, kepala]}
  mundur: {from: b, to: a, roles: [tim, kepala]}
"""


@pytest.fixture
def definition(tmp_path: Path) -> Path:
    path = tmp_path / "joint.yaml"
    path.write_text(DEFINITION, encoding="utf-8")
    return path


JOINT = Actor("tpi-gabungan", "tim", agency_ids=("KEMENKEU", "KEMENHUB"))


def test_a_joint_actor_acts_on_each_of_its_agencies(definition: Path) -> None:
    for agency in ("KEMENHUB", "KEMENKEU"):
        lc = Lifecycle.new("unit", agency, definition=definition)
        lc.fire("maju", actor=JOINT, at=at(2026, 1, 5))
        assert lc.state == "b"


def test_a_joint_actor_is_refused_outside_its_agencies(definition: Path) -> None:
    lc = Lifecycle.new("unit", "KEMENKES", definition=definition)
    with pytest.raises(TransitionRefused, match="acts for agencies KEMENHUB, KEMENKEU, not for"):
        lc.fire("maju", actor=JOINT, at=at(2026, 1, 5))
    assert lc.state == "a"
    assert lc.history == ()


def test_joint_and_plain_roles_do_not_mix(definition: Path) -> None:
    lc = Lifecycle.new("unit", "KEMENHUB", definition=definition)
    with pytest.raises(TransitionRefused, match="joint role 'tim' without agency_ids"):
        lc.fire("maju", actor=Actor("x", "tim", "KEMENHUB"), at=at(2026, 1, 5))
    with pytest.raises(TransitionRefused, match="'kepala' is not a joint role"):
        lc.fire("maju", actor=Actor("y", "kepala", agency_ids=("KEMENHUB",)), at=at(2026, 1, 5))
    lc.fire("maju", actor=Actor("z", "kepala", "KEMENHUB"), at=at(2026, 1, 5))  # as before


def test_agency_ids_are_kept_sorted_once_and_are_checked() -> None:
    actor = Actor("t", "tim", agency_ids=("B", "A", "B"))
    assert actor.agency_ids == ("A", "B")
    assert actor.agencies == frozenset({"A", "B"})
    assert actor.to_dict() == {
        "id": "t",
        "role": "tim",
        "agency_id": None,
        "agency_ids": ["A", "B"],
    }
    assert Actor("u", "kepala", "A").to_dict() == {"id": "u", "role": "kepala", "agency_id": "A"}
    with pytest.raises(ValueError, match="not both"):
        Actor("t", "tim", "A", ("B",))
    with pytest.raises(TypeError, match="not one text"):
        Actor("t", "tim", agency_ids="AB")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="agency_ids"):
        Actor("t", "tim", agency_ids=("A", ""))


def test_a_joint_actor_s_record_is_saved_and_restored(definition: Path) -> None:
    lc = Lifecycle.new("unit", "KEMENHUB", definition=definition)
    lc.fire("maju", actor=JOINT, at=at(2026, 1, 5))
    lc.fire("mundur", actor=Actor("k", "kepala", "KEMENHUB"), at=at(2026, 1, 6))
    doc = lc.to_dict()
    assert doc["history"][0]["actor"]["agency_ids"] == ["KEMENHUB", "KEMENKEU"]
    assert "agency_ids" not in doc["history"][1]["actor"]
    back = Lifecycle.from_dict(doc, definition=lc.definition)
    assert back.history[0].actor == JOINT
    assert back.head_hash == lc.head_hash


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["KEMENKEU", "KEMENHUB"], "stored sorted"),
        ([], "non-empty list"),
        ("KEMENHUB", "non-empty list"),
        (["KEMENHUB", "KEMENKES", "KEMENKEU"], "hash"),  # an agency added after the fact
    ],
)
def test_a_tampered_agency_set_is_refused_on_load(
    definition: Path, ids: object, message: str
) -> None:
    from zi_engine import LifecycleStateError

    lc = Lifecycle.new("unit", "KEMENHUB", definition=definition)
    lc.fire("maju", actor=JOINT, at=at(2026, 1, 5))
    doc = lc.to_dict()
    doc["history"][0]["actor"]["agency_ids"] = ids
    with pytest.raises(LifecycleStateError, match=message):
        Lifecycle.from_dict(doc, definition=lc.definition)
