"""Answer tables and gate facts the scoring, eligibility and planning tests build on."""

from __future__ import annotations

from typing import Any

# The regulation's own sample counts (Lampiran III, reform part): every percentage is 100%.
BEST_COUNTS: dict[str, int] = {
    "mp.r.komitmen_perubahan.a_agen": 2,
    "mp.r.komitmen_perubahan.a_perubahan": 2,
    "mp.r.komitmen_perubahan.b_perubahan": 1,
    "mp.r.komitmen_perubahan.b_terintegrasi": 1,
    "sdm.r.disiplin.a_tahun_lalu": 1,
    "sdm.r.disiplin.a_tahun_ini": 0,
    "sdm.r.disiplin.a_diberi_sanksi": 1,
    "akt.r.capaian_kinerja.a_sasaran": 1,
    "akt.r.capaian_kinerja.a_sasaran_tercapai": 1,
    "pw.r.pengaduan.a_harus_ditindaklanjuti": 1,
    "pw.r.pengaduan.a_sedang_diproses": 1,
    "pw.r.pengaduan.a_selesai": 1,
    "pw.r.lhkpn.a_kepala_satker": 1,
    "pw.r.lhkpn.a_pejabat_wajib": 1,
    "pw.r.lhkpn.a_lainnya": 1,
    "pw.r.lhkpn.a_sudah_melapor": 3,
    "pw.r.lhkasn.a_eselon_iii": 1,
    "pw.r.lhkasn.a_eselon_iv": 1,
    "pw.r.lhkasn.a_fungsional_pelaksana": 1,
    "pw.r.lhkasn.a_sudah_melapor": 3,
    "pp.r.inovasi.b_terdaftar": 1,
    "pp.r.inovasi.b_dipermudah": 1,
}

# Counts whose every percentage is 0% (numerators 0 over non-zero denominators; no decline).
WORST_COUNTS: dict[str, int] = {
    **dict.fromkeys(BEST_COUNTS, 1),
    "mp.r.komitmen_perubahan.a_perubahan": 0,
    "mp.r.komitmen_perubahan.b_terintegrasi": 0,
    "sdm.r.disiplin.a_tahun_ini": 1,
    "akt.r.capaian_kinerja.a_sasaran_tercapai": 0,
    "pw.r.pengaduan.a_selesai": 0,
    "pw.r.lhkpn.a_sudah_melapor": 0,
    "pw.r.lhkasn.a_sudah_melapor": 0,
    "pp.r.inovasi.b_dipermudah": 0,
}

UNIT: dict[str, Any] = {
    "id": "UNIT-1",
    "name": "Unit Contoh",
    "agency": {"id": "AG-1", "type": "regional"},
}

GOOD_FACTS: dict[str, Any] = {
    "agency": {"bpk_opinion": "WTP", "sakip_grade": "BB", "indeks_rb_grade": "B", "spip_level": 3},
    "unit": {
        "core_service": True,
        "public_perception_impact": True,
        "tlhp_percent": 100,
        "lhkpn_percent": 100,
        "lhkasn_percent": 100,
        "building_since": "2025-01-15",
        "sakip_grade": "BB",
        "predicate_held": "WBK",
        "predicate_since": "2024-12-10",
        "wbbm_building_since": "2025-01-15",
    },
}
