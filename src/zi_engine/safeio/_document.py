"""One YAML-or-JSON document from a file or from standard input (``-``)."""

from __future__ import annotations

import os
import sys
from typing import IO, Any

from zi_engine._errors import SubmissionError, _ProblemsError
from zi_engine._i18n import t
from zi_engine.safeio._common import DEFAULT_MAX_BYTES, _checked, _load_file, _Reporter, _size
from zi_engine.safeio._json import _parse_json
from zi_engine.safeio._yaml import _parse_yaml

__all__ = ["STDIN", "STDIN_NAME", "load_document", "load_stdin", "looks_like_json"]

STDIN = "-"
"""The file name that means standard input, as in most command-line tools."""

STDIN_NAME = "<stdin>"
"""How messages name standard input."""


def looks_like_json(text: str | bytes) -> bool:
    """Whether a document is JSON rather than YAML, judged by its first characters.

    JSON opens with ``{"`` (every key quoted), ``{}`` or ``[``; a YAML flow
    mapping ``{unit: ...}`` has a bare key and is read as YAML. A document
    that is both (``{"year": 2026}``) reads the same either way.
    """
    head = (text if isinstance(text, str) else text[:4096].decode("utf-8", "replace")).lstrip(
        "\ufeff \t\r\n"
    )
    if head.startswith("["):
        return True
    return head.startswith("{") and head[1:].lstrip(" \t\r\n")[:1] in ('"', "}")


def load_stdin(
    *,
    error_cls: type[_ProblemsError] = SubmissionError,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stream: IO[bytes] | None = None,
    display_name: str = STDIN_NAME,
) -> tuple[Any, bytes]:
    """Read one YAML or JSON document (told apart by :func:`looks_like_json`) from standard
    input, or from the binary ``stream`` given; return the data and the bytes read.

    At most ``max_bytes`` are read. A terminal is refused rather than waited on.
    """
    report = _Reporter(display_name, error_cls)
    if stream is None:
        text_stream = sys.stdin
        if text_stream is None:  # pythonw, or a daemon with stdin closed
            raise report(t("safeio.no_stdin", "there is no standard input to read"))
        stream = text_stream.buffer
    try:
        if stream.isatty():
            raise report(
                t(
                    "safeio.stdin_terminal",
                    "standard input is a terminal; send the document into it "
                    "(zi-engine score - < unit.yaml, or through a pipe)",
                )
            )
        raw = stream.read(max_bytes + 1)
    except (OSError, ValueError) as exc:  # ValueError: the stream is closed
        reason = str(exc)
        raise report(
            t("safeio.stdin_unreadable", "cannot read standard input: {reason}", reason=reason)
        ) from None
    if len(raw) > max_bytes:
        raise report(
            t(
                "safeio.stdin_too_big",
                "standard input is larger than the limit of {limit}",
                limit=_size(max_bytes),
            )
        )
    raw, text = _checked(raw, report, max_bytes)
    parse = _parse_json if looks_like_json(text) else _parse_yaml
    return parse(raw, text, report), raw


def load_document(
    source: str | os.PathLike[str],
    *,
    error_cls: type[_ProblemsError] = SubmissionError,
    max_bytes: int = DEFAULT_MAX_BYTES,
    display_name: str | None = None,
    stdin: IO[bytes] | None = None,
) -> tuple[Any, bytes, str]:
    """``(data, bytes, name shown in messages)`` of a YAML or JSON document.

    ``source`` ``"-"`` is standard input (or ``stdin``), YAML or JSON by its
    first characters; a path ending in ``.json`` is read as JSON, any other as
    YAML. Everything :func:`load_yaml_file` and :func:`load_json_file` refuse
    is refused here the same way, with ``error_cls``.
    """
    if os.fspath(source) == STDIN:
        display = display_name or STDIN_NAME
        data, raw = load_stdin(
            error_cls=error_cls, max_bytes=max_bytes, stream=stdin, display_name=display
        )
        return data, raw, display
    display = display_name or os.fspath(source)
    parse = _parse_json if os.fspath(source).lower().endswith(".json") else _parse_yaml
    data, raw = _load_file(source, error_cls, max_bytes, display, parse)
    return data, raw, display
