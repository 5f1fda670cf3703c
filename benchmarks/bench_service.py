"""Load on loopback: jawaban-unit and evaluate against a store of 10,000 units, 1 and 2 workers.

Prints requests per second and p50/p99 latency, and evaluate's rate against the
in-process evaluation rate measured in the same run (per worker). Bounded: a
fixed number of requests per case, each case stopped after ``CASE_SECONDS``.
Targets (issue 19): jawaban-unit p99 under 50 ms at 100 concurrent clients;
evaluate at least 60% of the in-process rate per worker.

Run: ``python benchmarks/bench_service.py`` (needs zi-engine[server] and httpx).
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

import zi_engine
from zi_engine.store import Store
from zi_engine.store import _schema as t

HERE = Path(__file__).resolve().parent
UNITS = 10_000
JAWABAN_REQUESTS, JAWABAN_CLIENTS = 3_000, 100
EVALUATE_REQUESTS, EVALUATE_CLIENTS = 200, 4
CASE_SECONDS = 90
TOKEN = "bench-" + "c3" * 20
AGENCY = "PEMKOT-BJB"


def build_store(url: str) -> dict[str, object]:
    store = Store.initialize(url)
    sub = zi_engine.load_submission(HERE.parent / "examples" / "dinkes-banjarbaru-wbk.yaml")
    store.put_submission(sub, by="bench")
    with store.reading() as conn:
        row = conn.execute(sa.select(t.submissions)).one()._mapping
    units, versions = [], []
    for i in range(UNITS):
        unit_id = f"UNIT-{i:05d}"
        document = dict(row["document"])
        document["unit"] = {**document["unit"], "id": unit_id}
        units.append({"agency_id": AGENCY, "unit_id": unit_id, "name": f"Unit {i}",
                      "latest_version": 1})  # fmt: skip
        portal = {**row["portal"], "unit_id": unit_id}
        versions.append({**row, "unit_id": unit_id, "document": document, "portal": portal})
    with store.writing() as conn:
        conn.execute(sa.insert(t.units), units)
        conn.execute(sa.insert(t.submissions), versions)
    store.close()
    return sub.to_dict()


def start(url: str, folder: Path, workers: int, port: int) -> subprocess.Popen[bytes]:
    tokens = folder / "tokens.yaml"
    tokens.write_text(f"{AGENCY}: {TOKEN}\n")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("zi-engine")), "--no-plugins", "serve", url,
         "--port", str(port), "--workers", str(workers), "--rate-limit", "100000000",
         "--tokens", str(tokens)],
        stdout=subprocess.DEVNULL, stderr=(folder / f"server-{workers}.log").open("wb"),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


async def load(
    base: str, requests: list[tuple[str, str, object]], clients: int
) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    failed = 0
    queue = list(reversed(requests))
    headers = {"Authorization": f"Bearer {TOKEN}"}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    stop_at = time.monotonic() + CASE_SECONDS
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as c:

        async def worker() -> None:
            nonlocal failed
            while queue and time.monotonic() < stop_at:
                method, path, body = queue.pop()
                started = time.perf_counter()
                try:
                    response = await c.request(method, path, json=body)
                except httpx.TransportError:  # counted and reported, not hidden
                    failed += 1
                    continue
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code} {response.text[:200]}")

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return time.perf_counter() - began, latencies, failed


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="zi-bench-"))
    try:
        return run(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the store is some 200 MB


def run(folder: Path) -> int:
    url = f"sqlite:///{folder / 'zi.db'}"
    submission = build_store(url)
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    engine = zi_engine.default_engine()

    def in_process_evaluate() -> None:
        # the endpoint's own work without HTTP: validate, check answers, evaluate, plan, dump
        sub = zi_engine.Submission.from_dict(submission)
        zi_engine.answer_problems(rubric, sub)
        ev = engine.evaluate(rubric, sub)
        ev.to_dict()
        engine.plan(ev, sub.target).to_dict()

    in_process_evaluate()
    runs = []
    for _ in range(30):
        began = time.perf_counter()
        in_process_evaluate()
        runs.append(time.perf_counter() - began)
    in_process = 1 / statistics.median(runs)
    print(f"store: {UNITS} units (SQLite); in-process evaluate (validate, score, plan, "
          f"dump): {in_process:.1f}/s (one core)")  # fmt: skip
    rng = random.Random(19)
    for workers in (1, 2):
        port = 20_000 + os.getpid() % 20_000 + workers
        process = start(url, folder, workers, port)
        base = f"http://127.0.0.1:{port}"
        try:
            jawaban = [("GET", f"/lke/jawaban-unit/UNIT-{rng.randrange(UNITS):05d}", None)
                       for _ in range(JAWABAN_REQUESTS)]  # fmt: skip
            elapsed, lat, failed = asyncio.run(load(base, jawaban, JAWABAN_CLIENTS))
            print(f"jawaban-unit, {workers} worker(s), {JAWABAN_CLIENTS} clients: "
                  f"{len(lat) / elapsed:.0f} req/s, p50 {pct(lat, 0.5) * 1000:.1f} ms, "
                  f"p99 {pct(lat, 0.99) * 1000:.1f} ms (target p99 < 50 ms); "
                  f"{len(lat)} answered, {failed} connection errors")  # fmt: skip
            body = {"submission": submission}
            evals = [("POST", "/v1/evaluate", body)] * EVALUATE_REQUESTS
            elapsed, lat, failed = asyncio.run(load(base, evals, EVALUATE_CLIENTS))
            rate = len(lat) / elapsed
            print(f"evaluate, {workers} worker(s), {EVALUATE_CLIENTS} clients: {rate:.1f} req/s, "
                  f"p50 {pct(lat, 0.5) * 1000:.0f} ms, p99 {pct(lat, 0.99) * 1000:.0f} ms; "
                  f"per worker {rate / workers / in_process:.0%} of in-process "
                  f"(target >= 60%); {failed} connection errors")  # fmt: skip
        finally:
            process.terminate()
            process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
