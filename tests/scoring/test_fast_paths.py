"""The scorer's fast paths give exactly what its general paths give, to the last bit."""

from __future__ import annotations

import random
import struct
from collections.abc import Callable
from dataclasses import asdict, replace
from functools import partial

import pytest

import zi_engine
from zi_engine import Rubric, Submission, SubmissionError, _scoring
from zi_engine._scoring import plan_for, score

MakeSubmission = Callable[..., Submission]


def _bits(values: list[float]) -> list[bytes]:
    return [struct.pack("<d", v) for v in values]


def test_the_unrolled_roll_up_is_the_loop_bit_for_bit(rubric: Rubric) -> None:
    plan = plan_for(rubric)
    assert not isinstance(plan.roll_up, partial)  # the generated function, not the loop
    rng = random.Random(90)
    for _ in range(200):
        values = [rng.choice((0.0, 1.0, 0.33, 0.67, rng.random(), -0.0)) for _ in plan.best]
        loop = _scoring._roll_up(plan.leaves, plan.sums, plan.n_nodes, values)
        assert _bits(plan.roll_up(values)) == _bits(loop)


class _Sneaky(float):
    def __repr__(self) -> str:
        return "__import__('os').getcwd()"


@pytest.mark.parametrize(
    ("leaves", "sums", "n_nodes"),
    [
        ((((0, ((0, _Sneaky(0.5)),)),)), (), 1),  # a float whose repr is code
        ((((0, ((0, "1"),)),)), (), 1),  # text where a number belongs
        ((((0, ((0, 0.5),)),)), ((1, ("0",)),), 2),  # an index that is not an int
        ((((0, ((0, float("nan")),)),)), (), 1),
    ],
)
def test_only_plain_numbers_are_ever_written_into_generated_code(
    leaves: object, sums: object, n_nodes: int
) -> None:
    roll_up = _scoring._compile_roll_up(leaves, sums, n_nodes)  # type: ignore[arg-type]
    assert isinstance(roll_up, partial)
    assert roll_up.func is _scoring._roll_up


def test_a_tree_too_large_to_unroll_keeps_the_loop(
    rubric: Rubric, make_submission: MakeSubmission, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = make_submission({"mp.p.tim_kerja.b": "B", "akt.p.keterlibatan_pimpinan.a": None})
    unrolled = score(rubric, sub)
    monkeypatch.setattr(_scoring, "_MAX_UNROLLED_TERMS", 10)
    looped = zi_engine.load_rubric("permenpan-rb-90-2021")  # a fresh rubric, a fresh plan
    roll_up = plan_for(looped).roll_up
    assert isinstance(roll_up, partial)
    assert roll_up.func is _scoring._roll_up
    again = score(looped, sub)
    assert _bits(again.low) == _bits(unrolled.low)
    assert _bits(again.high) == _bits(unrolled.high)
    assert (
        again.missing
        == unrolled.missing
        == [looped.tree.item_by_id["akt.p.keterlibatan_pimpinan.a"]]
    )


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("A", 1.0),  # an exact option key: the table lookup
        (" a ", 1.0),  # not a key as written: the answer type's own parser
        ("b", 0.5),
        ({"notes": "only notes", "evidence": ["x"]}, None),  # no value: missing
    ],
)
def test_answers_off_the_fast_path_score_as_the_parser_says(
    rubric: Rubric, make_submission: MakeSubmission, answer: object, value: float | None
) -> None:
    qid = "mp.p.tim_kerja.b"  # an A/B/C question
    ev = zi_engine.evaluate(rubric, make_submission({qid: answer}))
    assert ev.items[qid].value == value
    assert (qid in ev.missing_answers) is (value is None)


def test_an_unhashable_answer_set_without_validation_is_a_bad_answer(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    sub = make_submission().with_answers({"mp.p.tim_kerja.a": ["A"]})  # type: ignore[dict-item]
    with pytest.raises(SubmissionError, match=r"mp\.p\.tim_kerja\.a .*unit answer"):
        score(rubric, sub)


def test_a_count_written_as_text_or_too_large_goes_through_the_parser(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    qid = "pw.r.lhkpn.a_kepala_satker"
    ev = zi_engine.evaluate(rubric, make_submission({qid: "1.000.000"}))
    assert ev.items[qid].value == 1_000_000.0
    with pytest.raises(SubmissionError, match="too large to be a count"):
        score(rubric, make_submission({qid: 10**13}))


def test_criterion_results_as_data_are_what_asdict_gives(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    sub = make_submission(fact_changes={"agency.sakip_grade": None, "unit.tlhp_percent": 10})
    results = [r for p in zi_engine.evaluate(rubric, sub).eligibility.values() for r in p.criteria]
    odd = replace(results[0], actual={"by": [1.5]}, required=["A"])  # type: ignore[arg-type]
    for result in [*results, replace(results[0], required=["A", "B"]), odd]:
        assert list(result.to_dict().items()) == list(asdict(result).items())
    assert odd.to_dict()["actual"] is not odd.actual  # deep-copied, as asdict does
    listed = replace(results[0], required=["A", "B"])
    assert listed.to_dict()["required"] is not listed.required
