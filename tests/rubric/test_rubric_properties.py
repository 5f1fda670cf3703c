"""Rubrics: dump/load round trips, near-valid rubrics are refused at the defect's file and
line, and no generated input makes the loader raise anything but a ``RubricError``."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import zi_engine
from tests.support.cases import BUNDLED, DOCUMENTS
from tests.support.properties import examples
from zi_engine import Rubric, RubricError
from zi_engine import testing as zt

# ---------------------------------------------------------------------------- round trips


def _round_trip(rubric: Rubric) -> Rubric:
    with tempfile.TemporaryDirectory() as tmp:
        return zi_engine.load_rubric(rubric.dump(tmp))


@given(docs=DOCUMENTS)
def test_load_of_dump_gives_the_same_rubric(docs: zt.Documents) -> None:
    rubric = zt.load_documents(docs)
    again = _round_trip(rubric)
    assert again == rubric
    assert again.to_dict() == rubric.to_dict()
    assert again.content_hash == rubric.content_hash


@given(docs=zt.rubric_documents(text=zt.texts(number_like=False), max_questions=10))
def test_round_trip_keeps_texts_that_yaml_readers_misread(docs: zt.Documents) -> None:
    """``yes``, ``null``, ``- item``, ``a: b``, ``#``, tabs, Unicode: all come back as text."""
    rubric = zt.load_documents(docs)
    assert _round_trip(rubric) == rubric


@pytest.mark.parametrize("text", zt.NUMBER_LIKE_TEXTS)
def test_round_trip_keeps_texts_that_yaml_1_2_reads_as_numbers(text: str) -> None:
    """``Rubric.dump`` writes with PyYAML's YAML 1.1 rules, which leave ``1e5`` or ``0o17``
    unquoted; zi_engine reads YAML 1.2, where they are numbers, so the dump does not load."""
    docs = _tiny_documents()
    docs["rubric.yaml"]["title"] = text
    docs["hasil.yaml"]["areas"][0]["questions"][0]["text"] = text
    rubric = zt.load_documents(docs)
    assert _round_trip(rubric) == rubric


def test_the_bundled_rubric_round_trips() -> None:
    assert _round_trip(BUNDLED) == BUNDLED


@given(docs=DOCUMENTS)
@settings(max_examples=examples(0.5))
def test_dumping_twice_writes_the_same_files(docs: zt.Documents) -> None:
    rubric = zt.load_documents(docs)
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        first = rubric.dump(a)
        second = zi_engine.load_rubric(first).dump(b)
        names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.y*ml"))
        assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*.y*ml"))
        for name in names:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name


# ---------------------------------------------------------------------------- near-valid rubrics


