"""Property tests of the example plugin with ``zi_engine.testing``, as docs/plugins.md suggests."""

from __future__ import annotations

import subprocess
import sys
from functools import cache

import pytest
from hypothesis import given

from tests.support.plugins import KALSEL_MISSING_REASON, kalsel_installed
from zi_engine import Engine, Rubric, Submission, testing

if not kalsel_installed():
    pytest.skip(KALSEL_MISSING_REASON, allow_module_level=True)

import zi_engine_kalsel.plugin  # only once we know it is installed

RULE = "kalsel_temuan_lama"


@cache
def kalsel() -> tuple[Engine, Rubric]:
    """One engine with the plugin registered explicitly (independent of the environment)."""
    engine = Engine(plugins=[zi_engine_kalsel.plugin])
    return engine, engine.load_rubric("kalsel-2026")


@given(testing.submissions(kalsel()[1], engine=kalsel()[0], facts=None))
def test_every_submission_is_judged_by_the_rule_and_scores_within_bounds(
    submission: Submission,
) -> None:
    engine, rubric = kalsel()
    evaluation = engine.evaluate(rubric, submission)
    assert 0.0 <= evaluation.total <= rubric.manifest.total + 1e-9
    for predicate, verdict in evaluation.eligibility.items():
        (result,) = [c for c in verdict.criteria if c.id == RULE]
        assert result.group == "extra", predicate
        if verdict.outcome == "eligible":
            assert result.outcome == "pass"
        if result.outcome == "fail":
            assert verdict.outcome == "not_eligible"
    if "temuan_lama" not in submission.facts.extra:
        assert all(RULE in v.inconclusive for v in evaluation.eligibility.values())


def test_complete_facts_include_the_facts_plugin_criteria_read() -> None:
    """``facts_for(rubric, complete=True)`` gives the facts of plugin criteria too.

    Not only of the manifest's own criteria: also of those a plugin adds
    through ``zi_extra_criteria`` (``rubric.criteria(predicate)``), or the
    rule would never be seen passing or failing in property tests.
    """
    _, rubric = kalsel()
    seen: list[bool] = []

    @given(testing.facts_for(rubric, complete=True))
    def check(facts: object) -> None:
        seen.append("temuan_lama" in getattr(facts, "extra", {}))

    check()
    assert seen
    assert all(seen)


def test_zi_engine_testing_imports_before_hypothesis_does() -> None:
    """A plugin's own test helper may import ``zi_engine.testing`` first.

    Importing hypothesis runs its entry point
    ``zi_engine.testing:_hypothesis_setup_hook`` while ``zi_engine.testing`` is
    still being imported; that must not be a circular-import error.
    """
    proc = subprocess.run(
        [sys.executable, "-c", "from zi_engine import testing; print(testing.submissions)"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
