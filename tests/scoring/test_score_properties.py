"""Scores: bounds, sums, the reference roll-up, monotonicity, order independence, the plan.

Every property runs on generated rubrics (any shape the format allows) and on
the bundled PermenPAN-RB 90/2021 rubric, with random submissions.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from tests.support.cases import SOURCES, Case, cases
from tests.support.properties import (
    FIXED,
    FORMULAS,
    Reference,
    all_scores,
    answered_layer,
    close,
    conflicting_counts,
    count_roles,
    evaluate,
    examples,
    number,
    option_table,
    plan_ceiling,
    raw_value,
)
from zi_engine import Submission, plan
from zi_engine import testing as zt
from zi_engine.submission._model import LAYERS

SCORE_KINDS = ("score_min", "area_percent_min")


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
def test_every_node_and_item_is_between_zero_and_its_maximum(
    source: str, data: st.DataObject
) -> None:
    case = data.draw(cases(source))
    up_to = data.draw(st.sampled_from(LAYERS))
    ev = evaluate(case.rubric, case.submission, up_to)
    tree = case.rubric.tree
    for node in tree.nodes:
        b = ev.node_score(node.index)
        slack = 1e-9 * max(1.0, node.weight)
        assert -slack <= b.low <= b.high + slack, node.path
        assert b.high <= node.weight + slack, (node.path, b.high, node.weight)
    for item in ev.items.values():
        assert -1e-12 <= item.score <= item.maximum + 1e-9, item
        if item.status in ("answered", "computed"):
            assert item.value is not None
            assert 0.0 <= item.value <= 1.0, item
    assert 0.0 <= ev.total <= case.rubric.manifest.total + 1e-9


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
def test_total_is_the_sum_of_its_components_at_every_level(
    source: str, data: st.DataObject
) -> None:
    case = data.draw(cases(source))
    ev = evaluate(case.rubric, case.submission)

    def check(node: Any) -> None:
        if node.children:
            parts = sum(c.score for c in node.children)
            assert close(node.score, parts, node.maximum), node.path
            for child in node.children:
                check(child)
        elif node.items:
            assert close(node.score, sum(i.score for i in node.items), node.maximum), node.path

    check(ev.tree)
    assert close(ev.total, sum(c.score for c in ev.components.values()), ev.tree.maximum)
    for area in ev.areas.values():  # whole areas: pemenuhan + reform
        check(area)


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
def test_scores_match_the_official_roll_up_recomputed_independently(
    source: str, data: st.DataObject
) -> None:
    """Sub-area = mean(values of scored items) × weight (or Σ value × weight), counts
    score nothing, unanswered counts 0, no intermediate rounding (domain.md §4)."""
    case = data.draw(cases(source))
    up_to = data.draw(st.sampled_from(LAYERS))
    ev = evaluate(case.rubric, case.submission, up_to)
    ref = Reference(case.rubric, case.submission, up_to)
    for path, expected in ref.scores.items():
        assert close(ev.score(path).low, expected, case.rubric.manifest.total), path


# ---------------------------------------------------------------------------- monotonicity
#
# "Improving" an answer, per answer type:
# * a choice (Ya/Tidak, A-C, A-D, A-E, options): an option whose value in the rubric is at
#   least the current option's value;
# * a survey index: a larger index (up to the scale maximum);
# * a count: it scores nothing itself; it is better in the direction that raises every
#   formula reading it – a ratio's numerator up, a denominator down; a decline's previous
#   count up or its current count down (fewer violations this year than last is the goal).
#   A count that some formula wants larger and another wants smaller has no "better"
#   direction and is left out; a count no formula reads may change freely (it moves
#   nothing).
# The improved answer replaces the answer that counts (the highest layer that has one).


def _improvement(data: st.DataObject, case: Case) -> tuple[str, Any, str] | None:
    rubric, sub = case.rubric, case.submission
    roles = count_roles(rubric)
    answered = []
    for qid, q in rubric.questions.items():
        raw, layer = answered_layer(sub, qid)
        if raw is None or q.answer in FORMULAS:
            continue
        if q.answer == "count" and roles.get(qid) == {1, -1}:
            continue
        answered.append((qid, raw, layer))
    if not answered:
        return None
    qid, raw, layer = data.draw(st.sampled_from(answered))
    q = rubric.question(qid)
    if q.answer == "survey_index":
        new: Any = data.draw(st.floats(number(raw), q.scale_max))
    elif q.answer == "count":
        now = int(number(raw))
        role = roles.get(qid, set())
        if role == {1}:
            new = now + data.draw(st.integers(0, 5))
        elif role == {-1}:
            new = data.draw(st.integers(0, now))
        else:
            new = data.draw(st.integers(0, 100))
    else:
        value = raw_value(q, raw)
        better = [k for k, v in option_table(q).items() if v >= value]
        new = data.draw(st.sampled_from(better))
    note(f"improve {qid} in layer {layer}: {raw!r} -> {new!r}")
    return qid, new, layer  # type: ignore[return-value]


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
def test_a_better_answer_never_lowers_any_score(source: str, data: st.DataObject) -> None:
    case = data.draw(cases(source))
    change = _improvement(data, case)
    assume(change is not None)
    assert change is not None
    qid, new, layer = change
    before = all_scores(evaluate(case.rubric, case.submission))
    improved = case.submission.with_answers({qid: new}, layer=layer)  # type: ignore[arg-type]
    after = all_scores(evaluate(case.rubric, improved))
    for ref, (low, high) in before.items():
        assert after[ref][0] >= low - 1e-9, (ref, low, after[ref][0])
        assert after[ref][1] >= high - 1e-9, (ref, high, after[ref][1])


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
def test_answering_an_unanswered_question_never_lowers_any_score(
    source: str, data: st.DataObject
) -> None:
    """Unanswered counts 0, so any answer is at least as good (the upper bound may fall)."""
    case = data.draw(cases(source, complete=False))
    missing = [
        q
        for qid, q in case.rubric.questions.items()
        if q.answer not in FORMULAS and answered_layer(case.submission, qid)[0] is None
    ]
    assume(missing)
    q = data.draw(st.sampled_from(missing))
    value = data.draw(zt.answers_for(q))
    before = all_scores(evaluate(case.rubric, case.submission))
    after = all_scores(evaluate(case.rubric, case.submission.with_answers({q.id: value})))
    for ref, (low, _) in before.items():
        assert after[ref][0] >= low - 1e-9, (ref, low, after[ref][0])


# ---------------------------------------------------------------------------- order


def _shuffle(value: Any, rng: random.Random) -> Any:
    """Reorder every list of areas, sub-areas, questions and components, and every parts
    table; leave value lists (numerator, options, evidence, grades) alone."""
    if isinstance(value, dict):
        out = {k: _shuffle(v, rng) for k, v in value.items()}
        for key in ("areas", "sub_areas", "questions", "components"):
            if isinstance(out.get(key), list):
                rng.shuffle(out[key])
        if isinstance(out.get("parts"), dict):
            items = list(out["parts"].items())
            rng.shuffle(items)
            out["parts"] = dict(items)
        elif isinstance(out.get("parts"), list):
            rng.shuffle(out["parts"])
        return out
    if isinstance(value, list):
        return [_shuffle(v, rng) for v in value]
    return value


@given(case=cases("generated"), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=examples(0.75))
def test_order_of_files_areas_and_questions_changes_no_result(case: Case, seed: int) -> None:
    assert case.documents is not None
    shuffled = _shuffle(copy.deepcopy(case.documents), random.Random(seed))
    other = zt.load_documents(shuffled)
    a, b = evaluate(case.rubric, case.submission), evaluate(other, case.submission)
    scale = case.rubric.manifest.total
    for ref, (low, high) in all_scores(a).items():
        assert close(all_scores(b)[ref][0], low, scale), ref
        assert close(all_scores(b)[ref][1], high, scale), ref
    assert a.missing_answers == b.missing_answers or set(a.missing_answers) == set(
        b.missing_answers
    )
    for pred, result in a.eligibility.items():
        mine = {c.id: c for c in result.criteria}
        theirs = {c.id: c for c in b.eligibility[pred].criteria}
        assert mine.keys() == theirs.keys()
        for cid, c in mine.items():
            assert c.outcome == theirs[cid].outcome, cid
        assert result.outcome == b.eligibility[pred].outcome


# ---------------------------------------------------------------------------- the plan


def _apply(sub: Submission, steps: Any, layer: str) -> Submission:
    changes: dict[str, Any] = {}
    for step in steps:
        changes.update(step.changes)
    return sub.with_answers(changes, layer=layer)  # type: ignore[arg-type]


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
@settings(max_examples=examples(0.75))
def test_a_plan_that_claims_success_really_passes_every_score_criterion(
    source: str, data: st.DataObject
) -> None:
    """``achievable`` means: after the steps, every score criterion passes; and if the
    gates passed already, the unit is eligible."""
    case = data.draw(cases(source, facts=True))
    up_to = data.draw(st.sampled_from(LAYERS))
    ev = evaluate(case.rubric, case.submission, up_to)
    for target in case.rubric.predicates:
        p = plan(ev, target)
        if not p.achievable:
            continue
        after = evaluate(case.rubric, _apply(case.submission, p.steps, up_to), up_to)
        results = after.eligibility[target].criteria
        for r in results:
            if r.kind in SCORE_KINDS:
                assert r.outcome in ("pass", "not_applicable"), (target, r)
        gates_ok = all(
            r.outcome in ("pass", "not_applicable")
            for r in ev.eligibility[target].criteria
            if r.kind not in SCORE_KINDS
        )
        if gates_ok:
            assert after.eligibility[target].outcome == "eligible", target
        assert p.outcome_after == after.eligibility[target].outcome


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
@settings(max_examples=examples(0.5))
def test_plan_steps_only_improve_answers(source: str, data: st.DataObject) -> None:
    case = data.draw(cases(source))
    ev = evaluate(case.rubric, case.submission)
    roles = count_roles(case.rubric)
    for target in case.rubric.predicates:
        for step in plan(ev, target).steps:
            for qid, new in step.changes.items():
                q = case.rubric.question(qid)
                old, _ = answered_layer(case.submission, qid)
                if old is None:
                    continue
                if q.answer in FIXED or q.answer == "options":
                    assert raw_value(q, new) >= raw_value(q, old), (qid, old, new)
                elif q.answer == "count" and roles.get(qid) == {1}:
                    assert number(new) >= number(old), (qid, old, new)
                elif q.answer == "count" and roles.get(qid) == {-1}:
                    assert number(new) <= number(old), (qid, old, new)


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
@settings(max_examples=examples(0.5))
def test_a_plan_names_each_question_once(source: str, data: st.DataObject) -> None:
    """Steps are shown sorted by points, so two steps for one question (C→B, then B→A)
    would tell the reader to end on the wrong answer when followed in order."""
    case = data.draw(cases(source))
    ev = evaluate(case.rubric, case.submission)
    for target in case.rubric.predicates:
        changed = [qid for step in plan(ev, target).steps for qid in step.changes]
        assert len(changed) == len(set(changed)), (target, changed)


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
@settings(max_examples=examples(0.5), suppress_health_check=[HealthCheck.filter_too_much])
def test_a_plan_is_found_whenever_the_changes_it_may_make_pass(
    source: str, data: st.DataObject
) -> None:
    """If making every change the plan is allowed to make (best options, formulas at 100%)
    passes every score criterion, the plan must find a way (it is greedy, not blind)."""
    # every question answered (up to TPN): an unanswered formula input is the subject of
    # test_a_plan_does_not_count_on_a_ratio_with_an_unanswered_count
    case = data.draw(cases(source, complete=True))
    assume(not _shared_counts(case))
    up_to = "tpn"
    assert not _unanswered_formula_inputs(case, up_to)
    ev = evaluate(case.rubric, case.submission, up_to)
    ceiling = evaluate(case.rubric, plan_ceiling(case.rubric, case.submission, up_to), up_to)
    for target in case.rubric.predicates:
        reachable = all(
            r.outcome == "pass"
            for r in ceiling.eligibility[target].criteria
            if r.kind in SCORE_KINDS
        )
        if reachable:
            p = plan(ev, target)
            note(f"{target}: steps {[s.changes for s in p.steps]}, unreachable {p.unreachable}")
            assert p.achievable, target


def _unanswered_formula_inputs(case: Case, up_to: str) -> bool:
    for q in case.rubric.questions.values():
        refs = [*(q.numerator or ()), *(q.denominator or ())]
        refs += [r for r in (q.previous, q.current) if r]
        if any(answered_layer(case.submission, r, up_to)[0] is None for r in refs):
            return True
    return False


def _shared_counts(case: Case) -> bool:
    """A count more than one formula slot reads: the plan's one-formula fixes may collide."""
    refs: list[str] = []
    for q in case.rubric.questions.values():
        refs += [*(q.numerator or ()), *(q.denominator or ())]
        refs += [r for r in (q.previous, q.current) if r]
    return len(refs) != len(set(refs)) or bool(conflicting_counts(case.rubric))


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
@settings(max_examples=examples(0.5))
def test_a_lower_layer_limit_ignores_the_layers_above_it(source: str, data: st.DataObject) -> None:
    """``up_to="tpi"`` scores exactly what the submission without its TPN answers scores."""
    case = data.draw(cases(source))
    up_to = data.draw(st.sampled_from(["unit", "tpi"]))
    above = LAYERS[LAYERS.index(up_to) + 1 :]
    stripped = case.submission.model_copy(
        update={
            "answers": {
                qid: a.model_copy(update=dict.fromkeys(above))
                for qid, a in case.submission.answers.items()
            }
        }
    )
    a = all_scores(evaluate(case.rubric, case.submission, up_to))
    b = all_scores(evaluate(case.rubric, stripped, "tpn"))
    assert a == b


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
@settings(max_examples=examples(0.5))
def test_every_evaluation_is_plain_json_and_renders(source: str, data: st.DataObject) -> None:
    from zi_engine.render._text import render_evaluation

    case = data.draw(cases(source, facts=None))
    ev = evaluate(case.rubric, case.submission)
    json.dumps(ev.to_dict(), allow_nan=False)
    assert render_evaluation(ev)
    assert render_evaluation(ev, markdown=True)
    for target in case.rubric.predicates:
        json.dumps(plan(ev, target).to_dict(), allow_nan=False)


