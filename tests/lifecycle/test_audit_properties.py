"""Audit records: whatever they hold, the hash is over RFC 8785 text of exactly what is stored.

For arbitrary records – any valid text (quotes, control characters, every plane),
numbers of every size, evaluations and details – the hash is SHA-256 of the
canonical JSON of ``to_dict()`` without ``hash``; stored as JSON and read back
(as any app in any language reads it) the record still verifies; and text that
is not valid Unicode has no canonical form, so no record is made of it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zi_engine import Actor, AuditRecord
from zi_engine._canonical import canonical_json, version1_json
from zi_engine.lifecycle._audit import EvaluationSummary

_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)  # valid Unicode, any plane
_NAMES = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
_FLOATS = st.floats(allow_nan=False, allow_infinity=False)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), _FLOATS, _TEXT)

_FIELDS = {
    "seq": st.integers(1, 10**6),
    "trigger": _NAMES,
    "source": _NAMES,
    "dest": _NAMES,
    "actor": st.builds(Actor, _NAMES, _NAMES, st.none() | _NAMES),
    "at": st.datetimes(
        timezones=st.builds(
            timezone, st.integers(-23 * 60, 23 * 60).map(lambda m: timedelta(minutes=m))
        )
    ),
    "reason": st.none() | _TEXT,
    "evaluation": st.none()
    | st.builds(EvaluationSummary, _NAMES, _NAMES, _NAMES, _FLOATS, st.none() | _NAMES),
    "details": st.dictionaries(_TEXT, _SCALARS, max_size=4),
    "prev_hash": _NAMES,
}


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@given(**_FIELDS)
def test_a_records_hash_is_over_the_canonical_json_of_what_it_stores(**fields: Any) -> None:
    record = AuditRecord.create(**fields)
    stored = record.to_dict()
    digest = stored.pop("hash")
    assert record.canonical_json() == canonical_json(stored)
    assert digest == record.hash == record.computed_hash() == _sha256(canonical_json(stored))
    # an app stores the record as JSON and reads it back: canonicalizing what it read gives
    # the same bytes, so the hash still verifies – in Python or in any RFC 8785 library
    read_back = json.loads(json.dumps(stored))
    assert _sha256(canonical_json(read_back)) == digest


@given(**_FIELDS)
def test_a_version_1_record_is_verified_over_version_1_text(**fields: Any) -> None:
    new = AuditRecord.create(**fields)
    text = version1_json({k: v for k, v in new.to_dict().items() if k != "hash"})
    old = AuditRecord(*[getattr(new, name) for name in _FIELDS], _sha256(text), hash_version=1)
    assert old.canonical_json() == text
    assert old.computed_hash() == old.hash


@pytest.mark.parametrize("where", ["reason", "trigger", "details"])
def test_text_that_is_not_valid_unicode_makes_no_record(where: str) -> None:
    fields: dict[str, Any] = {
        "seq": 1, "trigger": "declare", "source": "candidate", "dest": "declared",
        "actor": Actor("kepala", "unit_head", "A"), "at": datetime(2024, 1, 1, tzinfo=timezone.utc),
        "reason": None, "evaluation": None, "details": {}, "prev_hash": "0" * 64,
    }  # fmt: skip
    fields[where] = {"note": "a\udc80"} if where == "details" else "a\udc80"
    with pytest.raises(ValueError, match="not valid Unicode"):
        AuditRecord.create(**fields)
