"""Quoting user input in messages."""

from __future__ import annotations

__all__ = ["show"]


def show(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut short: messages quote answers, and answers can be megabytes."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…' ({len(text):,} characters)"