# ---------------------------------------------------------------------------- the plan, pinned

_DECLINE_RUBRIC: dict[str, Any] = {
    "rubric.yaml": {
        "id": "disiplin",
        "version": "1",
        "title": "Disiplin",
        "regulation": {"name": "PermenPAN-RB 90/2021"},
        "effective": {"from": "2021-12-31"},
        "total": 10,
        "components": [{"id": "pengungkit", "label": "Pengungkit", "weight": 10}],
        "areas": ["sdm.yaml"],
        "predicates": [
            {
                "id": "WBK",
                "label": "WBK",
                "criteria": [
                    {
                        "id": "total",
                        "label": "Total",
                        "kind": "score_min",
                        "node": "total",
                        "min": 5,
                    }
                ],
            }
        ],
    },
    "sdm.yaml": {
        "component": "pengungkit",
        "areas": [
            {
                "id": "sdm",
                "label": "SDM",
                "weight": 10,
                "questions": [
                    {
                        "id": "disiplin",
                        "text": "Penurunan pelanggaran disiplin",
                        "answer": "decline",
                        "previous": "lalu",
                        "current": "kini",
                        "zero_denominator": 0,
                    },
                    {"id": "lalu", "text": "Pelanggaran tahun lalu", "answer": "count"},
                    {"id": "kini", "text": "Pelanggaran tahun ini", "answer": "count"},
                    {"id": "sop", "text": "SOP disiplin ada?", "answer": "ya_tidak"},
                ],
            }
        ],
    },
}


