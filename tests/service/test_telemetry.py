"""FastAPI's own OpenTelemetry is off unless asked for (``--telemetry``).

The app is served by uvicorn on a loopback port, in a thread of the test
process, so the test can count how often a request asks OpenTelemetry for
its tracer provider: FastAPI asks on every request while its telemetry is on.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service needs zi-engine[server]")
httpx = pytest.importorskip("httpx", reason="the service tests call it with httpx")
trace = pytest.importorskip("opentelemetry.trace", reason="FastAPI without OpenTelemetry")

import fastapi  # noqa: E402
import uvicorn  # noqa: E402

from tests.service.conftest import TOKENS, free_port, write_tokens  # noqa: E402
from tests.support.store import fill  # noqa: E402

if "telemetry" not in inspect.signature(fastapi.FastAPI.__init__).parameters:
    pytest.skip("FastAPI before 0.142 has no telemetry of its own", allow_module_level=True)


@contextmanager
def serving(folder: Path, *, telemetry: bool) -> Iterator[str]:
    from zi_engine.service import ServiceConfig, create_app, load_tokens
    from zi_engine.store import Store

    url = f"sqlite:///{folder / 'zi.db'}"
    with Store.initialize(url) as store:
        store.set_current_round(2026)
        fill(store)
    store = Store(url)
    app = create_app(ServiceConfig(store, load_tokens(write_tokens(folder)), telemetry=telemetry))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start within 30 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        store.close()


@pytest.mark.parametrize("telemetry", [False, True])
def test_telemetry_asks_for_its_provider_on_each_request_only_when_turned_on(
    telemetry: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = []
    provider = trace.get_tracer_provider
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: asked.append(1) or provider())
    with serving(tmp_path, telemetry=telemetry) as base:
        headers = {"Authorization": f"Bearer {TOKENS['PEMKOT-BJB']}"}
        before = len(asked)
        for path in ("/pengusulan/unit-wbk", "/lke/jawaban-unit/DINKES-BJB"):
            assert httpx.get(base + path, headers=headers, timeout=30).status_code == 200
        assert (len(asked) - before >= 2) is telemetry
