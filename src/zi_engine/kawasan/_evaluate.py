"""Eligibility of a Kawasan over its members (Tabel 7 and 8, hlm. 59-60).

Kawasan Menuju WBK: every member unit meets Menuju WBK and the integration
score reaches the rubric's WBK threshold (6,5). Kawasan Menuju WBBM: the
Kawasan holds Kawasan Menuju WBK, every member meets Menuju WBBM and
integration reaches 7,5. Each condition is a criterion of the result, so it
explains itself as a unit's does: each member's outcome with its own criteria
that did not pass, the integration score against its threshold and the gap.

The outcome is the three-valued "and" of the criteria: one that fails makes
the Kawasan ``not_eligible``; otherwise one that is inconclusive (a member not
yet evaluated, or whose own result is inconclusive) makes it
``inconclusive``, never ``eligible``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from zi_engine._i18n import Text, t
from zi_engine.eligibility._criteria import CriterionResult, Outcome
from zi_engine.eligibility._evaluation import Evaluation, PredicateOutcome
from zi_engine.kawasan._model import Kawasan, MemberSpec

if TYPE_CHECKING:
    from zi_engine.kawasan._plan import KawasanPlan

__all__ = [
    "PREDICATE_LABELS",
    "KawasanCriterion",
    "KawasanEvaluation",
    "KawasanGroup",
    "KawasanPredicateResult",
    "MemberResult",
    "combine",
]

KawasanGroup = Literal["kawasan", "member", "integration"]

PREDICATE_LABELS = {
    "WBK": "Kawasan Menuju Wilayah Bebas dari Korupsi (WBK)",
    "WBBM": "Kawasan Menuju Wilayah Birokrasi Bersih dan Melayani (WBBM)",
}
_SOURCES = {
    "WBK": "PermenPAN-RB 90/2021, Lampiran II D.2 syarat a (hlm. 58); Tabel 7 (hlm. 59)",
    "WBBM": "PermenPAN-RB 90/2021, Lampiran II D.2 syarat WBBM b (hlm. 59); Tabel 8 (hlm. 60)",
    "held": "PermenPAN-RB 90/2021, Lampiran II D.2 syarat WBBM a (hlm. 59); Tabel 8 (hlm. 60)",
}
_OUTCOME_OF = {"eligible": "pass", "not_eligible": "fail", "inconclusive": "inconclusive"}
_PASSING = ("pass", "not_applicable")

# every text of this module in one place, in the language of the moment it is judged (a
# result's labels and reasons are data for people: they are never hashed or stored)
_TEXT: dict[str, Callable[..., Text]] = {
    "member_label": lambda **v: t(
        "kawasan.member_label",
        "Member unit {name} ({agency}) meets the unit criteria of Menuju {predicate}",
        **v,
    ),
    "held_label": lambda **v: t(
        "kawasan.held_label", "The Kawasan holds the predicate Kawasan Menuju WBK", **v
    ),
    "no_evaluation": lambda **v: t(
        "kawasan.no_evaluation",
        "member {unit} ({agency}) has no evaluation: give its submission file "
        "(members[].submission) or its Evaluation",
        **v,
    ),
    "no_predicate": lambda **v: t(
        "kawasan.member_rubric_no_predicate",
        "the member's rubric {rubric} has no predicate {predicate}",
        **v,
    ),
    "meets": lambda **v: t("kawasan.meets", "member {unit} meets Menuju {predicate}", **v),
    "does_not_meet": lambda **v: t(
        "kawasan.does_not_meet", "member {unit} does not meet Menuju {predicate}: {criteria}", **v
    ),
    "undecided": lambda **v: t(
        "kawasan.undecided",
        "member {unit} is inconclusive for Menuju {predicate}: {criteria}",
        **v,
    ),
    "held": lambda **v: t("kawasan.held", "the Kawasan holds Kawasan Menuju {held}", **v),
    "not_held": lambda **v: t(
        "kawasan.not_held", "the Kawasan does not hold Kawasan Menuju WBK", **v
    ),
    "held_unknown": lambda **v: t(
        "kawasan.held_unknown",
        "the Kawasan file does not say whether it holds Kawasan Menuju WBK (predicate_held)",
        **v,
    ),
    "short_by": lambda **v: t("kawasan.short_by", "{label} (short by {gap:.2f}{unit})", **v),
    "fail": lambda **v: t("kawasan.outcome_fail", "{label} (fail)", **v),
    "inconclusive": lambda **v: t("kawasan.outcome_inconclusive", "{label} (inconclusive)", **v),
}


def combine(outcomes: Iterable[str]) -> PredicateOutcome:
    """The three-valued "and" of criterion outcomes (Kleene's): fail beats unknown beats pass."""
    seen = set(outcomes)
    if "fail" in seen:
        return "not_eligible"
    if "inconclusive" in seen:
        return "inconclusive"
    return "eligible"


@dataclass(frozen=True, slots=True)
class MemberResult:
    """A member unit and its own evaluation (``None`` when none was given or found)."""

    unit_id: str
    agency_id: str
    name: str | None
    submission: str | None
    evaluation: Evaluation | None

    @classmethod
    def of(cls, member: MemberSpec, evaluation: Evaluation | None) -> MemberResult:
        """The result of ``member`` with its evaluation."""
        name = member.name
        if name is None and evaluation is not None:
            name = evaluation.submission.unit.name
        return cls(member.unit, member.agency, name, member.submission, evaluation)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data: who, which file, the total and the outcome per predicate."""
        ev = self.evaluation
        return {
            "unit_id": self.unit_id,
            "agency_id": self.agency_id,
            "name": self.name,
            "submission": self.submission,
            "total": None if ev is None else ev.total,
            "layer": None if ev is None else ev.layer,
            "eligibility": {} if ev is None else {p: r.outcome for p, r in ev.eligibility.items()},
        }


@dataclass(frozen=True, slots=True)
class KawasanCriterion:
    """One condition of a Kawasan predicate, explained.

    ``group`` is ``member`` (a member unit meets the unit predicate; ``member``
    names it as ``(agency, unit)`` and ``details`` holds its own criteria that
    did not pass), ``integration`` (a criterion of the integration rubric) or
    ``kawasan`` (the Kawasan already holds Kawasan Menuju WBK).
    """

    id: str
    label: str
    group: KawasanGroup
    outcome: Outcome
    actual: float | str | bool | None
    required: float | str | bool | list[str] | None
    gap: float | None
    unit: str
    source: str | None
    reason: str
    member: tuple[str, str] | None = None
    details: tuple[CriterionResult, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; a member's criteria that did not pass under ``details``."""
        out: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "group": self.group,
            "outcome": self.outcome,
            "actual": self.actual,
            "required": self.required,
            "gap": self.gap,
            "unit": self.unit,
            "source": self.source,
            "reason": self.reason,
        }
        if self.member is not None:
            out["member"] = {"agency_id": self.member[0], "unit_id": self.member[1]}
            out["details"] = [c.to_dict() for c in self.details]
        return out


