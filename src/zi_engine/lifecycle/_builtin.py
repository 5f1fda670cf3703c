"""Built-in lifecycle, registered through zi_engine's own hooks.

* the bundled definition ``permenpan-rb-90-2021`` (``lifecycles/`` in the
  repository, ``zi_engine/_bundled/lifecycles`` in a wheel);
* the guards it names – each returns ``None`` when satisfied, else a reason
  in plain words;
* the default authorization policy (roles from the definition; agency actors
  act only on their own agency's units). Registered before any third-party
  plugin, it answers last, so a plugin's ``zi_authorize`` can override it.

Times come from ``ctx.at``; no rule reads the clock. Periods of years are counted
by :mod:`zi_engine._calendar` (the rule the eligibility gate uses too), on the
definition's calendar (``calendar_utc_offset``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zi_engine._calendar import add_years
from zi_engine._resources import bundled_dir
from zi_engine.hookspecs import hookimpl
from zi_engine.lifecycle._agency import AGENCY_GUARDS
from zi_engine.lifecycle._decree import DECREE_GUARDS
from zi_engine.lifecycle._evidence import EVIDENCE_GUARDS
from zi_engine.lifecycle._monitoring import MONITORING_GUARDS

if TYPE_CHECKING:
    from zi_engine.lifecycle import Actor, GuardContext, Lifecycle

BUNDLED = "permenpan-rb-90-2021"
_LAYERS = {"unit": 0, "tpi": 1, "tpn": 2}
_PASSING = ("pass", "not_applicable")


@hookimpl
def zi_lifecycle_definitions() -> Mapping[str, Path]:
    """The bundled PermenPAN-RB 90/2021 lifecycle."""
    return {BUNDLED: bundled_dir("lifecycles") / f"{BUNDLED}.yaml"}


@hookimpl
def zi_lifecycle_guards() -> Mapping[str, Any]:
    """The guards the bundled definition names."""
    return dict(GUARDS)


@hookimpl
def zi_authorize(lifecycle: Lifecycle, actor: Actor, trigger: str, at: datetime) -> str | bool:
    """Roles from the definition; agency-scoped roles act only inside their own agency."""
    definition = lifecycle.definition
    spec = definition.triggers.get(trigger)
    if spec is None:
        return f"{trigger!r} is not a trigger of {definition.name}"
    problems: list[str] = []
    if actor.role not in spec.roles:
        what = "an unknown role" if actor.role not in definition.roles else "not allowed"
        problems.append(
            f"role {actor.role!r} ({what}) may not {trigger!r}; allowed: {', '.join(spec.roles)}"
        )
    role = definition.roles.get(actor.role)
    if role is None or not role.national:
        problems += _agency_problems(lifecycle, actor, joint=role is not None and role.joint)
    return "; ".join(problems) if problems else True


def _agency_problems(lifecycle: Lifecycle, actor: Actor, *, joint: bool) -> list[str]:
    """An agency actor acts inside its own agency; a joint one inside its set of agencies."""
    if joint != bool(actor.agency_ids):
        if joint:
            return [f"{actor.id!r} holds the joint role {actor.role!r} without agency_ids"]
        return [f"{actor.id!r} has agency_ids, but {actor.role!r} is not a joint role"]
    if not actor.agencies:
        return [f"{actor.id!r} has no agency; only national roles act without one"]
    if lifecycle.agency_id in actor.agencies:
        return []
    if joint:
        return [
            f"{actor.id!r} acts for agencies {', '.join(actor.agency_ids)}, not for a unit "
            f"of agency {lifecycle.agency_id!r}"
        ]
    return [
        f"{actor.id!r} of agency {actor.agency_id!r} cannot act on a unit of "
        f"agency {lifecycle.agency_id!r}"
    ]


# -- time helpers ------------------------------------------------------------------------------


def _offset(text: str) -> timezone:
    sign = -1 if text.startswith("-") else 1
    hours, minutes = (int(part) for part in text[1:].split(":"))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _local(ctx: GuardContext, moment: datetime) -> datetime:
    """``moment`` on the definition's calendar (WIB): what day it is does not depend on the
    zone the caller wrote it in."""
    return moment.astimezone(_offset(ctx.parameters.calendar_utc_offset))


def _years_after(ctx: GuardContext, moment: datetime, years: int) -> datetime:
    """When ``years`` whole years from ``moment`` are complete (the rule of ``_calendar``)."""
    return add_years(_local(ctx, moment), years)


# -- evaluation guards -------------------------------------------------------------------------


def _evaluation_problem(
    ctx: GuardContext, *, minimum_layer: str, groups: tuple[str, ...] | None, who: str
) -> str | None:
    evaluation = ctx.payload.get("evaluation")
    if evaluation is None:
        return None  # missing: the payload check already refused
    problems: list[str] = []
    layer = evaluation.layer
    if _LAYERS.get(layer, -1) < _LAYERS[minimum_layer]:
        problems.append(
            f"it is scored on {layer or 'no'} answers; {ctx.trigger!r} needs the "
            f"{minimum_layer.upper()} answers"
        )
    predicate = ctx.lifecycle.target
    result = evaluation.eligibility.get(predicate)
    if result is None:
        problems.append(f"it has no result for Menuju {predicate}")
    else:
        problems += _criteria_problems(result.criteria, groups)
    if not problems:
        return None
    return f"the {who} does not meet Menuju {predicate}: " + "; ".join(problems)


def _criteria_problems(criteria: Any, groups: tuple[str, ...] | None) -> list[str]:
    chosen = [c for c in criteria if groups is None or c.group in groups]
    if not chosen:
        return [f"it has no {'/'.join(groups or ('eligibility',))} criteria"]
    out: list[str] = []
    for c in chosen:
        if c.outcome in _PASSING:
            continue
        why = f" – {c.reason}" if c.reason else ""
        if c.outcome == "inconclusive":
            out.append(f"{c.label} is inconclusive, which is not a pass{why}")
        else:
            out.append(f"{c.label}: {c.outcome}{why}")
    return out


def evaluation_meets_score_criteria(ctx: GuardContext) -> str | None:
    """The preliminary assessment meets every score threshold (Table 6) of the target."""
    return _evaluation_problem(
        ctx, minimum_layer="unit", groups=("score",), who="preliminary evaluation"
    )


def tpi_evaluation_meets_target(ctx: GuardContext) -> str | None:
    """The TPI evaluation passes every criterion and gate of the target predicate."""
    return _evaluation_problem(ctx, minimum_layer="tpi", groups=None, who="TPI evaluation")


def pre_evaluation_passes(ctx: GuardContext) -> str | None:
    """TPN pre-evaluation: the gates (Table 5) and the TPI score thresholds pass."""
    return _evaluation_problem(
        ctx, minimum_layer="tpi", groups=("gate", "score"), who="pre-evaluation"
    )


def tpn_evaluation_meets_target(ctx: GuardContext) -> str | None:
    """The TPN evaluation (TPN answers replace TPI's) passes every criterion of the target."""
    return _evaluation_problem(ctx, minimum_layer="tpn", groups=None, who="TPN evaluation")


# -- review guards -----------------------------------------------------------------------------


def _review_problem(ctx: GuardContext, kind: str, who: str) -> str | None:
    """The payload's review is this unit's ``kind`` review, signed off by its last tier."""
    review = ctx.payload.get("review")
    if review is None:
        return None  # missing: the payload check already refused
    lc = ctx.lifecycle
    if review.kind != kind:
        return f"the review given is the {review.kind} review; {ctx.trigger!r} needs the {who}"
    if (review.unit_id, review.agency_id) != (lc.unit_id, lc.agency_id):
        return f"the {who} given is of unit {review.unit_id!r}, not of {lc.unit_id!r}"
    if review.signed_off:
        return None
    return f"the {who} is not signed off: " + "; ".join(review.outstanding)


def tpi_review_signed_off(ctx: GuardContext) -> str | None:
    """The TPI review of the unit's answers is signed off by its last tier."""
    return _review_problem(ctx, "tpi", "TPI review")


def tpn_review_signed_off(ctx: GuardContext) -> str | None:
    """The TPN review of the unit's answers is signed off by its last tier."""
    return _review_problem(ctx, "tpn", "TPN review")


# -- state and time guards ---------------------------------------------------------------------


def pakta_integritas_signed(ctx: GuardContext) -> str | None:
    """The head has signed the Pakta Integritas."""
    if ctx.payload.get("pakta_integritas_signed") is False:
        return "the Pakta Integritas has not been signed by the head of the unit"
    return None


def sptjm_signed(ctx: GuardContext) -> str | None:
    """The unit head has signed the SPTJM (responsibility for the evidence)."""
    if ctx.payload.get("sptjm_signed") is False:
        return "the SPTJM (statement of responsibility for the evidence) has not been signed"
    return None


def needs_preliminary_review(ctx: GuardContext) -> str | None:
    """Only units that need a preliminary review go through one."""
    if ctx.lifecycle.needs_preliminary_review:
        return None
    return "this unit needs no preliminary review; request the TPI review directly"


def no_preliminary_review_needed(ctx: GuardContext) -> str | None:
    """Units that need a preliminary review cannot skip it."""
    if not ctx.lifecycle.needs_preliminary_review:
        return None
    return "this unit needs a preliminary review (penilaian pendahuluan) by its parent unit first"


def min_building_time(ctx: GuardContext) -> str | None:
    """At least ``min_building_years`` of building toward the target (WBBM: since pursuing it)."""
    lc = ctx.lifecycle
    years = ctx.parameters.min_building_years
    if lc.building_since is None:
        return "the unit has no recorded start of building"
    due = _years_after(ctx, lc.building_since, years)
    if ctx.at >= due:
        return None
    return (
        f"the unit has been building toward Menuju {lc.target} since "
        f"{_local(ctx, lc.building_since).date().isoformat()}; a proposal needs {years} year(s) "
        "of building "
        f"(possible from {due.isoformat()})"
    )


def wbbm_requires_wbk(ctx: GuardContext) -> str | None:
    """A proposal for Menuju WBBM needs Menuju WBK held."""
    lc = ctx.lifecycle
    if lc.target != "WBBM" or lc.predicate == "WBK":
        return None
    held = lc.predicate or "none"
    return f"Menuju WBBM can only be proposed for a unit holding Menuju WBK (holds {held})"


def holds_wbk(ctx: GuardContext) -> str | None:
    """Only a unit holding Menuju WBK (and not yet WBBM) can pursue WBBM."""
    predicate = ctx.lifecycle.predicate
    if predicate == "WBK":
        return None
    if predicate == "WBBM":
        return "the unit already holds Menuju WBBM"
    return "the unit does not hold Menuju WBK"


def revocation_lock_passed(ctx: GuardContext) -> str | None:
    """No proposal within ``revocation_lock_years`` of the revocation decree (hlm. 64).

    Only the proposal is barred: building may resume at once (``resume`` has no
    such guard), and its time counts from then.
    """
    revoked = ctx.lifecycle.revoked_at
    if revoked is None:
        return None
    years = ctx.parameters.revocation_lock_years
    due = _years_after(ctx, revoked, years)
    if ctx.at >= due:
        return None
    return (
        f"the predicate was revoked on {_local(ctx, revoked).isoformat()}; no proposal for "
        f"{years} years, until {due.isoformat()}"
    )


def within_proposal_window(ctx: GuardContext) -> str | None:
    """Inside the year's proposal window (default: up to the deadline, 31 May)."""
    local = _local(ctx, ctx.at)
    opens, closes, source = ctx.parameters.window(local.year)
    if opens <= local.date() <= closes:
        return None
    return (
        f"{local.date().isoformat()} (UTC{ctx.parameters.calendar_utc_offset}) is outside the "
        f"{local.year} proposal window {opens.isoformat()} to {closes.isoformat()} ({source})"
    )


def kkn_case_in_proposal_year(ctx: GuardContext) -> str | None:
    """A dropped proposal needs a KKN case at the agency that came to light in the proposal year."""
    found: date | None = ctx.payload.get("kkn_case_on")
    if found is None:
        return None
    proposed = ctx.lifecycle.proposed_at
    if proposed is None:
        return "there is no proposal on record to drop"
    year = _local(ctx, proposed).year
    if found > _local(ctx, ctx.at).date():
        return f"the KKN case date {found.isoformat()} is in the future"
    if found.year != year:
        return f"the KKN case ({found.isoformat()}) is not in the proposal year {year}"
    return None


def predicate_held(ctx: GuardContext) -> str | None:
    """Only a held predicate can be revoked (or monitored)."""
    if ctx.lifecycle.predicate is not None:
        return None
    what = "revoke" if "revoke" in ctx.trigger or "revocation" in ctx.trigger else "monitor"
    return f"the unit holds no predicate (Menuju WBK/WBBM) to {what}"


GUARDS: Mapping[str, Any] = (
    {
        f.__name__: f
        for f in (
            pakta_integritas_signed,
            needs_preliminary_review,
            no_preliminary_review_needed,
            evaluation_meets_score_criteria,
            tpi_evaluation_meets_target,
            min_building_time,
            wbbm_requires_wbk,
            revocation_lock_passed,
            within_proposal_window,
            sptjm_signed,
            pre_evaluation_passes,
            tpn_evaluation_meets_target,
            kkn_case_in_proposal_year,
            holds_wbk,
            predicate_held,
            tpi_review_signed_off,
            tpn_review_signed_off,
        )
    }
    | dict(EVIDENCE_GUARDS)
    | dict(MONITORING_GUARDS)
    | dict(DECREE_GUARDS)
    | dict(AGENCY_GUARDS)
)
