"""The rules over HTTP as a PHP app calls them, and hostile requests that change nothing."""

from __future__ import annotations

import socket
import time

import pytest

import zi_engine
from tests.service.conftest import BODY_SECONDS, Server
from tests.service.test_portal import assert_error
from tests.support.store import AGENCY, DINKES, RSUD, example, signed_off_review

# the TPI's signed-off review of RSUD's answers, sent as its document (Review.to_dict())
REVIEW = signed_off_review(example("rsud-idaman-area-minimum.yaml"))
REVIEW_DOC = REVIEW.to_dict()


def test_evaluate_gives_scores_eligibility_and_plan(server: Server) -> None:
    sub = example("rsud-idaman-area-minimum.yaml")
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    expected = zi_engine.evaluate(rubric, sub, up_to="tpi")
    with server.client() as client:
        response = client.post("/v1/evaluate", json={"submission": sub.to_dict(), "layer": "tpi"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["evaluation"]["total"] == pytest.approx(expected.total)
    wbk = body["evaluation"]["eligibility"]["WBK"]
    assert wbk["outcome"] == expected.eligibility["WBK"].outcome
    assert len(wbk["criteria"]) == len(expected.eligibility["WBK"].criteria)
    assert "steps" in body["plan"]


def test_invalid_answers_are_located_as_on_the_command_line(server: Server) -> None:
    data = example("rsud-idaman-area-minimum.yaml").to_dict()
    data["answers"]["mp.p.tim_kerja.a"] = "Z"
    data["answers"]["no.such.question"] = "A"
    with server.client() as client:
        body = assert_error(client.post("/v1/evaluate", json={"submission": data}), 422)
    paths = {p["path"] for p in body["problems"]}
    assert paths == {"answers.mp.p.tim_kerja.a.unit", "answers.no.such.question"}
    # each problem carries its message's stable code, for apps that act on the kind of problem
    assert all(isinstance(p["code"], str) and "." in p["code"] for p in body["problems"])


def test_another_agency_s_submission_is_403(server: Server) -> None:
    kpp = example("kpp-banjarbaru-wbbm.yaml").to_dict()
    with server.client() as client:
        assert_error(client.post("/v1/evaluate", json={"submission": kpp}), 403, "FORBIDDEN_AGENCY")
        assert_error(client.put(f"/v1/units/{kpp['unit']['id']}/submission", json=kpp), 403)


def test_transitions_allowed_refused_and_fired(server: Server) -> None:
    when = "2026-03-01T09:00:00+07:00"
    with server.client() as client:
        allowed = client.get(
            f"/v1/units/{RSUD}/transitions",
            params={"actor_id": "walikota", "role": "agency_head", "at": when},
        ).json()
        assert allowed["state"] == "internal_review"
        assert "propose" in allowed["allowed"]
        refused = client.post(
            f"/v1/units/{RSUD}/transitions/designate",
            json={"actor_id": "kepala", "role": "unit_head", "at": when},
        )
        body = assert_error(refused, 409, "TRANSITION_REFUSED")
        assert body["reasons"]
        stale = client.post(
            f"/v1/units/{RSUD}/transitions/tpi_reject",
            json={"actor_id": "tpi", "role": "tpi", "at": when, "expected_revision": 1,
                  "payload": {"reason": "pembinaan"}},
        )  # fmt: skip
        body = assert_error(stale, 409, "REVISION_CONFLICT")
        assert (body["expected_revision"], body["actual_revision"]) == (1, 4)
        unreviewed = client.post(
            f"/v1/units/{RSUD}/transitions/tpi_reject",
            json={"actor_id": "tpi", "role": "tpi", "at": when, "expected_revision": 4,
                  "payload": {"reason": "pembinaan"}},
        )  # fmt: skip
        body = assert_error(unreviewed, 409, "TRANSITION_REFUSED")
        assert any("review=" in reason for reason in body["reasons"])
        forged = dict(REVIEW_DOC, head="0" * 64)
        assert_error(
            client.post(
                f"/v1/units/{RSUD}/transitions/tpi_reject",
                json={
                    "actor_id": "tpi",
                    "role": "tpi",
                    "at": when,
                    "expected_revision": 4,
                    "payload": {"reason": "pembinaan"},
                    "review": forged,
                },
            ),
            422,
            "INVALID_REVIEW",
        )
        # the reviewed answers (with the TPI's layer) are what the evaluation scores
        put = client.put(f"/v1/units/{RSUD}/submission", json=REVIEW.submission.to_dict())
        assert put.status_code == 200, put.text
        fired = client.post(
            f"/v1/units/{RSUD}/transitions/tpi_reject",
            json={"actor_id": "tpi", "role": "tpi", "at": when, "expected_revision": 4,
                  "payload": {"reason": "pembinaan"}, "review": REVIEW_DOC},
        )  # fmt: skip
        assert fired.status_code == 200, fired.text
        assert (fired.json()["state"], fired.json()["revision"]) == ("building", 5)
        assert fired.json()["record"]["reason"] == "pembinaan"
        portfolio = client.get("/v1/portfolio").json()
        assert portfolio["units"] == 2
        assert portfolio["by_state"]["building"] == 1
        assert portfolio["by_state"]["proposed"] == 1


HOSTILE_IDS = [
    "..%2F..%2Fetc%2Fpasswd",
    "x' OR '1'='1",
    "1;DROP TABLE zi_units;--",
    "%00",
    "a" * 600,
]


@pytest.mark.parametrize("unit_id", HOSTILE_IDS)
def test_hostile_unit_ids_get_their_status_and_change_nothing(server: Server, unit_id: str) -> None:
    with server.client() as client:
        before = client.get("/v1/portfolio").json()
        response = client.get(f"/lke/jawaban-unit/{unit_id}")
        assert response.status_code in (404, 422)
        assert_error(response, response.status_code)
        assert client.get("/v1/portfolio").json() == before
        assert client.get(f"/lke/jawaban-unit/{DINKES}").status_code == 200


def test_malformed_and_oversized_bodies(server: Server) -> None:
    with server.client() as client:
        broken = client.post(
            "/v1/evaluate",
            content=b'{"submission": {',
            headers={"content-type": "application/json"},
        )
        assert_error(broken, 422, "INVALID_JSON")
        assert_error(client.post("/v1/evaluate", json=[1, 2]), 422)
        huge = b'{"submission": {"x": "' + b"a" * (5 * 1024 * 1024) + b'"}}'
        assert_error(
            client.post("/v1/evaluate", content=huge, headers={"content-type": "application/json"}),
            413, "PAYLOAD_TOO_LARGE",
        )  # fmt: skip
        assert client.get("/pengusulan/unit-wbk").status_code == 200


def test_a_slow_client_is_cut_off_and_others_are_served(server: Server) -> None:
    host, port = server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as slow:
        slow.sendall(
            b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{"
        )
        with server.client() as client:  # others are served meanwhile
            assert client.get("/pengusulan/unit-wbk").status_code == 200
        started = time.monotonic()
        answer = slow.recv(4096)
        assert b" 408 " in answer.split(b"\r\n", 1)[0]
        assert time.monotonic() - started < BODY_SECONDS + 20


def test_unknown_or_missing_tokens_write_nothing(server: Server) -> None:
    data = example("rsud-idaman-area-minimum.yaml").with_answers({"mp.p.tim_kerja.a": "D"})
    with server.client() as client:  # what is stored now (other tests of the module write too)
        before = client.get(f"/lke/jawaban-unit/{RSUD}").json()
    with server.client(None) as anonymous:
        assert_error(anonymous.put(f"/v1/units/{RSUD}/submission", json=data.to_dict()), 401)
    with server.client(token="y" * 40) as wrong:
        assert_error(
            wrong.post(f"/v1/units/{RSUD}/transitions/tpi_reject",
                       json={"actor_id": "t", "role": "tpi", "at": "2026-03-01T09:00:00+07:00"}),
            401,
        )  # fmt: skip
    with server.client("KEMENKEU") as other:
        assert_error(other.get(f"/v1/units/{DINKES}/transitions",
                               params={"actor_id": "a", "role": "tpi",
                                       "at": "2026-03-01T09:00:00+07:00"}), 403)  # fmt: skip
    with server.client() as client:
        rsud = client.get(f"/lke/jawaban-unit/{RSUD}").json()
    assert rsud == before
    assert [a["jawaban_unit"] for a in rsud["answers"] if a["soal_id"] == 1] != ["D"]
    assert AGENCY


def test_evaluate_applies_the_agency_s_facts_and_refuses_other_ones(server: Server) -> None:
    sub = example("rsud-idaman-area-minimum.yaml")
    without = sub.model_copy(
        update={"facts": sub.facts.model_copy(update={"agency": zi_engine.AgencyFacts()})}
    )
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    with server.client() as client:
        applied = client.post("/v1/evaluate", json={"submission": without.to_dict()}).json()
        # the store's facts for PEMKOT-BJB 2026 stand in for the ones left out
        assert applied["evaluation"]["eligibility"]["WBK"]["outcome"] == (
            zi_engine.evaluate(rubric, sub).eligibility["WBK"].outcome
        )
        other = sub.facts.model_copy(
            update={"agency": sub.facts.agency.model_copy(update={"sakip_grade": "A"})}
        )
        refused = client.post(
            "/v1/evaluate", json={"submission": sub.model_copy(update={"facts": other}).to_dict()}
        )
    body = assert_error(refused, 422, "AGENCY_FACTS_CONFLICT")
    assert [p["path"] for p in body["problems"]] == ["facts.agency.sakip_grade"]


@pytest.mark.parametrize(
    ("request_body", "needed"),
    [
        ({"level": "bawah_provinsi", "agency_type": "regional"}, False),
        ({"level": "jpt_pratama", "agency_type": "central"}, True),
        ({}, False),
    ],
)
def test_a_started_lifecycle_derives_the_preliminary_review(
    server: Server, request_body: dict[str, str], needed: bool
) -> None:
    unit = f"puskesmas-{len(request_body)}-{needed}".lower()
    data = example("dinkes-banjarbaru-wbk.yaml").to_dict()
    data["unit"]["id"] = unit
    with server.client() as client:
        assert client.put(f"/v1/units/{unit}/submission", json=data).status_code == 200
        response = client.put(f"/v1/units/{unit}/lifecycle", json=request_body)
    assert response.status_code == 200, response.text
    assert response.json()["needs_preliminary_review"] is needed


@pytest.mark.parametrize(
    ("request_body", "says"),
    [
        ({"level": "jpt_pratama"}, "agency.type"),
        ({"level": "bawah_provinsi", "agency_type": "regional", "needs_preliminary_review": True},
         "contradicts"),
        ({"level": "eselon_iii", "agency_type": "central"}, "level"),
    ],
)  # fmt: skip
def test_a_lifecycle_whose_scope_cannot_be_told_is_not_started(
    server: Server, request_body: dict[str, object], says: str
) -> None:
    unit = f"puskesmas-{says.replace('.', '-')}"
    data = example("dinkes-banjarbaru-wbk.yaml").to_dict()
    data["unit"]["id"] = unit
    with server.client() as client:
        assert client.put(f"/v1/units/{unit}/submission", json=data).status_code == 200
        path = f"/v1/units/{unit}/lifecycle"
        response = client.put(path, json=request_body, headers={"Accept-Language": "en"})
        body = assert_error(response, 422, "INVALID_REQUEST")
        assert says in response.text
        # nothing was started: a request with the facts starts it afterwards
        retry = client.put(path, json={"level": "jpt_madya"})
        assert retry.status_code == 200, retry.text
    assert body["problems"]


def test_evaluate_counts_the_parent_unit_s_layer(server: Server) -> None:
    own = example("rsud-idaman-area-minimum.yaml")
    unit = own.answers["mp.p.tim_kerja.a"].unit
    lowered = "Tidak" if unit is not None and unit.value == "Ya" else "Ya"
    sub = own.with_answers({"mp.p.tim_kerja.a": lowered}, "induk")
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    expected = zi_engine.evaluate(rubric, sub, up_to="induk")
    with server.client() as client:
        response = client.post("/v1/evaluate", json={"submission": sub.to_dict(), "layer": "induk"})
    assert response.status_code == 200, response.text
    assert response.json()["evaluation"]["total"] == pytest.approx(expected.total)
    assert expected.total != pytest.approx(zi_engine.evaluate(rubric, sub, up_to="unit").total)


def test_a_lifecycle_started_without_facts_reads_them_from_the_stored_unit(
    server: Server,
) -> None:
    unit = "bidang-pratama"
    data = example("dinkes-banjarbaru-wbk.yaml").to_dict()
    data["unit"] |= {"id": unit, "level": "jpt_pratama"}
    data["unit"]["agency"]["type"] = "central"
    with server.client() as client:
        stored = client.put(f"/v1/units/{unit}/submission", json=data)
        assert stored.status_code == 200, stored.text
        response = client.put(f"/v1/units/{unit}/lifecycle", json={})
    assert response.status_code == 200, response.text
    assert response.json()["needs_preliminary_review"] is True
