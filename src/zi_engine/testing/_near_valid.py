"""Near-valid rubrics: valid rubric files with exactly one defect planted, of a known kind."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import reject
from hypothesis import strategies as st

from zi_engine.testing._defects import _DATA_DEFECTS, Defect, _DefectMaker
from zi_engine.testing._documents import Documents
from zi_engine.testing._rubrics import rubric_documents
from zi_engine.testing._texts import plain_texts
from zi_engine.testing._yaml_defects import _YAML_DEFECTS

# in this order: near_valid_rubrics draws a permutation of the kinds asked for
_DEFECTS: dict[str, _DefectMaker] = {**_DATA_DEFECTS, **_YAML_DEFECTS}

DEFECT_KINDS: tuple[str, ...] = tuple(_DEFECTS)
"""Every kind of defect :func:`near_valid_rubrics` can plant."""


@st.composite
def _near_valid(
    draw: st.DrawFn, kinds: tuple[str, ...], documents: st.SearchStrategy[Documents]
) -> tuple[dict[str, str], Defect]:
    docs = draw(documents)
    for kind in draw(st.permutations(kinds)):
        made = _DEFECTS[kind](draw, docs)
        if made is not None:
            return made[1], made[2]
    reject()


def near_valid_rubrics(
    kinds: Sequence[str] | None = None, *, documents: st.SearchStrategy[Documents] | None = None
) -> st.SearchStrategy[tuple[dict[str, str], Defect]]:
    """Rubrics with exactly one defect: ``(files, defect)``.

    ``files`` maps file names (``rubric.yaml``, area files) to YAML text, ready
    for :func:`write_documents`; ``defect`` says what is wrong and the file
    and line a :class:`~zi_engine.RubricError` must point at. ``kinds``
    restricts the defects (default: all of :data:`DEFECT_KINDS`); a drawn
    rubric that cannot carry any of them is rejected.
    """
    chosen = tuple(kinds) if kinds is not None else DEFECT_KINDS
    unknown = [k for k in chosen if k not in _DEFECTS]
    if unknown:
        raise ValueError(f"unknown defect kinds {unknown}; known: {', '.join(DEFECT_KINDS)}")
    source = (
        documents
        if documents is not None
        else rubric_documents(text=plain_texts(), max_questions=12)
    )
    return _near_valid(chosen, source)
