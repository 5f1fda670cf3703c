"""A real ``zi-engine serve`` on a loopback port, over a store filled by tests/support/store.py.

One server per backend (SQLite, PostgreSQL) per module; tests call it with httpx.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service needs zi-engine[server]")
httpx = pytest.importorskip("httpx", reason="the service tests call it with httpx")

from tests.support.store import fill  # noqa: E402

TOKENS = {
    "PEMKOT-BJB": "bjb-" + "a1" * 20,
    "KEMENKEU": "kemenkeu-" + "b2" * 20,
}
RATE_LIMIT = 100_000  # per minute: the rate-limit test starts its own server
BODY_SECONDS = 3  # the slow-client test waits this long for its 408


@dataclass
class Server:
    base: str
    url: str
    process: subprocess.Popen[bytes]

    def client(self, agency: str | None = "PEMKOT-BJB", token: str | None = None) -> httpx.Client:
        token = token or (TOKENS[agency] if agency else None)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_tokens(folder: Path) -> Path:
    path = folder / "tokens.yaml"
    path.write_text("".join(f"{a}: {t}\n" for a, t in TOKENS.items()), encoding="utf-8")
    return path


def start(url: str, folder: Path, *extra: str, rate_limit: int = RATE_LIMIT) -> Server:
    port = free_port()
    env = {**os.environ, "ZI_ENGINE_TOKENS_FILE": str(write_tokens(folder))}
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("zi-engine")), "--no-plugins", "serve", url, "--port",
         str(port), "--rate-limit", str(rate_limit), "--body-timeout", str(BODY_SECONDS),
         *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            if process.stdout is not None:
                process.stdout.close()
            raise AssertionError(f"the server stopped: {output}")
        try:
            httpx.get(base + "/openapi.json", timeout=1)
            return Server(base, url, process)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the server did not start within 60 s")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    if server.process.stdout is not None:
        server.process.stdout.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    from zi_engine.store import Store

    folder = tmp_path_factory.mktemp("service")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'zi.db'}"
    else:
        url = request.getfixturevalue("postgres").create()
    with Store.initialize(url) as store:
        store.set_current_round(2026)
        fill(store)
    running = start(url, folder)
    yield running
    stop(running)
