"""Every hook is in docs/plugins.md with the signature and calling semantics the code has.

The reference section of docs/plugins.md ("## Hook reference") has, per hook::

    ### `zi_answer_types`

    ```python
    def zi_answer_types() -> Sequence[AnswerType]
    ```

    Calling: **collecting**. ...

The signature line is compared with :func:`inspect.signature` of the hookspec
in :mod:`zi_engine.hookspecs` (parameter names, order, kinds, annotations and
the return annotation, as text after normalising spaces), and the calling
line with the hookspec's marker: ``firstresult`` is **first-result**, a spec
returning ``None`` is a **listener**, every other one is **collecting**.
Adding, renaming or changing a hook without updating the docs fails here.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support import REPO
from zi_engine import hookspecs

DOC = REPO / "docs" / "plugins.md"
SECTION = "## Hook reference"
SEMANTICS = ("collecting", "first-result", "listener")


@dataclass(frozen=True)
class DocumentedHook:
    """One hook as the reference section documents it."""

    name: str
    signature: str
    calling: str | None


def hookspec_functions() -> dict[str, Callable[..., Any]]:
    """The hook specifications: functions carrying pluggy's ``zi_engine_spec`` marker."""
    marker = f"{hookspecs.PROJECT_NAME}_spec"
    return {
        name: obj
        for name, obj in vars(hookspecs).items()
        if callable(obj) and getattr(obj, marker, None) is not None
    }


def parse_reference(text: str) -> list[DocumentedHook]:
    """The hooks of the reference section, in document order."""
    start = text.find(f"\n{SECTION}\n")
    if start < 0:
        raise AssertionError(f"docs/plugins.md has no '{SECTION}' section")
    body = text[start + len(SECTION) + 2 :]
    following = re.search(r"^## ", body, flags=re.MULTILINE)
    body = body[: following.start()] if following else body
    hooks: list[DocumentedHook] = []
    for block in re.split(r"^### ", body, flags=re.MULTILINE)[1:]:
        title, _, rest = block.partition("\n")
        name = title.strip().strip("`")
        fence = re.search(r"^```python\n(.*?)^```", rest, flags=re.MULTILINE | re.DOTALL)
        signature = fence.group(1).strip() if fence else ""
        calling = re.search(r"^Calling: \*\*([a-z-]+)\*\*", rest, flags=re.MULTILINE)
        hooks.append(DocumentedHook(name, signature, calling.group(1) if calling else None))
    return hooks


def _norm(annotation: Any) -> str:
    if annotation is inspect.Parameter.empty:
        return ""
    return ast.unparse(ast.parse(str(annotation), mode="eval"))


def canonical(signature: inspect.Signature) -> tuple[Any, ...]:
    """A signature as comparable data: (name, kind, annotation, default) per parameter."""
    params = tuple(
        (p.name, p.kind.name, _norm(p.annotation), repr(p.default))
        for p in signature.parameters.values()
    )
    return (params, _norm(signature.return_annotation))


def documented_signature(line: str) -> inspect.Signature:
    """The signature a ``def name(...) -> R`` line states (annotations kept as text)."""
    tree = ast.parse(line.rstrip(":") + ": ...")
    (func,) = tree.body
    if not isinstance(func, ast.FunctionDef):
        raise AssertionError(f"not a function signature: {line!r}")
    namespace: dict[str, Any] = {}
    source = "from __future__ import annotations\n" + ast.unparse(func)
    exec(compile(source, "<doc>", "exec"), namespace)  # our own docs, not user input
    return inspect.signature(namespace[func.name])


def expected_calling(function: Callable[..., Any]) -> str:
    """What the hookspec's marker and return annotation say about how it is called."""
    options = getattr(function, f"{hookspecs.PROJECT_NAME}_spec")
    if options.get("firstresult"):
        return "first-result"
    if _norm(inspect.signature(function).return_annotation) == "None":
        return "listener"
    return "collecting"


