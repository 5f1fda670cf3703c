"""Every text the reports show, in Bahasa Indonesia, in one place.

A later translation pass wraps these; code and templates look texts up here by key
and never write their own words. Placeholders are ``str.format`` fields.
"""

from __future__ import annotations

__all__ = ["GROUP", "LAYER", "OUTCOME", "STAGE", "TEXT", "VERDICT", "text"]

TEXT: dict[str, str] = {
    # the unit's evaluation report (LHE)
    "unit_title": "Laporan Hasil Evaluasi Zona Integritas",
    "unit": "Unit kerja",
    "agency": "Instansi",
    "year": "Tahun penilaian",
    "target": "Target predikat",
    "rubric": "Rubrik",
    "rubric_line": "{id} versi {version}",
    "rubric_hash": "Sidik isi rubrik",
    "layer": "Jawaban dihitung sampai",
    "layer_used": "lapisan tertinggi yang dipakai: {layer}",
    "as_of": "Tanggal evaluasi",
    "not_given": "tidak disebutkan",
    "scores": "Nilai",
    "score": "Nilai",
    "maximum": "Maksimum",
    "of_weight": "% dari bobot",
    "total": "Nilai total",
    "areas_chart": "Area pengungkit: nilai sebagai persentase dari bobotnya",
    "areas_chart_lines": "Garis tegak: batas minimal setiap area",
    "hasil_chart": "Hasil: survei dan capaian kinerja terhadap batas minimalnya",
    "hasil_chart_marks": "Tanda tegak: nilai minimal menurut kriteria",
    "line_label": "{predicate} {value}",
    "eligibility": "Kelayakan predikat",
    "verdict": "{label}: {verdict}",
    "criterion": "Kriteria",
    "group": "Jenis",
    "actual": "Capaian",
    "required": "Syarat",
    "gap": "Kekurangan",
    "source": "Dasar",
    "outcome": "Hasil",
    "yes": "ya",
    "no": "tidak",
    "plan": "Yang perlu dilakukan",
    "plan_intro": (
        "Menuju {target}: saat ini {before} (nilai total {total_before}); setelah langkah "
        "berikut {after} (nilai total {total_after})."
    ),
    "plan_intro_stuck": "Menuju {target}: saat ini {before} (nilai total {total_before}).",
    "plan_steps": "Perbaikan jawaban, yang paling banyak menambah nilai lebih dulu:",
    "plan_none": "Tidak ada jawaban yang perlu diubah untuk kriteria nilai.",
    "plan_eligible": "Unit kerja sudah memenuhi semua kriteria {target}.",
    "question": "Pertanyaan",
    "current_answer": "Jawaban sekarang",
    "needed_answer": "Jawaban yang dibutuhkan",
    "points": "Tambahan nilai",
    "requirements": "Tidak dapat dipenuhi dengan memperbaiki jawaban LKE:",
    "unreachable": "Kriteria nilai ini tidak tercapai hanya dengan memperbaiki jawaban: {ids}",
    "no_answer": "belum dijawab",
    "evidence_gaps": "Data dukung yang belum ada",
    "evidence_gaps_intro": (
        "Pertanyaan yang menurut rubrik wajib disertai data dukung, tetapi belum memilikinya."
    ),
    "evidence_none": "Semua pertanyaan yang wajib disertai data dukung sudah memilikinya.",
    "differences": "Jawaban unit dan jawaban penilai",
    "differences_intro": "Pertanyaan yang jawaban TPI atau TPN-nya berbeda dari jawaban unit.",
    "differences_none": "Jawaban TPI dan TPN tidak berbeda dari jawaban unit.",
    "answer_unit": "Unit",
    "answer_tpi": "TPI",
    "answer_tpn": "TPN",
    "notes": "Catatan penilai",
    "unit_evidence": "Data dukung unit",
    "missing_answers": "Pertanyaan yang belum dijawab: {count}",
    "warnings": "Perlu diperhatikan",
    "made_by": "Dibuat dengan zi_engine {version} menurut PermenPAN-RB 90/2021.",
    "page": "Halaman",
    "page_of": "dari",
    # the monitoring dashboard
    "dashboard_title": "Pemantauan Pembangunan Zona Integritas",
    "dashboard_as_of": "Keadaan per {date}",
    "units_total": "Jumlah unit kerja: {count}",
    "by_stage": "Unit kerja menurut tahap",
    "stage": "Tahap",
    "units": "Unit",
    "by_agency": "Menurut instansi",
    "year_change": "Perubahan dibanding setahun sebelumnya",
    "year_change_intro": (
        "Jumlah unit yang memasuki tahap ini dalam 12 bulan sampai {date}, dibanding 12 bulan "
        "sebelumnya."
    ),
    "this_year": "12 bulan terakhir ({start} s.d. {end})",
    "last_year": "12 bulan sebelumnya ({start} s.d. {end})",
    "change": "Selisih",
    "entered_declared": "Mencanangkan",
    "entered_building": "Mulai pembangunan",
    "entered_proposed": "Diusulkan ke TPN",
    "entered_designated": "Ditetapkan",
    "stuck": "Unit yang tertahan lebih dari {days} hari di satu tahap",
    "stuck_none": "Tidak ada unit yang tertahan lebih dari {days} hari.",
    "stuck_off": "Batas hari tertahan tidak diberikan.",
    "since": "Sejak",
    "days": "Hari",
    "monitoring": "Pemantauan unit yang telah ditetapkan",
    "monitoring_intro": (
        "TPI melaporkan hasil pemantauan unit yang telah ditetapkan paling sedikit setiap "
        "2 tahun. Data laporan pemantauan belum tersedia di portofolio; yang ditampilkan "
        "adalah tanggal penetapan dan sudah berapa lama predikat dipegang."
    ),
    "monitoring_none": "Belum ada unit yang ditetapkan.",
    "designated_on": "Ditetapkan",
    "held_years": "Lama (tahun)",
    "two_years_on": "2 tahun sejak penetapan",
    "over_two_years": "lebih dari 2 tahun",
    "totals": "Sebaran nilai total evaluasi terakhir",
    "totals_intro": "Nilai total dari evaluasi terakhir yang tercatat untuk {count} unit.",
    "totals_none": "Belum ada evaluasi yang tercatat di riwayat unit.",
    "totals_axis": "Nilai total",
    "predicate": "Predikat",
    "state": "Keadaan",
    "later_changes": (
        "{count} unit berubah tahap setelah {date}; laporan ini menghitung keadaan pada "
        "tanggal itu."
    ),
}

