"""Tests for zi_engine.safeio: safe, bounded YAML/JSON loading with located errors.

Inputs that could crash or exhaust the interpreter if a guard regressed (deep nesting
through C code, alias bombs) run in a subprocess with a timeout, so a regression fails
the test instead of killing the test run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from zi_engine import safeio as _safeload
from zi_engine._errors import Problem, RubricError, SubmissionError, ZiError, _ProblemsError
from zi_engine.safeio import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    load_json,
    load_json_file,
    load_yaml,
    load_yaml_file,
    locate,
)

HAS_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
LOADER_NAMES = ["SafeLoader"] + (["CSafeLoader"] if HAS_LIBYAML else [])


@pytest.fixture(params=LOADER_NAMES)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with the pure-Python parser and (if present) with libyaml."""
    name: str = request.param
    monkeypatch.setattr(_safeload._yaml, "_LOADER", getattr(yaml, name))
    return name


def refuse_yaml(
    text: str | bytes, error_cls: type[_ProblemsError] = RubricError, **kw: Any
) -> Problem:
    """Load ``text``, expect exactly one located one-line problem, and return it."""
    with pytest.raises(error_cls) as info:
        load_yaml(text, filename="r.yaml", error_cls=error_cls, **kw)
    return _single(info.value)


def refuse_json(text: str | bytes, **kw: Any) -> Problem:
    with pytest.raises(SubmissionError) as info:
        load_json(text, filename="s.json", **kw)
    return _single(info.value)


def _single(error: _ProblemsError) -> Problem:
    problems = error.problems
    assert len(problems) == 1
    assert "\n" not in str(error)
    assert problems[0].file in ("r.yaml", "s.json")
    return problems[0]


# ------------------------------------------------------------------ success path


def test_default_loader_is_libyaml_when_available() -> None:
    expected = yaml.CSafeLoader if HAS_LIBYAML else yaml.SafeLoader
    assert _safeload._yaml._LOADER is expected


def test_loads_plain_nested_data(loader: str) -> None:
    text = textwrap.dedent("""\
        # a comment
        title: Lembar Kerja Evaluasi
        areas:
          - id: a1
            weight: 12.5
            tags: [x, "y", 'z']
            text: >-
              Unit kerja telah
              menetapkan tim.
            note: |
              baris satu
          - {id: a2, weight: 3, required: true, extra: null}
        """)
    assert load_yaml(text, filename="r.yaml") == {
        "title": "Lembar Kerja Evaluasi",
        "areas": [
            {
                "id": "a1",
                "weight": 12.5,
                "tags": ["x", "y", "z"],
                "text": "Unit kerja telah menetapkan tim.",
                "note": "baris satu\n",
            },
            {"id": "a2", "weight": 3, "required": True, "extra": None},
        ],
    }


def test_scalar_documents(loader: str) -> None:
    assert load_yaml("~", filename="r.yaml") is None
    assert load_yaml("'text'", filename="r.yaml") == "text"
    assert load_yaml("--- [1, 2]\n...\n", filename="r.yaml") == [1, 2]


# YAML 1.2 core schema, not PyYAML's YAML 1.1 defaults.
CORE_SCHEMA = [
    ("no", "no"),
    ("No", "No"),
    ("NO", "NO"),
    ("yes", "yes"),
    ("Yes", "Yes"),
    ("y", "y"),
    ("n", "n"),
    ("on", "on"),
    ("On", "On"),
    ("off", "off"),
    ("OFF", "OFF"),
    ("true", True),
    ("True", True),
    ("TRUE", True),
    ("false", False),
    ("False", False),
    ("FALSE", False),
    ("tRUE", "tRUE"),
    ("null", None),
    ("Null", None),
    ("NULL", None),
    ("~", None),
    ("", None),
    ("nULL", "nULL"),
    ("0", 0),
    ("-5", -5),
    ("+5", 5),
    ("017", 17),
    ("0o17", 15),
    ("0x1F", 31),
    ("0x1f", 31),
    ("0X1F", "0X1F"),
    ("0b101", "0b101"),
    ("0o8", "0o8"),
    ("1_000", "1_000"),
    ("1:20", "1:20"),
    ("190:20:30", "190:20:30"),
    ("1.10", 1.1),
    ("1.", 1.0),
    (".5", 0.5),
    ("-0.5", -0.5),
    ("1e3", 1000.0),
    ("1.5E-2", 0.015),
    ("nan", "nan"),
    ("inf", "inf"),
    ("2024-01-02", "2024-01-02"),
    ("2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z"),
    ("=", "="),
    ("<<", "<<"),
    ("3 apples", "3 apples"),
    ("-x", "-x"),
]


