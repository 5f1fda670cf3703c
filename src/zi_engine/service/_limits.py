"""Refusing oversized and slow request bodies before any endpoint reads them."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from zi_engine.service._messages import message

__all__ = ["BodyLimit"]

Scope = dict[str, Any]


class BodyLimit:
    """ASGI middleware: a body over ``limit`` bytes is 413, one not sent within ``seconds`` 408.

    ``Content-Length`` is checked first; a chunked body is counted as it arrives.
    """

    def __init__(self, app: Any, *, limit: int, seconds: float) -> None:
        self.app, self.limit, self.seconds = app, limit, seconds

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.limit + 1
                if declared > self.limit:
                    await _refuse(send, 413, "PAYLOAD_TOO_LARGE", limit=self.limit)
                    return
        # the whole body is read here, within the limits, then handed on: no endpoint ever
        # waits on a slow client or holds more than ``limit`` bytes of one
        chunks: list[bytes] = []
        received = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        more = scope.get("method") not in ("GET", "HEAD", "OPTIONS", "DELETE")
        while more:
            try:
                msg = await asyncio.wait_for(receive(), timeout=max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                await _refuse(send, 408, "REQUEST_TIMEOUT", seconds=int(self.seconds))
                return
            if msg["type"] == "http.disconnect":
                return
            chunks.append(msg.get("body", b""))
            received += len(chunks[-1])
            if received > self.limit:
                await _refuse(send, 413, "PAYLOAD_TOO_LARGE", limit=self.limit)
                return
            more = msg.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as usual

        await self.app(scope, replay, send)


async def _refuse(send: Any, status: int, code: str, **values: object) -> None:
    body = json.dumps(
        {"error": True, "code": code, "message": message(code, **values)}, ensure_ascii=False
    ).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
