"""Checking ``fire(..., **payload)`` against a trigger's declared payload fields."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from zi_engine._i18n import Text, language, t
from zi_engine.lifecycle._audit import unencodable
from zi_engine.lifecycle._definition import TriggerSpec

__all__ = ["check_payload"]

MAX_TEXT = 10_000
_EVALUATION_ATTRS = ("rubric_id", "rubric_version", "rubric_hash", "total", "layer", "eligibility")
_REVIEW_ATTRS = ("kind", "unit_id", "agency_id", "signed_off", "outstanding", "head_hash")


def _what(kind: str) -> Text:
    """What a payload field of type ``kind`` must be, in words."""
    if kind == "text":
        return t("lifecycle.kind_text", "a non-empty text")
    if kind == "flag":
        return t("lifecycle.kind_flag", "true or false")
    if kind == "date":
        return t("lifecycle.kind_date", "a date (YYYY-MM-DD)")
    if kind == "count":
        return t("lifecycle.kind_count", "a whole number, 0 or more")
    if kind == "evaluation":
        return t("lifecycle.kind_evaluation", "an evaluation")
    return t("lifecycle.kind_review", "a review")


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
            takes = ", ".join(fields) or t("lifecycle.no_payload", "no payload")
            reasons.append(
                t(
                    "lifecycle.payload_unknown",
                    "{trigger!r} does not take {key!r} (it takes: {takes})",
                    trigger=trigger,
                    key=key,
                    takes=takes,
                )
            )
    for name, field in fields.items():
        raw = payload.get(name)
        if raw is None:
            if field.required:
                what = field.described(language()) or _what(field.type)
                reasons.append(
                    t(
                        "lifecycle.payload_missing",
                        "{name}= is required for {trigger!r}: {what}",
                        name=name,
                        trigger=trigger,
                        what=what,
                    )
                )
            continue
        value, problem = _coerce(field.type, raw)
        if problem is not None:
            reasons.append(
                t("lifecycle.payload_invalid", "{name}= {problem}", name=name, problem=problem)
            )
        else:
            clean[name] = value
    return reasons, clean


def _coerce(kind: str, raw: object) -> tuple[Any, str | None]:
    if kind == "text":
        if not isinstance(raw, str) or not raw.strip():
            return None, _must(kind, _describe(raw))
        if len(raw) > MAX_TEXT:
            return None, t(
                "lifecycle.payload_too_long",
                "is longer than {limit:,} characters",
                limit=MAX_TEXT,
            )
        problem = unencodable(raw)
        if problem:
            return None, problem
        return raw.strip(), None
    if kind == "flag":
        if not isinstance(raw, bool):
            return None, t(
                "lifecycle.payload_not_flag", "must be True or False, got {got}", got=_describe(raw)
            )
        return raw, None
    if kind == "date":
        return _coerce_date(raw)
    if kind == "review":
        missing = [a for a in _REVIEW_ATTRS if not hasattr(raw, a)]
        if missing:
            return None, t(
                "lifecycle.payload_not_review",
                "is not a review (it has no {missing})",
                missing=", ".join(missing),
            )
        return raw, None
    if kind == "count":
        if type(raw) is not int or raw < 0:  # bool is an int subclass, and not a count
            shown = str(raw) if type(raw) is int else _describe(raw)
            return None, _must(kind, shown)
        return raw, None
    return _coerce_evaluation(raw)


def _must(kind: str, got: str) -> Text:
    return t("lifecycle.payload_must_be", "must be {what}, got {got}", what=_what(kind), got=got)


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
    return None, _must("date", _describe(raw))


def _coerce_evaluation(raw: object) -> tuple[Any, str | None]:
    missing = [a for a in _EVALUATION_ATTRS if not hasattr(raw, a)]
    if missing:
        return None, t(
            "lifecycle.payload_not_evaluation",
            "is not an evaluation (it has no {missing})",
            missing=", ".join(missing),
        )
    total = getattr(raw, "total", None)
    if isinstance(total, bool) or not isinstance(total, (int, float)) or not math.isfinite(total):
        return None, t(
            "lifecycle.payload_bad_total",
            "has a total that is not a finite number ({total})",
            total=repr(total),
        )
    if not isinstance(getattr(raw, "eligibility", None), Mapping):
        return None, t(
            "lifecycle.payload_no_eligibility", "has no eligibility mapping (WBK/WBBM → result)"
        )
    return raw, None


def _describe(value: object) -> str:
    if isinstance(value, str):
        if value.strip():
            return t("lifecycle.got_text", "the text {text!r}", text=value[:40])
        return t("lifecycle.got_blank", "blank text")
    return type(value).__name__
