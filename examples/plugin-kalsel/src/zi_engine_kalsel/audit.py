"""An append-only JSON-lines audit log of lifecycle transitions and evaluations.

The file is named by the environment variable ``ZI_KALSEL_AUDIT_LOG``; when it
is unset (or empty) the listeners do nothing. Each event is one line of JSON,
written with a single ``write`` on a file opened for appending, so lines from
several processes do not interleave on a local file system.

An error writing the log is not swallowed: for a transition, zi_engine then
rolls the transition back and raises ``ListenerError``, so nothing happens that
the audit log does not show.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = ["AUDIT_LOG_ENV", "append_event", "audit_log_path", "plain"]

AUDIT_LOG_ENV = "ZI_KALSEL_AUDIT_LOG"


def audit_log_path() -> Path | None:
    """The audit log named by ``ZI_KALSEL_AUDIT_LOG``, or ``None`` when logging is off."""
    value = os.environ.get(AUDIT_LOG_ENV, "").strip()
    return Path(value) if value else None


def plain(value: Any) -> Any:
    """``value`` as JSON-able data: ``to_dict()``, dataclasses, pydantic models, dates."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return plain(to_dict())
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump):
        return model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def append_event(event: Mapping[str, Any], path: Path | None = None) -> bool:
    """Append ``event`` as one JSON line; ``False`` (and nothing written) when logging is off."""
    path = path if path is not None else audit_log_path()
    if path is None:
        return False
    line = json.dumps(plain(event), ensure_ascii=False, sort_keys=True) + "\n"
    with path.open("a", encoding="utf-8") as log:
        log.write(line)
    return True
