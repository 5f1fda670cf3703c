"""Turning validation failures into located, plain-language problems.

Used for rubric files and submission files alike: pydantic's error locations
are mapped back onto the parsed document, then to a line and column with
``locate_all`` (a second, slower parse done only on the error path, once per file).
Each error is worded by its pydantic error type, in the current language
(:mod:`zi_engine.safeio._pydantic_text`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from zi_engine._errors import Problem
from zi_engine._i18n import Text, t
from zi_engine.safeio._locate import locate_all
from zi_engine.safeio._pydantic_text import pydantic_text

__all__ = ["ProblemCollector", "format_path"]

Loc = tuple[str | int, ...]


def format_path(path: Sequence[str | int]) -> str:
    """``("areas", 0, "weight")`` → ``areas[0].weight``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _field_names(models: Iterable[type[BaseModel]]) -> set[str]:
    names: set[str] = set()
    todo = list(models)
    seen: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            for arg in _model_args(info.annotation):
                todo.append(arg)
    return names


def _model_args(annotation: Any) -> Iterable[type[BaseModel]]:
    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            yield a
        stack.extend(getattr(a, "__args__", ()) or ())
        meta = getattr(a, "__origin__", None)
        if meta is not None and meta is not a:
            stack.append(meta)


_TYPE_ERRORS = frozenset({"string_type", "model_type", "dict_type", "model_attributes_type"})


def _is_union_tag(data: Any, loc: Loc) -> bool:
    """Whether the last element of ``loc`` names a union member (``'str'``, ``'OptionSpec'``)
    rather than a key or index present in ``data``."""
    cur = data
    for element in loc[:-1]:
        if isinstance(cur, dict) and isinstance(element, str) and element in cur:
            cur = cur[element]
        elif isinstance(cur, list) and isinstance(element, int) and 0 <= element < len(cur):
            cur = cur[element]
        elif not isinstance(cur, (dict, list)):
            break  # past the input: every further element is a union member's tag
    last = loc[-1] if loc else None
    if isinstance(cur, dict):
        return last not in cur
    if isinstance(cur, list):
        return not (isinstance(last, int) and 0 <= last < len(cur))
    return True


class _Deeper:
    """For each location prefix, the longest error locations below it by their next element.

    Built once per validation error, so that asking about each of a thousand errors
    is a dictionary look-up, not a scan of the other thousand.
    """

    def __init__(self, errors: Sequence[Any]) -> None:
        # prefix -> up to two (length, next element) with distinct next elements, longest first
        self._best: dict[Loc, list[tuple[int, Any]]] = {}
        for err in errors:
            loc = tuple(err["loc"])
            for k in range(len(loc)):
                top = self._best.setdefault(loc[:k], [])
                entry = (len(loc), loc[k])
                same = [i for i, (_, nxt) in enumerate(top) if nxt == loc[k]]
                if same:
                    if top[same[0]][0] >= len(loc):
                        continue
                    top[same[0]] = entry
                else:
                    top.append(entry)
                top.sort(key=lambda e: -e[0])
                del top[2:]

    def other_branch_deeper(self, loc: Loc) -> bool:
        """Whether an error goes deeper than ``loc`` beside it (under its parent, elsewhere)."""
        parent, last = loc[:-1], loc[-1]
        return any(length > len(loc) and nxt != last for length, nxt in self._best.get(parent, ()))


def _other_branch_failed_deeper(err: Any, deeper: _Deeper, data: Any) -> bool:
    """A union's "wrong type" error when another branch got further: report only that one.

    For ``Text | OptionSpec`` given a mapping, pydantic reports both "not a string" and
    the OptionSpec's real problem; the author needs only the second. An error about a
    field itself (not a union member) is always kept.
    """
    if err["type"] not in _TYPE_ERRORS or len(err["loc"]) < 1:
        return False
    if not _is_union_tag(data, tuple(err["loc"])):
        return False
    return deeper.other_branch_deeper(tuple(err["loc"]))


def _clean_loc(data: Any, loc: Loc) -> tuple[Loc, str | int | None]:
    """The part of ``loc`` that exists in ``data``, and the first element that does not."""
    cur = data
    out: list[str | int] = []
    for position, element in enumerate(loc):
        if isinstance(cur, dict) and isinstance(element, str) and element in cur:
            cur = cur[element]
        elif isinstance(cur, list) and isinstance(element, int) and 0 <= element < len(cur):
            cur = cur[element]
        elif isinstance(cur, dict) and position == len(loc) - 1:
            return tuple(out), element  # a missing (or unknown) key
        elif isinstance(cur, dict):
            continue  # a union member's tag, such as 'OptionSpec': look past it
        else:
            break  # union tags such as 'str' or 'OptionSpec', or a type mismatch
        out.append(element)
    return tuple(out), None


