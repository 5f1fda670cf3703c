"""Signed heads: a saved history that whoever stores it can neither forge nor truncate.

The hash chain is a checksum: anyone who can run this code can rebuild a
chain, so a store operator can rewrite a history, or cut records off its
end and rehash nothing at all. A signature over the head closes that gap.
The app holds a secret key; :meth:`Lifecycle.to_dict` with ``signing_key=``
adds

    "signature": {"algorithm": "HMAC-SHA256", "value": "<64 lowercase hex digits>"}

where ``value`` is HMAC-SHA256 (RFC 2104) under the key of the UTF-8 bytes
``zi-engine.lifecycle.head:`` followed by the document's ``head``. The head
is the hash of the last record, which covers every record before it and the
unit's identity (the genesis hash), so one signature covers the whole
history. :meth:`Lifecycle.from_dict` with the key refuses a document whose
signature is missing or does not match – a forged record, a removed one, or
a document of another unit.

A signature cannot tell an old document from the newest one: an operator
who kept yesterday's signed document can put it back. Compare ``revision``
with a copy the app keeps (optimistic locking already does).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from zi_engine._errors import Problem
from zi_engine._i18n import t
from zi_engine.lifecycle._errors import LifecycleStateError

__all__ = ["ALGORITHM", "SIGNATURE_KEY", "check_signature", "head_signature", "signature_member"]

ALGORITHM = "HMAC-SHA256"
SIGNATURE_KEY = "signature"  # the document member; written only when signing
MIN_KEY_BYTES = 16  # a shorter secret is guessable; 32 random bytes is the usual choice
_CONTEXT = b"zi-engine.lifecycle.head:"  # so the key signs nothing else by accident
_HEX = frozenset("0123456789abcdef")


def _require_key(key: object) -> bytes:
    if not isinstance(key, (bytes, bytearray)):
        raise TypeError(
            t(
                "lifecycle.key_not_bytes",
                "signing_key must be bytes, got {kind}",
                kind=type(key).__name__,
            )
        )
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(
            t(
                "lifecycle.key_too_short",
                "signing_key must be at least {minimum} bytes (e.g. secrets.token_bytes(32))",
                minimum=MIN_KEY_BYTES,
            )
        )
    return bytes(key)


def head_signature(key: bytes, head: str) -> str:
    """HMAC-SHA256 of ``head`` under ``key``, in lowercase hex."""
    return hmac.new(_require_key(key), _CONTEXT + head.encode("ascii"), hashlib.sha256).hexdigest()


def signature_member(key: bytes, head: str) -> dict[str, str]:
    """The ``signature`` member of a signed document."""
    return {"algorithm": ALGORITHM, "value": head_signature(key, head)}


def _fail(path: str, message: str) -> LifecycleStateError:
    return LifecycleStateError(Problem(message, path=path))


def check_signature(stored: object, key: bytes | None, head: str) -> None:
    """Check a document's ``signature`` member (``None`` when absent) against its head.

    Without a key a signature cannot be checked; its form still is. With a
    key, a missing or wrong signature is a :class:`LifecycleStateError`.
    """
    if key is not None:
        _require_key(key)  # a bad key is the caller's error, reported before the document
    if stored is None:
        if key is not None:
            raise _fail(
                SIGNATURE_KEY,
                t(
                    "lifecycle.signature_missing",
                    "is missing: the document is not signed, so it may have been forged or "
                    "truncated",
                ),
            )
        return
    if not isinstance(stored, Mapping) or set(stored) != {"algorithm", "value"}:
        raise _fail(
            SIGNATURE_KEY,
            t("lifecycle.signature_shape", "expected an object with algorithm and value"),
        )
    if stored["algorithm"] != ALGORITHM:
        raise _fail(
            f"{SIGNATURE_KEY}.algorithm",
            t("lifecycle.signature_algorithm", "expected {algorithm!r}", algorithm=ALGORITHM),
        )
    value = stored["value"]
    if type(value) is not str or len(value) != 64 or not set(value) <= _HEX:
        raise _fail(
            f"{SIGNATURE_KEY}.value",
            t("lifecycle.signature_value", "expected 64 lowercase hexadecimal digits"),
        )
    if key is not None and not hmac.compare_digest(value, head_signature(key, head)):
        raise _fail(
            SIGNATURE_KEY,
            t(
                "lifecycle.signature_mismatch",
                "does not match the history under this key: records were forged, removed or "
                "replaced, or another key signed it",
            ),
        )
