"""A whole TPI review over HTTP, as an agency's app runs it, and refusals that change nothing."""

from __future__ import annotations

from tests.service.conftest import Server
from tests.service.test_portal import assert_error
from tests.support.store import AGENCY, RSUD

QUESTIONS = ["mp.p.tim_kerja.a", "mp.p.tim_kerja.b", "mp.p.rencana.a"]
BASE = f"/v1/units/{RSUD}/reviews/tpi"
INSPEKTORAT = "INSPEKTORAT-BJB"


def when(minute: int) -> str:
    return f"2026-03-02T08:{minute:02d}:00+07:00"


def tpi(actor_id: str, role: str, minute: int, **fields: object) -> dict[str, object]:
    return {"actor_id": actor_id, "role": role, "actor_unit_id": INSPEKTORAT, "at": when(minute),
            **fields}  # fmt: skip


def test_a_tpi_review_over_http_moves_the_lifecycle(server: Server) -> None:
    with server.client() as client:
        assert_error(client.get(BASE), 404, "REVIEW_NOT_FOUND")
        assert_error(client.get(f"/v1/units/{RSUD}/reviews/nope"), 404, "REVIEW_KIND_UNKNOWN")
        started = client.post(BASE, json={"at": when(0), "questions": QUESTIONS})
        assert started.status_code == 200, started.text
        assert started.json()["open_questions"] == QUESTIONS
        assert_error(client.post(BASE, json={"at": when(1)}), 409, "REVIEW_OPEN")

        returned = client.post(f"{BASE}/verdicts", json=tpi(
            "tpi.anggota", "tpi", 2, question=QUESTIONS[0], verdict="perlu_revisi",
            note="Lampirkan SK tim", expected_revision=0,
        ))  # fmt: skip
        assert returned.status_code == 200, returned.text
        assert returned.json()["status"][QUESTIONS[0]] == "perlu_revisi"
        assert returned.json()["record"]["actor"]["agency_id"] == AGENCY

        # the unit's own people revise; a reviewer from the unit itself is refused
        own = client.post(
            f"{BASE}/verdicts",
            json={
                **tpi("tpi.rsud", "tpi", 3, question=QUESTIONS[1], verdict="sesuai"),
                "actor_unit_id": RSUD,
            },
        )
        body = assert_error(own, 409, "REVIEW_REFUSED")
        assert "review.own_unit" in body["reason_codes"]
        stale = client.post(f"{BASE}/verdicts", json=tpi(
            "tpi.anggota", "tpi", 3, question=QUESTIONS[1], verdict="sesuai",
            expected_revision=0))  # fmt: skip
        body = assert_error(stale, 409, "REVIEW_CONFLICT")
        assert (body["expected_revision"], body["actual_revision"]) == (0, 1)
        assert client.get(BASE).json()["revision"] == 1  # nothing of the refusals was kept

        revised = client.post(f"{BASE}/revisions", json={
            "actor_id": "kepala-rsud", "role": "unit_head", "actor_unit_id": RSUD,
            "at": when(4), "question": QUESTIONS[0], "answer": "Ya"})  # fmt: skip
        assert revised.status_code == 200, revised.text
        for minute, question in enumerate(QUESTIONS, start=5):
            agreed = client.post(
                f"{BASE}/verdicts",
                json=tpi("tpi.anggota", "tpi", minute, question=question, verdict="sesuai"),
            )
            assert agreed.status_code == 200, agreed.text
        early = client.post(f"{BASE}/sign-offs", json=tpi("tpi.ketua", "tpi_ketua_tim", 10))
        assert_error(early, 409, "REVIEW_REFUSED")
        for minute, (actor, role) in enumerate(
            [("tpi.anggota", "tpi"), ("tpi.ketua", "tpi_ketua_tim"),
             ("tpi.pengendali", "tpi_pengendali_teknis")], start=11,
        ):  # fmt: skip
            signed = client.post(f"{BASE}/sign-offs", json=tpi(actor, role, minute))
            assert signed.status_code == 200, signed.text
        final = client.get(BASE).json()
        assert final["signed_off"] is True
        assert final["next_tier"] is None
        assert [r["signed_off"] for r in client.get(f"/v1/units/{RSUD}/reviews").json()[
            "reviews"]] == [True]  # fmt: skip

        # the TPI rejects for pembinaan: the stored, signed-off review is what the guard reads
        fired = client.post(f"/v1/units/{RSUD}/transitions/tpi_reject", json={
            "actor_id": "tpi.anggota", "role": "tpi", "at": "2026-03-03T09:00:00+07:00",
            "payload": {"reason": "pembinaan"}})  # fmt: skip
        assert fired.status_code == 200, fired.text
        assert fired.json()["state"] == "building"
        # the reviewed answers are the unit's latest version, as the portal serves it
        answers = client.get(f"/lke/jawaban-unit/{RSUD}").json()["answers"]
        assert any(a["jawaban_tpi"] is not None for a in answers)


def test_another_agency_cannot_read_or_act_on_a_review(server: Server) -> None:
    with server.client("KEMENKEU") as client:
        assert_error(client.get(BASE), 403, "FORBIDDEN")
        assert_error(client.post(BASE, json={"at": when(0)}), 403, "FORBIDDEN")
        assert_error(
            client.post(f"{BASE}/verdicts", json=tpi("x", "tpi", 1, question=QUESTIONS[0],
                                                     verdict="sesuai")), 403, "FORBIDDEN",
        )  # fmt: skip
    with server.client(None) as client:
        assert_error(client.get(BASE), 401, "UNAUTHORIZED")