OUTCOME: dict[str, str] = {
    "pass": "memenuhi",
    "fail": "tidak memenuhi",
    "inconclusive": "belum pasti",
    "not_applicable": "tidak berlaku",
}

VERDICT: dict[str, str] = {
    "eligible": "LAYAK",
    "not_eligible": "TIDAK LAYAK",
    "inconclusive": "BELUM DAPAT DIPASTIKAN",
}

GROUP: dict[str, str] = {"score": "nilai", "gate": "syarat", "extra": "tambahan"}

LAYER: dict[str, str] = {"unit": "jawaban unit kerja", "tpi": "TPI", "tpn": "TPN"}

STAGE: dict[str, str] = {
    "not_started": "Belum mencanangkan",
    "declared": "Pencanangan",
    "building": "Pembangunan",
    "in_review": "Penilaian pendahuluan / TPI",
    "proposed": "Diusulkan",
    "tpn_evaluation": "Evaluasi TPN",
    "designated_WBK": "Ditetapkan WBK",
    "designated_WBBM": "Ditetapkan WBBM",
    "designated": "Ditetapkan",
    "revoked": "Predikat dicabut",
}


def text(key: str, **fields: object) -> str:
    """The text ``key`` with its placeholders filled."""
    return TEXT[key].format(**fields) if fields else TEXT[key]