@pytest.mark.parametrize(("source", "expected"), CORE_SCHEMA)
def test_plain_scalars_follow_yaml_1_2_core_schema(
    loader: str, source: str, expected: object
) -> None:
    value = load_yaml(f"v: {source}\n", filename="r.yaml")["v"]
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("source", ['"no"', "'017'", "'1.10'", '"true"', '""', "|\n  no\n"])
def test_quoted_and_block_scalars_stay_text(loader: str, source: str) -> None:
    assert isinstance(load_yaml(f"v: {source}", filename="r.yaml")["v"], str)


def test_keys_are_their_source_text(loader: str) -> None:
    text = "1.10: a\ntrue: b\nnull: c\n~: d\n0o17: e\n'q r': f\n.nan: g\n017: h\n"
    assert load_yaml(text, filename="r.yaml") == {
        "1.10": "a",
        "true": "b",
        "null": "c",
        "~": "d",
        "0o17": "e",
        "q r": "f",
        ".nan": "g",
        "017": "h",
    }


def test_quoted_merge_key_is_ordinary_text(loader: str) -> None:
    assert load_yaml('"<<": 1', filename="r.yaml") == {"<<": 1}


def test_bom_is_accepted(loader: str) -> None:
    assert load_yaml(b"\xef\xbb\xbfa: 1\n", filename="r.yaml") == {"a": 1}
    assert load_yaml("\ufeffa: 1\n", filename="r.yaml") == {"a": 1}


def test_sixty_four_levels_are_allowed(loader: str) -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    data = load_yaml(text, filename="r.yaml")
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == []


def test_custom_error_class(loader: str) -> None:
    problem = refuse_yaml("a: *x", error_cls=SubmissionError)
    assert problem.line == 1


# ------------------------------------------------------------------ refusals: size, encoding


def test_oversized_text_is_refused(loader: str) -> None:
    problem = refuse_yaml("a: " + "x" * 2000, max_bytes=1000)
    assert problem.message == "file is 2.0 KB; the limit is 1000 bytes"
    assert refuse_yaml(b"a: " + b"x" * 2000, max_bytes=1000).message.startswith("file is 2.0 KB")


def test_size_limit_counts_utf8_bytes_of_text(loader: str) -> None:
    # 600 characters but 1200 bytes.
    assert refuse_yaml("é" * 600, max_bytes=1000).message.startswith("file is 1.2 KB")


def test_sixty_megabyte_file_is_refused_by_size_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: costs no disk space or time

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(_safeload._common, "open", no_open, raising=False)
    for load in (load_yaml_file, load_json_file):
        with pytest.raises(ZiError) as info:
            load(big, display_name="big.yaml")
        assert str(info.value) == "big.yaml: file is 60.0 MB; the limit is 5.0 MB"
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024


def test_file_read_is_bounded_even_if_stat_lies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "grows.yaml"
    target.write_bytes(b"a: " + b"x" * 5000)
    real_stat = os.stat

    def lying_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        result = real_stat(path, *args, **kwargs)
        if os.fspath(path) != str(target):
            return result
        fields = list(result)
        fields[6] = 0  # st_size, as reported for pipes and /proc files
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", lying_stat)
    with pytest.raises(RubricError, match="larger than the limit of 1000 bytes"):
        load_yaml_file(target, max_bytes=1000)


def test_invalid_utf8_is_located_by_character(loader: str) -> None:
    problem = refuse_yaml(b"a: 1\nb: 2\nc: \xc3\xa9\xff\n")
    assert (problem.line, problem.column) == (3, 5)  # 'é' is one column
    assert "not valid UTF-8" in problem.message
    assert "0xff" in problem.message


def test_utf16_file_is_refused(loader: str) -> None:
    problem = refuse_yaml("a: 1\n".encode("utf-16"))
    assert "not valid UTF-8" in problem.message


def test_lone_surrogate_in_text_is_refused(loader: str) -> None:
    problem = refuse_yaml("a: 1\nb: \ud800\n")
    assert (problem.line, problem.column) == (2, 4)


def test_control_character_is_located(loader: str) -> None:
    problem = refuse_yaml("a: 1\né: b\x01\n")
    assert (problem.line, problem.column) == (2, 5)
    assert "U+0001" in problem.message


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "# only a comment\n  # another\n", "---\n", "--- # nothing\n...\n", "\ufeff"],
)
def test_empty_file_is_refused(loader: str, text: str) -> None:
    assert refuse_yaml(text).message == "file is empty"


