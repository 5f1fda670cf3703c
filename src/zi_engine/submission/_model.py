"""A unit's submission: who it is, its answers in layers, and the gate facts."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from zi_engine import _defaults
from zi_engine._constants import MISSING, Missing
from zi_engine._errors import SubmissionError
from zi_engine._i18n import Text, t
from zi_engine._text import show
from zi_engine.safeio._models import RefusingModel
from zi_engine.submission._bounded import refuse_early
from zi_engine.submission._scope import (
    AgencyType,
    PreliminaryScope,
    UnitLevel,
    _verdict,
    preliminary_scope,
)

if TYPE_CHECKING:
    from zi_engine.rubric._rubric import Rubric

__all__ = [
    "LAYERS",
    "AgencyFacts",
    "AgencyInfo",
    "AnswerEntry",
    "Facts",
    "Layer",
    "LayeredAnswer",
    "Submission",
    "UnitFacts",
    "UnitInfo",
    "layer_name",
]

Layer = Literal["unit", "induk", "tpi", "tpn"]
LAYERS: tuple[Layer, ...] = ("unit", "induk", "tpi", "tpn")
"""Answer layers, lowest authority first: TPN replaces TPI, which replaces the parent unit's
(``induk``: its penilaian pendahuluan, hlm. 40–41), which replaces the unit's own answer."""

_LAYER_NAMES: dict[str, str] = {"unit": "unit", "induk": "unit induk", "tpi": "TPI", "tpn": "TPN"}


def layer_name(layer: str) -> str:
    """How messages name a layer: ``TPI`` and ``TPN`` as acronyms, ``unit induk`` in words."""
    return _LAYER_NAMES.get(layer, layer)


_DOWNWARD: tuple[Layer, ...] = ("tpn", "tpi", "induk", "unit")
_LAYER_SET = frozenset(LAYERS)
# the layers LayeredAnswer.pick() reads for each ``up_to``, highest authority first
_PICK_ORDER: dict[str, tuple[Layer, ...]] = {
    layer: _DOWNWARD[i:] for i, layer in enumerate(_DOWNWARD)
}

# strict: a YAML `true` must not quietly become the answer 1
RawAnswer = StrictStr | StrictInt | StrictFloat | None
# strict numbers and flags everywhere: `true` is not 1, and 1 is not `true`
Percent = Annotated[float, Field(ge=0, le=100, strict=True)]
Score = Annotated[float, Field(ge=0, le=100, strict=True)]  # a SAKIP or Indeks RB score
Year = Annotated[int, Field(ge=2000, le=2200, strict=True)]
Flag = Annotated[bool, Field(strict=True)]

_FIRST_DAY, _LAST_DAY = date(1900, 1, 1), date(2200, 12, 31)


def _written_date(value: Any) -> Any:
    """A date is written ``YYYY-MM-DD``: a number is not a date (0 is not 1970-01-01)."""
    if isinstance(value, (bool, int, float)):
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        raise ValueError(
            t(
                "submission.date_not_written",
                "a date is written YYYY-MM-DD (e.g. 2025-06-30), not as {value}",
                value=shown,
            )
        )
    return value


def _plausible_date(value: date) -> date:
    """Dates far from the present are typing mistakes, and break "a year later" sums."""
    if not _FIRST_DAY <= value <= _LAST_DAY:
        raise ValueError(
            t(
                "submission.date_implausible",
                "{date} is not a plausible date; give one from {first} to {last}",
                date=value.isoformat(),
                first=_FIRST_DAY.isoformat(),
                last=_LAST_DAY.isoformat(),
            )
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(t("submission.blank_id", "an id cannot be empty or only spaces"))
    return value


Identifier = Annotated[str, Field(max_length=500), AfterValidator(_not_blank)]
"""An agency's or unit's id: text with at least one character that is not a space."""

FileDate = Annotated[date, BeforeValidator(_written_date), AfterValidator(_plausible_date)]
"""A date in a submission or portal file: ``YYYY-MM-DD`` text, from 1900 to 2200."""
ShortText = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=20_000)]


class _Model(RefusingModel):
    """Frozen, strict models whose validation errors are :class:`SubmissionError` s.

    Building one in code (``UnitInfo(id=...)``, ``Submission.model_validate(data)``)
    raises a :class:`SubmissionError` naming each bad field, as reading a file
    does, never pydantic's ``ValidationError``.
    """

    error_cls = SubmissionError


# A bare value (text, number or null) where an answer entry or a layered answer goes
_SCALAR_SCHEMA: dict[str, Any] = {"type": ["string", "number", "null"]}


