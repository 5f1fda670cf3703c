"""The agency service: the PortalRB endpoints and the rules over HTTP (``zi-engine serve``).

Needs the ``zi-engine[server]`` extra. Modules: ``_app`` (the app, the portal's
three endpoints, error bodies), ``_rules`` (evaluate, answers, transitions,
portfolio), ``_models`` (request and response bodies), ``_auth`` (tokens, rate
limit), ``_limits`` (body size and time), ``_messages`` (every message, in
Indonesian), ``_reviews`` (reviews over HTTP; ``_review_models`` their bodies).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

__all__ = ["ServiceConfig", "app_from_environment", "create_app", "load_tokens", "serve"]

STORE_VARIABLE = "ZI_ENGINE_STORE_URL"
TOKENS_VARIABLE = "ZI_ENGINE_TOKENS_FILE"
RATE_VARIABLE = "ZI_ENGINE_RATE_LIMIT"
PLUGINS_VARIABLE = "ZI_ENGINE_PLUGINS"
BODY_VARIABLE = "ZI_ENGINE_BODY_SECONDS"
RATE_FILE_VARIABLE = "ZI_ENGINE_RATE_FILE"
TELEMETRY_VARIABLE = "ZI_ENGINE_TELEMETRY"


def __getattr__(name: str) -> Any:
    if name in ("ServiceConfig", "create_app"):
        from zi_engine.service import _app

        return getattr(_app, name)
    if name == "load_tokens":
        from zi_engine.service._auth import load_tokens

        return load_tokens
    raise AttributeError(name)


def app_from_environment() -> Any:
    """The app, configured by the environment (how each uvicorn worker process builds it)."""
    from zi_engine._resources import BUNDLED_RUBRIC
    from zi_engine.engine._engine import Engine
    from zi_engine.service._app import create_app
    from zi_engine.service._auth import load_tokens
    from zi_engine.service._context import ServiceConfig
    from zi_engine.store import Store

    engine = Engine(load_entrypoints=os.environ.get(PLUGINS_VARIABLE, "1") == "1")
    store = Store(os.environ[STORE_VARIABLE], engine=engine)
    tokens = load_tokens(os.environ[TOKENS_VARIABLE])
    app = create_app(
        ServiceConfig(
            store,
            tokens,
            rate_limit=int(os.environ.get(RATE_VARIABLE, "600")),
            body_seconds=float(os.environ.get(BODY_VARIABLE, "20")),
            rate_file=os.environ.get(RATE_FILE_VARIABLE) or None,
            telemetry=os.environ.get(TELEMETRY_VARIABLE, "0") == "1",
        )
    )
    # what was built so far (rubric, definitions, routes, tables) lives as long as the worker:
    # frozen, the collector stops scanning it on every collection a request's garbage starts
    engine.load_rubric(BUNDLED_RUBRIC)
    gc.collect()
    gc.freeze()
    return app


def serve(
    url: str,
    *,
    tokens_file: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    rate_limit: int = 600,
    forwarded_allow_ips: str | None = None,
    plugins: bool = True,
    body_seconds: float = 20.0,
    telemetry: bool = False,
) -> None:
    """Run the service on uvicorn until interrupted.

    The store and tokens are checked here first, so a mistake is one message
    before any worker starts. ``telemetry``: see :attr:`ServiceConfig.telemetry`.
    """
    import tempfile

    from zi_engine.engine._engine import Engine
    from zi_engine.service._auth import load_tokens
    from zi_engine.store import Store

    tokens = load_tokens(tokens_file)
    Store(url, engine=Engine(load_entrypoints=plugins)).close()
    # one file of rate-limit buckets for every worker, so the limit holds across them
    # (flock: POSIX only; elsewhere each worker counts on its own)
    folder = tempfile.TemporaryDirectory(prefix="zi-engine-serve-")
    rate_file = ""
    if os.name == "posix":
        from zi_engine.service._auth import SharedRateLimiter

        rate_file = os.path.join(folder.name, "rate-limit")
        SharedRateLimiter.create(rate_file, tokens.agencies, rate_limit)
    os.environ[RATE_FILE_VARIABLE] = rate_file
    os.environ[STORE_VARIABLE] = url
    os.environ[TOKENS_VARIABLE] = str(tokens_file)
    os.environ[RATE_VARIABLE] = str(rate_limit)
    os.environ[PLUGINS_VARIABLE] = "1" if plugins else "0"
    os.environ[BODY_VARIABLE] = str(body_seconds)
    os.environ[TELEMETRY_VARIABLE] = "1" if telemetry else "0"
    with folder:
        _run(host, port, workers, forwarded_allow_ips)


def _run(host: str, port: int, workers: int, forwarded_allow_ips: str | None) -> None:
    import uvicorn

    uvicorn.run(
        "zi_engine.service:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        timeout_keep_alive=5,
        log_level="warning",
    )
