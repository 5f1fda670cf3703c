"""Scores agencies have (SAKIP, Indeks RB) turned into the grades Tabel 5 (hlm. 46) names.

The bands are not in PermenPAN-RB 90/2021; the rubric states them (AA >90–100,
A >80–90, BB >70–80, B >60–70, CC >50–60, C >30–50, D 0–30) and whether a
score on a bound belongs to the grade below (``exclusive``, the published ">").
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import zi_engine
from zi_engine import CriterionResult, Rubric, Submission
from zi_engine.eligibility._grades import band_problems, grade_from_score

MakeSubmission = Callable[..., Submission]

BANDS = {"AA": 90, "A": 80, "BB": 70, "B": 60, "CC": 50, "C": 30, "D": 0}
GRADES = list(BANDS)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "AA"),
        (90.01, "AA"),
        (90.0, "A"),  # ">90-100" is AA: 90 itself is A
        (80.01, "A"),
        (80.0, "BB"),
        (70.01, "BB"),
        (70.0, "B"),
        (60.01, "B"),
        (60.0, "CC"),  # ">60-70" is B: exactly 60.00 is CC
        (50.01, "CC"),
        (50.0, "C"),
        (30.01, "C"),
        (30.0, "D"),
        (0.0, "D"),  # the lowest band holds its own bound
    ],
)
def test_exclusive_bands_at_their_edges(score: float, grade: str) -> None:
    assert grade_from_score(score, BANDS, "exclusive") == grade


@pytest.mark.parametrize(
    ("score", "grade"),
    [(90.0, "AA"), (89.99, "A"), (60.0, "B"), (59.99, "CC"), (30.0, "C"), (0.0, "D")],
)
def test_inclusive_bands_at_their_edges(score: float, grade: str) -> None:
    assert grade_from_score(score, BANDS, "inclusive") == grade


def test_a_score_below_every_band_has_no_grade() -> None:
    assert grade_from_score(-0.5, BANDS) is None
    assert grade_from_score(9.99, {"A": 50, "B": 10}) is None


def test_bands_are_checked() -> None:
    assert band_problems(BANDS, GRADES) == []
    assert "map each grade" in band_problems([90, 80], GRADES)[0]
    assert "not in the rubric's grades" in band_problems({"AAA": 95, **BANDS}, GRADES)[0]
    assert "strictly" in band_problems({**BANDS, "B": 75}, GRADES)[0]
    assert "a number" in band_problems({**BANDS, "B": "60"}, GRADES)[0]
    assert "lower_bound" in band_problems(BANDS, GRADES, "half-open")[0]


def _criterion(ev: zi_engine.Evaluation, predicate: str, cid: str) -> CriterionResult:
    return next(c for c in ev.eligibility[predicate].criteria if c.id == cid)


@pytest.mark.parametrize(
    ("score", "wbk", "wbbm"),
    [
        (60.0, "fail", "fail"),
        (60.01, "pass", "fail"),
        (70.0, "pass", "fail"),
        (70.01, "pass", "pass"),
    ],
)
def test_a_sakip_score_stands_in_for_the_grade(
    rubric: Rubric, make_submission: MakeSubmission, score: float, wbk: str, wbbm: str
) -> None:
    facts = {"agency.sakip_grade": None, "agency.sakip_score": score}
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes=facts))
    assert _criterion(ev, "WBK", "sakip_instansi").outcome == wbk  # at least B
    assert _criterion(ev, "WBBM", "sakip_instansi").outcome == wbbm  # at least BB
    assert "agency.sakip_score" in _criterion(ev, "WBK", "sakip_instansi").reason


def test_an_indeks_rb_score_by_agency_type(rubric: Rubric, make_submission: MakeSubmission) -> None:
    # regional agency: WBK needs CC (>50), WBBM needs B (>60)
    facts = {"agency.indeks_rb_grade": None, "agency.indeks_rb_score": 55.5}
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes=facts))
    assert _criterion(ev, "WBK", "indeks_rb").outcome == "pass"
    assert _criterion(ev, "WBBM", "indeks_rb").outcome == "fail"
    assert _criterion(ev, "WBBM", "indeks_rb").actual == "CC"


def test_a_unit_sakip_score_stands_in_for_its_grade(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    facts = {"unit.sakip_grade": None, "unit.sakip_score": 58}
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes=facts))
    assert ev.eligibility["WBK"].failed == ("sakip_unit",)


def test_a_stated_grade_the_score_contradicts_is_a_warning(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # the stated predikat B decides; 60.00 is CC on the bands, which is reported
    facts = {"agency.sakip_grade": "B", "agency.sakip_score": 60.0}
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes=facts))
    assert _criterion(ev, "WBK", "sakip_instansi").outcome == "pass"
    (warning,) = ev.warnings
    assert "agency.sakip_grade is B" in warning
    assert "agency.sakip_score 60.00 is CC" in warning
    # agreeing: no warning
    facts = {"agency.sakip_grade": "BB", "agency.sakip_score": 75.2}
    assert zi_engine.evaluate(rubric, make_submission(fact_changes=facts)).warnings == ()


def test_neither_grade_nor_score_is_inconclusive(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes={"agency.sakip_grade": None}))
    assert ev.eligibility["WBK"].inconclusive == ("sakip_instansi",)


def test_a_grade_criterion_reading_a_score_checks_its_params(rubric: Rubric) -> None:
    from zi_engine.eligibility._kinds import FactGradeMin
    from zi_engine.rubric._model import CriterionSpec

    def problems(params: dict[str, object]) -> list[str]:
        spec = CriterionSpec(
            id="x",
            label="x",
            kind="fact_grade_min",
            fact="agency.sakip_grade",
            min_grade="B",
            params=params,
        )
        return FactGradeMin().check(spec, rubric.tree, rubric.manifest)

    assert problems({}) == []
    assert problems({"score_fact": "agency.sakip_score", "bands": BANDS}) == []
    (bad_fact,) = problems({"score_fact": "agency.sakip", "bands": BANDS})
    assert "params.score_fact 'agency.sakip'" in bad_fact
    (bad_bands,) = problems({"score_fact": "agency.sakip_score", "bands": {**BANDS, "B": 75}})
    assert bad_bands.startswith("params: band lower bounds")
    (no_bands,) = problems({"score_fact": "agency.sakip_score"})
    assert "map each grade" in no_bands
