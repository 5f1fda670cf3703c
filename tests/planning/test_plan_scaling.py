"""The plan asks each question's answer type for its next better answer once per step taken.

(It used to ask every question again in every round: O(n²) in the number of questions.)
"""

from __future__ import annotations

from typing import Any

import pytest

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import Rubric
from zi_engine.planning._plan import plan
from zi_engine.rubric._answer_type import AnswerType


def test_next_better_is_asked_once_per_question_and_step(
    rubric: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    worst = {qid: "C" for qid, q in rubric.questions.items() if q.answer == "abc"}
    sub = zi_engine.load_submission(EXAMPLES_DIR / "dinkes-banjarbaru-wbk.yaml")
    ev = zi_engine.evaluate(rubric, sub.with_answers(worst))
    calls = [0]
    types = {type(item.answer_type) for item in rubric.tree.items if item.answer_type}
    for cls in types:
        real = cls.next_better

        def counted(self: AnswerType, *args: Any, real: Any = real, **kw: Any) -> Any:
            calls[0] += 1
            return real(self, *args, **kw)

        monkeypatch.setattr(cls, "next_better", counted)
    result = plan(ev, "WBK")
    steps = sum(s.steps for s in result.steps)
    assert steps >= 3  # several rounds, each of which asked every question again
    scored = sum(1 for item in rubric.tree.items if item.scored and item.answer_type)
    # once per question to start, then once for each step taken (fewer than the questions)
    assert calls[0] < 2 * scored
