"""The ASGI app: the three PortalRB endpoints, the rules over HTTP, and their error bodies.

FastAPI on Starlette: the request and response models are pydantic (as the
library's own are), so the OpenAPI schema is generated from the same models
that validate. Every non-2xx answer is ``{"error": true, "code", "message"}``
(integration guide §6), in Indonesian (English for ``Accept-Language: en``),
never a traceback.
"""

import inspect
import json
import logging
import threading
from collections import OrderedDict
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from zi_engine._errors import ZiError
from zi_engine.service._auth import RateLimiter, SharedRateLimiter
from zi_engine.service._context import Caller, ServiceConfig, default_rubric
from zi_engine.service._fast import PortalFastPath
from zi_engine.service._language import RequestLanguage
from zi_engine.service._limits import BodyLimit
from zi_engine.service._messages import message
from zi_engine.service._models import (
    ERRORS,
    ApiError,
    PortalAnswers,
    PortalUnit,
    PortalUnits,
)
from zi_engine.service._reviews import add_reviews
from zi_engine.service._rules import add_rules
from zi_engine.store import StoreError, StoreNotFound

__all__ = ["Caller", "ServiceConfig", "create_app"]

log = logging.getLogger("zi_engine.service")

# printable text: PostgreSQL keeps no NUL, and no id holds a control character
UnitId = Annotated[str, Path(min_length=1, max_length=500, pattern=r"^[^\x00-\x1f\x7f]+$")]
Year = Annotated[int | None, Query(ge=2000, le=2200, description="the proposal round's year")]
PORTAL_CATEGORIES = ("WBK", "WBK-AFIRMASI")


# FastAPI's own OpenTelemetry, switched off where FastAPI has it (0.142 and later)
_NO_TELEMETRY: dict[str, Any] = (
    {"telemetry": {"tracing": False, "metrics": False, "logs": False}}
    if "telemetry" in inspect.signature(FastAPI.__init__).parameters
    else {}
)

_bearer = HTTPBearer(auto_error=False, description="the agency's token (tokens file)")


