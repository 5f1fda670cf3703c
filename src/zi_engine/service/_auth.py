"""Bearer tokens bound to agencies, compared in constant time, and a rate limit per token.

The tokens file is a YAML mapping ``agency id: token``. A token is never taken
from the command line (it would show in the process list and shell history).
"""

from __future__ import annotations

import hmac
import struct
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from zi_engine._errors import SubmissionError, UsageError
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.safeio import load_document

__all__ = ["MIN_TOKEN_LENGTH", "RateLimiter", "SharedRateLimiter", "Tokens", "load_tokens"]

MIN_TOKEN_LENGTH = 32
"""Shorter tokens can be guessed; the file is refused naming the agency."""


class Tokens:
    """Which agency a bearer token belongs to; every token is compared, in constant time."""

    def __init__(self, by_agency: Mapping[str, str]) -> None:
        self._pairs = [(agency, token.encode("utf-8")) for agency, token in by_agency.items()]

    @property
    def agencies(self) -> list[str]:
        """The agencies that have a token."""
        return [agency for agency, _token in self._pairs]

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
        raise UsageError(
            t("service.tokens_unreadable", "the tokens file: {problem}", problem=str(exc))
        ) from None
    if not isinstance(data, dict) or not data:
        raise UsageError(
            t(
                "service.tokens_not_mapping",
                "{file}: expected a mapping of agency id to token",
                file=display,
            )
        )
    problems: list[str] = []
    seen: dict[str, str] = {}
    for agency, token in data.items():
        if not isinstance(agency, str) or not agency.strip():
            problems.append(
                t(
                    "service.token_agency_not_text",
                    "{file}: {agency}: an agency id is text",
                    file=display,
                    agency=show(agency),
                )
            )
        elif not isinstance(token, str) or len(token) < MIN_TOKEN_LENGTH:
            problems.append(
                t(
                    "service.token_too_short",
                    "{file}: {agency}: the token must be text of at least {length} characters",
                    file=display,
                    agency=agency,
                    length=MIN_TOKEN_LENGTH,
                )
            )
        elif token in seen:
            problems.append(
                t(
                    "service.token_twice",
                    "{file}: {agency}: the same token as {other}",
                    file=display,
                    agency=agency,
                    other=seen[token],
                )
            )
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

    In one process. :class:`SharedRateLimiter` holds the buckets in a file
    that every worker of one ``zi-engine serve`` maps, so the limit holds
    across workers.
    """

    per_minute: int
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: str, now: float | None = None) -> float:
        """Spend one request; ``0`` if allowed, else the seconds until the next one is."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(float(self.per_minute), moment)
            bucket.tokens, bucket.updated, wait = _spend(
                self.per_minute, bucket.tokens, bucket.updated, moment
            )
            return wait


def _spend(
    per_minute: int, tokens: float, updated: float, now: float
) -> tuple[float, float, float]:
    """The bucket after one request at ``now``, and the wait (``0``: allowed)."""
    rate = per_minute / 60.0
    tokens = min(float(per_minute), tokens + max(0.0, now - updated) * rate)
    if tokens >= 1:
        return tokens - 1, now, 0.0
    return tokens, now, (1 - tokens) / rate


_SLOT = struct.Struct("<dd")  # tokens, updated (the monotonic clock, shared by the processes)


class SharedRateLimiter:
    """The buckets of every agency in one small file, shared by the service's workers.

    Each agency of the tokens file has a fixed slot; a request locks the file
    (``flock``), reads its bucket, spends and writes it back – a few
    microseconds, no database write per request. ``zi-engine serve`` creates
    the file before it starts the workers; they all map it, so with several
    workers a token still gets ``per_minute`` requests in all, not per worker.
    Several hosts each keep their own file: there the limit is per host.
    """

    def __init__(self, per_minute: int, path: str | Path, agencies: list[str]) -> None:
        import mmap

        self.per_minute = per_minute
        self._slots = {agency: i for i, agency in enumerate(sorted(agencies))}
        self._file = open(path, "r+b")  # noqa: SIM115 - kept open for the process's life
        size = max(1, len(self._slots)) * _SLOT.size
        if self._file.seek(0, 2) < size:
            raise ValueError(
                t(
                    "service.rate_file_small",
                    "{path}: the rate-limit file is smaller than its {size} bytes",
                    path=str(path),
                    size=size,
                )
            )
        self._map = mmap.mmap(self._file.fileno(), size)
        self._lock = threading.Lock()

    @staticmethod
    def create(path: str | Path, agencies: list[str], per_minute: int) -> None:
        """Write a fresh file: every bucket full (``updated`` 0: filled on first use)."""
        with open(path, "wb") as fp:
            fp.write(_SLOT.pack(float(per_minute), 0.0) * max(1, len(agencies)))

    def take(self, key: str, now: float | None = None) -> float:
        """Spend one request of ``key`` (an agency of the tokens file); ``0`` if allowed."""
        import fcntl

        slot = self._slots.get(key)
        if slot is None:
            return 0.0  # not an agency of the tokens file: it never gets this far
        moment = time.monotonic() if now is None else now
        offset = slot * _SLOT.size
        with self._lock:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
            try:
                tokens, updated = _SLOT.unpack_from(self._map, offset)
                tokens, updated, wait = _spend(self.per_minute, tokens, updated or moment, moment)
                _SLOT.pack_into(self._map, offset, tokens, updated)
            finally:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        return wait
