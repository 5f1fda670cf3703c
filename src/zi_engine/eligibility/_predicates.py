"""A predicate's verdict and its criteria, and the context criterion kinds read.

An :class:`~zi_engine.Evaluation` decides a predicate with the judges its
rubric's bound criteria hold (:meth:`~zi_engine.CriterionKind.prepare`,
made once when the rubric binds them): each gives the id and outcome of its
results. The results themselves, with their texts, are built by each kind's
``evaluate()`` when :attr:`PredicateResult.criteria` is first read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import FrozenInstanceError, replace
from datetime import date
from functools import cached_property, partial
from typing import Any, Literal

from zi_engine._errors import ZiError, plugin_failed
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.eligibility._criteria import (
    CriterionJudge,
    CriterionResult,
    CriterionVerdict,
    Missing,
    ScoreBounds,
)
from zi_engine.rubric._model import Manifest
from zi_engine.rubric._rubric import BoundCriterion, Rubric
from zi_engine.rubric._tree import Tree
from zi_engine.scoring._score import Scores
from zi_engine.submission._model import Submission

__all__ = [
    "EvaluationContext",
    "PredicateOutcome",
    "PredicateResult",
    "decided_predicate",
    "judge_predicate",
]

PredicateOutcome = Literal["eligible", "not_eligible", "inconclusive"]
"""A predicate's verdict."""

_FIELDS = ("predicate", "label", "outcome", "criteria", "failed", "inconclusive")
_TUPLES = frozenset({"failed", "inconclusive"})


class PredicateResult:
    """Eligibility for one predicate: the verdict and every criterion behind it.

    Immutable; constructed, compared, hashed, shown and pickled as a frozen
    dataclass of ``predicate, label, outcome, criteria, failed,
    inconclusive`` is. An :class:`~zi_engine.Evaluation` decides the outcome
    (and which criteria fail or are inconclusive) when its eligibility is
    read, and builds :attr:`criteria` when they are first read.
    """

    __match_args__ = ("predicate", "label", "outcome", "criteria", "failed", "inconclusive")

    predicate: str
    label: str
    outcome: PredicateOutcome
    failed: tuple[str, ...]
    inconclusive: tuple[str, ...]
    _explain: Callable[[], tuple[CriterionResult, ...]] | None

    def __init__(
        self,
        predicate: str,
        label: str,
        outcome: PredicateOutcome,
        criteria: Sequence[CriterionResult],
        failed: tuple[str, ...] = (),
        inconclusive: tuple[str, ...] = (),
    ) -> None:
        given = tuple(criteria)
        self._set((predicate, label, outcome, failed, inconclusive, lambda: given))

    @classmethod
    def explained_on_read(
        cls,
        predicate: str,
        label: str,
        outcome: PredicateOutcome,
        failed: tuple[str, ...],
        inconclusive: tuple[str, ...],
        explain: Callable[[], tuple[CriterionResult, ...]],
    ) -> PredicateResult:
        """A result whose :attr:`criteria` are ``explain()``, called once, when first read."""
        result = cls.__new__(cls)
        result._set((predicate, label, outcome, failed, inconclusive, explain))
        return result

    def _set(self, values: tuple[Any, ...]) -> None:
        """``predicate, label, outcome, failed, inconclusive`` and the explanation's function."""
        names = ("predicate", "label", "outcome", "failed", "inconclusive", "_explain")
        for name, value in zip(names, values, strict=True):
            # as a frozen dataclass's __init__ sets its fields: past the refusing __setattr__
            object.__setattr__(self, name, tuple(value) if name in _TUPLES else value)

    @cached_property
    def criteria(self) -> tuple[CriterionResult, ...]:
        """Every criterion's result, in the order the rubric (then plugins) lists them."""
        assert self._explain is not None
        criteria = self._explain()
        object.__setattr__(self, "_explain", None)  # what it held is no longer needed
        return criteria

    @property
    def eligible(self) -> bool:
        """True when every criterion passes."""
        return self.outcome == "eligible"

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

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, PredicateResult)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._fields())


class EvaluationContext:
    """What criterion kinds read of one evaluation (see :class:`~zi_engine.CriterionContext`).

    It holds the rubric, submission and scores, not the evaluation, so the
    predicate results that explain themselves through it do not keep the
    evaluation alive.
    """

    __slots__ = ("_rubric", "_scores", "_submission", "as_of")

    def __init__(
        self, rubric: Rubric, submission: Submission, scores: Scores, as_of: date | None
    ) -> None:
        self._rubric = rubric
        self._submission = submission
        self._scores = scores
        self.as_of = as_of

    @property
    def agency_type(self) -> str | None:
        return self._submission.unit.agency.type

    @property
    def manifest(self) -> Manifest:
        return self._rubric.manifest

    @property
    def tree(self) -> Tree:
        return self._rubric.tree

    @property
    def scores(self) -> Scores:
        return self._scores

    def score(self, ref: str) -> ScoreBounds:
        tree = self._rubric.tree
        s = self._scores
        if ref.startswith("item:"):
            index = tree.resolve_item(ref)
            if index is None:
                raise KeyError(ref)
            item = tree.items[index]
            low = item.coef * s.values[index] if item.scored else 0.0
            if s.known[index]:
                return ScoreBounds(low, low, item.coef, 0)
            return ScoreBounds(low, item.coef * item.best, item.coef, 1)
        node = tree.resolve(ref)
        if node is None:
            raise KeyError(ref)
        return self.node_score(node)

    def node_score(self, index: int) -> ScoreBounds:
        s = self._scores
        weight = self._rubric.tree.nodes[index].weight
        return ScoreBounds(s.low[index], s.high[index], weight, s.missing_below[index])

    def fact(self, path: str) -> Any | Missing:
        return self._submission.facts.get(path)


