"""The committed JSON Schemas stay in step with the models, and every bundled file points at one."""

from __future__ import annotations

import json

import pytest

from tests.support import REPO
from zi_engine.render._schema import SCHEMAS, schema_text

ROOT = REPO


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"schema/{name}.schema.json is stale: run 'make schema' and commit the result"
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_draft7_without_2020_keywords(name: str) -> None:
    schema = json.loads(schema_text(name))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    text = json.dumps(schema)
    assert "$defs" not in text
    assert '"prefixItems"' not in text


def test_every_bundled_yaml_file_names_its_schema() -> None:
    files = sorted((ROOT / "rubrics").rglob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "rubric-manifest" if path.name == "rubric.yaml" else "rubric-area"
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (ROOT / "schema" / f"{kind}.schema.json").resolve(), path


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from zi_engine.cli._main import main

    assert main(["--no-plugins", "rubric", "schema", "manifest"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("zi_engine rubric manifest")