@pytest.mark.parametrize(
    ("text", "line"), [("a: 1\n---\nb: 2\n", 2), ("---\na: 1\n...\n\n---\nb: 2\n", 5)]
)
def test_second_document_is_refused_at_its_line(loader: str, text: str, line: int) -> None:
    problem = refuse_yaml(text)
    assert problem.line == line
    assert "more than one YAML document" in problem.message


# ------------------------------------------------------------------ refusals: anchors, tags


def test_alias_is_refused_at_its_line(loader: str) -> None:
    problem = refuse_yaml("base: &b {w: 1}\nother: 2\ncopy: *b\n")
    assert problem.message == (
        "anchors and aliases are not allowed in this file; repeat the value instead"
    )
    assert (problem.line, problem.column) == (3, 7)


def test_unused_anchor_is_refused_at_its_line(loader: str) -> None:
    problem = refuse_yaml("a: 1\nb: &x 2\n")
    assert problem.line == 2
    assert "anchors and aliases" in problem.message


def test_merge_key_is_refused(loader: str) -> None:
    problem = refuse_yaml("a: {x: 1}\nb:\n  <<: {y: 2}\n  z: 3\n")
    assert problem.line == 3
    assert "merge keys" in problem.message


BILLION_LAUGHS = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


TAGGED = [
    "!!python/object/apply:os.system ['true']",
    "v: !!python/name:os.system",
    "v: !!python/object/new:dict {}",
    "v: !foo bar",
    "v: !!str 1",
    "v: ! 1",
    "v: !!map {a: 1}",
    "v: !!binary aGk=",
    "v: !<tag:yaml.org,2002:str> x",
    "!!str k: v",
    "%TAG !e! tag:example.com,2000:\n---\nv: !e!thing x",
]


@pytest.mark.parametrize("text", TAGGED)
def test_every_explicit_tag_is_refused(loader: str, text: str) -> None:
    problem = refuse_yaml(text)
    assert problem.message.startswith("tags such as ")
    assert problem.line == text.count("\n") + 1


def test_python_tag_runs_nothing(loader: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'!!python/object/apply:os.system ["echo pwned > {marker}"]\n'
    problem = refuse_yaml(text)
    assert problem.message == (
        "tags such as '!!python/object/apply:os.system' are not "
        "allowed in this file; write the plain value"
    )
    assert (problem.line, problem.column) == (1, 1)
    assert not marker.exists()


def test_source_uses_only_safe_pyyaml_machinery() -> None:
    package = Path(_safeload.__file__).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py")))
    assert "def _build" in source  # the whole package is read, not just __init__
    unsafe = re.compile(
        r"\byaml\.(?:load|unsafe_load|full_load)\b"
        r"|\b(?:C?Unsafe|C?Full|C)?Loader\b(?<!SafeLoader)"
    )
    assert [m.group() for m in unsafe.finditer(source)] == []


# ------------------------------------------------------------------ refusals: structure


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), 1),
        (
            "".join(" " * i + "k:\n" for i in range(MAX_DEPTH + 1)) + " " * (MAX_DEPTH + 1) + "v\n",
            MAX_DEPTH + 1,
        ),
        ("- " * (MAX_DEPTH + 1) + "x\n", 1),
    ],
)
def test_nesting_deeper_than_limit_is_refused(loader: str, text: str, line: int) -> None:
    problem = refuse_yaml(text)
    assert problem.message == f"the data is nested more than {MAX_DEPTH} levels deep"
    assert problem.line == line


def test_node_count_is_bounded(loader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_safeload._yaml, "MAX_NODES", 10)
    assert load_yaml("[" + "1, " * 9 + "]", filename="r.yaml") == [1] * 9
    problem = refuse_yaml("[" + "1, " * 10 + "]")
    assert problem.message == "file has more than 10 values"


def test_duplicate_key_names_key_and_both_lines(loader: str) -> None:
    problem = refuse_yaml("areas:\n  - id: a\n    w: 1\n    w: 2\nname: x\n")
    assert problem.message == (
        "the key 'w' appears twice in the same mapping (lines 3 and 4); keep only one"
    )
    assert (problem.line, problem.column) == (4, 5)


