"""The Jinja2 environment the reports render with: autoescaping on, strict, packaged.

Every ``{{ value }}`` is cleaned of control characters (:func:`clean`) and then
HTML-escaped, so a unit name of ``<script>alert(1)</script>`` shows as text. Only the
SVG writer's output, already escaped, is :class:`~markupsafe.Markup` and goes in as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

import zi_engine
from zi_engine._i18n import language, use_language
from zi_engine.report._format import clean, number, percent, whole
from zi_engine.report._texts import text

__all__ = ["in_language", "render"]


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return clean(value)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("zi_engine.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    # texts are looked up when a page renders, so each page is in the language of its call
    env.globals.update(t=text, language=language, version=zi_engine.__version__)
    env.filters.update(number=number, percent=percent, whole=whole)
    return env


@contextmanager
def in_language(lang: str | None) -> Iterator[None]:
    """Write the page in ``lang`` (``"id"``, ``"en"``); ``None`` keeps the current language."""
    with use_language(lang) if lang is not None else nullcontext():
        yield


def render(template: str, **context: Any) -> str:
    """Render one of the package's templates."""
    return _environment().get_template(template).render(**context)