def judge_predicate(
    ctx: EvaluationContext, criteria: Sequence[BoundCriterion], predicate: str, label: str
) -> PredicateResult:
    """``predicate``'s verdict from ``criteria``, its results explained when first read."""
    failed: list[str] = []
    unsure: list[str] = []
    built: list[Sequence[CriterionResult] | None] = []  # results evaluate() already gave
    for bound in criteria:
        judge = bound.judge
        if judge is None:  # a kind that decides with evaluate(): keep what it built
            results = _judged(bound, ctx, predicate)
            verdicts: Sequence[CriterionVerdict] = [(r.id, r.outcome) for r in results]
            built.append(results)
        else:
            verdicts = _verdicts(bound, judge, ctx, predicate)
            built.append(None)
        for rid, said in verdicts:
            if said == "fail":
                failed.append(rid)
            elif said == "inconclusive":
                unsure.append(rid)
    outcome: PredicateOutcome = (
        "not_eligible" if failed else "inconclusive" if unsure else "eligible"
    )

    return PredicateResult.explained_on_read(
        predicate,
        label,
        outcome,
        tuple(failed),
        tuple(unsure),
        partial(_explain, ctx, criteria, built, predicate),
    )


def decided_predicate(
    ctx: EvaluationContext,
    criteria: Sequence[BoundCriterion],
    predicate: str,
    label: str,
    verdict: tuple[PredicateOutcome, tuple[str, ...], tuple[str, ...]],
) -> PredicateResult:
    """A predicate already decided elsewhere (``(outcome, failed, inconclusive)``, by a worker
    process judging the same rubric and submission), its results explained when first read."""
    outcome, failed, unsure = verdict
    built = [None] * len(criteria)
    return PredicateResult.explained_on_read(
        predicate,
        label,
        outcome,
        failed,
        unsure,
        partial(_explain, ctx, criteria, built, predicate),
    )


def _explain(
    ctx: EvaluationContext,
    criteria: Sequence[BoundCriterion],
    built: Sequence[Sequence[CriterionResult] | None],
    predicate: str,
) -> tuple[CriterionResult, ...]:
    """The results of ``criteria``: what ``evaluate()`` already ``built``, else it builds now."""
    out: list[CriterionResult] = []
    for bound, results in zip(criteria, built, strict=True):
        for result in _judged(bound, ctx, predicate) if results is None else results:
            # the group comes from where the rubric lists it (criteria/gates/plugin)
            same = result.group == bound.group
            out.append(result if same else replace(result, group=bound.group))  # type: ignore[arg-type]
    return tuple(out)


# -- plugins contained: a plugin's kind that raises or answers wrongly is its error ------------
# zi_engine's own kinds are not wrapped: their failure is a bug of ours, and says so.


def _own(kind: object) -> bool:
    return type(kind).__module__.startswith("zi_engine.")


def _hook(bound: BoundCriterion, predicate: str) -> str:
    return t(
        "eligibility.plugin_kind",
        "criterion kind {kind} (criterion {criterion} of {predicate})",
        kind=repr(bound.kind.name),
        criterion=repr(bound.spec.id),
        predicate=predicate,
    )


def _judged(bound: BoundCriterion, ctx: EvaluationContext, predicate: str) -> list[CriterionResult]:
    """A criterion kind's results from ``evaluate()``."""
    kind = bound.kind
    if _own(kind):
        return list(kind.evaluate(bound.spec, ctx))
    plugin = type(kind).__module__  # the kind's own module (plugin names are not kept here)
    try:
        results = list(kind.evaluate(bound.spec, ctx))
    except ZiError:
        raise
    except Exception as exc:
        raise plugin_failed(plugin, _hook(bound, predicate), exc) from exc
    for result in results:
        if not isinstance(result, CriterionResult):
            raise plugin_failed(
                plugin,
                _hook(bound, predicate),
                t(
                    "eligibility.plugin_not_result",
                    "gave {type}, not a CriterionResult",
                    type=type(result).__name__,
                ),
            )
    return results


def _verdicts(
    bound: BoundCriterion, judge: CriterionJudge, ctx: EvaluationContext, predicate: str
) -> Sequence[CriterionVerdict]:
    """A prepared judge's ``(id, outcome)`` pairs."""
    if _own(bound.kind):
        return judge(ctx)
    plugin = type(bound.kind).__module__
    try:
        verdicts = list(judge(ctx))
    except ZiError:
        raise
    except Exception as exc:
        raise plugin_failed(plugin, _hook(bound, predicate), exc) from exc
    for verdict in verdicts:
        ok = (
            isinstance(verdict, tuple)
            and len(verdict) == 2
            and isinstance(verdict[0], str)
            and verdict[1] in ("pass", "fail", "inconclusive", "not_applicable")
        )
        if not ok:
            raise plugin_failed(
                plugin,
                _hook(bound, predicate),
                t(
                    "eligibility.plugin_bad_verdict",
                    "judge gave {verdict}, not (id, outcome)",
                    verdict=show(verdict),
                ),
            )
    return verdicts