def _unit(**answers: Any) -> Submission:
    import zi_engine

    return zi_engine.Submission(
        unit=zi_engine.UnitInfo(id="U-1", name="Unit", agency=zi_engine.AgencyInfo(id="A")),
        year=2026,
    ).with_answers(answers)


def test_a_plan_does_not_count_on_a_decline_that_no_count_can_raise() -> None:
    """No violations last year and none this year: the decline is the rubric's stated 0/0
    value (0 here) and setting this year's count to 0 – which it already is – changes
    nothing. Answering "Ya" to the other question passes; the plan must say so."""
    rubric = zt.load_documents(_DECLINE_RUBRIC)
    ev = evaluate(rubric, _unit(lalu=0, kini=0, sop="Tidak"))
    p = plan(ev, "WBK")
    assert all(s.changes != {"kini": 0} for s in p.steps), p.steps
    assert p.achievable, p


def test_a_plan_fixes_a_score_threshold_listed_among_the_gates() -> None:
    """The format lets a rubric list a score threshold under ``gates`` (a Kawasan's
    integration score, say). Better answers can meet it, so the plan must not call it
    unfixable, nor claim success while it fails."""
    docs = copy.deepcopy(_DECLINE_RUBRIC)
    pred = docs["rubric.yaml"]["predicates"][0]
    pred["gates"] = pred.pop("criteria")
    rubric = zt.load_documents(docs)
    ev = evaluate(rubric, _unit(lalu=2, kini=2, sop="Tidak"))
    p = plan(ev, "WBK")
    after = evaluate(rubric, _apply(ev.submission, p.steps, "tpn"))
    assert after.eligibility["WBK"].outcome == "eligible" or not p.achievable
    assert p.achievable, p


