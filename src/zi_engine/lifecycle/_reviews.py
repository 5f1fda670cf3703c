"""Guards on the reviews a trigger rests on: whose, of which answers, and signed off.

A review (:class:`zi_engine.Review`) of the unit's answers is what moves the
unit on: the parent unit's preliminary review for ``preliminary_passed``, the
TPI's for ``tpi_reject`` and ``propose``, the TPN's for ``recommend`` (issue
17: the guards read the review, not a flag). Each guard checks that the review
is the right kind, of this unit and agency, signed off by its last tier, and –
when the trigger also takes an evaluation – of the very answers the
evaluation was scored on (the same submission content hash, so the same LKE
year); for the TPN's pre-evaluation and recommendation, of the proposal's year.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from zi_engine._i18n import Text, t
from zi_engine.lifecycle._errors import joined

if TYPE_CHECKING:
    from zi_engine.lifecycle._machine import GuardContext

__all__ = ["REVIEW_GUARDS"]

_PROPOSAL_TRIGGERS = ("admit", "recommend")


def _names(kind: str) -> Text:
    if kind == "preliminary":
        return t("lifecycle.review_preliminary", "the parent unit's preliminary review")
    if kind == "tpn":
        return t("lifecycle.review_tpn", "the TPN review")
    return t("lifecycle.review_tpi", "the TPI review")


def _identity_problems(ctx: GuardContext, review: Any, kind: str) -> list[Text]:
    lc = ctx.lifecycle
    problems: list[Text] = []
    if (review.unit_id, review.agency_id) != (lc.unit_id, lc.agency_id):
        problems.append(
            t(
                "lifecycle.review_other_unit",
                "{who} given is of unit {unit} of agency {agency}, not of {expected_unit} of "
                "{expected_agency}",
                who=_names(kind),
                unit=review.unit_id,
                agency=review.agency_id,
                expected_unit=lc.unit_id,
                expected_agency=lc.agency_id,
            )
        )
    evaluation = ctx.payload.get("evaluation")
    reviewed = getattr(review, "submission_hash", None)
    year = getattr(review, "year", None)
    if evaluation is not None:
        scored = getattr(evaluation, "submission_hash", None)
        if scored is None:
            pass  # an evaluation that does not say whose it is: its own guard refuses it
        elif reviewed is None:
            problems.append(
                t(
                    "lifecycle.review_hash_unknown",
                    "{who} does not say which answers it is of (no submission hash); {trigger} "
                    "needs it to be of the submission the evaluation was scored on",
                    who=_names(kind),
                    trigger=f"'{ctx.trigger}'",
                )
            )
        elif reviewed != scored:
            problems.append(
                t(
                    "lifecycle.review_other_answers",
                    "{who} is of other answers than the evaluation (reviewed {reviewed}, scored "
                    "{scored}); score the reviewed submission (review.submission)",
                    who=_names(kind),
                    reviewed=reviewed[:19],
                    scored=scored[:19],
                )
            )
    proposed = ctx.lifecycle.proposed_at
    if ctx.trigger in _PROPOSAL_TRIGGERS and proposed is not None:
        offset = ctx.parameters.calendar_utc_offset
        expected = _year(proposed, offset)
        if year != expected:
            problems.append(
                t(
                    "lifecycle.review_other_year",
                    "{who} is of the LKE of {year}, but the proposal is for {expected}",
                    who=_names(kind),
                    year=str(year) if year is not None else "-",
                    expected=str(expected),
                )
            )
    return problems


def _year(moment: datetime, offset: str) -> int:
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = (int(part) for part in offset[1:].split(":"))
    zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return moment.astimezone(zone).year


def _review_problem(ctx: GuardContext, kind: str) -> str | None:
    """The payload's review is this unit's ``kind`` review of these answers, signed off."""
    review = ctx.payload.get("review")
    if review is None:
        return None  # missing: the payload check already refused
    # the review's name is written only into a problem: a fire that passes writes no message
    if review.kind != kind:
        return t(
            "lifecycle.review_wrong_kind",
            "the review given is the {kind} review; {trigger} needs {who}",
            kind=review.kind,
            trigger=f"'{ctx.trigger}'",
            who=_names(kind),
        )
    problems = _identity_problems(ctx, review, kind)
    if not review.signed_off:
        problems.append(
            t(
                "lifecycle.review_not_signed_off",
                "{who} is not signed off: {outstanding}",
                who=_names(kind),
                outstanding=joined(review.outstanding),
            )
        )
    return joined(problems) or None  # a Text: the reason keeps its code


def preliminary_review_signed_off(ctx: GuardContext) -> str | None:
    """The parent unit's preliminary review is of this unit's answers and signed off."""
    return _review_problem(ctx, "preliminary")


def tpi_review_signed_off(ctx: GuardContext) -> str | None:
    """The TPI review of the unit's answers is signed off by its last tier."""
    return _review_problem(ctx, "tpi")


def tpn_review_signed_off(ctx: GuardContext) -> str | None:
    """The TPN review of the unit's answers is signed off by its last tier."""
    return _review_problem(ctx, "tpn")


REVIEW_GUARDS: Mapping[str, Any] = {
    f.__name__: f
    for f in (preliminary_review_signed_off, tpi_review_signed_off, tpn_review_signed_off)
}
