"""Eligibility criteria: kinds that measure, and results that explain.

A rubric's predicates list criteria by ``kind``. Each kind (built-in ones in
``_kinds``, more from plugins through ``zi_criterion_kinds``)
checks its spec when the rubric loads and turns an evaluation into one or more
:class:`CriterionResult` s, each saying what was measured, what was required,
the gap, where the rule comes from, and an outcome that may be
``inconclusive`` when facts or answers are missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

from zi_engine._constants import MISSING, TOLERANCE, Missing
from zi_engine._i18n import Text, t

if TYPE_CHECKING:
    from zi_engine.rubric._model import CriterionSpec, Manifest
    from zi_engine.rubric._tree import Tree
    from zi_engine.scoring._score import Scores

__all__ = [
    "EPSILON",
    "MISSING",
    "CriterionContext",
    "CriterionJudge",
    "CriterionKind",
    "CriterionResult",
    "CriterionVerdict",
    "Group",
    "Missing",
    "Outcome",
    "ScoreBounds",
    "ScoreGoal",
    "judge_bounds",
    "meets",
    "outcome_of",
]

Outcome = Literal["pass", "fail", "inconclusive", "not_applicable"]
"""A criterion result's verdict."""

Group = Literal["score", "gate", "extra"]
"""Where a criterion is listed: a score threshold, a gate, or a plugin's extra rule."""

EPSILON: float = TOLERANCE
"""The library's one float tolerance, by the name this module has always exported."""


def meets(actual: float, required: float) -> bool:
    """``actual >= required``, immune to float rounding (3.60/4 × 17.5 meets 15.75)."""
    return actual >= required - TOLERANCE


@dataclass(frozen=True, slots=True)
class ScoreBounds:
    """A node's score with unanswered questions counted as worst (``low``) and best (``high``)."""

    low: float
    high: float
    maximum: float
    missing: int  # unanswered questions below the node

    @property
    def exact(self) -> bool:
        """True when no unanswered question can move the score."""
        return self.missing == 0 or self.low == self.high


@dataclass(frozen=True, slots=True)
class ScoreGoal:
    """A score that must reach ``points`` for a criterion result to pass.

    ``ref`` names a node or an item the way :meth:`CriterionContext.score`
    takes it: ``total``, ``pengungkit.pemenuhan``, ``area:<area id>``,
    ``item:<question id>``.
    """

    ref: str
    points: float


