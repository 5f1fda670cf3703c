"""Who may fire what, custom policies, and listeners that are told (and can fail)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.support.lifecycle import (
    AGENCY,
    AGENCY_HEAD,
    DECREE,
    MINISTER,
    TPN,
    TPN_SURVEY,
    UNIT_HEAD,
    S,
    at_panel,
    building,
    evaluation,
    internal_review,
    review,
    snapshot,
)
from zi_engine.engine._engine import Engine
from zi_engine.hookspecs import hookimpl
from zi_engine.lifecycle import (
    Actor,
    AuditRecord,
    Lifecycle,
    ListenerError,
    TransitionRefused,
)


def test_roles_come_from_the_definition() -> None:
    lc = building()
    with pytest.raises(TransitionRefused) as info:
        lc.fire("request_internal_review", actor=AGENCY_HEAD, at=S.review)
    # the refusal names the roles that may, with their labels from the definition
    assert info.value.reasons == (
        "role 'agency_head' (not allowed) may not 'request_internal_review'; "
        "allowed: unit_head (Kepala unit kerja)",
    )
    with pytest.raises(TransitionRefused) as info:
        lc.fire("request_internal_review", actor=Actor("x", "janitor", AGENCY), at=S.review)
    assert "role 'janitor' (an unknown role)" in info.value.reasons[0]


def test_agency_actors_cannot_act_on_another_agencys_units() -> None:
    lc = building()
    outsider = Actor("kepala-lain", "unit_head", "pemkab-banjar")
    before = snapshot(lc)
    with pytest.raises(TransitionRefused) as info:
        lc.fire("request_internal_review", actor=outsider, at=S.review)
    assert info.value.reasons == (
        "'kepala-lain' of agency 'pemkab-banjar' cannot act on a unit of agency 'pemprov-kalsel'",
    )
    assert snapshot(lc) == before
    no_agency = Actor("anon", "unit_head", None)
    assert lc.check("request_internal_review", actor=no_agency, at=S.review) == (
        "'anon' has no agency; only national roles act without one",
    )


def test_tpn_and_the_minister_act_nationally() -> None:
    lc = internal_review()
    lc.fire(
        "propose",
        actor=AGENCY_HEAD,
        at=S.propose,
        evaluation=evaluation(),
        sptjm_signed=True,
        review=review(),
    )
    # a TPN member with (or without) an agency of their own acts on every agency's units
    lc.fire("admit", actor=Actor("tpn-2", "tpn", "kemenpanrb"), at=S.admit,
            evaluation=evaluation())  # fmt: skip
    lc.fire("to_field", actor=TPN, at=S.field_)
    at_panel(lc)
    lc.fire("recommend", actor=TPN, at=S.recommend, evaluation=evaluation("tpn"), **TPN_SURVEY)
    lc.fire("designate", actor=MINISTER, at=S.designate, **DECREE)
    assert [r.actor.role for r in lc.history[-4:]] == ["tpn", "tpn", "tpn", "minister"]


class AllowAuditors:
    """A custom policy: auditors may do anything; nobody may act on Sundays; else defer."""

    @hookimpl
    def zi_authorize(
        self, lifecycle: Lifecycle, actor: Actor, trigger: str, at: datetime
    ) -> str | bool | None:
        if at.weekday() == 6:
            return "no transitions on Sunday"
        if actor.role == "auditor":
            return True
        return None


def test_a_custom_authorization_plugin_answers_before_the_builtin_policy() -> None:
    engine = Engine(plugins=[AllowAuditors()])
    lc = Lifecycle.new("dinkes", AGENCY, engine=engine)
    auditor = Actor("bpkp", "auditor", "elsewhere")
    lc.fire(
        "declare",
        actor=auditor,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    assert lc.history[-1].actor == auditor
    lc.fire("select_unit", actor=AGENCY_HEAD, at=S.declare)
    sunday = S.declare.replace(day=16)
    (reason,) = lc.check("start_building", actor=UNIT_HEAD, at=sunday)
    # a plugin's refusal names the plugin, so users can tell which policy decided
    assert reason.startswith("no transitions on Sunday (policy: AllowAuditors@")
    # deferring (None) leaves the decision to the built-in policy
    assert lc.check("start_building", actor=AGENCY_HEAD, at=S.declare) == (
        "role 'agency_head' (not allowed) may not 'start_building'; "
        "allowed: unit_head (Kepala unit kerja)",
    )


class Recorder:
    def __init__(self, fail_on: str | None = None) -> None:
        self.seen: list[tuple[str, int, str]] = []
        self.fail_on = fail_on

    @hookimpl
    def zi_transition_done(self, lifecycle: Lifecycle, record: AuditRecord) -> None:
        # a listener sees the transition applied and recorded
        self.seen.append((lifecycle.state, lifecycle.revision, record.trigger))
        if record.trigger == self.fail_on:
            raise OSError("database unavailable")


def test_listeners_are_told_after_each_transition() -> None:
    recorder = Recorder()
    lc = Lifecycle.new("dinkes", AGENCY, engine=Engine(plugins=[recorder]))
    lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire("select_unit", actor=AGENCY_HEAD, at=S.declare)
    lc.fire("start_building", actor=UNIT_HEAD, at=S.declare)
    assert recorder.seen == [
        ("declared", 1, "declare"),
        ("selected", 2, "select_unit"),
        ("building", 3, "start_building"),
    ]


def test_a_failing_listener_rolls_the_transition_back() -> None:
    recorder = Recorder(fail_on="start_building")
    lc = Lifecycle.new("dinkes", AGENCY, engine=Engine(plugins=[recorder]))
    lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire("select_unit", actor=AGENCY_HEAD, at=S.declare)
    before = snapshot(lc)
    with pytest.raises(ListenerError) as info:
        lc.fire("start_building", actor=UNIT_HEAD, at=S.declare)
    assert isinstance(info.value.__cause__, OSError)
    assert "rolled back" in str(info.value)
    assert snapshot(lc) == before
    assert (lc.state, lc.building_since) == ("selected", None)
    # and the lifecycle works on once the listener recovers
    recorder.fail_on = None
    lc.fire("start_building", actor=UNIT_HEAD, at=S.declare)
    assert (lc.state, lc.revision) == ("building", 3)


def test_a_listener_rollback_restores_target_and_predicate_too() -> None:
    recorder = Recorder(fail_on="pursue_wbbm")
    engine = Engine(plugins=[recorder])
    lc = Lifecycle.new("dinkes", AGENCY, engine=engine)
    lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire("select_unit", actor=AGENCY_HEAD, at=S.declare)
    lc.fire("start_building", actor=UNIT_HEAD, at=S.declare)
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=S.review)
    lc.fire(
        "propose",
        actor=AGENCY_HEAD,
        at=S.propose,
        evaluation=evaluation(),
        sptjm_signed=True,
        review=review(),
    )
    lc.fire("admit", actor=TPN, at=S.admit, evaluation=evaluation())
    lc.fire("to_field", actor=TPN, at=S.field_)
    at_panel(lc)
    lc.fire("recommend", actor=TPN, at=S.recommend, evaluation=evaluation("tpn"), **TPN_SURVEY)
    lc.fire("designate", actor=MINISTER, at=S.designate, **DECREE)
    before = snapshot(lc)
    with pytest.raises(ListenerError):
        lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=S.designate)
    assert snapshot(lc) == before
    assert (lc.target, lc.building_since) == ("WBK", S.declare)


class Reentrant:
    @hookimpl
    def zi_transition_done(self, lifecycle: Lifecycle, record: AuditRecord) -> None:
        lifecycle.fire("select_unit", actor=AGENCY_HEAD, at=record.at)


def test_a_listener_may_not_fire_the_same_lifecycle_again() -> None:
    lc = Lifecycle.new("dinkes", AGENCY, engine=Engine(plugins=[Reentrant()]))
    with pytest.raises(ListenerError, match="may not fire or check this lifecycle again"):
        lc.fire(
            "declare",
            actor=UNIT_HEAD,
            at=S.declare,
            pakta_integritas_signed=True,
            staff_signed=40,
            staff_total=42,
        )
    assert (lc.state, lc.revision) == ("candidate", 0)


class DenyAll:
    @hookimpl
    def zi_authorize(self) -> bool:
        return False


def test_a_bare_false_from_a_policy_is_a_named_refusal() -> None:
    lc = Lifecycle.new("dinkes", AGENCY, engine=Engine(plugins=[DenyAll()]))
    (reason,) = lc.check(
        "declare",
        actor=UNIT_HEAD,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    assert reason.startswith("unit_head 'kepala-dinkes' may not 'declare' (policy: DenyAll@")


class SundayRest:
    """A policy taking only some of the hook's arguments, in its own order."""

    @hookimpl
    def zi_authorize(self, at: datetime, trigger: str) -> str | None:
        return f"no {trigger!r} on Sunday" if at.weekday() == 6 else None