def test_a_plan_survives_a_survey_worth_nothing() -> None:
    """Weights of 0 are allowed. When a score criterion still fails after the steps and
    one survey sits under it, the plan works out the index the survey would need – by
    dividing by the survey's share of the score, which is 0 here."""
    docs: dict[str, Any] = {
        "rubric.yaml": {
            "id": "survei-nol",
            "version": "1",
            "title": "Survei nol",
            "regulation": {"name": "R"},
            "effective": {"from": "2021-12-31"},
            "total": 10,
            "components": [{"id": "hasil", "label": "Hasil", "weight": 10}],
            "areas": ["hasil.yaml"],
            "predicates": [
                {
                    "id": "WBK",
                    "label": "WBK",
                    "criteria": [
                        {
                            "id": "hasil",
                            "label": "H",
                            "kind": "score_min",
                            "node": "hasil",
                            "min": 5,
                        }
                    ],
                }
            ],
        },
        "hasil.yaml": {
            "component": "hasil",
            "areas": [
                {
                    "id": "layanan",
                    "label": "Layanan",
                    "weight": 10,
                    "scoring": "weighted",
                    "questions": [
                        {"id": "ikm", "text": "Survei", "answer": "survey_index", "weight": 0},
                        {
                            "id": "selesai",
                            "text": "Pengaduan selesai",
                            "answer": "ratio",
                            "numerator": ["n"],
                            "denominator": ["d"],
                            "zero_denominator": 0,
                            "weight": 10,
                        },
                        {"id": "n", "text": "Selesai", "answer": "count"},
                        {"id": "d", "text": "Masuk", "answer": "count"},
                    ],
                }
            ],
        },
    }
    rubric = zt.load_documents(docs)
    ev = evaluate(rubric, _unit(ikm=3, n=0, d=0))
    p = plan(ev, "WBK")
    assert not p.achievable


