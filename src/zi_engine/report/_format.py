"""Numbers written the way the language writes them, and user text made safe to show.

In Indonesian ``85,46`` (decimal comma), ``1.234`` (thousands point), ``60%``; in
English ``85.46``, ``1,234``. Text from a
submission or a lifecycle (unit names, notes, evidence) is somebody's input:
:func:`clean` replaces control characters with visible stand-ins before the
templates escape it, so a NUL, a terminal escape or a right-to-left override
cannot hide or reorder what a reader sees.
"""

from __future__ import annotations

import math
import re

from zi_engine._i18n import format_number

__all__ = ["clean", "number", "percent", "whole"]

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides
# and isolates that reorder text (U+202A-U+202E, U+2066-U+2069)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: NUL shows as ␀
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean(text: str) -> str:
    """``text`` with every control character replaced by a visible stand-in."""
    return _CONTROL.sub(_visible, text)


def number(value: float | None, decimals: int = 2) -> str:
    """``85.4567`` → ``"85,46"`` in Indonesian (thousands grouped with a point),
    ``"85.46"`` in English; ``None`` → ``"-"``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not any(c not in "-0.," for c in text):
        value = 0.0  # a rounded -0,00 is 0,00
    return format_number(value, f",.{decimals}f")


def whole(value: int) -> str:
    """A count: ``1234`` → ``"1.234"`` (Indonesian), ``"1,234"`` (English)."""
    return number(value, 0)


def percent(value: float | None, decimals: int = 1) -> str:
    """``62.5`` → ``"62,5%"`` (Indonesian), ``"62.5%"`` (English)."""
    return "-" if value is None else number(value, decimals) + "%"
