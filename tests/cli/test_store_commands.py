"""``zi-engine store init|put|list``, ``portfolio URL``, and the missing-extra message."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

from tests.support.store import EXAMPLES, at, in_review
from zi_engine.cli import main

pytest.importorskip("sqlalchemy", reason="the store needs zi-engine[server]")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-plugins", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_init_put_list_and_portfolio(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'zi.db'}"
    assert run("store", "init", url, "--round", "2026")[0] == 0
    lifecycle = tmp_path / "dinkes.json"
    lifecycle.write_text(json.dumps(in_review("DINKES-BJB").to_dict()))
    code, out, err = run(
        "store", "put", url, str(lifecycle), str(EXAMPLES / "dinkes-banjarbaru-wbk.yaml"),
    )  # fmt: skip
    assert (code, err) == (0, "")
    lines = out.splitlines()  # submissions first, whatever the order given
    assert "DINKES-BJB (PEMKOT-BJB) version 1" in lines[0]
    assert "lifecycle of DINKES-BJB (PEMKOT-BJB) added, revision 4" in lines[1]
    code, out, _ = run("store", "list", url)
    assert code == 0
    assert "DINKES-BJB  v1  internal_review (revision 4)" in out
    code, out, _ = run("portfolio", url, "--stuck-days", "10", "--at", "2026-03-01")
    assert code == 0
    assert "Lifecycles: 1" in out
    assert "Evaluasi TPI" in out
    assert "Stuck more than 10 days (as of 2026-03-01): 1" in out
    assert at(2026, 2, 3).date().isoformat() in out  # since the state was entered


def test_portal_json_needs_the_agency(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'zi.db'}"
    run("store", "init", url)
    portal = str(EXAMPLES / "rsud-idaman-area-minimum.portalrb.json")
    code, _, err = run("store", "put", url, portal)
    assert code == 1
    assert err.strip() == f"{portal}: portal JSON names no agency; give it with --agency ID"
    code, out, _ = run("store", "put", url, "--agency", "PEMKOT-BJB", portal)
    assert code == 0
    assert "RSUD-IDAMAN (PEMKOT-BJB) version 1" in out


def test_bad_answers_are_located_and_nothing_is_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'zi.db'}"
    run("store", "init", url)
    text = (EXAMPLES / "dinkes-banjarbaru-wbk.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("answers:", "answers:\n  no.such.question: A", 1))
    code, _, err = run("store", "put", url, str(bad))
    assert code == 1
    assert f"{bad}:" in err
    assert "no.such.question" in err
    assert "Traceback" not in err
    assert run("store", "list", url)[1].startswith("0 units")


def test_an_uninitialised_store_names_the_command(tmp_path: Path) -> None:
    code, _, err = run("store", "list", f"sqlite:///{tmp_path / 'none.db'}")
    assert code == 1
    assert "run: zi-engine store init URL" in err


@pytest.mark.parametrize(
    "command", [["store", "list", "sqlite:///x.db"], ["serve", "sqlite:///x.db"]]
)
def test_without_the_extra_one_line_names_it(
    monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    real = importlib.util.find_spec

    def without_sqlalchemy(name: str, *args: object) -> object:
        return None if name == "sqlalchemy" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", without_sqlalchemy)
    code, out, err = run(*command)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "zi-engine[server]" in err
    assert 'pip install "zi-engine[server]"' in err


def test_serve_wants_a_tokens_file_not_a_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZI_ENGINE_TOKENS_FILE", raising=False)
    code, _, err = run("serve", f"sqlite:///{tmp_path / 'zi.db'}")
    assert code == 1
    assert "--tokens FILE" in err
    short = tmp_path / "tokens.yaml"
    short.write_text("PEMKOT-BJB: pendek\n")
    code, _, err = run("serve", f"sqlite:///{tmp_path / 'zi.db'}", "--tokens", str(short))
    assert code == 1
    assert "at least 32 characters" in err
