"""The improvement plan: the steps it claims really make the unit pass."""

from __future__ import annotations

from pathlib import Path

import pytest

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import Rubric, Submission
from zi_engine.planning._plan import plan

EXAMPLES = EXAMPLES_DIR


def test_unit_failing_one_area_minimum_gets_a_verified_plan(rubric: Rubric) -> None:
    sub = zi_engine.load_submission(EXAMPLES / "rsud-idaman-area-minimum.yaml")
    ev = zi_engine.evaluate(rubric, sub)
    assert ev.eligibility["WBK"].failed == ("area_minimum.penguatan_pengawasan",)
    result = plan(ev, "WBK")
    assert result.achievable
    assert result.outcome_before == "not_eligible"
    assert result.outcome_after == "eligible"
    assert result.steps
    # every step helps the failing criterion, and they are ordered by points per step
    assert all("area_minimum.penguatan_pengawasan" in s.helps for s in result.steps)
    gains = [s.points / s.steps for s in result.steps]
    assert gains == sorted(gains, reverse=True)
    # re-apply the steps ourselves: the claim holds
    changes: dict[str, object] = {}
    for s in result.steps:
        changes.update(s.changes)
    after = zi_engine.evaluate(rubric, sub.with_answers(changes, layer="tpn"))
    assert after.eligibility["WBK"].outcome == "eligible"


def test_plan_is_minimal_no_step_can_be_dropped(rubric: Rubric) -> None:
    sub = zi_engine.load_submission(EXAMPLES / "rsud-idaman-area-minimum.yaml")
    ev = zi_engine.evaluate(rubric, sub)
    result = plan(ev, "WBK")
    for skip in result.steps:
        changes: dict[str, object] = {}
        for s in result.steps:
            if s is not skip:
                changes.update(s.changes)
        after = zi_engine.evaluate(rubric, sub.with_answers(changes, layer="tpn"))
        assert after.eligibility["WBK"].outcome != "eligible"


def test_what_answers_cannot_fix_is_a_requirement(rubric: Rubric) -> None:
    sub = zi_engine.load_submission(EXAMPLES / "dinkes-banjarbaru-wbk.yaml")
    result = plan(zi_engine.evaluate(rubric, sub), "WBBM")
    assert not result.achievable
    reqs = {r.criterion_id: r for r in result.requirements}
    # no date building toward WBBM is stated: that year is a requirement too
    assert set(reqs) == {"predikat_wbk", "sakip_unit", "pelayanan_prima", "lama_pembangunan"}
    # pelayanan prima 17.5 x index / 4 >= 15.75 needs IPKP 3.60
    assert reqs["pelayanan_prima"].required == pytest.approx(3.6)
    assert result.unreachable == ("pelayanan_prima",)


def test_an_eligible_unit_needs_no_steps(rubric: Rubric) -> None:
    sub = zi_engine.load_submission(EXAMPLES / "kpp-banjarbaru-wbbm.yaml")
    result = plan(zi_engine.evaluate(rubric, sub), "WBBM")
    assert result.steps == ()
    assert result.achievable
    assert result.outcome_after == "eligible"


def test_unknown_target_is_an_error_listing_the_predicates(rubric: Rubric) -> None:
    sub = zi_engine.load_submission(EXAMPLES / "kpp-banjarbaru-wbbm.yaml")
    with pytest.raises(zi_engine.UsageError, match="'WBX'; the known ones are WBK, WBBM"):
        plan(zi_engine.evaluate(rubric, sub), "WBX")


# A rubric small enough to read: one area, half of it a decline of violations
# ((last year - this year) / last year), the other half two yes/no questions.
_DECLINE_RUBRIC = {
    "rubric.yaml": """\
id: decline-plan
version: "1.0"
title: Rubrik penurunan
regulation:
  name: Contoh
effective:
  from: 2024-01-01
components:
  - id: pengungkit
    label: Pengungkit
    weight: 60
    parts:
      - id: pemenuhan
        label: Pemenuhan
        weight: 30
      - id: reform
        label: Reform
        weight: 30
  - id: hasil
    label: Hasil
    weight: 40
areas:
  - area.yaml
  - hasil.yaml
predicates:
  - id: WBK
    label: Menuju WBK
    criteria:
      - id: area_minimum
        label: Area minimal 60%
        kind: area_percent_min
        component: pengungkit
        min_percent: 60
""",
    "hasil.yaml": """\
component: hasil
areas:
  - id: bersih
    label: Bersih
    weight: 40
    scoring: weighted
    questions:
      - id: hasil.ipak
        soal_id: 4
        text: IPAK
        answer: survey_index
        weight: 40
""",
    "area.yaml": """\
component: pengungkit
areas:
  - id: disiplin
    label: Disiplin
    weight: 60
    parts:
      pemenuhan:
        weight: 30
        sub_areas:
          - id: aturan
            label: Aturan
            weight: 30
            questions:
              - id: d.p.aturan
                soal_id: 1
                text: Ada aturan disiplin
                answer: ya_tidak
      reform:
        weight: 30
        sub_areas:
          - id: pelanggaran
            label: Pelanggaran
            weight: 30
            questions:
              - id: d.r.tahun_lalu
                soal_id: 2
                text: Pelanggaran tahun lalu
                answer: count
              - id: d.r.tahun_ini
                soal_id: 3
                text: Pelanggaran tahun ini
                answer: count
              - id: d.r.penurunan
                text: Penurunan pelanggaran
                answer: decline
                previous: d.r.tahun_lalu
                current: d.r.tahun_ini
                zero_denominator: ZERO
""",
}


