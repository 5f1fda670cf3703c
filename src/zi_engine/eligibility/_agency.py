"""Agency facts held once per agency and year, applied to the units evaluated with them.

Tabel 5's agency-level rows (hlm. 46) are facts of the agency (instansi) in a
year; the TPN checks them once for a proposing agency (pra-evaluasi angka 1,
hlm. 52). So units of one agency must not disagree about them:

* a unit evaluated with its agency's :class:`~zi_engine.AgencyRecord` is
  judged on the record's facts; agency facts its own submission states
  differently are a *warning* on the evaluation, naming each fact (the record
  decides, so nothing is judged on them; refusing would stop a whole batch
  over copies that no longer count – the store refuses such a write);
* a batch whose submissions of one agency and year state different agency
  facts, with no record to decide, is an :class:`AgencyFactsDisagree` naming
  both units and each fact: there is no telling which unit is right.

:func:`agency_gate_ids` names the gates that read agency facts, the ones a TPN
may admit a unit despite (hlm. 52, "pertimbangan teknis lain").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from zi_engine._errors import Problem, SubmissionError, UsageError
from zi_engine._i18n import Text, t
from zi_engine._text import show
from zi_engine.submission._agency import AgencyRecord, fact_differences, stated
from zi_engine.submission._model import Submission

if TYPE_CHECKING:
    from zi_engine.rubric._rubric import Rubric

__all__ = [
    "AgencyFactsDisagree",
    "agency_gate_ids",
    "agency_records",
    "match_agency_records",
    "with_agency_record",
]

AGENCY_FACT_PREFIX = "agency."
"""Facts of this path are the agency's; a criterion reading one is an agency-level gate."""


class AgencyFactsDisagree(SubmissionError):
    """Submissions of one agency and year state different agency facts (each problem: one fact,
    both units). Pass the agency's :class:`~zi_engine.AgencyRecord` to decide."""


def _value(value: Any) -> str:
    return "-" if value is None else show(value)


def _contradiction(sub: Submission, record: AgencyRecord, name: str, own: Any, held: Any) -> Text:
    return t(
        "eligibility.agency_fact_contradicts_record",
        "unit {unit} states facts.agency.{fact} = {own}, but the record of agency {agency} for "
        "{year} holds {held}, which counts: agency facts are held once per agency and year; "
        "remove them from the unit's submission or correct the record",
        unit=show(sub.unit.id),
        fact=name,
        own=_value(own),
        agency=show(record.agency_id),
        year=str(record.year),
        held=_value(held),
    )


def with_agency_record(
    submission: Submission, record: AgencyRecord | None
) -> tuple[Submission, tuple[Text, ...]]:
    """``submission`` with ``record``'s facts applied, and a warning for each fact it contradicts.

    ``None`` leaves the submission as it is. A record of another agency or
    year is a :class:`~zi_engine.UsageError`: it would judge the unit on
    another agency's facts.
    """
    if record is None:
        return submission, ()
    if not isinstance(record, AgencyRecord):
        raise UsageError(
            t(
                "eligibility.agency_not_a_record",
                "agency= takes an AgencyRecord(agency_id, year, facts), not {given}",
                given=type(record).__name__,
            )
        )
    if not record.is_of(submission):
        raise UsageError(
            t(
                "eligibility.agency_record_of_other",
                "the agency record is of agency {agency} for {year}; the submission of unit {unit} "
                "is of agency {unit_agency} for {unit_year}: give the record of the unit's "
                "agency and year",
                agency=show(record.agency_id),
                year=str(record.year),
                unit=show(submission.unit.id),
                unit_agency=show(submission.unit.agency.id),
                unit_year=str(submission.year),
            )
        )
    own = submission.facts.agency
    notes: tuple[Text, ...] = ()
    if stated(own):
        notes = tuple(
            _contradiction(submission, record, name, mine, held)
            for name, mine, held in fact_differences(own, record.facts)
        )
    if own == record.facts:
        return submission, notes
    return record.applied_to(submission), notes


