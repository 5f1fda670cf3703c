"""Review refusals in Bahasa Indonesia, English by default, and saved reviews that do not
depend on the language they were made in."""

from __future__ import annotations

import json

import pytest

import zi_engine
from tests.support.reviews import (
    ANGGOTA,
    KETUA,
    OTHER_AGENCY_TPI,
    PENGENDALI,
    UNIT_HEAD,
    definition,
    minutes,
    unit_only_submission,
)
from zi_engine import Review, ReviewStateError, Rubric
from zi_engine.review import ReviewRefused

QUESTIONS = ("mp.p.tim_kerja.a", "mp.p.rencana.b")


def _acted(rubric: Rubric) -> Review:
    review = Review.start(
        definition(), "tpi", rubric=rubric, submission=unit_only_submission(), at=minutes(0),
        questions=QUESTIONS,
    )  # fmt: skip
    review.give_verdict(QUESTIONS[0], "sesuai", actor=ANGGOTA, at=minutes(1))
    review.give_verdict(QUESTIONS[1], "perlu_revisi", actor=ANGGOTA, at=minutes(2), note="a")
    review.revise(QUESTIONS[1], "B", actor=UNIT_HEAD, at=minutes(3))
    review.give_verdict(QUESTIONS[1], "sesuai", actor=ANGGOTA, at=minutes(4))
    for n, who in enumerate((ANGGOTA, KETUA, PENGENDALI)):
        review.sign_off(actor=who, at=minutes(5 + n))
    return review


def test_a_review_refuses_in_indonesian_and_in_english(rubric: Rubric) -> None:
    review = Review.start(
        definition(), "tpi", rubric=rubric, submission=unit_only_submission(), at=minutes(0),
        questions=QUESTIONS,
    )  # fmt: skip
    with zi_engine.use_language("id"), pytest.raises(ReviewRefused) as info:
        review.give_verdict(QUESTIONS[0], "perlu_revisi", actor=OTHER_AGENCY_TPI, at=minutes(1))
    refused = info.value
    assert refused.codes == ("review.other_agency", "review.needs_note")
    assert refused.reasons == (
        "'tpi.lain' dari instansi 'PEMKAB-LAIN' tidak dapat mereviu unit kerja dari instansi "
        "'PEMKOT-BJB'",
        "verdict 'perlu_revisi' memerlukan catatan yang menjelaskan alasannya kepada unit kerja",
    )
    assert str(refused).startswith("'verdict' ditolak:\n  - ")
    assert (
        refused.reasons_in("en")[1] == "a verdict 'perlu_revisi' needs a note telling the unit why"
    )
    with pytest.raises(ReviewRefused, match="needs a note telling the unit why"):
        review.give_verdict(QUESTIONS[0], "perlu_revisi", actor=ANGGOTA, at=minutes(1))
    with zi_engine.use_language("id"):
        assert review.outstanding == (
            "2 pertanyaan masih terbuka",
            "menunggu persetujuan Anggota tim TPI",
        )
    with zi_engine.use_language("id"), pytest.raises(ReviewRefused) as info:
        review.sign_off(actor=KETUA, at=minutes(2))
    assert info.value.reasons[0].startswith("jenjang berikutnya yang memberikan persetujuan")


def test_a_review_made_in_indonesian_saves_as_one_made_in_english(rubric: Rubric) -> None:
    english = json.dumps(_acted(rubric).to_dict(), sort_keys=True, ensure_ascii=False)
    with zi_engine.use_language("id"):
        indonesian = json.dumps(_acted(rubric).to_dict(), sort_keys=True, ensure_ascii=False)
    assert indonesian == english
    for lang in ("id", "en"):
        with zi_engine.use_language(lang):
            back = Review.from_dict(json.loads(english), rubric=rubric, definition=definition())
        assert json.dumps(back.to_dict(), sort_keys=True, ensure_ascii=False) == english


def test_a_tampered_review_is_refused_in_indonesian(rubric: Rubric) -> None:
    data = json.loads(json.dumps(_acted(rubric).to_dict()))
    data["history"][1]["note"] = "diubah"
    with zi_engine.use_language("id"), pytest.raises(ReviewStateError) as info:
        Review.from_dict(data, rubric=rubric)
    assert "history[1].hash: tidak sesuai dengan isi catatan: catatan itu telah diubah" in str(
        info.value
    )
