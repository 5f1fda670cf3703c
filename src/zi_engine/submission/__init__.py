"""Stage 2 of the pipeline: a unit's submission – pure data, and reading and writing it.

``_model`` holds the pydantic models (no I/O); ``_files`` reads and writes
YAML/JSON submission files with located errors; ``_portalrb`` converts to and
from the national portal's "jawaban LKE satu unit" JSON.
"""

from __future__ import annotations

from zi_engine.submission._model import (
    LAYERS,
    AgencyFacts,
    AgencyInfo,
    AnswerEntry,
    Facts,
    Layer,
    LayeredAnswer,
    RawAnswer,
    Submission,
    UnitFacts,
    UnitInfo,
)
from zi_engine.submission._scope import (
    UNIT_LEVELS,
    PreliminaryScope,
    UnitLevel,
    preliminary_scope,
    resolve_preliminary_review,
)

__all__ = [
    "LAYERS",
    "UNIT_LEVELS",
    "AgencyFacts",
    "AgencyInfo",
    "AnswerEntry",
    "Facts",
    "Layer",
    "LayeredAnswer",
    "PreliminaryScope",
    "RawAnswer",
    "Submission",
    "UnitFacts",
    "UnitInfo",
    "UnitLevel",
    "preliminary_scope",
    "resolve_preliminary_review",
]
