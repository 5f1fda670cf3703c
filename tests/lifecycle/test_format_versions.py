"""Saved documents across format versions, and the worked example of docs/lifecycle.md.

``data/version1-document.json`` was written by zi_engine before RFC 8785 (format
version 1, commit 614d779): a unit designated Menuju WBK, whose proposal and
admission carry a total of 82.0 – written ``82.0`` in version 1's text and ``82``
in RFC 8785's, so those two records hash differently under the two forms.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support import REPO
from tests.support.lifecycle import TPN, at, evaluation, review
from zi_engine._canonical import canonical_json, version1_json
from zi_engine.lifecycle import Actor, Lifecycle, LifecycleStateError

TPI_TB = Actor("inspektorat", "tpi", "pemkab-tanah-bumbu")

VERSION1 = Path(__file__).parent / "data" / "version1-document.json"
DOCS = REPO / "docs" / "lifecycle.md"


def version1() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(VERSION1.read_text(encoding="utf-8"))
    return doc


def saved(lc: Lifecycle) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(json.dumps(lc.to_dict()))
    return doc


def test_a_version_1_document_still_loads_and_keeps_its_hashes() -> None:
    doc = version1()
    lc = Lifecycle.from_dict(doc)
    assert (lc.state, lc.predicate, lc.revision) == ("designated", "WBK", 10)
    assert lc.head_hash == doc["head"]
    assert [r.hash for r in lc.history] == [r["hash"] for r in doc["history"]]
    assert {r.hash_version for r in lc.history} == {1}
    # the two forms differ exactly where a whole-number total is written: so the version
    # is what made these records verify
    differ = [
        r.seq
        for r in lc.history
        if version1_json(_content(r.to_dict())) != canonical_json(_content(r.to_dict()))
    ]
    assert differ == [6, 7]
    assert lc.history[5].evaluation is not None
    assert lc.history[5].evaluation.total == 82.0


def _content(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "hash"}


def test_a_restored_version_1_lifecycle_continues_in_version_2() -> None:
    """Old records keep their hashes (a head pinned elsewhere still matches); new records
    are hashed over RFC 8785 text; the document says how many records are of version 1."""
    lc = Lifecycle.from_dict(version1())
    old_head = lc.head_hash
    record = lc.fire("report_monitoring", actor=TPI_TB, at=at(2024, 2, 1), criteria_met=True)
    assert (record.prev_hash, record.hash_version) == (old_head, 2)
    assert record.hash == _sha256(canonical_json(_content(record.to_dict())))
    doc = saved(lc)
    assert (doc["format_version"], doc["version1_records"], doc["revision"]) == (2, 10, 11)
    again = Lifecycle.from_dict(doc)
    assert again.to_dict() == doc
    assert [r.hash_version for r in again.history] == [1] * 10 + [2]


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_tampering_with_a_version_1_record_is_detected() -> None:
    doc = version1()
    doc["history"][3]["reason"] = "tidak ada catatan"
    with pytest.raises(LifecycleStateError, match=r"history\[3\]\.hash: does not match"):
        Lifecycle.from_dict(doc)


def _migrated() -> dict[str, Any]:
    lc = Lifecycle.from_dict(version1())
    lc.fire("report_monitoring", actor=TPI_TB, at=at(2024, 2, 1), criteria_met=True)
    return saved(lc)


@pytest.mark.parametrize(
    ("count", "problem"),
    [
        (0, r"history\[5\]\.hash: does not match the content of record 6"),  # 82.0 → "82"
        (12, r"version1_records: expected a count from 0 to 11, got 12"),
        (-1, r"version1_records: expected a count from 0 to 11, got -1"),
        (True, r"version1_records: expected a count from 0 to 11, got True"),
        ("10", r"version1_records: expected a count"),
    ],
)
def test_the_count_of_version_1_records_is_checked(count: object, problem: str) -> None:
    doc = _migrated()
    doc["version1_records"] = count
    with pytest.raises(LifecycleStateError, match=problem):
        Lifecycle.from_dict(doc)


def test_each_version_has_exactly_its_own_fields() -> None:
    doc = version1()
    doc["version1_records"] = 10
    with pytest.raises(LifecycleStateError, match="unexpected version1_records"):
        Lifecycle.from_dict(doc)
    doc = _migrated()
    del doc["version1_records"]
    with pytest.raises(LifecycleStateError, match="missing version1_records"):
        Lifecycle.from_dict(doc)


def test_a_record_time_must_be_written_as_records_write_it() -> None:
    """The hash covers the text, so a time an app rewrote (same moment, other spelling)
    is named as such rather than reported as an altered record."""
    doc = _migrated()
    doc["history"][0]["at"] = "2022-01-10T09:00+07:00"
    with pytest.raises(
        LifecycleStateError,
        match=r"history\[0\]\.at: '2022-01-10T09:00\+07:00' is not written as records write "
        r"times \('2022-01-10T09:00:00\+07:00'\)",
    ):
        Lifecycle.from_dict(doc)


def test_a_detail_number_no_json_reader_can_hold_is_refused() -> None:
    doc = _migrated()
    doc["history"][10]["details"]["x"] = 10**400
    with pytest.raises(LifecycleStateError, match=r"history\[10\]\.details\.x: is too large"):
        Lifecycle.from_dict(doc)


# -- the worked example of docs/lifecycle.md -----------------------------------------------


def _of_the_unit(total: float) -> Any:
    """An evaluation of the worked example's unit, for the 2023 proposal."""
    return evaluation(
        total=total, unit="puskesmas-sungai-ulin", agency="pemkab-tanah-bumbu", year=2023
    )


