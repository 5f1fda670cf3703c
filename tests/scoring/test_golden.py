"""Golden values computed by hand from PermenPAN-RB 90/2021 Lampiran III.

Every expected number below is worked out in the comment beside it from the
regulation's rules: a sub-area scores mean(values of its scored items) × its
weight; A–D is 1/0.67/0.33/0 as printed; surveys give index/4 × 17.5; a
percentage is a capped ratio of counts. No intermediate rounding.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import zi_engine
from zi_engine import Rubric, Submission

MakeSubmission = Callable[..., Submission]


def test_all_best_answers_score_exactly_100(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission())
    assert ev.total == pytest.approx(100.0, abs=1e-9)
    assert ev.components["pengungkit"].score == pytest.approx(60.0, abs=1e-9)
    assert ev.components["hasil"].score == pytest.approx(40.0, abs=1e-9)
    assert ev.missing_answers == ()


def test_all_worst_answers_score_exactly_0(
    rubric: Rubric, make_submission: MakeSubmission, worst_answers: dict[str, object]
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission(base=worst_answers))
    assert ev.total == pytest.approx(0.0, abs=1e-12)
    assert ev.eligibility["WBK"].outcome == "not_eligible"


def test_all_counts_zero_gives_the_stated_zero_denominator_values(
    rubric: Rubric, make_submission: MakeSubmission, worst_answers: dict[str, object]
) -> None:
    zeros = {qid: 0 for qid, q in rubric.questions.items() if q.answer == "count"}
    ev = zi_engine.evaluate(rubric, make_submission(zeros, base=worst_answers))
    # 0/0 gives 1 for: discipline decline (sub-area 2), complaints (3), LHKPN (1), LHKASN (1);
    # each is the only scored item of its sub-area: 2 + 3 + 1 + 1 = 7.
    assert ev.total == pytest.approx(7.0, abs=1e-12)


def test_worked_example_of_a_typical_unit(rubric: Rubric, make_submission: MakeSubmission) -> None:
    sub = make_submission(
        {
            # Penyusunan Tim Kerja (0.5): mean(Ya=1, B=0.5) = 0.75 -> 0.375, loses 0.125
            "mp.p.tim_kerja.b": "B",
            # Komitmen dalam perubahan (2): mean(3/4 = 0.75, 3/3 = 1) = 0.875 -> 1.75, loses 0.25
            "mp.r.komitmen_perubahan.a_agen": 4,
            "mp.r.komitmen_perubahan.a_perubahan": 3,
            "mp.r.komitmen_perubahan.b_perubahan": 3,
            "mp.r.komitmen_perubahan.b_terintegrasi": 3,
            # SOP (1): mean(A=1, B as printed 0.67, A=1) = 2.67/3 -> 0.89, loses 0.11
            "tt.p.sop.a": "B",
            # Penegakan disiplin (0.75): C = 0.33 -> 0.2475, loses 0.5025
            "sdm.p.disiplin.a": "C",
            # Pelanggaran disiplin (2): (4 - 1)/4 = 0.75 -> 1.5, loses 0.5
            "sdm.r.disiplin.a_tahun_lalu": 4,
            "sdm.r.disiplin.a_tahun_ini": 1,
            # Penanganan pengaduan (3): 9 resolved of 12 due = 0.75 -> 2.25, loses 0.75
            # (complaints still in process are informational only)
            "pw.r.pengaduan.a_harus_ditindaklanjuti": 12,
            "pw.r.pengaduan.a_sedang_diproses": 3,
            "pw.r.pengaduan.a_selesai": 9,
            # IPAK 3.60 (decimal comma, as spreadsheets write it): 3.6/4 x 17.5 = 15.75, loses 1.75
            "hasil.bersih_akuntabel.ipak": "3,60",
            # Capaian kinerja C: 0.5 x 5 = 2.5, loses 2.5
            "hasil.bersih_akuntabel.capaian_kinerja": "C",
            # IPKP 3.20: 3.2/4 x 17.5 = 14.0, loses 3.5
            "hasil.pelayanan_prima.ipkp": 3.2,
        }
    )
    ev = zi_engine.evaluate(rubric, sub)
    # 100 - 0.125 - 0.25 - 0.11 - 0.5025 - 0.5 - 0.75 - 1.75 - 2.5 - 3.5 = 90.0125
    assert ev.total == pytest.approx(90.0125, abs=1e-9)
    # pengungkit: 60 - (0.125 + 0.25 + 0.11 + 0.5025 + 0.5 + 0.75) = 57.7625
    assert ev.components["pengungkit"].score == pytest.approx(57.7625, abs=1e-9)
    # pemenuhan loses 0.125 + 0.11 + 0.5025 = 0.7375; reform loses 0.25 + 0.5 + 0.75 = 1.5
    pengungkit = ev.to_dict()["components"]["pengungkit"]["parts"]
    assert pengungkit["pemenuhan"]["score"] == pytest.approx(29.2625, abs=1e-9)
    assert pengungkit["reform"]["score"] == pytest.approx(28.5, abs=1e-9)
    # areas: Manajemen Perubahan 8 - 0.375 = 7.625; SDM 10 - 1.0025 = 8.9975;
    # Pengawasan 15 - 0.75 = 14.25 (95%)
    assert ev.areas["manajemen_perubahan"].score == pytest.approx(7.625, abs=1e-9)
    assert ev.areas["penataan_sistem_manajemen_sdm_aparatur"].score == pytest.approx(8.9975)
    assert ev.areas["penguatan_pengawasan"].percent == pytest.approx(95.0)
    # hasil: bersih 15.75 + 2.5 = 18.25, prima 14.0
    assert ev.areas["bersih_akuntabel"].score == pytest.approx(18.25, abs=1e-9)
    assert ev.areas["pelayanan_prima"].score == pytest.approx(14.0, abs=1e-9)
    items = ev.items
    assert items["mp.r.komitmen_perubahan.a"].value == pytest.approx(0.75)
    assert items["sdm.r.disiplin.a"].value == pytest.approx(0.75)
    assert items["pw.r.pengaduan.a"].value == pytest.approx(0.75)
    assert items["pw.r.pengaduan.a_sedang_diproses"].status == "count"
    assert items["tt.p.sop.a"].score == pytest.approx(0.67 / 3)


def test_thresholds_met_exactly_pass_despite_float_error(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # IPAK 3.60 -> 15.75, capaian C -> 2.50, bersih 18.25, IPKP 3.20 -> 14.00: each exactly on
    # its WBK minimum (Tabel 6), where 3.6/4*17.5 is 15.749999999999998 in binary floats.
    sub = make_submission(
        {
            "hasil.bersih_akuntabel.ipak": "3,60",
            "hasil.bersih_akuntabel.capaian_kinerja": "C",
            "hasil.pelayanan_prima.ipkp": "3.20",
        }
    )
    wbk = zi_engine.evaluate(rubric, sub).eligibility["WBK"]
    by_id = {c.id: c for c in wbk.criteria}
    for cid in ("ipak", "capaian_kinerja", "bersih_akuntabel", "pelayanan_prima"):
        assert by_id[cid].outcome == "pass", by_id[cid]
        assert by_id[cid].gap == 0
    assert wbk.outcome == "eligible"


@pytest.mark.parametrize(
    ("ipak", "ipkp", "failed"),
    [
        # 3.59/4 x 17.5 = 15.70625 < 15.75; bersih 15.70625 + 5 = 20.70625 still >= 18.25
        ("3,59", "4", {"ipak"}),
        # 3.19/4 x 17.5 = 13.95625 < 14.00
        ("4", "3,19", {"pelayanan_prima"}),
    ],
)
def test_survey_thresholds_just_missed_fail(
    rubric: Rubric, make_submission: MakeSubmission, ipak: str, ipkp: str, failed: set[str]
) -> None:
    sub = make_submission({"hasil.bersih_akuntabel.ipak": ipak, "hasil.pelayanan_prima.ipkp": ipkp})
    wbk = zi_engine.evaluate(rubric, sub).eligibility["WBK"]
    assert set(wbk.failed) == failed
    assert wbk.outcome == "not_eligible"
    gap = {c.id: c.gap for c in wbk.criteria}
    expected_gap = 15.75 - 15.70625 if "ipak" in failed else 14.0 - 13.95625
    assert gap[next(iter(failed))] == pytest.approx(expected_gap)


def test_wbbm_survey_floor_for_pelayanan_prima(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # WBBM needs pelayanan prima >= 15.75, i.e. IPKP 3.60 (Tabel 6)
    at = zi_engine.evaluate(rubric, make_submission({"hasil.pelayanan_prima.ipkp": "3,6"}))
    below = zi_engine.evaluate(rubric, make_submission({"hasil.pelayanan_prima.ipkp": "3,59"}))
    assert {c.id: c.outcome for c in at.eligibility["WBBM"].criteria}["pelayanan_prima"] == "pass"
    assert "pelayanan_prima" in below.eligibility["WBBM"].failed
    assert "pelayanan_prima" not in below.eligibility["WBK"].failed  # 15.70625 >= 14.00


@pytest.mark.parametrize(
    ("previous", "current", "value"),
    [
        (4, 1, 0.75),  # (4 - 1) / 4
        (1, 3, 0.0),  # more violations than last year: capped at 0
        (0, 0, 1.0),  # none last year, none this year: the rubric's zero_denominator (1)
        (0, 2, 0.0),  # none last year, some now: -2/0 -> 0
        (5, 0, 1.0),
    ],
)
def test_discipline_decline(
    rubric: Rubric, make_submission: MakeSubmission, previous: int, current: int, value: float
) -> None:
    sub = make_submission(
        {"sdm.r.disiplin.a_tahun_lalu": previous, "sdm.r.disiplin.a_tahun_ini": current}
    )
    ev = zi_engine.evaluate(rubric, sub)
    assert ev.items["sdm.r.disiplin.a"].value == pytest.approx(value)
    # the only scored item of "Pelanggaran Disiplin Pegawai" (weight 2)
    assert ev.total == pytest.approx(100 - 2 * (1 - value))


@pytest.mark.parametrize(
    ("counts", "value"),
    [
        ({"pw.r.lhkpn.a_sudah_melapor": 2}, 2 / 3),  # 2 / (1 + 1 + 1)
        ({"pw.r.lhkpn.a_sudah_melapor": 5}, 1.0),  # more reported than obliged: capped at 1
        (
            {
                "pw.r.lhkpn.a_pejabat_wajib": 6,
                "pw.r.lhkpn.a_lainnya": 2,
                "pw.r.lhkpn.a_sudah_melapor": 9,
            },
            1.0,
        ),
        (
            {
                "pw.r.lhkpn.a_pejabat_wajib": 6,
                "pw.r.lhkpn.a_lainnya": 2,
                "pw.r.lhkpn.a_sudah_melapor": 6,
            },
            6 / 9,
        ),
    ],
)
def test_lhkpn_percentage(
    rubric: Rubric, make_submission: MakeSubmission, counts: dict[str, int], value: float
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission(counts))
    assert ev.items["pw.r.lhkpn.a"].value == pytest.approx(value)
    # LHKPN sub-area weighs 1 within "Penyampaian Laporan Harta Kekayaan" (2)
    assert ev.total == pytest.approx(100 - (1 - value))


def test_regulation_sample_complaints_is_100_percent(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # Lampiran III's sample: 1 to follow up, 1 in process, 1 resolved -> 100%
    ev = zi_engine.evaluate(rubric, make_submission())
    assert ev.items["pw.r.pengaduan.a"].value == 1.0


def test_tpi_answer_overrides_the_unit_answer(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # SOP (1, three items): unit says A, TPI says D -> mean(0, 1, 1) = 2/3 -> loses 1/3
    sub = make_submission({"tt.p.sop.a": {"unit": "A", "tpi": "D"}})
    ev = zi_engine.evaluate(rubric, sub)
    assert ev.items["tt.p.sop.a"].layer == "tpi"
    assert ev.items["tt.p.sop.a"].value == 0.0
    assert ev.total == pytest.approx(100 - 1 / 3)
    assert ev.layer == "tpi"
    # up_to="unit" reads the self-assessment
    assert zi_engine.evaluate(rubric, sub, up_to="unit").total == pytest.approx(100.0)


def test_tpn_answer_overrides_tpi_and_unit(rubric: Rubric, make_submission: MakeSubmission) -> None:
    sub = make_submission({"tt.p.sop.a": {"unit": "D", "tpi": "D", "tpn": "B"}})
    ev = zi_engine.evaluate(rubric, sub)
    assert ev.items["tt.p.sop.a"].layer == "tpn"
    assert ev.total == pytest.approx(100 - (1 - 0.67) / 3)
    assert zi_engine.evaluate(rubric, sub, up_to="tpi").total == pytest.approx(100 - 1 / 3)


def test_a_layer_with_only_notes_falls_through(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    sub = make_submission({"tt.p.sop.a": {"unit": "B", "tpi": {"notes": "belum diverifikasi"}}})
    ev = zi_engine.evaluate(rubric, sub)
    assert ev.items["tt.p.sop.a"].layer == "unit"
    assert ev.items["tt.p.sop.a"].value == 0.67
