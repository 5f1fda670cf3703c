"""The public surface is whole: every type a public or hook signature names is exported.

A plugin author writes ``def evaluate(self, spec: CriterionSpec, ctx:
CriterionContext) -> Sequence[CriterionResult]`` and must be able to import
every one of those names from ``zi_engine``. The check reads the annotations
as written (they are strings, ``from __future__ import annotations``), so
type aliases such as ``Layer`` and ``Outcome`` count as names too, and walks:

* every function and class in ``zi_engine.__all__``: for a class, its public
  methods, properties and fields (dataclass, named tuple, pydantic model,
  protocol members), through its zi_engine base classes;
* every hook specification in :mod:`zi_engine.hookspecs`.

A name passes when ``zi_engine`` exports it, or it is a builtin, or it comes
from the standard library or a dependency (the short list below).
"""

from __future__ import annotations

import ast
import builtins
import enum
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any, get_args

import pytest
from pydantic import BaseModel

import zi_engine
from zi_engine import hookspecs

# names from the standard library and dependencies that signatures use
FOREIGN = {
    "Annotated",
    "Any",
    "Callable",
    "ClassVar",
    "Final",
    "Iterable",
    "Iterator",
    "Literal",
    "Mapping",
    "Path",
    "Self",
    "Sequence",
    "TextIO",
    "date",
    "datetime",
    "pluggy.PluginManager",
    "timedelta",
}


def _names(annotation: str) -> Iterator[str]:
    """Every (dotted) name an annotation written as text refers to, string literals aside."""
    tree = ast.parse(annotation, mode="eval")
    literal_args: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "Literal":
            # Literal["pass", "fail"] holds values, but Literal[_Missing.MISSING] names an
            # enum member: that is checked as a value (is MISSING exported?) below
            literal_args.update(id(n) for n in ast.walk(node.slice))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in literal_args:
            parts: list[str] = []
            inner: ast.expr = node
            while isinstance(inner, ast.Attribute):
                parts.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name):
                yield ".".join([inner.id, *reversed(parts)])
        elif (
            isinstance(node, ast.Name)
            and id(node) not in literal_args
            and not _is_attribute_base(tree, node)
        ):
            yield node.id


def _is_attribute_base(tree: ast.AST, name: ast.Name) -> bool:
    return any(isinstance(n, ast.Attribute) and n.value is name for n in ast.walk(tree))


def _text(annotation: Any) -> str | None:
    if annotation is inspect.Parameter.empty or annotation is None:
        return None
    return annotation if isinstance(annotation, str) else None


def _signature_annotations(function: Callable[..., Any]) -> Iterator[str]:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return
    for parameter in signature.parameters.values():
        text = _text(parameter.annotation)
        if text:
            yield text
    text = _text(signature.return_annotation)
    if text:
        yield text


def _own_members(cls: type) -> Iterator[tuple[str, Iterator[str]]]:
    """``(member, its annotations as text)`` for the public members a zi_engine class defines.

    A pydantic model's fields are left to :func:`_field_types`: their text
    names validation constraints (``ShortText``), not types.
    """
    for klass in cls.__mro__:
        if not klass.__module__.startswith("zi_engine"):
            continue
        if not issubclass(klass, BaseModel):
            for name, text in vars(klass).get("__annotations__", {}).items():
                if not name.startswith("_") and isinstance(text, str):
                    yield f"{klass.__name__}.{name}", iter([text])
        for name, member in vars(klass).items():
            if name.startswith("_") and name != "__init__":
                continue
            if isinstance(member, property) and member.fget is not None:
                yield f"{klass.__name__}.{name}", _signature_annotations(member.fget)
            elif isinstance(member, (staticmethod, classmethod)):
                yield f"{klass.__name__}.{name}", _signature_annotations(member.__func__)
            elif inspect.isfunction(member):
                yield f"{klass.__name__}.{name}", _signature_annotations(member)


def _field_types(model: type[BaseModel]) -> Iterator[tuple[str, object]]:
    """``(field, every type and literal value in its resolved annotation)``."""
    for name, info in model.model_fields.items():
        todo: list[object] = [info.annotation]
        while todo:
            hint = todo.pop()
            yield f"{model.__name__}.{name}", hint
            todo.extend(get_args(hint))


