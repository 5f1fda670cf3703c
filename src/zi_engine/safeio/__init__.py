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

Only regular files are read: a folder, a FIFO or a device is refused by what
it is (found with ``stat`` before opening, so a FIFO never blocks). The file
name ``-`` is standard input, YAML or JSON told apart by its first characters
(:func:`load_document`). :func:`dump_yaml` is the one YAML writer: what it
writes, the loader reads back as the same data.

The package is split by concern: ``_common`` (limits, messages, reading files),
``_yaml``, ``_json``, ``_locate`` (back from a field path to a line),
``_document`` (a file or standard input, either format) and ``_dump`` (writing).
"""

from __future__ import annotations

from zi_engine.safeio._common import DEFAULT_MAX_BYTES, MAX_DEPTH, MAX_ENTRIES, MAX_NODES
from zi_engine.safeio._document import STDIN, load_document, load_stdin, looks_like_json
from zi_engine.safeio._dump import dump_yaml
from zi_engine.safeio._json import load_json, load_json_file
from zi_engine.safeio._locate import KeyAt, locate, locate_all
from zi_engine.safeio._yaml import load_yaml, load_yaml_file

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_DEPTH",
    "MAX_ENTRIES",
    "MAX_NODES",
    "STDIN",
    "KeyAt",
    "dump_yaml",
    "load_document",
    "load_json",
    "load_json_file",
    "load_stdin",
    "load_yaml",
    "load_yaml_file",
    "locate",
    "locate_all",
    "looks_like_json",
]
