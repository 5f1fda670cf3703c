"""A rubric reads only its own folder: ``..`` and links that leave it are refused, unread.

Links used to bypass the ``..`` check, and the error then quoted the outside
file (a secret token, the first line of ``/etc/passwd``). Every path is now
resolved and must stay inside the rubric's folder; a refused file is never
opened, so no message can hold its content.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import zi_engine
from zi_engine import RubricError

MANIFEST = """id: tautan
version: "1"
title: Rubrik uji
regulation: {{name: PermenPAN-RB 90/2021}}
effective: {{from: 2021-12-31}}
total: 10
components:
  - {{id: hasil, label: Hasil, weight: 10}}
areas: [{areas}]
"""
AREA = """component: hasil
areas:
  - id: integrasi
    label: Integrasi
    weight: 10
    questions:
      - {id: q1, text: Terintegrasi?, answer: ya_tidak}
"""
SECRET = "ghp_RahasiaSekaliJanganDicetak0123456789"


def _rubric(tmp_path: Path, areas: str) -> Path:
    folder = tmp_path / "rubrik"
    folder.mkdir()
    (folder / "rubric.yaml").write_text(MANIFEST.format(areas=areas), encoding="utf-8")
    (tmp_path / "token.yaml").write_text(f"token: {SECRET}\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "hasil.yaml").write_text(AREA, encoding="utf-8")
    return folder


def _refused(folder: Path) -> str:
    with pytest.raises(RubricError) as raised:
        zi_engine.load_rubric(folder)
    text = "\n".join(map(str, raised.value.problems))
    assert SECRET not in text
    return text


def test_a_link_to_a_file_outside_is_refused_without_echoing_it(tmp_path: Path) -> None:
    folder = _rubric(tmp_path, "hasil.yaml")
    (folder / "hasil.yaml").symlink_to(tmp_path / "token.yaml")
    assert "'hasil.yaml' is a link to a file outside the rubric directory" in _refused(folder)


def test_a_linked_folder_leading_outside_is_refused(tmp_path: Path) -> None:
    folder = _rubric(tmp_path, "sub/hasil.yaml")
    (folder / "sub").symlink_to(tmp_path / "outside", target_is_directory=True)
    assert "'sub/hasil.yaml' is a link to a file outside" in _refused(folder)


def test_an_absolute_link_to_etc_passwd_is_refused_unread(tmp_path: Path) -> None:
    folder = _rubric(tmp_path, "hasil.yaml")
    (folder / "hasil.yaml").symlink_to("/etc/passwd")
    text = _refused(folder)
    assert "outside the rubric directory" in text
    assert "root:" not in text


def test_a_manifest_that_links_outside_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "rubrik"
    folder.mkdir()
    (tmp_path / "token.yaml").write_text(f"token: {SECRET}\n", encoding="utf-8")
    (folder / "rubric.yaml").symlink_to(tmp_path / "token.yaml")
    assert "'rubric.yaml' is a link to a file outside" in _refused(folder)


def test_a_link_loop_is_refused(tmp_path: Path) -> None:
    folder = _rubric(tmp_path, "hasil.yaml")
    os.symlink("hasil.yaml", folder / "hasil.yaml")  # points at itself
    assert "'hasil.yaml'" in _refused(folder)


def test_a_link_that_stays_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = _rubric(tmp_path, "hasil.yaml")
    (folder / "asli").mkdir()
    (folder / "asli" / "hasil.yaml").write_text(AREA, encoding="utf-8")
    (folder / "hasil.yaml").symlink_to(folder / "asli" / "hasil.yaml")
    assert zi_engine.load_rubric(folder).id == "tautan"