def _with_shorthands(
    core_schema: CoreSchema, handler: GetJsonSchemaHandler, layered: bool
) -> JsonSchemaValue:
    """A model's JSON Schema widened to the shorthand forms its ``before`` validator reads:
    a bare value, and for a layered answer also an entry (both mean the unit's answer)."""
    schema = handler(core_schema)
    target = handler.resolve_ref_schema(schema)
    full = dict(target)
    target.clear()
    for key in ("title", "description"):
        if key in full:
            target[key] = full.pop(key)
    shorthands: list[Any] = [_SCALAR_SCHEMA]
    if layered:  # the entry's own $ref, as the ``unit`` property names it
        shorthands += [r for r in full["properties"]["unit"]["anyOf"] if "$ref" in r]
    target["anyOf"] = [*shorthands, full]
    return schema


class AnswerEntry(_Model):
    """One layer's answer to one question, with its notes and evidence (data dukung)."""

    value: RawAnswer = None
    notes: LongText | None = None
    evidence: list[LongText] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _scalar_is_value(cls, data: Any) -> Any:
        return data if isinstance(data, dict) else {"value": data}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # ``unit: Ya`` is the entry ``unit: {value: Ya}``
        return _with_shorthands(core_schema, handler, layered=False)


class LayeredAnswer(_Model):
    """A question's answers by layer. A bare value in a file means the unit's answer.

    ``induk`` is the parent unit's answer in its preliminary review (penilaian
    pendahuluan), for units that have one; the TPI's answer replaces it.
    """

    unit: AnswerEntry | None = None
    induk: AnswerEntry | None = None
    tpi: AnswerEntry | None = None
    tpn: AnswerEntry | None = None

    @model_validator(mode="before")
    @classmethod
    def _scalar_is_unit(cls, data: Any) -> Any:
        if isinstance(data, dict) and (set(data) & _LAYER_SET or not data):
            return data
        if isinstance(data, dict) and set(data) & {"value", "notes", "evidence"}:
            return {"unit": data}
        if isinstance(data, dict):
            return data
        return {"unit": {"value": data}}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # ``q: Ya`` and ``q: {value: Ya, notes: ...}`` are the unit's answer
        return _with_shorthands(core_schema, handler, layered=True)

    def pick(self, up_to: Layer = "tpn") -> tuple[RawAnswer, Layer | None]:
        """The answer that counts – the highest layer up to ``up_to`` that has a value."""
        try:
            order = _PICK_ORDER[up_to]
        except (KeyError, TypeError):  # not a layer: the ValueError it has always raised
            order = _DOWNWARD[_DOWNWARD.index(up_to) :]
        for layer in order:
            entry: AnswerEntry | None = getattr(self, layer)
            if entry is not None and entry.value is not None:
                return entry.value, layer
        return None, None

    def all_evidence(self) -> list[str]:
        """Evidence references from every layer."""
        layers = (self.unit, self.induk, self.tpi, self.tpn)
        return [e for layer in layers if layer for e in layer.evidence]


class AgencyInfo(_Model):
    """The agency (instansi) a unit belongs to.

    ``type``: ``central`` for a ministry or agency (K/L), ``regional`` for a
    regional government (pemda); with the unit's ``level`` it decides whether
    the unit's parent unit assesses it first (penilaian pendahuluan).
    """

    id: Identifier
    name: ShortText | None = None
    type: AgencyType | None = None


