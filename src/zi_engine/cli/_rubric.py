"""``zi-engine rubric``: validate, show, describe and start rubrics.

``validate`` takes a rubric (a name or a directory, or its ``rubric.yaml``)
or one area file on its own; problems are printed as ``FILE:LINE:COL: path:
message`` and warnings (which do not fail the check) after the summary.
``new DIR`` writes a small valid rubric to start from, with Indonesian
comments and the editor schema line in every file.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from zi_engine._errors import Problem, UsageError
from zi_engine._i18n import t
from zi_engine._text import printable
from zi_engine.cli._inputs import BUNDLED, _engine

__all__ = ["add_rubric_parser", "cmd_rubric"]

MANIFEST = "rubric.yaml"
SCHEMAS = {
    "manifest": "rubric-manifest",
    "area": "rubric-area",
    "submission": "submission",
    "lifecycle": "lifecycle",
    "kawasan": "kawasan",
}


def add_rubric_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``rubric`` command and its actions."""
    rubric = sub.add_parser("rubric", help="validate, show, describe or start rubrics")
    rsub = rubric.add_subparsers(dest="rubric_command", required=True, metavar="ACTION")
    v = rsub.add_parser(
        "validate",
        help="check a rubric, or one area file on its own; list every problem as FILE:LINE:COL",
    )
    v.add_argument(
        "rubric",
        help=f"a rubric name (e.g. {BUNDLED}), its directory or rubric.yaml, or an area file",
    )
    s = rsub.add_parser("show", help="print a rubric's tree with weights")
    s.add_argument("rubric", help="a rubric name or directory")
    s.add_argument("--questions", action="store_true", help="list the questions too")
    sc = rsub.add_parser("schema", help="print the JSON Schema of rubric files (Draft 7)")
    sc.add_argument(
        "which",
        nargs="?",
        choices=list(SCHEMAS),
        default="area",
        help="rubric.yaml ('manifest') or an area file ('area', the default)",
    )
    n = rsub.add_parser("new", help="write a small valid rubric to start from")
    n.add_argument("directory", help="a new (or empty) directory")


def cmd_rubric(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``zi-engine rubric ACTION``."""
    if args.rubric_command == "schema":
        from zi_engine.render._schema import schema_text

        out.write(schema_text(SCHEMAS[args.which]))
        return 0
    if args.rubric_command == "new":
        return _new(Path(args.directory), out)
    target = Path(args.rubric)
    if args.rubric_command == "validate" and target.is_file() and target.name != MANIFEST:
        return _validate_area(args, target, out)
    from zi_engine.render._text import render_rubric_tree, rubric_summary

    rubric = _engine(args).load_rubric(args.rubric)
    if args.rubric_command == "validate":
        out.write(t("cli.rubric_valid", "valid: {summary}", summary=rubric_summary(rubric)) + "\n")
        _warn(rubric.warnings, out)
    else:
        out.write(render_rubric_tree(rubric, questions=args.questions))
    return 0


def _validate_area(args: argparse.Namespace, path: Path, out: TextIO) -> int:
    from zi_engine.rubric._area_check import check_area_file

    warnings = check_area_file(path, _engine(args).answer_types)
    out.write(
        t(
            "cli.area_file_valid",
            "valid: {file} (checked on its own; the component's weight and formulas that "
            "read counts in other files are checked with the whole rubric)",
            file=printable(str(path)),
        )
        + "\n"
    )
    _warn(warnings, out)
    return 0


def _warn(warnings: tuple[Problem, ...] | list[Problem], out: TextIO) -> None:
    for problem in warnings:
        out.write(t("cli.warning", "warning: {problem}", problem=printable(str(problem))) + "\n")


def _new(directory: Path, out: TextIO) -> int:
    from zi_engine.render._schema import schema_text

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(
            t(
                "cli.new_not_empty",
                "{directory} already exists and is not an empty folder; choose a new one",
                directory=printable(str(directory)),
            )
        )
    (directory / "areas").mkdir(parents=True, exist_ok=True)
    (directory / "schema").mkdir(exist_ok=True)
    for name in ("rubric-manifest", "rubric-area"):
        (directory / "schema" / f"{name}.schema.json").write_text(
            schema_text(name), encoding="utf-8"
        )
    (directory / MANIFEST).write_text(NEW_MANIFEST, encoding="utf-8")
    (directory / "areas" / "manajemen-perubahan.yaml").write_text(NEW_AREA, encoding="utf-8")
    out.write(
        t(
            "cli.new_written",
            "wrote a new rubric in {directory}; check it with: zi-engine rubric validate "
            "{directory}",
            directory=printable(str(directory)),
        )
        + "\n"
    )
    return 0


# The starting rubric: Indonesian comments, as the guide (docs/rubric-format.md) is.
NEW_MANIFEST = """\
# yaml-language-server: $schema=schema/rubric-manifest.schema.json
# Manifest rubrik. Baris pertama di atas menunjuk skema untuk editor (VS Code +
# ekstensi YAML); folder schema/ ikut disalin bila rubrik ini dipindahkan.
# Panduan lengkap: docs/rubric-format.md. Periksa dengan:
#   zi-engine rubric validate <folder ini>
id: rubrik-baru            # nama rubrik: huruf kecil, angka, '-', '.', '_'
version: "0.1"             # versi selalu teks, dalam tanda kutip
title: Rubrik baru
language: id               # bahasa teks rubrik (pertanyaan, label): id
regulation:
  name: PermenPAN-RB Nomor 90 Tahun 2021
  reference: Lampiran III
effective:
  from: 2021-12-31         # tanggal ditulis YYYY-MM-DD
  until: null              # null: masih berlaku
total: 100
components:
  - id: pengungkit
    label: Pengungkit
    weight: 100            # bobot komponen; jumlah semua komponen = total
areas:                     # file area, berurutan
  - areas/manajemen-perubahan.yaml
predicates:
  - id: WBK
    label: Menuju WBK
    criteria:
      - id: total
        label: Nilai total minimal 75
        kind: score_min
        node: total
        min: 75
"""

NEW_AREA = """\
# yaml-language-server: $schema=../schema/rubric-area.schema.json
# Satu area perubahan. Nama kunci dalam bahasa Inggris (weight, questions,
# options); teks dalam bahasa Indonesia. Angka memakai titik desimal (0.5).
component: pengungkit
areas:
  - id: manajemen_perubahan
    label: Manajemen Perubahan
    weight: 100            # = jumlah bobot sub-area
    sub_areas:
      - id: tim_kerja
        label: Penyusunan Tim Kerja
        weight: 100
        questions:           # nilai sub-area = rata-rata nilai pertanyaan x bobot
          - id: mp.tim_kerja.a         # id: <area>.<sub-area>.<huruf>
            text: Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas
            guidance: Ya, jika tim telah dibentuk di dalam unit kerja.
            answer: ya_tidak           # Ya = 1, Tidak = 0
            evidence: [SK Tim Pembangunan ZI]
            evidence_required: true    # true/false (ya/tidak juga dibaca)
          - id: mp.tim_kerja.b
            text: Penentuan anggota tim dipilih melalui prosedur/mekanisme yang jelas
            answer: abcd               # A = 1, B = 0,67, C = 0,33, D = 0
"""
