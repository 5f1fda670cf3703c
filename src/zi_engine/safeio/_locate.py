"""locate(): from a field path back to a line and column, on the error path only."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
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

from zi_engine.safeio import _yaml
from zi_engine.safeio._common import _CLOSE, _KEY, _OPEN, _SCALAR, MAX_DEPTH, _Node
from zi_engine.safeio._json import _json_nodes, _Unwalkable


def _yaml_nodes(text: str) -> Iterator[_Node]:
    """Like :func:`_json_nodes` for YAML (first document only), positions as (line, column)."""
    loader = _yaml._LOADER(text)
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
                    if kind is ScalarEvent:
                        mark = event.start_mark
                        yield _KEY, event.value, (mark.line + 1, mark.column + 1), ""
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


class KeyAt(str):
    """The last element of a path that asks for where a mapping *key* is written.

    ``locate(data, ["areas", 0, KeyAt("bobot")])`` is the position of the key
    ``bobot`` itself, not of its value (which may start lines later): where an
    unknown field's message belongs.
    """

    __slots__ = ()


def _trie_key(element: str | int) -> str:
    return "\x00" + element if isinstance(element, KeyAt) else str(element)


def _find_all(
    nodes: Iterable[tuple[int, Any, _P, str]], paths: Sequence[Sequence[str | int]]
) -> list[_P | None]:
    """For each path, the position of its node, else of the deepest node on the way there.

    The paths are merged into a tree of their prefixes; the walk follows it, so the
    cost is one pass over the text however many paths are asked for.
    """
    trie: dict[str, Any] = {}  # key -> [position found, children]
    root: list[Any] = [None, trie]
    for path in paths:
        children = trie
        for element in path:
            children = children.setdefault(_trie_key(element), [None, {}])[1]
    unfound = _count(root)  # trie nodes without a position: when none is left, stop reading
    stack: list[list[Any] | None] = []  # for each open container: its trie node, if on a path
    node: list[Any] | None
    for kind, key, pos, _token in nodes:
        if kind == _CLOSE:
            stack.pop()
            continue
        if kind == _KEY:  # wanted only where a path ends in KeyAt
            parent = stack[-1] if stack else None
            node = None if parent is None else parent[1].get("\x00" + str(key))
            if node is not None and node[0] is None:
                node[0] = pos
                unfound -= 1
                if not unfound:
                    break
            continue
        if not stack:
            node = root
        else:
            parent = stack[-1]
            node = None if parent is None or key is None else parent[1].get(str(key))
        if node is not None and node[0] is None:  # the first occurrence counts
            node[0] = pos
            unfound -= 1
            if not unfound:  # every path found: the rest of a 5 MB file need not be read
                break
        if kind == _OPEN:
            stack.append(node)
    out: list[_P | None] = []
    for path in paths:
        best, current = root[0], root
        for element in path:
            current = current[1][_trie_key(element)]
            if current[0] is None:
                break
            best = current[0]
        out.append(best)
    return out


def _count(node: list[Any]) -> int:
    """The number of trie nodes at and below ``node``."""
    total, todo = 0, [node]
    while todo:
        current = todo.pop()
        total += 1
        todo.extend(current[1].values())
    return total


def locate(data: bytes | str, path: Sequence[str | int]) -> tuple[int, int] | None:
    """1-based (line, column) where the value at ``path`` starts in YAML or JSON text.

    ``path`` holds mapping keys and list indices (``["areas", 0, "weight"]``). If the
    path does not exist, the position of its deepest existing node is returned; None if
    the text cannot be parsed up to the path (reading stops once it is found).
    Slow-ish; meant for error messages. Never raises.
    """
    return locate_all(data, [path])[0]


def locate_all(
    data: bytes | str, paths: Sequence[Sequence[str | int]]
) -> list[tuple[int, int] | None]:
    """:func:`locate` for each of ``paths``, reading the text once (not once per path).

    A file with a thousand problems is located in one pass: the cost grows with the
    file's size plus the number of paths, not with their product.
    """
    if not paths:
        return []
    nothing: list[tuple[int, int] | None] = [None] * len(paths)
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        return nothing
    text = text.removeprefix("\ufeff")
    if text.lstrip(" \t\r\n")[:1] in ("{", "["):
        try:  # JSON first: libyaml rejects some valid JSON (long keys, "\ud83d\ude00")
            offsets = _find_all(_json_nodes(text), paths)
        except (_Unwalkable, ValueError):
            pass  # YAML in flow style
        else:
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
            return [None if o is None else _offset_line_col(starts, o) for o in offsets]
    try:
        return _find_all(_yaml_nodes(text), paths)
    except (yaml.YAMLError, _Unwalkable, MemoryError):
        return nothing


def _offset_line_col(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, given where each line starts (sorted)."""
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1
