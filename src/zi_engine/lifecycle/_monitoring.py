"""Pemantauan (monitoring) of a designated unit, and the grounds of a revocation.

Lampiran II, Bab IV (hlm. 61–64):

* The TPI reports, at least every two years, whether a unit holding Menuju WBK
  still meets the criteria – unless the unit is proposed for Menuju WBBM in
  that period – and every two years for a unit holding Menuju WBBM (hlm. 61–62;
  the letter of Gambar 10 says "masih memenuhi/tidak memenuhi").
* The TPN verifies those reports, evaluates in the field from time to time,
  and on a report of suspected maladministration verifies in the field and
  clarifies with the TPI (hlm. 63).
* A revocation rests on a TPI report that the criteria are no longer met, or on
  maladministration the TPN found after clarifying with the TPI; the TPN then
  recommends it in writing to the Minister, who revokes (hlm. 63).

These are events recorded in the unit's history without moving it (the
bundled triggers ``report_monitoring``, ``verify_monitoring``,
``report_maladministration``, ``clarify``, ``verify_in_field`` and
``recommend_revocation``); everything here is read from that history, so a
restored lifecycle knows it too. Times are passed in; the period is counted on
the definition's calendar as every other period of years.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from zi_engine._calendar import add_years
from zi_engine._i18n import Text, t

if TYPE_CHECKING:
    from zi_engine.lifecycle._audit import AuditRecord
    from zi_engine.lifecycle._machine import GuardContext
    from zi_engine.lifecycle._model import Lifecycle

__all__ = ["MONITORING_GUARDS", "MonitoringStatus", "monitoring_status", "overdue_reports"]

REPORT = "report_monitoring"
VERIFY = "verify_monitoring"
CASE = "report_maladministration"
CLARIFY = "clarify"
FIELD = "verify_in_field"
RECOMMEND = "recommend_revocation"
DESIGNATE = "designate"
PROPOSE = "propose"

# every message of this module, in one place (t() runs when a guard objects)
_MESSAGES: dict[str, Callable[[], Text]] = {
    "no_report": lambda: t(
        "lifecycle.no_monitoring_report",
        "there is no TPI monitoring report to verify since the last verification",
    ),
    "no_case": lambda: t(
        "lifecycle.no_open_case",
        "there is no open report of maladministration to clarify or verify",
    ),
    "not_clarified": lambda: t(
        "lifecycle.case_not_clarified",
        "the TPI has not yet clarified the report of maladministration "
        "(the TPN verifies after clarifying with the TPI, hlm. 63)",
    ),
    "no_grounds": lambda: t(
        "lifecycle.no_revocation_grounds",
        "a revocation needs a TPI monitoring report that the criteria are no longer "
        "met, or maladministration the TPN found after clarifying with the TPI (hlm. 63)",
    ),
    "no_recommendation": lambda: t(
        "lifecycle.no_revocation_recommendation",
        "the Minister revokes on the TPN's written recommendation "
        "(recommend_revocation), and there is none (hlm. 63)",
    ),
}


@dataclass(frozen=True, slots=True)
class MonitoringStatus:
    """Where a unit stands in its monitoring at a moment.

    ``period_start`` is the designation, the latest TPI report, or (for a unit
    holding Menuju WBK) the latest proposal for Menuju WBBM, whichever is last;
    ``due`` is ``monitoring_interval_years`` after it.
    """

    unit_id: str
    agency_id: str
    predicate: str
    period_start: datetime
    due: datetime
    overdue: bool
    last_report: datetime | None
    last_report_met: bool | None


def _zone(text: str) -> timezone:
    sign = -1 if text.startswith("-") else 1
    hours, minutes = (int(part) for part in text[1:].split(":"))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _since_designation(history: Sequence[AuditRecord]) -> list[AuditRecord]:
    """The records from the latest designation on (the current predicate's)."""
    for i in range(len(history) - 1, -1, -1):
        if history[i].trigger == DESIGNATE:
            return list(history[i:])
    return []


def _latest(records: Iterable[AuditRecord], *triggers: str) -> AuditRecord | None:
    found = None
    for record in records:
        if record.trigger in triggers:
            found = record
    return found


def monitoring_status(lifecycle: Lifecycle, at: datetime) -> MonitoringStatus | None:
    """The unit's monitoring at ``at``; ``None`` when it holds no predicate (nothing to report)."""
    predicate = lifecycle.predicate
    if predicate is None:
        return None
    records = _since_designation(lifecycle.history)
    if not records:  # a predicate with no designation on record: nothing to count from
        return None
    parameters = lifecycle.definition.parameters
    years = parameters.monitoring_interval_years
    starts = [records[0]]
    report = _latest(records, REPORT)
    if report is not None:
        starts.append(report)
    if predicate == "WBK":  # "apabila ... tidak diajukan untuk mendapatkan predikat Menuju WBBM"
        proposal = _latest(records, PROPOSE)
        if proposal is not None:
            starts.append(proposal)
    start = max(record.at for record in starts)
    due = add_years(start.astimezone(_zone(parameters.calendar_utc_offset)), years)
    met = None if report is None else report.details.get("criteria_met")
    return MonitoringStatus(
        lifecycle.unit_id, lifecycle.agency_id, predicate, start, due, at > due,
        None if report is None else report.at, met if isinstance(met, bool) else None,
    )  # fmt: skip


def overdue_reports(lifecycles: Iterable[Lifecycle], at: datetime) -> list[MonitoringStatus]:
    """Units whose monitoring report is overdue at ``at``, longest overdue first."""
    found = [s for s in (monitoring_status(lc, at) for lc in lifecycles) if s and s.overdue]
    found.sort(key=lambda s: (s.due, s.agency_id, s.unit_id))
    return found


# -- guards --------------------------------------------------------------------------------


def _open_case(
    records: Sequence[AuditRecord],
) -> tuple[AuditRecord, Sequence[AuditRecord]] | None:
    """The open report of maladministration and what followed it, if one is open."""
    case = _latest(records, CASE, FIELD)
    if case is None or case.trigger != CASE:
        return None
    after = records[records.index(case) + 1 :]
    return case, after


def monitoring_report_pending(ctx: GuardContext) -> str | None:
    """The TPN verifies a TPI report that it has not verified yet."""
    records = _since_designation(ctx.lifecycle.history)
    latest = _latest(records, REPORT, VERIFY)
    if latest is not None and latest.trigger == REPORT:
        return None
    return _MESSAGES["no_report"]()


def case_open(ctx: GuardContext) -> str | None:
    """A report of maladministration is open (not yet concluded by a field verification)."""
    if _open_case(_since_designation(ctx.lifecycle.history)) is None:
        return _MESSAGES["no_case"]()
    return None


def case_clarified(ctx: GuardContext) -> str | None:
    """The open report has been clarified with the TPI."""
    found = _open_case(_since_designation(ctx.lifecycle.history))
    if found is None:
        return _MESSAGES["no_case"]()
    if not any(record.trigger == CLARIFY for record in found[1]):
        return _MESSAGES["not_clarified"]()
    return None


def revocation_grounds(ctx: GuardContext) -> str | None:
    """The latest TPI report says "tidak memenuhi", or the latest field verification found
    maladministration (after clarification, which ``verify_in_field`` requires)."""
    records = _since_designation(ctx.lifecycle.history)
    report = _latest(records, REPORT)
    field = _latest(records, FIELD)
    if report is not None and report.details.get("criteria_met") is False:
        return None
    if field is not None and field.details.get("maladministration_found") is True:
        return None
    return _MESSAGES["no_grounds"]()


def revocation_recommended(ctx: GuardContext) -> str | None:
    """The TPN has recommended the revocation in writing since the designation."""
    if _latest(_since_designation(ctx.lifecycle.history), RECOMMEND) is None:
        return _MESSAGES["no_recommendation"]()
    return None


MONITORING_GUARDS: Mapping[str, Any] = {
    f.__name__: f
    for f in (
        monitoring_report_pending,
        case_open,
        case_clarified,
        revocation_grounds,
        revocation_recommended,
    )
}
