"""Reading one rubric file: parsed safely, validated, every problem located.

The loader (``_loading``) reads each file of a rubric through here; what
pydantic finds is said in a rubric author's words where ``_hints`` knows a
better way to say it, at the key or value it is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zi_engine._errors import Problem, RubricError
from zi_engine._i18n import Text
from zi_engine.rubric._hints import explain, meant_field
from zi_engine.rubric._model import AreaFile, Manifest
from zi_engine.safeio import load_yaml_file, locate
from zi_engine.safeio._problems import ProblemCollector

__all__ = ["Problems", "read_data", "read_model", "validate"]


def _field_names(*models: type[Any]) -> frozenset[str]:
    """Every field name (by alias) of ``models`` and the models they contain."""
    names: set[str] = set()
    todo, seen = list(models), set()
    while todo:
        model = todo.pop()
        if model in seen or not hasattr(model, "model_fields"):
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            todo.extend(_models_in(info.annotation))
    return frozenset(names)


def _models_in(annotation: Any) -> list[type[Any]]:
    out, stack = [], [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and hasattr(a, "model_fields"):
            out.append(a)
        stack.extend(getattr(a, "__args__", ()) or ())
    return out


_FIELDS = _field_names(Manifest, AreaFile)


class Problems(ProblemCollector):
    """The problems of one rubric, which also knows each file's bytes to name other places."""

    def __init__(self, known_fields: Sequence[type[Any]]) -> None:
        super().__init__(known_fields)
        self.files: dict[str, bytes] = {}

    def source(self, file: str, raw: bytes) -> None:
        super().source(file, raw)
        self.files[file] = raw

    def located(self, findings: Sequence[tuple[str, tuple[str | int, ...], str]]) -> list[Problem]:
        """``findings`` (warnings) as problems located in the files read so far."""
        other = ProblemCollector()
        for file, raw in self.files.items():
            other.source(file, raw)
        for file, path, message in findings:
            other.add(file, path, message)
        return other.problems()

    def where(self, file: str, path: tuple[str | int, ...]) -> str:
        """``file:line`` of ``path`` in ``file`` (just ``file`` when the line is unknown)."""
        raw = self.files.get(file)
        spot = locate(raw, path) if raw is not None else None
        return file if spot is None else f"{file}:{spot[0]}"


def read_model(path: Path, model: type[Any], collector: ProblemCollector) -> tuple[Any, Any]:
    """``(validated model or None, parsed data or None)``; problems go to ``collector``."""
    data, readable = read_data(path, collector)
    return validate(path, data, model, collector) if readable else (None, None)


def read_data(path: Path, collector: ProblemCollector) -> tuple[Any, bool]:
    """``(parsed data, True)``, or ``(None, False)`` with the problems in ``collector``."""
    display = str(path)
    try:
        data, raw = load_yaml_file(path, error_cls=RubricError, display_name=display)
    except RubricError as exc:
        collector.extend(exc.problems)
        return None, False
    collector.source(display, raw)
    return data, True


def validate(
    path: Path,
    data: Any,
    model: type[Any],
    collector: ProblemCollector,
    defaults: dict[str, Any] | None = None,
    *,
    inherits: bool = False,
) -> tuple[Any, Any]:
    """``(validated model or None, data)``; problems go to ``collector``.

    ``defaults`` are fields the document inherits (an extending manifest's base).
    ``inherits``: the document extends a base that could not be read, so a
    missing top-level field is not reported (the base may well provide it).
    """
    if defaults and isinstance(data, dict):
        data = {**defaults, **data}
    try:
        return model.model_validate(data), data
    except ValidationError as exc:
        explained: list[tuple[tuple[str | int, ...], Text]] = []
        # 'bobot' for 'weight': the unknown field is reported, not also the missing one
        meant = {
            (tuple(e["loc"][:-1]), meant_field(str(e["loc"][-1]), _FIELDS))
            for e in exc.errors(include_url=False)
            if e["type"] == "extra_forbidden" and e["loc"]
        }

        def keep(error: Any) -> bool:
            if inherits and not _not_missing_at_top(error):
                return False
            loc = tuple(error["loc"])
            if error["type"] == "missing" and loc and (loc[:-1], loc[-1]) in meant:
                return False
            found = explain(error, data, _FIELDS)
            if found is not None:
                explained.append(found)
            return found is None

        collector.add_validation_error(str(path), data, exc, keep=keep)
        for where, message in explained:  # said in an author's words (see _hints)
            collector.add(str(path), where, message)
        return None, data


def _not_missing_at_top(error: Any) -> bool:
    return not (error["type"] == "missing" and len(error["loc"]) == 1)
