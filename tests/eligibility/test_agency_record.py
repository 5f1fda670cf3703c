"""Agency facts belong to the agency and the year (Tabel 5, hlm. 46; pra-evaluasi, hlm. 52).

A unit evaluated with its agency's record is judged on the record's facts; a
unit's own copy that says otherwise is a warning naming the fact; units of one
agency in a batch cannot disagree about them.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

import pytest

from zi_engine import (
    AgencyFacts,
    AgencyFactsDisagree,
    AgencyRecord,
    Engine,
    Rubric,
    Submission,
    UnitInfo,
    UsageError,
    agency_records,
    use_language,
)
from zi_engine.engine import _many

MakeSubmission = Callable[..., Submission]

# the agency AG-1's facts for 2026: SAKIP CC is below Tabel 5's "minimal B" for Menuju WBK
WEAK = AgencyFacts(bpk_opinion="WTP", sakip_grade="CC", indeks_rb_grade="B", spip_level=3)
RECORD = AgencyRecord(agency_id="AG-1", year=2026, facts=WEAK)


def _unit(sub: Submission, unit_id: str, agency_id: str = "AG-1") -> Submission:
    agency = sub.unit.agency.model_copy(update={"id": agency_id})
    unit = UnitInfo(id=unit_id, name=f"Unit {unit_id}", agency=agency)
    return sub.model_copy(update={"unit": unit})


def _gate(evaluation: Any, gate: str, predicate: str = "WBK") -> str:
    found = [c for c in evaluation.eligibility[predicate].criteria if c.id == gate]
    assert len(found) == 1, gate
    return str(found[0].outcome)


def test_the_record_decides_the_agency_gates_not_the_units_copy(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    sub = make_submission()  # states SAKIP BB for its agency: the gate passes on its own copy
    engine = Engine()
    assert _gate(engine.evaluate(rubric, sub), "sakip_instansi") == "pass"
    ev = engine.evaluate(rubric, sub, agency=RECORD)
    assert _gate(ev, "sakip_instansi") == "fail"  # CC < B (Tabel 5)
    assert ev.eligibility["WBK"].outcome == "not_eligible"
    assert ev.submission.facts.agency == WEAK  # what was judged is what the record holds
    assert ev.submission.facts.unit == sub.facts.unit
    contradictions = [w for w in ev.warnings if "facts.agency." in w]
    assert len(contradictions) == 1, ev.warnings  # only SAKIP differs
    (warning,) = contradictions
    assert getattr(warning, "code", None) == "eligibility.agency_fact_contradicts_record"
    assert "'UNIT-1'" in warning
    assert "facts.agency.sakip_grade" in warning
    assert "'BB'" in warning
    assert "'CC'" in warning
    assert "'AG-1'" in warning
    assert "2026" in warning


def test_a_unit_stating_no_agency_facts_takes_the_record_without_a_warning(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    sub = make_submission(
        facts={"unit": make_submission().facts.unit.model_dump(mode="json", exclude_none=True)}
    )
    assert sub.facts.agency == AgencyFacts()
    engine = Engine()
    # alone, the agency gates have nothing to read: inconclusive
    assert _gate(engine.evaluate(rubric, sub), "opini_bpk") == "inconclusive"
    ev = engine.evaluate(rubric, sub, agency=RECORD)
    assert _gate(ev, "opini_bpk") == "pass"
    assert _gate(ev, "sakip_instansi") == "fail"
    assert not [w for w in ev.warnings if "facts.agency." in w]


def test_the_same_facts_as_the_record_are_no_contradiction(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    sub = make_submission()
    record = AgencyRecord(agency_id="AG-1", year=2026, facts=sub.facts.agency)
    ev = Engine().evaluate(rubric, sub, agency=record)
    assert ev.to_dict() == Engine().evaluate(rubric, sub).to_dict()


def test_a_record_of_another_agency_or_year_is_refused(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    sub = make_submission()
    for other in (
        AgencyRecord(agency_id="AG-2", year=2026, facts=WEAK),
        AgencyRecord(agency_id="AG-1", year=2025, facts=WEAK),
    ):
        with pytest.raises(UsageError, match="give the record of the unit's agency and year"):
            Engine().evaluate(rubric, sub, agency=other)
    with pytest.raises(UsageError, match="takes an AgencyRecord"):
        Engine().evaluate(rubric, sub, agency={"AG-1": WEAK})  # type: ignore[arg-type]


def test_a_bad_record_is_a_located_submission_error() -> None:
    from zi_engine import SubmissionError

    with pytest.raises(SubmissionError, match="year"):
        AgencyRecord(agency_id="AG-1", year="2026", facts=WEAK)  # type: ignore[arg-type]


def test_units_of_one_agency_stating_different_facts_name_both_units(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    a = _unit(make_submission(), "DINKES")
    b = _unit(make_submission(fact_changes={"agency.sakip_grade": "A"}), "DISDUK")
    c = _unit(make_submission(fact_changes={"agency.sakip_grade": "A"}), "RSUD")
    with pytest.raises(AgencyFactsDisagree) as caught:
        Engine().evaluate_many(rubric, [a, b, c])
    problems = caught.value.problems
    assert [p.path for p in problems] == ["facts.agency.sakip_grade"] * 2
    first, second = (str(p.message) for p in problems)
    assert "'DINKES'" in first
    assert "'DISDUK'" in first
    assert "'BB'" in first
    assert "'A'" in first
    assert "'DINKES'" in second
    assert "'RSUD'" in second
    assert all(p.code == "eligibility.agency_facts_disagree" for p in problems)
    with use_language("id"):
        indonesian = str(caught.value.problems[0].message.in_language("id"))
    assert "menyatakan data tingkat instansi yang berbeda" in indonesian


def test_different_agencies_or_years_and_silent_units_do_not_disagree(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    a = _unit(make_submission(), "DINKES")
    other_agency = _unit(make_submission(fact_changes={"agency.sakip_grade": "A"}), "X", "AG-2")
    other_year = _unit(make_submission(fact_changes={"agency.sakip_grade": "A"}), "Y")
    other_year = other_year.model_copy(update={"year": 2025})
    silent = _unit(make_submission(facts={"unit": {"core_service": True}}), "Z")
    made = Engine().evaluate_many(rubric, [a, other_agency, other_year, silent])
    assert [ev.unit_id for ev in made] == ["DINKES", "X", "Y", "Z"]
    records = agency_records([a, other_agency, other_year, silent])
    assert set(records) == {("AG-1", 2026), ("AG-2", 2026), ("AG-1", 2025)}
    assert records["AG-1", 2026].facts == a.facts.agency


def test_a_batch_with_the_agency_record_judges_every_unit_alike(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    a = _unit(make_submission(), "DINKES")
    b = _unit(make_submission(fact_changes={"agency.sakip_grade": "A"}), "DISDUK")
    silent = _unit(
        make_submission(facts={"unit": a.facts.unit.model_dump(mode="json", exclude_none=True)}),
        "RSUD",
    )
    made = Engine().evaluate_many(rubric, [a, b, silent], agencies=[RECORD])
    assert [_gate(ev, "sakip_instansi") for ev in made] == ["fail"] * 3
    assert [ev.submission.facts.agency for ev in made] == [WEAK] * 3
    warned = [[w for w in ev.warnings if "facts.agency." in w] for ev in made]
    assert [len(w) for w in warned] == [1, 1, 0]
    assert "'DISDUK'" in warned[1][0]
    assert "'A'" in warned[1][0]
    # a mapping of records, as agency_records() gives, is accepted too
    again = Engine().evaluate_many(rubric, [a, b, silent], agencies={RECORD.key: RECORD})
    assert [ev.to_dict() for ev in again] == [ev.to_dict() for ev in made]


def test_two_records_of_one_agency_and_year_are_refused(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    other = AgencyRecord(agency_id="AG-1", year=2026, facts=AgencyFacts(bpk_opinion="WDP"))
    with pytest.raises(UsageError, match="two different records of agency 'AG-1' for 2026"):
        Engine().evaluate_many(rubric, [make_submission()], agencies=[RECORD, other])
    # the same record twice is one record
    Engine().evaluate_many(rubric, [make_submission()], agencies=[RECORD, RECORD.model_copy()])


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked"
)
def test_workers_apply_the_record_as_evaluate_does(
    rubric: Rubric, make_submission: MakeSubmission, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_many, "MIN_PER_WORKER", 3)
    batch = [
        _unit(make_submission(fact_changes={"agency.sakip_grade": ("A", "BB")[i % 2]}), f"U{i}")
        for i in range(8)
    ]
    engine = Engine()
    made = engine.evaluate_many(rubric, batch, agencies=[RECORD], workers=2)
    expected = [engine.evaluate(rubric, sub, agency=RECORD) for sub in batch]
    assert [ev.to_dict() for ev in made] == [ev.to_dict() for ev in expected]
    assert [ev.warnings for ev in made] == [ev.warnings for ev in expected]
    assert all(ev.submission.facts.agency == WEAK for ev in made)


def test_the_agency_gates_are_tabel_5s_agency_rows(rubric: Rubric) -> None:
    from zi_engine import agency_gate_ids

    # Tabel 5, tingkat instansi: BPK opinion, SAKIP, Indeks RB, SPIP – for both predicates
    rows = {"opini_bpk", "sakip_instansi", "indeks_rb", "maturitas_spip"}
    assert agency_gate_ids(rubric, "WBK") == rows
    assert agency_gate_ids(rubric, "WBBM") == rows
