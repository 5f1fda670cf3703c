"""The bundled rubric ``permenpan-rb-90-2021``: its content, pinned.

Every file is read with ``yaml.safe_load`` and validated with the file-format
models; the structure (soal ids, question counts, weights, thresholds) is
pinned here so an accidental edit shows up as a failing test. The roll-up is
recomputed in plain Python (not the engine) as a check of the weights. When
the portal's question master is available beside the repository, every soal
is also compared with it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from tests.support import REPO
from zi_engine.rubric._model import AreaFile, AreaSpec, GroupSpec, Manifest, QuestionSpec

RUBRIC_DIR = REPO / "rubrics" / "permenpan-rb-90-2021"
MASTER_PATH = REPO.parent / "shared" / "reference" / "lke-zi-2026-master.json"

AREA_FILES = [
    "areas/1-manajemen-perubahan.yaml",
    "areas/2-penataan-tatalaksana.yaml",
    "areas/3-penataan-sistem-manajemen-sdm.yaml",
    "areas/4-penguatan-akuntabilitas.yaml",
    "areas/5-penguatan-pengawasan.yaml",
    "areas/6-peningkatan-kualitas-pelayanan-publik.yaml",
    "hasil.yaml",
]

# Values of the fixed answer types as printed in Lampiran III (domain.md §4).
CHOICE_VALUES: dict[str, dict[str, float]] = {
    "ya_tidak": {"Ya": 1.0, "Tidak": 0.0},
    "abc": {"A": 1.0, "B": 0.5, "C": 0.0},
    "abcd": {"A": 1.0, "B": 0.67, "C": 0.33, "D": 0.0},
    "abcde": {"A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0},
}
FORMULAS = ("ratio", "decline")

# area id -> (abbreviation used in question ids, weight, pemenuhan, reform)
AREAS = {
    "manajemen_perubahan": ("mp", 8.0, 4.0, 4.0),
    "penataan_tatalaksana": ("tt", 7.0, 3.5, 3.5),
    "penataan_sistem_manajemen_sdm_aparatur": ("sdm", 10.0, 5.0, 5.0),
    "penguatan_akuntabilitas": ("akt", 10.0, 5.0, 5.0),
    "penguatan_pengawasan": ("pw", 15.0, 7.5, 7.5),
    "peningkatan_kualitas_pelayanan_publik": ("pp", 10.0, 5.0, 5.0),
}

# (area, part) -> (soal ids, formula rows without a soal id)
QUESTION_COUNTS = {
    ("manajemen_perubahan", "pemenuhan"): (range(1, 13), 0),
    ("penataan_tatalaksana", "pemenuhan"): (range(13, 22), 0),
    ("penataan_sistem_manajemen_sdm_aparatur", "pemenuhan"): (range(22, 40), 0),
    ("penguatan_akuntabilitas", "pemenuhan"): (range(40, 51), 0),
    ("penguatan_pengawasan", "pemenuhan"): (range(51, 69), 0),
    ("peningkatan_kualitas_pelayanan_publik", "pemenuhan"): (range(69, 88), 0),
    ("manajemen_perubahan", "reform"): (range(88, 94), 2),
    ("penataan_tatalaksana", "reform"): (range(94, 100), 0),
    ("penataan_sistem_manajemen_sdm_aparatur", "reform"): (range(100, 105), 1),
    ("penguatan_akuntabilitas", "reform"): (range(105, 109), 1),
    ("penguatan_pengawasan", "reform"): (range(109, 121), 3),
    ("peningkatan_kualitas_pelayanan_publik", "reform"): (range(121, 125), 1),
}

# Every sub-area: "area/part/sub-area[/sub-area]" -> weight (Lampiran III).
SUB_AREA_WEIGHTS = {
    "manajemen_perubahan/pemenuhan/penyusunan_tim_kerja": 0.5,
    "manajemen_perubahan/pemenuhan/rencana_pembangunan_zona_integritas": 1.0,
    "manajemen_perubahan/pemenuhan/pemantauan_dan_evaluasi_pembangunan_wbk_wbbm": 1.0,
    "manajemen_perubahan/pemenuhan/perubahan_pola_pikir_dan_budaya_kerja": 1.5,
    "manajemen_perubahan/reform/komitmen_dalam_perubahan": 2.0,
    "manajemen_perubahan/reform/komitmen_pimpinan": 1.0,
    "manajemen_perubahan/reform/membangun_budaya_kerja": 1.0,
    "penataan_tatalaksana/pemenuhan/prosedur_operasional_tetap_sop_kegiatan_utama": 1.0,
    "penataan_tatalaksana/pemenuhan/sistem_pemerintahan_berbasis_elektronik_spbe": 2.0,
    "penataan_tatalaksana/pemenuhan/keterbukaan_informasi_publik": 0.5,
    "penataan_tatalaksana/reform/peta_proses_bisnis_mempengaruhi_penyederhanaan_jabatan": 0.5,
    "penataan_tatalaksana/reform/"
    "sistem_pemerintahan_berbasis_elektronik_spbe_yang_terintegrasi": 1.0,
    "penataan_tatalaksana/reform/transformasi_digital_memberikan_nilai_manfaat": 2.0,
    "penataan_sistem_manajemen_sdm_aparatur/pemenuhan/"
    "perencanaan_kebutuhan_pegawai_sesuai_dengan_kebutuhan_organisasi": 0.25,
    "penataan_sistem_manajemen_sdm_aparatur/pemenuhan/pola_mutasi_internal": 0.5,
    "penataan_sistem_manajemen_sdm_aparatur/pemenuhan/"
    "pengembangan_pegawai_berbasis_kompetensi": 1.25,
    "penataan_sistem_manajemen_sdm_aparatur/pemenuhan/penetapan_kinerja_individu": 2.0,
    "penataan_sistem_manajemen_sdm_aparatur/pemenuhan/"
    "penegakan_aturan_disiplin_kode_etik_kode_perilaku_pegawai": 0.75,
    "penataan_sistem_manajemen_sdm_aparatur/pemenuhan/sistem_informasi_kepegawaian": 0.25,
    "penataan_sistem_manajemen_sdm_aparatur/reform/kinerja_individu": 1.5,
    "penataan_sistem_manajemen_sdm_aparatur/reform/assessment_pegawai": 1.5,
    "penataan_sistem_manajemen_sdm_aparatur/reform/pelanggaran_disiplin_pegawai": 2.0,
    "penguatan_akuntabilitas/pemenuhan/keterlibatan_pimpinan": 2.5,
    "penguatan_akuntabilitas/pemenuhan/pengelolaan_akuntabilitas_kinerja": 2.5,
    "penguatan_akuntabilitas/reform/meningkatnya_capaian_kinerja_unit_kerja": 2.0,
    "penguatan_akuntabilitas/reform/pemberian_reward_and_punishment": 1.5,
    "penguatan_akuntabilitas/reform/kerangka_logis_kinerja": 1.5,
    "penguatan_pengawasan/pemenuhan/pengendalian_gratifikasi": 1.5,
    "penguatan_pengawasan/pemenuhan/penerapan_sistem_pengendalian_intern_pemerintah_spip": 1.5,
    "penguatan_pengawasan/pemenuhan/pengaduan_masyarakat": 1.5,
    "penguatan_pengawasan/pemenuhan/whistle_blowing_system": 1.5,
    "penguatan_pengawasan/pemenuhan/penanganan_benturan_kepentingan": 1.5,
    "penguatan_pengawasan/reform/mekanisme_pengendalian": 2.5,
    "penguatan_pengawasan/reform/penanganan_pengaduan_masyarakat": 3.0,
    "penguatan_pengawasan/reform/penyampaian_laporan_harta_kekayaan": 2.0,
    "penguatan_pengawasan/reform/penyampaian_laporan_harta_kekayaan/"
    "penyampaian_laporan_harta_kekayaan_pejabat_negara_lhkpn": 1.0,
    "penguatan_pengawasan/reform/penyampaian_laporan_harta_kekayaan/"
    "penyampaian_laporan_harta_kekayaan_non_lhkpn_tidak_wajib_lhkpn": 1.0,
    "peningkatan_kualitas_pelayanan_publik/pemenuhan/standar_pelayanan": 1.0,
    "peningkatan_kualitas_pelayanan_publik/pemenuhan/budaya_pelayanan_prima": 1.0,
    "peningkatan_kualitas_pelayanan_publik/pemenuhan/pengelolaan_pengaduan": 1.0,
    "peningkatan_kualitas_pelayanan_publik/pemenuhan/penilaian_kepuasan_terhadap_pelayanan": 1.0,
    "peningkatan_kualitas_pelayanan_publik/pemenuhan/pemanfaatan_teknologi_informasi": 1.0,
    "peningkatan_kualitas_pelayanan_publik/reform/upaya_dan_atau_inovasi_pelayanan_publik": 2.5,
    "peningkatan_kualitas_pelayanan_publik/reform/"
    "penanganan_pengaduan_pelayanan_dan_konsultasi": 2.5,
}

# Percentage rows: id -> (type, numerator/previous soal ids, denominator/current soal ids,
# zero_denominator, inferred excel row).
FORMULA_ROWS = {
    "mp.r.komitmen_perubahan.a": ("ratio", [89], [88], 0.0, 125),
    "mp.r.komitmen_perubahan.b": ("ratio", [91], [90], 0.0, 128),
    "sdm.r.disiplin.a": ("decline", [102], [103], 1.0, 151),
    "akt.r.capaian_kinerja.a": ("ratio", [106], [105], 0.0, 157),
    "pw.r.pengaduan.a": ("ratio", [112], [110], 1.0, 168),
    "pw.r.lhkpn.a": ("ratio", [116], [113, 114, 115], 1.0, 174),
    "pw.r.lhkasn.a": ("ratio", [120], [117, 118, 119], 1.0, 181),
    "pp.r.inovasi.b": ("ratio", [123], [122], 0.0, 190),
}

# The sample column of Lampiran III: every percentage row is 100% with these counts.
REGULATION_SAMPLE_COUNTS = {
    88: 2,
    89: 2,
    90: 1,
    91: 1,
    102: 1,
    103: 0,
    104: 1,
    105: 1,
    106: 1,
    110: 1,
    111: 1,
    112: 1,
    113: 1,
    114: 1,
    115: 1,
    116: 3,
    117: 1,
    118: 1,
    119: 1,
    120: 3,
    122: 1,
    123: 1,
}
# Counts that make every percentage row worth 0 (something was due, nothing done).
WORST_COUNTS = {
    88: 2,
    89: 0,
    90: 1,
    91: 0,
    102: 1,
    103: 3,
    104: 0,
    105: 4,
    106: 0,
    110: 5,
    111: 5,
    112: 0,
    113: 1,
    114: 2,
    115: 0,
    116: 0,
    117: 1,
    118: 2,
    119: 10,
    120: 0,
    122: 3,
    123: 0,
}

THRESHOLDS = {
    "WBK": {
        "total": ("score_min", "total", 75.0),
        "pengungkit": ("score_min", "pengungkit", 40.0),
        "area_minimum": ("area_percent_min", "pengungkit", 60.0),
        "bersih_akuntabel": ("score_min", "hasil.bersih_akuntabel", 18.25),
        "ipak": ("score_min", "item:hasil.bersih_akuntabel.ipak", 15.75),
        "capaian_kinerja": ("score_min", "item:hasil.bersih_akuntabel.capaian_kinerja", 2.5),
        "pelayanan_prima": ("score_min", "hasil.pelayanan_prima", 14.0),
    },
    "WBBM": {
        "total": ("score_min", "total", 85.0),
        "pengungkit": ("score_min", "pengungkit", 48.0),
        "area_minimum": ("area_percent_min", "pengungkit", 75.0),
        "bersih_akuntabel": ("score_min", "hasil.bersih_akuntabel", 19.5),
        "ipak": ("score_min", "item:hasil.bersih_akuntabel.ipak", 15.75),
        "capaian_kinerja": ("score_min", "item:hasil.bersih_akuntabel.capaian_kinerja", 3.75),
        "pelayanan_prima": ("score_min", "hasil.pelayanan_prima", 15.75),
    },
}

# Table 5 gates: id -> (kind, fact, requirement)
GATES = {
    "WBK": {
        "opini_bpk": ("fact_equals", "agency.bpk_opinion", "WTP"),
        "sakip_instansi": ("fact_grade_min", "agency.sakip_grade", "B"),
        "indeks_rb": (
            "fact_grade_min",
            "agency.indeks_rb_grade",
            {"regional": "CC", "central": "B"},
        ),
        "maturitas_spip": ("fact_min", "agency.spip_level", 3.0),
        "layanan_utama": ("fact_true", "unit.core_service", None),
        "dampak_persepsi": ("fact_true", "unit.public_perception_impact", None),
        "tlhp": ("fact_min", "unit.tlhp_percent", 100.0),
        "lhkpn": ("lke_percent_min", "unit.lhkpn_percent", 100.0),
        "lhkasn": ("lke_percent_min", "unit.lhkasn_percent", 100.0),
        "lama_pembangunan": ("years_since_min", "unit.building_since", 1.0),
        "sakip_unit": ("fact_grade_min", "unit.sakip_grade", "B"),
    },
    "WBBM": {
        "predikat_wbk": ("fact_equals", "unit.predicate_held", ["WBK", "WBBM"]),
        "opini_bpk": ("fact_equals", "agency.bpk_opinion", "WTP"),
        "sakip_instansi": ("fact_grade_min", "agency.sakip_grade", "BB"),
        "indeks_rb": (
            "fact_grade_min",
            "agency.indeks_rb_grade",
            {"regional": "B", "central": "BB"},
        ),
        "maturitas_spip": ("fact_min", "agency.spip_level", 3.0),
        "layanan_utama": ("fact_true", "unit.core_service", None),
        "dampak_persepsi": ("fact_true", "unit.public_perception_impact", None),
        "tlhp": ("fact_min", "unit.tlhp_percent", 100.0),
        "lhkpn": ("lke_percent_min", "unit.lhkpn_percent", 100.0),
        "lhkasn": ("lke_percent_min", "unit.lhkasn_percent", 100.0),
        "lama_pembangunan": ("years_since_min", "unit.wbbm_building_since", 1.0),
        "sakip_unit": ("fact_grade_min", "unit.sakip_grade", "BB"),
    },
}

QUESTION_ID = re.compile(r"^(mp|tt|sdm|akt|pw|pp)\.(p|r)\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


# ---------------------------------------------------------------- loading


def _raw(rel: str) -> str:
    return (RUBRIC_DIR / rel).read_text(encoding="utf-8")


def _load(rel: str) -> Any:
    return yaml.safe_load(_raw(rel))


@pytest.fixture(scope="module")
def manifest() -> Manifest:
    return Manifest.model_validate(_load("rubric.yaml"))


@pytest.fixture(scope="module")
def area_files() -> dict[str, AreaFile]:
    return {rel: AreaFile.model_validate(_load(rel)) for rel in AREA_FILES}


@pytest.fixture(scope="module")
def pengungkit(area_files: dict[str, AreaFile]) -> dict[str, AreaSpec]:
    out: dict[str, AreaSpec] = {}
    for rel in AREA_FILES[:-1]:
        content = area_files[rel]
        assert content.component == "pengungkit"
        assert len(content.areas) == 1, rel
        out[content.areas[0].id] = content.areas[0]
    return out


@pytest.fixture(scope="module")
def hasil(area_files: dict[str, AreaFile]) -> dict[str, AreaSpec]:
    content = area_files["hasil.yaml"]
    assert content.component == "hasil"
    return {a.id: a for a in content.areas}


def _groups(groups: list[GroupSpec], prefix: str) -> Iterator[tuple[str, GroupSpec]]:
    for g in groups:
        path = f"{prefix}/{g.id}"
        yield path, g
        yield from _groups(g.sub_areas or [], path)


def _questions(groups: list[GroupSpec]) -> Iterator[tuple[GroupSpec, QuestionSpec]]:
    for g in groups:
        for q in g.questions or []:
            yield g, q
        yield from _questions(g.sub_areas or [])


def _all_questions(
    pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec]
) -> Iterator[tuple[str, str, QuestionSpec]]:
    """(area id, part or 'hasil', question) for every question of the rubric."""
    for area in pengungkit.values():
        assert area.parts is not None
        for part_id, part in area.parts.items():
            for _, q in _questions(part.sub_areas):
                yield area.id, part_id, q
    for area in hasil.values():
        for q in area.questions or []:
            yield area.id, "hasil", q


# ---------------------------------------------------------------- file hygiene


@pytest.mark.parametrize("rel", ["rubric.yaml", *AREA_FILES])
def test_file_starts_with_its_schema_line(rel: str) -> None:
    first = _raw(rel).splitlines()[0]
    if rel == "rubric.yaml":
        expected = "../../schema/rubric-manifest.schema.json"
    elif rel.startswith("areas/"):
        expected = "../../../schema/rubric-area.schema.json"
    else:
        expected = "../../schema/rubric-area.schema.json"
    assert first == f"# yaml-language-server: $schema={expected}"


@pytest.mark.parametrize("rel", ["rubric.yaml", *AREA_FILES])
def test_yaml_is_plain(rel: str) -> None:
    """No anchors, aliases, explicit tags, tabs or duplicate keys (the loader refuses them)."""
    text = _raw(rel)
    assert "\t" not in text
    for token in yaml.scan(text):
        assert not isinstance(token, (yaml.AnchorToken, yaml.AliasToken, yaml.TagToken)), (
            f"{rel}: {type(token).__name__} at line {token.start_mark.line + 1}"
        )

    def no_duplicates(node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value]
            dups = [k for k, n in Counter(keys).items() if n > 1]
            assert not dups, f"{rel}: duplicate keys {dups} at line {node.start_mark.line + 1}"
            for _, v in node.value:
                no_duplicates(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                no_duplicates(v)

    root = yaml.compose(text)
    assert root is not None
    no_duplicates(root)


# ---------------------------------------------------------------- manifest


def test_manifest_identity(manifest: Manifest) -> None:
    assert manifest.id == "permenpan-rb-90-2021"
    assert manifest.version == "2021.1"
    assert manifest.language == "id"
    assert manifest.regulation.name == "Peraturan Menteri PAN-RB Nomor 90 Tahun 2021"
    assert manifest.regulation.reference == "Lampiran III"
    # Pasal 7: in force on promulgation, 31 December 2021
    assert manifest.effective.from_.isoformat() == "2021-12-31"
    assert manifest.effective.until is None
    assert manifest.extends is None
    assert manifest.areas == AREA_FILES
    assert manifest.grades == ["AA", "A", "BB", "B", "CC", "C", "D"]
    assert manifest.policies.area_minimum_scope == "area"
    assert manifest.policies.zero_denominator_default is None


def test_components_and_parts(manifest: Manifest) -> None:
    assert manifest.total == 100
    comps = {c.id: c for c in manifest.components}
    assert list(comps) == ["pengungkit", "hasil"]
    assert comps["pengungkit"].weight == 60
    assert [(p.id, p.weight) for p in comps["pengungkit"].parts] == [
        ("pemenuhan", 30),
        ("reform", 30),
    ]
    assert comps["hasil"].weight == 40
    assert comps["hasil"].parts == []
    assert math.isclose(sum(c.weight for c in manifest.components), manifest.total)


# ---------------------------------------------------------------- structure


def test_area_weights_and_halves(pengungkit: dict[str, AreaSpec]) -> None:
    assert list(pengungkit) == list(AREAS)
    for area_id, (_, weight, pemenuhan, reform) in AREAS.items():
        area = pengungkit[area_id]
        assert area.parts is not None
        assert area.weight == weight, area_id
        assert list(area.parts) == ["pemenuhan", "reform"]
        assert area.parts["pemenuhan"].weight == pemenuhan, area_id
        assert area.parts["reform"].weight == reform, area_id
        assert math.isclose(pemenuhan + reform, weight)
    assert math.isclose(sum(a.weight for a in pengungkit.values()), 60)
    for part, total in (("pemenuhan", 30), ("reform", 30)):
        got = sum(a.parts[part].weight for a in pengungkit.values() if a.parts)
        assert math.isclose(got, total), part


def test_every_sub_area_weight(pengungkit: dict[str, AreaSpec]) -> None:
    found: dict[str, float] = {}
    for area in pengungkit.values():
        assert area.parts is not None
        for part_id, part in area.parts.items():
            for path, g in _groups(part.sub_areas, f"{area.id}/{part_id}"):
                found[path] = g.weight
    assert found == SUB_AREA_WEIGHTS


def test_children_weights_add_up(pengungkit: dict[str, AreaSpec]) -> None:
    def check(groups: list[GroupSpec], weight: float, where: str) -> None:
        assert math.isclose(sum(g.weight for g in groups), weight, abs_tol=1e-9), where
        for g in groups:
            assert g.scoring == "mean", g.id
            if g.sub_areas:
                check(g.sub_areas, g.weight, f"{where}/{g.id}")

    for area in pengungkit.values():
        assert area.parts is not None
        for part_id, part in area.parts.items():
            check(part.sub_areas, part.weight, f"{area.id}/{part_id}")


def test_hasil_structure(hasil: dict[str, AreaSpec]) -> None:
    assert list(hasil) == ["bersih_akuntabel", "pelayanan_prima"]
    ba, pp = hasil["bersih_akuntabel"], hasil["pelayanan_prima"]
    assert (ba.weight, ba.scoring) == (22.5, "weighted")
    assert (pp.weight, pp.scoring) == (17.5, "weighted")
    got = {
        a.id: [(q.id, q.soal_id, q.answer, q.weight) for q in a.questions or []] for a in (ba, pp)
    }
    assert got == {
        "bersih_akuntabel": [
            ("hasil.bersih_akuntabel.ipak", 125, "survey_index", 17.5),
            ("hasil.bersih_akuntabel.capaian_kinerja", 126, "abcde", 5.0),
        ],
        "pelayanan_prima": [("hasil.pelayanan_prima.ipkp", 127, "survey_index", 17.5)],
    }
    for q in [*(ba.questions or []), *(pp.questions or [])]:
        if q.answer == "survey_index":
            assert q.scale_max == 4
    assert math.isclose(sum(a.weight for a in hasil.values()), 40)


def test_soal_ids_each_exactly_once(
    pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec]
) -> None:
    by_part: Counter[str] = Counter()
    seen: Counter[int] = Counter()
    for _, part, q in _all_questions(pengungkit, hasil):
        if q.soal_id is not None:
            seen[q.soal_id] += 1
            by_part[part] += 1
    assert sorted(seen) == list(range(1, 128))
    assert set(seen.values()) == {1}
    assert by_part == {"pemenuhan": 87, "reform": 37, "hasil": 3}


def test_question_counts_per_area_and_part(
    pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec]
) -> None:
    soal: dict[tuple[str, str], list[int]] = {}
    formulas: Counter[tuple[str, str]] = Counter()
    for area, part, q in _all_questions(pengungkit, hasil):
        if part == "hasil":
            continue
        if q.soal_id is None:
            formulas[(area, part)] += 1
        else:
            soal.setdefault((area, part), []).append(q.soal_id)
    assert {k: sorted(v) for k, v in soal.items()} == {
        k: list(ids) for k, (ids, _) in QUESTION_COUNTS.items()
    }
    assert {k: formulas[k] for k in QUESTION_COUNTS} == {
        k: n for k, (_, n) in QUESTION_COUNTS.items()
    }
    total = sum(1 for _ in _all_questions(pengungkit, hasil))
    assert total == 127 + 8


def test_question_ids(pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec]) -> None:
    ids = [q.id for _, _, q in _all_questions(pengungkit, hasil)]
    assert len(ids) == len(set(ids))
    for area, part, q in _all_questions(pengungkit, hasil):
        if part == "hasil":
            assert q.id.startswith(f"hasil.{area}."), q.id
            continue
        assert QUESTION_ID.match(q.id), q.id
        abbr = AREAS[area][0]
        assert q.id.startswith(f"{abbr}.{part[0]}."), q.id


def test_answer_types_and_options(
    pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec]
) -> None:
    for _, part, q in _all_questions(pengungkit, hasil):
        if q.answer in CHOICE_VALUES:
            assert q.options is not None, q.id
            assert list(q.options) == list(CHOICE_VALUES[q.answer]), q.id
            for opt in q.options.values():
                assert isinstance(opt, str), q.id
                assert opt.strip(), q.id
            assert q.evidence_required, q.id
        elif q.answer == "count":
            assert q.soal_id is not None, q.id
            assert not q.options, q.id
            assert q.weight is None, q.id
            assert not q.evidence_required, q.id
        elif q.answer in FORMULAS:
            assert q.soal_id is None, q.id
            assert not q.options, q.id
        else:
            assert q.answer == "survey_index", q.id
            assert part == "hasil", q.id
        if q.answer not in FORMULAS:
            assert q.excel_row is not None, q.id
            assert q.evidence, f"{q.id} lists no evidence"
            assert q.zero_denominator is None, q.id
        assert q.text.strip(), q.id
        assert q.guidance, q.id
        assert q.guidance.strip(), q.id
    rows = [q.excel_row for _, _, q in _all_questions(pengungkit, hasil)]
    assert len(rows) == len(set(rows)), "two questions on one excel row"


def test_formula_rows(pengungkit: dict[str, AreaSpec]) -> None:
    by_soal: dict[int, QuestionSpec] = {}
    found: dict[str, tuple[Any, ...]] = {}
    for area in pengungkit.values():
        assert area.parts is not None
        for part in area.parts.values():
            for group, q in _questions(part.sub_areas):
                if q.soal_id is not None:
                    by_soal[q.soal_id] = q
                if q.answer not in FORMULAS:
                    continue
                # a formula reads counts of its own sub-area only
                local = {x.id: x for x in group.questions or []}
                for ref in q.formula_refs():
                    assert ref in local, f"{q.id} reads {ref} from another sub-area"
                    assert local[ref].answer == "count", f"{q.id} reads non-count {ref}"
                assert q.zero_denominator is not None, q.id
                found[q.id] = (q.answer, q, q.zero_denominator, q.excel_row)
    assert set(found) == set(FORMULA_ROWS)
    for qid, (kind, first, second, zero, row) in FORMULA_ROWS.items():
        answer, q, got_zero, got_row = found[qid]
        assert answer == kind, qid
        if kind == "ratio":
            assert q.numerator == [by_soal[s].id for s in first], qid
            assert q.denominator == [by_soal[s].id for s in second], qid
        else:
            assert q.previous == by_soal[first[0]].id, qid
            assert q.current == by_soal[second[0]].id, qid
        assert got_zero == zero, qid
        assert got_row == row, qid


def test_zero_denominator_comments_are_present() -> None:
    """Each zero_denominator carries a one-line reason as a YAML comment."""
    for rel in AREA_FILES[:-1]:
        for line in _raw(rel).splitlines():
            if line.strip().startswith("zero_denominator:"):
                assert "#" in line, line
                assert len(line.split("#", 1)[1].strip()) > 10, line


# ---------------------------------------------------------------- predicates


def test_thresholds(manifest: Manifest) -> None:
    preds = {p.id: p for p in manifest.predicates}
    assert list(preds) == ["WBK", "WBBM"]
    for pid, expected in THRESHOLDS.items():
        got: dict[str, tuple[Any, ...]] = {}
        for c in preds[pid].criteria:
            if c.kind == "score_min":
                got[c.id] = (c.kind, c.node, c.min)
            else:
                assert c.kind == "area_percent_min"
                assert c.scope is None  # the rubric's policy (whole area) applies
                got[c.id] = (c.kind, c.component, c.min_percent)
            assert c.label.strip(), c.id
            assert c.source, c.id
            assert "90/2021" in c.source, c.id
        assert got == expected, pid
    ipak = {c.id: c for c in preds["WBK"].criteria}["ipak"]
    assert "3,60" in ipak.label
    assert "3,20" in {c.id: c for c in preds["WBK"].criteria}["pelayanan_prima"].label
    assert "3,60" in {c.id: c for c in preds["WBBM"].criteria}["pelayanan_prima"].label


def test_survey_thresholds_match_the_survey_scores() -> None:
    """15.75 = 3.60 / 4 x 17.5 and 14.00 = 3.20 / 4 x 17.5 (Table 6)."""
    assert math.isclose(3.60 / 4 * 17.5, 15.75)
    assert math.isclose(3.20 / 4 * 17.5, 14.00)


def test_gates(manifest: Manifest) -> None:
    preds = {p.id: p for p in manifest.predicates}
    for pid, expected in GATES.items():
        got: dict[str, tuple[Any, ...]] = {}
        for g in preds[pid].gates:
            assert g.source, g.id
            assert "90/2021" in g.source, g.id
            if g.kind == "fact_equals":
                req: Any = g.one_of if g.one_of is not None else g.equals
            elif g.kind == "fact_grade_min":
                req = g.min_grade or g.min_grade_by_agency_type
            elif g.kind in ("fact_min", "lke_percent_min"):
                req = g.min
            elif g.kind == "years_since_min":
                req = g.min_years
            else:
                assert g.kind == "fact_true"
                req = None
            got[g.id] = (g.kind, g.fact, req)
        assert got == expected, pid
    # what the gates read besides their facts
    for pid in GATES:
        gates = {g.id: g for g in preds[pid].gates}
        assert gates["lhkpn"].node == "item:pw.r.lhkpn.a"
        assert gates["lhkasn"].node == "item:pw.r.lhkasn.a"
        for gid, score in (
            ("sakip_instansi", "agency.sakip_score"),
            ("indeks_rb", "agency.indeks_rb_score"),
            ("sakip_unit", "unit.sakip_score"),
        ):
            assert gates[gid].params["score_fact"] == score
            assert gates[gid].params["lower_bound"] == "exclusive"
            assert gates[gid].params["bands"] == {
                "AA": 90,
                "A": 80,
                "BB": 70,
                "B": 60,
                "CC": 50,
                "C": 30,
                "D": 0,
            }
    wbbm_years = {g.id: g for g in preds["WBBM"].gates}["lama_pembangunan"]
    assert wbbm_years.params == {"not_before": "unit.predicate_since"}


# ---------------------------------------------------------------- roll-up in plain Python


def _values(
    pengungkit: dict[str, AreaSpec],
    hasil: dict[str, AreaSpec],
    counts: dict[int, int],
    best: bool,
) -> dict[str, float]:
    """The value of every scored item: the best/worst option, the survey at 4/0, formulas."""
    questions = [q for _, _, q in _all_questions(pengungkit, hasil)]
    raw: dict[str, float] = {}
    for q in questions:
        if q.answer in CHOICE_VALUES:
            vals = CHOICE_VALUES[q.answer].values()
            raw[q.id] = max(vals) if best else min(vals)
        elif q.answer == "survey_index":
            raw[q.id] = (4.0 if best else 0.0) / q.scale_max
        elif q.answer == "count":
            assert q.soal_id is not None
            raw[q.id] = float(counts[q.soal_id])
    for q in questions:
        if q.answer == "ratio":
            num = sum(raw[r] for r in q.numerator or [])
            den = sum(raw[r] for r in q.denominator or [])
        elif q.answer == "decline":
            assert q.previous
            assert q.current
            num, den = raw[q.previous] - raw[q.current], raw[q.previous]
        else:
            continue
        assert q.zero_denominator is not None
        if den == 0:
            raw[q.id] = q.zero_denominator if num == 0 else (1.0 if num > 0 else 0.0)
        else:
            raw[q.id] = min(1.0, max(0.0, num / den))
    return raw


def _group_score(g: GroupSpec | AreaSpec, values: dict[str, float]) -> float:
    if g.sub_areas:
        return sum(_group_score(s, values) for s in g.sub_areas)
    scored = [q for q in g.questions or [] if q.answer != "count"]
    assert scored, g.id
    if g.scoring == "weighted":
        return sum(values[q.id] * (q.weight or 0.0) for q in scored)
    return sum(values[q.id] for q in scored) / len(scored) * g.weight


def _total(
    pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec], values: dict[str, float]
) -> tuple[float, float, float]:
    peng = 0.0
    for area in pengungkit.values():
        assert area.parts is not None
        for part in area.parts.values():
            peng += sum(_group_score(g, values) for g in part.sub_areas)
    has = sum(_group_score(a, values) for a in hasil.values())
    return peng + has, peng, has


def test_all_best_is_100(pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec]) -> None:
    values = _values(pengungkit, hasil, REGULATION_SAMPLE_COUNTS, best=True)
    total, peng, has = _total(pengungkit, hasil, values)
    assert f"{total:.2f}" == "100.00"
    assert f"{peng:.2f}" == "60.00"
    assert f"{has:.2f}" == "40.00"
    for qid in FORMULA_ROWS:
        assert values[qid] == 1.0, qid


def test_all_worst_is_0(pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec]) -> None:
    values = _values(pengungkit, hasil, WORST_COUNTS, best=False)
    total, _, _ = _total(pengungkit, hasil, values)
    assert f"{total:.2f}" == "0.00"


def test_all_counts_zero_gives_the_stated_zero_rules(
    pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec]
) -> None:
    """With every count 0 and the worst choices, only rows whose 0/0 is full marks score:
    discipline 2 + complaints 3 + LHKPN 1 + LHKASN 1 = 7.00."""
    zeros = dict.fromkeys(REGULATION_SAMPLE_COUNTS, 0)
    values = _values(pengungkit, hasil, zeros, best=False)
    total, _, _ = _total(pengungkit, hasil, values)
    assert f"{total:.2f}" == "7.00"


def test_area_scores_at_best(pengungkit: dict[str, AreaSpec], hasil: dict[str, AreaSpec]) -> None:
    values = _values(pengungkit, hasil, REGULATION_SAMPLE_COUNTS, best=True)
    for area_id, (_, weight, pemenuhan, reform) in AREAS.items():
        area = pengungkit[area_id]
        assert area.parts is not None
        got = {
            part_id: sum(_group_score(g, values) for g in part.sub_areas)
            for part_id, part in area.parts.items()
        }
        assert math.isclose(got["pemenuhan"], pemenuhan), area_id
        assert math.isclose(got["reform"], reform), area_id
        assert math.isclose(sum(got.values()), weight), area_id


# ---------------------------------------------------------------- cross-check with the master

JENIS = {
    "YA_TIDAK": "ya_tidak",
    "ABC": "abc",
    "ABCD": "abcd",
    "ABCDE": "abcde",
    "JUMLAH": "count",
    "0-4": "survey_index",
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _strip_numbering(name: str) -> str:
    return re.sub(r"^([ivx]+|[a-z]|\d+|[IVX]+|[A-Z])\.\s*", "", name).strip()


@pytest.fixture(scope="module")
def master() -> dict[int, dict[str, Any]]:
    """soal id -> the soal, with its parents (sub_komponen, area, sub-area chain)."""
    if not MASTER_PATH.is_file():
        pytest.skip(
            f"portal question master not found at {MASTER_PATH} "
            "(it lives beside the repository, not in it); cross-check skipped"
        )
    data = json.loads(MASTER_PATH.read_text(encoding="utf-8"))
    out: dict[int, dict[str, Any]] = {}

    def walk(node: dict[str, Any], parents: list[dict[str, Any]]) -> None:
        chain = [*parents, node]
        for s in node.get("soals", []):
            out[s["id"]] = {**s, "_parents": chain}
        for child in node.get("children", []):
            walk(child, chain)

    for top in data["data"]:
        walk(top, [])
    assert data["total_soal"] == len(out) == 127
    return out


def test_master_soals_match(
    master: dict[int, dict[str, Any]],
    pengungkit: dict[str, AreaSpec],
    hasil: dict[str, AreaSpec],
) -> None:
    ours = {q.soal_id: (part, q) for _, part, q in _all_questions(pengungkit, hasil) if q.soal_id}
    assert set(ours) == set(master)
    for sid, s in master.items():
        part, q = ours[sid]
        where = f"soal {sid} ({q.id})"
        assert q.answer == JENIS[s["jenis_jawaban"].upper()], where
        assert _norm(q.text) == _norm(s["teks_pertanyaan"]), where
        assert q.guidance is not None
        assert _norm(q.guidance).startswith(_norm(s["kriteria_nilai"])), where
        assert q.excel_row == s["excel_baris"], where
        scheme = s["skema_penilaian"]
        if q.answer in CHOICE_VALUES:
            assert q.options is not None
            assert list(q.options) == [o["key"] for o in scheme], where
            for o in scheme:
                assert math.isclose(CHOICE_VALUES[q.answer][o["key"]], o["multiplier"]), where
                opt = q.options[o["key"]]
                assert isinstance(opt, str)
                assert _norm(opt) == _norm(o["label"]), where
        else:
            assert scheme == [], where
        top = s["_parents"][0]["nama"]
        sub_komponen = s["_parents"][1]["nama"]
        if part == "hasil":
            assert top.endswith("HASIL"), where
            assert q.weight == s["bobot_maksimal"], where
        else:
            assert top.endswith("PENGUNGKIT"), where
            assert sub_komponen.endswith(part.upper()), where


def _check_groups_against_master(
    master: dict[int, dict[str, Any]],
    area: AreaSpec,
    part_weight: float,
    groups: list[GroupSpec],
    outer: list[GroupSpec],
) -> None:
    for g in groups:
        if g.sub_areas:
            _check_groups_against_master(master, area, part_weight, g.sub_areas, [*outer, g])
        for q in g.questions or []:
            if q.soal_id is None:
                continue
            # komponen, sub_komponen, area_perubahan, sub_area[, sub_area]
            chain = master[q.soal_id]["_parents"]
            area_node, nodes = chain[2], chain[3:]
            assert area_node["level"] == "area_perubahan", q.id
            assert area_node["bobot_maksimal"] == part_weight, q.id
            assert _strip_numbering(area_node["nama"]).casefold() == area.label.casefold(), q.id
            assert len(nodes) == len(outer) + 1, q.id
            for node, group in zip(nodes, [*outer, g], strict=True):
                assert node["level"] == "sub_area", q.id
                assert node["bobot_maksimal"] == group.weight, q.id
                assert _strip_numbering(node["nama"]) == group.label, q.id


def test_master_weights_match(
    master: dict[int, dict[str, Any]],
    pengungkit: dict[str, AreaSpec],
    hasil: dict[str, AreaSpec],
) -> None:
    """Each soal sits in a sub-area (and area part) of the master's name and weight."""
    for area in pengungkit.values():
        assert area.parts is not None
        for part in area.parts.values():
            _check_groups_against_master(master, area, part.weight, part.sub_areas, [])
    for area in hasil.values():
        for q in area.questions or []:
            assert q.soal_id is not None
            node = master[q.soal_id]["_parents"][-1]
            assert node["level"] == "sub_komponen"
            assert node["bobot_maksimal"] == area.weight, q.id
            assert _strip_numbering(node["nama"]).casefold() == area.label.casefold(), q.id