class ProblemCollector:
    """Collects problems per file, locating each on demand from the file's bytes."""

    def __init__(self, known_fields: Iterable[type[BaseModel]] = ()) -> None:
        self._raw: dict[str, bytes] = {}
        self._found: list[tuple[str, Loc, str]] = []
        self._fields = _field_names(known_fields)
        self._located: dict[int, Problem] = {}

    def __bool__(self) -> bool:
        return bool(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def source(self, file: str, raw: bytes) -> None:
        """Remember a file's bytes so its problems can be given a line."""
        self._raw[file] = raw

    def add(self, file: str, path: Loc, message: str) -> None:
        """One problem at ``path`` inside ``file``."""
        self._found.append((file, tuple(path), message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Problems already located (from the YAML layer)."""
        for p in problems:
            self._found.append((p.file or "", (), p.message))
            self._located[len(self._found) - 1] = p

    def add_validation_error(
        self,
        file: str,
        data: Any,
        exc: ValidationError,
        prefix: Loc = (),
        name: Callable[[Loc], str | None] | None = None,
        keep: Callable[[Any], bool] | None = None,
    ) -> None:
        """Translate every error of a pydantic validation into a plain-language problem.

        ``name`` may return a prefix naming what the location belongs to (a question).
        ``keep`` may leave out some of pydantic's errors (it is given each one).
        """
        errors = exc.errors(include_url=False)
        if keep is not None:
            errors = [err for err in errors if keep(err)]
        reported: set[Loc] = set()  # the unions already reported (one problem each)
        deeper = _Deeper(errors)
        for err in errors:
            if _other_branch_failed_deeper(err, deeper, data):
                continue
            raw_loc = tuple(err["loc"])
            if raw_loc and _is_union_tag(data, raw_loc):
                # ``StrictStr | StrictInt | StrictFloat`` given true fails three ways at
                # one place; the first member's message says it for all of them
                if raw_loc[:-1] in reported:
                    continue
                reported.add(raw_loc[:-1])
            loc, absent = _clean_loc(data, raw_loc)
            message = self._message(err, absent, data, loc)
            label = name(loc) if name is not None else None
            if label:
                message = t("pydantic.labelled", "{label}: {message}", label=label, message=message)
            path = prefix + loc + ((absent,) if absent is not None else ())
            self._found.append((file, path, message))

    def _message(self, err: Any, absent: str | int | None, data: Any, loc: Loc) -> Text:
        kind = err["type"]
        value = err.get("input")
        if kind == "missing":
            if absent is None:
                return t("pydantic.missing_here", "required")
            return t(
                "pydantic.missing",
                "required field {field} is missing",
                field=repr(absent),
            )
        if kind == "extra_forbidden":
            name = str(absent if absent is not None else (loc[-1] if loc else "?"))
            # a field of another model ('id' of the manifest, in an area file) is no hint
            others = sorted(self._fields - {name})
            close = difflib.get_close_matches(name, others, n=1, cutoff=0.75)
            if close:
                return t(
                    "pydantic.extra_forbidden_hint",
                    "unknown field {field} (did you mean {close}?)",
                    field=repr(name),
                    close=repr(close[0]),
                )
            return t("pydantic.extra_forbidden", "unknown field {field}", field=repr(name))
        if (
            kind == "string_type"
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        ):
            # {source} becomes the number as written (1.10, not 1.1) once its line is
            # known (see problems()); as Python writes it when there is no file to read
            return t(
                "pydantic.number_for_text",  # _NUMBER_FOR_TEXT
                'expected text, got the number {source}; write it in quotes: "{source}"',
                source=repr(value),
            )
        if kind == "string_type" and isinstance(value, bool):
            return t(
                "pydantic.flag_for_text",
                "got {flag}, which is neither text nor a number; write the answer itself"
                ' (e.g. "Ya"), quoted if need be',
                flag=str(value).lower(),
            )
        return pydantic_text(err)

    def problems(self) -> list[Problem]:
        """Every problem, located (line, column) where the file's bytes allow.

        Each file is read once for all of its problems (:func:`locate_all`), so a
        thousand problems cost one pass over the file, not a thousand.
        """
        spots: dict[int, tuple[int, int] | None] = {}
        by_file: dict[str, list[int]] = {}
        for index, (file, _, _) in enumerate(self._found):
            if index not in self._located and file in self._raw:
                by_file.setdefault(file, []).append(index)
        lines: dict[str, list[str]] = {}
        for file, indices in by_file.items():
            found = locate_all(self._raw[file], [self._found[i][1] for i in indices])
            spots.update(zip(indices, found, strict=True))
        out: list[Problem] = []
        for index, (file, path, message) in enumerate(self._found):
            if index in self._located:
                out.append(self._located[index])
                continue
            line, column = spots.get(index) or (None, None)
            text = message
            if isinstance(text, Text) and _NUMBER_FOR_TEXT in (text.code, _code(_inner(text))):
                raw = self._raw.get(file)
                token = None
                if raw is not None:
                    if file not in lines:
                        lines[file] = raw.decode("utf-8", errors="replace").splitlines()
                    token = _token(lines[file], line, column)
                if token:
                    text = _with_source(text, token)
            out.append(Problem(text, file=file, line=line, column=column, path=format_path(path)))
        return out


_NUMBER_FOR_TEXT = "pydantic.number_for_text"


def _code(text: object) -> str | None:
    return text.code if isinstance(text, Text) else None


def _inner(text: object) -> object:
    """The message a ``pydantic.labelled`` message puts a label before."""
    return text.params.get("message") if isinstance(text, Text) else None


def _with_source(text: Text, token: str) -> Text:
    """``text`` quoting the number as the author wrote it (``1.10``, not ``1.1``)."""
    if text.code == _NUMBER_FOR_TEXT:
        return Text(text.code, text.template, {"source": token}, text.lang)
    inner = _inner(text)
    assert isinstance(inner, Text)
    params = {**text.params, "message": _with_source(inner, token)}
    return Text(text.code, text.template, params, text.lang)


def _token(lines: list[str], line: int | None, column: int | None) -> str | None:
    """The plain scalar written at ``line``:``column`` (1-based), as the author typed it."""
    if line is None or column is None:
        return None
    if not 0 < line <= len(lines):
        return None
    rest = lines[line - 1][column - 1 :]
    token = rest.split(" #")[0].strip().rstrip(",]}").strip()
    return token or None
