"""Shared pytest configuration: the Hypothesis profiles, and the bundled rubric
and submissions built from answer tables (fixtures ``rubric``, ``make_submission``).

``HYPOTHESIS_PROFILE`` picks the profile; without it, ``ci`` is used when the
``CI`` environment variable is set (as CI services do) and ``dev`` otherwise.

* ``ci`` – derandomized (the same examples on every run, so a red build is
  reproducible and never flaky), few examples, no example database, and
  ``print_blob`` so a failure prints the ``@reproduce_failure`` line;
* ``dev`` – random, twice the examples, and the local example database
  (``.hypothesis/``) so a failure found once is tried first next time (random
  runs add up: each ``make test`` tries examples none before it did);
* ``debug`` – ``dev`` with shrinking and more examples: run one failing test
  under it to get its smallest example.

``ci`` and ``dev`` do not shrink: shrinking a failing rubric or a 135-question
submission can take minutes per test. pytest runs one process per core
(``-n auto`` in pyproject.toml), so on two cores ``make test`` takes about half
the suite's CPU time: about 3 minutes of it under ``ci``, about 5 under ``dev``
(docs/performance.md).
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

import zi_engine
from tests.support.submissions import BEST_COUNTS, GOOD_FACTS, UNIT, WORST_COUNTS
from zi_engine import Rubric, Submission

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large]
_NO_SHRINKING = [Phase.explicit, Phase.reuse, Phase.generate]

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=20,
    deadline=None,
    print_blob=True,
    database=None,
    phases=_NO_SHRINKING,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    "dev",
    max_examples=25,
    deadline=None,
    print_blob=True,
    phases=_NO_SHRINKING,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    "debug",
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)


def _profile() -> str:
    chosen = os.environ.get("HYPOTHESIS_PROFILE")
    if chosen:
        return chosen
    return "ci" if os.environ.get("CI") else "dev"


settings.load_profile(_profile())


_KNOWN_BUGS = Path(__file__).with_name("known_bugs.txt")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests listed in known_bugs.txt as strict xfails (see that file)."""
    listed = [
        line.strip()
        for line in _KNOWN_BUGS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for item in items:
        node = item.nodeid
        base = node.split("[", 1)[0]
        if node in listed or base in listed:
            item.add_marker(
                pytest.mark.xfail(reason="known bug, see tests/known_bugs.txt", strict=True)
            )


@pytest.fixture(scope="session")
def build_wheel(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """Build the wheel of the project at a path (no isolation: needs the 'dev' extra)."""
    pytest.importorskip("hatchling", reason="building wheels needs hatchling (the 'dev' extra)")

    def build(project: Path) -> Path:
        out = tmp_path_factory.mktemp("wheel")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
                str(out),
                str(project),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        (found,) = out.glob("*.whl")
        return found

    return build


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return zi_engine.load_rubric("permenpan-rb-90-2021")


def _extreme(rubric: Rubric, best: bool) -> dict[str, Any]:
    engine = zi_engine.default_engine()
    answers: dict[str, Any] = {}
    for qid, q in rubric.questions.items():
        atype = engine.answer_types[q.answer]
        if atype.input == "choice":
            options = atype.option_values(q)
            answers[qid] = (max if best else min)(options, key=options.__getitem__)
        elif atype.input == "number":
            answers[qid] = 4 if best else 0
    answers.update(BEST_COUNTS if best else WORST_COUNTS)
    return answers


@pytest.fixture(scope="session")
def best_answers(rubric: Rubric) -> dict[str, Any]:
    return _extreme(rubric, best=True)


@pytest.fixture(scope="session")
def worst_answers(rubric: Rubric) -> dict[str, Any]:
    return _extreme(rubric, best=False)


MakeSubmission = Callable[..., Submission]


def _changed(facts: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``facts`` with ``{"agency.sakip_grade": "CC", ...}`` applied."""
    out = copy.deepcopy(dict(facts))
    for dotted, value in changes.items():
        scope, _, name = dotted.partition(".")
        out.setdefault(scope, {})[name] = value
    return out


@pytest.fixture
def make_submission(best_answers: dict[str, Any]) -> MakeSubmission:
    """A submission: all-best answers, with ``changes`` applied (``None`` removes an answer)."""

    def make(
        changes: Mapping[str, Any] | None = None,
        *,
        base: Mapping[str, Any] | None = None,
        facts: Mapping[str, Any] | None = None,
        fact_changes: Mapping[str, Any] | None = None,
        target: str = "WBK",
        as_of: str | None = "2026-05-20",
    ) -> Submission:
        answers = dict(best_answers if base is None else base)
        for qid, value in (changes or {}).items():
            if value is None:
                answers.pop(qid, None)
            else:
                answers[qid] = value
        return Submission.model_validate(
            {
                "unit": UNIT,
                "year": 2026,
                "target": target,
                "as_of": as_of,
                "facts": _changed(GOOD_FACTS if facts is None else facts, fact_changes or {}),
                "answers": answers,
            }
        )

    return make


@pytest.fixture(scope="session")
def postgres() -> Any:
    """A throwaway PostgreSQL server for the session (tests/support/postgres.py)."""
    from tests.support.postgres import running_cluster

    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read English messages unless they ask for another language.

    The command line speaks Bahasa Indonesia by default (``ZI_LANG``, then the locale);
    ``ZI_LANG=en`` keeps the tests that assert its English texts independent of the
    machine's locale. Tests of the default language remove it (tests/cli/test_language.py).
    """
    monkeypatch.setenv("ZI_LANG", "en")