def public_annotations() -> Iterator[tuple[str, str]]:
    """``(where, annotation text)`` for every annotation of the public surface."""
    for name in zi_engine.__all__:
        obj = getattr(zi_engine, name)
        if inspect.isclass(obj):
            for where, texts in _own_members(obj):
                for text in texts:
                    yield where, text
        elif inspect.isfunction(obj):
            for text in _signature_annotations(obj):
                yield name, text
    marker = f"{hookspecs.PROJECT_NAME}_spec"
    for name, obj in vars(hookspecs).items():
        if callable(obj) and getattr(obj, marker, None) is not None:
            for text in _signature_annotations(obj):
                yield f"hook {name}", text


def _is_exported(value: object) -> bool:
    name = getattr(value, "__name__", None) or getattr(value, "name", None)
    return isinstance(name, str) and getattr(zi_engine, name, None) is value


def unexported() -> list[str]:
    """Every name a public annotation uses that ``zi_engine`` does not export."""
    exported = set(zi_engine.__all__)
    allowed = exported | FOREIGN | set(dir(builtins))
    found = []
    for where, text in public_annotations():
        for name in _names(text):
            if name not in allowed:
                found.append(f"{where}: {name} (in {text!r})")
    for name in zi_engine.__all__:
        model = getattr(zi_engine, name)
        if not (inspect.isclass(model) and issubclass(model, BaseModel)):
            continue
        for where, hint in _field_types(model):
            ours = inspect.isclass(hint) and hint.__module__.startswith("zi_engine")
            member = isinstance(hint, enum.Enum) and type(hint).__module__.startswith("zi_engine")
            if (ours or member) and not _is_exported(hint):
                found.append(f"{where}: {hint!r}")
    return sorted(set(found))


def test_every_type_in_a_public_or_hook_signature_is_exported() -> None:
    assert unexported() == []


def test_the_walk_sees_the_hook_and_contract_signatures() -> None:
    seen = {where for where, _ in public_annotations()}
    assert {"hook zi_extra_criteria", "CriterionKind.evaluate", "AnswerType.next_better"} <= seen
    assert "CriterionContext.fact" in seen  # a protocol's members
    assert "BoundCriterion.spec" in seen  # a dataclass's fields
    fields = {where for where, _ in _field_types(zi_engine.Manifest)}
    assert "Manifest.policies" in fields  # a pydantic model's fields, by resolved type


def test_an_unexported_name_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zi_engine, "__all__", [n for n in zi_engine.__all__ if n != "Layer"])
    assert any(line.endswith("(in 'Layer')") for line in unexported())


def test_literal_values_are_not_names() -> None:
    assert list(_names('Literal["pass", "fail"] | None')) == ["Literal"]
    assert list(_names("Literal[_Missing.MISSING]")) == ["Literal"]
    assert list(_names("pluggy.PluginManager")) == ["pluggy.PluginManager"]


def test_the_sentinel_is_typed_falsy_and_shown_as_missing() -> None:
    from zi_engine import MISSING

    assert not MISSING
    assert repr(MISSING) == str(MISSING) == "MISSING"
    assert zi_engine.Missing.__args__ == (MISSING,)  # Literal[MISSING]: checkers narrow on it
    assert type(MISSING).__members__ == {"MISSING": MISSING}  # an enum member, one of one
    import copy
    import pickle

    assert copy.deepcopy(MISSING) is MISSING
    assert pickle.loads(pickle.dumps(MISSING)) is MISSING


def _modules_with_all() -> list[str]:
    """Every module of the package that lists ``__all__`` (``__main__`` runs when imported)."""
    names = ["zi_engine"]
    for info in pkgutil.walk_packages(zi_engine.__path__, "zi_engine."):
        if info.name != "zi_engine.__main__":
            names.append(info.name)
    return [n for n in names if hasattr(importlib.import_module(n), "__all__")]


@pytest.mark.parametrize("module", _modules_with_all())
def test_star_import_gives_every_name_in_all(module: str) -> None:
    """``from module import *`` works: every name ``__all__`` lists exists at run time."""
    listed = importlib.import_module(module).__all__
    namespace: dict[str, Any] = {}
    exec(f"from {module} import *", namespace)  # the star import itself, as users write it
    assert sorted(set(listed) - set(namespace)) == []


def test_the_star_import_check_covers_the_stages() -> None:
    covered = set(_modules_with_all())
    assert {"zi_engine", "zi_engine.eligibility._criteria", "zi_engine.rubric"} <= covered
    assert len(covered) > 30


def test_the_facade_table_and_all_agree() -> None:
    table = zi_engine._EXPORTS
    assert sorted(set(zi_engine.__all__) - set(table) - {"__version__"}) == []
    assert sorted(set(table) - set(zi_engine.__all__)) == []
    for name, module in table.items():
        assert hasattr(importlib.import_module(module), name), f"{name} is not in {module}"