def test_a_list_items_first_key_again_is_a_missing_dash(loader: str) -> None:
    # 'id' again in the same item: the next item's '- ' is missing (issue 15), not a
    # key to delete
    problem = refuse_yaml("areas:\n  - id: a\n    w: 1\n    id: b\nname: x\n")
    assert problem.message == (
        "the key 'id' appears again in the same list item (lines 2 and 4): line 4 probably "
        "starts a new item whose '- ' is missing; write '- ' before 'id' on line 4, lined up "
        "with the '- ' above it"
    )
    assert (problem.line, problem.column) == (4, 5)


def test_duplicate_key_quoted_and_plain(loader: str) -> None:
    assert "lines 1 and 2" in refuse_yaml('a: 1\n"a": 2\n').message


def test_same_key_in_different_mappings_is_fine(loader: str) -> None:
    assert load_yaml("- id: 1\n- id: 2\n", filename="r.yaml") == [{"id": 1}, {"id": 2}]


@pytest.mark.parametrize(
    "text", ["? [a, b]\n: 1\n", "? {a: 1}\n: 2\n", "{[a]: 1}", "x:\n  ? - a\n  : 1"]
)
def test_complex_keys_are_refused(loader: str, text: str) -> None:
    assert refuse_yaml(text).message == (
        "a mapping key must be a single value, not a list or mapping"
    )


@pytest.mark.parametrize(
    "value", [".nan", ".NaN", ".NAN", ".inf", ".Inf", "+.inf", "-.inf", "-.INF"]
)
def test_nan_and_infinity_are_refused(loader: str, value: str) -> None:
    problem = refuse_yaml(f"a: 1\nb: [1, {value}]\n")
    assert (problem.line, problem.column) == (2, 8)
    assert "NaN or infinity" in problem.message


def test_float_overflow_is_refused(loader: str) -> None:
    assert refuse_yaml("a: 1e999").message == "'1e999' is too large to be a number"


def test_huge_integer_is_refused(loader: str) -> None:
    assert refuse_yaml("a: " + "9" * 5000).message == "this number has too many digits"


def test_syntax_error_is_located(loader: str) -> None:
    problem = refuse_yaml("- a\nb: 3\n")
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.line == 2


def test_an_unclosed_bracket_is_said_in_plain_words(loader: str) -> None:
    problem = refuse_yaml("a: [1, 2\nb: 3\n")
    assert problem.message.startswith(
        "the list or mapping written in brackets that starts on line 1 is not closed"
    )
    assert problem.line == 2


@pytest.mark.parametrize(
    ("text", "where"),
    [("{", (1, 2)), ("a: [", (1, 5)), ("a: b\nc: [1", (2, 6)), ("a: b\nc: [1\n", None)],
)
def test_an_error_at_the_end_of_input_stays_inside_the_file(
    loader: str, text: str, where: tuple[int, int] | None
) -> None:
    # libyaml puts the end of input on a line of its own even without a final
    # line break; editors show no such line, so the problem must not point there.
    problem = refuse_yaml(text)
    assert problem.line is not None
    assert problem.column is not None
    assert problem.line <= text.count("\n") + 1
    if where is not None:
        assert (problem.line, problem.column) == where
    started = re.search(r"started on line (\d+)", problem.message)
    assert started is None or int(started.group(1)) <= text.count("\n") + 1


def test_tab_indentation_gets_a_plain_message(loader: str) -> None:
    problem = refuse_yaml("a:\n\tb: 1\n")
    assert problem.message == "a tab character is used for indenting; use spaces instead"
    assert (problem.line, problem.column) == (2, 1)


# ------------------------------------------------------------------ hostile input, isolated

ISOLATED = """\
import sys, yaml
sys.setrecursionlimit(10**7)  # any recursion would now overflow the C stack, not raise
from zi_engine import safeio as _safeload
from zi_engine._errors import ZiError
_safeload._yaml._LOADER = getattr(yaml, {loader!r})
text = {text}
try:
    _safeload.{function}(text, filename="bomb")
except ZiError as exc:
    print("REFUSED", exc)
else:
    print("ACCEPTED")
print(_safeload.locate(text, [0, 0, 0]))
"""


def run_isolated(text_expr: str, loader: str, function: str = "load_yaml") -> str:
    code = ISOLATED.format(loader=loader, text=text_expr, function=function)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("loader_name", LOADER_NAMES)
