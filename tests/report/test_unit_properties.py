"""Any valid submission renders: every criterion id is there, every user text escaped."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

import zi_engine
from tests.report.support import TEMPLATE_TAGS, Tags
from zi_engine import Submission
from zi_engine.report import clean, render_unit_report
from zi_engine.testing import submissions, texts

RUBRIC = zi_engine.load_rubric("permenpan-rb-90-2021")

HOSTILE = st.one_of(
    texts(),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "\"'><img src=x onerror=alert(1)>",
            "</td></tr></table></svg><b>x</b>",
            "a & b &amp; c",
            "{{ 7 * 7 }} {% raw %}",
            "\x00\x1b[31m\x7f\x85",
            "\u202egnp.exe",
        ]
    ),
)


def _with_hostile_text(sub: Submission, name: str, note: str, evidence: str) -> Submission:
    data: dict[str, Any] = sub.model_dump(mode="json")
    data["unit"]["name"] = name
    data["unit"]["agency"]["name"] = note
    # a TPI answer that differs from the unit's, so the note and evidence are shown
    data["answers"]["mp.p.tim_kerja.b"] = {
        "unit": {"value": "C", "evidence": [evidence]},
        "tpi": {"value": "A", "notes": note},
    }
    return Submission.model_validate(data)


@given(
    sub=submissions(RUBRIC, layers=("unit", "tpi", "tpn")),
    name=HOSTILE.filter(lambda s: bool(s.strip())),
    note=HOSTILE,
    evidence=HOSTILE,
    layer=st.sampled_from(["tpi", "tpn"]),
)
def test_any_valid_submission_renders_with_every_criterion_and_user_text_escaped(
    sub: Submission, name: str, note: str, evidence: str, layer: str
) -> None:
    hostile = _with_hostile_text(sub, name, note, evidence)
    ev = zi_engine.evaluate(RUBRIC, hostile, up_to=layer)  # type: ignore[arg-type]
    plans = [zi_engine.plan(ev, p) for p, r in ev.eligibility.items() if not r.eligible]
    html = render_unit_report(ev, plans=plans)
    tags = Tags(html)
    assert tags.names <= TEMPLATE_TAGS  # nothing the input wrote became an element
    shown = {a.get("data-criterion") for t, a in tags.tags if t == "tr"}
    for predicate in ev.eligibility.values():
        for criterion in predicate.criteria:
            assert criterion.id in shown
    rest = html
    for text in (name, note, evidence):
        shown_text = str(escape(clean(text)))
        assert shown_text in html
        rest = rest.replace(shown_text, "")
    for control in ("\x00", "\x1b", "\x7f", "\x85", "\u202e"):
        assert control not in html
    assert "{{" not in rest  # input is shown as written, never run as a template