@pytest.mark.parametrize("kind", zt.DEFECT_KINDS)
@given(data=st.data())
@settings(
    max_examples=examples(0.25),
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
def test_a_rubric_with_one_defect_is_refused_at_the_defects_file_and_line(
    kind: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    files, defect = data.draw(zt.near_valid_rubrics([kind]))
    note(f"{defect}\n" + "".join(f"--- {n}\n{t}" for n, t in files.items()))
    root = zt.write_documents(files, tmp_path_factory.mktemp("near-valid"))
    with pytest.raises(RubricError) as info:
        zi_engine.load_rubric(root)
    problems = info.value.problems
    note("\n".join(str(p) for p in problems))
    expected = str(root / defect.file)
    at = [p for p in problems if p.file == expected and p.line == defect.line]
    assert at, f"no problem at {defect.file}:{defect.line} ({defect.description})"


def test_an_option_with_a_bad_value_is_one_problem_at_the_value() -> None:
    """``options`` entries are text or a mapping; a bad value in the mapping must not also
    be reported as "input should be a valid string" at the option's first line."""
    docs = _tiny_documents()
    docs["hasil.yaml"]["areas"][0]["questions"][0] = {
        "id": "q",
        "text": "Q",
        "answer": "options",
        "options": {"A": {"text": "Lengkap", "value": 2}, "B": {"text": "Belum", "value": 0}},
    }
    texts = zt.documents_to_yaml(docs)
    with pytest.raises(RubricError) as info:
        zt.load_documents(texts)
    problems = info.value.problems
    value_line = zt.line_of(
        texts["hasil.yaml"], ("areas", 0, "questions", 0, "options", "A", "value")
    )
    assert len(problems) == 1, [str(p) for p in problems]
    assert problems[0].line == value_line
    assert problems[0].path.endswith("options.A.value")


def test_a_threshold_no_answer_can_reach_is_refused() -> None:
    """The only options are worth 0.5 and 0, so the question scores at most half its
    weight; a minimum of 75% of it can never be met."""
    docs = _tiny_documents()
    docs["hasil.yaml"]["areas"][0]["questions"][0] = {
        "id": "q",
        "text": "Q",
        "answer": "options",
        "options": {"B": {"text": "Sebagian", "value": 0.5}, "C": {"text": "Belum", "value": 0}},
    }
    docs["rubric.yaml"]["predicates"] = [
        {
            "id": "WBK",
            "label": "WBK",
            "criteria": [
                {"id": "q_min", "label": "Q", "kind": "score_min", "node": "item:q", "min": 7.5}
            ],
        }
    ]
    with pytest.raises(RubricError):
        zt.load_documents(docs)


def _tiny_documents() -> dict[str, Any]:
    return {
        "rubric.yaml": {
            "id": "tiny",
            "version": "1",
            "title": "Tiny",
            "regulation": {"name": "PermenPAN-RB 90/2021"},
            "effective": {"from": "2021-12-31"},
            "total": 10,
            "components": [{"id": "hasil", "label": "Hasil", "weight": 10}],
            "areas": ["hasil.yaml"],
        },
        "hasil.yaml": {
            "component": "hasil",
            "areas": [
                {
                    "id": "a",
                    "label": "A",
                    "weight": 10,
                    "questions": [{"id": "q", "text": "Q", "answer": "ya_tidak"}],
                }
            ],
        },
    }


# ---------------------------------------------------------------------------- fuzzing the loader

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "WBK", "ya_tidak", "count", "ratio", "score_min", "area:a1", "item:q1"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _places(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _places(v, (*path, i))
    return out


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    """Valid rubric files with one to three random edits: a value replaced by any data, a
    key dropped or renamed, or a file's text cut, spliced or replaced by random bytes."""
    docs = copy.deepcopy(draw(zt.rubric_documents(text=zt.plain_texts(), max_questions=8)))
    out: dict[str, Any] = dict(docs)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(out)))
        how = draw(st.sampled_from(["replace", "drop", "rename", "text", "bytes"]))
        if isinstance(out[name], (str, bytes)) or how in ("text", "bytes"):
            text = out[name] if isinstance(out[name], str) else None
            if text is None and not isinstance(out[name], bytes):
                text = zt.documents_to_yaml({name: out[name]})[name]
            if how == "bytes" or text is None:
                out[name] = draw(st.binary(max_size=200))
            else:
                lines = text.splitlines(keepends=True)
                cut = draw(st.integers(0, len(lines)))
                out[name] = (
                    "".join(lines[:cut])
                    + draw(st.text(max_size=20))
                    + "".join(lines[cut + draw(st.integers(0, 2)) :])
                )
            continue
        path = draw(st.sampled_from(_places(out[name])))
        if not path:
            out[name] = draw(_VALUES)
            continue
        parent = out[name]
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        if how == "replace" or isinstance(parent, list):
            parent[last] = draw(_VALUES)
        elif how == "drop":
            del parent[last]
        else:
            parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(last)
    return out


@given(files=_mutated())
@settings(max_examples=examples(2.0))
def test_the_loader_raises_only_rubric_errors(
    files: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_text(zt.documents_to_yaml({name: content})[name], encoding="utf-8")
    try:
        zi_engine.load_rubric(root)
    except RubricError as exc:
        problems = exc.problems
        assert problems
        for p in problems:
            assert p.message
            if p.file is not None and p.line is not None:
                shown = Path(p.file)
                assert shown.is_relative_to(root), p
                lines = shown.read_bytes().count(b"\n") + 1
                assert 1 <= p.line <= lines, p
