"""Rules of Lampiran II that act on an agency, not on one unit.

* **TPN override of a failed agency gate** (pra-evaluasi angka 1, hlm. 52): a
  proposal of an agency that does not meet Tabel 5's agency rows is refused
  "kecuali ada pertimbangan teknis lain dari TPN". ``admit`` accepts it only
  from a TPN role that names the failed agency gates it admits despite
  (``agency_gates_overridden``) and gives its technical consideration
  (``technical_consideration``); both stay in the audit record, and the
  evaluation still shows the gates failed. Unit gates and the TPI score
  thresholds are never overridden here.
* **KKN at the agency** (hlm. 65): a case in the proposal year drops the
  agency's proposals – :func:`drop_agency_proposals` fires ``drop`` on every
  proposed lifecycle of the agency and year, each unit on its own.
* **More than 30% designated** (hlm. 47): such an agency need not propose more;
  :func:`designation_shares` reports the share per agency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from zi_engine._errors import UsageError
from zi_engine._i18n import Text, t
from zi_engine._text import show
from zi_engine.lifecycle._audit import AuditRecord, require_aware
from zi_engine.lifecycle._criteria_words import PASSING, criteria_problems
from zi_engine.lifecycle._errors import TransitionRefused, joined
from zi_engine.lifecycle._monitoring import _zone

if TYPE_CHECKING:
    from zi_engine.lifecycle._audit import Actor
    from zi_engine.lifecycle._machine import GuardContext
    from zi_engine.lifecycle._model import Lifecycle

__all__ = [
    "AGENCY_GUARDS",
    "DESIGNATION_SHARE_LIMIT",
    "DROP",
    "AgencyDrop",
    "AgencyShare",
    "designation_shares",
    "drop_agency_proposals",
    "over_limit",
    "pre_evaluation_passes_or_tpn_override",
]

DROP = "drop"
"""The trigger that drops a proposal on a KKN case (hlm. 65)."""
DESIGNATION_SHARE_LIMIT = 30.0
"""Percent of an agency's units holding a predicate above which it need not propose (hlm. 47)."""
_OVERRIDE = "agency_gates_overridden"
_REASON = "technical_consideration"


# -- the TPN's override in pre-evaluation (hlm. 52) --------------------------------------------


def _tpn_role(role: str) -> bool:
    """The TPN and its tiers (``tpn``, ``tpn_ketua_tim``…): only they weigh "pertimbangan
    teknis lain"."""
    return role == "tpn" or role.startswith("tpn_")


def _named(text: str) -> set[str]:
    return {part.strip() for part in text.replace(";", ",").split(",") if part.strip()}


def pre_evaluation_passes_or_tpn_override(ctx: GuardContext) -> str | None:
    """TPN pre-evaluation: Tabel 5's gates and the TPI score thresholds pass – or only
    agency-level gates fail and the TPN admits the unit despite them, naming each one and
    its technical consideration (hlm. 52)."""
    from zi_engine.eligibility._agency import agency_gate_ids

    evaluation = ctx.payload.get("evaluation")
    named = ctx.payload.get(_OVERRIDE)
    consideration = ctx.payload.get(_REASON)
    if evaluation is None:
        return None  # missing: the payload check already refused
    predicate = ctx.lifecycle.target
    problems: list[str] = []
    if evaluation.layer not in ("tpi", "tpn"):
        problems.append(
            t(
                "lifecycle.pre_evaluation_layer",
                "it is scored on {layer} answers; {trigger} needs the TPI answers",
                layer=evaluation.layer or "-",
                trigger=show(ctx.trigger),
            )
        )
    result = evaluation.eligibility.get(predicate)
    if result is None:
        problems.append(
            t(
                "lifecycle.pre_evaluation_no_result",
                "it has no result for Menuju {predicate}",
                predicate=predicate,
            )
        )
        return _refusal(predicate, problems)
    rubric = getattr(evaluation, "rubric", None)
    agency_ids = (
        agency_gate_ids(rubric, predicate)
        if rubric is not None and predicate in rubric.predicates
        else frozenset()
    )
    failing = [c for c in result.criteria if c.group in ("gate", "score")]
    failing = [c for c in failing if c.outcome not in PASSING]
    agency_failed = {c.id: c for c in failing if c.id in agency_ids}
    others = [c for c in failing if c.id not in agency_ids]
    problems += criteria_problems(others, None) if others else []
    if named is None and consideration is None:
        problems += criteria_problems(list(agency_failed.values()), None) if agency_failed else []
        return _refusal(predicate, problems)
    problems += _override_problems(ctx, agency_failed, named, consideration)
    return _refusal(predicate, problems)