def test_a_plan_does_not_count_on_a_ratio_with_an_unanswered_count() -> None:
    """One of the LHKPN denominators is unanswered, so the percentage cannot be computed
    whatever the numerator says; raising the numerator gains nothing. Answering "Ya"
    to the SOP question passes, and the plan must find that."""
    docs: dict[str, Any] = {
        "rubric.yaml": {
            "id": "lhkpn",
            "version": "1",
            "title": "LHKPN",
            "regulation": {"name": "R"},
            "effective": {"from": "2021-12-31"},
            "total": 20,
            "components": [{"id": "pengungkit", "label": "Pengungkit", "weight": 20}],
            "areas": ["pw.yaml"],
            "predicates": [
                {
                    "id": "WBK",
                    "label": "WBK",
                    "criteria": [
                        {
                            "id": "total",
                            "label": "T",
                            "kind": "score_min",
                            "node": "total",
                            "min": 10,
                        }
                    ],
                }
            ],
        },
        "pw.yaml": {
            "component": "pengungkit",
            "areas": [
                {
                    "id": "pengawasan",
                    "label": "Pengawasan",
                    "weight": 20,
                    "scoring": "weighted",
                    "questions": [
                        {
                            "id": "lhkpn",
                            "text": "Penyampaian LHKPN",
                            "answer": "ratio",
                            "numerator": ["lapor"],
                            "denominator": ["kepala", "pejabat"],
                            "zero_denominator": 1,
                            "weight": 10,
                        },
                        {"id": "lapor", "text": "Sudah melapor", "answer": "count"},
                        {"id": "kepala", "text": "Kepala satker", "answer": "count"},
                        {"id": "pejabat", "text": "Pejabat wajib lapor", "answer": "count"},
                        {
                            "id": "sop",
                            "text": "SOP pengawasan ada?",
                            "answer": "ya_tidak",
                            "weight": 10,
                        },
                    ],
                }
            ],
        },
    }
    rubric = zt.load_documents(docs)
    ev = evaluate(rubric, _unit(lapor=0, kepala=1, sop="Tidak"))  # 'pejabat' unanswered
    p = plan(ev, "WBK")
    assert p.achievable, [s.changes for s in p.steps]
