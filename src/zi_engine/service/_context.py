"""What every endpoint is given: the service's configuration, the calling agency, and the
check that a unit is the caller's."""

from __future__ import annotations

from dataclasses import dataclass

from zi_engine.service._auth import Tokens
from zi_engine.service._models import ApiError
from zi_engine.store import Store

__all__ = ["Caller", "ServiceConfig", "default_rubric", "own_unit"]


@dataclass(frozen=True)
class ServiceConfig:
    """What the app serves: a store, its tokens, the rate limit and the largest body."""

    store: Store
    tokens: Tokens
    rate_limit: int = 600
    max_body_bytes: int = 4 * 1024 * 1024
    body_seconds: float = 20.0
    cached_answers: int = 10_000
    rate_file: str | None = None
    """The file of the rate-limit buckets that every worker shares (``None``: this process's)."""
    telemetry: bool = False
    """FastAPI's own OpenTelemetry spans, metrics and logs (FastAPI 0.142 and later), through
    the providers the process configures (``opentelemetry-instrument``, the SDK). Off by
    default: unconfigured, FastAPI still asks on every request whether a provider has been
    set, about a twentieth of a ``jawaban-unit`` request."""


@dataclass(frozen=True)
class Caller:
    """An authenticated request: the agency its token is bound to."""

    agency_id: str


def default_rubric() -> str:
    from zi_engine._resources import BUNDLED_RUBRIC

    return BUNDLED_RUBRIC


def own_unit(store: Store, who: Caller, unit_id: str) -> None:
    """404 for a unit no agency has, 403 for another agency's unit."""
    if store.unit_name(who.agency_id, unit_id) is not None:
        return
    if store.unit_agency(unit_id) is not None:
        raise ApiError(403, "FORBIDDEN", unit_id=unit_id)
    raise ApiError(404, "UNIT_NOT_FOUND", unit_id=unit_id)
