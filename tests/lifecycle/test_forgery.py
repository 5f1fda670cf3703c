"""Histories rewritten by someone who can rehash them: replayed against the definition, signed.

Each forgery here recomputes the whole chain, as anyone with the documented
canonical form can; the hash alone cannot catch it. The replay catches what
``fire`` could never have written, and a signed head catches the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.support.lifecycle import at, designated, revoke
from zi_engine.lifecycle import Lifecycle, LifecycleStateError, load_portfolio_dir
from zi_engine.lifecycle._audit import canonical_hash, genesis_hash

Doc = dict[str, Any]
KEY = b"k" * 32


def saved(lc: Lifecycle, **kwargs: Any) -> Doc:
    doc: Doc = json.loads(json.dumps(lc.to_dict(**kwargs)))
    return doc


def rehashed(doc: Doc) -> Doc:
    """The document with every record's hash and link recomputed, and the head fixed."""
    created = doc["created_at"]
    prev = genesis_hash(
        doc["definition"],
        doc["unit_id"],
        doc["agency_id"],
        doc["needs_preliminary_review"],
        None if created is None else datetime.fromisoformat(created),
    )
    for record in doc["history"]:
        record["prev_hash"] = prev
        record.pop("hash")
        record["hash"] = prev = canonical_hash(record)
    doc["head"] = prev
    doc["revision"] = len(doc["history"])
    return doc


def _designate_by_unit_head(doc: Doc) -> None:
    doc["history"][14]["actor"] = {"id": "kepala", "role": "unit_head", "agency_id": "x"}


def _unknown_role(doc: Doc) -> None:
    doc["history"][14]["actor"]["role"] = "hacker"


def _required_reason_removed(doc: Doc) -> None:
    doc["history"][17]["reason"] = None


def _reason_where_none_is_taken(doc: Doc) -> None:
    doc["history"][14]["reason"] = "ditetapkan"


def _required_evaluation_removed(doc: Doc) -> None:
    doc["history"][4]["evaluation"] = None


def _required_flag_removed(doc: Doc) -> None:
    doc["history"][0]["details"] = {}


def _flag_as_text(doc: Doc) -> None:
    doc["history"][0]["details"] = {"pakta_integritas_signed": "true"}


def _detail_not_taken(doc: Doc) -> None:
    doc["history"][14]["details"] = {"approved_by_president": True}


FORGERIES: list[tuple[Callable[[Doc], None], str]] = [
    (_designate_by_unit_head, r"history\[14\]\.actor\.role: 'designate' is fired by minister"),
    (_unknown_role, r"history\[14\]\.actor\.role: 'hacker' is not a role of"),
    (_required_reason_removed, r"history\[17\]\.reason: is required for 'revoke'"),
    (_reason_where_none_is_taken, r"history\[14\]\.reason: 'designate' takes no reason"),
    (_required_evaluation_removed, r"history\[4\]\.evaluation: is required for 'propose'"),
    (_required_flag_removed, r"history\[0\]\.details: pakta_integritas_signed is required"),
    (_flag_as_text, r"history\[0\]\.details\.pakta_integritas_signed: expected true or false"),
    (_detail_not_taken, r"history\[14\]\.details\.approved_by_president: 'designate' does not"),
]


def revoked() -> Lifecycle:
    lc = designated()
    revoke(lc, at(2024, 6, 1), reason="kasus KKN")
    return lc


@pytest.mark.parametrize(("forge", "where"), FORGERIES, ids=[f.__name__ for f, _ in FORGERIES])
def test_a_rehashed_forgery_is_replayed_against_the_definition(
    forge: Callable[[Doc], None], where: str
) -> None:
    doc = saved(revoked())
    forge(doc)
    with pytest.raises(LifecycleStateError, match=where):
        Lifecycle.from_dict(rehashed(doc))


def truncated(doc: Doc) -> Doc:
    """The final revoke removed, and the six summary fields fixed by hand (no rehash needed)."""
    doc["history"].pop()
    doc["revision"] -= 1
    doc["head"] = doc["history"][-1]["hash"]
    doc["state"], doc["predicate"], doc["target"], doc["revoked_at"] = (
        "designated", "WBK", "WBK", None,
    )  # fmt: skip
    return doc


