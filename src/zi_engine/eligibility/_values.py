"""Reading criterion specs and fact values the way every built-in kind reads them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from zi_engine._i18n import t
from zi_engine.rubric._answers import AnswerError, parse_number
from zi_engine.submission._model import Facts

if TYPE_CHECKING:
    from zi_engine.rubric._model import CriterionSpec

__all__ = ["as_date", "as_number", "fact_choices", "need_fields"]


def fact_choices() -> str:
    """The fact paths a criterion may name, for messages (``agency.<a|b>, unit.<c|d>, …``)."""
    fields: dict[str, list[str]] = {}
    for path in Facts.standard_paths():
        head, _, name = path.partition(".")
        fields.setdefault(head, []).append(name)
    shown = ", ".join(f"{head}.<{'|'.join(names)}>" for head, names in fields.items())
    return t("eligibility.fact_choices", "{facts} or extra.<name>", facts=shown)


def as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_number(value)
        except AnswerError:
            return None
    return None


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):  # a moment names the calendar day it falls on
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def need_fields(spec: CriterionSpec, *fields: str) -> list[str]:
    return [
        t(
            "eligibility.needs_field",
            "kind {kind} needs {field}",
            kind=repr(spec.kind),
            field=repr(f),
        )
        for f in fields
        if getattr(spec, f) is None
    ]
