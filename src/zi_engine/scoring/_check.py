"""Every answer of a submission checked against a rubric, each problem with its place.

:func:`~zi_engine.scoring.score` reads answers fast and calls this only when
something is wrong, to name every problem; a submission file's reader calls it
directly, with the file's bytes, so each problem reads ``FILE:LINE:COL:``.
"""

from __future__ import annotations

from zi_engine._errors import Problem
from zi_engine._i18n import message_of, t
from zi_engine.rubric._answers import AnswerError
from zi_engine.rubric._rubric import Rubric
from zi_engine.safeio import locate_all
from zi_engine.safeio._problems import format_path
from zi_engine.submission._model import LAYERS, Submission

__all__ = ["MAX_UNKNOWN_LISTED", "answer_problems"]

MAX_UNKNOWN_LISTED = 10
"""Question ids not in the rubric listed one by one; past that, a summary comes first."""

Place = tuple[str, ...]  # where in the document: ("answers", question id, layer, "value")


def answer_problems(
    rubric: Rubric,
    submission: Submission,
    *,
    file: str | None = None,
    raw: bytes | None = None,
    within: tuple[str, ...] = (),
) -> list[Problem]:
    """Every problem with ``submission``'s answers against ``rubric``, in a stable order.

    A value in any layer (unit, TPI or TPN) that its question does not accept,
    in rubric order; then answers to questions the rubric does not have, and
    answers to computed questions, in the submission's order. When more than
    :data:`MAX_UNKNOWN_LISTED` ids are unknown (answers for another rubric),
    one problem says so, with the counts and an example, and only the first
    few are listed. With ``file`` and its ``raw`` bytes, each problem is
    located at its line and column. ``within`` is where the answers sit when
    they are not a submission's own (a Kawasan file's ``integration``): the
    paths shown and located start there.
    """
    found = _bad_values(rubric, submission) + _unknown(rubric, submission)
    if within:
        found = [(within + place, message) for place, message in found]
    # located together: one pass over the file for all of them
    spots = locate_all(raw, [place for place, _ in found]) if raw is not None else []
    return [
        _located(place, message, file, spots[i] if spots else None, len(within))
        for i, (place, message) in enumerate(found)
    ]


def _bad_values(rubric: Rubric, submission: Submission) -> list[tuple[Place, str]]:
    out: list[tuple[Place, str]] = []
    answers = submission.answers
    for qid, parse in rubric.layout.parsers.values():  # in rubric order
        layered = answers.get(qid)
        if layered is None:
            continue
        for layer in LAYERS:
            entry = getattr(layered, layer)
            if entry is None or entry.value is None:
                continue
            try:
                parse(entry.value)
            except AnswerError as exc:
                soal = rubric.question(qid).soal_id
                message = (
                    t(
                        "scoring.bad_answer",
                        "question {question}, {layer} answer: {problem}",
                        question=qid,
                        layer=layer,
                        problem=message_of(exc),
                    )
                    if soal is None
                    else t(
                        "scoring.bad_answer_soal",
                        "question {question} (soal_id {soal_id}), {layer} answer: {problem}",
                        question=qid,
                        soal_id=str(soal),
                        layer=layer,
                        problem=message_of(exc),
                    )
                )
                out.append((("answers", qid, layer, "value"), message))
    return out


def _unknown(rubric: Rubric, submission: Submission) -> list[tuple[Place, str]]:
    """Answers to questions the rubric does not have or computes, in the submission's order."""
    found: list[tuple[Place, str, bool]] = []  # (place, message, not in the rubric)
    for qid, layered in submission.answers.items():
        q = rubric.questions.get(qid)
        if q is None:
            message = t(
                "scoring.unknown_question",
                "no question {question} in rubric {rubric}",
                question=repr(qid),
                rubric=rubric.id,
            )
            found.append((("answers", qid), message, True))
        elif qid in rubric.layout.computed and layered.pick()[0] is not None:
            message = t(
                "scoring.computed_answered",
                "question {question} is computed from counts and cannot be answered",
                question=qid,
            )
            found.append((("answers", qid), message, False))
    unknown = [place[1] for place, _, missing in found if missing]
    if len(unknown) <= MAX_UNKNOWN_LISTED:
        return [(place, message) for place, message, _ in found]
    # Answers for another rubric: one line that says so, not one line per answer.
    n, total = len(unknown), len(submission.answers)
    example, listed_n = repr(unknown[0]), MAX_UNKNOWN_LISTED
    rid, version = rubric.id, rubric.version
    summary: str
    if n == total:
        summary = t(
            "scoring.no_answer_belongs",
            "none of the {total} answers is to a question of rubric {rubric} {version}"
            " (e.g. {example}): these answers do not belong to this rubric;"
            " the first {listed} are listed",
            total=total,
            rubric=rid,
            version=version,
            example=example,
            listed=listed_n,
        )
    elif 2 * n > total:
        summary = t(
            "scoring.most_answers_foreign",
            "{count} of the {total} answers are to questions rubric {rubric} {version} does"
            " not have (e.g. {example}): these answers do not belong to this rubric;"
            " the first {listed} are listed",
            count=n,
            total=total,
            rubric=rid,
            version=version,
            example=example,
            listed=listed_n,
        )
    else:
        summary = t(
            "scoring.some_answers_foreign",
            "{count} of the {total} answers are to questions rubric {rubric} {version} does"
            " not have (e.g. {example}); the first {listed} are listed",
            count=n,
            total=total,
            rubric=rid,
            version=version,
            example=example,
            listed=listed_n,
        )
    listed = set(unknown[:MAX_UNKNOWN_LISTED])
    return [(("answers",), summary)] + [
        (place, message) for place, message, missing in found if not missing or place[1] in listed
    ]


def _located(
    place: Place, message: str, file: str | None, spot: tuple[int, int] | None, depth: int = 0
) -> Problem:
    # the path shown stops at the layer: ``answers.<question>.tpi``
    shown = format_path(place[: depth + 3])
    line, column = spot if spot is not None else (None, None)
    return Problem(message, file=file, line=line, column=column, path=shown)
