"""Safe, bounded loading of hand-written YAML and JSON, with located errors.

Rubrics are written by non-programmers and submissions come from outside, so
every refusal is a :class:`~zi_engine._errors.Problem` naming the file, line
and column, and no other exception type escapes.

How YAML is read: libyaml (``yaml.CSafeLoader``, or PyYAML's pure-Python
``yaml.SafeLoader`` when libyaml is missing) is used only as a *parser* that
emits events; this module builds the data from those events in one flat loop.
PyYAML's composer and constructor never run, which buys four things at once:

* no tag can construct a Python object: tags are refused as they arrive;
* nothing recurses, so no nesting depth can reach Python's recursion limit or
  overflow the C stack (libyaml's parser is itself an iterative state machine);
* anchors, aliases, depth, node count and duplicate keys are checked as the
  events stream in, so an alias bomb is refused at its first alias, before
  anything is expanded, and memory stays bounded;
* plain scalars are resolved with the YAML 1.2 core schema (``no`` stays a
  string, ``017`` is 17, dates stay strings), the same under both parsers.

JSON is read by the standard :mod:`json` module with hooks; its depth is
checked by a cheap pre-scan first because json's C scanner recurses.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any, TypeVar

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from zi_engine._errors import Problem, RubricError, SubmissionError, _ProblemsError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "load_json",
    "load_json_file",
    "load_yaml",
    "load_yaml_file",
    "locate",
]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 1_000_000

# The YAML event source: libyaml when present (about 10x faster), else pure Python.
# Only its parser is used (see the module docstring). Tests swap it to cover both.
_LOADER: Callable[[Any], Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ALIAS_MESSAGE = "anchors and aliases are not allowed in this file; repeat the value instead"
_DEPTH_MESSAGE = f"the data is nested more than {MAX_DEPTH} levels deep"
_NAN_MESSAGE = "{!r} is not allowed: numbers must be finite (no NaN or infinity)"
_UNSET: Any = object()

_CONSTANTS: dict[str, Any] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL")),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}
_NUMBER_FIRST = frozenset("0123456789+-.")
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


class _Reporter:
    """Makes the caller's error class for one file."""

    __slots__ = ("error_cls", "filename")

    def __init__(self, filename: str, error_cls: type[_ProblemsError]) -> None:
        self.filename = filename
        self.error_cls = error_cls

    def __call__(
        self, message: str, line: int | None = None, column: int | None = None
    ) -> _ProblemsError:
        return self.error_cls([Problem(message, file=self.filename, line=line, column=column)])

    def at(self, message: str, mark: Any) -> _ProblemsError:
        """An error at a PyYAML/libyaml mark (0-based line and column)."""
        return self(message, mark.line + 1, mark.column + 1)


