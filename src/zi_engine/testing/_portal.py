"""The national portal's "jawaban LKE satu unit" JSON for a rubric."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from zi_engine.engine._engine import Engine
from zi_engine.rubric._rubric import Rubric
from zi_engine.testing._answers import RawAnswer, _is_formula, answers_for
from zi_engine.testing._submissions import _LINKS, _NOTES, _UNIT_IDS
from zi_engine.testing._texts import plain_texts


@st.composite
def _portal_documents(
    draw: st.DrawFn, questions: tuple[tuple[int, st.SearchStrategy[RawAnswer]], ...]
) -> dict[str, Any]:
    answers = []
    for soal_id, value in questions:
        if draw(st.integers(0, 4)) == 0:
            continue
        maybe = st.one_of(st.none(), value)
        answers.append(
            {
                "soal_id": soal_id,
                "jawaban_unit": draw(maybe),
                "jawaban_tpi": draw(maybe),
                "catatan_unit": draw(_NOTES),
                "bukti_dukung_unit": draw(st.one_of(st.none(), st.sampled_from(_LINKS))),
                "catatan_tpi": draw(_NOTES),
            }
        )
    return {
        "unit_id": draw(_UNIT_IDS),
        "nama_unit": draw(plain_texts()),
        "tahun": draw(st.integers(2021, 2030)),
        "answers": answers,
    }


def portal_documents(
    rubric: Rubric, *, engine: Engine | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """The national portal's "jawaban LKE satu unit" JSON (as parsed data) for ``rubric``.

    Answers for a random subset of the questions that carry a ``soal_id``, in
    rubric order, each with unit and TPI answers (either may be null), notes
    and an evidence link – what ``zi_engine.from_portalrb`` reads and
    ``zi_engine.to_portalrb`` writes.
    """
    questions = tuple(
        (q.soal_id, answers_for(q, engine=engine))
        for q in rubric.questions.values()
        if q.soal_id is not None and not _is_formula(rubric, q)
    )
    return _portal_documents(questions)
