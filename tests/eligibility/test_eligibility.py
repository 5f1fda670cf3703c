"""Eligibility: Table 5 gates, missing facts and answers, and the predicate verdict."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import zi_engine
from zi_engine import Rubric, Submission

MakeSubmission = Callable[..., Submission]


def _outcomes(ev: zi_engine.Evaluation, predicate: str) -> dict[str, str]:
    return {c.id: c.outcome for c in ev.eligibility[predicate].criteria}


def test_every_criterion_explains_itself(rubric: Rubric, make_submission: MakeSubmission) -> None:
    ev = zi_engine.evaluate(rubric, make_submission())
    for predicate in ("WBK", "WBBM"):
        result = ev.eligibility[predicate]
        assert result.outcome == "eligible"
        for c in result.criteria:
            assert c.outcome == "pass"
            assert c.source
            assert "90/2021" in c.source
            assert c.required is not None
            assert c.reason
            assert c.group in ("score", "gate")


@pytest.mark.parametrize(
    ("change", "criterion"),
    [
        ({"agency.bpk_opinion": "WDP"}, "opini_bpk"),
        ({"agency.sakip_grade": "CC"}, "sakip_instansi"),
        ({"agency.spip_level": 2}, "maturitas_spip"),
        ({"unit.core_service": False}, "layanan_utama"),
        ({"unit.tlhp_percent": 99.5}, "tlhp"),
        ({"unit.public_perception_impact": False}, "dampak_persepsi"),
        ({"unit.sakip_grade": "C"}, "sakip_unit"),
    ],
)
def test_a_failed_gate_makes_wbk_not_eligible(
    rubric: Rubric, make_submission: MakeSubmission, change: dict[str, Any], criterion: str
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes=change))
    assert ev.eligibility["WBK"].outcome == "not_eligible"
    assert ev.eligibility["WBK"].failed == (criterion,)
    failed = next(c for c in ev.eligibility["WBK"].criteria if c.id == criterion)
    assert failed.group == "gate"


def test_indeks_rb_minimum_depends_on_agency_type(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    facts = {"agency.indeks_rb_grade": "CC"}
    regional = zi_engine.evaluate(rubric, make_submission(fact_changes=facts))
    assert _outcomes(regional, "WBK")["indeks_rb"] == "pass"  # regional: >= CC
    central_sub = make_submission(fact_changes=facts).model_copy(
        update={"unit": zi_engine.UnitInfo(id="U", name="U", agency={"id": "K", "type": "central"})}
    )
    central = zi_engine.evaluate(rubric, central_sub)
    result = next(c for c in central.eligibility["WBK"].criteria if c.id == "indeks_rb")
    assert result.outcome == "fail"  # central: >= B
    assert result.gap == 1  # one grade step below B
    unknown_sub = make_submission(fact_changes=facts).model_copy(
        update={"unit": zi_engine.UnitInfo(id="U", name="U", agency={"id": "K"})}
    )
    assert _outcomes(zi_engine.evaluate(rubric, unknown_sub), "WBK")["indeks_rb"] == "inconclusive"


@pytest.mark.parametrize(
    ("as_of", "outcome"),
    [("2026-01-14", "fail"), ("2026-01-15", "pass")],  # building since 2025-01-15
)
def test_one_year_of_building_counts_calendar_years(
    rubric: Rubric, make_submission: MakeSubmission, as_of: str, outcome: str
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission(as_of=as_of))
    assert _outcomes(ev, "WBK")["lama_pembangunan"] == outcome


def test_missing_facts_are_inconclusive_never_eligible(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission(facts={}))
    wbk = ev.eligibility["WBK"]
    assert wbk.outcome == "inconclusive"
    assert not wbk.failed
    # LHKPN/LHKASN are the LKE's own counts (hlm. 85-86), answered here: they need no fact
    counted = {"lhkpn", "lhkasn"}
    gates = {c.id: c.outcome for c in wbk.criteria if c.group == "gate"}
    assert {o for g, o in gates.items() if g not in counted} == {"inconclusive"}
    assert {gates[g] for g in counted} == {"pass"}


def test_no_evaluation_date_makes_the_period_inconclusive(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission(as_of=None))
    assert _outcomes(ev, "WBK")["lama_pembangunan"] == "inconclusive"
    dated = zi_engine.evaluate(rubric, make_submission(as_of=None), as_of=date(2026, 6, 1))
    assert _outcomes(dated, "WBK")["lama_pembangunan"] == "pass"


def test_wbbm_requires_wbk_held(rubric: Rubric, make_submission: MakeSubmission) -> None:
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes={"unit.predicate_held": "none"}))
    assert ev.eligibility["WBBM"].failed == ("predikat_wbk",)
    assert ev.eligibility["WBK"].outcome == "eligible"


def test_missing_answers_are_listed_and_only_decisive_ones_are_inconclusive(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # one missing pemenuhan answer: 100 - its share still passes every threshold
    ev = zi_engine.evaluate(rubric, make_submission({"mp.p.tim_kerja.b": None}))
    assert ev.missing_answers == ("mp.p.tim_kerja.b",)
    assert ev.items["mp.p.tim_kerja.b"].status == "missing"
    assert ev.total == pytest.approx(100 - 0.25)  # counted as 0, never invented
    assert ev.eligibility["WBK"].outcome == "eligible"
    # a missing survey decides the IPAK criterion: inconclusive, not fail
    ev = zi_engine.evaluate(rubric, make_submission({"hasil.bersih_akuntabel.ipak": None}))
    outcomes = _outcomes(ev, "WBK")
    assert outcomes["ipak"] == "inconclusive"
    assert ev.eligibility["WBK"].outcome == "inconclusive"
    bounds = ev.score("item:hasil.bersih_akuntabel.ipak")
    assert (bounds.low, bounds.high, bounds.missing) == (0.0, 17.5, 1)


def test_missing_count_makes_its_formula_missing(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission({"pw.r.pengaduan.a_selesai": None}))
    assert ev.items["pw.r.pengaduan.a"].status == "missing"
    assert "pw.r.pengaduan.a_selesai" in ev.missing_answers
    assert ev.score("area:penguatan_pengawasan").high == pytest.approx(15.0)


def test_bad_answers_are_all_named(rubric: Rubric, make_submission: MakeSubmission) -> None:
    sub = make_submission(
        {
            "tt.p.sop.a": "F",
            "pw.r.pengaduan.a_selesai": "tiga",
            "hasil.pelayanan_prima.ipkp": "4,5",
            "sdm.r.disiplin.a_tahun_ini": -1,
            "no.such.question": "A",
            "pw.r.pengaduan.a": "A",
        }
    )
    with pytest.raises(zi_engine.SubmissionError) as info:
        zi_engine.evaluate(rubric, sub)
    text = str(info.value)
    for needle in (
        "tt.p.sop.a (soal_id 13)",
        "'F' is not an option",
        "pw.r.pengaduan.a_selesai (soal_id 112)",
        "'tiga' is not a number",
        "between 0 and 4",
        "cannot be negative",
        "no question 'no.such.question'",
        "computed from counts",
    ):
        assert needle in text
    assert len(info.value.problems) == 6


def test_answers_are_case_and_space_tolerant(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = zi_engine.evaluate(
        rubric, make_submission({"tt.p.sop.a": " b ", "mp.p.tim_kerja.a": "ya"})
    )
    assert ev.items["tt.p.sop.a"].value == 0.67
    assert ev.items["mp.p.tim_kerja.a"].value == 1.0


def test_warnings_flag_a_rubric_out_of_effect_and_an_unknown_target(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    assert zi_engine.evaluate(rubric, make_submission()).warnings == ()
    early = zi_engine.evaluate(rubric, make_submission(as_of="2021-06-30"))
    assert any("in effect from 2021-12-31" in w for w in early.warnings)
    odd = zi_engine.evaluate(rubric, make_submission(target="WBX"))
    assert any("'WBX' is not a predicate" in w for w in odd.warnings)


def test_named_rubrics_are_loaded_once_per_engine(tmp_path: Path) -> None:
    engine = zi_engine.Engine()
    first = engine.load_rubric("permenpan-rb-90-2021")
    assert engine.load_rubric("permenpan-rb-90-2021") is first
    assert engine.load_rubric("permenpan-rb-90-2021", reload=True) is not first
    with pytest.raises(zi_engine.RubricError):
        engine.load_rubric("no-such-rubric")
    directory = first.dump(tmp_path / "copy")  # a directory is read afresh on every call
    assert engine.load_rubric(directory) is not engine.load_rubric(directory)
    with pytest.warns(DeprecationWarning, match="load_rubric"):
        assert engine.rubric("permenpan-rb-90-2021") is engine.load_rubric("permenpan-rb-90-2021")
