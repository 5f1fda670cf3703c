"""The command line's language: Bahasa Indonesia by default; ``--lang``, ``ZI_LANG`` and
the locale choose. Its own lines, argparse's, tables and verdicts follow; JSON does not.

The rest of tests/cli reads English: tests/conftest.py sets ``ZI_LANG=en`` for every test;
the tests here remove it (and the locale) to see the defaults.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine._i18n import language
from zi_engine.cli import _main as _cli

EXAMPLE = str(EXAMPLES_DIR / "dinkes-banjarbaru-wbk.yaml")
KAWASAN = str(EXAMPLES_DIR / "kawasan-pelabuhan-tanjung-priok" / "kawasan.yaml")
LOCALE = ("ZI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# a usage error of our own: what it says shows which language the command line chose
STUCK = ("portfolio", ".", "--stuck-days", "99999")
STUCK_ID = "zi-engine: --stuck-days 99999: berikan jumlah hari dari 0 sampai 36500\n"
STUCK_EN = "zi-engine: --stuck-days 99999: give a number of days from 0 to 36500\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = _cli.main(["--no-plugins", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in LOCALE:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_indonesian_is_the_default_without_zi_lang_or_a_locale(
    no_locale: pytest.MonkeyPatch,
) -> None:
    assert run(*STUCK) == (1, "", STUCK_ID)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"ZI_LANG": "id"}, STUCK_ID),
        ({"ZI_LANG": "en"}, STUCK_EN),
        ({"LANG": "id_ID.UTF-8"}, STUCK_ID),
        ({"LANG": "en_US.UTF-8"}, STUCK_EN),
        ({"LANG": "C.UTF-8"}, STUCK_ID),  # a locale in neither language: the default
        ({"LANG": "en_US.UTF-8", "ZI_LANG": "id"}, STUCK_ID),  # ZI_LANG before the locale
    ],
)
def test_zi_lang_then_the_locale_choose(
    no_locale: pytest.MonkeyPatch, environ: dict[str, str], expected: str
) -> None:
    for name, value in environ.items():
        no_locale.setenv(name, value)
    assert run(*STUCK) == (1, "", expected)


def test_lang_beats_zi_lang_and_works_before_or_after_the_command(
    no_locale: pytest.MonkeyPatch,
) -> None:
    no_locale.setenv("ZI_LANG", "id")
    assert run("--lang", "en", *STUCK) == (1, "", STUCK_EN)
    assert run(*STUCK, "--lang=en") == (1, "", STUCK_EN)
    no_locale.setenv("ZI_LANG", "en")
    assert run(*STUCK, "--lang", "id") == (1, "", STUCK_ID)


def test_main_does_not_leave_its_language_behind(no_locale: pytest.MonkeyPatch) -> None:
    assert language() == "en"  # the library's default
    run("--lang", "id", *STUCK)
    assert language() == "en"
    with zi_engine.use_language("id"):
        assert run("--lang", "en", *STUCK)[2] == STUCK_EN
        assert language() == "id"


def test_argparse_errors_and_help_are_in_the_chosen_language(
    no_locale: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        run("score", EXAMPLE, "--format", "xx")
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("penggunaan: zi-engine score ")
    assert err.endswith(
        "zi-engine score: kesalahan: argumen --format: 'xx' bukan salah satu pilihan; "
        "pilih dari 'table', 'json', 'markdown'\n"
    )
    with pytest.raises(SystemExit):
        run("score")
    assert capsys.readouterr().err.endswith(
        "zi-engine score: kesalahan: argumen berikut wajib diberikan: file\n"
    )
    with pytest.raises(SystemExit):
        run("score", EXAMPLE, "--as-of", "31-12-2021")
    assert capsys.readouterr().err.endswith(
        "kesalahan: argumen --as-of: '31-12-2021' bukan tanggal (tulis TTTT-BB-HH, "
        "misalnya 2026-12-31)\n"
    )
    with pytest.raises(SystemExit):
        run("portfolio", ".", "--stuck-days", "lama")
    assert capsys.readouterr().err.endswith(
        "kesalahan: argumen --stuck-days: 'lama' bukan bilangan bulat\n"
    )
    with pytest.raises(SystemExit) as exc:
        run("score", "--help")
    assert exc.value.code == 0
    shown = capsys.readouterr().out
    assert "opsi:" in shown
    assert "argumen posisi:" in shown
    assert "tampilkan bantuan ini lalu keluar" in shown
    assert "nilai satu usulan" not in shown  # that is the command list's, one level up
    assert "lapisan jawaban tertinggi yang dihitung" in shown
    with pytest.raises(SystemExit):
        run("diff", "--help")
    shown = " ".join(capsys.readouterr().out.split())  # as argparse wraps it
    assert "berkas usulan (.yaml/.json); '-' membaca masukan standar" in shown
    with pytest.raises(SystemExit):
        run("--lang", "en", "score", "--help")
    shown = capsys.readouterr().out
    assert "options:" in shown
    assert "highest answer layer that counts" in shown


def test_an_unknown_lang_is_a_usage_error_in_the_default_language(
    no_locale: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        run("--lang", "fr", *STUCK)
    assert exc.value.code == 2
    assert "argumen --lang: 'fr' bukan salah satu pilihan; pilih dari 'id', 'en'" in (
        capsys.readouterr().err
    )


def test_tables_and_verdicts_are_indonesian_with_the_decimal_comma(
    no_locale: pytest.MonkeyPatch,
) -> None:
    code, out, err = run("kawasan", "score", KAWASAN)
    assert (code, err) == (0, "")
    assert "Anggota (5 unit kerja dari 4 instansi)" in out
    assert "Kawasan Menuju Wilayah Bebas dari Korupsi (WBK): TIDAK MEMENUHI" in out
    assert "  KKP-TJPRIOK    KEMENKES     84,60  TIDAK MEMENUHI  TIDAK MEMENUHI" in out
    assert ": 7,17 dari 10" in out
    assert "Yang perlu dilakukan (Menuju WBK)" in out
    assert "1 perubahan jawaban, nilai total 84,60 -> 86,32" in out


def test_diff_in_indonesian(no_locale: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests.cli.test_diff import _layered

    code, out, err = run("diff", str(_layered(tmp_path)))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "DINKES-BJB (2026): 3 perbedaan antarlapisan jawaban"
    assert lines[1] == "pertanyaan | lapisan | jawaban | menggantikan | pengaruh"
    assert lines[2] == "mp.p.tim_kerja.a | tpi | Tidak | Ya (unit) | -0,2500"
    # the TPI takes 0,25 + 0,1667 off the unit's 85,40, the TPN 0,1667 more (test_diff.py)
    assert lines[5] == "nilai total: unit 85,40, tpi 84,98, tpn 84,82"


def test_json_keeps_plain_numbers_in_any_language(no_locale: pytest.MonkeyPatch) -> None:
    code, out, _ = run("score", EXAMPLE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == pytest.approx(85.46, abs=0.005)
    assert data["eligibility"]["WBK"]["outcome"] == "eligible"  # machine words, not verdicts
    code, english, _ = run("--lang", "en", "score", EXAMPLE, "--format", "json")
    assert json.loads(english)["total"] == data["total"]


def test_a_missing_program_for_pdf_is_one_line_in_either_language(
    no_locale: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_locale.setenv("ZI_ENGINE_CHROMIUM", str(tmp_path / "no-chromium-here"))
    pdf = str(tmp_path / "x.pdf")
    code, _, err = run("report", EXAMPLE, "--format", "pdf", "--out", pdf)
    assert (code, err) == (
        1,
        "zi-engine: Keluaran PDF memerlukan Chromium: pasang paket 'chromium' (Debian/Ubuntu: "
        "apt-get install chromium), atau gunakan --format html\n",
    )
    code, _, err = run("--lang", "en", "report", EXAMPLE, "--format", "pdf", "--out", pdf)
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("zi-engine: PDF output needs Chromium")


def test_the_installed_command_speaks_indonesian_with_no_locale(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE}
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from zi_engine.cli import main; sys.exit(main())",
         "--no-plugins", *STUCK],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (1, "", STUCK_ID)
