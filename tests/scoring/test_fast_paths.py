"""The scorer's fast paths give exactly what its general paths give, to the last bit."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

import pytest

import zi_engine
from zi_engine import Rubric, Submission, SubmissionError
from zi_engine.scoring import score

MakeSubmission = Callable[..., Submission]


def test_no_module_generates_or_runs_code() -> None:
    """A security review flags exec/eval/compile of generated source; none is left."""
    root = Path(zi_engine.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"exec", "eval", "compile"}
        ]
        assert not calls, f"{path.relative_to(root)} calls {calls}"


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
    warned = replace(results[0], warnings=("stated 100%, counted 33.33%",))
    for result in [*results, replace(results[0], required=["A", "B"]), odd, warned]:
        expected = asdict(result)
        # the reason's stable code next to its text; warnings only when there are some
        expected.pop("warnings")
        expected["reason_code"] = result.reason_code
        if result.warnings:
            expected["warnings"] = list(result.warnings)
        assert list(result.to_dict().items()) == list(expected.items())
    assert odd.to_dict()["actual"] is not odd.actual  # deep-copied, as asdict does
    listed = replace(results[0], required=["A", "B"])
    assert listed.to_dict()["required"] is not listed.required
