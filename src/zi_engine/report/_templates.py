"""The Jinja2 environment the reports render with: autoescaping on, strict, packaged.

Every ``{{ value }}`` is cleaned of control characters (:func:`clean`) and then
HTML-escaped, so a unit name of ``<script>alert(1)</script>`` shows as text. Only the
SVG writer's output, already escaped, is :class:`~markupsafe.Markup` and goes in as it is.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

import zi_engine
from zi_engine.report._format import clean, number, percent, whole
from zi_engine.report._texts import STAGE, text

__all__ = ["render"]


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
    env.globals.update(t=text, stage_label=STAGE.get, version=zi_engine.__version__)
    env.filters.update(number=number, percent=percent, whole=whole)
    return env


def render(template: str, **context: Any) -> str:
    """Render one of the package's templates."""
    return _environment().get_template(template).render(**context)
