"""Schemathesis over the served OpenAPI schema: no 500, no undocumented status, no response
that breaks its schema, on every endpoint (Hypothesis generates the requests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="the schema tests need schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.service.conftest import TOKENS, Server, start, stop  # noqa: E402
from tests.support.store import fill  # noqa: E402

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def schema_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from zi_engine.store import Store

    folder: Path = tmp_path_factory.mktemp("schema")
    url = f"sqlite:///{folder / 'zi.db'}"
    with Store.initialize(url) as store:
        store.set_current_round(2026)
        fill(store)
    running = start(url, folder)
    yield running
    stop(running)


OPERATIONS = [
    ("GET", "/pengusulan/unit-wbk"),
    ("GET", "/pengusulan/unit-wbbm"),
    ("GET", "/lke/jawaban-unit/{unit_id}"),
    ("POST", "/v1/evaluate"),
    ("PUT", "/v1/units/{unit_id}/submission"),
    ("PUT", "/v1/units/{unit_id}/lifecycle"),
    ("GET", "/v1/units/{unit_id}/transitions"),
    ("POST", "/v1/units/{unit_id}/transitions/{trigger}"),
    ("GET", "/v1/portfolio"),
    ("GET", "/v1/units/{unit_id}/reviews"),
    ("GET", "/v1/units/{unit_id}/reviews/{kind}"),
    ("POST", "/v1/units/{unit_id}/reviews/{kind}"),
    ("POST", "/v1/units/{unit_id}/reviews/{kind}/verdicts"),
    ("POST", "/v1/units/{unit_id}/reviews/{kind}/revisions"),
    ("POST", "/v1/units/{unit_id}/reviews/{kind}/sign-offs"),
    ("POST", "/v1/units/{unit_id}/reviews/{kind}/reopen"),
]


@pytest.fixture(scope="module")
def api_schema(schema_server: Server) -> object:
    import httpx

    served = httpx.get(f"{schema_server.base}/openapi.json", timeout=30).json()
    assert {(m.upper(), p) for p, ops in served["paths"].items() for m in ops} == set(OPERATIONS)
    return schemathesis.openapi.from_dict(served)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_endpoint_keeps_its_schema(
    api_schema: object, schema_server: Server, method: str, path: str
) -> None:
    operation = api_schema[path][method]  # type: ignore[index]
    headers = {"Authorization": f"Bearer {TOKENS['PEMKOT-BJB']}"}

    @given(operation.as_strategy())
    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    def requests_keep_the_schema(case: object) -> None:
        case.call_and_validate(  # type: ignore[attr-defined]
            base_url=schema_server.base, headers=headers, checks=CHECKS
        )

    requests_keep_the_schema()