def _override_problems(
    ctx: GuardContext, failed: Mapping[str, Any], named: str | None, consideration: str | None
) -> list[str]:
    """Why the override given is not one the TPN may make (empty: it is)."""
    out: list[str] = []
    if not _tpn_role(ctx.actor.role):
        out.append(
            t(
                "lifecycle.override_not_tpn",
                "only the TPN may admit a unit despite a failed agency gate, not role {role}",
                role=show(ctx.actor.role),
            )
        )
    if named is None or consideration is None:
        out.append(
            t(
                "lifecycle.override_incomplete",
                "an override names the agency gates it admits despite ({gates}=) and the TPN's "
                "technical consideration ({reason}=): give both",
                gates=_OVERRIDE,
                reason=_REASON,
            )
        )
        return out
    if not failed:
        out.append(
            t(
                "lifecycle.override_nothing_failed",
                "no agency gate fails, so there is nothing to admit despite: leave out {gates}= "
                "and {reason}=",
                gates=_OVERRIDE,
                reason=_REASON,
            )
        )
        return out
    given = _named(named)
    if given != set(failed):
        out.append(
            t(
                "lifecycle.override_gates_differ",
                "the override names {given}, but the agency gates that fail are {failed}: name "
                "exactly the failed agency gates",
                given=", ".join(sorted(given)) or "-",
                failed=", ".join(sorted(failed)),
            )
        )
    return out


def _refusal(predicate: str, problems: list[str]) -> str | None:
    if not problems:
        return None
    return t(
        "lifecycle.pre_evaluation_fails",
        "the pre-evaluation does not meet Menuju {predicate}: {problems}",
        predicate=predicate,
        problems=joined(problems),  # a Text: written again in the other language whole
    )


AGENCY_GUARDS: Mapping[str, Callable[[GuardContext], str | None]] = {
    pre_evaluation_passes_or_tpn_override.__name__: pre_evaluation_passes_or_tpn_override,
}


# -- KKN at the agency drops its proposals (hlm. 65) -------------------------------------------


@dataclass(frozen=True, slots=True)
class AgencyDrop:
    """What :func:`drop_agency_proposals` did: each unit dropped, each that could not be.

    ``dropped`` lists the units whose proposal of the year was dropped (their
    new audit records hold the case, who and when); ``refused`` the units that
    were proposed that year but whose ``drop`` was refused, with the reasons
    (nothing of theirs changed). Units not proposed that year are not listed.
    """

    agency_id: str
    year: int
    dropped: tuple[str, ...]
    refused: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def complete(self) -> bool:
        """Whether every proposal of the agency and year was dropped."""
        return not self.refused


Fire = Callable[["Lifecycle", Mapping[str, Any]], AuditRecord]
"""Fires ``drop`` on one lifecycle with the payload, as one write (the store saves it)."""


def proposal_year(lifecycle: Lifecycle) -> int | None:
    """The year of the lifecycle's latest proposal on its definition's calendar (WIB)."""
    proposed = lifecycle.proposed_at
    if proposed is None:
        return None
    zone = _zone(lifecycle.definition.parameters.calendar_utc_offset)
    return proposed.astimezone(zone).year


def _open_proposal(lifecycle: Lifecycle, agency_id: str, year: int) -> bool:
    """Whether ``lifecycle`` is of the agency, with a proposal of ``year`` still under way."""
    if lifecycle.agency_id != agency_id:
        return False
    spec = lifecycle.definition.triggers.get(DROP)
    if spec is None or lifecycle.state not in spec.from_:
        return False
    return proposal_year(lifecycle) == year