class UnitInfo(_Model):
    """The work unit (unit kerja / satuan kerja).

    ``level`` (``jpt_madya``, ``jpt_pratama``, ``upt_provinsi``,
    ``bawah_provinsi``) and the agency's ``type`` decide whether the unit's
    parent unit assesses it before the TPI (penilaian pendahuluan, hlm. 40–42).
    ``needs_preliminary_review`` is what files written before ``level``
    existed state: it is still read, deprecated, and refused when it
    contradicts ``level`` and ``agency.type``; without them it stands for the
    unit's scope.
    """

    id: Identifier
    name: ShortText
    agency: AgencyInfo
    level: UnitLevel | None = None
    needs_preliminary_review: Flag | None = Field(
        default=None,
        description="deprecated: give level (and agency.type) instead",
        json_schema_extra={"deprecated": True},
    )

    @model_validator(mode="after")
    def _stated_agrees(self) -> UnitInfo:
        stated = self.needs_preliminary_review
        if stated is None:
            return self
        derived = preliminary_scope(self.level, self.agency.type).needed
        if derived is not None and derived != stated:
            raise ValueError(
                t(
                    "submission.preliminary_contradicts",
                    "needs_preliminary_review: {stated} contradicts the unit's level ({level})"
                    " and agency type ({agency_type}): such a unit {verdict}; remove"
                    " needs_preliminary_review (level and agency type decide it)",
                    stated=str(stated).lower(),
                    level=show(self.level or "-"),
                    agency_type=show(self.agency.type or "-"),
                    verdict=_verdict(derived),
                )
            )
        warnings.warn(
            "unit.needs_preliminary_review is deprecated; give unit.level (and"
            " unit.agency.type), from which the preliminary review is derived",
            DeprecationWarning,
            stacklevel=2,
        )
        return self

    @property
    def preliminary_scope(self) -> PreliminaryScope:
        """Whether the unit's parent assesses it first, and who (from level and agency type).

        Without ``level`` a deprecated ``needs_preliminary_review`` stands for
        it (who assesses is then not known); with neither, ``needed`` is
        ``None`` and ``missing`` says what to give.
        """
        scope = preliminary_scope(self.level, self.agency.type)
        if scope.known or self.needs_preliminary_review is None:
            return scope
        return PreliminaryScope(self.needs_preliminary_review)

    @property
    def notices(self) -> tuple[Text, ...]:
        """Things about the unit worth saying that do not refuse it (a deprecated field)."""
        if self.needs_preliminary_review is None:
            return ()
        return (
            t(
                "submission.preliminary_deprecated",
                "unit {unit}: needs_preliminary_review is deprecated; give level (and"
                " agency.type), from which the preliminary review follows",
                unit=self.id,
            ),
        )


class AgencyFacts(_Model):
    """Agency-level gate facts (Table 5).

    A grade may be given as the score it comes from (``sakip_score``,
    ``indeks_rb_score``, 0–100): the rubric's bands turn it into the grade
    when the grade is not stated.
    """

    bpk_opinion: ShortText | None = None
    sakip_grade: ShortText | None = None
    indeks_rb_grade: ShortText | None = None
    spip_level: Annotated[float, Field(ge=0, le=5, strict=True)] | None = None
    sakip_score: Score | None = None
    indeks_rb_score: Score | None = None


class UnitFacts(_Model):
    """Unit-level gate facts (Table 5).

    ``core_service`` and ``public_perception_impact`` are Table 5's two unit
    rows (core service of its agency; significant impact on the public's
    perception of the bureaucracy), each its own gate. ``building_since`` is
    when building toward WBK began; ``wbbm_building_since`` when building
    toward WBBM began, which cannot be before ``predicate_since`` (the
    Menuju WBK designation).
    """

    core_service: Flag | None = None
    public_perception_impact: Flag | None = None
    tlhp_percent: Percent | None = None
    lhkpn_percent: Percent | None = None
    lhkasn_percent: Percent | None = None
    building_since: FileDate | None = None
    sakip_grade: ShortText | None = None
    sakip_score: Score | None = None
    predicate_held: Literal["none", "WBK", "WBBM"] | None = None
    predicate_since: FileDate | None = None
    wbbm_building_since: FileDate | None = None


_EXTRA_NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # the names ``Facts.extra`` accepts


class Facts(_Model):
    """Gate facts; ``extra`` holds facts that plugins' criteria read (``extra.<name>``)."""

    # (the docstring above is the JSON Schema's description; the paths are explained below)

    agency: AgencyFacts = Field(default_factory=AgencyFacts)
    unit: UnitFacts = Field(default_factory=UnitFacts)
    extra: dict[Annotated[str, Field(pattern=_EXTRA_NAME.pattern)], Any] = Field(
        default_factory=dict
    )

    @staticmethod
    def standard_paths() -> tuple[str, ...]:
        """Every ``agency.<field>`` and ``unit.<field>`` path, in model order."""
        return _STANDARD_PATHS

    @staticmethod
    def known_path(path: str) -> bool:
        """Whether ``path`` names a fact: a standard path, or ``extra.<name>``."""
        if path in _STANDARD_SET:
            return True
        head, _, name = path.partition(".")
        return head == "extra" and _EXTRA_NAME.fullmatch(name) is not None

    def get(self, path: str) -> Any | Missing:
        """The fact at ``path``, or :data:`~zi_engine.MISSING` when it is not given.

        A criterion names a fact by its path – ``agency.<field>``,
        ``unit.<field>`` or ``extra.<name>`` – and every layer resolves it
        here (``ctx.fact`` is this).

        A fact set to ``null`` is not given; so is any path that names no fact
        (see :meth:`known_path`), never an attribute of the model itself.
        """
        head, _, name = path.partition(".")
        if head == "extra":
            value = self.extra.get(name)
        elif path in _STANDARD_SET:
            value = getattr(self.agency if head == "agency" else self.unit, name)
        else:
            return MISSING
        return MISSING if value is None else value