# values that copy.deepcopy (and so dataclasses.asdict) returns as they are
_ATOMIC = frozenset({str, int, float, bool, type(None)})


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion's verdict and its explanation.

    ``actual`` is what was measured (``None`` when unknown), ``required`` the
    threshold or expected value, ``gap`` how much ``actual`` falls short in
    ``unit`` (0 when met; ``None`` when not numeric or unknown). ``reason``
    says it in plain words, in the language chosen when the result was made;
    :attr:`reason_code` is its stable code (``eligibility.below_minimum``), for
    callers that act on why rather than read it.
    """

    id: str
    label: str
    group: Group
    kind: str
    outcome: Outcome
    actual: float | str | bool | None
    required: float | str | bool | list[str] | None
    gap: float | None
    unit: str
    source: str | None
    reason: str
    warnings: tuple[str, ...] = ()
    """Things the facts or answers contradict that do not decide the outcome (the evaluation
    lists them among its warnings)."""

    @property
    def reason_code(self) -> str | None:
        """The stable code of :attr:`reason` (``None`` for a plugin's plain text)."""
        return self.reason.code if isinstance(self.reason, Text) else None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; ``warnings`` only when there are some.

        ``reason`` is the text and ``reason_code`` its stable code; the texts
        are plain strings, in the language the result was made in.
        """
        out = self._fields()
        out.pop("warnings", None)
        out["reason_code"] = self.reason_code
        if self.warnings:
            out["warnings"] = [str(w) for w in self.warnings]
        return out

    def _fields(self) -> dict[str, Any]:
        """The fields as plain data: what :func:`dataclasses.asdict` gives, built directly.

        Text, numbers, booleans and ``None`` (and a list of them as
        ``required``) are what ``asdict`` would copy as they are; anything
        else still goes through ``asdict``.
        """
        out = {
            "id": self.id,
            "label": self.label,
            "group": self.group,
            "kind": self.kind,
            "outcome": self.outcome,
            "actual": self.actual,
            "required": self.required,
            "gap": self.gap,
            "unit": self.unit,
            "source": self.source,
            "reason": str(self.reason),  # the text, not the Text (a str subclass)
        }
        if all(v.__class__ in _ATOMIC for v in out.values()):
            return out
        required = self.required
        others = all(v.__class__ in _ATOMIC for k, v in out.items() if k != "required")
        if others and required.__class__ is list and all(r.__class__ in _ATOMIC for r in required):
            out["required"] = list(required)  # a one_of list: asdict gives a copy
            return out
        return asdict(self)


class CriterionContext(Protocol):
    """What a criterion kind can read from an evaluation."""

    @property
    def as_of(self) -> date | None:
        """The evaluation date (``None`` if neither the caller nor the submission gave one)."""

    @property
    def agency_type(self) -> str | None:
        """``"regional"`` or ``"central"``, when known."""

    @property
    def manifest(self) -> Manifest:
        """The rubric's manifest (grades, policies)."""

    @property
    def tree(self) -> Tree:
        """The rubric's scoring tree."""

    def score(self, ref: str) -> ScoreBounds:
        """Bounds of a node (``total``, ``area:x``, a path) or item (``item:id``) score."""

    def node_score(self, index: int) -> ScoreBounds:
        """Bounds of a node by index."""

    def fact(self, path: str) -> Any | Missing:
        """A fact such as ``agency.sakip_grade``, or :data:`MISSING` (see :meth:`Facts.get`)."""

    @property
    def scores(self) -> Scores:
        """The raw scores (per node ``low``, ``high``, ``missing_below``; per item ``values``).

        What :meth:`score` and :meth:`node_score` read; a prepared judge
        (:meth:`CriterionKind.prepare`) reads it directly.
        """


CriterionVerdict = tuple[str, Outcome]
"""One criterion result's id and outcome, decided before any words are put to it."""

CriterionJudge = Callable[[CriterionContext], Sequence[CriterionVerdict]]
"""What :meth:`CriterionKind.prepare` returns: an evaluation's context to its verdicts."""


class CriterionKind:
    """Base class of criterion kinds; subclass it to add one through a plugin.

    Set :attr:`name` and :attr:`group`; implement :meth:`check` (problems with
    a spec, reported at load time with the spec's file and line) and
    :meth:`evaluate`. A kind whose results a score decides also implements
    :meth:`score_goals`, so the improvement plan can work toward it. A kind may
    implement :meth:`prepare` too, to decide outcomes without building results.
    """

    name: str = ""
    group: Group = "score"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        """Problems with ``spec`` for this kind (empty when it is fine)."""
        return []

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        """The result(s) of ``spec`` for the evaluation behind ``ctx``."""
        raise NotImplementedError

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        """A function that decides ``spec``'s outcomes, worked out once when the rubric binds it.

        The function takes an evaluation's context and returns the ``(id,
        outcome)`` of each result :meth:`evaluate` gives, in the same order,
        without building the results or their texts: an evaluation decides
        eligibility with it and calls :meth:`evaluate` only when a predicate's
        ``criteria`` are read. It reads only the context it is given (the
        rubric's tree and manifest do not change once loaded). ``None`` (the
        default) means: decide with :meth:`evaluate`.
        """
        return None

    def score_goals(
        self, spec: CriterionSpec, result: CriterionResult, tree: Tree
    ) -> Sequence[ScoreGoal]:
        """The scores that, once they reach their points, make ``result`` pass.

        The improvement plan asks this for every result of ``spec`` that does
        not pass, and looks for answers that raise those scores. Return ``()``
        (the default) when answers cannot decide the result – a gate on a
        fact: the plan then lists it as a requirement.
        """
        return ()

    def result(
        self,
        spec: CriterionSpec,
        outcome: Outcome,
        *,
        actual: float | str | bool | None,
        required: float | str | bool | list[str] | None,
        gap: float | None,
        unit: str,
        reason: str,
        group: Group | None = None,
        suffix: str = "",
        label: str | None = None,
    ) -> CriterionResult:
        """Build a result for ``spec`` (helper for subclasses)."""
        return CriterionResult(
            id=spec.id + suffix,
            label=label or spec.label,
            group=group or self.group,
            kind=spec.kind,
            outcome=outcome,
            actual=actual,
            required=required,
            gap=gap,
            unit=unit,
            source=spec.source,
            reason=reason,
        )


def outcome_of(low: float, high: float, required: float) -> Outcome:
    """Pass/fail/inconclusive for a score threshold: :func:`judge_bounds` without the words."""
    if meets(low, required):
        return "pass"
    if not meets(high, required):
        return "fail"
    return "inconclusive"


def judge_bounds(bounds: ScoreBounds, required: float) -> tuple[Outcome, str]:
    """Pass/fail/inconclusive for a score threshold, with the reason in words."""
    if meets(bounds.low, required):
        return "pass", t(
            "eligibility.meets_minimum",
            "{score:.2f} meets the minimum {minimum:.2f}",
            score=bounds.low,
            minimum=required,
        )
    if not meets(bounds.high, required):
        if bounds.missing:
            return "fail", t(
                "eligibility.below_even_at_best",
                "{score:.2f} is below {minimum:.2f}, and stays below it even if the {missing}"
                " unanswered question(s) get the best answer",
                score=bounds.low,
                minimum=required,
                missing=bounds.missing,
            )
        return "fail", t(
            "eligibility.below_minimum",
            "{score:.2f} is below the minimum {minimum:.2f}",
            score=bounds.low,
            minimum=required,
        )
    return "inconclusive", t(
        "eligibility.undecided",
        "{score:.2f} so far; {missing} unanswered question(s) decide whether it reaches"
        " {minimum:.2f}",
        score=bounds.low,
        missing=bounds.missing,
        minimum=required,
    )
