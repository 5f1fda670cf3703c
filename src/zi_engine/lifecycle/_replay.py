"""Replaying a stored record against the definition's rules, not only its hash.

A hash chain proves that records were not edited *after* they were hashed,
but anyone can hash a forged record. So restoring a document checks each
record as :meth:`Lifecycle.fire` would have written it: the actor's role is
a role of the definition and one the trigger allows, every required payload
field is there, and no field is there that the trigger does not take, each
of the type the definition declares. (The source and destination states and
the effects are replayed by ``_persist``.)

What is *not* replayed: guards and authorization policies. They judged
evidence (an evaluation's eligibility, the proposal window, an app's own
policy) that a record holds only in summary, and plugins may change between
saving and loading. A store that must resist forgery by whoever can write
it signs the head (``_signing``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NoReturn

from zi_engine._i18n import t
from zi_engine.lifecycle._audit import AuditRecord
from zi_engine.lifecycle._definition import LifecycleDefinition, TriggerSpec

__all__ = ["check_record_rules"]

Fail = Callable[[str, str], NoReturn]
_REASON = "reason"  # the payload field stored as the record's reason (see PayloadFieldSpec)
# payload kinds fire() does not copy into a record's details: an evaluation is summarised in
# the record's own field, and a review keeps its own hash-chained history
_NOT_IN_DETAILS = frozenset({"evaluation", "review"})


def check_record_rules(
    record: AuditRecord, spec: TriggerSpec, definition: LifecycleDefinition, path: str, fail: Fail
) -> None:
    """Raise through ``fail(field path, message)`` if ``fire`` could not have written ``record``."""
    role = record.actor.role
    if role not in definition.roles:
        fail(
            f"{path}actor.role",
            t(
                "lifecycle.doc_unknown_role",
                "{role!r} is not a role of {definition}",
                role=role,
                definition=definition.name,
            ),
        )
    if role not in spec.roles:
        fail(
            f"{path}actor.role",
            t(
                "lifecycle.doc_role_not_allowed",
                "{trigger!r} is fired by {roles}, not by {role!r}",
                trigger=record.trigger,
                roles=", ".join(spec.roles),
                role=role,
            ),
        )
    fields = spec.payload
    reason_field = fields.get(_REASON)
    if record.reason is None:
        if reason_field is not None and reason_field.required:
            fail(
                f"{path}reason",
                t(
                    "lifecycle.doc_reason_missing",
                    "is required for {trigger!r} but the record has none",
                    trigger=record.trigger,
                ),
            )
    elif reason_field is None:
        fail(
            f"{path}reason",
            t(
                "lifecycle.doc_reason_unexpected",
                "{trigger!r} takes no reason, but the record has one",
                trigger=record.trigger,
            ),
        )
    evaluations = [name for name, field in fields.items() if field.type == "evaluation"]
    if record.evaluation is None:
        if any(fields[name].required for name in evaluations):
            fail(
                f"{path}evaluation",
                t(
                    "lifecycle.doc_evaluation_missing",
                    "is required for {trigger!r} but the record has none",
                    trigger=record.trigger,
                ),
            )
    elif not evaluations:
        fail(
            f"{path}evaluation",
            t(
                "lifecycle.doc_evaluation_unexpected",
                "{trigger!r} takes no evaluation, but the record has one",
                trigger=record.trigger,
            ),
        )
    details = record.details
    for key, value in details.items():
        field = fields.get(key)
        if field is None or key == _REASON or field.type in _NOT_IN_DETAILS:
            takes = [n for n, f in fields.items() if n != _REASON and f.type not in _NOT_IN_DETAILS]
            fail(
                f"{path}details.{key}",
                t(
                    "lifecycle.doc_detail_unexpected",
                    "{trigger!r} does not take {key!r} (its details: {takes})",
                    trigger=record.trigger,
                    key=key,
                    takes=", ".join(takes) or t("lifecycle.none", "none"),
                ),
            )
        problem = _type_problem(field.type, value)
        if problem:
            fail(f"{path}details.{key}", problem)
    written_on = record.at.date()
    for name, field in fields.items():
        if (
            field.required
            and (field.required_from is None or written_on >= field.required_from)
            and name != _REASON
            and field.type not in _NOT_IN_DETAILS
            and name not in details
        ):
            fail(
                f"{path}details",
                t(
                    "lifecycle.doc_detail_missing",
                    "{name} is required for {trigger!r} but missing",
                    name=name,
                    trigger=record.trigger,
                ),
            )


def _type_problem(kind: str, value: object) -> str | None:
    if kind == "flag":
        return (
            None if type(value) is bool else t("lifecycle.doc_not_flag", "expected true or false")
        )
    if kind == "text":
        ok = type(value) is str and bool(value.strip()) and value == value.strip()
        return (
            None
            if ok
            else t("lifecycle.doc_detail_text", "expected non-empty text as fire() stores it")
        )
    if kind == "count":
        ok = type(value) is int and value >= 0
        return None if ok else t("lifecycle.doc_detail_count", "expected a whole number, 0 or more")
    # a date, stored as fire() writes it: YYYY-MM-DD
    if type(value) is str:
        try:
            if date.fromisoformat(value).isoformat() == value:
                return None
        except ValueError:
            pass
    return t("lifecycle.doc_detail_date", "expected a date written YYYY-MM-DD")
