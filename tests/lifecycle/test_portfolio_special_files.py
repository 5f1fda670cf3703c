"""A folder of lifecycles holding a FIFO (or a folder) named ``*.json``: skipped and said."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.lifecycle.test_portfolio import kalsel, save_all
from zi_engine._errors import Problem
from zi_engine.cli import main
from zi_engine.lifecycle import Portfolio, load_portfolio_dir

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def _load_within(folder: Path, seconds: float) -> tuple[Portfolio | None, list[Problem]]:
    """Load in a thread; a reader blocked on the pipe is freed by opening its other end."""
    skipped: list[Problem] = []
    result: list[Portfolio] = []
    worker = threading.Thread(
        target=lambda: result.append(load_portfolio_dir(folder, skipped=skipped)), daemon=True
    )
    worker.start()
    worker.join(seconds)
    if worker.is_alive():  # it opened the pipe and waits for a writer: free it, then fail
        fd = os.open(folder / "zz-pipe.json", os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        worker.join(5)
        pytest.fail("load_portfolio_dir blocked on a named pipe")
    return (result[0] if result else None), skipped


def test_a_fifo_named_json_is_skipped_and_said(tmp_path: Path) -> None:
    save_all(kalsel(), tmp_path)
    os.mkfifo(tmp_path / "zz-pipe.json")
    (tmp_path / "zz-folder.json").mkdir()
    loaded, skipped = _load_within(tmp_path, 10)
    assert loaded is not None
    assert loaded.count_by_state() == kalsel().count_by_state()
    said = {Path(p.file or "").name: p.message for p in skipped}
    assert said == {
        "zz-folder.json": "skipped: a directory, not a regular file",
        "zz-pipe.json": "skipped: a named pipe (FIFO), not a regular file",
    }


def test_the_cli_says_what_it_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_all(kalsel(), tmp_path)
    os.mkfifo(tmp_path / "zz-pipe.json")
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(main(["portfolio", str(tmp_path)])))
    worker.daemon = True
    worker.start()
    worker.join(10)
    if worker.is_alive():
        os.close(os.open(tmp_path / "zz-pipe.json", os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail("zi-engine portfolio blocked on a named pipe")
    assert done == [0]
    assert "zz-pipe.json: skipped: a named pipe (FIFO)" in capsys.readouterr().err


@pytest.mark.parametrize("days", ["1000000000", "-1"])
def test_an_impossible_stuck_days_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], days: str
) -> None:
    save_all(kalsel(), tmp_path)
    assert main(["portfolio", str(tmp_path), "--stuck-days", days]) == 1
    err = capsys.readouterr().err
    assert f"--stuck-days {days}: give a number of days from 0 to 36500" in err
    assert "internal error" not in err
