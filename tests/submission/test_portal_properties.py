"""The national portal's JSON: round trips, and malformed documents that name the question."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import assume, given, note
from hypothesis import strategies as st

import zi_engine
from tests.support.cases import BUNDLED, DOCUMENTS, SOURCES
from zi_engine import AnswerEntry, LayeredAnswer, Rubric, Submission, SubmissionError
from zi_engine import testing as zt


@st.composite
def _rubric(draw: st.DrawFn, source: str) -> Rubric:
    if source == "bundled":
        return BUNDLED
    rubric = zt.load_documents(draw(DOCUMENTS))
    assume(any(q.soal_id is not None for q in rubric.questions.values()))
    return rubric


_BUNDLED_DOCUMENTS = zt.portal_documents(BUNDLED)
_BUNDLED_SUBMISSIONS = zt.submissions(BUNDLED, layers=("unit", "tpi"), facts=False)


def _documents(rubric: Rubric) -> st.SearchStrategy[dict[str, Any]]:
    return _BUNDLED_DOCUMENTS if rubric is BUNDLED else zt.portal_documents(rubric)


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
def test_portal_json_survives_reading_and_writing(source: str, data: st.DataObject) -> None:
    """``to_portalrb(from_portalrb(doc)) == doc``."""
    rubric = data.draw(_rubric(source))
    doc = data.draw(_documents(rubric))
    sub = zi_engine.from_portalrb(copy.deepcopy(doc), rubric=rubric)
    assert zi_engine.to_portalrb(sub, rubric=rubric) == doc


def _normal(entry: AnswerEntry | None) -> tuple[Any, Any, tuple[str, ...]]:
    """An entry as what it says: no entry and an empty entry say the same."""
    if entry is None:
        return (None, None, ())
    return (entry.value, entry.notes, tuple(entry.evidence))


def _portal_view(sub: Submission, rubric: Rubric) -> dict[str, tuple[Any, ...]]:
    """What the portal can carry: unit and TPI layers of questions with a soal_id."""
    out = {}
    for qid, layered in sub.answers.items():
        if rubric.question(qid).soal_id is None:
            continue
        unit, tpi = _normal(layered.unit), _normal(layered.tpi)
        view = (unit, (tpi[0], tpi[1]))
        if view != (_normal(None), (None, None)):
            out[qid] = view
    return out


def _portable(layered: LayeredAnswer, evidence: int) -> LayeredAnswer:
    """Drop what the portal has no field for: the TPN layer and TPI evidence; keep at most
    ``evidence`` unit evidence items."""
    unit = layered.unit
    if unit is not None:
        unit = unit.model_copy(update={"evidence": unit.evidence[:evidence]})
    tpi = layered.tpi.model_copy(update={"evidence": []}) if layered.tpi else None
    return LayeredAnswer(unit=unit, tpi=tpi)


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
def test_a_submission_survives_the_portal_and_back(source: str, data: st.DataObject) -> None:
    """``from_portalrb(to_portalrb(sub))`` keeps every answer, note and evidence link the
    portal has a field for (one evidence link per answer)."""
    rubric = data.draw(_rubric(source))
    sub = data.draw(
        _BUNDLED_SUBMISSIONS
        if rubric is BUNDLED
        else zt.submissions(rubric, layers=("unit", "tpi"), facts=False)
    )
    sub = sub.model_copy(
        update={"answers": {q: _portable(a, evidence=1) for q, a in sub.answers.items()}}
    )
    again = zi_engine.from_portalrb(zi_engine.to_portalrb(sub, rubric=rubric), rubric=rubric)
    assert (again.unit.id, again.unit.name, again.year) == (sub.unit.id, sub.unit.name, sub.year)
    assert _portal_view(again, rubric) == _portal_view(sub, rubric)


def test_several_evidence_links_survive_the_portal_and_back() -> None:
    """The portal has one ``bukti_dukung_unit`` field; ``to_portalrb`` joins a question's
    links with newlines, but ``from_portalrb`` keeps the joined text as one link."""
    links = ["https://zi.example.go.id/bukti/sk.pdf", "https://zi.example.go.id/bukti/notulen.pdf"]
    sub = Submission(
        unit=zi_engine.UnitInfo(id="U-1", name="Unit", agency=zi_engine.AgencyInfo(id="A")),
        year=2026,
        answers={"mp.p.tim_kerja.a": LayeredAnswer(unit=AnswerEntry(value="Ya", evidence=links))},
    )
    again = zi_engine.from_portalrb(zi_engine.to_portalrb(sub, rubric=BUNDLED), rubric=BUNDLED)
    unit = again.answers["mp.p.tim_kerja.a"].unit
    assert unit is not None
    assert unit.evidence == links


# ---------------------------------------------------------------------------- malformed documents


def _bad_value(q: Any) -> Any:
    if q.answer == "count":
        return "banyak"
    if q.answer == "survey_index":
        return q.scale_max + 1
    return "Z?"


@pytest.mark.parametrize("source", SOURCES)
@given(data=st.data())
def test_a_malformed_answer_is_refused_naming_its_question_and_line(
    source: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rubric = data.draw(_rubric(source))
    doc = data.draw(_documents(rubric))
    assume(doc["answers"])
    index = data.draw(st.integers(0, len(doc["answers"]) - 1))
    entry = doc["answers"][index]
    q = rubric.question_by_soal_id(entry["soal_id"])
    assert q is not None
    how = data.draw(st.sampled_from(["jawaban_unit", "jawaban_tpi", "unknown", "twice"]))
    if how in ("jawaban_unit", "jawaban_tpi"):
        entry[how] = _bad_value(q)
        where: tuple[Any, ...] = ("answers", index, how)
        named = [f"soal_id {q.soal_id}", q.id]
    elif how == "unknown":
        entry["soal_id"] = 9_999_999
        where = ("answers", index, "soal_id")
        named = ["soal_id 9999999"]
    else:
        doc["answers"].append(dict(entry))
        where = ("answers", len(doc["answers"]) - 1, "soal_id")
        named = [f"soal_id {q.soal_id}", q.id]
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    path = tmp_path_factory.mktemp("portal") / "jawaban.json"
    path.write_text(text, encoding="utf-8")
    line = zt.line_of(text, where)
    note(f"{how} at {where}, line {line}")
    with pytest.raises(SubmissionError) as info:
        zi_engine.from_portalrb(path, rubric=rubric)
    found = [p for p in info.value.problems if all(n in p.message for n in named)]
    assert found, [str(p) for p in info.value.problems]
    assert any(p.line == line and p.file == str(path) for p in found), [str(p) for p in found]


_JSON = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def _damaged(draw: st.DrawFn) -> Any:
    """A portal document with one field replaced by any JSON value, or any JSON at all."""
    doc = draw(_BUNDLED_DOCUMENTS)
    if draw(st.integers(0, 4)) == 0:
        return draw(_JSON)
    if doc["answers"] and draw(st.booleans()):
        entry = draw(st.sampled_from(doc["answers"]))
        entry[draw(st.sampled_from(sorted(entry)))] = draw(_JSON)
    else:
        doc[draw(st.sampled_from(sorted(doc)))] = draw(_JSON)
    return doc


@given(doc=_damaged())
def test_reading_portal_json_raises_only_submission_errors(doc: Any) -> None:
    try:
        zi_engine.from_portalrb(doc, rubric=BUNDLED)
    except SubmissionError as exc:
        problems = exc.problems
        assert problems
