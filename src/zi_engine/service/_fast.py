"""The portal's ``jawaban-unit`` call answered before FastAPI's routing, when it can be.

It is the call the portal makes for every unit, and the read behind it is a
few indexed rows; FastAPI's routing, dependency solving and parameter
validation cost more than the read. This middleware answers the common case
itself – a valid token, an id and ``?tahun=`` that the route would accept, a
unit of the token's agency whose stored portal document is served as it is –
and hands every other request, untouched, to the app, whose route (the one
the OpenAPI schema documents) answers it with the same checks and errors.
The rate limit is spent once either way.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from zi_engine.service._auth import RateLimiter, SharedRateLimiter, Tokens
from zi_engine.service._messages import message
from zi_engine.store import Store

__all__ = ["PortalFastPath"]

PREFIX = "/lke/jawaban-unit/"
# what the route's parameters accept (UnitId, Year in _app): anything else goes to the route
_UNIT_ID = re.compile(r"[^\x00-\x1f\x7f/]{1,500}")


class PortalFastPath:
    """ASGI middleware answering ``GET /lke/jawaban-unit/{unit_id}`` (see the module)."""

    def __init__(
        self, app: Any, *, store: Store, tokens: Tokens,
        limiter: RateLimiter | SharedRateLimiter, rate_limit: int, rubric_hash: str,
    ) -> None:  # fmt: skip
        self.app, self.store, self.tokens, self.limiter = app, store, tokens, limiter
        self.rate_limit, self.rubric_hash = rate_limit, rubric_hash

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            path: str = scope["path"]
            if path.startswith(PREFIX) and await self._answer(scope, path[len(PREFIX) :], send):
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: dict[str, Any], unit_id: str, send: Any) -> bool:
        """Answer the request (``True``), or leave it to the route (``False``)."""
        if not _UNIT_ID.fullmatch(unit_id):
            return False
        judged, year = _year(scope.get("query_string", b""))
        if not judged:
            return False
        token = None
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                scheme, _, credentials = value.decode("latin-1").partition(" ")
                if scheme.lower() == "bearer":
                    token = credentials.strip()
        agency = self.tokens.agency(token)
        if agency is None:
            return False
        read = self.store.portal_answers(agency, unit_id, year, self.rubric_hash)
        if read.owner != "agency" or read.body is None:
            return False  # 403, 404 or a document to make: the route does it
        wait = self.limiter.take(agency)
        if wait:
            retry = max(1, round(wait))
            text = message("RATE_LIMITED", limit=self.rate_limit, retry=retry)
            body = json.dumps(
                {"error": True, "code": "RATE_LIMITED", "message": text}, ensure_ascii=False
            ).encode("utf-8")
            await _send(send, 429, body, [(b"retry-after", str(retry).encode())])
            return True
        await _send(send, 200, read.body.encode("utf-8"), [])
        return True


def _year(query: bytes) -> tuple[bool, int | None]:
    """``?tahun=`` as the route reads it (``None``: absent); ``False`` first: the route judges."""
    if not query:
        return True, None
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    if len(pairs) != 1 or pairs[0][0] != "tahun" or not pairs[0][1].isascii():
        return False, None
    text = pairs[0][1]
    if not text.isdigit() or not 2000 <= int(text) <= 2200:
        return False, None
    return True, int(text)


async def _send(send: Any, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
