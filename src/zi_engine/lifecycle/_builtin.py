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
from zi_engine._i18n import t
from zi_engine._resources import bundled_dir
from zi_engine.hookspecs import hookimpl
from zi_engine.lifecycle._agency import AGENCY_GUARDS
from zi_engine.lifecycle._clearance import CLEARANCE_GUARDS
from zi_engine.lifecycle._criteria_words import criteria_problems
from zi_engine.lifecycle._declaration import DECLARATION_GUARDS
from zi_engine.lifecycle._decree import DECREE_GUARDS
from zi_engine.lifecycle._errors import joined
from zi_engine.lifecycle._evidence import EVIDENCE_GUARDS
from zi_engine.lifecycle._monitoring import MONITORING_GUARDS
from zi_engine.lifecycle._reviews import REVIEW_GUARDS
from zi_engine.submission._model import layer_name

if TYPE_CHECKING:
    from zi_engine.lifecycle import Actor, GuardContext, Lifecycle

BUNDLED = "permenpan-rb-90-2021"
_LAYERS = {"unit": 0, "induk": 1, "tpi": 2, "tpn": 3}


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
        return t(
            "lifecycle.not_a_trigger",
            "{trigger!r} is not a trigger of {definition}",
            trigger=trigger,
            definition=definition.name,
        )
    role = definition.roles.get(actor.role)
    if role is not None and actor.role in spec.roles:  # the usual case, answered at once
        if role.national:
            return True
        # one agency: _agency_problems would build the actor's set of agencies to ask
        if (
            not role.joint
            and not actor.agency_ids
            and actor.agency_id is not None
            and actor.agency_id == lifecycle.agency_id
        ):
            return True
    problems: list[str] = []
    if actor.role not in spec.roles:
        allowed = ", ".join(f"{r} ({definition.roles[r].label})" for r in spec.roles)
        if actor.role not in definition.roles:
            problems.append(
                t(
                    "lifecycle.role_unknown",
                    "role {role!r} (an unknown role) may not {trigger!r}; allowed: {allowed}",
                    role=actor.role,
                    trigger=trigger,
                    allowed=allowed,
                )
            )
        else:
            problems.append(
                t(
                    "lifecycle.role_not_allowed",
                    "role {role!r} (not allowed) may not {trigger!r}; allowed: {allowed}",
                    role=actor.role,
                    trigger=trigger,
                    allowed=allowed,
                )
            )
    if role is None or not role.national:
        problems += _agency_problems(lifecycle, actor, joint=role is not None and role.joint)
    if not problems:
        return True
    return joined(problems)


