"""Quoting user input in messages, and the checks of text and times every record layer shares."""

from __future__ import annotations

from datetime import datetime

__all__ = ["require_aware", "require_text", "show", "unencodable"]


def show(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut short: messages quote answers, and answers can be megabytes."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…' ({len(text):,} characters)"


def require_aware(at: object, what: str = "at") -> datetime:
    """``at`` if it is a timezone-aware datetime; otherwise a clear TypeError/ValueError."""
    if not isinstance(at, datetime):
        raise TypeError(f"{what} must be a datetime with a timezone, got {type(at).__name__}")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(
            f"{what} must be timezone-aware (e.g. datetime(..., tzinfo=timezone.utc)); "
            f"got the naive {at.isoformat()}"
        )
    return at


def require_text(value: object, what: str) -> str:
    """``value`` if it is non-empty text that can be stored (UTF-8); otherwise a clear error."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty string, got {_short(value)}")
    text_problem = unencodable(value)
    if text_problem:
        raise ValueError(f"{what} {text_problem}")
    return value


def unencodable(text: str) -> str | None:
    """Why ``text`` cannot be written as UTF-8 (a lone surrogate), or ``None`` if it can."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"contains {text[exc.start]!r} at position {exc.start}, which is not valid Unicode"
    return None


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else f"{shown[:57]}..."
