"""The unit's evaluation report: what it says, in which order, and that it stands alone."""

from __future__ import annotations

import re

from markupsafe import escape

from tests.conftest import MakeSubmission
from tests.report.support import TEMPLATE_TAGS, Tags, example
from tests.support.reviews import unit_only_submission
from zi_engine import Rubric, evaluate, load_rubric, plan
from zi_engine.report import number, render_unit_report


def test_the_report_names_who_which_year_which_rubric_and_layer() -> None:
    ev, plans = example("dinkes-banjarbaru-wbk")
    text = Tags(render_unit_report(ev, plans=plans)).joined_text()
    assert "Dinas Kesehatan Kota Banjarbaru" in text
    assert "DINKES-BJB" in text
    assert "Pemerintah Kota Banjarbaru" in text
    assert "Tahun penilaian 2026" in text
    assert f"permenpan-rb-90-2021 versi {ev.rubric_version}" in text
    assert ev.rubric_hash in text
    assert "Tanggal evaluasi 2026-05-20" in text
    # counted up to TPN; the highest layer any answer came from is the TPI's
    assert "TPN (lapisan tertinggi yang dipakai: TPI)" in text


def test_scores_are_written_the_indonesian_way_with_their_maxima() -> None:
    ev, plans = example("dinkes-banjarbaru-wbk")
    html = render_unit_report(ev, plans=plans)
    text = Tags(html).joined_text()
    assert f"{ev.total:.2f}" == "85.46"  # the example's total, as `zi-engine score` prints it
    assert "Nilai total 85,46 100,00 85,5%" in text
    pengungkit, hasil = ev.components["pengungkit"], ev.components["hasil"]
    assert f"Pengungkit {number(pengungkit.score)} 60,00" in text
    assert f"Hasil {number(hasil.score)} 40,00" in text
    # the criteria's reasons are the eligibility stage's own texts, shown as given
    own = Tags(re.sub(r'<div class="note reason">.*?</div>', "", html)).joined_text()
    assert "85.46" not in own


def test_failed_criteria_come_first_with_actual_required_gap_and_source() -> None:
    ev, plans = example("rsud-idaman-area-minimum")
    tags = Tags(render_unit_report(ev, plans=plans))
    rows = [a["data-criterion"] for t, a in tags.tags if t == "tr" and "data-criterion" in a]
    wbk = ev.eligibility["WBK"]
    assert rows[: len(wbk.criteria)][0] == "area_minimum.penguatan_pengawasan"
    assert sorted(rows[: len(wbk.criteria)]) == sorted(c.id for c in wbk.criteria)
    wbbm = rows[len(wbk.criteria) :]
    failed = ev.eligibility["WBBM"].failed
    assert set(wbbm[: len(failed)]) == set(failed)
    text = tags.joined_text()
    # Penguatan Pengawasan at 54,47% of its weight against 60%, short by the rest
    area = ev.areas["penguatan_pengawasan"]
    assert number(area.percent) == "54,47"
    (failed_area,) = [c for c in wbk.criteria if c.outcome == "fail"]
    assert failed_area.gap is not None
    assert abs(failed_area.gap - (60 - area.percent)) < 1e-9
    gap = number(failed_area.gap)
    assert "tidak memenuhi Penguatan Pengawasan ≥ 60%" in text
    # each criterion's reason is shown under its label, as the eligibility stage gave it
    reason = failed_area.reason
    assert reason
    assert f"penguatan_pengawasan {reason} nilai 54,47% 60,00% {gap}% PermenPAN" in text
    assert "PermenPAN-RB 90/2021, Tabel 6 (hlm. 58)" in text


def test_the_plan_says_which_answer_to_change_and_what_it_gains() -> None:
    ev, plans = example("rsud-idaman-area-minimum")
    step = plan(ev, "WBK").steps[0]
    text = Tags(render_unit_report(ev, plans=plans)).joined_text()
    assert "Yang perlu dilakukan" in text
    assert f"{step.text} {step.question_id}" in text
    assert f"+{number(step.points)}" in text
    assert "saat ini tidak memenuhi (nilai total" in text
    assert "setelah langkah berikut memenuhi (nilai total" in text