def test_policies_registered_or_removed_later_take_part_at_once() -> None:
    engine = Engine()
    lc = Lifecycle.new("dinkes", AGENCY, engine=engine)
    sunday = S.declare.replace(day=16)
    assert (
        lc.check(
            "declare",
            actor=UNIT_HEAD,
            at=sunday,
            pakta_integritas_signed=True,
            staff_signed=40,
            staff_total=42,
        )
        == ()
    )
    policy = SundayRest()
    engine.plugin_manager.register(policy)
    (reason,) = lc.check(
        "declare",
        actor=UNIT_HEAD,
        at=sunday,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    assert reason.startswith("no 'declare' on Sunday (policy: ")
    assert (
        lc.check(
            "declare",
            actor=UNIT_HEAD,
            at=S.declare,
            pakta_integritas_signed=True,
            staff_signed=40,
            staff_total=42,
        )
        == ()
    )
    engine.plugin_manager.unregister(policy)
    assert (
        lc.check(
            "declare",
            actor=UNIT_HEAD,
            at=sunday,
            pakta_integritas_signed=True,
            staff_signed=40,
            staff_total=42,
        )
        == ()
    )


class AuditPolicyCalls:
    """A hook wrapper around ``zi_authorize``: pluggy itself is asked then."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    @hookimpl(wrapper=True)
    def zi_authorize(self, trigger: str) -> object:
        verdict = yield
        self.calls.append(f"{trigger}: {verdict}")
        return verdict


def test_a_hook_wrapper_sees_every_authorization_and_the_answer_stands() -> None:
    wrapper = AuditPolicyCalls()
    engine = Engine(plugins=[wrapper, DenyAll()])
    lc = Lifecycle.new("dinkes", AGENCY, engine=engine)
    (reason,) = lc.check(
        "declare",
        actor=UNIT_HEAD,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    # through pluggy's call the deciding plugin is not known, so none is named
    assert reason == "unit_head 'kepala-dinkes' may not 'declare' (refused by a policy)"
    assert wrapper.calls == ["declare: False"]
    engine.plugin_manager.unregister(wrapper)
    (reason,) = lc.check(
        "declare",
        actor=UNIT_HEAD,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    assert reason.startswith("unit_head 'kepala-dinkes' may not 'declare' (policy: DenyAll@")
