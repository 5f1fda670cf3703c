"""Every layer's answer is validated, not only the one that counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zi_engine
from tests.support.submissions import BEST_COUNTS
from zi_engine import Rubric, Submission, SubmissionError
from zi_engine.scoring import score
from zi_engine.submission._model import LAYERS

MakeSubmission = Callable[..., Submission]

CHOICE = "mp.p.tim_kerja.b"  # A/B/C
COUNT = "pw.r.lhkpn.a_kepala_satker"
SURVEY = "hasil.bersih_akuntabel.ipak"  # 0–4, always parsed


@pytest.mark.parametrize(
    ("qid", "bad", "good"),
    [(CHOICE, "Z", "B"), (COUNT, -1, 1), (COUNT, "satu", 1), (SURVEY, "9", "3,5")],
)
@pytest.mark.parametrize(
    ("bad_layer", "layers"),
    [
        ("unit", ("unit", "tpi")),  # the case: a wrong unit answer under a TPI one
        ("unit", ("unit", "tpn")),
        ("tpi", ("unit", "tpi", "tpn")),
        ("unit", ("unit", "tpi", "tpn")),
    ],
)
def test_a_bad_answer_in_a_lower_layer_is_refused(
    rubric: Rubric,
    make_submission: MakeSubmission,
    qid: str,
    bad: Any,
    good: Any,
    bad_layer: str,
    layers: tuple[str, ...],
) -> None:
    answer = {layer: {"value": bad if layer == bad_layer else good} for layer in layers}
    sub = make_submission({qid: answer})
    with pytest.raises(SubmissionError) as info:
        score(rubric, sub)
    (problem,) = info.value.problems
    assert problem.path == f"answers.{qid}.{bad_layer}"
    assert f"question {qid}" in problem.message
    assert f"{bad_layer} answer" in problem.message


@pytest.mark.parametrize("up_to", LAYERS)
def test_a_layer_above_the_one_counted_is_checked_too(
    rubric: Rubric, make_submission: MakeSubmission, up_to: str
) -> None:
    sub = make_submission({CHOICE: {"unit": "A", "tpi": "B", "tpn": "Z"}})
    with pytest.raises(SubmissionError, match=r"tpn answer: 'Z' is not an option"):
        zi_engine.evaluate(rubric, sub, up_to=up_to)  # type: ignore[arg-type]


def test_a_bad_answer_in_a_layer_that_is_otherwise_empty_is_refused(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # the unit's notes only, the TPI's wrong value: the counted value is the bad one
    sub = make_submission({CHOICE: {"unit": {"notes": "belum"}, "tpi": "Z"}})
    with pytest.raises(SubmissionError, match="tpi answer"):
        score(rubric, sub)


def test_every_bad_layer_is_listed_in_rubric_order(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    sub = make_submission(
        {
            COUNT: {"unit": "x", "tpi": 2},
            CHOICE: {"unit": "Z", "tpi": "Q", "tpn": "A"},
            "pw.r.tidak_ada": "Ya",
        }
    )
    with pytest.raises(SubmissionError) as info:
        score(rubric, sub)
    assert [p.path for p in info.value.problems] == [
        f"answers.{CHOICE}.unit",
        f"answers.{CHOICE}.tpi",
        f"answers.{COUNT}.unit",
        "answers.pw.r.tidak_ada",
    ]


@pytest.mark.parametrize("up_to", LAYERS)
@given(data=st.data())
def test_valid_layers_score_as_the_counted_answer_alone(
    rubric: Rubric, best_answers: dict[str, Any], up_to: str, data: st.DataObject
) -> None:
    """The fast path's check of the other layers never changes a value: with every layer
    valid, the scores are those of a submission holding only the answer that counts."""
    layered: dict[str, Any] = {}
    counted: dict[str, Any] = {}
    options = {"A": 1, "B": 0.5, "C": 0}
    for qid, value in best_answers.items():
        layers = data.draw(st.sets(st.sampled_from(LAYERS), min_size=1), label=qid)
        entry: dict[str, Any] = {}
        for layer in LAYERS:
            if layer in layers:
                if qid in BEST_COUNTS:
                    entry[layer] = data.draw(st.integers(0, 5) | st.just("2"))
                elif isinstance(value, int):  # a survey index
                    entry[layer] = data.draw(st.sampled_from([0, 2, "3,5", 4.0]))
                elif qid == CHOICE:
                    entry[layer] = data.draw(st.sampled_from(sorted(options)))
                else:
                    entry[layer] = value
        layered[qid] = entry
        order = LAYERS[: LAYERS.index(up_to) + 1][::-1]  # type: ignore[arg-type]
        picked = next((entry[layer] for layer in order if layer in entry), None)
        if picked is not None:
            counted[qid] = picked
    base = {"unit": {"id": "U", "name": "U", "agency": {"id": "A"}}, "year": 2026}
    full = Submission.model_validate({**base, "answers": layered})
    alone = Submission.model_validate({**base, "answers": counted})
    assert score(rubric, full, up_to).values == score(rubric, alone).values  # type: ignore[arg-type]


def test_a_portal_document_is_never_written_with_a_bad_lower_layer(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    """The issue's second half: to_portalrb() wrote what from_portalrb() then refused."""
    sub = make_submission({CHOICE: {"unit": "Z", "tpi": "B"}})
    with pytest.raises(SubmissionError, match=r"mp\.p\.tim_kerja\.b .*unit answer"):
        zi_engine.to_portalrb(sub, rubric=rubric)