@dataclass(frozen=True, slots=True)
class KawasanPredicateResult:
    """Eligibility of the Kawasan for one predicate: the verdict and every condition."""

    predicate: str
    label: str
    outcome: PredicateOutcome
    criteria: tuple[KawasanCriterion, ...]

    @property
    def eligible(self) -> bool:
        """True when every condition passes."""
        return self.outcome == "eligible"

    @property
    def failed(self) -> tuple[str, ...]:
        """Ids of the conditions that fail."""
        return tuple(c.id for c in self.criteria if c.outcome == "fail")

    @property
    def inconclusive(self) -> tuple[str, ...]:
        """Ids of the conditions that are inconclusive."""
        return tuple(c.id for c in self.criteria if c.outcome == "inconclusive")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return {
            "predicate": self.predicate,
            "label": self.label,
            "outcome": self.outcome,
            "failed": list(self.failed),
            "inconclusive": list(self.inconclusive),
            "criteria": [c.to_dict() for c in self.criteria],
        }


class KawasanEvaluation:
    """A Kawasan judged: its members' evaluations, the integration's, and the verdicts.

    It reads as an evaluation where a lifecycle trigger takes one
    (``rubric_id``, ``total``, ``layer``, ``eligibility``): those of the
    integration assessment, with the Kawasan's eligibility. Build one with
    :func:`~zi_engine.evaluate_kawasan`.
    """

    def __init__(
        self,
        kawasan: Kawasan,
        members: tuple[MemberResult, ...],
        integration: Evaluation,
        *,
        as_of: date | None = None,
    ) -> None:
        self.kawasan = kawasan
        self.members = members
        self.integration = integration
        self.as_of = as_of

    # -- what a lifecycle trigger reads (EvaluationLike) ------------------------------------

    @property
    def rubric_id(self) -> str:
        """Id of the integration rubric."""
        return self.integration.rubric_id

    @property
    def rubric_version(self) -> str:
        """Version of the integration rubric."""
        return self.integration.rubric_version

    @property
    def rubric_hash(self) -> str:
        """Content hash of the integration rubric."""
        return self.integration.rubric_hash

    @property
    def total(self) -> float:
        """The integration score (0-10 on the bundled rubric), unanswered questions as 0."""
        return self.integration.total

    @property
    def layer(self) -> str | None:
        """The highest answer layer of the integration answers that counted."""
        return self.integration.layer

    # -- verdicts ---------------------------------------------------------------------------

    @cached_property
    def eligibility(self) -> dict[str, KawasanPredicateResult]:
        """Eligibility for every predicate the integration rubric judges (``WBK``, ``WBBM``)."""
        return {p: self._predicate(p) for p in self.integration.rubric.predicates}

    def _predicate(self, predicate: str) -> KawasanPredicateResult:
        criteria: list[KawasanCriterion] = []
        if predicate != "WBK":
            criteria.append(self._held())
        criteria += [_member_criterion(m, predicate) for m in self.members]
        criteria += _integration_criteria(self.integration, predicate)
        label = PREDICATE_LABELS.get(predicate, f"Kawasan Menuju {predicate}")
        outcome = combine(c.outcome for c in criteria)
        return KawasanPredicateResult(predicate, label, outcome, tuple(criteria))

    def _held(self) -> KawasanCriterion:
        held = self.kawasan.predicate_held
        if held is None:
            outcome: Outcome = "inconclusive"
            reason = _TEXT["held_unknown"]()
        elif held in ("WBK", "WBBM"):
            outcome, reason = "pass", _TEXT["held"](held=held)
        else:
            outcome, reason = "fail", _TEXT["not_held"]()
        return KawasanCriterion(
            id="predikat_kawasan_wbk",
            label=_TEXT["held_label"](),
            group="kawasan",
            outcome=outcome,
            actual=held,
            required=["WBK", "WBBM"],
            gap=None,
            unit="",
            source=_SOURCES["held"],
            reason=reason,
        )

    @property
    def integration_score(self) -> float:
        """The integration score (the same as :attr:`total`)."""
        return self.integration.total

    def what_it_would_take(self, predicate: str | None = None) -> KawasanPlan:
        """Which members must improve what, and what the integration needs;
        ``predicate`` defaults to the Kawasan's target."""
        from zi_engine.kawasan._plan import kawasan_plan

        return kawasan_plan(self, predicate or self.kawasan.target)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data: the Kawasan, its members, the integration and the verdicts."""
        info = self.kawasan.kawasan
        ev = self.integration
        aspects = [
            {"id": a.id, "label": a.label, "score": a.score, "maximum": a.maximum}
            for a in ev.areas.values()
        ]
        return {
            "kawasan": {
                "id": info.id,
                "name": info.name,
                "kind": info.kind,
                "agencies": list(self.kawasan.agencies),
            },
            "year": self.kawasan.year,
            "target": self.kawasan.target,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "predicate_held": self.kawasan.predicate_held,
            "members": [m.to_dict() for m in self.members],
            "integration": {
                "rubric_id": ev.rubric_id,
                "rubric_version": ev.rubric_version,
                "rubric_hash": ev.rubric_hash,
                "score": ev.total,
                "maximum": ev.rubric.tree.nodes[0].weight,
                "layer": ev.layer,
                "aspects": aspects,
                "missing_answers": list(ev.missing_answers),
            },
            "eligibility": {p: r.to_dict() for p, r in self.eligibility.items()},
        }


def _member_criterion(member: MemberResult, predicate: str) -> KawasanCriterion:
    name = member.name or member.unit_id
    base: dict[str, Any] = {
        "id": f"member.{member.agency_id}.{member.unit_id}",
        "label": _TEXT["member_label"](name=name, agency=member.agency_id, predicate=predicate),
        "group": "member",
        "required": "eligible",
        "gap": None,
        "unit": "",
        "source": _SOURCES.get(predicate),
        "member": (member.agency_id, member.unit_id),
    }
    ev = member.evaluation
    fill = {"unit": member.unit_id, "agency": member.agency_id, "predicate": predicate}
    if ev is None:
        reason = _TEXT["no_evaluation"](**fill)
        return KawasanCriterion(outcome="inconclusive", actual=None, reason=reason, **base)
    result = ev.eligibility.get(predicate)
    if result is None:
        reason = _TEXT["no_predicate"](rubric=ev.rubric_id, **fill)
        return KawasanCriterion(outcome="inconclusive", actual=None, reason=reason, **base)
    outcome: Outcome = _OUTCOME_OF[result.outcome]  # type: ignore[assignment]
    details = tuple(c for c in result.criteria if c.outcome not in _PASSING)
    shown = "; ".join(_shortfall(c) for c in details)
    key = {"pass": "meets", "fail": "does_not_meet"}.get(outcome, "undecided")
    reason = _TEXT[key](criteria=shown, **fill)
    return KawasanCriterion(
        outcome=outcome, actual=result.outcome, reason=reason, details=details, **base
    )


def _shortfall(c: CriterionResult) -> str:
    if c.gap:
        return _TEXT["short_by"](label=c.label, gap=c.gap, unit=" " + c.unit if c.unit else "")
    if c.outcome in ("fail", "inconclusive"):
        return _TEXT[c.outcome](label=c.label)
    return f"{c.label} ({c.outcome})"


def _integration_criteria(integration: Evaluation, predicate: str) -> list[KawasanCriterion]:
    result = integration.eligibility[predicate]
    return [
        KawasanCriterion(
            id=f"integration.{c.id}",
            label=c.label,
            group="integration",
            outcome=c.outcome,
            actual=c.actual,
            required=c.required,
            gap=c.gap,
            unit=c.unit,
            source=c.source,
            reason=c.reason,
        )
        for c in result.criteria
    ]
