"""Audit records: the hashed text is the standard library's canonical JSON, whatever the content.

Every fired transition writes its record's canonical JSON field by field
(faster than building a dict and sorting it); here that text must equal
``json.dumps(..., sort_keys=True)`` for arbitrary records – any text, including
quotes, control characters and lone surrogates, numbers of every size, and
values of unexpected types (which take the general encoder).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from zi_engine import Actor, AuditRecord
from zi_engine.lifecycle._audit import EvaluationSummary, _record_json

_ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
_NAMES = st.text(min_size=1, max_size=12)  # Actor fields: non-empty, valid Unicode
_FLOATS = st.floats(allow_nan=False, allow_infinity=False)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), _FLOATS, _ANY_TEXT)
# where text belongs a caller may still pass anything: it must not change the text
_TEXTISH = st.one_of(_ANY_TEXT, _ANY_TEXT, st.integers(), st.booleans(), _FLOATS)

_ACTORS = st.builds(Actor, _NAMES, _NAMES, st.none() | _NAMES)
_EVALUATIONS = st.none() | st.builds(
    EvaluationSummary, _ANY_TEXT, _ANY_TEXT, _ANY_TEXT, _FLOATS, st.none() | _ANY_TEXT
)
_MOMENTS = st.datetimes(
    timezones=st.builds(
        timezone, st.integers(-23 * 60, 23 * 60).map(lambda m: timedelta(minutes=m))
    )
)


def _standard(content: dict[str, Any]) -> str:
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


_FIELDS = {
    "seq": st.integers(),
    "trigger": _ANY_TEXT,
    "source": _ANY_TEXT,
    "dest": _ANY_TEXT,
    "actor": _ACTORS,
    "at": _MOMENTS,
    "reason": st.none() | _ANY_TEXT,
    "evaluation": _EVALUATIONS,
    "details": st.dictionaries(_ANY_TEXT, _SCALARS, max_size=4),
    "prev_hash": _ANY_TEXT,
}


def _same_text(
    seq: int,
    trigger: str,
    source: str,
    dest: str,
    actor: Actor,
    at: datetime,
    reason: str | None,
    evaluation: EvaluationSummary | None,
    details: dict[str, Any],
    prev_hash: str,
) -> None:
    content = {
        "seq": seq, "trigger": trigger, "source": source, "dest": dest,
        "actor": actor.to_dict(), "at": at.isoformat(), "reason": reason,
        "evaluation": evaluation.to_dict() if evaluation is not None else None,
        "details": details, "prev_hash": prev_hash,
    }  # fmt: skip
    expected = _standard(content)
    text = _record_json(
        seq, trigger, source, dest, actor, at.isoformat(), reason, evaluation, details, prev_hash
    )
    assert text == expected
    try:
        digest = hashlib.sha256(expected.encode("utf-8")).hexdigest()
    except UnicodeEncodeError:
        return  # text that cannot be stored; the payload check refuses it before a record
    record = AuditRecord.create(
        seq=seq, trigger=trigger, source=source, dest=dest, actor=actor, at=at, reason=reason,
        evaluation=evaluation, details=details, prev_hash=prev_hash,
    )  # fmt: skip
    assert record.hash == record.computed_hash() == digest
    assert record.canonical_json() == expected


@given(**_FIELDS)
def test_a_records_text_is_canonical_json(**fields: Any) -> None:
    _same_text(**fields)


@given(
    **_FIELDS
    | {
        "seq": st.integers() | st.booleans(),
        "trigger": _TEXTISH,
        "source": _TEXTISH,
        "reason": st.none() | _TEXTISH,
        "prev_hash": _TEXTISH,
    }
)
def test_unexpected_types_where_text_belongs_give_the_same_text(**fields: Any) -> None:
    _same_text(**fields)
