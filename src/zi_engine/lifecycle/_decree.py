"""The Minister's designation decree (keputusan penetapan), as ``designate`` records it.

Lampiran II hlm. 59–60: the predicate is designated by a decree of the Minister,
valid "as stated in the decree". ``designate`` records its number, its date and,
when the decree states one, the end of its validity (``valid_until``); the
regulation sets no period of its own, so none is invented here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta, timezone
from typing import TYPE_CHECKING, Any

from zi_engine._i18n import Text, t
from zi_engine.lifecycle._errors import joined

if TYPE_CHECKING:
    from zi_engine.lifecycle._machine import GuardContext

__all__ = ["DECREE_GUARDS"]

# every message of this module, in one place (t() runs when the guard objects)
_MESSAGES: dict[str, Callable[..., Text]] = {
    "future": lambda **v: t(
        "lifecycle.decree_in_future",
        "the decree is dated {dated}, after the designation is recorded ({today})",
        **v,
    ),
    "before_recommendation": lambda **v: t(
        "lifecycle.decree_before_recommendation",
        "the decree is dated {dated}, before the TPN's recommendation ({recommended})",
        **v,
    ),
    "validity": lambda **v: t(
        "lifecycle.decree_validity",
        "the decree's validity ends on {until}, not after its date {dated}",
        **v,
    ),
}


def _local_date(ctx: GuardContext, moment: Any) -> date:
    text = ctx.parameters.calendar_utc_offset
    sign = -1 if text.startswith("-") else 1
    hours, minutes = (int(part) for part in text[1:].split(":"))
    zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    found: date = moment.astimezone(zone).date()
    return found


def decree_is_consistent(ctx: GuardContext) -> str | None:
    """The decree's date is not after the day it is recorded nor before the recommendation,
    and a stated validity ends after the decree's date."""
    dated: date | None = ctx.payload.get("decree_date")
    if dated is None:
        return None  # missing: the payload check already refused
    problems: list[str] = []
    today = _local_date(ctx, ctx.at)
    if dated > today:
        problems.append(_MESSAGES["future"](dated=dated.isoformat(), today=today.isoformat()))
    history = ctx.lifecycle.history
    if history and history[-1].trigger == "recommend":
        recommended = _local_date(ctx, history[-1].at)
        if dated < recommended:
            problems.append(
                _MESSAGES["before_recommendation"](
                    dated=dated.isoformat(), recommended=recommended.isoformat()
                )
            )
    until: date | None = ctx.payload.get("valid_until")
    if until is not None and until <= dated:
        problems.append(_MESSAGES["validity"](until=until.isoformat(), dated=dated.isoformat()))
    return joined(problems) or None


DECREE_GUARDS: Mapping[str, Any] = {"decree_is_consistent": decree_is_consistent}
