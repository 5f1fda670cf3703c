"""Writing YAML that the safe loader reads back as the same data."""

from __future__ import annotations

from typing import Any

import yaml

from zi_engine.safeio._yaml import plain_is_text

__all__ = ["dump_yaml"]


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper without anchors/aliases, quoting what YAML 1.2 reads as non-text.

    PyYAML resolves plain scalars by YAML 1.1 rules and zi_engine reads YAML 1.2
    core, so a string such as ``1e5`` or ``0o17`` that PyYAML would leave bare
    (and that would load back as a number) is quoted.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = None if plain_is_text(text) else "'"
    if "\x85" in text:
        # PyYAML writes NEL (a YAML line break) raw inside single quotes, where reading
        # folds it into a space; double quotes escape it as \N
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """``data`` (dicts, lists, text, numbers, booleans, None) as block-style YAML text.

    :func:`load_yaml` of the result gives ``data`` back: keys keep their order,
    text that would read as a number, boolean or null is quoted, repeated
    objects are written out in full (the loader refuses aliases), and
    non-ASCII text is written as it is, in UTF-8.
    """
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
