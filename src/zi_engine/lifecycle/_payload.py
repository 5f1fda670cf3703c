"""Checking ``fire(..., **payload)`` against a trigger's declared payload fields."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from zi_engine.lifecycle._audit import unencodable
from zi_engine.lifecycle._definition import TriggerSpec

__all__ = ["check_payload"]

MAX_TEXT = 10_000
_EVALUATION_ATTRS = ("rubric_id", "rubric_version", "rubric_hash", "total", "layer", "eligibility")
_WHAT = {
    "text": "a non-empty text",
    "flag": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "count": "a whole number, 0 or more",
    "evaluation": "an evaluation",
    "review": "a review",
}
_REVIEW_ATTRS = ("kind", "unit_id", "agency_id", "signed_off", "outstanding", "head_hash")


def check_payload(
    trigger: str, spec: TriggerSpec, payload: Mapping[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    """``(reasons, clean payload)``: every unknown, missing or malformed field is a reason.

    Only well-formed fields reach the clean payload (and so the guards); a
    ``None`` value counts as not given.
    """
    reasons: list[str] = []
    clean: dict[str, Any] = {}
    fields = spec.payload
    for key in payload:
        if key not in fields:
            takes = ", ".join(fields) or "no payload"
            reasons.append(f"{trigger!r} does not take {key!r} (it takes: {takes})")
    for name, field in fields.items():
        raw = payload.get(name)
        if raw is None:
            if field.required:
                what = field.description or _WHAT[field.type]
                reasons.append(f"{name}= is required for {trigger!r}: {what}")
            continue
        value, problem = _coerce(field.type, raw)
        if problem is not None:
            reasons.append(f"{name}= {problem}")
        else:
            clean[name] = value
    return reasons, clean


def _coerce(kind: str, raw: object) -> tuple[Any, str | None]:
    if kind == "text":
        if not isinstance(raw, str) or not raw.strip():
            return None, f"must be {_WHAT['text']}, got {_describe(raw)}"
        if len(raw) > MAX_TEXT:
            return None, f"is longer than {MAX_TEXT} characters"
        problem = unencodable(raw)
        if problem:
            return None, problem
        return raw.strip(), None
    if kind == "flag":
        if not isinstance(raw, bool):
            return None, f"must be True or False, got {_describe(raw)}"
        return raw, None
    if kind == "date":
        return _coerce_date(raw)
    if kind == "review":
        missing = [a for a in _REVIEW_ATTRS if not hasattr(raw, a)]
        if missing:
            return None, f"is not a review (it has no {', '.join(missing)})"
        return raw, None
    if kind == "count":
        if type(raw) is not int or raw < 0:  # bool is an int subclass, and not a count
            shown = str(raw) if type(raw) is int else _describe(raw)
            return None, f"must be {_WHAT['count']}, got {shown}"
        return raw, None
    return _coerce_evaluation(raw)


def _coerce_date(raw: object) -> tuple[Any, str | None]:
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw), None
        except ValueError:
            pass
    return None, f"must be {_WHAT['date']}, got {_describe(raw)}"


def _coerce_evaluation(raw: object) -> tuple[Any, str | None]:
    missing = [a for a in _EVALUATION_ATTRS if not hasattr(raw, a)]
    if missing:
        return None, f"is not an evaluation (it has no {', '.join(missing)})"
    total = getattr(raw, "total", None)
    if isinstance(total, bool) or not isinstance(total, (int, float)) or not math.isfinite(total):
        return None, f"has a total that is not a finite number ({total!r})"
    if not isinstance(getattr(raw, "eligibility", None), Mapping):
        return None, "has no eligibility mapping (WBK/WBBM → result)"
    return raw, None


def _describe(value: object) -> str:
    if isinstance(value, str):
        return f"the text {value[:40]!r}" if value.strip() else "blank text"
    return type(value).__name__
