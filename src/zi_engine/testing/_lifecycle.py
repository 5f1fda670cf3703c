"""Lifecycle inputs: actors, evaluation and review stubs and sequences of events to fire."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from zi_engine.eligibility._criteria import CriterionResult
from zi_engine.eligibility._evaluation import PredicateResult
from zi_engine.lifecycle import Actor, LifecycleDefinition, load_lifecycle_definition

WIB = timezone(timedelta(hours=7))
"""Western Indonesia Time (UTC+07:00), the zone deadlines are read in."""

LIFECYCLE_START = datetime(2022, 1, 3, 9, 0, tzinfo=WIB)
"""When generated lifecycles begin, unless told otherwise."""


@dataclass(frozen=True, slots=True)
class EvaluationStub:
    """What a lifecycle reads from an evaluation (``EvaluationLike``), and nothing more.

    Cheaper and more controllable than scoring a whole submission: the
    eligibility results say directly whether score criteria and gates pass.
    """

    rubric_id: str
    rubric_version: str
    rubric_hash: str
    total: float
    layer: str | None
    eligibility: Mapping[str, PredicateResult]
    unit_id: str | None = None
    agency_id: str | None = None
    year: int | None = None  # None in a LifecycleEvent: the year of the moment it fires
    submission_hash: str | None = None
    survey_layers: Mapping[str, str | None] | None = None


def _criterion_result(cid: str, group: str, outcome: str) -> CriterionResult:
    return CriterionResult(
        id=cid,
        label=cid.replace("_", " "),
        group=group,  # type: ignore[arg-type]
        kind="score_min" if group == "score" else "fact_equals",
        outcome=outcome,  # type: ignore[arg-type]
        actual=None,
        required=None,
        gap=None,
        unit="",
        source=None,
        reason=f"{cid}: {outcome}",
    )


@st.composite
def _predicate_result(draw: st.DrawFn, predicate: str) -> PredicateResult:
    if draw(st.integers(0, 3)) > 0:  # mostly eligible; otherwise any mix of outcomes
        outcome: st.SearchStrategy[str] = st.just("pass")
    else:
        outcome = st.sampled_from(["pass", "fail", "inconclusive"])
    criteria = (
        _criterion_result("total", "score", draw(outcome)),
        _criterion_result("area_minimum", "score", draw(outcome)),
        _criterion_result("opini_bpk", "gate", draw(outcome)),
    )
    failed = tuple(c.id for c in criteria if c.outcome == "fail")
    unsure = tuple(c.id for c in criteria if c.outcome == "inconclusive")
    verdict = "not_eligible" if failed else "inconclusive" if unsure else "eligible"
    return PredicateResult(predicate, predicate, verdict, criteria, failed, unsure)  # type: ignore[arg-type]


SURVEYS = ("hasil.bersih_akuntabel.ipak", "hasil.pelayanan_prima.ipkp")
"""The bundled rubric's survey questions (IPAK, IPKP): a TPN recommendation needs both."""


def lifecycle_evaluations(
    predicates: Sequence[str] = ("WBK", "WBBM"),
    *,
    unit_id: str = "U-1",
    agency_id: str = "A-1",
) -> st.SearchStrategy[EvaluationStub]:
    """Evaluations as a lifecycle's guards read them: a layer (mostly TPN), a total and,
    per predicate, score criteria and a gate that mostly pass; mostly of ``unit_id`` of
    ``agency_id`` (sometimes of another unit or agency), for the year the event fires in
    (``year=None``, resolved by :meth:`LifecycleEvent.payload_for`; sometimes a year before);
    survey values mostly in the evaluation's own layer."""
    return _evaluations(tuple(predicates), unit_id, agency_id)


# Strategies are immutable: one per set of arguments, instead of one per draw (the
# lifecycle event strategies ask for these for every payload they draw)
@functools.lru_cache(maxsize=512)
def _evaluations(
    predicates: tuple[str, ...], unit_id: str, agency_id: str
) -> st.SearchStrategy[EvaluationStub]:
    # (induk: the parent unit's assessment, which preliminary_passed needs)
    layer = st.sampled_from(["tpn"] * 6 + ["tpi", "tpi", "induk", "unit", None])
    return layer.flatmap(lambda chosen: _evaluations_in(chosen, predicates, unit_id, agency_id))


@functools.lru_cache(maxsize=512)
def _evaluations_in(
    chosen: str | None, predicates: tuple[str, ...], unit_id: str, agency_id: str
) -> st.SearchStrategy[EvaluationStub]:
    return st.builds(
        EvaluationStub,
        rubric_id=st.just("permenpan-rb-90-2021"),
        rubric_version=st.just("2021.1"),
        rubric_hash=st.just("sha256:" + "0" * 64),
        total=st.floats(0, 100),
        layer=st.just(chosen),
        eligibility=st.fixed_dictionaries({p: _predicate_result(p) for p in predicates}),
        unit_id=st.sampled_from([unit_id] * 9 + ["U-lain"]),
        agency_id=st.sampled_from([agency_id] * 9 + ["A-lain"]),
        year=st.sampled_from([None] * 9 + [2021]),
        submission_hash=st.just("sha256:" + "1" * 64),
        survey_layers=st.sampled_from(
            [dict.fromkeys(SURVEYS, chosen)] * 5 + [{SURVEYS[0]: chosen, SURVEYS[1]: "tpi"}]
        ),
    )


