"""Reading and writing submission files (YAML or JSON) with located errors.

``-`` is standard input, YAML or JSON told apart by its first characters;
otherwise a name ending in ``.json`` is JSON and any other YAML.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from zi_engine._errors import SubmissionError
from zi_engine._i18n import t
from zi_engine.safeio import dump_yaml, load_document
from zi_engine.submission._model import Facts, Submission

__all__ = [
    "load_facts_file",
    "load_submission_file",
    "read_document",
    "read_submission",
    "save_submission_file",
]

_JSON_SUFFIXES = (".json",)
_YAML_SUFFIXES = (".yaml", ".yml")


def read_document(
    path: str | os.PathLike[str], *, stdin: IO[bytes] | None = None
) -> tuple[Any, bytes, str]:
    """``(data, raw bytes, display name)`` of a YAML or JSON file (``-``: standard input)."""
    return load_document(path, error_cls=SubmissionError, stdin=stdin)


def read_submission(
    path: str | os.PathLike[str], *, stdin: IO[bytes] | None = None
) -> tuple[Submission, bytes, str]:
    """A validated submission with the bytes it was read from and the name of its source."""
    data, raw, display = read_document(path, stdin=stdin)
    return Submission._validated(data, display, raw), raw, display


def load_submission_file(path: str | os.PathLike[str]) -> Submission:
    """Read and validate a submission file; every problem is located at file:line:column."""
    return read_submission(path)[0]


def load_facts_file(path: str | os.PathLike[str], *, stdin: IO[bytes] | None = None) -> Facts:
    """Gate facts (the ``facts`` part of a submission) from their own YAML or JSON file."""
    data, raw, display = read_document(path, stdin=stdin)
    return Facts._validated(data, display, raw)


def save_submission_file(submission: Submission, path: str | os.PathLike[str]) -> Path:
    """Write ``submission`` as YAML (``.yaml``/``.yml``) or JSON (``.json``); return the path.

    The file holds :meth:`Submission.to_dict`, so reading it back gives an
    equal submission.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in _JSON_SUFFIXES + _YAML_SUFFIXES:
        raise SubmissionError(
            t(
                "submission.unknown_suffix",
                "{file}: cannot tell the format from the name; end it in .yaml, .yml or .json",
                file=str(target),
            )
        )
    data = submission.to_dict()
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        # (JSON text holds every string as it is, so this finds them in either format)
        encoded = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate in some text set unvalidated
        raise SubmissionError(
            t(
                "submission.unencodable_text",
                "{file}: the submission holds text that cannot be written as UTF-8 ({text});"
                " remove it",
                file=str(target),
                text=repr(text[exc.start : exc.end]),
            )
        ) from None
    if suffix in _YAML_SUFFIXES:
        encoded = dump_yaml(data).encode("utf-8")
    try:
        target.write_bytes(encoded)
    except OSError as exc:
        raise SubmissionError(
            t(
                "submission.cannot_write",
                "{file}: cannot write the file: {reason}",
                file=str(target),
                reason=str(exc.strerror or exc),
            )
        ) from None
    return target
