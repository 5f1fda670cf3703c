"""Engine.evaluate_many: what evaluate() gives, in order, made by forked worker processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.cases import BUNDLED, cases
from zi_engine import Engine, Evaluation, Rubric, Submission, SubmissionError, UsageError, hookimpl
from zi_engine.engine import _many

MakeSubmission = Callable[..., Submission]

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked"
)


def _portfolio(make_submission: MakeSubmission, n: int) -> list[Submission]:
    """``n`` different units: answers, facts, targets and a missing answer vary."""
    out = []
    for i in range(n):
        changes: dict[str, Any] = {
            "mp.p.tim_kerja.b": "ABC"[i % 3],
            "hasil.bersih_akuntabel.ipak": None if i % 7 == 0 else 3.0 + (i % 10) / 10,
        }
        # unit facts vary: one agency's units cannot state different agency facts (docs/agency.md)
        facts = {"unit.sakip_grade": ["A", "BB", "CC", None][i % 4]}
        out.append(make_submission(changes, fact_changes=facts, target=("WBK", "WBBM")[i % 2]))
    return out


class _Listener:
    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl
    def zi_evaluation_done(self, evaluation: Evaluation) -> None:
        self.seen.append(f"{evaluation.submission.target}:{evaluation.total:.4f}")


def _same(made: Sequence[Evaluation], expected: Sequence[Evaluation]) -> None:
    assert len(made) == len(expected)
    for got, want in zip(made, expected, strict=True):
        assert got.submission is want.submission or got.submission == want.submission
        assert got.scores == want.scores
        assert (got.as_of, got.up_to) == (want.as_of, want.up_to)
        assert got.eligibility == want.eligibility  # verdicts, then every criterion
        assert got.to_dict() == want.to_dict()


@needs_fork
def test_two_workers_give_what_evaluate_gives_in_order(
    rubric: Rubric, make_submission: MakeSubmission, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_many, "MIN_PER_WORKER", 5)  # a small batch still goes to workers
    assert _many.worker_count(2, 25) == 2
    listener = _Listener()
    engine = Engine(plugins=[listener])  # a plugin object: workers are copies, it need not pickle
    portfolio = _portfolio(make_submission, 25)  # 13 + 12: ranges of unequal length
    made = engine.evaluate_many(rubric, portfolio, workers=2, up_to="TPI")
    in_workers = list(listener.seen)
    listener.seen.clear()
    expected = [engine.evaluate(rubric, sub, up_to="tpi") for sub in portfolio]
    assert in_workers == listener.seen  # announced here, in order
    assert [ev.submission for ev in made] == portfolio
    _same(made, expected)


@needs_fork
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch=st.lists(cases("bundled", complete=None), min_size=2, max_size=6),
    as_of=st.sampled_from([None, "2026-12-31"]),
)
def test_parallel_and_serial_evaluations_are_equal(batch: list[Any], as_of: str | None) -> None:
    # units of one agency and year hold its facts alike, as a store holds them once (a batch
    # that disagrees is refused before any evaluation: tests/eligibility/test_agency_record.py)
    held: dict[tuple[str, int], Any] = {}
    portfolio = []
    for case in batch:
        sub = case.submission
        facts = held.setdefault((sub.unit.agency.id, sub.year), sub.facts.agency)
        update = {"facts": sub.facts.model_copy(update={"agency": facts})}
        portfolio.append(sub.model_copy(update=update))
    engine = Engine()
    when = None if as_of is None else date.fromisoformat(as_of)
    original = _many.MIN_PER_WORKER
    _many.MIN_PER_WORKER = 1  # a Hypothesis test cannot take pytest's monkeypatch fixture
    try:
        assert _many.worker_count(2, len(portfolio)) == 2
        made = engine.evaluate_many(BUNDLED, portfolio, as_of=when, workers=2)
    finally:
        _many.MIN_PER_WORKER = original
    _same(made, [engine.evaluate(BUNDLED, sub, as_of=when) for sub in portfolio])


@needs_fork
def test_the_first_invalid_submission_raises_what_evaluate_raises(
    rubric: Rubric, make_submission: MakeSubmission, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_many, "MIN_PER_WORKER", 2)
    portfolio = _portfolio(make_submission, 8)
    portfolio[5] = portfolio[5].with_answers({"mp.p.tim_kerja.b": "Z"})
    portfolio[6] = portfolio[6].with_answers({"mp.p.tim_kerja.a": "Z"})
    with pytest.raises(SubmissionError) as raised:
        Engine().evaluate(rubric, portfolio[5])
    with pytest.raises(SubmissionError) as many:
        Engine().evaluate_many(rubric, portfolio, workers=2)
    assert str(many.value) == str(raised.value)


def _die(*args: Any) -> None:
    os._exit(3)  # a worker killed mid-batch (out of memory, a signal)


@needs_fork
def test_a_range_whose_worker_died_is_evaluated_here(
    rubric: Rubric, make_submission: MakeSubmission, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_many, "MIN_PER_WORKER", 2)
    monkeypatch.setattr(_many, "_work", _die)
    portfolio = _portfolio(make_submission, 6)
    made = Engine().evaluate_many(rubric, portfolio, workers=2)
    _same(made, [Engine().evaluate(rubric, sub) for sub in portfolio])


def test_small_batches_one_worker_and_threaded_processes_stay_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _many.worker_count(1, 10_000) == 1
    assert _many.worker_count(8, 2 * _many.MIN_PER_WORKER - 1) == 1
    assert _many.worker_count(8, 3 * _many.MIN_PER_WORKER) in (1, 3)
    for wrong in (0, -1, 1.5, True):
        with pytest.raises(UsageError, match="at least 1"):
            _many.worker_count(wrong, 10)  # type: ignore[arg-type]
    monkeypatch.setattr(_many.threading, "active_count", lambda: 2)
    assert _many.worker_count(8, 10_000) == 1


def test_in_this_process_it_is_evaluate_in_a_loop(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    portfolio = _portfolio(make_submission, 6)
    made = Engine().evaluate_many(rubric, iter(portfolio), workers=4)
    _same(made, [Engine().evaluate(rubric, sub) for sub in portfolio])


def test_wrong_arguments_are_usage_errors(rubric: Rubric, make_submission: MakeSubmission) -> None:
    sub = make_submission()
    with pytest.raises(UsageError, match="other way round"):
        Engine().evaluate_many(sub, [rubric])  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="not an answer layer"):
        Engine().evaluate_many(rubric, [sub], up_to="pusat")  # type: ignore[arg-type]