@dataclass(frozen=True, slots=True)
class ReviewStub:
    """What a lifecycle's review guards read from a :class:`zi_engine.review.Review`."""

    kind: str
    unit_id: str
    agency_id: str
    signed_off: bool
    outstanding: tuple[str, ...]
    head_hash: str
    year: int | None = None  # None in a LifecycleEvent: the year of the moment it fires
    submission_hash: str | None = "sha256:" + "1" * 64  # the evaluation stubs' submission


_REVIEW_KINDS = {"preliminary_passed": "preliminary", "recommend": "tpn"}
# the review each trigger reads (``tpi`` for the others)


def lifecycle_reviews(
    unit_id: str, agency_id: str, kind: str = "tpi"
) -> st.SearchStrategy[ReviewStub]:
    """``kind`` reviews of the unit (of the evaluation stubs' submission), mostly signed off;
    sometimes not yet, another unit's or another kind's."""
    signed = st.sampled_from([True] * 6 + [False])
    other = "tpn" if kind == "tpi" else "tpi"
    return st.builds(
        ReviewStub,
        kind=st.sampled_from([kind] * 9 + [other]),
        unit_id=st.sampled_from([unit_id] * 9 + ["U-lain"]),
        agency_id=st.just(agency_id),
        signed_off=signed,
        outstanding=signed.map(lambda done: () if done else ("awaiting the sign-off of Ketua",)),
        head_hash=st.just("5e" * 32),
    )


@dataclass(frozen=True, slots=True)
class DaysBefore:
    """A payload date given relative to the moment a trigger fires (0: that day)."""

    days: int


@dataclass(frozen=True, slots=True)
class LifecycleEvent:
    """A trigger to fire: who fires it, when (relative to the previous change) and with what.

    Exactly one of ``delay`` (after the previous change; negative: before
    it), ``anniversary`` (whole years after it, plus ``offset``) and
    ``calendar`` (``(years later, month, day)``: 09:00 WIB on that date) is
    set. :meth:`at_after` turns it into a time, :meth:`payload_for` resolves
    :class:`DaysBefore` dates.
    """

    trigger: str
    actor: Actor
    payload: Mapping[str, Any]
    delay: timedelta | None = None
    anniversary: int | None = None
    offset: timedelta = timedelta(0)
    calendar: tuple[int, int, int] | None = None

    def at_after(self, previous: datetime) -> datetime:
        """The moment this event happens, given the previous change at ``previous``."""
        if self.delay is not None:
            return previous + self.delay
        if self.anniversary is not None:
            year = previous.year + self.anniversary
            try:
                moment = previous.replace(year=year)
            except ValueError:  # 29 February
                moment = previous.replace(year=year, month=2, day=28)
            return moment + self.offset
        assert self.calendar is not None
        years, month, day = self.calendar
        local = previous.astimezone(WIB)
        moment = datetime(local.year + years, month, day, 9, 0, tzinfo=WIB)
        return moment if moment > previous else moment.replace(year=moment.year + 1)

    def payload_for(self, at: datetime, year: int | None = None) -> dict[str, Any]:
        """The keyword arguments for ``fire``, with relative dates resolved against ``at``.

        An evaluation or review stub drawn without a year is of ``year`` – pass the
        proposal's year once a unit is proposed, as the TPN's steps may run into the next
        calendar year – or else of the year ``at`` falls in (WIB).
        """
        local = at.astimezone(WIB).date()
        return {k: _resolved(v, local, year) for k, v in self.payload.items()}


def _resolved(value: Any, local: date, year: int | None = None) -> Any:
    if isinstance(value, DaysBefore):
        return local - timedelta(days=value.days)
    if isinstance(value, (EvaluationStub, ReviewStub)) and value.year is None:
        return replace(value, year=year or local.year)
    return value


_ACTOR_IDS = st.sampled_from(["kepala.unit", "pimpinan", "inspektur", "tpi.1", "tpn.1", "menteri"])


def actors(
    definition: LifecycleDefinition | str | None = None,
    *,
    agency_ids: Sequence[str] = ("A-1", "A-2"),
) -> st.SearchStrategy[Actor]:
    """Actors: an id, a role of ``definition`` (default: the bundled lifecycle) or, rarely,
    one it does not know, and one of ``agency_ids`` or no agency."""
    d = _definition(definition)
    return st.builds(
        Actor,
        id=_ACTOR_IDS,
        role=st.one_of(st.sampled_from(sorted(d.roles)), st.just("auditor")),
        agency_id=st.one_of(st.sampled_from(list(agency_ids)), st.none()),
    )