def problems(text: str) -> list[str]:
    """Every way the reference section disagrees with :mod:`zi_engine.hookspecs`."""
    specs = hookspec_functions()
    documented = parse_reference(text)
    found: list[str] = []
    names = [h.name for h in documented]
    for name in sorted({n for n in names if names.count(n) > 1}):
        found.append(f"{name}: documented more than once")
    for name in sorted(set(specs) - set(names)):
        found.append(f"{name}: not documented")
    for name in sorted(set(names) - set(specs)):
        found.append(f"{name}: documented but not a hook")
    for hook in documented:
        spec = specs.get(hook.name)
        if spec is None:
            continue
        if not hook.signature.startswith(f"def {hook.name}("):
            found.append(f"{hook.name}: the signature line must be 'def {hook.name}(...) -> ...'")
            continue
        try:
            doc_signature = documented_signature(hook.signature)
        except SyntaxError as exc:
            found.append(f"{hook.name}: the signature line does not parse ({exc.msg})")
            continue
        if canonical(doc_signature) != canonical(inspect.signature(spec)):
            found.append(
                f"{hook.name}: documented as {hook.signature!r}, "
                f"code has def {hook.name}{inspect.signature(spec)}"
            )
        if hook.calling != expected_calling(spec):
            found.append(
                f"{hook.name}: documented calling {hook.calling!r}, "
                f"code: {expected_calling(spec)!r}"
            )
    return found


# -- the check itself -----------------------------------------------------------------------


def test_every_hook_is_documented_with_its_signature_and_calling_semantics() -> None:
    assert problems(DOC.read_text(encoding="utf-8")) == []


def test_every_hookspec_has_a_docstring_that_states_its_calling_semantics() -> None:
    for name, function in hookspec_functions().items():
        doc = inspect.getdoc(function) or ""
        word = {"first-result": "First-result", "listener": "Listener", "collecting": "Collecting"}
        assert doc.startswith(word[expected_calling(function)]) or (
            word[expected_calling(function)] + " hook" in doc
        ), f"{name}: the docstring does not say it is a {expected_calling(function)} hook"


def test_there_are_hooks_to_check() -> None:
    assert {"zi_answer_types", "zi_authorize", "zi_transition_done"} <= set(hookspec_functions())


# -- the check can fail ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def _edit(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new`` in the reference section only."""
    start = text.index(f"\n{SECTION}\n")
    head, reference = text[:start], text[start:]
    assert reference.count(old) == 1, f"{old!r} is not in the reference exactly once"
    return head + reference.replace(old, new)


def test_a_renamed_parameter_is_caught(doc_text: str) -> None:
    changed = _edit(doc_text, "(rubric: Rubric, predicate: str)", "(rubric: Rubric, pred: str)")
    assert [p.split(":")[0] for p in problems(changed)] == ["zi_extra_criteria"]


def test_reordered_parameters_are_caught(doc_text: str) -> None:
    changed = _edit(
        doc_text, "(rubric: Rubric, predicate: str)", "(predicate: str, rubric: Rubric)"
    )
    assert [p.split(":")[0] for p in problems(changed)] == ["zi_extra_criteria"]


def test_a_changed_return_annotation_is_caught(doc_text: str) -> None:
    changed = _edit(
        doc_text, "def zi_rubric_sources() -> Mapping[str, Path]", "def zi_rubric_sources() -> dict"
    )
    assert [p.split(":")[0] for p in problems(changed)] == ["zi_rubric_sources"]


def test_a_missing_hook_and_an_unknown_hook_are_caught(doc_text: str) -> None:
    changed = _edit(doc_text, "### `zi_evaluation_done`", "### `zi_evaluation_finished`")
    assert sorted(problems(changed)) == [
        "zi_evaluation_done: not documented",
        "zi_evaluation_finished: documented but not a hook",
    ]


def test_wrong_calling_semantics_are_caught(doc_text: str) -> None:
    changed = _edit(doc_text, "Calling: **first-result**", "Calling: **collecting**")
    assert problems(changed) == [
        "zi_authorize: documented calling 'collecting', code: 'first-result'"
    ]
