"""The lifecycle definition file format, as frozen pydantic models.

A definition (``lifecycles/<name>.yaml``) is data: states, roles, triggers
(from, to, allowed roles, named guards, payload fields, effects) and the
regulation's parameters. These models check the *shape*; the cross-references
(states, roles, guard names, reachability) are checked in ``_load``. The JSON
Schema editors use (``schema/lifecycle.schema.json``) is generated from here.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    WithJsonSchema,
    field_validator,
)

from zi_engine._i18n import t
from zi_engine.review._tiers import ReviewSpec

__all__ = [
    "ANY_STATE",
    "EFFECTS",
    "SAME_STATE",
    "LifecycleDefinition",
    "LifecycleParameters",
    "PayloadFieldSpec",
    "ProposalWindow",
    "RetiredSource",
    "RoleSpec",
    "SourceSpec",
    "StateSpec",
    "TriggerSpec",
]

ANY_STATE = "*"
"""In a trigger's ``from``: every state except the trigger's ``to``."""

SAME_STATE = "="
"""As a trigger's ``to``: the unit stays in the state it fired from (a monitoring report,
a complaint: events that are recorded without moving the unit)."""

_NAME = r"^[a-z][a-z0-9_]*$"
Name = Annotated[str, Field(pattern=_NAME, max_length=64)]
PredicateName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_-]*$", max_length=32)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
MonthDay = Annotated[
    str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", examples=["05-31"])
]

Effect = Literal[
    "start_building_clock",
    "record_proposal",
    "grant_target",
    "clear_predicate",
    "record_revocation",
]
EFFECTS: tuple[str, ...] = get_args(Effect)
"""The effects a trigger may list, applied in order after the state changes."""


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


_SOURCES_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": rf"{_NAME}|^\*$"},
        {
            "type": "array",
            "items": {"type": "string", "pattern": rf"{_NAME}|^\*$"},
            "minItems": 1,
        },
    ],
    "description": "State(s) the trigger may fire from; '*' means every state except 'to'.",
}
Sources = Annotated[
    tuple[Annotated[str, Field(pattern=rf"{_NAME}|^\*$", max_length=64)], ...],
    BeforeValidator(_listify),
    Field(min_length=1),
    WithJsonSchema(_SOURCES_SCHEMA),
]


def _month_day(value: str) -> tuple[int, int]:
    month, day = (int(part) for part in value.split("-"))
    return month, day


def _check_month_day(value: str) -> str:
    month, day = _month_day(value)
    date(2000, month, day)  # a leap year, so 02-29 is allowed; 02-30 raises ValueError
    return value


class _Spec(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False, populate_by_name=True
    )


class SourceSpec(_Spec):
    """Where the process comes from."""

    regulation: Text
    pages: Text | None = None
    notes: Text | None = None


class StateSpec(_Spec):
    """One state of the lifecycle, with its Indonesian label.

    ``resting`` marks a state a unit may rightly stay in indefinitely (a held
    designation); a portfolio does not report resting units as stuck.
    """

    label: Text
    description: Text | None = None
    resting: bool = False


class RoleSpec(_Spec):
    """A role an actor can hold. ``national`` roles act on units of every agency.

    A ``joint`` role is held for several agencies at once (the joint TPI of a
    Kawasan): its actors carry ``agency_ids`` and act on a lifecycle of any
    one of them, and on none other.
    """

    label: Text
    national: bool = False
    joint: bool = False


class PayloadFieldSpec(_Spec):
    """A keyword a trigger accepts in ``fire(..., name=value)``.

    Types: ``text`` (non-empty string), ``flag`` (true/false), ``date`` (a
    date or ``YYYY-MM-DD``), ``count`` (a whole number, 0 or more) and
    ``evaluation`` (a scored evaluation). A
    ``reason`` field is stored as the audit record's reason, an evaluation as
    its summary; a ``review`` (a :class:`~zi_engine.Review`, which keeps its
    own hash-chained history) is read by the guards only; other values are
    kept in the record's ``details``.

    ``required_from`` dates a requirement a later version of a definition added:
    ``fire`` always asks for the field, but a restored record dated before it was
    written under the earlier rules and is accepted without it.

    ``description`` says in English what the field holds; ``description_id`` says it
    in Bahasa Indonesia. A refusal for a missing field quotes the one of the
    message's language (without it, the field's type in words).
    """

    type: Literal["text", "flag", "date", "count", "evaluation", "review"]
    required: bool = False
    required_from: date | None = None
    description: Text | None = None
    description_id: Text | None = None

    def described(self, lang: str) -> str | None:
        """What the field holds, in ``lang`` (``"id"`` or ``"en"``), if the definition says."""
        return self.description_id if lang == "id" else self.description


class RetiredSource(_Spec):
    """A state a trigger fired from under an earlier version of the definition.

    A later version moved the step (a new stage was put before it), so the
    trigger no longer fires from ``from``; a restored record dated before
    ``until`` that made that move was written under the earlier rules and is
    accepted, as ``required_from`` does for a payload field.
    """

    from_: Name = Field(alias="from")
    until: date


class TriggerSpec(_Spec):
    """One trigger: its transition, who may fire it, and what must hold.

    ``to: "="`` (:data:`SAME_STATE`) records the event and leaves the unit where it is.
    ``retired`` lists states it fired from under earlier versions (see
    :class:`RetiredSource`): histories saved then still load, nothing fires so now.
    """

    label: Text | None = None
    description: Text | None = None
    from_: Sources = Field(alias="from")
    to: Name | Literal["="]
    roles: Annotated[list[Name], Field(min_length=1)]
    guards: list[Name] = Field(default_factory=list)
    payload: dict[Annotated[str, Field(pattern=_NAME, max_length=64)], PayloadFieldSpec] = Field(
        default_factory=dict
    )
    effects: list[Effect] = Field(default_factory=list)
    set_target: PredicateName | None = None
    retired: list[RetiredSource] = Field(default_factory=list)


class ProposalWindow(_Spec):
    """A year's proposal window (inclusive dates), when moved by letter."""

    year: Annotated[int, Field(ge=2000, le=2200)]
    opens: MonthDay
    closes: MonthDay
    source: Text | None = None

    _valid_days = field_validator("opens", "closes")(_check_month_day)


