"""The per-list entry limit, keys located as keys, and YAML syntax errors in plain words."""

from __future__ import annotations

import pytest

from zi_engine import RubricError, use_language
from zi_engine.safeio import MAX_ENTRIES, KeyAt, load_yaml, locate


def test_a_list_past_the_entry_limit_is_refused_at_that_entry() -> None:
    text = "values:\n" + "".join(f"  - {i}\n" for i in range(MAX_ENTRIES + 5))
    with pytest.raises(RubricError) as caught:
        load_yaml(text, filename="f.yaml")
    problem = caught.value.problems[0]
    assert problem.line == MAX_ENTRIES + 2  # the first entry past the limit
    assert "this list has more than 50,000 items" in problem.message


def test_a_mapping_past_the_entry_limit_is_refused() -> None:
    text = "".join(f"k{i}: 1\n" for i in range(MAX_ENTRIES + 1))
    with pytest.raises(RubricError, match="this mapping has more than 50,000 keys"):
        load_yaml(text, filename="f.yaml")


def test_as_many_entries_as_the_limit_are_read() -> None:
    text = "values: [" + ",".join("1" for _ in range(MAX_ENTRIES)) + "]\n"
    assert len(load_yaml(text, filename="f.yaml")["values"]) == MAX_ENTRIES


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("areas:\n  - id: a\n    bobot:\n      - 1\n", (3, 5), (4, 7)),
        ('{"areas": [{"id": "a",\n  "bobot":\n  [1]}]}', (2, 3), (3, 3)),
    ],
)
def test_a_key_is_located_at_the_key_not_its_value(
    text: str, key: tuple[int, int], value: tuple[int, int]
) -> None:
    assert locate(text, ["areas", 0, KeyAt("bobot")]) == key
    assert locate(text, ["areas", 0, "bobot"]) == value


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("q:\n  - id: a\n    text: x\n     answer: y\n", 4, "one space off"),
        ("q:\n  - id: a\n    text: x\n   answer: y\n", 4, "one space off"),
        ("q:\n  - id: a\n    text: Apakah unit: sudah\n", 3, 'quotes: text: "Apakah unit: sudah"'),
        ("q:\n  - id: a\n\u00a0\u00a0\u00a0\u00a0text: x\n", 3, "non-breaking space"),
        ("q:\n  - id: a\n    text: x\n    id: b\n", 4, "'- ' is missing"),
        ("a: 1\nb: 2\na: 3\n", 3, "appears twice in the same mapping (lines 1 and 3)"),
        ('a: "abc\nb: 1\n', 3, "the text in quotes that starts on line 1 is never closed"),
        ("a: [1, 2\nb: 1\n", 2, "written in brackets that starts on line 1 is not closed"),
        ("a: `x`\n", 1, "a value cannot start with this character"),
        ('a: "C:\\dir"\n', 1, "use single quotes"),
    ],
)
def test_a_yaml_mistake_is_said_with_its_likely_cause(text: str, line: int, words: str) -> None:
    with use_language("en"), pytest.raises(RubricError) as caught:
        load_yaml(text, filename="f.yaml")
    problem = caught.value.problems[0]
    assert problem.line == line
    assert words in problem.message


def test_a_syntax_error_with_no_known_cause_keeps_the_parser_words() -> None:
    with use_language("id"), pytest.raises(RubricError) as caught:
        load_yaml("- a\nb: 1\n", filename="f.yaml")
    message = caught.value.problems[0].message
    assert message.startswith("kesalahan sintaks YAML: did not find expected '-' indicator")
    assert "periksa indentasi dan tanda kutip dari baris 1 sampai baris 2" in message
