"""YAML: plain data built from libyaml's (or PyYAML's) parser events, in one flat loop."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from typing import Any

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

from zi_engine._errors import RubricError, _ProblemsError
from zi_engine._i18n import Text, t
from zi_engine.safeio._common import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_ENTRIES,
    MAX_NODES,
    _alias_message,
    _checked,
    _depth_message,
    _file_is_empty,
    _line_col,
    _load_file,
    _nan_message,
    _Reporter,
    _show,
    _too_large,
    _too_many_digits,
)
from zi_engine.safeio._syntax import odd_space_key, syntax_problem

# The YAML event source: libyaml when present, else pure Python (docs/performance.md).
# Only its parser is used (see the module docstring). Tests swap it to cover both.
_LOADER: Callable[[Any], Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
# spaces an editor shows as blanks but YAML reads as text: a key starting with one was
# indented with it (pasted from a word processor or a web page)
_ODD_SPACES = frozenset("\u00a0\u2007\u202f\u3000\u2002\u2003\u2009")


# The ``key`` of the innermost open container while no key is waiting for a value:
_NO_KEY: Any = object()  # a mapping, whose next node is a key
_IN_LIST: Any = object()  # a list (or no container at all), whose next node is an item


def _tag_message(tag: str) -> Text:
    short = "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag
    return t(
        "safeio.tag",
        "tags such as {tag} are not allowed in this file; write the plain value",
        tag=_show(short),
    )


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
            raise report.at(_nan_message(text), event.start_mark)
        if not _FLOAT.fullmatch(text):
            return text
        number = float(text)
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise report.at(_too_many_digits(), event.start_mark) from None
    if math.isinf(number):
        raise report.at(_too_large(text), event.start_mark)
    return number


def _properties(event: Any, anchor: Any, report: _Reporter) -> Any:
    """Refuse a tag; return the mark of the first anchor (refused at the end of the
    document unless an alias, whose line is more useful, is refused first)."""
    if event.tag is not None:
        raise report.at(_tag_message(event.tag), event.start_mark)
    return anchor if anchor is not None else event.start_mark


def _check_key(
    event: Any,
    data: dict[str, Any],
    marks: dict[str, Any],
    report: _Reporter,
    in_list: bool = False,
) -> str:
    """The key ``event`` starts in the mapping ``data``; refuse a bad or repeated one.

    ``marks`` holds where each key of the mapping started, for the message about a
    repeated key; ``in_list``: the mapping is an item of a list.
    """
    mark: Any = event.start_mark
    if event.__class__ is not ScalarEvent:
        message = t(
            "safeio.complex_key", "a mapping key must be a single value, not a list or mapping"
        )
        raise report.at(message, mark)
    key: str = event.value
    if event.implicit[0] and key in ("", "<<"):
        message = (
            t("safeio.key_missing", "a mapping key is missing")
            if not key
            else t(
                "safeio.merge_key",
                "merge keys ('<<') are not allowed in this file; write the keys out in full",
            )
        )
        raise report.at(message, mark)
    if key not in data:
        if key[:1] in _ODD_SPACES:  # a key indented with a non-breaking space
            raise report.at(odd_space_key(mark.line + 1), mark)
        marks[key] = mark
        return key
    first, again = marks[key].line + 1, mark.line + 1
    if in_list and next(iter(marks)) == key and again > first:
        # the first key of a list item again: most likely the next item's '- ' is missing
        raise report.at(
            t(
                "safeio.missing_dash",
                "the key {key} appears again in the same list item (lines {first} and "
                "{again}): line {again} probably starts a new item whose '- ' is missing; "
                "write '- ' before {key} on line {again}, lined up with the '- ' above it",
                key=_show(key),
                first=first,
                again=again,
            ),
            mark,
        )
    raise report.at(
        t(
            "safeio.duplicate_key",
            "the key {key} appears twice in the same mapping (lines {first} and {again}); "
            "keep only one",
            key=_show(key),
            first=first,
            again=again,
        ),
        mark,
    )


def _build(loader: Any, report: _Reporter) -> Any:
    """Build plain data from the parser's events, refusing what rubric files forbid.

    One flat loop on purpose: it is the hot path (a rubric is thousands of
    events), and it must not recurse. The innermost open container lives in
    local variables – ``data`` (its list or dict), ``key`` (the key awaiting
    its value, or ``_NO_KEY`` / ``_IN_LIST``) and ``marks`` (where each of a
    mapping's keys started) – and ``stack`` keeps the enclosing ones, so an
    event costs a few local reads rather than lookups on a container object.
    """
    get_event = loader.get_event
    get_event()  # StreamStartEvent
    if get_event().__class__ is StreamEndEvent:  # else the DocumentStartEvent
        raise report(_file_is_empty())
    max_nodes, max_entries = MAX_NODES, MAX_ENTRIES
    stack: list[tuple[Any, Any, Any]] = []  # the enclosing containers' (data, key, marks)
    data: Any = None  # the innermost open list or dict; None outside every container
    key: Any = _IN_LIST
    marks: dict[str, Any] = {}
    root: Any = None
    nodes, anchor = 0, None
    while True:
        event: Any = get_event()  # Any: the C and Python event classes differ
        kind = event.__class__
        if kind is ScalarEvent:
            if event.tag is not None or event.anchor is not None:
                anchor = _properties(event, anchor, report)
            nodes += 1
            if nodes > max_nodes:
                raise _too_many(event, nodes, report)
            value = event.value
            if key is _NO_KEY:  # a key: refused if empty, '<<' or repeated (see _check_key)
                if value in data or value in ("", "<<") or value[0] in _ODD_SPACES:
                    in_list = stack[-1][1] is _IN_LIST and stack[-1][0] is not None
                    key = _check_key(event, data, marks, report, in_list)
                else:
                    key = value
                    marks[key] = event.start_mark
                continue
            # Quoted and block scalars are always text; plain words need no resolving.
            if event.implicit[0] and (value in _CONSTANTS or value[0] in _NUMBER_FIRST):
                value = _resolve(event, report)
            if data is None:  # the document is this one scalar (empty if plain and blank)
                root = event if event.implicit[0] and not event.value else value
                continue
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None or event.anchor is not None:
                anchor = _properties(event, anchor, report)
            nodes += 1
            if nodes > max_nodes or len(stack) >= MAX_DEPTH:
                raise _too_many(event, nodes, report)
            if key is _NO_KEY:
                _check_key(event, data, marks, report)  # refuses a list or mapping as a key
            stack.append((data, key, marks))
            if kind is MappingStartEvent:
                data, key, marks = {}, _NO_KEY, {}
            else:
                data, key = [], _IN_LIST
            continue
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            value = data
            data, key, marks = stack.pop()
            if data is None:
                root = value
                continue
        elif kind is AliasEvent:
            raise report.at(_alias_message(), event.start_mark)
        elif kind is DocumentEndEvent:
            return _finish(get_event, root, anchor, report)
        else:
            continue
        if key is _IN_LIST:
            data.append(value)
        else:
            data[key] = value
            key = _NO_KEY
        if len(data) > max_entries:  # refused early: the rest of the file is never parsed
            raise _too_many_entries(event, data, report)


def _too_many_entries(event: Any, data: Any, report: _Reporter) -> _ProblemsError:
    """The error for the entry past ``MAX_ENTRIES`` of one list or mapping."""
    message = (
        t(
            "safeio.too_many_items",
            "this list has more than {limit:,} items, far more than any rubric or submission "
            "holds; the file was not read further",
            limit=MAX_ENTRIES,
        )
        if isinstance(data, list)
        else t(
            "safeio.too_many_keys",
            "this mapping has more than {limit:,} keys, far more than any rubric or "
            "submission holds; the file was not read further",
            limit=MAX_ENTRIES,
        )
    )
    return report.at(message, event.start_mark)


def _too_many(event: Any, nodes: int, report: _Reporter) -> _ProblemsError:
    """The error for node number ``nodes``: past ``MAX_NODES``, or nested past ``MAX_DEPTH``."""
    if nodes > MAX_NODES:
        message = t(
            "safeio.too_many_values", "file has more than {limit:,} values", limit=MAX_NODES
        )
        return report.at(message, event.start_mark)
    return report.at(_depth_message(), event.start_mark)


def _finish(get_event: Callable[[], Any], root: Any, anchor: Any, report: _Reporter) -> Any:
    """Checks at the end of the document; ``root`` is the scalar event if it was empty."""
    if root.__class__ is ScalarEvent:  # a document with no content, such as a lone '---'
        raise report(_file_is_empty())
    if anchor is not None:
        raise report.at(_alias_message(), anchor)
    following = get_event()
    if following.__class__ is not StreamEndEvent:
        raise report.at(
            t(
                "safeio.two_documents",
                "file holds more than one YAML document ('---' starts another); keep only one",
            ),
            following.start_mark,
        )
    return root


def _within(buf: bytes | str, mark: Any) -> tuple[int, int]:
    """1-based line and column of ``mark``, kept inside the file.

    libyaml places the end of the input on a line of its own even when the last
    line has no line break, one line past what an editor shows; such a mark is
    reported at the end of the last line instead.
    """
    breaks = buf.count(b"\n") if isinstance(buf, bytes) else buf.count("\n")
    if mark.line <= breaks:
        return mark.line + 1, mark.column + 1
    return _line_col(buf, len(buf))


def _yaml_error(exc: yaml.YAMLError, report: _Reporter, buf: bytes | str) -> _ProblemsError:
    """Turn a parser error into a located, one-line problem that says the likely cause."""
    if isinstance(exc, yaml.reader.ReaderError):  # libyaml counts bytes, PyYAML characters
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = t(
            "safeio.bad_character",
            "file contains a character that is not allowed (U+{code}); remove it",
            code=f"{code:04X}",
        )
        return report(message, *_line_col(buf, exc.position))
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = " ".join(str(exc.problem).split())
        if "maximum nesting depth" in problem:  # libyaml's own limit (1000) came first
            return report.at(_depth_message(), mark)
        line, column = _within(buf, mark)
        started = None
        if exc.context and exc.context_mark is not None:
            started = _within(buf, exc.context_mark)[0]
        return report(
            syntax_problem(buf, problem, exc.context, line, column, started), line, column
        )
    return report(
        t("safeio.yaml_syntax", "YAML syntax error: {problem}", problem=" ".join(str(exc).split()))
    )


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
        raise report(t("safeio.too_complex", "file is too large or complex to load")) from None


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
    than ``MAX_DEPTH``; at most ``max_bytes`` bytes of UTF-8, ``MAX_NODES`` values and
    ``MAX_ENTRIES`` entries in any one list or mapping.
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


def plain_is_text(text: str) -> bool:
    """Whether ``text`` written as a plain (unquoted) scalar would load back as text.

    Writers use it to quote strings such as ``1e5`` or ``0o17`` that YAML 1.2 reads
    as numbers although PyYAML's YAML 1.1 dumper leaves them bare.
    """
    if text in _CONSTANTS:
        return False
    if not text or text[0] not in _NUMBER_FIRST:
        return True
    patterns = (_DECIMAL, _OCTAL, _HEX, _FLOAT, _NOT_FINITE)
    return not any(p.fullmatch(text) for p in patterns)
