"""Defects planted in a rubric's YAML text, which no data can carry: duplicate keys,
anchors and aliases, Python tags, NaN, infinity, huge numbers, tab indentation."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import strategies as st

from zi_engine.testing._defects import Defect, _DefectMaker
from zi_engine.testing._documents import Documents, documents_to_yaml


def _text_defect(
    kind: str, edit: Callable[[list[str], int], str], description: str
) -> _DefectMaker:
    """A defect made by editing one ``weight:`` line of a file's YAML text."""

    def make(draw: st.DrawFn, docs: Documents) -> tuple[Documents, dict[str, str], Defect] | None:
        yaml_files = documents_to_yaml(docs)
        candidates = [
            (name, i)
            for name, text in yaml_files.items()
            for i, line in enumerate(text.splitlines())
            if re.match(r"^\s*(- )?weight: [0-9.]+$", line)
        ]
        if kind == "alias":  # needs a second weight line after the first in the same file
            candidates = [
                (n, i) for n, i in candidates if [m for m, j in candidates if m == n and j > i]
            ]
        if not candidates:
            return None
        name, index = draw(st.sampled_from(candidates))
        lines = yaml_files[name].splitlines()
        line = edit(lines, index)
        yaml_files[name] = "\n".join(lines) + "\n"
        return docs, yaml_files, Defect(name, (), kind, description, int(line))

    return make


def _weight_key(line: str) -> tuple[str, str]:
    match = re.match(r"^(\s*(?:- )?)weight: ", line)
    assert match is not None
    prefix = match.group(1)
    return prefix, " " * len(prefix)


def _dup_key(lines: list[str], i: int) -> str:
    _, indent = _weight_key(lines[i])
    lines.insert(i + 1, f"{indent}weight: 1")
    return str(i + 2)


def _alias(lines: list[str], i: int) -> str:
    prefix, _ = _weight_key(lines[i])
    value = lines[i].split("weight: ", 1)[1]
    lines[i] = f"{prefix}weight: &w {value}"
    later = next(
        j for j in range(i + 1, len(lines)) if re.match(r"^\s*(- )?weight: [0-9.]+$", lines[j])
    )
    later_prefix, _ = _weight_key(lines[later])
    lines[later] = f"{later_prefix}weight: *w"
    return str(later + 1)


def _replace_value(value: str) -> Callable[[list[str], int], str]:
    def edit(lines: list[str], i: int) -> str:
        prefix, _ = _weight_key(lines[i])
        lines[i] = f"{prefix}weight: {value}"
        return str(i + 1)

    return edit


def _tab(lines: list[str], i: int) -> str:
    prefix, _ = _weight_key(lines[i])
    if prefix.strip():  # '- weight:' : indent the next line with a tab instead
        return _replace_value("\t1")(lines, i)
    lines[i] = "\t" + lines[i].lstrip(" ")
    return str(i + 1)


# DEFECT_KINDS lists these after the data defects, in this order
_YAML_DEFECTS: dict[str, _DefectMaker] = {
    "duplicate_key": _text_defect("duplicate_key", _dup_key, "a key written twice"),
    "alias": _text_defect("alias", _alias, "an anchor and an alias"),
    "python_tag": _text_defect(
        "python_tag", _replace_value("!!python/object/apply:os.system ['true']"), "a Python tag"
    ),
    "nan": _text_defect("nan", _replace_value(".nan"), "NaN as a weight"),
    "infinity": _text_defect("infinity", _replace_value("-.inf"), "infinity as a weight"),
    "huge_number": _text_defect("huge_number", _replace_value("1e999"), "a number too large"),
    "tab_indent": _text_defect("tab_indent", _tab, "a tab used for indenting"),
}
