"""The TPN's stages after the field evaluation: clearance, then the panel (hlm. 56).

"Setelah selesai melakukan rangkaian evaluasi, TPN melakukan clearance dengan
Ombudsman Republik Indonesia, Komisi Pemberantasan Korupsi, Komisi yang terkait
teknis instansi, serta Aparat Pengawas Internal Pemerintah (APIP) ... Setelah
itu dilanjutkan dengan panel hasil evaluasi." The definition lists one trigger
per institution in ``parameters.clearances``; each is recorded once per
clearance stage, the panel follows only when every one is, and the TPN's
recommendation (``recommend``) follows the panel. An institution consulted, or
the panel, may stop the proposal (``stop_proposal``, with its reason): the
unit returns to building.

Everything is read from the unit's history, since the latest ``to_clearance``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from zi_engine._i18n import t

if TYPE_CHECKING:
    from zi_engine.lifecycle._audit import AuditRecord
    from zi_engine.lifecycle._machine import GuardContext
    from zi_engine.lifecycle._model import Lifecycle

__all__ = ["CLEARANCE_GUARDS", "PANEL", "clearances_recorded"]

START = "to_clearance"
PANEL = "panel"
"""``stopped_by=`` of a stop decided by the panel."""


def _since_clearance(history: Sequence[AuditRecord]) -> Sequence[AuditRecord]:
    for i in range(len(history) - 1, -1, -1):
        if history[i].trigger == START:
            return history[i + 1 :]
    return ()


def clearances_recorded(lifecycle: Lifecycle) -> dict[str, AuditRecord]:
    """The clearances recorded in the unit's current (latest) clearance stage, by trigger."""
    wanted = set(lifecycle.definition.parameters.clearances)
    return {r.trigger: r for r in _since_clearance(lifecycle.history) if r.trigger in wanted}


def _label(ctx: GuardContext, trigger: str) -> str:
    spec = ctx.lifecycle.definition.triggers.get(trigger)
    return (spec.label if spec is not None else None) or trigger


def clearance_not_recorded(ctx: GuardContext) -> str | None:
    """Each institution's clearance is recorded once per clearance stage."""
    found = clearances_recorded(ctx.lifecycle).get(ctx.trigger)
    if found is None:
        return None
    return t(
        "lifecycle.clearance_already_recorded",
        "{what} is already recorded for this proposal (on {when})",
        what=_label(ctx, ctx.trigger),
        when=found.at.isoformat(),
    )


def clearances_complete(ctx: GuardContext) -> str | None:
    """The panel follows the clearance with every institution (hlm. 56)."""
    given = clearances_recorded(ctx.lifecycle)
    missing = [name for name in ctx.parameters.clearances if name not in given]
    if not missing:
        return None
    return t(
        "lifecycle.clearances_missing",
        "the panel follows the clearance with every institution (hlm. 56); not yet recorded: "
        "{missing}",
        missing="; ".join(_label(ctx, name) for name in missing),
    )


def stop_is_grounded(ctx: GuardContext) -> str | None:
    """A stop names who stopped the proposal: an institution at clearance, the panel at panel."""
    who = ctx.payload.get("stopped_by")
    if who is None:
        return None  # missing: the payload check already refused
    state = ctx.lifecycle.state
    if state == PANEL:
        if who == PANEL:
            return None
        return t(
            "lifecycle.stop_not_panel",
            "at the panel only the panel stops a proposal (stopped_by=panel), not {who}",
            who=who,
        )
    allowed = tuple(ctx.parameters.clearances)
    if who in allowed:
        return None
    return t(
        "lifecycle.stop_unknown_party",
        "stopped_by= names who stopped the proposal at clearance: one of {allowed}, not {who}",
        allowed=", ".join(allowed) or "-",
        who=who,
    )


CLEARANCE_GUARDS: Mapping[str, Any] = {
    f.__name__: f for f in (clearance_not_recorded, clearances_complete, stop_is_grounded)
}
