"""JSON Schemas of every file a person edits – rubric, submission, lifecycle, Kawasan.

One generator, Draft 7 form for editors. ``make schema`` writes them all into
``schema/``; a test holds the committed files equal to what this writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from zi_engine.kawasan._model import Kawasan
from zi_engine.lifecycle._definition import LifecycleDefinition
from zi_engine.rubric._model import AreaFile, Manifest
from zi_engine.submission._model import Submission

__all__ = ["SCHEMAS", "draft7_schema", "schema_text"]

SCHEMAS: dict[str, type[BaseModel]] = {
    "rubric-manifest": Manifest,
    "rubric-area": AreaFile,
    "submission": Submission,
    "lifecycle": LifecycleDefinition,
    "kawasan": Kawasan,
}
"""Schema name (file stem under ``schema/``) → model."""

_TITLES = {
    "rubric-manifest": "zi_engine rubric manifest (rubric.yaml)",
    "rubric-area": "zi_engine rubric area file",
    "submission": "zi_engine submission (a unit's LKE answers and gate facts)",
    "lifecycle": "zi_engine lifecycle definition",
    "kawasan": "zi_engine Kawasan (members by unit and agency, integration answers)",
}


def draft7_schema(model: type[BaseModel], title: str, schema_id: str) -> dict[str, Any]:
    """The model's JSON Schema rewritten for Draft 7 (``definitions`` instead of ``$defs``)."""
    raw = model.model_json_schema(by_alias=True, mode="validation")
    text = json.dumps(raw).replace('"#/$defs/', '"#/definitions/')
    schema: dict[str, Any] = json.loads(text)
    defs = schema.pop("$defs", None)
    out: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": schema_id,
        **schema,
        "title": title,
    }
    if defs:
        out["definitions"] = defs
    return out


def schema_text(name: str) -> str:
    """The committed text of schema ``name`` (stable key order, trailing newline)."""
    model = SCHEMAS[name]
    schema = draft7_schema(model, _TITLES[name], f"urn:zi-engine:schema:{name}")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_all(directory: str) -> list[str]:
    """Write every schema into ``directory``; returns the file names written."""
    out = []
    for name in SCHEMAS:
        path = Path(directory) / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        out.append(str(path))
    return out