def test_charts_are_inline_svg_with_the_area_minimum_lines() -> None:
    ev, plans = example("rsud-idaman-area-minimum")
    html = render_unit_report(ev, plans=plans)
    area_chart = html[html.index('id="grafik-area"') : html.index('id="grafik-hasil"')]
    assert area_chart.count("class='bar'") == 6  # the six pengungkit areas
    assert "WBK 60%" in area_chart
    assert "WBBM 75%" in area_chart
    # the one area below 60% is drawn in the warning colour
    assert area_chart.count("fill='#c53030'") == 1
    hasil_chart = html[html.index('id="grafik-hasil"') : html.index('id="kelayakan"')]
    assert "WBK 15,75" in hasil_chart  # the IPAK floor, as a mark on its bar
    assert re.search(r"<svg [^>]*width='720' height='\d+'", area_chart)


def test_the_file_is_self_contained_and_needs_no_script() -> None:
    ev, plans = example("dinkes-banjarbaru-wbk")
    html = render_unit_report(ev, plans=plans)
    tags = Tags(html)
    assert tags.names <= TEMPLATE_TAGS
    assert "script" not in tags.names
    assert "link" not in tags.names
    assert "img" not in tags.names
    for _, attrs in tags.tags:
        assert "src" not in attrs
        assert "href" not in attrs
    assert "url(" not in html
    assert "@import" not in html
    assert "@bottom-right" in html
    assert "counter(pages)" in html


def test_differences_between_unit_and_tpi_answers_are_side_by_side() -> None:
    ev, plans = example("dinkes-banjarbaru-wbk")
    text = Tags(render_unit_report(ev, plans=plans)).joined_text()
    question = ev.items["mp.p.tim_kerja.b"]
    assert f"{question.text} mp.p.tim_kerja.b C B Hasil verifikasi TPI" in text
    # counted up to the unit's own layer, no TPI answer is shown as a difference
    ev_unit, _ = example("dinkes-banjarbaru-wbk", up_to="unit")
    unit_text = Tags(render_unit_report(ev_unit)).joined_text()
    assert "Jawaban TPI dan TPN tidak berbeda dari jawaban unit." in unit_text
    assert "Hasil verifikasi TPI" not in unit_text


def test_evidence_gaps_list_questions_that_require_evidence_and_have_none(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = evaluate(rubric, make_submission())  # best answers, no evidence at all
    assert ev.missing_evidence
    html = render_unit_report(ev)
    section = html[html.index('id="data-dukung"') : html.index('id="perbedaan"')]
    for qid in ev.missing_evidence:
        assert qid in section
    ev_example, _ = example("dinkes-banjarbaru-wbk")
    assert not ev_example.missing_evidence
    assert "sudah memilikinya" in render_unit_report(ev_example)


def test_hostile_names_and_notes_show_as_text(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    sub = make_submission()
    name = "<script>alert(1)</script> & \x1b[2J\u202e"
    data = sub.model_dump(mode="json")
    data["unit"]["name"] = name
    data["answers"]["mp.p.tim_kerja.b"] = {
        "unit": {"value": "C", "evidence": ['javascript:alert("x")', "<img src=x onerror=1>"]},
        "tpi": {"value": "B", "notes": "</td></tr></table><script>evil()</script>"},
    }
    hostile = type(sub).model_validate(data)
    html = render_unit_report(evaluate(rubric, hostile))
    tags = Tags(html)
    assert tags.names <= TEMPLATE_TAGS
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \u241b[2J\ufffd" in html
    assert str(escape("</td></tr></table><script>evil()</script>")) in html
    assert str(escape("<img src=x onerror=1>")) in html
    assert "\x1b" not in html
    assert "\u202e" not in html


def test_the_parent_unit_s_answers_have_their_own_column_when_it_answered() -> None:
    rubric = load_rubric("permenpan-rb-90-2021")
    sub = unit_only_submission().with_answers({"mp.p.tim_kerja.a": "Tidak"}, "induk")
    html = render_unit_report(evaluate(rubric, sub, up_to="induk"))
    text = Tags(html).joined_text()
    assert "Unit induk" in text  # the report speaks Indonesian: the column's header
    question = evaluate(rubric, sub).items["mp.p.tim_kerja.a"]
    assert f"{question.text} mp.p.tim_kerja.a Ya Tidak" in text
    plain = render_unit_report(evaluate(rubric, unit_only_submission(), up_to="induk"))
    assert "Unit induk" not in Tags(plain).joined_text()
