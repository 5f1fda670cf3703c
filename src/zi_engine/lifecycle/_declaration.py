"""Tahap I of Lampiran I (hlm. 12): the declaration and the Pakta Integritas.

The declaration (pencanangan) is made by a unit whose head and all or most of
whose staff ("pimpinan dan seluruh atau sebagian besar pegawainya") have signed
the Pakta Integritas; staff who have not signed yet may sign after it
("dapat melanjutkan/melengkapi setelah pencanangan"). ``declare`` records how
many staff signed out of how many, and ``update_pakta_integritas`` records later
counts without moving the unit. "Most" is read as more than
``pakta_integritas_min_share`` (one half) of the staff: the regulation gives no
number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from zi_engine._i18n import Text, t
from zi_engine.lifecycle._errors import joined

if TYPE_CHECKING:
    from zi_engine.lifecycle._machine import GuardContext
    from zi_engine.lifecycle._model import Lifecycle

__all__ = ["DECLARATION_GUARDS", "PaktaIntegritas", "pakta_integritas"]

_TRIGGERS = ("declare", "update_pakta_integritas")


@dataclass(frozen=True, slots=True)
class PaktaIntegritas:
    """The latest recorded count of staff who signed the Pakta Integritas."""

    staff_signed: int
    staff_total: int
    recorded_at: datetime
    trigger: str

    @property
    def share(self) -> float:
        """The share of staff who have signed (0 to 1)."""
        return self.staff_signed / self.staff_total if self.staff_total else 0.0

    @property
    def complete(self) -> bool:
        """Whether every member of staff has signed."""
        return self.staff_signed >= self.staff_total


def pakta_integritas(lifecycle: Lifecycle) -> PaktaIntegritas | None:
    """The unit's latest count of Pakta Integritas signatures (``None``: none recorded)."""
    for record in reversed(lifecycle.history):
        if record.trigger not in _TRIGGERS:
            continue
        signed, total = record.details.get("staff_signed"), record.details.get("staff_total")
        if type(signed) is int and type(total) is int:
            return PaktaIntegritas(signed, total, record.at, record.trigger)
    return None


def _count_problems(payload: Mapping[str, Any]) -> tuple[list[Text], int, int] | None:
    signed, total = payload.get("staff_signed"), payload.get("staff_total")
    if signed is None or total is None:
        return None  # missing: the payload check already refused
    problems: list[Text] = []
    if total < 1:
        problems.append(
            t("lifecycle.pakta_no_staff", "staff_total= is 0; give the number of the unit's staff")
        )
    elif signed > total:
        problems.append(
            t(
                "lifecycle.pakta_more_than_staff",
                "{signed} staff are said to have signed the Pakta Integritas, but the unit has "
                "only {total}",
                signed=signed,
                total=total,
            )
        )
    return problems, signed, total


def pakta_integritas_share(ctx: GuardContext) -> str | None:
    """At the declaration, all or most of the staff have signed the Pakta Integritas."""
    found = _count_problems(ctx.payload)
    if found is None:
        return None
    problems, signed, total = found
    minimum = ctx.parameters.pakta_integritas_min_share
    if not problems and signed <= minimum * total:
        problems.append(
            t(
                "lifecycle.pakta_too_few",
                "only {signed} of {total} staff have signed the Pakta Integritas; the declaration "
                "needs the head and all or most of the staff (more than {share:.0%}, hlm. 12) – "
                "the others may sign later",
                signed=signed,
                total=total,
                share=minimum,
            )
        )
    return joined(problems) or None  # a Text: the reason keeps its code


def pakta_integritas_update(ctx: GuardContext) -> str | None:
    """A later count of signatures is a count of the unit's staff."""
    found = _count_problems(ctx.payload)
    return None if found is None else joined(found[0]) or None


DECLARATION_GUARDS: Mapping[str, Any] = {
    f.__name__: f for f in (pakta_integritas_share, pakta_integritas_update)
}