class LifecycleParameters(_Spec):
    """The regulation's numbers, handed to every guard as ``ctx.parameters``.

    ``min_survey_respondents`` is the TPN survey's minimum per unit (hlm. 55);
    ``monitoring_interval_years`` the longest a designated unit goes without a TPI
    monitoring report (hlm. 61–62). ``clearances`` are the triggers that record the
    TPN's clearance with each institution (hlm. 56); the panel follows only when
    every one is recorded. ``pakta_integritas_min_share`` is the share of staff
    that must have signed the Pakta Integritas at the declaration: "seluruh atau
    sebagian besar" (hlm. 12), read as more than this share.
    Dates of the proposal window are read in ``calendar_utc_offset`` (WIB,
    +07:00, by default) so a deadline does not depend on the caller's zone.
    ``custom`` carries values for plugin guards.
    """

    revocation_lock_years: Annotated[int, Field(ge=0, le=100)] = 2
    min_building_years: Annotated[int, Field(ge=0, le=100)] = 1
    min_survey_respondents: Annotated[int, Field(ge=0, le=100_000)] = 30
    monitoring_interval_years: Annotated[int, Field(ge=1, le=100)] = 2
    clearances: list[Name] = Field(default_factory=list)
    pakta_integritas_min_share: Annotated[float, Field(ge=0, lt=1)] = 0.5
    proposal_deadline: MonthDay = "05-31"
    proposal_windows: list[ProposalWindow] = Field(default_factory=list)
    calendar_utc_offset: Annotated[str, Field(pattern=r"^[+-](0\d|1[0-4]):[0-5]\d$")] = "+07:00"
    custom: dict[str, JsonValue] = Field(default_factory=dict)

    _valid_deadline = field_validator("proposal_deadline")(_check_month_day)

    def window(self, year: int) -> tuple[date, date, str]:
        """The proposal window of ``year``: (opens, closes, where it comes from)."""
        for w in self.proposal_windows:
            if w.year == year:
                src = (
                    t(
                        "lifecycle.window_by_letter",
                        "the {year} window ({source})",
                        year=str(year),
                        source=w.source,
                    )
                    if w.source
                    else t("lifecycle.window_of_year", "the {year} window", year=str(year))
                )
                return (date(year, *_month_day(w.opens)), date(year, *_month_day(w.closes)), src)
        closes = _safe_date(year, *_month_day(self.proposal_deadline))
        default = t(
            "lifecycle.window_default",
            "the default deadline ({deadline})",
            deadline=self.proposal_deadline,
        )
        return date(year, 1, 1), closes, default


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # a 02-29 deadline in a common year ends on 02-28
        return date(year, month, day - 1)


