"""The store on SQLite and PostgreSQL: schema, versions, agency facts, lifecycles, locking."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

import zi_engine
from tests.support.lifecycle import review
from tests.support.store import (
    AGENCY,
    AGENCY_HEAD,
    DINKES,
    RSUD,
    UNIT_HEAD,
    at,
    example,
    fill,
    in_review,
    signed_off_review,
)
from zi_engine import LifecycleStateError, TransitionRefused
from zi_engine.store import (
    AgencyFactsConflict,
    Store,
    StoreConflict,
    StoreError,
    StoreNotFound,
)
from zi_engine.store import _schema as t


@pytest.fixture
def store(store_url: str) -> Store:
    opened = Store.initialize(store_url)
    yield opened
    opened.close()


REVIEW = review(DINKES, agency_id=AGENCY)  # the signed-off TPI review tpi_reject reads


def test_the_migrated_schema_is_the_one_the_code_uses(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store.db.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), t.metadata)
    assert diff == []


def test_initialize_twice_keeps_the_data(store: Store, store_url: str) -> None:
    store.put_submission(example("dinkes-banjarbaru-wbk.yaml"), by="operator")
    again = Store.initialize(store_url)
    assert [u.unit_id for u in again.units()] == [DINKES]
    again.close()


def test_a_database_without_the_schema_is_refused_naming_the_command(tmp_path: object) -> None:
    with pytest.raises(StoreError, match="zi-engine store init"):
        Store(f"sqlite:///{tmp_path}/empty.db")


@pytest.mark.parametrize("url", ["mysql://x/y", "not a url"])
def test_other_databases_are_refused(url: str) -> None:
    with pytest.raises(StoreError):
        Store(url)


def test_versions_keep_who_changed_what(store: Store) -> None:
    sub = example("dinkes-banjarbaru-wbk.yaml")
    first = store.put_submission(sub, by="operator")
    assert first.version == 1
    assert first.changed_by == "operator"
    assert store.put_submission(sub, by="someone").version == 1  # unchanged: no new version
    changed = sub.with_answers({"mp.p.tim_kerja.a": "B"}, layer="tpi")
    second = store.put_submission(changed, by="tpi-1")
    assert (second.version, second.changes, second.changed_by) == (
        2, ("answers.mp.p.tim_kerja.a",), "tpi-1",
    )  # fmt: skip
    assert store.submission(AGENCY, DINKES, 1).submission == sub
    assert store.submission(AGENCY, DINKES).submission == changed
    with pytest.raises(StoreNotFound, match="version 3"):
        store.submission(AGENCY, DINKES, 3)
    with pytest.raises(StoreNotFound, match="NOPE"):
        store.submission(AGENCY, "NOPE")


def test_agency_facts_are_held_once_and_never_overridden_silently(store: Store) -> None:
    dinkes = example("dinkes-banjarbaru-wbk.yaml")
    store.put_submission(dinkes, by="operator")
    assert store.agency_facts(AGENCY, 2026) == dinkes.facts.agency
    with store.reading() as conn:  # the unit's version holds no copy of them
        doc = conn.scalar(sa.select(t.submissions.c.document))
    assert "agency" not in doc.get("facts", {})

    rsud = example("rsud-idaman-area-minimum.yaml")
    other = rsud.facts.model_copy(
        update={"agency": rsud.facts.agency.model_copy(update={"sakip_grade": "A"})}
    )
    with pytest.raises(AgencyFactsConflict) as refused:
        store.put_submission(rsud.model_copy(update={"facts": other}), by="operator")
    assert [p.path for p in refused.value.problems] == ["facts.agency.sakip_grade"]
    assert "'BB'" in str(refused.value)
    assert "'A'" in str(refused.value)
    assert [u.unit_id for u in store.units()] == [DINKES]  # nothing written

    store.put_submission(
        rsud.model_copy(update={"facts": other}), by="operator", replace_agency_facts=True
    )
    # the agency's new facts apply to every unit, the one stored earlier too
    assert store.submission(AGENCY, DINKES).submission.facts.agency.sakip_grade == "A"


def test_a_lifecycle_is_restored_with_its_chain_checked(store: Store) -> None:
    store.put_submission(example("dinkes-banjarbaru-wbk.yaml"), by="operator")
    lc = in_review(DINKES)
    store.save_lifecycle(lc, expected_revision=None)
    assert store.lifecycle(AGENCY, DINKES).to_dict() == lc.to_dict()
    tampered = lc.to_dict()
    tampered["history"][1]["actor"]["id"] = "someone-else"
    with store.writing() as conn:
        conn.execute(sa.update(t.lifecycles).values(document=tampered))
    with pytest.raises(LifecycleStateError, match="hash"):
        store.lifecycle(AGENCY, DINKES)


def test_concurrent_writers_exactly_one_wins(store: Store, store_url: str) -> None:
    store.put_submission(example("dinkes-banjarbaru-wbk.yaml"), by="operator")
    store.save_lifecycle(in_review(DINKES), expected_revision=None)
    writers = 6
    servers = [Store(store_url) for _ in range(writers)]  # one connection pool each
    ready = threading.Barrier(writers)

    def write(server: Store) -> str:
        lc = server.lifecycle(AGENCY, DINKES)
        read_at = lc.revision
        lc.fire("tpi_reject", actor=zi_engine.Actor("tpi", "tpi", AGENCY), at=at(2026, 3, 1),
                reason=f"pembinaan {id(server)}", review=REVIEW)  # fmt: skip
        ready.wait(timeout=30)  # every writer has read revision 4 before any writes
        try:
            server.save_lifecycle(lc, expected_revision=read_at)
        except StoreConflict as exc:
            return str(exc)
        return "won"

    with ThreadPoolExecutor(writers) as pool:
        results = list(pool.map(write, servers))
    for server in servers:
        server.close()
    assert results.count("won") == 1
    for lost in (r for r in results if r != "won"):
        assert DINKES in lost
        assert "revision 4" in lost
        assert "revision 5" in lost
    final = store.lifecycle(AGENCY, DINKES)  # the winner's history, whole and verified
    assert final.revision == 5
    assert final.state == "building"


def test_a_stale_or_diverging_save_is_a_conflict(store: Store) -> None:
    store.put_submission(example("dinkes-banjarbaru-wbk.yaml"), by="operator")
    lc = in_review(DINKES)
    store.save_lifecycle(lc, expected_revision=None)
    with pytest.raises(StoreConflict, match="holds revision 4"):
        store.save_lifecycle(in_review(DINKES), expected_revision=None)
    # another history of the same length: same revision, different head
    other = in_review(DINKES)
    other.fire("tpi_reject", actor=zi_engine.Actor("t", "tpi", AGENCY), at=at(2026, 3, 2),
               reason="x", review=REVIEW)  # fmt: skip
    lc.fire("tpi_reject", actor=zi_engine.Actor("t", "tpi", AGENCY), at=at(2026, 3, 1),
            reason="y", review=REVIEW)  # fmt: skip
    store.save_lifecycle(lc, expected_revision=4)
    with pytest.raises(StoreConflict, match="different history"):
        store.save_lifecycle(other, expected_revision=5)
    assert store.lifecycle(AGENCY, DINKES).history[-1].reason == "y"


def test_fire_keeps_the_evaluation_a_proposal_was_made_with(store: Store) -> None:
    fill(store)
    assert store.lifecycle(AGENCY, DINKES).state == "proposed"
    proposed = store.proposed_units(AGENCY, "WBK", 2026)
    assert [(p.unit_id, p.target) for p in proposed] == [(DINKES, "WBK")]
    assert store.proposed_units(AGENCY, "WBK", 2025) == []
    assert store.proposed_units(AGENCY, "WBBM", 2026) == []
    # version 2: the answers the TPI reviewed, which the proposal is scored on
    assert store.proposal_version(AGENCY, DINKES, 2026) == 2
    # a later version does not change what the proposal was made with
    newer = example("dinkes-banjarbaru-wbk.yaml").with_answers({"mp.p.tim_kerja.a": "C"})
    assert store.put_submission(newer, by="operator").version == 3
    assert store.proposal_version(AGENCY, DINKES, 2026) == 2
    with store.reading() as conn:
        row = conn.execute(sa.select(t.evaluations)).one()
    record = store.lifecycle(AGENCY, DINKES).history[-1]
    assert record.evaluation is not None
    assert (row.rubric_hash, row.total, row.lifecycle_seq) == (
        record.evaluation.rubric_hash, record.evaluation.total, record.seq,
    )  # fmt: skip


def test_a_refused_transition_stores_nothing(store: Store) -> None:
    fill(store)
    before = store.lifecycle(AGENCY, RSUD).to_dict()
    with pytest.raises(TransitionRefused):
        store.fire(AGENCY, RSUD, "designate", actor=UNIT_HEAD, at=at(2026, 5, 4))
    assert store.lifecycle(AGENCY, RSUD).to_dict() == before


def test_put_lifecycle_links_an_imported_proposal_to_its_version(store: Store) -> None:
    fill(store)
    document = store.lifecycle(AGENCY, DINKES).to_dict()
    with store.writing() as conn:  # start again from files: a submission, then the lifecycle
        for table in reversed(t.metadata.sorted_tables):
            conn.execute(sa.delete(table))
    dinkes = example("dinkes-banjarbaru-wbk.yaml")
    store.put_submission(dinkes, by="operator")
    store.put_submission(signed_off_review(dinkes).submission, by="tpi.ketua")
    lc = zi_engine.Lifecycle.from_dict(document)
    assert store.put_lifecycle(lc) == "added"
    assert store.put_lifecycle(lc) == "unchanged"
    assert store.proposal_version(AGENCY, DINKES, 2026) == 2
    assert store.was_proposed(AGENCY, DINKES, 2026)
    lc.fire("admit", actor=zi_engine.Actor("tpn-1", "tpn"), at=at(2026, 6, 1),
            evaluation=store.evaluate(store.submission(AGENCY, DINKES), layer="tpi"))  # fmt: skip
    assert store.put_lifecycle(lc) == "updated"
    assert store.lifecycle(AGENCY, DINKES).state == "desk_evaluation"


def test_fire_with_a_stale_revision_is_a_conflict(store: Store) -> None:
    fill(store)
    with pytest.raises(StoreConflict, match="revision 2"):
        store.fire(AGENCY, RSUD, "tpi_reject", actor=AGENCY_HEAD, at=at(2026, 3, 1),
                   expected_revision=2, payload={"reason": "x"})  # fmt: skip


def test_text_with_a_nul_character_is_refused_on_every_backend(store: Store) -> None:
    sub = example("dinkes-banjarbaru-wbk.yaml")
    answers = dict(sub.answers)
    answers["mp.p.tim_kerja.a"] = zi_engine.LayeredAnswer.model_validate(
        {"unit": {"value": "A", "notes": "ada\x00nul"}}
    )
    with pytest.raises(zi_engine.SubmissionError, match="NUL"):
        store.put_submission(sub.model_copy(update={"answers": answers}), by="operator")
    assert store.units() == []


def test_the_store_s_portfolio_counts_as_the_portfolio_does(store: Store) -> None:
    from zi_engine.store._portfolio import StorePortfolio

    fill(store)
    store.put_submission(example("kpp-banjarbaru-wbbm.yaml"), by="operator")
    store.save_lifecycle(in_review("KPP-PRATAMA-BJB", "KEMENKEU"), expected_revision=None)
    counted = StorePortfolio(store)
    restored = zi_engine.Portfolio(counted)  # every lifecycle, restored and checked
    assert len(counted) == len(restored) == 3
    assert counted.count_by_state() == restored.count_by_state()
    assert counted.count_by_predicate() == restored.count_by_predicate()
    assert counted.count_by_target() == restored.count_by_target()
    assert counted.count_by_agency() == restored.count_by_agency()
    assert counted.state_labels() == restored.state_labels()
    assert counted.latest_change() == restored.latest_change()
    for days in (0, 30, 90, 400):
        moment = at(2026, 6, 1)
        assert counted.stuck(days, at=moment) == restored.stuck(days, at=moment)
    one = StorePortfolio(store, "KEMENKEU")
    assert one.count_by_agency() == {"KEMENKEU": {"internal_review": 1}}


def test_the_portal_document_is_made_when_a_version_is_stored(store: Store) -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    sub = example("dinkes-banjarbaru-wbk.yaml")
    store.put_submission(sub, by="operator")
    with store.reading() as conn:
        row = conn.execute(sa.select(t.submissions.c.portal, t.submissions.c.portal_rubric)).one()
    assert row.portal == zi_engine.to_portalrb(sub, rubric=rubric)
    assert row.portal_rubric == rubric.content_hash
    assert store.portal_document(AGENCY, DINKES, 1) == row.portal
    with store.writing() as conn:  # made with another rubric: made again, not served stale
        conn.execute(sa.update(t.submissions).values(portal={"stale": True}, portal_rubric="x"))
    assert store.portal_document(AGENCY, DINKES, 1) == row.portal