def _decline_case(
    tmp_path: Path, zero: float, last_year: int, this_year: int
) -> tuple[Rubric, Submission]:
    for name, text in _DECLINE_RUBRIC.items():
        (tmp_path / name).write_text(text.replace("ZERO", str(zero)), encoding="utf-8")
    rubric = zi_engine.load_rubric(tmp_path)
    return rubric, _small_unit({"d.r.tahun_lalu": last_year, "d.r.tahun_ini": this_year})


def _small_unit(answers: dict[str, int]) -> Submission:
    """A unit of the small rubrics here: the rule in place, IPAK 4, and ``answers``."""
    return Submission.model_validate(
        {
            "unit": {"id": "U-1", "name": "Unit", "agency": {"id": "AG-1", "type": "regional"}},
            "year": 2026,
            "target": "WBK",
            "as_of": "2026-05-20",
            "answers": {"d.p.aturan": "Ya", "hasil.ipak": 4, **answers},
        }
    )


@pytest.mark.parametrize(("zero", "points"), [(1.0, 30.0), (0.5, 15.0)])
def test_a_decline_with_no_violations_last_year_is_raised_by_cutting_this_years(
    tmp_path: Path, zero: float, points: float
) -> None:
    """0 last year and 2 this year scores 0; cutting this year's to 0 gives the rubric's
    0/0 value. The plan used to treat any 0 last year as final and call the area unreachable."""
    rubric, sub = _decline_case(tmp_path, zero, last_year=0, this_year=2)
    ev = zi_engine.evaluate(rubric, sub)
    assert ev.eligibility["WBK"].outcome == "not_eligible"  # the area stands at 30 of 60
    result = plan(ev, "WBK")
    assert result.achievable
    assert result.unreachable == ()
    [step] = result.steps
    assert step.question_id == "d.r.penurunan"
    assert step.changes == {"d.r.tahun_ini": 0}
    assert step.points == pytest.approx(points)  # what the 0/0 value is worth, not 100%
    after = zi_engine.evaluate(rubric, sub.with_answers(step.changes, layer="tpn"))
    assert after.eligibility["WBK"].outcome == "eligible"


def test_a_decline_whose_0_over_0_value_is_nothing_is_not_a_step(tmp_path: Path) -> None:
    """With a 0/0 value of 0, cutting this year's violations gains nothing: no step, unreachable."""
    rubric, sub = _decline_case(tmp_path, 0.0, last_year=0, this_year=2)
    result = plan(zi_engine.evaluate(rubric, sub), "WBK")
    assert not result.achievable
    assert result.steps == ()
    assert result.unreachable == ("area_minimum.disiplin",)


def test_a_decline_from_last_year_is_still_cut_to_0(tmp_path: Path) -> None:
    """4 last year and 4 this year: no decline; this year at 0 is a 100% decline."""
    rubric, sub = _decline_case(tmp_path, 1.0, last_year=4, this_year=4)
    [step] = plan(zi_engine.evaluate(rubric, sub), "WBK").steps
    assert step.changes == {"d.r.tahun_ini": 0}
    assert step.points == pytest.approx(30.0)


def _shared_count_case(tmp_path: Path) -> tuple[Rubric, Submission]:
    """Two ratios over one count of reports (LHKPN of officials, LHKASN of staff, say)."""
    item = "              - id: d.r.{}\n                text: {}\n                answer: {}\n"
    ratios = "".join(
        item.format(qid, text, "count") + f"                soal_id: {soal}\n"
        for soal, (qid, text) in enumerate(
            [("pejabat", "Pejabat wajib lapor"), ("pegawai", "Pegawai"), ("lapor", "Melapor")], 5
        )
    )
    for of in ("pejabat", "pegawai"):
        ratios += item.format(f"persen_{of}", f"Persen {of} melapor", "ratio")
        ratios += (
            f"                numerator: [d.r.lapor]\n                denominator: [d.r.{of}]\n"
        )
        ratios += "                zero_denominator: 1\n"
    area = _DECLINE_RUBRIC["area.yaml"]
    area = area[: area.index("              - id: d.r.tahun_lalu")] + ratios
    (tmp_path / "area.yaml").write_text(area, encoding="utf-8")
    for name in ("rubric.yaml", "hasil.yaml"):
        text = _DECLINE_RUBRIC[name].replace("min_percent: 60", "min_percent: 90")
        (tmp_path / name).write_text(text, encoding="utf-8")
    rubric = zi_engine.load_rubric(tmp_path)
    return rubric, _small_unit({"d.r.pejabat": 4, "d.r.pegawai": 8, "d.r.lapor": 0})


def test_two_formulas_that_raise_one_shared_count_are_one_step(tmp_path: Path) -> None:
    """Both ratios need more reports, and each formula's step raises d.r.lapor: the plan used
    to list it in two steps (4, then 8), which read in order say two different things."""
    rubric, sub = _shared_count_case(tmp_path)
    ev = zi_engine.evaluate(rubric, sub)
    result = plan(ev, "WBK")
    changed = [qid for step in result.steps for qid in step.changes]
    assert changed == ["d.r.lapor"]
    [step] = result.steps
    assert step.helps == ("area_minimum.disiplin",)
    # the one step is what the plan applied: its changes give the total it promises
    after = zi_engine.evaluate(rubric, sub.with_answers(step.changes, layer="tpn"))
    assert after.total == pytest.approx(result.total_after)
    assert step.points == pytest.approx(result.total_after - ev.total)