def agency_records(submissions: Iterable[Submission]) -> dict[tuple[str, int], AgencyRecord]:
    """The agency records the submissions state, one per agency and year.

    A submission stating no agency facts states no record. Two submissions of
    one agency and year stating different ones are an :class:`AgencyFactsDisagree`
    naming both units and each fact. Pass the result to
    ``Engine.evaluate_many(..., agencies=...)`` to evaluate every unit of an
    agency – those stating none too – with the same facts.
    """
    records: dict[tuple[str, int], AgencyRecord] = {}
    first_unit: dict[tuple[str, int], str] = {}
    problems: list[Problem] = []
    seen_pairs: set[tuple[tuple[str, int], str]] = set()
    for sub in submissions:
        facts = sub.facts.agency
        if not stated(facts):
            continue
        key = (sub.unit.agency.id, sub.year)
        held = records.get(key)
        if held is None:
            records[key] = AgencyRecord(agency_id=key[0], year=key[1], facts=facts)
            first_unit[key] = sub.unit.id
            continue
        if held.facts == facts or (key, sub.unit.id) in seen_pairs:
            continue
        seen_pairs.add((key, sub.unit.id))
        for name, theirs, mine in fact_differences(held.facts, facts):
            problems.append(
                Problem(
                    t(
                        "eligibility.agency_facts_disagree",
                        "units {first} and {second} of agency {agency} state different agency "
                        "facts for {year}: {first} gives {first_value}, {second} gives "
                        "{second_value}; agency facts are held once per agency and year: give "
                        "the agency's record (agencies=) or correct the submissions",
                        first=show(first_unit[key]),
                        second=show(sub.unit.id),
                        agency=show(key[0]),
                        year=str(key[1]),
                        first_value=_value(theirs),
                        second_value=_value(mine),
                    ),
                    file=f"<submission: {sub.unit.id}>",
                    path=f"facts.agency.{name}",
                )
            )
    if problems:
        raise AgencyFactsDisagree(problems)
    return records


def match_agency_records(
    submissions: Sequence[Submission],
    agencies: Iterable[AgencyRecord] | Mapping[tuple[str, int], AgencyRecord] | None,
) -> list[AgencyRecord | None]:
    """For each submission, its agency's record (``None``: none given for its agency and year).

    Agencies and years with no record given are checked with
    :func:`agency_records`: their units must not disagree. Two records given
    for one agency and year are a :class:`~zi_engine.UsageError`.
    """
    given: dict[tuple[str, int], AgencyRecord] = {}
    if agencies is not None:
        for record in agencies.values() if isinstance(agencies, Mapping) else agencies:
            if not isinstance(record, AgencyRecord):
                raise UsageError(
                    t(
                        "eligibility.agencies_not_records",
                        "agencies= takes AgencyRecord objects, not {given}",
                        given=type(record).__name__,
                    )
                )
            other = given.setdefault(record.key, record)
            if other is not record and other != record:
                raise UsageError(
                    t(
                        "eligibility.agency_record_twice",
                        "two different records of agency {agency} for {year} were given; an "
                        "agency holds one set of facts per year",
                        agency=show(record.agency_id),
                        year=str(record.year),
                    )
                )
    agency_records(
        s for s in submissions if (s.unit.agency.id, s.year) not in given
    )  # raises when units with no record disagree
    return [given.get((s.unit.agency.id, s.year)) for s in submissions]


def agency_gate_ids(rubric: Rubric, predicate: str) -> frozenset[str]:
    """Ids of ``predicate``'s gates that read agency facts (``agency.*``): Tabel 5's
    agency-level rows, which the TPN may admit a unit despite (hlm. 52)."""
    out: set[str] = set()
    for bound in rubric.criteria(predicate):
        spec = bound.spec
        paths = [spec.fact, *(v for v in spec.params.values() if isinstance(v, str))]
        if any(p and p.startswith(AGENCY_FACT_PREFIX) for p in paths):
            out.add(spec.id)
    return frozenset(out)
