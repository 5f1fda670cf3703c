"""Refusals and lifecycle problems in Bahasa Indonesia, English unchanged by default, and
nothing saved or hashed that depends on the language."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

import zi_engine
from tests.support.lifecycle import (
    AGENCY,
    AGENCY_HEAD,
    TPI,
    TPN,
    UNIT_HEAD,
    S,
    at,
    building,
    designated,
    evaluation,
    internal_review,
    new,
    review,
    revoke,
)
from zi_engine.lifecycle import (
    Actor,
    GuardContext,
    Lifecycle,
    LifecycleDefinitionError,
    LifecycleParameters,
    LifecycleStateError,
    TransitionRefused,
)
from zi_engine.lifecycle._builtin import GUARDS

_PARAMETERS = LifecycleParameters()


_DEFINITION = Lifecycle.new("x", "y").definition  # the bundled one: labels, clearances


def _unit(**fields: Any) -> Any:
    """What a guard reads of a lifecycle, where a real one would take a long way to build."""
    base: dict[str, Any] = {
        "unit_id": "dinkes", "agency_id": AGENCY, "target": "WBK", "predicate": None,
        "needs_preliminary_review": False, "building_since": None, "proposed_at": None,
        "revoked_at": None, "history": (),
    }  # fmt: skip
    return SimpleNamespace(**(base | fields))


def _record(trigger: str) -> Any:
    return SimpleNamespace(trigger=trigger, at=S.designate, details={})


def _ctx(
    trigger: str,
    payload: Mapping[str, Any] | None = None,
    *,
    lc: Any = None,
    when: Any = None,
    parameters: LifecycleParameters = _PARAMETERS,
) -> GuardContext:
    return GuardContext(
        lc if lc is not None else _unit(), UNIT_HEAD, trigger, when or S.propose,
        dict(payload or {}), parameters,
    )  # fmt: skip


def _at_clearance(*recorded: str, state: str = "clearance") -> Any:
    """A unit at the clearance stage (or the panel) with these clearances recorded."""
    history = (_record("to_clearance"), *(_record(name) for name in recorded))
    return _unit(definition=_DEFINITION, state=state, history=history)


_DESIGNATED = (_record("designate"),)

# guard -> (its context, the code of its objection, Indonesian words, English words)
GUARD_CASES: dict[str, tuple[Callable[[], GuardContext], str, str, str]] = {
    "pakta_integritas_signed": (
        lambda: _ctx("declare", {"pakta_integritas_signed": False}),
        "lifecycle.pakta_not_signed",
        "Pakta Integritas belum ditandatangani oleh pimpinan unit kerja",
        "the Pakta Integritas has not been signed",
    ),
    "needs_preliminary_review": (
        lambda: _ctx("request_preliminary_review"),
        "lifecycle.no_preliminary_needed",
        "ajukan langsung permohonan evaluasi TPI",
        "request the TPI review directly",
    ),
    "no_preliminary_review_needed": (
        lambda: _ctx("request_internal_review", lc=_unit(needs_preliminary_review=True)),
        "lifecycle.preliminary_needed",
        "harus terlebih dahulu menjalani penilaian pendahuluan oleh unit induknya",
        "needs a preliminary review",
    ),
    "evaluation_meets_score_criteria": (
        lambda: _ctx("preliminary_passed", {"evaluation": evaluation(None)}),
        "lifecycle.evaluation_short",
        "penilaian pendahuluan tidak memenuhi Menuju WBK: nilainya tidak dihitung dari jawaban",
        "the preliminary evaluation does not meet Menuju WBK: it is scored on no answers",
    ),
    "tpi_evaluation_meets_target": (
        lambda: _ctx("propose", {"evaluation": evaluation("unit")}),
        "lifecycle.evaluation_short",
        "evaluasi TPI tidak memenuhi Menuju WBK: nilainya dihitung dari jawaban unit; "
        "'propose' memerlukan jawaban TPI",
        "it is scored on unit answers; 'propose' needs the TPI answers",
    ),
    "pre_evaluation_passes": (
        lambda: _ctx("admit", {"evaluation": evaluation(wbk={"sakip": "gate:fail"})}),
        "lifecycle.evaluation_short",
        "pra-evaluasi tidak memenuhi Menuju WBK: Sakip: tidak memenuhi",
        "the pre-evaluation does not meet Menuju WBK: Sakip: fail",
    ),
    "tpn_evaluation_meets_target": (
        lambda: _ctx("recommend", {"evaluation": evaluation("tpi")}),
        "lifecycle.evaluation_short",
        "evaluasi TPN tidak memenuhi Menuju WBK",
        "'recommend' needs the TPN answers",
    ),
    "min_building_time": (
        lambda: _ctx("propose", lc=_unit(building_since=at(2023, 1, 10))),
        "lifecycle.building_too_short",
        "pengusulan memerlukan pembangunan selama 1 tahun (dapat diusulkan mulai 2024-01-10",
        "a proposal needs 1 year(s) of building (possible from 2024-01-10",
    ),
    "wbbm_requires_wbk": (
        lambda: _ctx("propose", lc=_unit(target="WBBM")),
        "lifecycle.wbbm_needs_wbk_none",
        "hanya dapat diusulkan bagi unit kerja yang telah memperoleh predikat Menuju WBK",
        "(holds none)",
    ),
    "revocation_lock_passed": (
        lambda: _ctx("propose", lc=_unit(revoked_at=at(2023, 1, 2))),
        "lifecycle.revocation_lock",
        "tidak ada pengusulan selama 2 tahun, sampai 2025-01-02",
        "no proposal for 2 years, until 2025-01-02",
    ),
    "within_proposal_window": (
        lambda: _ctx("propose", when=at(2023, 7, 1)),
        "lifecycle.outside_window",
        "2023-07-01 (UTC+07:00) berada di luar masa pengusulan tahun 2023, yaitu 2023-01-01 "
        "sampai 2023-05-31 (batas waktu baku (05-31))",
        "is outside the 2023 proposal window 2023-01-01 to 2023-05-31 (the default deadline",
    ),
    "sptjm_signed": (
        lambda: _ctx("propose", {"sptjm_signed": False}),
        "lifecycle.sptjm_not_signed",
        "SPTJM (surat pernyataan tanggung jawab mutlak atas data dukung) belum ditandatangani",
        "the SPTJM (statement of responsibility for the evidence) has not been signed",
    ),
    "kkn_case_in_proposal_year": (
        lambda: _ctx("drop", {"kkn_case_on": date(2023, 3, 1)}),
        "lifecycle.no_proposal",
        "tidak ada usulan tercatat yang dapat dibatalkan",
        "there is no proposal on record to drop",
    ),
    "holds_wbk": (
        lambda: _ctx("pursue_wbbm"),
        "lifecycle.not_holding_wbk",
        "unit kerja belum memperoleh predikat Menuju WBK",
        "the unit does not hold Menuju WBK",
    ),
    "predicate_held": (
        lambda: _ctx("revoke"),
        "lifecycle.nothing_to_revoke",
        "tidak memiliki predikat (Menuju WBK/WBBM) untuk dicabut",
        "the unit holds no predicate (Menuju WBK/WBBM) to revoke",
    ),
    "clearance_not_recorded": (
        lambda: _ctx("clearance_kpk", lc=_at_clearance("clearance_kpk")),
        "lifecycle.clearance_already_recorded",
        "Clearance Komisi Pemberantasan Korupsi telah dicatat untuk usulan ini",
        "Clearance Komisi Pemberantasan Korupsi is already recorded for this proposal",
    ),
    "clearances_complete": (
        lambda: _ctx(
            "to_panel", lc=_at_clearance("clearance_kpk"), parameters=_DEFINITION.parameters
        ),
        "lifecycle.clearances_missing",
        "panel dilaksanakan setelah clearance dengan seluruh lembaga (hlm. 56); belum dicatat: "
        "Clearance Ombudsman Republik Indonesia",
        "the panel follows the clearance with every institution (hlm. 56); not yet recorded: "
        "Clearance Ombudsman Republik Indonesia",
    ),
    "stop_is_grounded": (
        lambda: _ctx(
            "stop_proposal", {"stopped_by": "clearance_kpk"}, lc=_at_clearance(state="panel")
        ),
        "lifecycle.stop_not_panel",
        "pada tahap panel hanya panel yang dapat menghentikan usulan (stopped_by=panel)",
        "at the panel only the panel stops a proposal (stopped_by=panel), not clearance_kpk",
    ),
    "pakta_integritas_share": (
        lambda: _ctx("declare", {"staff_signed": 10, "staff_total": 40}),
        "lifecycle.pakta_too_few",
        "baru 10 dari 40 pegawai yang menandatangani Pakta Integritas",
        "only 10 of 40 staff have signed the Pakta Integritas",
    ),
    "pakta_integritas_update": (
        lambda: _ctx("update_pakta_integritas", {"staff_signed": 50, "staff_total": 40}),
        "lifecycle.pakta_more_than_staff",
        "50 pegawai disebut telah menandatangani Pakta Integritas, padahal unit kerja hanya "
        "memiliki 40 pegawai",
        "50 staff are said to have signed the Pakta Integritas, but the unit has only 40",
    ),
    "pre_evaluation_passes_or_tpn_override": (
        lambda: _ctx("admit", {"evaluation": evaluation("unit")}),
        "lifecycle.pre_evaluation_fails",
        "pra-evaluasi tidak memenuhi syarat Menuju WBK: penilaian dihitung dari jawaban unit; "
        "'admit' memerlukan jawaban TPI",
        "the pre-evaluation does not meet Menuju WBK: it is scored on unit answers; "
        "'admit' needs the TPI answers",
    ),
    "preliminary_review_signed_off": (
        lambda: _ctx("preliminary_passed", {"review": review("tpi")}),
        "lifecycle.review_wrong_kind",
        "reviu yang diberikan adalah reviu tpi; 'preliminary_passed' memerlukan penilaian "
        "pendahuluan oleh unit induk",
        "the review given is the tpi review; 'preliminary_passed' needs the parent unit's "
        "preliminary review",
    ),
    "tpi_review_signed_off": (
        lambda: _ctx("propose", {"review": review(signed_off=False, outstanding=("x",))}),
        "lifecycle.review_not_signed_off",
        "reviu TPI belum disetujui (sign-off): x",
        "the TPI review is not signed off: x",
    ),
    "tpn_review_signed_off": (
        lambda: _ctx("recommend", {"review": review()}),
        "lifecycle.review_wrong_kind",
        "reviu yang diberikan adalah reviu tpi; 'recommend' memerlukan reviu TPN",
        "the review given is the tpi review; 'recommend' needs the TPN review",
    ),
    "evaluation_is_of_this_unit": (
        lambda: _ctx("propose", {"evaluation": evaluation(unit="rsud")}),
        "lifecycle.evaluation_other_unit",
        "hasil evaluasi milik unit kerja 'rsud', bukan unit kerja ini 'dinkes'",
        "the evaluation is of unit 'rsud', not of this unit 'dinkes'",
    ),
    "tpn_surveys_recorded": (
        lambda: _ctx("recommend", {"survey_respondents": 12}),
        "lifecycle.too_few_respondents",
        "survei memiliki 12 responden; diperlukan sekurang-kurangnya 30 responden",
        "the survey had 12 respondents; at least 30 per unit are needed",
    ),
    "monitoring_report_pending": (
        lambda: _ctx("verify_monitoring", lc=_unit(history=_DESIGNATED)),
        "lifecycle.no_monitoring_report",
        "tidak ada laporan pemantauan TPI yang perlu diverifikasi",
        "there is no TPI monitoring report to verify",
    ),
    "case_open": (
        lambda: _ctx("clarify", lc=_unit(history=_DESIGNATED)),
        "lifecycle.no_open_case",
        "tidak ada laporan maladministrasi terbuka",
        "there is no open report of maladministration",
    ),
    "case_clarified": (
        lambda: _ctx(
            "verify_in_field",
            lc=_unit(history=(*_DESIGNATED, _record("report_maladministration"))),
        ),
        "lifecycle.case_not_clarified",
        "TPI belum memberikan klarifikasi atas laporan maladministrasi",
        "the TPI has not yet clarified the report of maladministration",
    ),
    "revocation_grounds": (
        lambda: _ctx("recommend_revocation", lc=_unit(history=_DESIGNATED)),
        "lifecycle.no_revocation_grounds",
        "pencabutan predikat memerlukan laporan pemantauan TPI",
        "a revocation needs a TPI monitoring report",
    ),
    "revocation_recommended": (
        lambda: _ctx("revoke", lc=_unit(history=_DESIGNATED)),
        "lifecycle.no_revocation_recommendation",
        "atas rekomendasi tertulis TPN (recommend_revocation), dan rekomendasi itu belum ada",
        "the Minister revokes on the TPN's written recommendation",
    ),
    "decree_is_consistent": (
        lambda: _ctx("designate", {"decree_date": date(2023, 6, 1)}, when=at(2023, 5, 2)),
        "lifecycle.decree_in_future",
        "keputusan bertanggal 2023-06-01, sesudah tanggal penetapan dicatat (2023-05-02)",
        "the decree is dated 2023-06-01, after the designation is recorded (2023-05-02)",
    ),
}


def test_every_built_in_guard_has_an_indonesian_case() -> None:
    # a guard added later gets its case here: its objection must read in Indonesian too
    assert sorted(GUARDS) == sorted(GUARD_CASES)


@pytest.mark.parametrize("name", sorted(GUARD_CASES))
def test_each_guard_objects_in_indonesian_and_in_english(name: str) -> None:
    build, code, indonesian, english = GUARD_CASES[name]
    with zi_engine.use_language("id"):
        said = GUARDS[name](build())
    assert said is not None
    assert said.code == code  # type: ignore[attr-defined]
    assert indonesian in said, said
    # English by default, and the same reason written again in English
    default = GUARDS[name](build())
    assert english in default, default
    assert said.in_language("en") == default  # type: ignore[attr-defined]


def _refusal(fire: Callable[[], object]) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as info:
        fire()
    return info.value


def test_a_refusal_lists_roles_state_payload_and_time_in_indonesian() -> None:
    lc = building()
    with zi_engine.use_language("id"):
        refused = _refusal(
            lambda: lc.fire(
                "propose",
                actor=UNIT_HEAD,
                at=at(2021, 1, 1),
                evaluation="LHE",
                colour="merah",
            )
        )
    assert refused.codes[:2] == ("lifecycle.wrong_state", "lifecycle.before_last_change")
    assert str(refused).startswith("'propose' ditolak pada tahap 'building':\n  - ")
    assert refused.reasons == (
        "'propose' hanya dapat dijalankan dari tahap internal_review; unit kerja berada pada "
        "tahap 'building' (Pembangunan)",
        "2021-01-01T09:00:00+07:00 lebih awal daripada perubahan terakhir "
        "(2022-01-10T09:00:00+07:00)",
        "peran 'unit_head' tidak berwenang menjalankan 'propose'; yang boleh: agency_head "
        "(Pimpinan instansi pemerintah)",
        "'propose' tidak menerima 'colour' (yang diterima: evaluation, review, sptjm_signed)",
        "evaluation= bukan hasil evaluasi (tidak memiliki rubric_id, rubric_version, "
        "rubric_hash, total, layer, eligibility)",
        "review= wajib diisi untuk 'propose': reviu TPI yang telah disetujui oleh jenjang "
        "terakhirnya",
        "sptjm_signed= wajib diisi untuk 'propose': pimpinan unit kerja telah menandatangani "
        "SPTJM atas data dukung",
        "unit kerja membangun Zona Integritas Menuju WBK sejak 2022-01-10; pengusulan "
        "memerlukan pembangunan selama 1 tahun (dapat diusulkan mulai "
        "2023-01-10T09:00:00+07:00)",
    )
    # the same refusal in English, by default and from the codes
    assert refused.reasons_in("en")[2] == (
        "role 'unit_head' (not allowed) may not 'propose'; allowed: agency_head "
        "(Pimpinan instansi pemerintah)"
    )
    english = _refusal(
        lambda: lc.fire("propose", actor=UNIT_HEAD, at=at(2021, 1, 1), evaluation="LHE", colour=1)
    )
    assert english.reasons[5] == (
        "review= is required for 'propose': the TPI review signed off by its last tier"
    )
    assert english.reasons_in("en") == english.reasons


def test_payload_values_and_agency_scope_in_indonesian() -> None:
    lc = new()
    stranger = Actor("kepala-lain", "unit_head", "pemkab-lain")
    with zi_engine.use_language("id"):
        reasons = lc.check(
            "declare", actor=stranger, at=S.declare, pakta_integritas_signed="ya",
            staff_signed=40, staff_total=45,
        )  # fmt: skip
        assert lc.check("declare", actor=UNIT_HEAD, at=S.declare) == (
            "pakta_integritas_signed= wajib diisi untuk 'declare': pimpinan unit kerja telah "
            "menandatangani Pakta Integritas",
            "staff_signed= wajib diisi untuk 'declare': jumlah pegawai unit kerja yang telah "
            "menandatangani Pakta Integritas",
            "staff_total= wajib diisi untuk 'declare': jumlah seluruh pegawai unit kerja",
        )
    assert reasons == (
        "'kepala-lain' dari instansi 'pemkab-lain' tidak dapat bertindak atas unit kerja dari "
        "instansi 'pemprov-kalsel'",
        "pakta_integritas_signed= harus True atau False, yang diberikan teks 'ya'",
    )


def test_a_plugin_s_plain_reason_has_no_code_and_stays_as_given() -> None:
    refused = TransitionRefused("declare", "candidate", ["a reason in a plugin's words"])
    assert refused.codes == (None,)
    assert refused.reasons_in("id") == ("a reason in a plugin's words",)


def _designated_with_revocation() -> Lifecycle:
    lc = designated()
    revoke(lc, at(2024, 2, 1), tpi=TPI)
    return lc


def test_a_lifecycle_fired_in_indonesian_saves_as_one_fired_in_english() -> None:
    """Nothing persisted or hashed depends on the language: records hold codes-free data
    (states, triggers, actors, the user's own reason, payload values), never messages."""
    english = _designated_with_revocation()
    with zi_engine.use_language("id"):
        indonesian = _designated_with_revocation()
        with pytest.raises(TransitionRefused):  # a refusal in between changes nothing
            indonesian.fire("designate", actor=TPN, at=at(2024, 3, 1))
    doc = json.dumps(english.to_dict(), sort_keys=True, ensure_ascii=False)
    assert json.dumps(indonesian.to_dict(), sort_keys=True, ensure_ascii=False) == doc
    assert indonesian.head_hash == english.head_hash
    for lang in ("id", "en"):
        with zi_engine.use_language(lang):
            restored = Lifecycle.from_dict(json.loads(doc))
        assert restored.to_dict() == english.to_dict()


def test_a_tampered_document_is_refused_in_indonesian() -> None:
    doc = internal_review().to_dict()
    doc["history"][1]["at"] = "2022-01-10T10:00:00+07:00"
    with zi_engine.use_language("id"), pytest.raises(LifecycleStateError) as info:
        Lifecycle.from_dict(doc)
    assert info.value.code == "lifecycle.doc_altered"
    assert "history[1].hash: tidak sesuai dengan isi catatan ke-2: catatan itu telah diubah" in (
        str(info.value)
    )
    doc = internal_review().to_dict()
    doc["history"][1]["prev_hash"] = "0" * 64
    with zi_engine.use_language("id"), pytest.raises(LifecycleStateError) as info:
        Lifecycle.from_dict(doc)
    assert "tidak tersambung dengan catatan sebelumnya" in str(info.value)


def test_definition_problems_are_reported_in_indonesian(tmp_path: Any) -> None:
    source = zi_engine.load_lifecycle_definition("permenpan-rb-90-2021")
    del source  # the bundled file is read as text below
    from zi_engine._resources import bundled_dir

    text = (bundled_dir("lifecycles") / "permenpan-rb-90-2021.yaml").read_text("utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("    to: declared\n", "    to: pencanangan\n", 1), "utf-8")
    with zi_engine.use_language("id"), pytest.raises(LifecycleDefinitionError) as info:
        zi_engine.load_lifecycle_definition(broken)
    message = str(info.value)
    assert "triggers.declare.to: tahap 'pencanangan' tidak dikenal; yang dikenal:" in message
    assert "broken.yaml:" in message
    assert "tidak dapat dicapai dari" not in message  # reachability waits for sound references


def test_the_role_refusal_names_who_may_in_both_languages() -> None:
    lc = internal_review()
    with zi_engine.use_language("id"):
        (reason,) = lc.check("request_preliminary_review", actor=AGENCY_HEAD, at=S.propose)[:1]
    assert "tahap building" in reason
    # the unit head may only record later Pakta Integritas signatures there
    assert lc.allowed(UNIT_HEAD, at=S.propose) == ("update_pakta_integritas",)
