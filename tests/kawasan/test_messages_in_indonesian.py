"""Kawasan conditions and problems in Bahasa Indonesia, English by default."""

from __future__ import annotations

import pytest

import zi_engine
from tests.support.kawasan import kawasan
from zi_engine import UsageError, evaluate_kawasan


def test_a_kawasan_explains_its_conditions_in_indonesian() -> None:
    criteria = {}
    for lang in ("id", "en"):
        with zi_engine.use_language(lang):  # texts are written when the verdict is first read
            judged = evaluate_kawasan(kawasan(predicate_held=None), up_to="tpi")
            criteria[lang] = judged.eligibility["WBBM"].criteria
    indonesian, english = criteria["id"], criteria["en"]
    held, member = indonesian[0], indonesian[1]
    assert held.label == "Kawasan telah mendapat predikat Kawasan Menuju WBK"
    assert held.reason.startswith("berkas Kawasan tidak menyatakan apakah Kawasan telah")
    assert member.label.startswith("Unit kerja ")
    assert "belum memiliki hasil evaluasi: berikan berkas submission-nya" in member.reason
    assert english[0].label == "The Kawasan holds the predicate Kawasan Menuju WBK"
    assert "has no evaluation: give its submission file" in english[1].reason
    # the verdicts themselves do not depend on the language
    assert [c.outcome for c in indonesian] == [c.outcome for c in english]


def test_a_plan_for_a_predicate_the_kawasan_is_not_judged_for_is_refused_in_indonesian() -> None:
    judged = evaluate_kawasan(kawasan(), up_to="tpi")
    with zi_engine.use_language("id"), pytest.raises(UsageError) as info:
        judged.what_it_would_take("WBX")
    assert str(info.value) == "Kawasan dinilai untuk WBK, WBBM, bukan 'WBX'"
