"""User mistakes in calls and commands are ZiErrors that list the known choices.

``plan(ev, "wbk")``, ``evaluate(..., up_to="pusat")`` and
``evaluate(submission, rubric)`` used to raise ``KeyError`` or
``AttributeError`` from deep inside, and ``zi-engine plan FILE --target
wbbm`` exited 3 calling it an internal bug. Predicate ids are matched
case-insensitively, as answers are.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import Engine, Rubric, Submission, UsageError, ZiError
from zi_engine.cli import _main as cli


@pytest.fixture(scope="module")
def unit() -> Submission:
    return zi_engine.load_submission(EXAMPLES_DIR / "rsud-idaman-area-minimum.yaml")


def test_a_usage_error_is_a_zi_error_and_a_value_error() -> None:
    assert issubclass(UsageError, ZiError)
    assert issubclass(UsageError, ValueError)


@pytest.mark.parametrize("target", ["wbk", "Wbk", " WBK "])
def test_plan_matches_the_target_case_insensitively(
    rubric: Rubric, unit: Submission, target: str
) -> None:
    result = zi_engine.plan(zi_engine.evaluate(rubric, unit), target)
    assert result.target == "WBK"
    assert result == zi_engine.plan(zi_engine.evaluate(rubric, unit), "WBK")


@pytest.mark.parametrize("target", ["XYZ", "", "WBK2", None, 1])
def test_an_unknown_target_lists_the_predicates(
    rubric: Rubric, unit: Submission, target: Any
) -> None:
    ev = zi_engine.evaluate(rubric, unit)
    with pytest.raises(UsageError, match=r"has no predicate .*; the known ones are WBK, WBBM$"):
        zi_engine.plan(ev, target)


def test_plan_given_something_else_than_an_evaluation_says_so(unit: Submission) -> None:
    with pytest.raises(UsageError, match=r"plan\(\) takes an Evaluation .*not Submission"):
        zi_engine.plan(unit, "WBK")  # type: ignore[arg-type]


def test_engine_plan_matches_case_insensitively_too(rubric: Rubric, unit: Submission) -> None:
    engine = Engine()
    assert engine.plan(engine.evaluate(rubric, unit), "wbbm").target == "WBBM"


def test_swapped_evaluate_arguments_are_named_as_swapped(rubric: Rubric, unit: Submission) -> None:
    with pytest.raises(UsageError, match="the arguments are the other way round"):
        zi_engine.evaluate(unit, rubric)  # type: ignore[arg-type]


@pytest.mark.parametrize("args", [("rubric.yaml", "unit.yaml"), (None, None)])
def test_evaluate_with_other_arguments_says_what_it_takes(args: tuple[Any, Any]) -> None:
    with pytest.raises(UsageError, match=r"takes a Rubric .*and a Submission"):
        zi_engine.evaluate(*args)


@pytest.mark.parametrize("up_to", ["pusat", "", None, 3])
def test_an_unknown_layer_lists_the_layers(rubric: Rubric, unit: Submission, up_to: Any) -> None:
    with pytest.raises(
        UsageError, match=r"is not an answer layer; the known ones are tpn, tpi, induk, unit"
    ):
        zi_engine.evaluate(rubric, unit, up_to=up_to)


def test_layers_match_case_insensitively(rubric: Rubric, unit: Submission) -> None:
    ev = zi_engine.evaluate(rubric, unit, up_to="TPI")  # type: ignore[arg-type]
    assert ev.up_to == "tpi"
    assert ev.total == zi_engine.evaluate(rubric, unit, up_to="tpi").total


# -- the command line ----------------------------------------------------------------------


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--no-plugins", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_plan_target_is_case_insensitive() -> None:
    path = str(EXAMPLES_DIR / "rsud-idaman-area-minimum.yaml")
    code, out, err = _run("plan", path, "--target", "wbk", "--format", "json")
    assert code == 0, err
    assert '"target": "WBK"' in out


def test_cli_plan_unknown_target_exits_1_with_the_choices() -> None:
    path = str(EXAMPLES_DIR / "rsud-idaman-area-minimum.yaml")
    code, out, err = _run("plan", path, "--target", "XYZ")
    assert code == 1
    assert out == ""
    assert err == (
        "zi-engine: rubric permenpan-rb-90-2021 has no predicate 'XYZ'; "
        "the known ones are WBK, WBBM\n"
    )
