"""``zi-engine diff`` and ``zi-engine review``: tables, JSON, and clear errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import zi_engine
from tests.support.reviews import (
    ANGGOTA,
    KETUA,
    PENGENDALI,
    definition,
    minutes,
    unit_only_submission,
)
from zi_engine import Review, Rubric
from zi_engine.cli import _main as _cli


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = _cli.main(["--no-plugins", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _layered(tmp_path: Path) -> Path:
    """The example unit; the TPI lowers two answers and the TPN one of them again.

    By hand (Lampiran III weights): tim_kerja.a Ya -> Tidak is 0.50 / 2 = -0.25;
    rencana.b A -> B is (0.5 - 1) / 3 = -0.1667, and B -> C again -0.1667.
    """
    sub = unit_only_submission()
    sub = sub.with_answers({"mp.p.rencana.b": "B", "mp.p.tim_kerja.a": "Tidak"}, "tpi")
    sub = sub.with_answers({"mp.p.rencana.b": "C"}, "tpn")
    return zi_engine.save_submission(sub, tmp_path / "dinkes.yaml")


def test_diff_lists_each_difference_with_its_score_effect(tmp_path: Path) -> None:
    code, out, err = run("diff", str(_layered(tmp_path)))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "DINKES-BJB (2026): 3 difference(s) between answer layers"
    assert lines[2:5] == [
        "mp.p.tim_kerja.a | tpi | Tidak | Ya (unit) | -0.2500",
        "mp.p.rencana.b | tpi | B | A (unit) | -0.1667",
        "mp.p.rencana.b | tpn | C | B (tpi) | -0.1667",
    ]
    assert lines[5].startswith("totals: unit ")


def test_diff_as_json_and_when_the_layers_agree(tmp_path: Path) -> None:
    code, out, _ = run("diff", str(_layered(tmp_path)), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [round(d["effect"], 4) for d in data["differences"]] == [-0.25, -0.1667, -0.1667]
    totals = data["totals"]
    assert round(totals["unit"] - totals["tpn"], 4) == round(0.25 + 2 / 6, 4)
    plain = zi_engine.save_submission(unit_only_submission(), tmp_path / "plain.yaml")
    code, out, _ = run("diff", str(plain))
    assert (code, out.splitlines()[0]) == (0, "DINKES-BJB (2026): the answer layers agree")


def test_diff_of_a_bad_file_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit: [", encoding="utf-8")
    code, out, err = run("diff", str(bad))
    assert (code, out) == (1, "")
    assert err.startswith(str(bad))
    assert "Traceback" not in err


def test_review_shows_a_saved_reviews_state_and_catches_tampering(
    tmp_path: Path, rubric: Rubric
) -> None:
    review = Review.start(
        definition(), "tpi", rubric=rubric, submission=unit_only_submission(), at=minutes(0),
        questions=["mp.p.rencana.b", "mp.p.rencana.c"],
    )  # fmt: skip
    review.give_verdict("mp.p.rencana.b", "sesuai", actor=ANGGOTA, at=minutes(1))
    review.give_verdict("mp.p.rencana.c", "sesuai", actor=ANGGOTA, at=minutes(2))
    review.sign_off(actor=ANGGOTA, at=minutes(3))
    path = tmp_path / "review.json"
    path.write_text(json.dumps(review.to_dict()), encoding="utf-8")
    code, out, err = run("review", str(path))
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "Evaluasi TPI of DINKES-BJB (PEMKOT-BJB), definition permenpan-rb-90-2021",
        "round 1 (0 closed); started 2026-03-02T08:00:00+07:00",
        "questions: sesuai 2",
    ]
    assert "next to sign off: Ketua tim TPI (role tpi_ketua_tim)" in out
    code, out, _ = run("review", str(path), "--format", "json")
    assert json.loads(out)["next_tier"] == "ketua_tim"
    review.sign_off(actor=KETUA, at=minutes(4))
    review.sign_off(actor=PENGENDALI, at=minutes(5))
    doc = review.to_dict()
    doc["history"][0]["note"] = "diubah"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run("review", str(path))
    assert (code, out) == (1, "")
    assert (
        err
        == f"{path}: history[0].hash: does not match the record's content: the record was altered\n"
    )
