"""Bearer tokens bound to agencies, compared in constant time, and a rate limit per token.

The tokens file is a YAML mapping ``agency id: token``. A token is never taken
from the command line (it would show in the process list and shell history).
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from zi_engine._errors import SubmissionError, UsageError
from zi_engine.safeio import load_document

__all__ = ["MIN_TOKEN_LENGTH", "RateLimiter", "Tokens", "load_tokens"]

MIN_TOKEN_LENGTH = 32
"""Shorter tokens can be guessed; the file is refused naming the agency."""


class Tokens:
    """Which agency a bearer token belongs to; every token is compared, in constant time."""

    def __init__(self, by_agency: Mapping[str, str]) -> None:
        self._pairs = [(agency, token.encode("utf-8")) for agency, token in by_agency.items()]

    def agency(self, presented: str | None) -> str | None:
        """The agency ``presented`` is the token of, or ``None``.

        Each known token is compared with :func:`hmac.compare_digest` and the
        loop never stops early, so the time taken does not tell how much of a
        guess was right, nor which agency matched.
        """
        if not presented:
            return None
        given = presented.encode("utf-8", "surrogateescape")
        found: str | None = None
        for agency, token in self._pairs:
            if hmac.compare_digest(given, token) and found is None:
                found = agency
        return found


def load_tokens(path: str | Path) -> Tokens:
    """Read the tokens file; a bad one is a :class:`UsageError` naming the file and agency."""
    try:
        data, _raw, display = load_document(path, error_cls=SubmissionError)
    except SubmissionError as exc:
        raise UsageError(f"the tokens file: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise UsageError(f"{display}: expected a mapping of agency id to token")
    problems: list[str] = []
    seen: dict[str, str] = {}
    for agency, token in data.items():
        if not isinstance(agency, str) or not agency.strip():
            problems.append(f"{display}: {agency!r}: an agency id is text")
        elif not isinstance(token, str) or len(token) < MIN_TOKEN_LENGTH:
            problems.append(
                f"{display}: {agency}: the token must be text of at least "
                f"{MIN_TOKEN_LENGTH} characters"
            )
        elif token in seen:
            problems.append(f"{display}: {agency}: the same token as {seen[token]}")
        else:
            seen[token] = agency
    if problems:
        raise UsageError("\n".join(problems))
    return Tokens({str(a): str(t) for a, t in data.items()})


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """A token bucket per bearer token: ``per_minute`` requests, refilled continuously.

    In one process: with several workers each holds its own buckets (see
    docs/service.md).
    """

    per_minute: int
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: str, now: float | None = None) -> float:
        """Spend one request; ``0`` if allowed, else the seconds until the next one is."""
        moment = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(float(self.per_minute), moment)
            bucket.tokens = min(
                float(self.per_minute), bucket.tokens + (moment - bucket.updated) * rate
            )
            bucket.updated = moment
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / rate
