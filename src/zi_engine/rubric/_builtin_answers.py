"""Built-in answer types, registered through zi_engine's own ``zi_answer_types`` hook."""

from __future__ import annotations

from collections.abc import Sequence

from zi_engine.hookspecs import hookimpl
from zi_engine.rubric._answers import BUILTIN_ANSWER_TYPES, AnswerType


@hookimpl
def zi_answer_types() -> Sequence[AnswerType]:
    """Ya/Tidak, A–C, A–D, A–E, custom options, counts, survey index, ratio and decline."""
    return BUILTIN_ANSWER_TYPES
