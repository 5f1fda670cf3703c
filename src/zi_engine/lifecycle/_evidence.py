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

from collections.abc import Callable, Mapping
from datetime import timedelta, timezone
from typing import TYPE_CHECKING, Any

from zi_engine._i18n import Text, t
from zi_engine.lifecycle._errors import joined
from zi_engine.submission._model import layer_name

if TYPE_CHECKING:
    from zi_engine.lifecycle._machine import GuardContext

__all__ = ["EVIDENCE_GUARDS"]

# every message of this module, in one place (t() is called when a guard objects, so the
# text is in the language of that moment)
_MESSAGES: dict[str, Callable[..., Text]] = {
    "no_identity": lambda **v: t(
        "lifecycle.evaluation_whose",
        "the evaluation does not say whose it is (it has no {missing}); "
        "{trigger!r} needs the evaluation of this unit",
        **v,
    ),
    "other_unit": lambda **v: t(
        "lifecycle.evaluation_other_unit",
        "the evaluation is of unit {found!r}, not of this unit {expected!r}",
        **v,
    ),
    "other_agency": lambda **v: t(
        "lifecycle.evaluation_other_agency",
        "the evaluation is of agency {found!r}, not of this unit's agency {expected!r}",
        **v,
    ),
    "other_year": lambda **v: t(
        "lifecycle.evaluation_other_year",
        "the evaluation is for {found}, but {what} is for {expected}",
        **v,
    ),
    "no_surveys": lambda **v: t(
        "lifecycle.no_survey_layers",
        "the evaluation does not say whose survey values it holds (no survey_layers)",
        **v,
    ),
    "survey_missing": lambda **v: t(
        "lifecycle.survey_not_tpn",
        "the TPN's own value for survey {qid} is missing (it has {layer}); the "
        "surveys are the TPN's (hlm. 55)",
        **v,
    ),
    "too_few": lambda **v: t(
        "lifecycle.too_few_respondents",
        "the survey had {count} respondents; at least {minimum} per unit are needed "
        "(hlm. 55), fewer only with survey_sample_basis= saying on what statistical basis",
        **v,
    ),
    "mystery": lambda **v: t(
        "lifecycle.no_mystery_shopping",
        "the mystery-shopping test has not been done (hlm. 56)",
        **v,
    ),
    "the_proposal": lambda **v: t("lifecycle.the_proposal", "the proposal", **v),
    "trigger_on": lambda **v: t("lifecycle.trigger_on", "{trigger!r} on {day}", **v),
    "layer_answer": lambda **v: t("lifecycle.layer_answer", "the {layer} answer", **v),
    "no_value": lambda **v: t("lifecycle.no_value", "no value", **v),
}


def _year_at_stake(ctx: GuardContext) -> tuple[int, Text] | None:
    """The year an evaluation must be for, and what sets it; ``None``: nothing to compare."""
    zone = _zone(ctx.parameters.calendar_utc_offset)
    if ctx.trigger in ("admit", "recommend"):
        proposed = ctx.lifecycle.proposed_at
        if proposed is None:
            return None
        return proposed.astimezone(zone).year, _MESSAGES["the_proposal"]()
    day = ctx.at.astimezone(zone).date().isoformat()
    return ctx.at.astimezone(zone).year, _MESSAGES["trigger_on"](trigger=ctx.trigger, day=day)


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
        return _MESSAGES["no_identity"](missing=", ".join(missing), trigger=ctx.trigger)
    lc = ctx.lifecycle
    problems: list[str] = []
    if found["unit_id"] != lc.unit_id:
        problems.append(_MESSAGES["other_unit"](found=found["unit_id"], expected=lc.unit_id))
    if found["agency_id"] != lc.agency_id:
        problems.append(_MESSAGES["other_agency"](found=found["agency_id"], expected=lc.agency_id))
    stake = _year_at_stake(ctx)
    if stake is not None and found["year"] != stake[0]:
        problems.append(
            _MESSAGES["other_year"](found=str(found["year"]), what=stake[1], expected=str(stake[0]))
        )
    return joined(problems) or None


def tpn_surveys_recorded(ctx: GuardContext) -> str | None:
    """Every survey question has the TPN's value; respondents and mystery shopping recorded."""
    problems: list[str] = []
    evaluation = ctx.payload.get("evaluation")
    if evaluation is not None:
        layers: Any = getattr(evaluation, "survey_layers", None)
        if not isinstance(layers, Mapping) or not layers:
            problems.append(_MESSAGES["no_surveys"]())
        else:
            for qid, layer in layers.items():
                if layer != "tpn":
                    shown = (
                        _MESSAGES["layer_answer"](layer=layer_name(layer))
                        if layer
                        else _MESSAGES["no_value"]()
                    )
                    problems.append(_MESSAGES["survey_missing"](qid=qid, layer=shown))
    count = ctx.payload.get("survey_respondents")
    minimum = ctx.parameters.min_survey_respondents
    if count is not None and count < minimum and not ctx.payload.get("survey_sample_basis"):
        problems.append(_MESSAGES["too_few"](count=count, minimum=minimum))
    if ctx.payload.get("mystery_shopping_done") is False:
        problems.append(_MESSAGES["mystery"]())
    return joined(problems) or None


EVIDENCE_GUARDS: Mapping[str, Any] = {
    f.__name__: f for f in (evaluation_is_of_this_unit, tpn_surveys_recorded)
}