def create_app(config: ServiceConfig) -> FastAPI:
    """The app serving ``config.store``; see docs/service.md."""
    app = FastAPI(
        title="zi_engine agency service",
        version="1",
        description="PortalRB integration endpoints and the Zona Integritas rules over HTTP.",
        responses={},
        **({} if config.telemetry else _NO_TELEMETRY),
    )
    limiter: RateLimiter | SharedRateLimiter = (
        RateLimiter(config.rate_limit)
        if config.rate_file is None
        else SharedRateLimiter(config.rate_limit, config.rate_file, config.tokens.agencies)
    )
    # a stored version never changes: a portal document made here is made once per process
    answers_cache = LruCache(maxsize=config.cached_answers)
    store = config.store
    rubric_hash = store.engine.load_rubric(default_rubric()).content_hash
    app.state.config = config

    # async: no I/O here, and a hop to the thread pool would cost more than the check
    async def caller(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Caller:
        agency = config.tokens.agency(credentials.credentials if credentials else None)
        if agency is None:
            raise ApiError(401, "UNAUTHORIZED", headers={"WWW-Authenticate": "Bearer"})
        wait = limiter.take(agency)
        if wait:
            retry = max(1, round(wait))
            raise ApiError(
                429, "RATE_LIMITED", headers={"Retry-After": str(retry)},
                limit=config.rate_limit, retry=retry,
            )  # fmt: skip
        return Caller(agency)

    app.state.caller = caller
    _install_errors(app)
    app.add_middleware(BodyLimit, limit=config.max_body_bytes, seconds=config.body_seconds)
    app.add_middleware(
        PortalFastPath, store=store, tokens=config.tokens, limiter=limiter,
        rate_limit=config.rate_limit, rubric_hash=rubric_hash,
    )  # fmt: skip
    app.add_middleware(RequestLanguage)  # outermost: the body limit's refusals are in it too

    def round_year(tahun: int | None) -> int:
        year = tahun if tahun is not None else store.current_round()
        if year is None:
            raise ApiError(404, "ROUND_NOT_SET")
        return year

    def unit_list(agency: str, target: str, tahun: int | None) -> PortalUnits:
        year = round_year(tahun)
        units = []
        for unit in store.proposed_units(agency, target, year):
            if target == "WBK":
                kategori = unit.category if unit.category in PORTAL_CATEGORIES else "WBK"
            else:
                kategori = target
            units.append(
                PortalUnit(
                    id=unit.unit_id,
                    nama=unit.name,
                    kategori=kategori,
                    afirmasi=kategori.endswith("-AFIRMASI"),
                )
            )
        return PortalUnits(tahun=year, units=units)

    # The portal's three reads run on the event loop: each is a few indexed reads (WAL:
    # readers never wait for a writer), cheaper than a hop to the thread pool.
    @app.get(
        "/pengusulan/unit-wbk",
        response_model=PortalUnits,
        responses=ERRORS(401, 404, 422, 429),
        tags=["PortalRB"],
        summary="Units proposed for WBK in the round (guide §3.1)",
    )
    async def unit_wbk(who: Annotated[Caller, Depends(caller)], tahun: Year = None) -> PortalUnits:
        return unit_list(who.agency_id, "WBK", tahun)

    @app.get(
        "/pengusulan/unit-wbbm",
        response_model=PortalUnits,
        responses=ERRORS(401, 404, 422, 429),
        tags=["PortalRB"],
        summary="Units proposed for WBBM in the round (guide §3.2): only units holding WBK",
    )
    async def unit_wbbm(who: Annotated[Caller, Depends(caller)], tahun: Year = None) -> PortalUnits:
        return unit_list(who.agency_id, "WBBM", tahun)

    @app.get(
        "/lke/jawaban-unit/{unit_id}",
        response_model=PortalAnswers,
        responses=ERRORS(401, 403, 404, 422, 429),
        tags=["PortalRB"],
        summary="A unit's LKE answers (guide §3.3)",
        description="For a unit proposed in the round: exactly the submission the proposal "
        "was evaluated on. For any other unit of the agency: its latest submission.",
    )
    async def jawaban_unit(
        unit_id: UnitId, who: Annotated[Caller, Depends(caller)], tahun: Year = None
    ) -> Response:
        read = store.portal_answers(who.agency_id, unit_id, tahun, rubric_hash)
        if read.owner == "other":
            raise ApiError(403, "FORBIDDEN", unit_id=unit_id)
        if read.owner == "none" or read.version is None:
            # (proposed, but the store does not know which version the proposal was made on)
            raise ApiError(404, "UNIT_NOT_FOUND", unit_id=unit_id)
        if read.body is not None:  # the stored JSON text, as it is: nothing parsed or written
            return Response(read.body, media_type="application/json")
        key = (who.agency_id, unit_id, read.version)
        body = answers_cache.get(key)
        if body is None:  # stored with another rubric: made once per process, then kept
            document = store.portal_document(who.agency_id, unit_id, read.version)
            body = json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")
            answers_cache.put(key, body)
        return Response(body, media_type="application/json")

    add_rules(app, config, caller)
    add_reviews(app, config, caller)
    return app


class LruCache:
    """At most ``maxsize`` entries, the least recently used dropped first; thread-safe."""

    def __init__(self, maxsize: int) -> None:
        self._items: OrderedDict[Any, bytes] = OrderedDict()
        self._max = maxsize
        self._lock = threading.Lock()

    def get(self, key: Any) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Any, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)


def _body(code: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"error": True, "code": code, "message": text, **extra}


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            _body(exc.code, exc.text, **exc.extra), status_code=exc.status, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {
                "path": ".".join(str(p) for p in err.get("loc", ())[1:]),
                "message": err.get("msg", ""),
            }
            for err in exc.errors()
        ]
        json_broken = any(err.get("type") == "json_invalid" for err in exc.errors())
        code = "INVALID_JSON" if json_broken else "INVALID_REQUEST"
        return JSONResponse(_body(code, message(code), problems=problems), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "ROUTE_NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
        code = codes.get(exc.status_code, "INVALID_REQUEST")
        return JSONResponse(
            _body(code, message(code)), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(StoreNotFound)
    async def not_found(_request: Request, exc: StoreNotFound) -> JSONResponse:
        return JSONResponse(_body("DATA_NOT_FOUND", message("DATA_NOT_FOUND")), status_code=404)

    @app.exception_handler(StoreError)
    async def store_down(_request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return JSONResponse(_body("STORE_ERROR", message("STORE_ERROR")), status_code=500)

    @app.exception_handler(ZiError)
    async def zi_error(_request: Request, exc: ZiError) -> JSONResponse:
        from zi_engine.service._models import problems_of

        problems = problems_of(exc)
        return JSONResponse(
            _body("INVALID_REQUEST", message("INVALID_REQUEST"), problems=problems),
            status_code=422,
        )

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")  # the traceback goes to the log, never to the client
        return JSONResponse(_body("INTERNAL_ERROR", message("INTERNAL_ERROR")), status_code=500)
