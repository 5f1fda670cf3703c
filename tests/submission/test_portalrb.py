"""The national portal's "jawaban LKE satu unit" format, both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import Rubric, SubmissionError

EXAMPLES = EXAMPLES_DIR


def _doc(*answers: dict[str, object]) -> dict[str, object]:
    return {
        "unit_id": "UNIT-BKD-001",
        "nama_unit": "Biro Kepegawaian",
        "tahun": 2026,
        "answers": list(answers),
    }


def test_the_guides_example_shape_is_read(rubric: Rubric) -> None:
    sub = zi_engine.from_portalrb(
        _doc(
            {
                "soal_id": 2,
                "jawaban_unit": "A",
                "jawaban_tpi": "B",
                "catatan_unit": "Sudah diimplementasikan",
                "bukti_dukung_unit": "https://x/1",
                "catatan_tpi": "Verifikasi lapangan",
            },
            {
                "soal_id": 1,
                "jawaban_unit": "Ya",
                "jawaban_tpi": None,
                "catatan_unit": None,
                "bukti_dukung_unit": None,
                "catatan_tpi": None,
            },
            {"soal_id": 125, "jawaban_unit": "3,62"},
        ),
        rubric=rubric,
    )
    assert sub.unit.id == "UNIT-BKD-001"
    assert sub.year == 2026
    ev = zi_engine.evaluate(rubric, sub)
    items = ev.items
    assert items["mp.p.tim_kerja.b"].layer == "tpi"  # the TPI answer counts where present
    assert items["mp.p.tim_kerja.b"].value == 0.5
    assert items["mp.p.tim_kerja.b"].evidence == ("https://x/1",)
    assert items["mp.p.tim_kerja.a"].layer == "unit"
    assert items["hasil.bersih_akuntabel.ipak"].value == pytest.approx(3.62 / 4)
    # nothing is invented for the other 124 soal
    assert len(ev.missing_answers) == len(rubric.questions) - 8 - 3


def test_bad_documents_name_each_question_and_line(tmp_path: Path, rubric: Rubric) -> None:
    path = tmp_path / "lke.json"
    path.write_text(
        json.dumps(
            _doc(
                {"soal_id": 999, "jawaban_unit": "A"},
                {"soal_id": 2, "jawaban_unit": "Z"},
                {"soal_id": 88, "jawaban_unit": "dua"},
                {"soal_id": 2, "jawaban_unit": "A"},
                {"soal_id": 127, "jawaban_tpi": "4,2"},
            ),
            indent=2,
        )
    )
    with pytest.raises(SubmissionError) as info:
        zi_engine.from_portalrb(path, rubric=rubric)
    lines = [str(p) for p in info.value.problems]
    assert len(lines) == 5
    assert "soal_id 999 is not in rubric" in lines[0]
    assert "soal_id 2 (mp.p.tim_kerja.b): 'Z' is not an option" in lines[1]
    assert "soal_id 88 (mp.r.komitmen_perubahan.a_agen): 'dua' is not a number" in lines[2]
    assert "answered twice" in lines[3]
    assert "between 0 and 4" in lines[4]
    assert all(line.startswith(f"{path}:") for line in lines)
    assert lines[1].split(":")[1] == "12"  # the line of that jawaban_unit


def test_a_malformed_document_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "lke.json"
    path.write_text('{"unit_id": "U", "tahun": "dua ribu", "answers": [{"jawaban_unit": "A"}]}')
    with pytest.raises(SubmissionError) as info:
        zi_engine.from_portalrb(path)
    text = str(info.value)
    assert "nama_unit" in text
    assert "tahun" in text
    assert "soal_id" in text


@pytest.mark.parametrize(
    "name", ["dinkes-banjarbaru-wbk", "rsud-idaman-area-minimum", "kpp-banjarbaru-wbbm"]
)
def test_examples_round_trip_through_the_portal_format(rubric: Rubric, name: str) -> None:
    sub = zi_engine.load_submission(EXAMPLES / f"{name}.yaml")
    portal = json.loads((EXAMPLES / f"{name}.portalrb.json").read_text())
    assert zi_engine.to_portalrb(sub, rubric=rubric) == portal
    again = zi_engine.from_portalrb(portal, rubric=rubric)
    assert zi_engine.to_portalrb(again, rubric=rubric) == portal
    # same scores: the portal carries every answer that counts
    assert zi_engine.evaluate(rubric, again).total == pytest.approx(
        zi_engine.evaluate(rubric, sub).total
    )


# ------------------------------------------------------------------ what the format cannot carry


def test_a_tpn_layer_is_not_lost_silently(rubric: Rubric) -> None:
    sub = zi_engine.load_submission(EXAMPLES / "dinkes-banjarbaru-wbk.yaml")
    reviewed = sub.with_answers({"mp.p.tim_kerja.a": "Tidak"}, layer="tpn")
    with pytest.raises(SubmissionError) as info:
        zi_engine.to_portalrb(reviewed, rubric=rubric)
    (problem,) = info.value.problems
    assert problem.path == "answers.mp.p.tim_kerja.a.tpn"
    assert "drop_tpn=True" in problem.message
    # asked for, the TPN layer is left out, and the score read back is the TPI/unit one
    portal = zi_engine.to_portalrb(reviewed, rubric=rubric, drop_tpn=True)
    assert portal == zi_engine.to_portalrb(sub, rubric=rubric)
    again = zi_engine.from_portalrb(portal, rubric=rubric)
    assert zi_engine.evaluate(rubric, again).total == pytest.approx(
        zi_engine.evaluate(rubric, reviewed, up_to="tpi").total
    )


def test_an_empty_tpn_entry_loses_nothing(rubric: Rubric) -> None:
    sub = zi_engine.load_submission(EXAMPLES / "dinkes-banjarbaru-wbk.yaml")
    layered = sub.answers["mp.p.tim_kerja.a"].model_copy(update={"tpn": zi_engine.AnswerEntry()})
    empty = sub.model_copy(update={"answers": {**sub.answers, "mp.p.tim_kerja.a": layered}})
    assert zi_engine.to_portalrb(empty, rubric=rubric) == zi_engine.to_portalrb(sub, rubric=rubric)


def test_what_the_portal_does_not_carry_can_be_passed_alongside(rubric: Rubric) -> None:
    sub = zi_engine.load_submission(EXAMPLES / "kpp-banjarbaru-wbbm.yaml")
    portal = zi_engine.to_portalrb(sub, rubric=rubric)
    bare = zi_engine.from_portalrb(portal, rubric=rubric)
    assert bare.unit.agency.id == "unknown"
    assert bare.target == "WBK"
    full = zi_engine.from_portalrb(
        portal,
        rubric=rubric,
        agency=sub.unit.agency,
        facts=sub.facts.model_dump(mode="json"),  # plain data of the Facts form
        target=sub.target,
        as_of=sub.as_of,
    )
    assert (full.unit.agency, full.facts, full.target, full.as_of) == (
        sub.unit.agency,
        sub.facts,
        sub.target,
        sub.as_of,
    )
    assert zi_engine.evaluate(rubric, full).eligibility["WBBM"].outcome == "eligible"
    assert zi_engine.from_portalrb(portal, rubric=rubric, agency="KEMENKEU").unit.agency == (
        zi_engine.AgencyInfo(id="KEMENKEU")
    )
    with pytest.raises(SubmissionError, match=r"unit\.tlhp_percent"):
        zi_engine.from_portalrb(portal, rubric=rubric, facts={"unit": {"tlhp_percent": 101}})


def test_the_portal_document_can_come_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, rubric: Rubric
) -> None:
    import io

    raw = (EXAMPLES / "kpp-banjarbaru-wbbm.portalrb.json").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert zi_engine.to_portalrb(zi_engine.from_portalrb("-", rubric=rubric), rubric=rubric) == (
        json.loads(raw)
    )