def _line_col(buf: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``buf``."""
    if isinstance(buf, bytes):
        start = buf.rfind(b"\n", 0, offset) + 1
        width = len(buf[start:offset].decode("utf-8", "replace"))
        return buf.count(b"\n", 0, offset) + 1, width + 1
    start = buf.rfind("\n", 0, offset) + 1
    return buf.count("\n", 0, offset) + 1, offset - start + 1


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"


def _too_big(size: int, max_bytes: int) -> str:
    return f"file is {_size(size)}; the limit is {_size(max_bytes)}"


def _checked(data: bytes | str, report: _Reporter, max_bytes: int) -> tuple[bytes, str]:
    """Enforce the size limit and UTF-8; return the bytes and text without a BOM."""
    if isinstance(data, str):
        if len(data) > max_bytes:  # every character is at least one byte: skip encoding
            raise report(_too_big(len(data), max_bytes))
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as exc:  # lone surrogates
            where = _line_col(data, exc.start)
            raise report("text contains an invalid character (a lone surrogate)", *where) from None
    else:
        raw = bytes(data)
    if len(raw) > max_bytes:
        raise report(_too_big(len(raw), max_bytes))
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        raise report(message, *_line_col(raw, exc.start)) from None
    return raw, text


def _read_file(path: str | os.PathLike[str], report: _Reporter, max_bytes: int) -> bytes:
    """Read a file, refusing an oversized one by its size before reading it."""
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise report(_too_big(size, max_bytes))
        with open(path, "rb") as handle:
            # Bounded even if the file grew since stat(), or stat() reported 0 (pipes).
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise report("file not found") from None
    except IsADirectoryError:
        raise report("this is a folder, not a file") from None
    except OSError as exc:
        raise report(f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise report(f"file is larger than the limit of {_size(max_bytes)}")
    return raw


# ---------------------------------------------------------------- YAML


class _Map:
    """A mapping being built: its dict, the key awaiting a value, each key's line."""

    __slots__ = ("data", "key", "lines")

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.key: str | None = None
        self.lines: dict[str, int] = {}


def _show(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _tag_message(tag: str) -> str:
    short = "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag
    return f"tags such as {_show(short)} are not allowed in this file; write the plain value"


def _resolve(event: Any, report: _Reporter) -> Any:
    """Type a plain scalar by the YAML 1.2 core schema (not PyYAML's YAML 1.1 rules)."""
    text: str = event.value
    value = _CONSTANTS.get(text, _UNSET)
    if value is not _UNSET:
        return value
    if text[0] not in _NUMBER_FIRST:  # the common case: ordinary words
        return text
    try:
        if _DECIMAL.fullmatch(text):
            return int(text)
        if _OCTAL.fullmatch(text):
            return int(text[2:], 8)
        if _HEX.fullmatch(text):
            return int(text[2:], 16)
        if _NOT_FINITE.fullmatch(text):
            raise report.at(_NAN_MESSAGE.format(text), event.start_mark)
        if not _FLOAT.fullmatch(text):
            return text
        number = float(text)
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise report.at("this number has too many digits", event.start_mark) from None
    if math.isinf(number):
        raise report.at(f"{text!r} is too large to be a number", event.start_mark)
    return number


def _properties(event: Any, anchor: Any, report: _Reporter) -> Any:
    """Refuse a tag; return the mark of the first anchor (refused at the end of the
    document unless an alias, whose line is more useful, is refused first)."""
    if event.tag is not None:
        raise report.at(_tag_message(event.tag), event.start_mark)
    return anchor if anchor is not None else event.start_mark


def _add_key(mapping: _Map, event: Any, report: _Reporter) -> None:
    mark: Any = event.start_mark
    if event.__class__ is not ScalarEvent:
        raise report.at("a mapping key must be a single value, not a list or mapping", mark)
    key: str = event.value
    if event.implicit[0] and key in ("", "<<"):
        message = (
            "a mapping key is missing"
            if not key
            else ("merge keys ('<<') are not allowed in this file; write the keys out in full")
        )
        raise report.at(message, mark)
    line = mark.line + 1
    if key in mapping.data:
        raise report.at(
            f"the key {_show(key)} appears twice in the same mapping "
            f"(lines {mapping.lines[key]} and {line}); keep only one",
            mark,
        )
    mapping.key = key
    mapping.lines[key] = line


def _build(loader: Any, report: _Reporter) -> Any:
    """Build plain data from the parser's events, refusing what rubric files forbid.

    One flat loop on purpose: it is the hot path, and it must not recurse.
    """
    get_event = loader.get_event
    get_event()  # StreamStartEvent
    if get_event().__class__ is StreamEndEvent:  # else the DocumentStartEvent
        raise report("file is empty")
    stack: list[Any] = []  # open containers: list or _Map
    root: Any = None
    nodes, anchor = 0, None
    while True:
        event: Any = get_event()  # Any: the C and Python event classes differ
        kind = event.__class__
        if kind is ScalarEvent or kind is SequenceStartEvent or kind is MappingStartEvent:
            if event.tag is not None or event.anchor is not None:
                anchor = _properties(event, anchor, report)
            nodes += 1
            if nodes > MAX_NODES or (len(stack) >= MAX_DEPTH and kind is not ScalarEvent):
                raise report.at(
                    _DEPTH_MESSAGE
                    if nodes <= MAX_NODES
                    else f"file has more than {MAX_NODES:,} values",
                    event.start_mark,
                )
            top = stack[-1] if stack else None
            if top.__class__ is _Map and top.key is None:
                _add_key(top, event, report)
                continue
            if kind is not ScalarEvent:
                stack.append([] if kind is SequenceStartEvent else _Map())
                continue
            # Quoted and block scalars are always text.
            value = _resolve(event, report) if event.implicit[0] else event.value
        elif kind is SequenceEndEvent:
            value = stack.pop()
        elif kind is MappingEndEvent:
            value = stack.pop().data
        elif kind is AliasEvent:
            raise report.at(_ALIAS_MESSAGE, event.start_mark)
        elif kind is DocumentEndEvent:
            return _finish(get_event, root, anchor, report)
        else:
            continue
        if not stack:
            root = event if kind is ScalarEvent and event.implicit[0] and not event.value else value
        elif stack[-1].__class__ is list:
            stack[-1].append(value)
        else:
            top = stack[-1]
            top.data[top.key] = value
            top.key = None


def _finish(get_event: Callable[[], Any], root: Any, anchor: Any, report: _Reporter) -> Any:
    """Checks at the end of the document; ``root`` is the scalar event if it was empty."""
    if root.__class__ is ScalarEvent:  # a document with no content, such as a lone '---'
        raise report("file is empty")
    if anchor is not None:
        raise report.at(_ALIAS_MESSAGE, anchor)
    following = get_event()
    if following.__class__ is not StreamEndEvent:
        raise report.at(
            "file holds more than one YAML document ('---' starts another); keep only one",
            following.start_mark,
        )
    return root


def _yaml_error(exc: yaml.YAMLError, report: _Reporter, buf: bytes | str) -> _ProblemsError:
    """Turn a parser error into a located, one-line problem."""
    if isinstance(exc, yaml.reader.ReaderError):  # libyaml counts bytes, PyYAML characters
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"file contains a character that is not allowed (U+{code:04X}); remove it"
        return report(message, *_line_col(buf, exc.position))
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = " ".join(str(exc.problem).split())
        if "maximum nesting depth" in problem:  # libyaml's own limit (1000) came first
            return report.at(_DEPTH_MESSAGE, mark)
        lines = buf.splitlines()  # the commonest mistake by far gets a plain answer
        if mark.line < len(lines) and lines[mark.line][mark.column :][:1] in ("\t", b"\t"):
            return report.at("a tab character is used for indenting; use spaces instead", mark)
        message = f"YAML syntax error: {problem}"
        if exc.context and exc.context_mark is not None:
            message += f" ({exc.context}, which started on line {exc.context_mark.line + 1})"
        return report.at(message, exc.problem_mark)
    return report("YAML syntax error: " + " ".join(str(exc).split()))


def _parse_yaml(raw: bytes, text: str, report: _Reporter) -> Any:
    buf: bytes | str = text if _LOADER is yaml.SafeLoader else raw
    try:
        loader = _LOADER(buf)
        try:
            return _build(loader, report)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, report, buf) from None
    except MemoryError:  # libyaml reports failed allocations as MemoryError
        raise report("file is too large or complex to load") from None


def _load_file(
    path: str | os.PathLike[str],
    error_cls: type[_ProblemsError],
    max_bytes: int,
    display_name: str | None,
    parse: Callable[..., Any],
) -> tuple[Any, bytes]:
    report = _Reporter(display_name or os.fspath(path), error_cls)
    raw = _read_file(path, report, max_bytes)
    return parse(*_checked(raw, report, max_bytes), report), raw


def load_yaml(
    data: bytes | str,
    *,
    filename: str,
    error_cls: type[_ProblemsError] = RubricError,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Any:
    """Load one YAML document as plain data (dict with str keys, list, str, int, float,
    bool, None), refusing anything unsafe or surprising with a located ``error_cls``.

    ``filename`` is only used in messages. YAML 1.2 core types; no anchors, aliases,
    tags, merge keys, duplicate keys, complex keys, NaN/infinity, or nesting deeper
    than ``MAX_DEPTH``; at most ``max_bytes`` bytes of UTF-8 and ``MAX_NODES`` values.
    """
    report = _Reporter(filename, error_cls)
    return _parse_yaml(*_checked(data, report, max_bytes), report)


def load_yaml_file(
    path: str | os.PathLike[str],
    *,
    error_cls: type[_ProblemsError] = RubricError,
    max_bytes: int = DEFAULT_MAX_BYTES,
    display_name: str | None = None,
) -> tuple[Any, bytes]:
    """Load a YAML file like :func:`load_yaml`, checking its size before reading it.

    Returns the data and the file's bytes (for :func:`locate`). Messages name the
    file ``display_name`` if given, else ``path``.
    """
    return _load_file(path, error_cls, max_bytes, display_name, _parse_yaml)


# ---------------------------------------------------------------- JSON


class _Refused(Exception):
    """Raised by the json hooks; :func:`_json_problem` then finds where and why."""


class _Unwalkable(Exception):
    """A node walker gives up: the text is not JSON, or nests deeper than load allows."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Refused
    return result


def _constant(name: str) -> Any:
    raise _Refused  # NaN, Infinity, -Infinity


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):  # 1e999
        raise _Refused
    return value


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_BRACKET_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _json_depth(raw: bytes) -> int:
    """Deepest bracket nesting, found without recursing (json's C scanner recurses)."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return 0
    brackets = _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


def _parse_json(raw: bytes, text: str, report: _Reporter) -> Any:
    if not text.strip():
        raise report("file is empty")
    if _json_depth(raw) > MAX_DEPTH:
        problem = _json_problem(text, report)
        if problem is not None:
            raise problem
        # Otherwise the JSON breaks before any deep nesting (the pre-scan was misled by a
        # broken string), so json.loads stops at that point without deep recursion.
    try:
        return json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_finite
        )
    except json.JSONDecodeError as exc:
        raise report(f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno) from None
    except (_Refused, ValueError, RecursionError):
        # _Refused: a hook saw a duplicate key or NaN/infinity. ValueError: int() refused a
        # number with too many digits. RecursionError: only if the caller's stack was nearly
        # full already (the depth was checked above).
        raise _json_problem(text, report) or report("file could not be loaded") from None


_JSON_TOKEN = re.compile(
    r'[ \t\r\n]*(?:("[^"\\\x00-\x1f]*(?:\\.[^"\\\x00-\x1f]*)*")|([][{}:,])'
    r"|(-?[0-9][0-9.eE+-]*|true|false|null|NaN|-?Infinity))"
)
_OPEN, _SCALAR, _CLOSE, _KEY = range(4)
_Node = tuple[int, Any, Any, str]  # (kind, key or index under the parent, position, token)


def _json_nodes(text: str) -> Iterator[_Node]:
    """Walk JSON text token by token (error paths only; not recursive), yielding the
    start of each node and key and the end of each container; offsets as positions.
    Raises _Unwalkable (or ValueError) at anything that is not JSON."""
    frames: list[list[Any]] = []  # [is_object, children so far, current key]
    expect, pos = "value", 0  # value, first (value or ']'), key, firstkey, colon, after, end
    while True:
        match = _JSON_TOKEN.match(text, pos)
        if match is None:
            if expect == "end" and not text[pos:].strip(" \t\r\n"):
                return
            raise _Unwalkable
        string, punct, literal = match.groups()
        start, pos = match.start(match.lastindex or 0), match.end()
        frame = frames[-1] if frames else None
        if expect in ("key", "firstkey") and string is not None and frame is not None:
            frame[2] = json.loads(string)
            yield _KEY, frame[2], start, string
            expect = "colon"
        elif expect == "colon" and punct == ":":
            expect = "value"
        elif expect in ("value", "first") and punct not in (",", ":", "]", "}"):
            key = None if frame is None else frame[2] if frame[0] else frame[1]
            if frame is not None:
                frame[1] += 1
            if punct is not None:
                yield _OPEN, key, start, punct
                if len(frames) > MAX_DEPTH:  # (after yielding, so _json_problem sees it)
                    raise _Unwalkable
                frames.append([punct == "{", 0, None])
                expect = "firstkey" if punct == "{" else "first"
                continue
            yield _SCALAR, key, start, string or literal
            expect = "after" if frames else "end"
        elif (
            frame is not None
            and punct == ("}" if frame[0] else "]")
            and expect in ("after", "first", "firstkey")
        ):
            frames.pop()
            yield _CLOSE, None, start, punct
            expect = "after" if frames else "end"
        elif expect == "after" and punct == "," and frame is not None:
            expect = "key" if frame[0] else "value"
        else:
            raise _Unwalkable


def _json_number_problem(token: str) -> str | None:
    if token in ("NaN", "Infinity", "-Infinity"):
        return _NAN_MESSAGE.format(token)
    try:
        value = float(token) if any(c in token for c in ".eE") else int(token)
    except ValueError:
        return "this number has too many digits"
    return f"{token!r} is too large to be a number" if math.isinf(value) else None


def _json_problem(text: str, report: _Reporter) -> _ProblemsError | None:
    """Find the first duplicate key, bad number or too-deep nesting, with its place."""
    keys: list[dict[str, int]] = []
    try:
        for kind, key, offset, token in _json_nodes(text):
            if kind == _OPEN:
                if len(keys) >= MAX_DEPTH:
                    return report(_DEPTH_MESSAGE, *_line_col(text, offset))
                keys.append({})
            elif kind == _CLOSE:
                keys.pop()
            elif kind == _KEY:
                if key in keys[-1]:
                    first = _line_col(text, keys[-1][key])[0]
                    line, column = _line_col(text, offset)
                    return report(
                        f"the key {_show(key)} appears twice in the same object "
                        f"(lines {first} and {line}); keep only one",
                        line,
                        column,
                    )
                keys[-1][key] = offset
            elif token[0] != '"' and token not in ("true", "false", "null"):
                message = _json_number_problem(token)
                if message is not None:
                    return report(message, *_line_col(text, offset))
    except (_Unwalkable, ValueError):
        pass
    return None


def load_json(
    data: bytes | str,
    *,
    filename: str,
    error_cls: type[_ProblemsError] = SubmissionError,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Any:
    """Load JSON as plain data, refusing duplicate keys, NaN/infinity, nesting deeper
    than ``MAX_DEPTH`` and more than ``max_bytes`` with a located ``error_cls``."""
    report = _Reporter(filename, error_cls)
    return _parse_json(*_checked(data, report, max_bytes), report)


def load_json_file(
    path: str | os.PathLike[str],
    *,
    error_cls: type[_ProblemsError] = SubmissionError,
    max_bytes: int = DEFAULT_MAX_BYTES,
    display_name: str | None = None,
) -> tuple[Any, bytes]:
    """Load a JSON file like :func:`load_json`; return the data and the file's bytes."""
    return _load_file(path, error_cls, max_bytes, display_name, _parse_json)


# ---------------------------------------------------------------- locate


def _yaml_nodes(text: str) -> Iterator[_Node]:
    """Like :func:`_json_nodes` for YAML (first document only), positions as (line, column)."""
    loader = _LOADER(text)
    frames: list[list[Any]] = []  # [is_mapping, children so far, key awaiting its value]
    try:
        while True:
            event: Any = loader.get_event()
            kind = event.__class__
            if kind is SequenceEndEvent or kind is MappingEndEvent:
                frames.pop()
                yield _CLOSE, None, None, ""
                continue
            if kind is DocumentEndEvent or kind is StreamEndEvent:
                return
            opens = kind is SequenceStartEvent or kind is MappingStartEvent
            if not opens and kind is not ScalarEvent and kind is not AliasEvent:
                continue
            key: Any = None
            if frames:
                frame = frames[-1]
                frame[1] += 1
                if frame[0] and frame[1] % 2:  # a mapping key: remember it, skip complex ones
                    frame[2] = event.value if kind is ScalarEvent else None
                    depth = 1 if opens else 0
                    while depth:
                        skipped = loader.get_event().__class__
                        depth += (skipped in (SequenceStartEvent, MappingStartEvent)) - (
                            skipped in (SequenceEndEvent, MappingEndEvent)
                        )
                    continue
                key = frame[2] if frame[0] else frame[1] - 1
            mark = event.start_mark
            yield (_OPEN if opens else _SCALAR), key, (mark.line + 1, mark.column + 1), ""
            if opens:
                if len(frames) >= MAX_DEPTH:  # PyYAML's scanner is slow on deep nesting
                    raise _Unwalkable
                frames.append([kind is MappingStartEvent, 0, None])
    finally:
        loader.dispose()


_P = TypeVar("_P")


def _find(nodes: Iterable[tuple[int, Any, _P, str]], path: Sequence[str | int]) -> _P | None:
    """Position of the node at ``path``, else of the deepest node on the way there.

    Walks to the end even after a match, so that broken text raises (and gives None).
    """
    best: _P | None = None
    done = False
    on_path: list[bool] = []  # for each open container: does it lie on the path?
    for kind, key, pos, _token in nodes:
        if kind == _CLOSE:  # the path's last container ended without the next key: missing
            done |= on_path.pop() and len(on_path) < len(path)
        elif kind != _KEY:
            depth = len(on_path)
            hit = not done and (
                depth == 0 or (on_path[-1] and key is not None and str(key) == str(path[depth - 1]))
            )
            if hit:
                best, done = pos, depth == len(path)
            if kind == _OPEN:
                on_path.append(hit)
    return best


def locate(data: bytes | str, path: Sequence[str | int]) -> tuple[int, int] | None:
    """1-based (line, column) where the value at ``path`` starts in YAML or JSON text.

    ``path`` holds mapping keys and list indices (``["areas", 0, "weight"]``). If the
    path does not exist, the position of its deepest existing node is returned; None if
    the text cannot be parsed. Slow-ish; meant for error messages. Never raises.
    """
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        return None
    text = text.removeprefix("\ufeff")
    if text.lstrip(" \t\r\n")[:1] in ("{", "["):
        try:  # JSON first: libyaml rejects some valid JSON (long keys, "\ud83d\ude00")
            offset = _find(_json_nodes(text), path)
            return None if offset is None else _line_col(text, offset)
        except (_Unwalkable, ValueError):
            pass  # YAML in flow style
    try:
        return _find(_yaml_nodes(text), path)
    except (yaml.YAMLError, _Unwalkable, MemoryError):
        return None
