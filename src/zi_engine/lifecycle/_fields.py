"""Reading a saved lifecycle's fields: text, times, objects, actors, evaluations, details.

Each reader returns the field's value or raises :class:`LifecycleStateError`
naming the field's path (``history[3].actor.role``); the usual case (plain
ASCII text, a one-agency actor) is taken at once, before the general checks.
Used by ``_persist`` for the document and every record.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from datetime import datetime
from typing import Any, NoReturn

from zi_engine._errors import Problem
from zi_engine._i18n import t
from zi_engine.lifecycle._audit import (
    IDENTITY_FIELDS,
    Actor,
    EvaluationSummary,
    JsonScalar,
    unencodable,
)
from zi_engine.lifecycle._errors import LifecycleStateError
from zi_engine.lifecycle._quick import ACTOR_KEYS
from zi_engine.lifecycle._shared import SharedValues

__all__ = [
    "LARGEST",
    "actor_field",
    "details_field",
    "evaluation_field",
    "exact_keys",
    "fail",
    "text_field",
    "time_field",
]

_EVAL_KEYS = frozenset({"rubric_id", "rubric_version", "rubric_hash", "total", "layer"})
_EVAL_IDENTITY = frozenset(IDENTITY_FIELDS)  # kept since the lifecycle checks whose evaluation
LARGEST = int(sys.float_info.max)  # larger integers have no double, so no RFC 8785 form


def fail(path: str, message: str) -> NoReturn:
    raise LifecycleStateError(Problem(message, path=path))


def text_field(data: Mapping[str, Any], key: str, path: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if type(value) is str and value and value.isascii():  # the usual text, at once
        return value
    if value is None and optional:
        return None
    if type(value) is not str or not value:
        fail(
            f"{path}{key}",
            t(
                "lifecycle.doc_not_text",
                "expected non-empty text, got {kind}",
                kind=type(value).__name__,
            ),
        )
    if not value.isascii():
        problem = unencodable(value)
        if problem:
            fail(f"{path}{key}", problem)
    return value


def time_field(data: Mapping[str, Any], key: str, path: str) -> datetime | None:
    if data.get(key) is None:  # a clock not started yet
        return None
    text = text_field(data, key, path)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(
            f"{path}{key}",
            t("lifecycle.doc_not_time", "{text!r} is not an ISO 8601 date and time", text=text),
        )
    if moment.tzinfo is None:
        fail(f"{path}{key}", t("lifecycle.doc_naive_time", "{text!r} has no UTC offset", text=text))
    return moment


def exact_keys(data: object, keys: frozenset[str], path: str) -> Mapping[str, Any]:
    if type(data) is dict and data.keys() == keys:  # the usual case, without the ABC check
        return data
    if not isinstance(data, Mapping):
        fail(
            path,
            t(
                "lifecycle.doc_not_object",
                "expected an object, got {kind}",
                kind=type(data).__name__,
            ),
        )
    if data.keys() != keys:
        missing, extra = sorted(keys - data.keys()), sorted(map(str, data.keys() - keys))
        what = "; ".join(
            part
            for part in (
                t("lifecycle.doc_missing", "missing {names}", names=", ".join(missing))
                if missing
                else "",
                t("lifecycle.doc_unexpected", "unexpected {names}", names=", ".join(extra))
                if extra
                else "",
            )
            if part
        )
        fail(
            path,
            t(
                "lifecycle.doc_fields",
                "fields do not match the lifecycle format: {what}",
                what=what,
            ),
        )
    return data


def actor_field(raw: object, path: str, values: SharedValues) -> Actor:
    if type(raw) is dict and raw.keys() == ACTOR_KEYS:  # plain ASCII text: checked at once
        who, role, agency = raw["id"], raw["role"], raw["agency_id"]
        if (
            type(who) is str
            and type(role) is str
            and (agency is None or type(agency) is str)
            and who
            and role
            and agency != ""
            and (who + role + (agency or "")).isascii()
        ):
            return values.actor(who, role, agency)
    if isinstance(raw, Mapping) and "agency_ids" in raw:  # a joint role's actor
        return _joint_actor(raw, path, values)
    a = exact_keys(raw, ACTOR_KEYS, f"{path}actor")
    p = f"{path}actor."
    return values.actor(
        text_field(a, "id", p),
        text_field(a, "role", p),
        text_field(a, "agency_id", p, optional=True),
    )


def _joint_actor(raw: Mapping[str, Any], path: str, values: SharedValues) -> Actor:
    a = exact_keys(raw, ACTOR_KEYS | {"agency_ids"}, f"{path}actor")
    p = f"{path}actor."
    ids = a["agency_ids"]
    if type(ids) is not list or not ids:
        fail(
            f"{p}agency_ids",
            t("lifecycle.doc_agency_ids", "expected a non-empty list of agency ids"),
        )
    for i, agency in enumerate(ids):
        text_field({"id": agency}, "id", f"{p}agency_ids[{i}].")
    if a["agency_id"] is not None:
        fail(
            f"{p}agency_id",
            t(
                "lifecycle.doc_agency_id_and_ids",
                "an actor with agency_ids has no single agency_id",
            ),
        )
    if ids != sorted(set(ids)):
        fail(
            f"{p}agency_ids",
            t("lifecycle.doc_agency_ids_order", "agency ids are stored sorted, each once"),
        )
    return values.actor(text_field(a, "id", p), text_field(a, "role", p), None, tuple(ids))


def evaluation_field(raw: object, path: str) -> EvaluationSummary | None:
    if raw is None:
        return None
    keys = _EVAL_KEYS | (raw.keys() & _EVAL_IDENTITY) if isinstance(raw, Mapping) else _EVAL_KEYS
    e = exact_keys(raw, keys, f"{path}evaluation")
    total = e["total"]
    if type(total) is int and not -LARGEST <= total <= LARGEST:  # float() would overflow
        fail(
            f"{path}evaluation.total",
            t("lifecycle.doc_too_large", "is too large for a JSON number (a double)"),
        )
    if (type(total) is not float and type(total) is not int) or not math.isfinite(total):
        fail(f"{path}evaluation.total", t("lifecycle.doc_not_finite", "expected a finite number"))
    p = f"{path}evaluation."
    year = e.get("year")
    if year is not None and (type(year) is not int or not 1900 <= year <= 2200):
        fail(f"{p}year", t("lifecycle.doc_year", "expected a year (a whole number)"))
    return EvaluationSummary(
        text_field(e, "rubric_id", p),
        text_field(e, "rubric_version", p),
        text_field(e, "rubric_hash", p),
        float(total),
        text_field(e, "layer", p, optional=True),
        text_field(e, "unit_id", p, optional=True),
        text_field(e, "agency_id", p, optional=True),
        year,
        text_field(e, "submission_hash", p, optional=True),
    )


def details_field(raw: object, path: str, hash_version: int) -> Mapping[str, JsonScalar]:
    """``raw``, checked: plain values under text keys (the caller copies it)."""
    if type(raw) is not dict:
        fail(f"{path}details", t("lifecycle.doc_details", "expected an object"))
    for key, value in raw.items():
        if type(key) is not str or unencodable(key):
            fail(
                f"{path}details",
                t(
                    "lifecycle.doc_details_key",
                    "has a key that is not valid text: {key}",
                    key=repr(key),
                ),
            )
        kind = type(value)
        if kind is str:
            problem = unencodable(value)
            if problem:
                fail(f"{path}details.{key}", problem)
        elif kind is float:
            if not math.isfinite(value):
                fail(
                    f"{path}details.{key}",
                    t("lifecycle.doc_not_finite", "expected a finite number"),
                )
        elif kind is int:
            if hash_version > 1 and not -LARGEST <= value <= LARGEST:
                fail(
                    f"{path}details.{key}",
                    t("lifecycle.doc_too_large", "is too large for a JSON number (a double)"),
                )
        elif value is not None and kind is not bool:
            fail(
                f"{path}details.{key}",
                t("lifecycle.doc_not_plain", "expected a plain value (text, number, true/false)"),
            )
    return raw
