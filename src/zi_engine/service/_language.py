"""The language of a request's messages: Indonesian, or English when the client asks for it."""

from __future__ import annotations

from typing import Any

from zi_engine._i18n import Language, use_language

__all__ = ["RequestLanguage", "chosen_language"]

DEFAULT: Language = "id"  # the portal and the agencies' apps read Indonesian


def chosen_language(header: str | None) -> Language:
    """The language an ``Accept-Language`` header prefers among ours (``id``, ``en``).

    Weights (``q=``) are honoured; a header naming neither language, or none, is Indonesian.
    """
    if not header:
        return DEFAULT
    best: tuple[float, int, Language] | None = None
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().split("-")[0].lower()
        lang: Language | None = (
            "id" if primary in ("id", "in") else "en" if primary == "en" else None
        )
        if lang is None:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                continue
        if weight <= 0:
            continue
        rank = (weight, -position, lang)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return DEFAULT if best is None else best[2]


class RequestLanguage:
    """ASGI middleware: every message made while serving a request is in its language."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = None
        for name, value in scope.get("headers", ()):
            if name == b"accept-language":
                header = value.decode("latin-1")
        with use_language(chosen_language(header)):
            await self.app(scope, receive, send)