def _definition(definition: LifecycleDefinition | str | None) -> LifecycleDefinition:
    if isinstance(definition, LifecycleDefinition):
        return definition
    return load_lifecycle_definition(definition or "permenpan-rb-90-2021")


def _payload_value(
    draw: st.DrawFn, kind: str, unit_id: str, agency_id: str, trigger: str = ""
) -> Any:
    if kind == "flag":
        return draw(st.sampled_from([True] * 8 + [False, "ya"]))
    if kind == "text":
        texts = ["Hasil evaluasi TPI", "Temuan Ombudsman", "panel", "clearance_kpk", "  ", 7]
        return draw(st.sampled_from(texts))
    if kind == "date":
        return DaysBefore(draw(st.sampled_from([0, 1, 30, 200, 400, -3])))
    if kind == "review":
        return draw(lifecycle_reviews(unit_id, agency_id, _REVIEW_KINDS.get(trigger, "tpi")))
    if kind == "count":
        return draw(st.sampled_from([30, 30, 30, 120, 29, 0, -1]))
    return draw(lifecycle_evaluations(unit_id=unit_id, agency_id=agency_id))


@st.composite
def _lifecycle_event(
    draw: st.DrawFn,
    d: LifecycleDefinition,
    agency_id: str,
    triggers: tuple[str, ...],
    unit_id: str,
) -> LifecycleEvent:
    if draw(st.integers(0, 4)) > 0:
        trigger = draw(st.sampled_from(triggers))
    else:  # any trigger, or one the definition does not have
        trigger = draw(st.sampled_from([*d.triggers, "cabut_paksa"]))
    spec = d.triggers.get(trigger)
    if spec is not None and draw(st.integers(0, 9)) > 0:  # mostly someone who may fire it
        role = draw(st.sampled_from(spec.roles))
        national = d.roles[role].national
        usual = [None, None, None, agency_id] if national else [agency_id] * 4
        agency = draw(st.sampled_from(usual * 5 + ["A-lain", None]))
        actor = Actor(draw(_ACTOR_IDS), role, agency)
    else:
        actor = draw(actors(d, agency_ids=(agency_id, "A-lain")))
    payload: dict[str, Any] = {}
    for name, field_spec in (spec.payload if spec is not None else {}).items():
        if draw(st.integers(0, 9)) < (9 if field_spec.required else 5):
            payload[name] = _payload_value(draw, field_spec.type, unit_id, agency_id, trigger)
    if draw(st.integers(0, 29)) == 0:
        payload["catatan"] = "tidak dikenal"
    when = draw(st.integers(0, 19))
    if when < 11:
        days = draw(st.one_of(st.integers(0, 60), st.integers(0, 500)))
        delay = timedelta(days=days, hours=draw(st.integers(0, 23)))
        return LifecycleEvent(trigger, actor, payload, delay=delay)
    if when < 16:  # into a proposal window, 0–2 years on
        month_day = draw(st.sampled_from([(1, 2), (5, 20), (5, 31), (6, 1), (7, 20)]))
        calendar = (draw(st.integers(0, 2)), *month_day)
        return LifecycleEvent(trigger, actor, payload, calendar=calendar)
    if when < 19:  # around an anniversary: the building year, the 2-year revocation lock
        offset = timedelta(minutes=draw(st.sampled_from([-1, 0, 1, 60 * 24])))
        years = draw(st.integers(1, 2))
        return LifecycleEvent(trigger, actor, payload, anniversary=years, offset=offset)
    return LifecycleEvent(trigger, actor, payload, delay=-timedelta(hours=draw(st.integers(1, 48))))


def lifecycle_events(
    definition: LifecycleDefinition | str | None = None,
    *,
    agency_id: str = "A-1",
    min_size: int = 0,
    max_size: int = 20,
    triggers: Sequence[str] | None = None,
    unit_id: str = "U-1",
) -> st.SearchStrategy[list[LifecycleEvent]]:
    """Sequences of events to fire at a lifecycle of unit ``unit_id`` of ``agency_id``.

    Every trigger of ``definition`` (default: the bundled lifecycle) and an
    unknown one; mostly actors whose role may fire the trigger and who belong
    to the unit's agency (national roles: no agency), sometimes others;
    payloads mostly complete and well-formed (evaluations from
    :func:`lifecycle_evaluations`, reviews of ``unit_id`` from
    :func:`lifecycle_reviews`), sometimes missing, malformed or with an
    unknown field; times mostly moving forward by days, sometimes into a
    proposal window, onto an anniversary (± a minute) or back before the
    previous change. ``triggers`` are drawn four times in five (say, the
    ones that can fire from the lifecycle's current state:
    ``definition.triggers_from(lifecycle.state)``). Fire them in order::

        at = event.at_after(lifecycle.entered_at or LIFECYCLE_START)
        lifecycle.fire(event.trigger, actor=event.actor, at=at, **event.payload_for(at))
    """
    d = _definition(definition)
    chosen = tuple(triggers) if triggers else tuple(d.triggers)
    return st.lists(
        _lifecycle_event(d, agency_id, chosen, unit_id), min_size=min_size, max_size=max_size
    )