def test_truncation_is_undetectable_without_a_signature_as_the_docs_say() -> None:
    """The chain of a prefix is a valid chain: without a key this loads (docs/lifecycle.md)."""
    restored = Lifecycle.from_dict(truncated(saved(revoked())))
    assert (restored.state, restored.predicate) == ("designated", "WBK")


def test_a_signed_document_round_trips_and_is_checked_with_the_key() -> None:
    lc = revoked()
    doc = saved(lc, signing_key=KEY)
    assert doc["signature"]["algorithm"] == "HMAC-SHA256"
    assert len(doc["signature"]["value"]) == 64
    restored = Lifecycle.from_dict(doc, signing_key=KEY)
    assert restored.to_dict() == lc.to_dict()
    assert Lifecycle.from_dict(doc).head_hash == lc.head_hash  # no key: the form is checked


def test_truncation_of_a_signed_document_is_detected() -> None:
    doc = truncated(saved(revoked(), signing_key=KEY))
    with pytest.raises(LifecycleStateError, match="signature: does not match the history"):
        Lifecycle.from_dict(doc, signing_key=KEY)


def test_a_signed_forgery_with_a_plausible_record_is_detected() -> None:
    """A rewrite the replay accepts (another minister, another date) still breaks the signature."""
    doc = saved(revoked(), signing_key=KEY)
    doc["history"][14]["actor"]["id"] = "menteri-palsu"
    with pytest.raises(LifecycleStateError, match="signature: does not match"):
        Lifecycle.from_dict(rehashed(doc), signing_key=KEY)


def test_a_stripped_or_wrong_signature_is_refused_with_the_key() -> None:
    doc = saved(revoked(), signing_key=KEY)
    with pytest.raises(LifecycleStateError, match="signature: does not match"):
        Lifecycle.from_dict(doc, signing_key=b"another key of 32 bytes........")
    del doc["signature"]
    with pytest.raises(LifecycleStateError, match="signature: is missing"):
        Lifecycle.from_dict(doc, signing_key=KEY)
    doc["signature"] = {"algorithm": "none", "value": ""}
    with pytest.raises(LifecycleStateError, match=r"signature\.algorithm: expected 'HMAC-SHA256'"):
        Lifecycle.from_dict(doc)


def test_a_portfolio_read_with_a_key_refuses_each_unsigned_file(tmp_path: Path) -> None:
    (tmp_path / "signed.json").write_text(json.dumps(saved(revoked(), signing_key=KEY)))
    (tmp_path / "unsigned.json").write_text(json.dumps(truncated(saved(revoked()))))
    with pytest.raises(LifecycleStateError) as raised:
        load_portfolio_dir(tmp_path, signing_key=KEY)
    assert [(Path(p.file or "").name, p.path) for p in raised.value.problems] == [
        ("unsigned.json", "signature")
    ]


def test_a_weak_key_is_the_callers_error() -> None:
    lc = revoked()
    with pytest.raises(ValueError, match="at least 16 bytes"):
        lc.to_dict(signing_key=b"short")
    with pytest.raises(TypeError, match="must be bytes"):
        lc.to_dict(signing_key="a text key of more than sixteen")  # type: ignore[arg-type]


@pytest.mark.parametrize("clock", ["building_since", "proposed_at", "revoked_at"])
def test_a_clock_rewritten_in_another_zone_is_refused(clock: str) -> None:
    """09:00+07:00 and 02:00+00:00 are the same moment, but not what the records wrote."""
    doc = saved(revoked())
    moment = datetime.fromisoformat(doc[clock]).astimezone(timezone.utc)
    doc[clock] = moment.isoformat()
    with pytest.raises(LifecycleStateError, match=rf"{clock}: is '.*\+00:00' but the history"):
        Lifecycle.from_dict(doc)


def test_an_evaluation_total_beyond_any_double_is_a_located_error() -> None:
    doc = saved(revoked())
    doc["history"][4]["evaluation"]["total"] = 10**400
    with pytest.raises(LifecycleStateError, match=r"history\[4\]\.evaluation\.total: is too large"):
        Lifecycle.from_dict(doc)
