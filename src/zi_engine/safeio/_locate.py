"""locate(): from a field path back to a line and column, on the error path only."""

from __future__ import annotations

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
from zi_engine.safeio._common import _CLOSE, _KEY, _OPEN, _SCALAR, MAX_DEPTH, _line_col, _Node
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
