"""``zi_engine.testing`` itself: registration, reach of the strategies, packaging."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib import metadata
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from tests.support.properties import examples
from zi_engine import Rubric, Submission
from zi_engine import testing as zt


@given(rubric=st.from_type(Rubric))
@settings(max_examples=examples(0.25))
def test_from_type_draws_rubrics_through_the_entry_point(rubric: Rubric) -> None:
    assert isinstance(rubric, Rubric)
    assert rubric.questions


@given(submission=st.from_type(Submission))
@settings(max_examples=examples(0.25))
def test_from_type_draws_submissions(submission: Submission) -> None:
    assert isinstance(submission, Submission)


def test_hypothesis_finds_the_setup_hook_through_its_entry_point_group() -> None:
    found = [ep for ep in metadata.entry_points(group="hypothesis") if ep.name == "zi_engine"]
    assert [ep.value for ep in found] == ["zi_engine.testing:_hypothesis_setup_hook"]
    assert found[0].load() is zt._hypothesis_setup_hook


def test_importing_zi_engine_does_not_import_hypothesis() -> None:
    code = "import sys, zi_engine; zi_engine.load_rubric('permenpan-rb-90-2021'); " + (
        "print('hypothesis' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"


def test_hypothesis_is_only_a_test_dependency() -> None:
    requires = metadata.requires("zi-engine") or []
    hypothesis = [r for r in requires if r.lower().startswith("hypothesis")]
    assert hypothesis
    assert all("extra ==" in r for r in hypothesis), hypothesis


# ---------------------------------------------------------------------------- reach


def _questions(docs: zt.Documents) -> Iterator[dict[str, Any]]:
    for name, data in docs.items():
        if name != "rubric.yaml":
            yield from _find_key(data, "answer")


def _find_key(value: Any, key: str) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if key in value:
            yield value
        for v in value.values():
            yield from _find_key(v, key)
    elif isinstance(value, list):
        for v in value:
            yield from _find_key(v, key)


def _depth(value: Any) -> int:
    """How many levels of ``sub_areas`` nest inside ``value``."""
    if isinstance(value, dict):
        below = max((_depth(v) for v in value.values()), default=0)
        return below + (1 if "sub_areas" in value else 0)
    if isinstance(value, list):
        return max((_depth(v) for v in value), default=0)
    return 0


def _kinds(docs: zt.Documents) -> set[str]:
    preds = docs["rubric.yaml"].get("predicates", [])
    return {c["kind"] for p in preds for c in (*p["criteria"], *p["gates"])}


def _shared_count(docs: zt.Documents) -> bool:
    refs: list[str] = []
    for q in _questions(docs):
        refs += (q.get("numerator") or []) + (q.get("denominator") or [])
        refs += [r for r in (q.get("previous"), q.get("current")) if r]
    return len(refs) > len(set(refs))


def _uses_answer(answer: str) -> Callable[[zt.Documents], bool]:
    return lambda docs: any(q["answer"] == answer for q in _questions(docs))


def _uses_kind(kind: str) -> Callable[[zt.Documents], bool]:
    return lambda docs: kind in _kinds(docs)


REACH: dict[str, Callable[[zt.Documents], bool]] = {
    **{f"answer type {t}": _uses_answer(t) for t in zt.ANSWER_TYPES},
    **{f"criterion kind {k}": _uses_kind(k) for k in zt.CRITERION_KINDS},
    "a component with parts": lambda d: any(c.get("parts") for c in d["rubric.yaml"]["components"]),
    "a component without parts": lambda d: any(
        not c.get("parts") for c in d["rubric.yaml"]["components"]
    ),
    "three components": lambda d: len(d["rubric.yaml"]["components"]) == 3,
    "sub-areas nested three deep": lambda d: any(_depth(v) >= 3 for v in d.values()),
    "an area holding questions directly": lambda d: any(
        "questions" in a for n, f in d.items() if n != "rubric.yaml" for a in f["areas"]
    ),
    "a weighted sub-area": lambda d: any(
        g.get("scoring") == "weighted" for g in _find_key(d, "scoring")
    ),
    "a component split over two files": lambda d: len(d) - 1 > len(d["rubric.yaml"]["components"]),
    "a zero_denominator default": lambda d: (
        "zero_denominator_default" in d["rubric.yaml"].get("policies", {})
    ),
    "a count two formulas read": _shared_count,
    "a score criterion listed under gates": lambda d: any(
        c["kind"] in ("score_min", "area_percent_min")
        for p in d["rubric.yaml"].get("predicates", [])
        for c in p["gates"]
    ),
}


def test_rubric_documents_reach_every_shape_the_format_allows() -> None:
    """Every answer type, criterion kind and structure turns up within a few hundred draws
    (and each drawn rubric is valid)."""
    seen: set[str] = set()

    def everything_seen(docs: zt.Documents) -> bool:
        seen.update(what for what, test in REACH.items() if test(docs))
        return seen == set(REACH)

    try:
        found = find(
            zt.rubric_documents(text=zt.plain_texts()),
            everything_seen,
            settings=settings(
                max_examples=400,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            ),
        )
    except NoSuchExample:
        pytest.fail(f"never drawn: {sorted(set(REACH) - seen)}")
    zt.load_documents(found)


def test_from_type_draws_actors() -> None:
    from zi_engine import Actor

    @given(st.from_type(Actor))
    @settings(max_examples=5)
    def check(actor: Actor) -> None:
        assert isinstance(actor, Actor)

    check()


def test_zi_engine_testing_can_be_imported_before_hypothesis() -> None:
    """Importing it first imports Hypothesis, which runs our entry point mid-import."""
    code = (
        "from zi_engine import testing\n"
        "from hypothesis import strategies as st\n"
        "from zi_engine import Rubric\n"
        "print(testing.submissions is not None, st.from_type(Rubric) is not None)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split() == ["True", "True"]