def worked_example() -> Lifecycle:
    """The unit of the version-1 document, fired again today (so in version 2)."""
    agency = "pemkab-tanah-bumbu"
    head = Actor("kepala-puskesmas", "unit_head", agency)
    bupati = Actor("bupati", "agency_head", agency)
    lc = Lifecycle.new("puskesmas-sungai-ulin", agency, created_at=at(2021, 11, 1))
    signed = review("puskesmas-sungai-ulin", agency_id=agency)  # read by guards, not recorded
    steps: list[tuple[str, Actor, datetime, dict[str, Any]]] = [
        ("declare", head, at(2022, 1, 10),
         {"pakta_integritas_signed": True, "staff_signed": 40, "staff_total": 42}),
        ("select_unit", bupati, at(2022, 1, 10), {}),
        ("start_building", head, at(2022, 1, 10), {}),
        ("request_internal_review", head, at(2023, 3, 1), {}),
        ("tpi_reject", Actor("inspektorat", "tpi", agency), at(2023, 3, 20),
         {"reason": 'TLHP baru 80% – "pembinaan"\ndua bulan', "review": signed}),
        ("request_internal_review", head, at(2023, 4, 3), {}),
        ("propose", bupati, at(2023, 5, 2),
         {"evaluation": _of_the_unit(total=82.0), "sptjm_signed": True, "review": signed}),
    ]  # fmt: skip
    for trigger, actor, when, payload in steps:
        lc.fire(trigger, actor=actor, at=when, **payload)
    return lc


GENESIS_TEXT = (
    '{"agency_id":"pemkab-tanah-bumbu","created_at":"2021-11-01T09:00:00+07:00",'
    '"definition":"permenpan-rb-90-2021","needs_preliminary_review":false,'
    '"unit_id":"puskesmas-sungai-ulin"}'
)
GENESIS_HASH = "55340d4e8b207e8a90be1aac262af5594783d4e50e856874a8f069f80e61466a"
REJECT_TEXT = (
    '{"actor":{"agency_id":"pemkab-tanah-bumbu","id":"inspektorat","role":"tpi"},'
    '"at":"2023-03-20T09:00:00+07:00","dest":"building","details":{},"evaluation":null,'
    '"prev_hash":"0f0e63ff8720372790ebdf79126e164cb23f01a4a7dc35414ea482ed1d21b215",'
    '"reason":"TLHP baru 80% – \\"pembinaan\\"\\ndua bulan","seq":5,"source":"internal_review",'
    '"trigger":"tpi_reject"}'
)
REJECT_HASH = "e9a457e43731bd1d7fbf40e9954797d0e20ab7bb1a9b7cb6add6455b8fb917d0"
PROPOSE_TEXT = (
    '{"actor":{"agency_id":"pemkab-tanah-bumbu","id":"bupati","role":"agency_head"},'
    '"at":"2023-05-02T09:00:00+07:00","dest":"proposed","details":{"sptjm_signed":true},'
    '"evaluation":{"agency_id":"pemkab-tanah-bumbu","layer":"tpi","rubric_hash":'
    '"c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeeabcd",'
    '"rubric_id":"permenpan-rb-90-2021","rubric_version":"2021.1","submission_hash":'
    '"sha256:5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5ab5","total":82,'
    '"unit_id":"puskesmas-sungai-ulin","year":2023},'
    '"prev_hash":"2fd05d1dd6ee28224f5781d6662b5b8f55e2111cca9b9146eef26eadfda7cda3",'
    '"reason":null,"seq":7,"source":"internal_review","trigger":"propose"}'
)
PROPOSE_HASH = "4139358c686762b13ce5643b69fbce8ef3bc32fd15c8f1e7195e3fc0eaf71ddd"


def test_the_worked_example_gives_the_documented_bytes_and_hashes() -> None:
    lc = worked_example()
    reject, propose = lc.history[4], lc.history[6]
    assert lc.history[0].prev_hash == GENESIS_HASH == _sha256(GENESIS_TEXT)
    assert (reject.canonical_json(), reject.hash) == (REJECT_TEXT, REJECT_HASH)
    assert (propose.canonical_json(), propose.hash) == (PROPOSE_TEXT, PROPOSE_HASH)
    assert _sha256(REJECT_TEXT) == REJECT_HASH
    assert _sha256(PROPOSE_TEXT) == PROPOSE_HASH
    # the version-1 document of the same unit started from the same genesis
    assert version1()["history"][0]["prev_hash"] == GENESIS_HASH


def test_docs_show_the_worked_example_byte_for_byte() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for literal in (
        GENESIS_TEXT, GENESIS_HASH, REJECT_TEXT, REJECT_HASH, PROPOSE_TEXT, PROPOSE_HASH
    ):  # fmt: skip
        assert literal in text, literal[:60]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_documented_javascript_verifier_accepts_the_chain_and_catches_tampering(
    tmp_path: Path,
) -> None:
    """The verifier docs/lifecycle.md gives for other languages, run as it is printed."""
    found = re.search(r"```js\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert found is not None, "docs/lifecycle.md has no ```js verifier"
    script = tmp_path / "verify.js"
    script.write_text(found.group(1), encoding="utf-8")
    lc = worked_example()
    # a total of 1e-7: both sides must write the exponent as ECMAScript does
    lc.fire("admit", actor=TPN, at=at(2023, 6, 1), evaluation=_of_the_unit(1e-7))
    doc = saved(lc)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    bad_doc = copy.deepcopy(doc)
    bad_doc["history"][6]["evaluation"]["total"] = 82.5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_doc), encoding="utf-8")

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["node", str(script), str(path)],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )

    ok = run(good)
    assert ok.returncode == 0, ok.stderr
    assert doc["head"] in ok.stdout
    refused = run(bad)
    assert refused.returncode != 0
    assert "record 7" in refused.stderr
