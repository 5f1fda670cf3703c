"""Properties of Kawasan eligibility over any Kawasan the strategies draw.

* a Kawasan is never eligible when any member is not (nor when one is
  inconclusive or unevaluated);
* raising the integration score never lowers the outcome: an answered
  integration question raised to a better option, or an unanswered one
  answered at its best, leaves every predicate's outcome as good or better.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import zi_engine
from tests.support.kawasan import NEITHER, UNDECIDED, WBK_AND_WBBM, WBK_ONLY, member_evaluation
from zi_engine import Evaluation, Kawasan
from zi_engine.testing import kawasans

KINDS = (WBK_AND_WBBM, WBK_ONLY, NEITHER, UNDECIDED, None)  # None: no evaluation
RANK = {"not_eligible": 0, "inconclusive": 1, "eligible": 2}


def _evaluations(k: Kawasan, kinds: list[str | None]) -> list[Evaluation]:
    return [
        member_evaluation(kind, m.unit, m.agency)
        for kind, m in zip(kinds, k.members, strict=False)
        if kind is not None
    ]


@st.composite
def kawasan_and_members(draw: st.DrawFn) -> tuple[Kawasan, list[str | None]]:
    k = draw(kawasans())
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=len(k.members), max_size=len(k.members)))
    return k, kinds


@given(kawasan_and_members())
def test_never_eligible_unless_every_member_is(case: tuple[Kawasan, list[str | None]]) -> None:
    k, kinds = case
    ev = zi_engine.evaluate_kawasan(k, _evaluations(k, kinds))
    for predicate, result in ev.eligibility.items():
        members = {(m.agency_id, m.unit_id): m.evaluation for m in ev.members}
        outcomes = [
            "missing" if e is None else e.eligibility[predicate].outcome for e in members.values()
        ]
        if any(o != "eligible" for o in outcomes):
            assert result.outcome != "eligible", (predicate, outcomes)
        if "not_eligible" in outcomes:
            assert result.outcome == "not_eligible", (predicate, outcomes)
        integration = ev.integration.eligibility[predicate].outcome
        held_ok = predicate == "WBK" or k.predicate_held in ("WBK", "WBBM")
        if result.outcome == "eligible":
            assert integration == "eligible"
            assert held_ok
        if all(o == "eligible" for o in outcomes) and integration == "eligible" and held_ok:
            assert result.outcome == "eligible"


def _better(k: Kawasan, ev: Any, data: st.DataObject) -> Kawasan:
    """``k`` with one integration answer raised (or a missing one answered at its best)."""
    rubric = ev.integration.rubric
    engine = zi_engine.default_engine()
    qid = data.draw(st.sampled_from(sorted(rubric.questions)))
    question = rubric.question(qid)
    values = engine.answer_types[question.answer].option_values(question)
    current = ev.integration.items[qid].value
    if current is None:
        choices = [key for key, v in values.items() if v == max(values.values())]
    else:
        choices = [key for key, v in values.items() if v >= current]
    key = data.draw(st.sampled_from(sorted(choices)))
    answers = dict(k.integration.answers)
    old = answers.get(qid) or zi_engine.LayeredAnswer()
    answers[qid] = old.model_copy(update={"tpn": zi_engine.AnswerEntry(value=key)})
    integration = k.integration.model_copy(update={"answers": answers})
    return k.model_copy(update={"integration": integration})


@given(kawasan_and_members(), st.data())
def test_raising_the_integration_score_never_lowers_the_outcome(
    case: tuple[Kawasan, list[str | None]], data: st.DataObject
) -> None:
    k, kinds = case
    members = _evaluations(k, kinds)
    before = zi_engine.evaluate_kawasan(k, members)
    after = zi_engine.evaluate_kawasan(_better(k, before, data), members)
    assert after.total >= before.total - 1e-9
    for predicate, result in before.eligibility.items():
        raised = after.eligibility[predicate]
        assert RANK[raised.outcome] >= RANK[result.outcome], (predicate, before.total, after.total)
