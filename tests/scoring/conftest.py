"""Fixtures for scoring tests: the bundled rubric and submissions built from answer tables."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import pytest

import zi_engine
from zi_engine import Rubric, Submission

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
        "tlhp_percent": 100,
        "lhkpn_percent": 100,
        "lhkasn_percent": 100,
        "building_since": "2025-01-15",
        "sakip_grade": "BB",
        "predicate_held": "WBK",
        "predicate_since": "2024-12-10",
    },
}


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return zi_engine.load_rubric("permenpan-rb-90-2021")


def _extreme(rubric: Rubric, best: bool) -> dict[str, Any]:
    engine = zi_engine.default_engine()
    answers: dict[str, Any] = {}
    for qid, q in rubric.questions.items():
        atype = engine.answer_types[q.answer]
        if atype.input == "choice":
            options = atype.option_values(q)
            answers[qid] = (max if best else min)(options, key=options.__getitem__)
        elif atype.input == "number":
            answers[qid] = 4 if best else 0
    answers.update(BEST_COUNTS if best else WORST_COUNTS)
    return answers


@pytest.fixture(scope="session")
def best_answers(rubric: Rubric) -> dict[str, Any]:
    return _extreme(rubric, best=True)


@pytest.fixture(scope="session")
def worst_answers(rubric: Rubric) -> dict[str, Any]:
    return _extreme(rubric, best=False)


MakeSubmission = Callable[..., Submission]


def _changed(facts: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``facts`` with ``{"agency.sakip_grade": "CC", ...}`` applied."""
    out = copy.deepcopy(dict(facts))
    for dotted, value in changes.items():
        scope, _, name = dotted.partition(".")
        out.setdefault(scope, {})[name] = value
    return out


@pytest.fixture
def make_submission(best_answers: dict[str, Any]) -> MakeSubmission:
    """A submission: all-best answers, with ``changes`` applied (``None`` removes an answer)."""

    def make(
        changes: Mapping[str, Any] | None = None,
        *,
        base: Mapping[str, Any] | None = None,
        facts: Mapping[str, Any] | None = None,
        fact_changes: Mapping[str, Any] | None = None,
        target: str = "WBK",
        as_of: str | None = "2026-05-20",
    ) -> Submission:
        answers = dict(best_answers if base is None else base)
        for qid, value in (changes or {}).items():
            if value is None:
                answers.pop(qid, None)
            else:
                answers[qid] = value
        return Submission.model_validate(
            {
                "unit": UNIT,
                "year": 2026,
                "target": target,
                "as_of": as_of,
                "facts": _changed(GOOD_FACTS if facts is None else facts, fact_changes or {}),
                "answers": answers,
            }
        )

    return make
