"""Refusing a huge submission quickly: its answers are validated a slice at a time.

pydantic validates a mapping in full and reports every error, and turning each
error into a located problem costs more again: a 4.7 MB file of 300,000 bad
answers took half a minute to refuse. A submission with more than
``MAX_ANSWERS`` answers is refused at once; one with more than ``SLICE`` is first
validated a slice of answers at a time, and once ``MAX_PROBLEMS`` problems are
found, validation stops and the refusal says it stopped. A valid
submission is then validated as a whole, as before (no rubric has more
questions than a few thousand, so the slices cost a valid file little).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from pydantic import BaseModel, ValidationError

from zi_engine._errors import Problem, SubmissionError
from zi_engine._i18n import t
from zi_engine.safeio._problems import ProblemCollector

__all__ = ["MAX_ANSWERS", "MAX_PROBLEMS", "SLICE", "refuse_early"]

SLICE = 500  # answers validated at a time
# more answers than any rubric has questions (the bundled one has a few hundred; the plan
# benchmark's largest, 10,000): such a file is refused before any answer is validated
MAX_ANSWERS = 20_000
MAX_PROBLEMS = 1_000  # problems found before validation stops (the CLI shows the first 100)


def refuse_early(model: type[BaseModel], data: Any, source: str, raw: bytes | None) -> None:
    """Raise :class:`SubmissionError` if a slice of ``data``'s answers is invalid.

    Does nothing for a submission with few answers (or no answers mapping): the
    whole validation that follows reports its problems as before.
    """
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, dict) or len(answers) <= SLICE:
        return
    collector = ProblemCollector([model])
    if raw is not None:
        collector.source(source, raw)
    if len(answers) > MAX_ANSWERS:
        collector.add(
            source,
            ("answers",),
            t(
                "submission.too_many_answers",
                "has {count:,} answers; a submission holds at most {most:,}"
                " (more than any rubric has questions), so none was read",
                count=len(answers),
                most=MAX_ANSWERS,
            ),
        )
        raise SubmissionError(collector.problems())
    items = iter(answers.items())
    checked = 0
    while len(collector) < MAX_PROBLEMS:
        part = dict(islice(items, SLICE))
        if not part:
            break
        # the other fields are reported with the first slice only
        keep = None if checked == 0 else _is_answer_error
        checked += len(part)
        doc = {**data, "answers": part}
        try:
            model.__pydantic_validator__.validate_python(doc)
        except ValidationError as exc:
            collector.add_validation_error(source, doc, exc, keep=keep)
    if not collector:
        return
    problems = collector.problems()
    if checked < len(answers):
        problems.append(
            Problem(
                t(
                    "submission.validation_stopped",
                    "validation stopped after {problems:,} problems in the first {checked:,}"
                    " of {answers:,} answers; fix these and load the file again",
                    problems=len(problems),
                    checked=checked,
                    answers=len(answers),
                ),
                file=source,
            )
        )
    raise SubmissionError(problems)


def _is_answer_error(error: Any) -> bool:
    return tuple(error["loc"][:1]) == ("answers",)
