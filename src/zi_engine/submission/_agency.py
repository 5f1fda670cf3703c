"""An agency's facts for one year, held once for every unit it proposes (Tabel 5, hlm. 46, 52).

The agency-level gates of Tabel 5 (BPK opinion, SAKIP, Indeks RB, SPIP) are
facts about the agency (instansi) in a year, not about a unit: an
:class:`AgencyRecord` holds them once, and an evaluation given the record
uses its facts for the unit, whatever the unit's own file says. Pure data:
the comparison a caller reports on is :func:`fact_differences`.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from zi_engine.submission._model import AgencyFacts, Identifier, Submission, Year, _Model

__all__ = ["AgencyRecord", "fact_differences", "stated"]


class AgencyRecord(_Model):
    """The Tabel 5 facts of agency ``agency_id`` for ``year``, the same for all its units.

    ``Engine.evaluate(rubric, submission, agency=record)`` evaluates the unit
    with these facts in place of any the submission carries; a submission that
    states other ones is warned about, naming each fact.
    """

    agency_id: Identifier
    year: Year
    facts: AgencyFacts = Field(default_factory=AgencyFacts)

    @property
    def key(self) -> tuple[str, int]:
        """``(agency_id, year)``: what the record is of."""
        return self.agency_id, self.year

    def is_of(self, submission: Submission) -> bool:
        """Whether ``submission`` is of this record's agency and year."""
        return (submission.unit.agency.id, submission.year) == self.key

    def applied_to(self, submission: Submission) -> Submission:
        """``submission`` with this record's facts as its agency facts."""
        facts = submission.facts.model_copy(update={"agency": self.facts})
        return submission.model_copy(update={"facts": facts})


def stated(facts: AgencyFacts) -> bool:
    """Whether a submission states agency facts at all (an empty set states none)."""
    return facts != _NONE


def fact_differences(first: AgencyFacts, second: AgencyFacts) -> list[tuple[str, Any, Any]]:
    """``(field, first's value, second's value)`` for every agency fact the two state differently.

    A fact left out (``None``) on one side and given on the other differs too:
    agency facts are one record, as the store holds them.
    """
    return [
        (name, getattr(first, name), getattr(second, name))
        for name in AgencyFacts.model_fields
        if getattr(first, name) != getattr(second, name)
    ]


_NONE = AgencyFacts()
