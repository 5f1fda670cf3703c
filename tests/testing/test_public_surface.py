"""``zi_engine.testing``'s public surface: what ``__all__`` promises is there, documented,
complete, and every strategy in it draws."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st

import zi_engine
from zi_engine import Actor, Facts, Rubric, Submission
from zi_engine import testing as zt

# the public names of zi_engine.testing when it was one module: each must keep working
NAMES_BEFORE_THE_SPLIT = (
    "ANSWER_TYPES",
    "AWKWARD_TEXTS",
    "CRITERION_KINDS",
    "DEFECT_KINDS",
    "LIFECYCLE_START",
    "NUMBER_LIKE_TEXTS",
    "WIB",
    "DaysBefore",
    "Defect",
    "Documents",
    "EvaluationStub",
    "LifecycleEvent",
    "PathT",
    "RawAnswer",
    "ReviewStub",
    "actors",
    "answers_for",
    "documents_to_yaml",
    "facts_for",
    "lifecycle_evaluations",
    "lifecycle_events",
    "lifecycle_reviews",
    "line_of",
    "load_documents",
    "near_valid_rubrics",
    "plain_texts",
    "portal_documents",
    "register",
    "rubric_documents",
    "rubrics",
    "submissions",
    "texts",
    "write_documents",
)


def _private_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{zt.__name__}.{info.name}")
        for info in pkgutil.iter_modules(zt.__path__)
    ]


def _assigned_names(module: ModuleType) -> dict[str, ast.stmt | None]:
    """Each name a module assigns at its top level → the statement after it (where an
    attribute docstring would be), or ``None`` at the end of the module."""
    body = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8")).body
    out: dict[str, ast.stmt | None] = {}
    for index, node in enumerate(body):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                out[target.id] = body[index + 1] if index + 1 < len(body) else None
    return out


def _has_attribute_docstring(name: str) -> bool:
    for module in _private_modules():
        following = _assigned_names(module).get(name, ...)
        if following is not ...:
            return (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
                and bool(following.value.value.strip())
            )
    return False


def test_the_names_from_before_the_split_are_all_still_exported() -> None:
    missing = [name for name in NAMES_BEFORE_THE_SPLIT if name not in zt.__all__]
    assert not missing
    for name in NAMES_BEFORE_THE_SPLIT:
        assert getattr(zt, name) is not None, name


def test_every_name_in_all_can_be_imported_from_the_package() -> None:
    assert len(set(zt.__all__)) == len(zt.__all__)
    namespace: dict[str, Any] = {}
    exec(f"from {zt.__name__} import *", namespace)
    assert set(zt.__all__) <= set(namespace)


@pytest.mark.parametrize("name", zt.__all__)
def test_every_public_name_is_documented(name: str) -> None:
    """Functions and classes by their own docstring (not the one ``dataclass`` makes up
    from the signature), constants and type aliases by a docstring after them."""
    obj = getattr(zt, name)
    if inspect.isfunction(obj) or inspect.isclass(obj):
        doc = obj.__doc__ or ""
        assert doc.strip(), name
        assert not doc.startswith(f"{name}("), f"{name} has only dataclass's made-up docstring"
    else:
        assert _has_attribute_docstring(name), f"{name} has no docstring after its assignment"


def test_every_public_name_of_the_private_modules_is_exported() -> None:
    """A public function, class or constant left out of ``__all__`` is one users cannot see."""
    exported = set(zt.__all__)
    for module in _private_modules():
        defined = {
            name
            for name, obj in vars(module).items()
            if (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__ == module.__name__
        }
        defined |= set(_assigned_names(module))
        public = {name for name in defined if not name.startswith("_")}
        assert public <= exported, (module.__name__, sorted(public - exported))


# ---------------------------------------------------------------------------- one draw each


@cache
def _bundled() -> Rubric:
    return zi_engine.load_rubric("permenpan-rb-90-2021")


def _question(answer: str) -> Any:
    return next(q for q in _bundled().questions.values() if q.answer == answer)


def _is_raw_answer(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float))


# strategy → (how to build it with small arguments, what each example must be)
STRATEGIES: dict[str, tuple[Callable[[], st.SearchStrategy[Any]], Callable[[Any], bool]]] = {
    "plain_texts": (zt.plain_texts, lambda v: isinstance(v, str) and bool(v.strip())),
    "texts": (zt.texts, lambda v: isinstance(v, str) and bool(v.strip())),
    "rubric_documents": (
        lambda: zt.rubric_documents(max_questions=4),
        lambda v: "rubric.yaml" in v and len(v) >= 2,
    ),
    "rubrics": (lambda: zt.rubrics(max_questions=4), lambda v: isinstance(v, Rubric)),
    "near_valid_rubrics": (
        lambda: zt.near_valid_rubrics(["negative_weight", "duplicate_key"]),
        lambda v: isinstance(v[1], zt.Defect) and v[1].file in v[0],
    ),
    "answers_for": (lambda: zt.answers_for(_question("abcde")), _is_raw_answer),
    "facts_for": (lambda: zt.facts_for(_bundled()), lambda v: isinstance(v, Facts)),
    "submissions": (lambda: zt.submissions(_bundled()), lambda v: isinstance(v, Submission)),
    "portal_documents": (
        lambda: zt.portal_documents(_bundled()),
        lambda v: isinstance(v["answers"], list) and isinstance(v["unit_id"], str),
    ),
    "kawasan_documents": (
        zt.kawasan_documents,
        lambda v: len({m["agency"] for m in v["members"]}) >= 2 and "answers" in v["integration"],
    ),
    "kawasans": (zt.kawasans, lambda v: isinstance(v, zi_engine.Kawasan) and len(v.agencies) >= 2),
    "actors": (zt.actors, lambda v: isinstance(v, Actor)),
    "lifecycle_evaluations": (
        zt.lifecycle_evaluations,
        lambda v: isinstance(v, zt.EvaluationStub) and set(v.eligibility) == {"WBK", "WBBM"},
    ),
    "lifecycle_reviews": (
        lambda: zt.lifecycle_reviews("U-1", "A-1"),
        lambda v: isinstance(v, zt.ReviewStub) and v.signed_off == (v.outstanding == ()),
    ),
    "lifecycle_events": (
        lambda: zt.lifecycle_events(min_size=1, max_size=3),
        lambda v: 1 <= len(v) <= 3 and all(isinstance(e, zt.LifecycleEvent) for e in v),
    ),
}


def _draw_one(strategy: st.SearchStrategy[Any]) -> Any:
    return find(
        strategy,
        lambda _: True,
        settings=settings(
            max_examples=20,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_every_strategy_in_all_is_drawn_below() -> None:
    returns_strategy = {
        name
        for name in zt.__all__
        if inspect.isfunction(getattr(zt, name))
        and "SearchStrategy" in str(inspect.signature(getattr(zt, name)).return_annotation)
    }
    assert returns_strategy == set(STRATEGIES)


@pytest.mark.parametrize("name", STRATEGIES)
def test_each_strategy_draws_an_example(name: str) -> None:
    build, check = STRATEGIES[name]
    example = _draw_one(build())
    assert check(example), example


@pytest.mark.parametrize("answer", ["ya_tidak", "abcde", "survey_index", "count"])
def test_answers_for_draws_for_each_answer_type_the_bundled_rubric_asks(answer: str) -> None:
    assert _is_raw_answer(_draw_one(zt.answers_for(_question(answer), near=[3.6])))