def _agency_problems(lifecycle: Lifecycle, actor: Actor, *, joint: bool) -> list[str]:
    """An agency actor acts inside its own agency; a joint one inside its set of agencies."""
    who, role = actor.id, actor.role
    if joint != bool(actor.agency_ids):
        if joint:
            return [
                t(
                    "lifecycle.joint_without_agencies",
                    "{who!r} holds the joint role {role!r} without agency_ids",
                    who=who,
                    role=role,
                )
            ]
        return [
            t(
                "lifecycle.agencies_not_joint",
                "{who!r} has agency_ids, but {role!r} is not a joint role",
                who=who,
                role=role,
            )
        ]
    if not actor.agencies:
        return [
            t(
                "lifecycle.no_agency",
                "{who!r} has no agency; only national roles act without one",
                who=who,
            )
        ]
    if lifecycle.agency_id in actor.agencies:
        return []
    if joint:
        return [
            t(
                "lifecycle.joint_other_agency",
                "{who!r} acts for agencies {agencies}, not for a unit of agency {agency!r}",
                who=who,
                agencies=", ".join(actor.agency_ids),
                agency=lifecycle.agency_id,
            )
        ]
    return [
        t(
            "lifecycle.other_agency",
            "{who!r} of agency {own!r} cannot act on a unit of agency {agency!r}",
            who=who,
            own=actor.agency_id,
            agency=lifecycle.agency_id,
        )
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
    """``who``: whose evaluation it is, in the message's language (a :func:`t` text)."""
    evaluation = ctx.payload.get("evaluation")
    if evaluation is None:
        return None  # missing: the payload check already refused
    problems: list[str] = []
    layer = evaluation.layer
    if _LAYERS.get(layer, -1) < _LAYERS[minimum_layer]:
        needed = layer_name(minimum_layer)
        if layer:
            problems.append(
                t(
                    "lifecycle.evaluation_layer",
                    "it is scored on {layer} answers; {trigger!r} needs the {needed} answers",
                    layer=layer_name(layer),
                    trigger=ctx.trigger,
                    needed=needed,
                )
            )
        else:
            problems.append(
                t(
                    "lifecycle.evaluation_no_layer",
                    "it is scored on no answers; {trigger!r} needs the {needed} answers",
                    trigger=ctx.trigger,
                    needed=needed,
                )
            )
    predicate = ctx.lifecycle.target
    result = evaluation.eligibility.get(predicate)
    if result is None:
        problems.append(
            t(
                "lifecycle.evaluation_no_result",
                "it has no result for Menuju {predicate}",
                predicate=predicate,
            )
        )
    else:
        problems += criteria_problems(result.criteria, groups)
    if not problems:
        return None
    return t(
        "lifecycle.evaluation_short",
        "the {who} does not meet Menuju {predicate}: {problems}",
        who=who,
        predicate=predicate,
        problems=joined(problems),
    )


def evaluation_meets_score_criteria(ctx: GuardContext) -> str | None:
    """The parent unit's preliminary assessment (its ``induk`` answers over the unit's) meets
    every score threshold (Table 6) of the target."""
    return _evaluation_problem(
        ctx,
        minimum_layer="induk",
        groups=("score",),
        who=t("lifecycle.who_preliminary", "preliminary evaluation"),
    )


def tpi_evaluation_meets_target(ctx: GuardContext) -> str | None:
    """The TPI evaluation passes every criterion and gate of the target predicate."""
    return _evaluation_problem(
        ctx,
        minimum_layer="tpi",
        groups=None,
        who=t("lifecycle.who_tpi_evaluation", "TPI evaluation"),
    )


def pre_evaluation_passes(ctx: GuardContext) -> str | None:
    """TPN pre-evaluation: the gates (Table 5) and the TPI score thresholds pass."""
    return _evaluation_problem(
        ctx,
        minimum_layer="tpi",
        groups=("gate", "score"),
        who=t("lifecycle.who_pre_evaluation", "pre-evaluation"),
    )


def tpn_evaluation_meets_target(ctx: GuardContext) -> str | None:
    """The TPN evaluation (TPN answers replace TPI's) passes every criterion of the target."""
    return _evaluation_problem(
        ctx,
        minimum_layer="tpn",
        groups=None,
        who=t("lifecycle.who_tpn_evaluation", "TPN evaluation"),
    )


# -- state and time guards ---------------------------------------------------------------------


def pakta_integritas_signed(ctx: GuardContext) -> str | None:
    """The head has signed the Pakta Integritas."""
    if ctx.payload.get("pakta_integritas_signed") is False:
        return t(
            "lifecycle.pakta_not_signed",
            "the Pakta Integritas has not been signed by the head of the unit",
        )
    return None


def sptjm_signed(ctx: GuardContext) -> str | None:
    """The unit head has signed the SPTJM (responsibility for the evidence)."""
    if ctx.payload.get("sptjm_signed") is False:
        return t(
            "lifecycle.sptjm_not_signed",
            "the SPTJM (statement of responsibility for the evidence) has not been signed",
        )
    return None


def needs_preliminary_review(ctx: GuardContext) -> str | None:
    """Only units that need a preliminary review go through one."""
    if ctx.lifecycle.needs_preliminary_review:
        return None
    return t(
        "lifecycle.no_preliminary_needed",
        "this unit needs no preliminary review; request the TPI review directly",
    )


def no_preliminary_review_needed(ctx: GuardContext) -> str | None:
    """Units that need a preliminary review cannot skip it."""
    if not ctx.lifecycle.needs_preliminary_review:
        return None
    return t(
        "lifecycle.preliminary_needed",
        "this unit needs a preliminary review (penilaian pendahuluan) by its parent unit first",
    )


def min_building_time(ctx: GuardContext) -> str | None:
    """At least ``min_building_years`` of building toward the target (WBBM: since pursuing it)."""
    lc = ctx.lifecycle
    years = ctx.parameters.min_building_years
    if lc.building_since is None:
        return t("lifecycle.no_building_start", "the unit has no recorded start of building")
    due = _years_after(ctx, lc.building_since, years)
    if ctx.at >= due:
        return None
    return t(
        "lifecycle.building_too_short",
        "the unit has been building toward Menuju {target} since {since}; a proposal needs "
        "{years} year(s) of building (possible from {due})",
        target=lc.target,
        since=_local(ctx, lc.building_since).date().isoformat(),
        years=years,
        due=due.isoformat(),
    )


def wbbm_requires_wbk(ctx: GuardContext) -> str | None:
    """A proposal for Menuju WBBM needs Menuju WBK held."""
    lc = ctx.lifecycle
    if lc.target != "WBBM" or lc.predicate == "WBK":
        return None
    if lc.predicate is None:
        return t(
            "lifecycle.wbbm_needs_wbk_none",
            "Menuju WBBM can only be proposed for a unit holding Menuju WBK (holds none)",
        )
    return t(
        "lifecycle.wbbm_needs_wbk",
        "Menuju WBBM can only be proposed for a unit holding Menuju WBK (holds {held})",
        held=lc.predicate,
    )


def holds_wbk(ctx: GuardContext) -> str | None:
    """Only a unit holding Menuju WBK (and not yet WBBM) can pursue WBBM."""
    predicate = ctx.lifecycle.predicate
    if predicate == "WBK":
        return None
    if predicate == "WBBM":
        return t("lifecycle.holds_wbbm", "the unit already holds Menuju WBBM")
    return t("lifecycle.not_holding_wbk", "the unit does not hold Menuju WBK")


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
    return t(
        "lifecycle.revocation_lock",
        "the predicate was revoked on {revoked}; no proposal for {years} years, until {due}",
        revoked=_local(ctx, revoked).isoformat(),
        years=years,
        due=due.isoformat(),
    )


def within_proposal_window(ctx: GuardContext) -> str | None:
    """Inside the year's proposal window (default: up to the deadline, 31 May)."""
    local = _local(ctx, ctx.at)
    opens, closes, source = ctx.parameters.window(local.year)
    if opens <= local.date() <= closes:
        return None
    return t(
        "lifecycle.outside_window",
        "{day} (UTC{offset}) is outside the {year} proposal window {opens} to {closes} ({source})",
        day=local.date().isoformat(),
        offset=ctx.parameters.calendar_utc_offset,
        year=str(local.year),
        opens=opens.isoformat(),
        closes=closes.isoformat(),
        source=source,
    )


def kkn_case_in_proposal_year(ctx: GuardContext) -> str | None:
    """A dropped proposal needs a KKN case at the agency that came to light in the proposal year."""
    found: date | None = ctx.payload.get("kkn_case_on")
    if found is None:
        return None
    proposed = ctx.lifecycle.proposed_at
    if proposed is None:
        return t("lifecycle.no_proposal", "there is no proposal on record to drop")
    year = _local(ctx, proposed).year
    if found > _local(ctx, ctx.at).date():
        return t(
            "lifecycle.kkn_in_future",
            "the KKN case date {found} is in the future",
            found=found.isoformat(),
        )
    if found.year != year:
        return t(
            "lifecycle.kkn_other_year",
            "the KKN case ({found}) is not in the proposal year {year}",
            found=found.isoformat(),
            year=str(year),
        )
    return None


def predicate_held(ctx: GuardContext) -> str | None:
    """Only a held predicate can be revoked (or monitored)."""
    if ctx.lifecycle.predicate is not None:
        return None
    if "revoke" in ctx.trigger or "revocation" in ctx.trigger:
        return t(
            "lifecycle.nothing_to_revoke", "the unit holds no predicate (Menuju WBK/WBBM) to revoke"
        )
    return t(
        "lifecycle.nothing_to_monitor", "the unit holds no predicate (Menuju WBK/WBBM) to monitor"
    )


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
        )
    }
    | dict(EVIDENCE_GUARDS)
    | dict(MONITORING_GUARDS)
    | dict(DECREE_GUARDS)
    | dict(DECLARATION_GUARDS)
    | dict(CLEARANCE_GUARDS)
    | dict(REVIEW_GUARDS)
    | dict(AGENCY_GUARDS)
)
