"""The three PortalRB endpoints, field by field against the integration guide (§3, §5, §6)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import zi_engine
from tests.service.conftest import Server
from tests.support.store import AGENCY, DINKES, RSUD, example, signed_off_review

GUIDE_UNIT_FIELDS = {"id": str, "nama": str, "kategori": str, "afirmasi": bool}
GUIDE_ANSWER_FIELDS = (
    "soal_id", "jawaban_unit", "jawaban_tpi", "catatan_unit", "bukti_dukung_unit", "catatan_tpi",
)  # fmt: skip


def assert_error(response: object, status: int, code: str | None = None) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["error"] is True
    assert isinstance(body["code"], str)
    assert isinstance(body["message"], str)
    assert "Traceback" not in response.text  # type: ignore[attr-defined]
    if code is not None:
        assert body["code"] == code
    return body  # type: ignore[no-any-return]


def test_unit_wbk_lists_the_units_proposed_in_the_round(server: Server) -> None:
    with server.client() as client:
        body = client.get("/pengusulan/unit-wbk").json()
        assert body == {
            "tahun": 2026,
            "units": [
                {"id": DINKES, "nama": "Dinas Kesehatan Kota Banjarbaru", "kategori": "WBK",
                 "afirmasi": False},
            ],
        }  # fmt: skip
        for unit in body["units"]:
            assert {k: type(v) for k, v in unit.items()} == GUIDE_UNIT_FIELDS
        # the year is the round asked for, never the clock's
        assert client.get("/pengusulan/unit-wbk", params={"tahun": 2025}).json() == {
            "tahun": 2025, "units": [],
        }  # fmt: skip
        assert client.get("/pengusulan/unit-wbbm").json() == {"tahun": 2026, "units": []}


def test_jawaban_unit_of_a_proposed_unit_is_the_proposal_s_submission(server: Server) -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    # the answers the TPI reviewed (with its layer): the version the proposal was made on
    proposed = signed_off_review(example("dinkes-banjarbaru-wbk.yaml")).submission
    with server.client() as client:
        body = client.get(f"/lke/jawaban-unit/{DINKES}").json()
        assert body == zi_engine.to_portalrb(proposed, rubric=rubric)
        assert list(body) == ["unit_id", "nama_unit", "tahun", "answers"]
        assert (body["unit_id"], body["tahun"]) == (DINKES, 2026)
        for answer in body["answers"]:
            assert tuple(answer) == GUIDE_ANSWER_FIELDS
            assert isinstance(answer["soal_id"], int)
        # a newer version stored after the proposal does not change what the portal gets
        newer = proposed.with_answers({"mp.p.tim_kerja.a": "C"}).to_dict()
        stored = client.put(f"/v1/units/{DINKES}/submission", json=newer)
        assert stored.status_code == 200, stored.text
        assert client.get(f"/lke/jawaban-unit/{DINKES}").json() == body
        # a unit not proposed in the round: its latest submission
        rsud = client.get(f"/lke/jawaban-unit/{RSUD}").json()
        assert rsud == zi_engine.to_portalrb(
            example("rsud-idaman-area-minimum.yaml"), rubric=rubric
        )


def test_a_read_back_portal_document_scores_as_the_stored_submission(server: Server) -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    with server.client() as client:
        body = client.get(f"/lke/jawaban-unit/{RSUD}").json()
    read = zi_engine.from_portalrb(body, rubric=rubric)
    original = example("rsud-idaman-area-minimum.yaml")
    assert zi_engine.evaluate(rubric, read, up_to="tpi").total == pytest.approx(
        zi_engine.evaluate(rubric, original, up_to="tpi").total
    )


@pytest.mark.parametrize(
    ("path", "agency", "status", "code"),
    [
        ("/pengusulan/unit-wbk", None, 401, "UNAUTHORIZED"),
        (f"/lke/jawaban-unit/{DINKES}", None, 401, "UNAUTHORIZED"),
        (f"/lke/jawaban-unit/{DINKES}", "KEMENKEU", 403, "FORBIDDEN"),
        ("/lke/jawaban-unit/TIDAK-ADA", AGENCY, 404, "UNIT_NOT_FOUND"),
        ("/pengusulan/unit-wbk?tahun=dua-ribu", AGENCY, 422, "INVALID_REQUEST"),
        ("/pengusulan/unit-wbk?tahun=1999", AGENCY, 422, "INVALID_REQUEST"),
        ("/tidak/ada", AGENCY, 404, "ROUTE_NOT_FOUND"),
    ],
)
def test_errors_have_the_guide_s_status_and_body(
    server: Server, path: str, agency: str | None, status: int, code: str
) -> None:
    with server.client(agency) as client:
        assert_error(client.get(path), status, code)


def test_a_wrong_token_is_401_and_the_message_is_indonesian(server: Server) -> None:
    with server.client(token="x" * 40) as client:
        body = assert_error(client.get("/pengusulan/unit-wbk"), 401, "UNAUTHORIZED")
    assert body["message"] == "API Key tidak valid atau tidak dikirimkan"


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        (None, "Unit NOPE tidak ditemukan"),
        ("en", "Unit NOPE was not found"),
        ("en-US,en;q=0.9", "Unit NOPE was not found"),
        ("id;q=0.4, en;q=0.8", "Unit NOPE was not found"),
        ("en;q=0.3, id", "Unit NOPE tidak ditemukan"),
        ("fr-FR", "Unit NOPE tidak ditemukan"),
    ],
)
def test_messages_are_indonesian_unless_english_is_asked_for(
    server: Server, accept: str | None, message: str
) -> None:
    headers = {"Accept-Language": accept} if accept else {}
    with server.client() as client:
        body = assert_error(client.get("/lke/jawaban-unit/NOPE", headers=headers), 404)
    assert (body["code"], body["message"]) == ("UNIT_NOT_FOUND", message)


def test_no_round_and_no_tahun_is_404(tmp_path: Path) -> None:
    from tests.service.conftest import start, stop
    from zi_engine.store import Store

    url = f"sqlite:///{tmp_path / 'zi.db'}"
    Store.initialize(url).close()
    running = start(url, tmp_path)
    try:
        with running.client() as client:
            assert_error(client.get("/pengusulan/unit-wbk"), 404, "ROUND_NOT_SET")
            assert client.get("/pengusulan/unit-wbk?tahun=2026").json() == {
                "tahun": 2026, "units": [],
            }  # fmt: skip
    finally:
        stop(running)


def test_the_rate_limit_is_per_token(tmp_path: Path) -> None:
    from tests.service.conftest import start, stop
    from zi_engine.store import Store

    url = f"sqlite:///{tmp_path / 'zi.db'}"
    Store.initialize(url).close()
    running = start(url, tmp_path, rate_limit=5)
    try:
        with running.client() as client:
            statuses = [client.get("/pengusulan/unit-wbk?tahun=2026").status_code for _ in range(7)]
            assert statuses[:5] == [200] * 5
            limited = client.get("/pengusulan/unit-wbk?tahun=2026")
            assert_error(limited, 429, "RATE_LIMITED")
            assert int(limited.headers["Retry-After"]) >= 1
        with running.client("KEMENKEU") as other:  # another agency's token has its own
            assert other.get("/pengusulan/unit-wbk?tahun=2026").status_code == 200
    finally:
        stop(running)


def test_the_schema_is_served(server: Server) -> None:
    with server.client(None) as client:
        schema = client.get("/openapi.json").json()
    assert {"/pengusulan/unit-wbk", "/pengusulan/unit-wbbm", "/lke/jawaban-unit/{unit_id}"} <= set(
        schema["paths"]
    )
    json.dumps(schema)


def test_the_rate_limit_holds_across_workers(tmp_path: Path) -> None:
    import httpx

    from tests.service.conftest import TOKENS, start, stop
    from zi_engine.store import Store

    url = f"sqlite:///{tmp_path / 'zi.db'}"
    Store.initialize(url).close()
    limit = 12
    running = start(url, tmp_path, "--workers", "2", rate_limit=limit)
    try:
        headers = {"Authorization": f"Bearer {TOKENS['PEMKOT-BJB']}", "Connection": "close"}
        # a new connection for each request: the kernel hands them to both workers
        began = time.monotonic()
        statuses = [
            httpx.get(f"{running.base}/pengusulan/unit-wbk?tahun=2026", headers=headers).status_code
            for _ in range(3 * limit)
        ]
        refilled = int((time.monotonic() - began) * limit / 60) + 1  # on a busy machine, more
        # a bucket per worker would let up to 2 * limit through
        assert limit <= statuses.count(200) <= limit + refilled
        assert set(statuses) == {200, 429}
    finally:
        stop(running)


@pytest.mark.parametrize("unit", [DINKES, RSUD])
def test_the_fast_path_answers_as_the_route_does(server: Server, unit: str) -> None:
    # an extra query parameter leaves the call to the FastAPI route; both answers must agree
    with server.client() as client:
        fast = client.get(f"/lke/jawaban-unit/{unit}?tahun=2026")
        routed = client.get(f"/lke/jawaban-unit/{unit}?tahun=2026&via=route")
        assert (fast.status_code, routed.status_code) == (200, 200)
        assert fast.headers["content-type"] == routed.headers["content-type"]
        assert fast.json() == routed.json()
        assert client.get(f"/lke/jawaban-unit/{unit}").json() == fast.json()
