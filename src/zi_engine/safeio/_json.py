"""JSON: the standard json module with hooks, behind a depth pre-scan."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from zi_engine._errors import SubmissionError, _ProblemsError
from zi_engine._i18n import Text, t
from zi_engine.safeio._common import (
    _CLOSE,
    _KEY,
    _OPEN,
    _SCALAR,
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    _checked,
    _depth_message,
    _file_is_empty,
    _line_col,
    _load_file,
    _nan_message,
    _Node,
    _Reporter,
    _show,
    _too_large,
    _too_many_digits,
)


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
        raise report(_file_is_empty())
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
        message = t("safeio.json_syntax", "JSON syntax error: {problem}", problem=exc.msg)
        raise report(message, exc.lineno, exc.colno) from None
    except (_Refused, ValueError, RecursionError):
        # _Refused: a hook saw a duplicate key or NaN/infinity. ValueError: int() refused a
        # number with too many digits. RecursionError: only if the caller's stack was nearly
        # full already (the depth was checked above).
        unloadable = t("safeio.unloadable", "file could not be loaded")
        raise _json_problem(text, report) or report(unloadable) from None


_JSON_TOKEN = re.compile(
    r'[ \t\r\n]*(?:("[^"\\\x00-\x1f]*(?:\\.[^"\\\x00-\x1f]*)*")|([][{}:,])'
    r"|(-?[0-9][0-9.eE+-]*|true|false|null|NaN|-?Infinity))"
)


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


def _json_number_problem(token: str) -> Text | None:
    if token in ("NaN", "Infinity", "-Infinity"):
        return _nan_message(token)
    try:
        value = float(token) if any(c in token for c in ".eE") else int(token)
    except ValueError:
        return _too_many_digits()
    return _too_large(token) if math.isinf(value) else None


def _json_problem(text: str, report: _Reporter) -> _ProblemsError | None:
    """Find the first duplicate key, bad number or too-deep nesting, with its place."""
    keys: list[dict[str, int]] = []
    try:
        for kind, key, offset, token in _json_nodes(text):
            if kind == _OPEN:
                if len(keys) >= MAX_DEPTH:
                    return report(_depth_message(), *_line_col(text, offset))
                keys.append({})
            elif kind == _CLOSE:
                keys.pop()
            elif kind == _KEY:
                if key in keys[-1]:
                    first = _line_col(text, keys[-1][key])[0]
                    line, column = _line_col(text, offset)
                    message = t(
                        "safeio.duplicate_json_key",
                        "the key {key} appears twice in the same object (lines {first} "
                        "and {again}); keep only one",
                        key=_show(key),
                        first=first,
                        again=line,
                    )
                    return report(message, line, column)
                keys[-1][key] = offset
            elif token[0] != '"' and token not in ("true", "false", "null"):
                refused = _json_number_problem(token)
                if refused is not None:
                    return report(refused, *_line_col(text, offset))
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
