"""Reading submission files (YAML or JSON) with located errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zi_engine._errors import SubmissionError
from zi_engine.safeio import load_json_file, load_yaml_file
from zi_engine.safeio._problems import ProblemCollector
from zi_engine.submission._model import Submission

__all__ = ["load_submission_file", "read_document"]


def read_document(path: str | Path) -> tuple[Any, bytes, str]:
    """``(data, raw bytes, display name)`` of a YAML or JSON file, read safely."""
    p = Path(path)
    display = str(path)
    if not p.is_file():
        raise SubmissionError(f"{display}: no such file")
    if p.suffix.lower() == ".json":
        data, raw = load_json_file(p, error_cls=SubmissionError, display_name=display)
    else:
        data, raw = load_yaml_file(p, error_cls=SubmissionError, display_name=display)
    return data, raw, display


def load_submission_file(path: str | Path) -> Submission:
    """Read and validate a submission file; every problem is located at file:line:column."""
    data, raw, display = read_document(path)
    try:
        return Submission.model_validate(data)
    except ValidationError as exc:
        collector = ProblemCollector([Submission])
        collector.source(display, raw)
        collector.add_validation_error(display, data, exc)
        raise SubmissionError(collector.problems()) from None
