"""``zi-engine report`` and the dashboard formats of ``zi-engine portfolio``."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.support import REPO, system
from tests.support.portfolios import kalsel_portfolio, write_portfolio
from zi_engine.cli import _main as _cli
from zi_engine.report import dashboard_data

EXAMPLE = REPO / "examples" / "dinkes-banjarbaru-wbk.yaml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = _cli.main(["--no-plugins", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_report_writes_html_to_standard_output_or_a_file(tmp_path: Path) -> None:
    code, out, err = run("--lang", "id", "report", str(EXAMPLE))
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>")
    assert "Dinas Kesehatan Kota Banjarbaru" in out
    assert "85,46" in out
    # a plan toward WBBM, the predicate the unit does not meet yet
    assert "Yang perlu dilakukan" in out
    assert "Menuju WBBM" in out
    target = tmp_path / "lhe.html"
    code, out, err = run(
        "report", str(EXAMPLE), "--out", str(target), "--layer", "unit", "--lang", "id"
    )
    assert (code, out) == (0, ""), err
    assert "jawaban unit kerja" in target.read_text(encoding="utf-8")


def test_report_refuses_portal_flags_without_portalrb() -> None:
    with pytest.raises(SystemExit) as exc:
        run("report", str(EXAMPLE), "--agency", "x")
    assert exc.value.code == 2


def test_report_cannot_write_says_so_in_one_line(tmp_path: Path) -> None:
    code, _, err = run("report", str(EXAMPLE), "--out", str(tmp_path / "no" / "such" / "x.html"))
    assert code == 1
    assert err.count("\n") == 1
    assert "cannot write" in err
    assert "Traceback" not in err


def test_pdf_into_a_folder_is_refused_before_printing(tmp_path: Path) -> None:
    code, _, err = run("report", str(EXAMPLE), "--format", "pdf", "--out", str(tmp_path))
    assert code == 1
    assert err == f"zi-engine: {tmp_path}: cannot write: Is a directory\n"
    assert list(tmp_path.iterdir()) == []


def test_pdf_without_chromium_is_one_line_naming_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZI_ENGINE_CHROMIUM", str(tmp_path / "no-chromium-here"))
    code, _, err = run("report", str(EXAMPLE), "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert code == 1
    assert err.count("\n") == 1
    assert "install the 'chromium' package" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.xdist_group("chromium")
def test_report_pdf_is_written_next_to_where_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZI_ENGINE_CHROMIUM", system.chromium())
    monkeypatch.chdir(tmp_path)
    code, _out, err = run("--lang", "id", "report", str(EXAMPLE), "--format", "pdf")
    assert code == 0, err
    written = tmp_path / "dinkes-banjarbaru-wbk.pdf"
    assert f"{written} telah ditulis" in capsys.readouterr().err
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(written).pages).split())
    assert "Laporan Hasil Evaluasi Zona Integritas" in text
    assert "85,46" in text


def test_portfolio_json_is_the_dashboard_data(tmp_path: Path) -> None:
    folder = write_portfolio(tmp_path / "kalsel")
    code, out, err = run("portfolio", str(folder), "--format", "json", "--as-of", "2026-06-30")
    assert code == 0, err
    expected = dashboard_data(kalsel_portfolio(), as_of=date(2026, 6, 30), stuck_days=365)
    assert json.loads(out) == expected
    # without --as-of: the newest record's day (tpn-1 admitted on 2026-06-01)
    code, out, _ = run("portfolio", str(folder), "--format", "json")
    assert json.loads(out)["as_of"] == "2026-06-01"


def test_portfolio_html_and_the_text_table_stays(tmp_path: Path) -> None:
    folder = write_portfolio(tmp_path / "kalsel")
    page = tmp_path / "dasbor.html"
    code, _, err = run(
        "--lang", "id", "portfolio", str(folder), "--format", "html", "--as-of", "2026-06-30",
        "--stuck-days", "1000", "--out", str(page),
    )  # fmt: skip
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "Pemantauan Pembangunan Zona Integritas" in html
    assert "tertahan lebih dari 1.000 hari" in html
    code, out, _ = run("portfolio", str(folder))
    assert code == 0
    assert out.startswith("Lifecycles: 31")


def test_portfolio_pdf_needs_out(tmp_path: Path) -> None:
    folder = write_portfolio(tmp_path / "kalsel")
    code, _, err = run("portfolio", str(folder), "--format", "pdf")
    assert code == 1
    assert "--out" in err


def test_portfolio_text_refuses_dashboard_flags(tmp_path: Path) -> None:
    folder = write_portfolio(tmp_path / "kalsel")
    code, out, err = run("portfolio", str(folder), "--as-of", "2026-06-30")
    assert (code, out) == (1, "")
    assert "--format json, html or pdf" in err
