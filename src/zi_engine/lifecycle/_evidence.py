"""Guards on the evidence a trigger relies on: whose evaluation it is, and the TPN's survey.

* An evaluation is of *this* unit, of its agency, for the year at stake: a
  proposal's year is the year it is made (on the definition's calendar), and
  the TPN's pre-evaluation and recommendation judge that proposal
  (Lampiran II hlm. 50–57). The audit record keeps the evaluation's unit,
  agency, year and submission hash, so a stored proposal names the exact answers.
* A TPN recommendation rests on the TPN's own survey values for every survey
  question (IPAK and IPKP), since the surveys are run by the TPN through BPS or
  a third party (hlm. 55), with at least ``min_survey_respondents`` (30)
  respondents per unit – fewer only when the unit serves fewer people and the
  survey team says on what statistical basis – and on a mystery-shopping test
  (hlm. 56).

Each guard returns ``None`` when satisfied, else the reason in plain words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zi_engine.lifecycle._machine import GuardContext

__all__ = ["EVIDENCE_GUARDS"]

_MESSAGES = {
    "no_identity": "the evaluation does not say whose it is (it has no {missing}); "
    "{trigger!r} needs the evaluation of this unit",
    "other_unit": "the evaluation is of unit {found!r}, not of this unit {expected!r}",
    "other_agency": "the evaluation is of agency {found!r}, not of this unit's agency {expected!r}",
    "other_year": "the evaluation is for {found}, but {what} is for {expected}",
    "no_surveys": "the evaluation does not say whose survey values it holds (no survey_layers)",
    "survey_missing": "the TPN's own value for survey {qid} is missing (it has {layer}); the "
    "surveys are the TPN's (hlm. 55)",
    "too_few": "the survey had {count} respondents; at least {minimum} per unit are needed "
    "(hlm. 55), fewer only with survey_sample_basis= saying on what statistical basis",
    "mystery": "the mystery-shopping test has not been done (hlm. 56)",
}


def _year_at_stake(ctx: GuardContext) -> tuple[int, str] | None:
    """The year an evaluation must be for, and what sets it; ``None``: nothing to compare."""
    zone = _zone(ctx.parameters.calendar_utc_offset)
    if ctx.trigger in ("admit", "recommend"):
        proposed = ctx.lifecycle.proposed_at
        if proposed is None:
            return None
        return proposed.astimezone(zone).year, "the proposal"
    return ctx.at.astimezone(zone).year, f"{ctx.trigger!r} on {ctx.at.astimezone(zone).date()}"


def _zone(text: str) -> timezone:
    sign = -1 if text.startswith("-") else 1
    hours, minutes = (int(part) for part in text[1:].split(":"))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def evaluation_is_of_this_unit(ctx: GuardContext) -> str | None:
    """The evaluation is of this unit and agency, for the year at stake."""
    evaluation = ctx.payload.get("evaluation")
    if evaluation is None:
        return None  # missing: the payload check already refused
    found = {name: getattr(evaluation, name, None) for name in ("unit_id", "agency_id", "year")}
    missing = [name for name, value in found.items() if value is None]
    if missing:
        return _MESSAGES["no_identity"].format(missing=", ".join(missing), trigger=ctx.trigger)
    lc = ctx.lifecycle
    problems: list[str] = []
    if found["unit_id"] != lc.unit_id:
        problems.append(_MESSAGES["other_unit"].format(found=found["unit_id"], expected=lc.unit_id))
    if found["agency_id"] != lc.agency_id:
        problems.append(
            _MESSAGES["other_agency"].format(found=found["agency_id"], expected=lc.agency_id)
        )
    stake = _year_at_stake(ctx)
    if stake is not None and found["year"] != stake[0]:
        problems.append(
            _MESSAGES["other_year"].format(found=found["year"], what=stake[1], expected=stake[0])
        )
    return "; ".join(problems) or None


def tpn_surveys_recorded(ctx: GuardContext) -> str | None:
    """Every survey question has the TPN's value; respondents and mystery shopping recorded."""
    problems: list[str] = []
    evaluation = ctx.payload.get("evaluation")
    if evaluation is not None:
        layers: Any = getattr(evaluation, "survey_layers", None)
        if not isinstance(layers, Mapping) or not layers:
            problems.append(_MESSAGES["no_surveys"])
        else:
            for qid, layer in layers.items():
                if layer != "tpn":
                    shown = f"the {layer} answer" if layer else "no value"
                    problems.append(_MESSAGES["survey_missing"].format(qid=qid, layer=shown))
    count = ctx.payload.get("survey_respondents")
    minimum = ctx.parameters.min_survey_respondents
    if count is not None and count < minimum and not ctx.payload.get("survey_sample_basis"):
        problems.append(_MESSAGES["too_few"].format(count=count, minimum=minimum))
    if ctx.payload.get("mystery_shopping_done") is False:
        problems.append(_MESSAGES["mystery"])
    return "; ".join(problems) or None


EVIDENCE_GUARDS: Mapping[str, Any] = {
    f.__name__: f for f in (evaluation_is_of_this_unit, tpn_surveys_recorded)
}
