"""Prepared judges decide what each kind's ``evaluate()`` decides; criteria are built on read.

The reference path is the straightforward one: every bound criterion's kind
``evaluate()``-s its spec, results are regrouped where the rubric lists them,
and the predicate's verdict follows from their outcomes. The prepared path is
what an :class:`~zi_engine.Evaluation` does: the judges its rubric's bound
criteria hold give ids and outcomes, and the results are built when a
predicate's ``criteria`` are first read.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from dataclasses import FrozenInstanceError, replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zi_engine
from tests.support.cases import BUNDLED, SOURCES, cases
from zi_engine import (
    MISSING,
    CriterionContext,
    CriterionResult,
    CriterionSpec,
    Engine,
    PredicateResult,
    Rubric,
    Submission,
    hookimpl,
)
from zi_engine.eligibility._kinds import FactTrue, ScoreMin
from zi_engine.eligibility._predicates import EvaluationContext

MakeSubmission = Callable[..., Submission]


def _reference(ev: zi_engine.Evaluation, predicate: str) -> tuple[CriterionResult, ...]:
    """``predicate``'s criteria as each kind's ``evaluate()`` gives them, regrouped."""
    ctx = EvaluationContext(ev.rubric, ev.submission, ev.scores, ev.as_of)
    out = []
    for bound in ev.rubric.criteria(predicate):
        for result in bound.kind.evaluate(bound.spec, ctx):
            same = result.group == bound.group
            out.append(result if same else replace(result, group=bound.group))  # type: ignore[arg-type]
    return tuple(out)


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
def test_the_prepared_path_agrees_with_the_reference_path(source: str, data: st.DataObject) -> None:
    case = data.draw(cases(source, complete=data.draw(st.sampled_from([None, False]))))
    ev = zi_engine.evaluate(case.rubric, case.submission)
    for pred, result in ev.eligibility.items():
        reference = _reference(ev, pred)
        failed = tuple(c.id for c in reference if c.outcome == "fail")
        unsure = tuple(c.id for c in reference if c.outcome == "inconclusive")
        verdict = "not_eligible" if failed else "inconclusive" if unsure else "eligible"
        # decided before any criterion is built
        assert (result.outcome, result.failed, result.inconclusive) == (verdict, failed, unsure)
        assert result.criteria == reference
        assert [repr(c) for c in result.criteria] == [repr(c) for c in reference]  # types too


class _Facts:
    """A context whose facts are whatever the test draws: numbers, texts, dates, junk."""

    def __init__(self, ev: zi_engine.Evaluation, facts: dict[str, Any], agency: str | None):
        self._ctx = EvaluationContext(ev.rubric, ev.submission, ev.scores, ev.as_of)
        self._facts = facts
        self.agency_type = agency
        self.as_of = ev.as_of
        self.manifest = ev.rubric.manifest
        self.tree = ev.rubric.tree
        self.scores = ev.scores
        self.score = self._ctx.score
        self.node_score = self._ctx.node_score

    def fact(self, path: str) -> Any:
        return self._facts.get(path, MISSING)


_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " B ", "bb", "AA", "Z", "12,5", "100", "ya", "2024-02-29", "x"]),
    st.dates(date(2015, 1, 1), date(2027, 12, 31)),
    st.dates(date(2015, 1, 1), date(2027, 12, 31)).map(date.isoformat),
)


@given(data=st.data())
def test_judges_agree_with_evaluate_on_any_fact_values(data: st.DataObject) -> None:
    case = data.draw(cases("bundled", complete=data.draw(st.sampled_from([None, False]))))
    ev = zi_engine.evaluate(case.rubric, case.submission)
    paths = sorted({b.spec.fact for p in BUNDLED.predicates for b in BUNDLED.criteria(p)} - {None})
    paths += ["agency.sakip_score", "agency.indeks_rb_score", "unit.sakip_score"]
    facts = data.draw(st.dictionaries(st.sampled_from(paths), _ODD_VALUES))
    ctx: CriterionContext = _Facts(ev, facts, data.draw(st.sampled_from([None, "regional", "x"])))
    for pred in BUNDLED.predicates:
        for bound in BUNDLED.criteria(pred):
            assert bound.judge is not None, bound.spec.kind  # every built-in kind prepares
            expected = [(r.id, r.outcome) for r in bound.kind.evaluate(bound.spec, ctx)]
            assert list(bound.judge(ctx)) == expected, bound.spec.id


def test_an_explained_result_equals_one_built_with_its_criteria(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    deferred = zi_engine.evaluate(rubric, make_submission()).eligibility["WBK"]
    built = PredicateResult(
        deferred.predicate,
        deferred.label,
        deferred.outcome,
        deferred.criteria,
        deferred.failed,
        deferred.inconclusive,
    )
    assert deferred.criteria is deferred.criteria  # built once
    assert built == deferred
    assert hash(built) == hash(deferred)
    assert repr(built) == repr(deferred)
    assert built != replace_outcome(built)
    unread = zi_engine.evaluate(rubric, make_submission()).eligibility["WBK"]
    assert pickle.loads(pickle.dumps(unread)) == deferred  # criteria built to travel
    with pytest.raises(FrozenInstanceError):
        deferred.outcome = "eligible"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del deferred.label
    match deferred:
        case PredicateResult(predicate, _, outcome, criteria):
            assert (predicate, outcome, criteria) == ("WBK", built.outcome, built.criteria)


def replace_outcome(result: PredicateResult) -> PredicateResult:
    other = "eligible" if result.outcome != "eligible" else "not_eligible"
    return PredicateResult(result.predicate, result.label, other, result.criteria)


class _Stricter(ScoreMin):
    """A plugin's kind built on ``score_min`` that judges differently: always a fail."""

    name = "stricter_score_min"

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        return [replace(r, outcome="fail") for r in super().evaluate(spec, ctx)]


class _Counting(FactTrue):
    """A kind that decides with ``evaluate()`` (no judge), counting its calls."""

    name = "counting_fact_true"
    calls = 0

    def prepare(self, spec: CriterionSpec, tree: Any, manifest: Any) -> None:
        return None

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        type(self).calls += 1
        return super().evaluate(spec, ctx)


class _Plugin:
    @hookimpl
    def zi_criterion_kinds(self) -> Sequence[Any]:
        return [_Stricter(), _Counting()]

    @hookimpl
    def zi_extra_criteria(self, rubric: Rubric, predicate: str) -> Sequence[dict[str, Any]]:
        if predicate != "WBK":
            return []
        return [
            {"id": "x_total", "label": "total", "kind": "stricter_score_min", "node": "total",
             "min": 0},
            {"id": "x_core", "label": "core", "kind": "counting_fact_true",
             "fact": "unit.core_service"},
        ]  # fmt: skip


def test_a_plugin_kind_is_decided_by_its_own_evaluate_once(make_submission: MakeSubmission) -> None:
    engine = Engine(plugins=[_Plugin()])
    rubric = engine.load_rubric("permenpan-rb-90-2021")
    bound = {b.spec.id: b for b in rubric.criteria("WBK")}
    assert bound["x_total"].judge is None  # it overrides evaluate(): no score_min judge
    assert bound["x_core"].judge is None
    _Counting.calls = 0
    result = engine.evaluate(rubric, make_submission()).eligibility["WBK"]
    assert "x_total" in result.failed
    assert result.outcome == "not_eligible"
    assert [c.outcome for c in result.criteria if c.id == "x_total"] == ["fail"]
    assert _Counting.calls == 1  # judged and explained from one evaluate()
