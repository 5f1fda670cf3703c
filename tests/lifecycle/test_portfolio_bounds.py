"""Portfolio limits: a large history the library wrote loads; ``stuck`` refuses absurd days."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.lifecycle.test_forgery import rehashed
from tests.support.lifecycle import TPI, UNIT_HEAD, S, building, review
from zi_engine import UsageError
from zi_engine.lifecycle import Portfolio, load_portfolio_dir
from zi_engine.lifecycle._portfolio import MAX_STUCK_DAYS

RECORDS = 45_000  # about 18 MB: past the old 16 MB limit (100,000 records are about 40 MB)


def test_a_long_history_the_library_wrote_is_read(tmp_path: Path) -> None:
    """Back and forth between building and the TPI, 45,000 records (the chain rebuilt as
    ``fire`` would have written it, which is much faster than firing them)."""
    lc = building()
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=S.review)
    lc.fire("tpi_reject", actor=TPI, at=S.review, reason="pembinaan", review=review())
    doc = json.loads(json.dumps(lc.to_dict()))
    pair, history = doc["history"][-2:], doc["history"][:-2]
    moment = S.review
    while len(history) < RECORDS:
        moment += timedelta(minutes=1)
        history += [dict(record, seq=len(history) + 1 + i, at=moment.isoformat())
                    for i, record in enumerate(pair)]  # fmt: skip
    doc["history"] = history
    rehashed(doc)
    path = tmp_path / "panjang.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert path.stat().st_size > 16 * 1024 * 1024
    (restored,) = load_portfolio_dir(tmp_path)
    assert restored.revision == len(history)
    assert restored.state == "building"


@pytest.mark.parametrize("days", [-1, MAX_STUCK_DAYS + 1, 1_000_000_000, True, 1.5])
def test_stuck_refuses_days_no_date_difference_can_have(days: object) -> None:
    portfolio = Portfolio([building()])
    with pytest.raises(UsageError, match=r"stuck\(days=.*\): give a whole number from 0 to"):
        portfolio.stuck(days, at=S.review)  # type: ignore[arg-type]


def test_stuck_at_the_limit_still_answers() -> None:
    assert Portfolio([building()]).stuck(MAX_STUCK_DAYS, at=S.review) == []
