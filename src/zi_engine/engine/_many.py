"""A portfolio's submissions evaluated on every core: :meth:`Engine.evaluate_many`.

An evaluation is a pure function of the rubric and the submission, but a
compiled rubric does not pickle (its answer parsers and prepared judges are
functions made at load time), and pickling a validated submission costs more
than evaluating it. So the workers are *forked*: each starts as a copy of
this process, holding the rubric, the engine's plugins and the submissions,
and is given a range of them. It sends back what the parent cannot get
cheaply – each submission's scores and every predicate's verdict – and the
parent builds the :class:`~zi_engine.Evaluation` objects around them; a
predicate's criteria are built, here, when they are first read, as for any
evaluation.

Batches too small to repay starting workers, ``workers=1``, platforms that
cannot fork and processes that already run threads (forking one can copy a
lock another thread holds) are evaluated in this process, one after another.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from datetime import date
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from zi_engine._errors import UsageError
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.eligibility._agency import with_agency_record
from zi_engine.eligibility._evaluation import (
    Evaluation,
    PredicateVerdict,
    decided_evaluation,
)
from zi_engine.rubric._rubric import Rubric
from zi_engine.scoring._score import Scores, score
from zi_engine.submission._agency import AgencyRecord
from zi_engine.submission._model import Layer, Submission

if TYPE_CHECKING:
    from zi_engine.engine._engine import Engine

__all__ = ["MIN_PER_WORKER", "evaluate_many", "worker_count"]

MIN_PER_WORKER = 200
"""Fewer submissions than this per worker use fewer workers (see docs/performance.md)."""

_Found = tuple[Scores, dict[str, PredicateVerdict]] | None
"""What a worker sends back per submission: scores and verdicts, or ``None`` when it failed."""


def worker_count(workers: int | None, batch: int) -> int:
    """How many worker processes evaluate ``batch`` submissions (1: none, this process does).

    ``workers`` caps it (default: the cores this process may use; anything
    but a whole number from 1 up is a :class:`~zi_engine.UsageError`); batches
    with fewer than :data:`MIN_PER_WORKER` submissions per worker use fewer
    workers, and none where this process cannot fork or already runs threads.
    """
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise UsageError(
            t(
                "engine.workers_not_whole",
                "workers must be a whole number of at least 1, not {workers}",
                workers=show(workers),
            )
        )
    workers = min(workers, batch // MIN_PER_WORKER)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if threading.active_count() > 1:
        return 1
    return workers


def evaluate_many(
    engine: Engine,
    rubric: Rubric,
    submissions: Sequence[Submission],
    *,
    as_of: date | None,
    up_to: Layer,
    workers: int,
    agencies: Sequence[AgencyRecord | None] | None = None,
) -> list[Evaluation]:
    """What ``engine.evaluate`` gives for each submission, in order, made by ``workers`` forks.

    ``agencies`` gives each submission's agency record (``None``: none): the
    workers evaluate the submissions with the records' facts applied.

    The evaluations are announced to ``zi_evaluation_done`` listeners here, in
    order. A submission a worker could not evaluate (an invalid one; a worker
    that died) is evaluated here, which raises what :meth:`Engine.evaluate`
    raises.
    """
    records = list(agencies) if agencies is not None else [None] * len(submissions)
    applied = [with_agency_record(sub, rec) for sub, rec in zip(submissions, records, strict=True)]
    found = _in_workers(rubric, [sub for sub, _ in applied], as_of, up_to, workers)
    hook = engine.plugin_manager.hook.zi_evaluation_done
    listened = bool(hook.get_hookimpls())
    out: list[Evaluation] = []
    for given, record, (sub, notes), made in zip(submissions, records, applied, found, strict=True):
        if made is None:
            out.append(engine.evaluate(rubric, given, as_of=as_of, up_to=up_to, agency=record))
            continue
        scores, verdicts = made
        when = as_of if as_of is not None else sub.as_of
        ev = decided_evaluation(
            rubric, sub, scores, as_of=when, up_to=up_to, verdicts=verdicts, notes=notes
        )
        if listened:
            hook(evaluation=ev)
        out.append(ev)
    return out


def _in_workers(
    rubric: Rubric,
    submissions: Sequence[Submission],
    as_of: date | None,
    up_to: Layer,
    workers: int,
) -> list[_Found]:
    """Scores and verdicts of ``submissions``, one contiguous range per forked worker."""
    context = multiprocessing.get_context("fork")
    size = -(-len(submissions) // workers)
    running: list[tuple[multiprocessing.process.BaseProcess, Connection, int]] = []
    for start in range(0, len(submissions), size):
        part = submissions[start : start + size]
        receiver, sender = context.Pipe(duplex=False)
        # forked, not spawned: the arguments are the child's copy of this memory, not pickles
        process = context.Process(target=_work, args=(sender, rubric, part, as_of, up_to))
        process.daemon = True
        process.start()
        sender.close()
        running.append((process, receiver, len(part)))
    out: list[_Found] = []
    for worker, receiver, count in running:
        try:
            got: list[_Found] = receiver.recv()
        except EOFError:  # the worker died: this process evaluates its range
            got = [None] * count
        finally:
            receiver.close()
        worker.join()
        out += got
    return out


def _work(
    sender: Connection,
    rubric: Rubric,
    submissions: Sequence[Submission],
    as_of: date | None,
    up_to: Layer,
) -> None:
    """In a worker: score and judge ``submissions``, send back scores and verdicts."""
    out: list[_Found] = []
    for sub in submissions:
        try:
            scores = score(rubric, sub, up_to)
            when = as_of if as_of is not None else sub.as_of
            ev = Evaluation(rubric, sub, scores, as_of=when, up_to=up_to)
            verdicts = {p: (r.outcome, r.failed, r.inconclusive) for p, r in ev.eligibility.items()}
        except Exception:  # the parent evaluates it again, and raises what evaluate() raises
            out.append(None)
            continue
        out.append((scores, verdicts))
    sender.send(out)
    sender.close()
