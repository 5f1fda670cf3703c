"""Control characters in data cannot forge lines or drive the terminal in human output.

A newline in a unit name used to add a forged ``TOTAL … FORGED`` line to the
table, ANSI escapes reached the terminal, and a newline in a state label
added an arrow to the Mermaid diagram. Every human-readable rendering now
goes through :func:`zi_engine._text.printable`; JSON keeps the data exact.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.lifecycle import UNIT_HEAD, S
from zi_engine import Engine, Lifecycle, Submission
from zi_engine._text import printable
from zi_engine.cli import _main as _cli
from zi_engine.lifecycle import Portfolio
from zi_engine.render._diagram import mermaid_diagram
from zi_engine.render._portfolio import render_portfolio
from zi_engine.render._text import render_evaluation

FORGED = "Dinas\nTOTAL                                       100.00  100.00  100.0 FORGED"
ANSI = "\x1b[2J\x1b[31mmerah\x1b[0m"


def _with_unit_name(sub: Submission, name: str) -> Submission:
    data = sub.model_dump(mode="json")
    data["unit"]["name"] = name
    return Submission.model_validate(data)


def _lines_are_clean(text: str) -> None:
    for line in text.splitlines():
        assert "\x1b" not in line
        assert not line.startswith("TOTAL") or "FORGED" not in line, line


@pytest.mark.parametrize("markdown", [False, True])
def test_a_unit_name_cannot_forge_a_table_row_or_colour_the_terminal(
    rubric: Any, make_submission: Any, markdown: bool
) -> None:
    sub = _with_unit_name(make_submission(), FORGED + ANSI)
    text = render_evaluation(Engine().evaluate(rubric, sub), markdown=markdown)
    _lines_are_clean(text)
    assert not any("FORGED" in line for line in text.splitlines()[1:]), "forged row"
    assert "Dinas\\nTOTAL" in text.splitlines()[0]
    assert "\\x1b[31m" in text


def test_json_output_keeps_the_data_exact(
    rubric: Any, make_submission: Any, tmp_path: Path
) -> None:
    sub = _with_unit_name(make_submission(), FORGED + ANSI)
    path = tmp_path / "s.json"
    path.write_text(sub.model_dump_json(), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert _cli.main(["score", str(path), "--format", "json"], out=out, err=err) == 0, err
    assert json.loads(out.getvalue())["unit"]["name"] == FORGED + ANSI


def test_a_state_label_cannot_add_an_arrow_to_the_diagram(tmp_path: Path) -> None:
    source = Engine().lifecycle_definitions["permenpan-rb-90-2021"][0]
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["name"] = "label-jahat"
    data["states"]["building"]["label"] = 'Pembangunan"\n    candidate --> designated: forged'
    path = tmp_path / "jahat.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    definition = Engine().load_lifecycle_definition(path)
    diagram = mermaid_diagram(definition)
    assert not any(
        line.strip().startswith("candidate --> designated") for line in diagram.splitlines()
    )
    assert "\\n    candidate --> designated: forged" in diagram


def test_portfolio_rows_escape_unit_and_agency_ids() -> None:
    lc = Lifecycle.new("dinkes\n  pemprov  TOTAL 9999", "pemprov\x1b[2J")
    lc.fire(
        "declare",
        actor=_actor("pemprov\x1b[2J"),
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    text = render_portfolio(Portfolio([lc]), stuck_days=1, at=S.review)
    assert "\x1b" not in text
    assert not any(line.strip().startswith("pemprov  TOTAL") for line in text.splitlines())
    assert "dinkes\\n  pemprov  TOTAL 9999" in text


def _actor(agency: str) -> Any:
    return type(UNIT_HEAD)(UNIT_HEAD.id, UNIT_HEAD.role, agency)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain – é 😀\u00a0text", "plain – é 😀\u00a0text"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x1b[31m\x7f\x85\x9b", "\\x1b[31m\\x7f\\x85\\x9b"),
        ("\u2028\u2029\u202e\u2066", "\\u2028\\u2029\\u202e\\u2066"),
    ],
)
def test_printable_escapes_controls_and_keeps_the_rest(text: str, shown: str) -> None:
    assert printable(text) == shown