_STANDARD_PATHS: tuple[str, ...] = (
    *(f"agency.{name}" for name in AgencyFacts.model_fields),
    *(f"unit.{name}" for name in UnitFacts.model_fields),
)
_STANDARD_SET = frozenset(_STANDARD_PATHS)


class Submission(_Model):
    """A unit's LKE for one year: identity, target predicate, facts and answers.

    ``answers`` maps the rubric's question ids to :class:`LayeredAnswer` s.
    ``as_of`` is the date the evaluation speaks for (time periods such as
    "building for a year" are measured to it); nothing reads the clock.
    """

    unit: UnitInfo
    year: Year
    target: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_-]*$")] = "WBK"
    category: ShortText | None = None
    as_of: FileDate | None = None
    facts: Facts = Field(default_factory=Facts)
    answers: dict[Annotated[str, Field(max_length=128)], LayeredAnswer] = Field(
        default_factory=dict
    )

    @classmethod
    def _validated(cls, data: Any, source: str, raw: bytes | None = None) -> Submission:
        """As for every model, but a huge answers mapping is refused a slice at a time."""
        refuse_early(cls, data, source, raw)
        return super()._validated(data, source, raw)

    @classmethod
    def load(cls, path: str | Path) -> Submission:
        """Deprecated: use :func:`zi_engine.load_submission` (or ``Engine.load_submission``)."""
        _deprecated("Submission.load(path)", "zi_engine.load_submission(path)")
        loaded: Submission = _defaults.engine().load_submission(path)
        return loaded

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "<submission>") -> Submission:
        """Validate plain data; errors become a :class:`SubmissionError` naming each field.

        The same as ``Submission.model_validate(data)``, with ``source`` naming
        the data in messages.
        """
        return cls._validated(data, source)

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the file form, so that ``Submission.from_dict(s.to_dict()) == s``.

        Text, numbers, booleans and None only (dates as ``YYYY-MM-DD``); fields
        at their default are left out except ``target`` and ``answers``, and an
        answer that is only the unit's value is written bare (``q: Ya``).
        """
        dumped = self.model_dump(mode="json", exclude_defaults=True, exclude={"answers"})
        out: dict[str, Any] = {}
        for name in type(self).model_fields:
            if name == "target":
                out[name] = self.target
            elif name == "answers":
                out[name] = {qid: _answer_data(a) for qid, a in self.answers.items()}
            elif name in dumped:
                out[name] = dumped[name]
        return out

    @classmethod
    def from_portalrb(
        cls,
        data: Any,
        *,
        rubric: Rubric | None = None,
        agency: AgencyInfo | None = None,
        facts: Facts | None = None,
        target: str = "WBK",
        as_of: date | None = None,
    ) -> Submission:
        """Deprecated: use :func:`zi_engine.from_portalrb` (or ``Engine.from_portalrb``)."""
        _deprecated("Submission.from_portalrb(...)", "zi_engine.from_portalrb(...)")
        read: Submission = _defaults.engine().from_portalrb(
            data, rubric=rubric, agency=agency, facts=facts, target=target, as_of=as_of
        )
        return read

    def to_portalrb(self, rubric: Rubric | None = None) -> dict[str, Any]:
        """Deprecated: use :func:`zi_engine.to_portalrb` (or ``Engine.to_portalrb``)."""
        _deprecated("Submission.to_portalrb()", "zi_engine.to_portalrb(submission)")
        written: dict[str, Any] = _defaults.engine().to_portalrb(self, rubric=rubric)
        return written

    def with_answers(self, changes: Mapping[str, RawAnswer], layer: Layer = "unit") -> Submission:
        """A copy with ``changes`` applied to one layer (used by the improvement plan)."""
        answers = dict(self.answers)
        for qid, value in changes.items():
            old = answers.get(qid) or LayeredAnswer()
            entry = getattr(old, layer) or AnswerEntry()
            answers[qid] = old.model_copy(update={layer: entry.model_copy(update={"value": value})})
        return self.model_copy(update={"answers": answers})


def _answer_data(answer: LayeredAnswer) -> Any:
    """One answer in the file form: a bare value when it is only the unit's value."""
    data = answer.model_dump(mode="json", exclude_defaults=True)
    if data.keys() == {"unit"} and data["unit"].keys() == {"value"}:
        return data["unit"]["value"]
    return data


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated; use {new}: a Submission is data, reading and writing it is "
        "the engine's",
        DeprecationWarning,
        stacklevel=3,
    )
