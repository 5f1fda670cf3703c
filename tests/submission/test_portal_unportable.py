"""What the portal document cannot carry is refused when writing it, not silently lost.

``to_portalrb`` dropped TPI evidence without a word, and an evidence item
holding a line break came back from the portal as two items.
"""

from __future__ import annotations

import pytest

import zi_engine
from zi_engine import AnswerEntry, LayeredAnswer, Submission, SubmissionError

QID = "mp.p.tim_kerja.a"


def _submission(unit: AnswerEntry, tpi: AnswerEntry | None = None) -> Submission:
    return Submission(
        unit=zi_engine.UnitInfo(id="U-1", name="Unit", agency=zi_engine.AgencyInfo(id="A")),
        year=2026,
        answers={QID: LayeredAnswer(unit=unit, tpi=tpi)},
    )


def test_tpi_evidence_is_refused_unless_dropping_it_is_asked_for() -> None:
    sub = _submission(
        AnswerEntry(value="Ya"), AnswerEntry(value="Ya", evidence=["BA verifikasi TPI.pdf"])
    )
    with pytest.raises(SubmissionError) as raised:
        zi_engine.to_portalrb(sub)
    (problem,) = raised.value.problems
    assert problem.path == f"answers.{QID}.tpi.evidence"
    assert "drop_tpi_evidence=True" in problem.message
    portal = zi_engine.to_portalrb(sub, drop_tpi_evidence=True)
    assert portal["answers"][0]["jawaban_tpi"] == "Ya"


def test_an_evidence_item_with_a_line_break_is_refused() -> None:
    sub = _submission(AnswerEntry(value="Ya", evidence=["SK Tim\nNomor 12/2025"]))
    with pytest.raises(SubmissionError) as raised:
        zi_engine.to_portalrb(sub)
    (problem,) = raised.value.problems
    assert problem.path == f"answers.{QID}.unit.evidence[0]"
    assert "holds a line break" in problem.message


def test_several_plain_items_still_travel_as_lines() -> None:
    links = ["https://zi.example.go.id/bukti/sk.pdf", "Notulen rapat"]
    sub = _submission(AnswerEntry(value="Ya", evidence=links))
    again = zi_engine.from_portalrb(zi_engine.to_portalrb(sub))
    unit = again.answers[QID].unit
    assert unit is not None
    assert unit.evidence == links