def drop_agency_proposals(
    lifecycles: Iterable[Lifecycle],
    agency_id: str,
    year: int,
    *,
    actor: Actor,
    at: datetime,
    kkn_case_on: date,
    reason: str,
    case_reference: str | None = None,
    fire: Fire | None = None,
) -> AgencyDrop:
    """Drop every proposal of ``agency_id`` made in ``year`` on a KKN case (hlm. 65).

    Fires ``drop`` (with ``reason``, ``kkn_case_on`` and ``case_reference``)
    on each lifecycle of the agency whose proposal of ``year`` is still under
    way, each on its own: a unit whose ``drop`` is refused keeps its state and
    is reported with the reasons, the others are dropped. ``fire`` makes each
    transition (default: :meth:`Lifecycle.fire` in memory; a store passes one
    that saves it).
    """
    require_aware(at)
    if isinstance(year, bool) or not isinstance(year, int):
        raise UsageError(
            t("lifecycle.drop_year", "year must be a whole number, not {year}", year=show(year))
        )
    payload: dict[str, Any] = {"reason": reason, "kkn_case_on": kkn_case_on}
    if case_reference is not None:
        payload["case_reference"] = case_reference

    def in_memory(lifecycle: Lifecycle, given: Mapping[str, Any]) -> AuditRecord:
        return lifecycle.fire(DROP, actor=actor, at=at, **given)

    firing = fire or in_memory
    dropped: list[str] = []
    refused: list[tuple[str, tuple[str, ...]]] = []
    chosen = [lc for lc in lifecycles if _open_proposal(lc, agency_id, year)]
    for lifecycle in sorted(chosen, key=lambda lc: lc.unit_id):
        try:
            firing(lifecycle, payload)
        except TransitionRefused as exc:
            refused.append((lifecycle.unit_id, exc.reasons))
            continue
        dropped.append(lifecycle.unit_id)
    return AgencyDrop(agency_id, year, tuple(dropped), tuple(refused))


# -- more than 30% of the agency's units designated (hlm. 47) ----------------------------------


@dataclass(frozen=True, slots=True)
class AgencyShare:
    """How many of an agency's units hold Menuju WBK/WBBM, and whether that is over the limit.

    ``units`` is the number of the agency's units counted (those the portfolio
    holds, or the number given for the agency); ``percent`` is
    ``designated / units × 100``. ``over_limit`` is ``percent`` above
    :data:`DESIGNATION_SHARE_LIMIT` (more than 30%: exactly 30% is not):
    such an agency need not propose more units (hlm. 47).
    """

    agency_id: str
    designated: int
    units: int
    percent: float
    over_limit: bool


def designation_shares(
    counts: Iterable[tuple[str, bool]] | Mapping[str, tuple[int, int]],
    *,
    unit_counts: Mapping[str, int] | None = None,
    limit_percent: float = DESIGNATION_SHARE_LIMIT,
) -> dict[str, AgencyShare]:
    """``{agency: AgencyShare}``, agencies sorted, from ``(agency_id, holds a predicate)`` per
    unit or ``{agency: (designated, units)}``.

    ``unit_counts`` gives an agency's true number of units where the portfolio
    does not hold them all (fewer than those counted is a
    :class:`~zi_engine.UsageError`).
    """
    totals: dict[str, list[int]] = {}
    if isinstance(counts, Mapping):
        for agency, (held, units) in counts.items():
            totals[agency] = [held, units]
    else:
        for agency, holds in counts:
            entry = totals.setdefault(agency, [0, 0])
            entry[0] += bool(holds)
            entry[1] += 1
    for agency, number in (unit_counts or {}).items():
        entry = totals.setdefault(agency, [0, 0])
        if isinstance(number, bool) or not isinstance(number, int) or number < entry[1]:
            raise UsageError(_unit_count_problem(agency, number, entry[1]))
        entry[1] = number
    out: dict[str, AgencyShare] = {}
    for agency in sorted(totals):
        held, units = totals[agency]
        percent = 100.0 * held / units if units else 0.0
        out[agency] = AgencyShare(agency, held, units, percent, percent > limit_percent)
    return out


def over_limit(shares: Mapping[str, AgencyShare]) -> list[AgencyShare]:
    """The shares above the limit, highest first (ties by agency id)."""
    over = (s for s in shares.values() if s.over_limit)
    return sorted(over, key=lambda s: (-s.percent, s.agency_id))


def _unit_count_problem(agency: str, number: object, counted: int) -> Text:
    return t(
        "lifecycle.unit_count_too_small",
        "agency {agency} has {counted} units in the portfolio; its number of units cannot be "
        "{number}",
        agency=show(agency),
        counted=counted,
        number=show(number),
    )
