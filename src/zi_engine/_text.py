"""Quoting user input in messages, making it safe to print, and the checks of text and times
every record layer shares."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from zi_engine._i18n import t

__all__ = ["printable", "printable_lines", "require_aware", "require_text", "show", "unencodable"]

# characters that move the cursor, end a line or reorder text: a unit name holding one
# could forge a row of a table, an arrow of a diagram, or colour and clear the terminal
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\u2028\u2029")


def _escaped(char: str) -> str:
    code = ord(char)
    if (
        code < 0x20
        or 0x7F <= code <= 0x9F  # DEL and C1 controls (U+0085 NEXT LINE, U+009B CSI)
        or char in _BIDI
        or char in _LINE_BREAKS
    ):
        named = _NAMED.get(char)
        if named:
            return named
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``, ``\\u202e``).

    For every human-readable output (tables, Markdown, diagrams, reports and
    workbooks): a newline in a unit name cannot add a forged row, an ANSI
    sequence cannot recolour or clear the terminal, a bidirectional override
    cannot reorder what is read. C0 and C1 controls, DEL, the Unicode line and
    paragraph separators and the bidirectional controls are escaped; all other
    text (``é``, ``–``, emoji, non-breaking spaces) is kept. JSON output does
    not use this: JSON escapes what it must, and keeps the data exact.
    """
    if text.isprintable():  # the usual case: nothing to escape (space is printable)
        return text
    return "".join(map(_escaped, text))


def printable_lines(lines: Iterable[str]) -> str:
    """``lines`` joined as text, each made :func:`printable`, with a final newline.

    Each line is escaped on its own, so a line break that came with the data is
    shown as ``\\n`` instead of starting a line of its own.
    """
    return "".join(printable(line) + "\n" for line in lines)


def show(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut short: messages quote answers, and answers can be megabytes."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…' ({len(text):,} characters)"


def require_aware(at: object, what: str = "at") -> datetime:
    """``at`` if it is a timezone-aware datetime; otherwise a clear TypeError/ValueError."""
    if not isinstance(at, datetime):
        raise TypeError(
            t(
                "core.not_a_datetime",
                "{what} must be a datetime with a timezone, got {type}",
                what=what,
                type=type(at).__name__,
            )
        )
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(
            t(
                "core.naive_datetime",
                "{what} must be timezone-aware (e.g. datetime(..., tzinfo=timezone.utc));"
                " got the naive {moment}",
                what=what,
                moment=at.isoformat(),
            )
        )
    return at


def require_text(value: object, what: str) -> str:
    """``value`` if it is non-empty text that can be stored (UTF-8); otherwise a clear error."""
    if not isinstance(value, str) or not value:
        raise ValueError(
            t(
                "core.not_text",
                "{what} must be a non-empty string, got {value}",
                what=what,
                value=_short(value),
            )
        )
    text_problem = unencodable(value)
    if text_problem:
        raise ValueError(
            t("core.text_problem", "{what} {problem}", what=what, problem=text_problem)
        )
    return value


def unencodable(text: str) -> str | None:
    """Why ``text`` cannot be written as UTF-8 (a lone surrogate), or ``None`` if it can."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return t(
            "core.not_unicode",
            "contains {char} at position {position}, which is not valid Unicode",
            char=repr(text[exc.start]),
            position=str(exc.start),
        )
    return None


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else f"{shown[:57]}..."
