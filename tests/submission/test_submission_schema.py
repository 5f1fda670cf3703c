"""The committed submission schema accepts every form a submission file may take.

Editors validate files against ``schema/submission.schema.json``; a schema that
refuses the bare answers the README documents flags valid files. The schema is
checked here with ``jsonschema`` (the ``test`` extra), against the examples, the
README's forms and what ``Submission.to_dict()`` writes, and it must still refuse
what the loader refuses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import zi_engine
from tests.support import EXAMPLES_DIR, REPO
from zi_engine import Submission, SubmissionError
from zi_engine import testing as zt
from zi_engine.safeio import load_yaml

jsonschema = pytest.importorskip("jsonschema", reason="the 'test' extra installs jsonschema")

SCHEMA = json.loads((REPO / "schema" / "submission.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
HEAD = {"unit": {"id": "U", "name": "Unit", "agency": {"id": "A"}}, "year": 2026}


def _errors(data: Any) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(data)]


def test_the_schema_itself_is_valid_draft_7() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", sorted(EXAMPLES_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_file_is_valid(path: Path) -> None:
    data = load_yaml(path.read_bytes(), filename=str(path))
    assert _errors(data) == []


def _readme_answers() -> dict[str, Any]:
    """The ``answers:`` block the README shows."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(answers:\n.*?)```", text, re.S)
    assert block is not None, "the README no longer shows an answers: block"
    answers: dict[str, Any] = load_yaml(block.group(1), filename="README.md")["answers"]
    return answers


def test_the_readmes_answer_forms_are_valid() -> None:
    answers = _readme_answers()
    assert answers["mp.p.tim_kerja.a"] == "Ya"  # the bare form the issue is about
    assert _errors({**HEAD, "answers": answers}) == []


@pytest.mark.parametrize(
    "answer",
    [
        "Ya",
        3,
        3.62,
        "3,62",
        None,
        {"value": "A", "notes": "catatan", "evidence": ["https://x/1"]},
        {"notes": "only notes"},
        {"unit": "C", "tpi": "B"},
        {"unit": {"value": "C"}, "tpi": {"value": "B", "notes": "TPI"}, "tpn": "A"},
        {"unit": None, "tpi": "B"},
        {},
    ],
)
def test_every_answer_form_the_loader_reads_is_valid(answer: Any) -> None:
    data = {**HEAD, "answers": {"q": answer}}
    Submission.from_dict(data)  # the loader reads it...
    assert _errors(data) == []  # ...and so does an editor


@pytest.mark.parametrize(
    "answer",
    [
        True,  # a YAML 'true' is not an answer
        ["A"],
        {"value": "A", "unit": "A"},  # an entry and layers at once
        {"unit": {"value": "A", "note": "typo"}},
        {"tpi": True},
        {"value": {"nested": 1}},
    ],
)
def test_what_the_loader_refuses_the_schema_refuses(answer: Any) -> None:
    data = {**HEAD, "answers": {"q": answer}}
    with pytest.raises(SubmissionError):
        Submission.from_dict(data)
    assert _errors(data) != []


@given(zt.submissions(zi_engine.load_rubric("permenpan-rb-90-2021"), layers=("unit", "tpi", "tpn")))
def test_what_to_dict_writes_is_valid(sub: Submission) -> None:
    assert _errors(sub.to_dict()) == []