@pytest.mark.parametrize(
    "text_expr",
    [
        '"[" * 10_000 + "]" * 10_000',
        '"{a: " * 10_000 + "1" + "}" * 10_000',
        '"- " * 10_000 + "x"',
        '"".join(" " * i + "k:\\n" for i in range(1000))',
        '"[" * 100_000',
        '"[" * 1_000_000',
        '"{a: " * 1_000_000',
    ],
)
def test_extreme_yaml_nesting_is_refused_cleanly(loader_name: str, text_expr: str) -> None:
    out = run_isolated(text_expr, loader_name)
    first, second = out.splitlines()
    assert re.fullmatch(
        r"REFUSED bomb:\d+:\d+: the data is nested more than 64 levels deep", first
    ), out
    assert re.fullmatch(r"None|\(1, \d+\)", second)  # locate never crashes either


@pytest.mark.slow
@pytest.mark.parametrize("loader_name", LOADER_NAMES)
def test_billion_laughs_is_refused_at_first_alias(loader_name: str) -> None:
    out = run_isolated(repr(BILLION_LAUGHS), loader_name)
    assert out.splitlines()[0] == (
        "REFUSED bomb:2:12: anchors and aliases are not allowed in "
        "this file; repeat the value instead"
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "text_expr",
    [
        '"[" * 10_000 + "]" * 10_000',
        '"[" * 1_000_000',
        '\'{"a": \' * 100_000 + "1" + "}" * 100_000',
    ],
)
def test_extreme_json_nesting_is_refused_cleanly(text_expr: str) -> None:
    out = run_isolated(text_expr, LOADER_NAMES[-1], "load_json")
    assert re.fullmatch(
        r"REFUSED bomb:1:\d+: the data is nested more than 64 levels deep", out.splitlines()[0]
    ), out


def test_billion_laughs_in_process(loader: str) -> None:
    problem = refuse_yaml(BILLION_LAUGHS)
    assert (problem.line, problem.column) == (2, 12)  # the first '*l0'


def test_json_10000_deep_in_process() -> None:
    problem = refuse_json("[" * 10_000 + "]" * 10_000)
    assert (problem.line, problem.column) == (1, MAX_DEPTH + 1)
    problem = refuse_json('{"a":' * 10_000 + "1" + "}" * 10_000)
    assert problem.column == 5 * MAX_DEPTH + 1


# ------------------------------------------------------------------ JSON


def test_json_loads_plain_data() -> None:
    text = '{"a": [1, 2.5, "x", true, false, null], "b": {"c": "\\ud83d\\ude00"}}'
    assert load_json(text, filename="s.json") == json.loads(text)
    assert load_json(b"\xef\xbb\xbf[1]", filename="s.json") == [1]


def test_json_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps(["[" * 500 + "{" * 500, {'k\\"[': "]]]"}])
    assert load_json(text, filename="s.json") == json.loads(text)


def test_json_duplicate_key_names_key_and_both_lines() -> None:
    problem = refuse_json('{\n  "a": 1,\n  "b": {"x": 1},\n  "a": 2\n}')
    assert problem.message == (
        "the key 'a' appears twice in the same object (lines 2 and 4); keep only one"
    )
    assert (problem.line, problem.column) == (4, 3)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_json_non_finite_numbers_are_refused(constant: str) -> None:
    problem = refuse_json(f'{{"a": [1,\n  {constant}]}}')
    assert (problem.line, problem.column) == (2, 3)
    assert constant in problem.message


def test_json_huge_integer_is_refused() -> None:
    assert refuse_json("[" + "9" * 5000 + "]").message == "this number has too many digits"


def test_json_syntax_error_is_located() -> None:
    problem = refuse_json('{\n  "a": 1,\n}')
    assert problem.message.startswith("JSON syntax error: ")
    assert (problem.line, problem.column) == (3, 1)


def test_json_broken_string_before_deep_brackets_reports_syntax() -> None:
    problem = refuse_json('["abc' + "[" * 1000)
    assert problem.message.startswith("JSON syntax error: Unterminated string")


@pytest.mark.parametrize("text", ["", " \n\t"])
def test_json_empty_is_refused(text: str) -> None:
    assert refuse_json(text).message == "file is empty"


def test_json_encoding_and_size() -> None:
    problem = refuse_json(b'{"a":\n "\xff"}')
    assert (problem.line, problem.column) == (2, 3)
    assert refuse_json("[1]" * 100, max_bytes=100).message == (
        "file is 300 bytes; the limit is 100 bytes"
    )