class LifecycleDefinition(_Spec):
    """A unit's lifecycle under one regulation, loaded from YAML.

    Load one with :func:`zi_engine.load_lifecycle_definition`; the bundled one
    is ``permenpan-rb-90-2021``.
    """

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*$", max_length=100)]
    title: Text
    version: Annotated[str, Field(min_length=1, max_length=64)]
    source: SourceSpec
    initial: Name
    predicates: Annotated[list[PredicateName], Field(min_length=1)]
    roles: dict[Annotated[str, Field(pattern=_NAME, max_length=64)], RoleSpec]
    states: dict[Annotated[str, Field(pattern=_NAME, max_length=64)], StateSpec]
    triggers: dict[Annotated[str, Field(pattern=_NAME, max_length=64)], TriggerSpec]
    parameters: LifecycleParameters = Field(default_factory=LifecycleParameters)
    reviews: dict[Annotated[str, Field(pattern=_NAME, max_length=64)], ReviewSpec] = Field(
        default_factory=dict
    )

    def sources(self, trigger: str) -> tuple[str, ...]:
        """The states ``trigger`` fires from, with ``'*'`` expanded."""
        return self._sources[trigger]

    @cached_property
    def _sources(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for name, spec in self.triggers.items():
            found: list[str] = []
            for src in spec.from_:
                expanded = [s for s in self.states if s != spec.to] if src == ANY_STATE else [src]
                found += [s for s in expanded if s not in found]
            out[name] = tuple(found)
        return out

    def retired_source(self, trigger: str, source: str, on: date) -> bool:
        """Whether ``trigger`` fired from ``source`` under an earlier version, on ``on``."""
        return any(r.from_ == source and on < r.until for r in self.triggers[trigger].retired)

    def dest(self, trigger: str, source: str) -> str:
        """The state ``trigger`` leads to from ``source`` (``source`` itself for ``to: "="``)."""
        to = self.triggers[trigger].to
        return source if to == SAME_STATE else to

    def edges(self) -> list[tuple[str, str, str]]:
        """Every ``(trigger, source, dest)``, in definition order."""
        return [
            (t, s, self.dest(t, s)) for t, spec in self.triggers.items() for s in self.sources(t)
        ]

    def triggers_from(self, state: str) -> tuple[str, ...]:
        """The triggers that can fire from ``state``, in definition order."""
        return self._triggers_from.get(state, ())

    @cached_property
    def _triggers_from(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for trigger, source, _ in self.edges():
            out.setdefault(source, []).append(trigger)
        return {state: tuple(names) for state, names in out.items()}

    @property
    def national_roles(self) -> frozenset[str]:
        """Roles that act on units of every agency (TPN, the minister)."""
        return frozenset(name for name, role in self.roles.items() if role.national)
