"""The JSON Schema of lifecycle definitions (``schema/lifecycle.schema.json``).

Regenerate the committed file after changing the models with::

    python -m zi_engine._lifecycle._schema > schema/lifecycle.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from ._definition import LifecycleDefinition

__all__ = ["lifecycle_json_schema", "lifecycle_schema_text"]

SCHEMA_ID = "urn:zi-engine:schema:lifecycle"
TITLE = "zi_engine lifecycle definition"


def lifecycle_json_schema() -> dict[str, Any]:
    """The definition's JSON Schema, in Draft 7 form (``definitions``, not ``$defs``)."""
    from .._schema import draft7_schema  # the shared Draft-7 rewrite used for rubric schemas

    return draft7_schema(LifecycleDefinition, TITLE, SCHEMA_ID)


def lifecycle_schema_text() -> str:
    """The committed text of the schema (stable key order, trailing newline)."""
    return json.dumps(lifecycle_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    print(lifecycle_schema_text(), end="")
