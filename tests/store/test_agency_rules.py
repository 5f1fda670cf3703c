"""Agency-level rules over a store: a KKN case drops the agency's proposals (hlm. 65), and the
share of designated units per agency (hlm. 47), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.support import lifecycle as scenario
from tests.support.store import AGENCY, DINKES, RSUD, at, fill
from zi_engine import Actor, Portfolio
from zi_engine.store import Store
from zi_engine.store._portfolio import StorePortfolio

TPN = Actor("tpn-1", "tpn")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.initialize(store_url)
    yield opened
    opened.close()


def test_a_kkn_case_drops_the_agencys_stored_proposals(store: Store) -> None:
    fill(store)  # DINKES proposed in 2026, RSUD still in the TPI's review
    rsud = store.lifecycle(AGENCY, RSUD).to_dict()
    done = StorePortfolio(store).drop_agency_proposals(
        AGENCY,
        2026,
        actor=TPN,
        at=at(2026, 6, 10),
        kkn_case_on=date(2026, 6, 1),
        reason="Wali kota ditetapkan tersangka gratifikasi",
        case_reference="Sprindik-7/DIK.00/06/2026",
    )
    assert (done.dropped, done.refused) == ((DINKES,), ())
    dinkes = store.lifecycle(AGENCY, DINKES)
    assert dinkes.state == "building"
    record = dinkes.history[-1]
    assert (record.trigger, record.actor, record.at) == ("drop", TPN, at(2026, 6, 10))
    assert record.details["case_reference"] == "Sprindik-7/DIK.00/06/2026"
    assert store.lifecycle(AGENCY, RSUD).to_dict() == rsud
    # dropped once: nothing is under way any more
    again = StorePortfolio(store).drop_agency_proposals(
        AGENCY, 2026, actor=TPN, at=at(2026, 6, 11), kkn_case_on=date(2026, 6, 1), reason="x"
    )
    assert (again.dropped, again.refused) == ((), ())


def test_designation_shares_are_counted_in_the_database(store: Store) -> None:
    fill(store)  # two Banjarbaru units, neither designated
    for lc in (scenario.designated("a"), scenario.designated("b"), scenario.building("c")):
        store.save_lifecycle(lc, expected_revision=None)
    portfolio = StorePortfolio(store)
    shares = portfolio.designation_shares()
    assert {a: (s.designated, s.units) for a, s in shares.items()} == {
        AGENCY: (0, 2),
        scenario.AGENCY: (2, 3),
    }
    assert shares == Portfolio(list(portfolio)).designation_shares()
    (over,) = portfolio.agencies_over_designation_limit()
    assert over.agency_id == scenario.AGENCY
    assert over.percent == pytest.approx(200 / 3)
    assert StorePortfolio(store, AGENCY).agencies_over_designation_limit() == []
