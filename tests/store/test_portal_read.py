"""The portal's jawaban-unit read: the stored JSON text as it is, the proposal's version."""

from __future__ import annotations

import json

import pytest

import zi_engine
from tests.support.store import AGENCY, DINKES, RSUD, example, fill
from zi_engine.store import Store

RUBRIC_HASH = zi_engine.load_rubric("permenpan-rb-90-2021").content_hash


@pytest.fixture
def store(store_url: str) -> Store:
    opened = Store.initialize(store_url)
    opened.set_current_round(2026)
    fill(opened)
    yield opened
    opened.close()


def test_a_proposed_unit_is_served_the_version_its_proposal_was_made_on(store: Store) -> None:
    # version 1 is the unit's answers, version 2 the reviewed ones the proposal was made on
    newer = example("dinkes-banjarbaru-wbk.yaml").with_answers({"mp.p.tim_kerja.a": "Tidak"})
    assert store.put_submission(newer, by="operator").version == 3
    read = store.portal_answers(AGENCY, DINKES, None, RUBRIC_HASH)
    assert (read.owner, read.version, read.year) == ("agency", 2, 2026)
    assert read.body is not None
    assert json.loads(read.body) == store.portal_document(AGENCY, DINKES, 2)
    # another round: the unit was not proposed then, so its latest version
    later = store.portal_answers(AGENCY, DINKES, 2027, RUBRIC_HASH)
    assert later.version == 3
    assert later.body is not None
    assert json.loads(later.body) == store.portal_document(AGENCY, DINKES, 3)


def test_other_agencies_units_and_unknown_ones(store: Store) -> None:
    assert store.portal_answers("KEMENKEU", DINKES, None, RUBRIC_HASH).owner == "other"
    assert store.portal_answers(AGENCY, "NO-SUCH", None, RUBRIC_HASH).owner == "none"
    read = store.portal_answers(AGENCY, RSUD, None, RUBRIC_HASH)
    assert (read.owner, read.version) == ("agency", 1)


def test_a_document_made_with_another_rubric_is_not_served_as_stored(store: Store) -> None:
    read = store.portal_answers(AGENCY, RSUD, None, "another-rubric-hash")
    assert (read.version, read.body) == (1, None)