def test_file_loaders_return_data_and_raw_bytes(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_bytes(b"\xef\xbb\xbfa: 1\n")
    (tmp_path / "s.json").write_text('{"a": 1}', encoding="utf-8")
    assert load_yaml_file(tmp_path / "r.yaml") == ({"a": 1}, b"\xef\xbb\xbfa: 1\n")
    assert load_json_file(str(tmp_path / "s.json")) == ({"a": 1}, b'{"a": 1}')


def test_file_errors_use_display_name(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load_yaml_file(tmp_path / "r.yaml", display_name="rubrics/r.yaml")
    assert str(info.value).startswith("rubrics/r.yaml:2:1: the key 'a' appears twice")
    with pytest.raises(SubmissionError, match="no such file"):
        load_json_file(tmp_path / "missing.json")
    with pytest.raises(RubricError, match="folder"):
        load_yaml_file(tmp_path)


# ------------------------------------------------------------------ locate

RUBRIC = """\
title: Evaluasi
areas:
  - id: a1
    weight: 10
    items: [x, {k: v}]
  - id: a2
    text: >-
      panjang
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ([], (1, 1)),
        (["title"], (1, 8)),
        (["areas"], (3, 3)),
        (["areas", 0], (3, 5)),
        (["areas", 0, "weight"], (4, 13)),
        (["areas", 0, "items", 1, "k"], (5, 20)),
        (["areas", 1, "text"], (7, 11)),
        (["areas", 0, "missing"], (3, 5)),  # missing key: the mapping that lacks it
        (["areas", 7], (3, 3)),
        (["areas", 0, "weight", "deeper"], (4, 13)),
        (["nope"], (1, 1)),
        (("areas", "0", "id"), (3, 9)),  # indices may come as text
    ],
)
def test_locate_yaml(loader: str, path: list[str | int], expected: tuple[int, int]) -> None:
    assert locate(RUBRIC, path) == expected
    assert locate(RUBRIC.encode(), path) == expected


def test_locate_yaml_with_bom_and_unicode(loader: str) -> None:
    text = "\ufeffjudul: é\nnilai: [1, 2]\n"
    assert locate(text.encode(), ["nilai", 1]) == (2, 12)


def test_locate_skips_complex_keys(loader: str) -> None:
    assert locate("? [a, b]\n: 1\nc: 2\n", ["c"]) == (3, 4)


@pytest.mark.parametrize("data", ["a: [1, 2\nb: 3", b"a: \xff", "a: 1\n\tb: 2", "{"])
def test_locate_returns_none_for_unparsable_text(loader: str, data: str | bytes) -> None:
    # a path not in the text is looked for to the end, where the text breaks (a path that
    # is found earlier is given: locating stops reading there, which is what keeps a 5 MB
    # refusal fast - issue 13)
    assert locate(data, ["zz"]) is None


def _offset(text: str, line: int, column: int) -> int:
    return sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1


Leaf = tuple[tuple[str | int, ...], Any]


def _leaves(value: Any, path: tuple[str | int, ...] = ()) -> list[Leaf]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return [(path, value)]


JSON_DATA = {
    "unit": "Biro Umum 😀",  # a surrogate pair once escaped: libyaml cannot read it
    "k" * 1100: 1,  # libyaml cannot read keys longer than 1024 characters
    "answers": [
        {"q": f"a{i}.q{j}", "value": j * 0.5, "ok": j % 2 == 0, "note": None}
        for i in range(20)
        for j in range(3)
    ],
    "long": "x" * 5000,
}


@pytest.mark.parametrize(
    "dump",
    [
        json.dumps,
        lambda d: json.dumps(d, indent=2),
        lambda d: json.dumps(d, indent="\t"),
        lambda d: json.dumps(d, ensure_ascii=False),
        lambda d: json.dumps(d, separators=(",", ":")),
    ],
    ids=["minified", "indent2", "tabs", "utf8", "compact"],
)
def test_locate_finds_every_json_leaf(loader: str, dump: Any) -> None:
    text = dump(JSON_DATA)
    for path, value in _leaves(JSON_DATA):
        spot = locate(text.encode(), path)
        assert spot is not None, path
        assert text[_offset(text, *spot) :].startswith(json.dumps(value)[:1]), path
        if not isinstance(value, str):
            assert text[_offset(text, *spot) :].startswith(json.dumps(value)), path


def test_locate_json_missing_key_points_at_parent() -> None:
    text = '{\n  "answers": [\n    {"q": 1}\n  ]\n}'
    assert locate(text, ["answers", 0, "value"]) == (3, 5)
    assert locate(text, ["answers", 3]) == (2, 14)


def test_locate_yaml_flow_style_that_looks_like_json(loader: str) -> None:
    assert locate("{a: 1, b: [2, 3]}", ["b", 1]) == (1, 15)
