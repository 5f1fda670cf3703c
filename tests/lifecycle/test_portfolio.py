"""Portfolios: counts by state, predicate, target and agency; stuck units; folders of files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.lifecycle import AGENCY, S, at, building, designated, internal_review, new
from zi_engine.lifecycle import (
    Lifecycle,
    LifecycleStateError,
    Portfolio,
    load_portfolio_dir,
)
from zi_engine.render import render_portfolio


def kalsel() -> Portfolio:
    """A small province: 3 not started, 2 building, 1 in TPI review, 1 designated."""
    units = [new(f"belum-{i}", created_at=at(2022, 1, 1)) for i in range(3)]
    units += [building("dinkes"), building("rsud"), internal_review("samsat")]
    units.append(designated("dukcapil"))
    units.append(Lifecycle.new("kantor-pajak", "kemenkeu"))  # no creation date known
    return Portfolio(units)


def test_counts_by_state_follow_the_definition_order_and_show_zeros() -> None:
    counts = kalsel().count_by_state()
    assert list(counts)[:5] == [
        "candidate",
        "declared",
        "selected",
        "building",
        "preliminary_review",
    ]
    assert counts["candidate"] == 4
    assert counts["building"] == 2
    assert counts["internal_review"] == 1
    assert counts["designated"] == 1
    assert counts["revoked"] == 0
    assert sum(counts.values()) == 8


def test_counts_by_predicate_target_and_agency() -> None:
    p = kalsel()
    assert p.count_by_predicate() == {"none": 7, "WBK": 1}
    assert p.count_by_target() == {"WBK": 8}
    assert p.count_by_agency() == {
        "kemenkeu": {"candidate": 1},
        AGENCY: {"candidate": 3, "building": 2, "internal_review": 1, "designated": 1},
    }


def test_stuck_units_are_listed_longest_first_and_resting_ones_are_not() -> None:
    p = kalsel()
    stuck = p.stuck(365, at=at(2023, 12, 31))
    assert [(s.unit_id, s.state) for s in stuck] == [
        ("belum-0", "candidate"),
        ("belum-1", "candidate"),
        ("belum-2", "candidate"),
        ("dinkes", "building"),
        ("rsud", "building"),
    ]
    assert stuck[0].days == 729
    assert stuck[3].since == S.declare
    # 'longer than N days' is strict: exactly N days is not stuck yet
    exactly = p.stuck(365, at=at(2023, 1, 10))
    assert [s.unit_id for s in exactly] == ["belum-0", "belum-1", "belum-2"]
    assert p.stuck(10_000, at=at(2023, 12, 31)) == []


def test_duplicates_are_refused_and_units_can_be_looked_up() -> None:
    p = kalsel()
    with pytest.raises(ValueError, match="already in the portfolio"):
        p.add(new("dinkes"))
    found = p.get("dinkes", AGENCY)
    assert found is not None
    assert found.state == "building"
    assert p.get("dinkes", "kemenkeu") is None
    assert len(p) == 8


def test_render_portfolio_is_a_plain_text_report() -> None:
    text = render_portfolio(kalsel(), stuck_days=365, at=at(2023, 12, 31))
    lines = text.splitlines()
    assert lines[0] == "Lifecycles: 8"
    assert any(line.split() == ["candidate", "Belum", "mencanangkan", "4"] for line in lines)
    assert any(line.split() == ["building", "Pembangunan", "2"] for line in lines)
    assert "Stuck more than 365 days (as of 2023-12-31): 5" in text
    row = [AGENCY, "dinkes", "building", "2022-01-10", "720"]
    assert any(line.split() == row for line in lines)
    assert "Stuck" not in render_portfolio(kalsel(), stuck_days=None, at=None)


def test_render_without_a_date_measures_to_the_newest_change() -> None:
    text = render_portfolio(kalsel(), stuck_days=30, at=None)
    assert "(as of 2023-12-01)" in text  # the designation is the newest change


def save_all(portfolio: Portfolio, folder: Path) -> None:
    for lc in portfolio:
        name = f"{lc.agency_id}--{lc.unit_id}.json"
        (folder / name).write_text(json.dumps(lc.to_dict()), encoding="utf-8")


def test_load_portfolio_dir_reads_saved_lifecycles(tmp_path: Path) -> None:
    save_all(kalsel(), tmp_path)
    (tmp_path / "notes.txt").write_text("not a lifecycle", encoding="utf-8")
    loaded = load_portfolio_dir(tmp_path)
    assert loaded.count_by_state() == kalsel().count_by_state()
    assert render_portfolio(loaded, 365, at(2023, 12, 31)) == render_portfolio(
        kalsel(), 365, at(2023, 12, 31)
    )


def test_bad_files_are_each_named_in_one_clear_error(tmp_path: Path) -> None:
    save_all(kalsel(), tmp_path)
    broken = tmp_path / f"{AGENCY}--dinkes.json"
    doc = json.loads(broken.read_text(encoding="utf-8"))
    doc["history"][0]["reason"] = "edited"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "zz-truncated.json").write_text('{"format": "zi-engine.lif', encoding="utf-8")
    (tmp_path / "zz-list.json").write_text("[]", encoding="utf-8")
    with pytest.raises(LifecycleStateError) as info:
        load_portfolio_dir(tmp_path)
    files = [Path(p.file or "").name for p in info.value.problems]
    assert files == [broken.name, "zz-list.json", "zz-truncated.json"]
    text = str(info.value)
    assert "history[0].hash: does not match the content of record 1" in text
    assert "expected a lifecycle document" in text


def test_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LifecycleStateError, match="not a directory"):
        load_portfolio_dir(tmp_path / "missing")
