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
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import httpx
import sqlalchemy as sa

import zi_engine
from zi_engine.store import Store
from zi_engine.store import _schema as t

T = TypeVar("T")
HERE = Path(__file__).resolve().parent
UNITS = 10_000
# a few seconds of jawaban-unit, so that one stall of the machine is not its p99
JAWABAN_REQUESTS, JAWABAN_CLIENTS = 20_000, 100
EVALUATE_REQUESTS, EVALUATE_CLIENTS = 600, 4  # clients per worker: enough to keep each one busy
WARM_UP = 100  # requests before each measured case (imports, caches, pooled connections)
CASE_SECONDS = 90
ROUNDS, IN_PROCESS_PER_ROUND = 20, 20  # evaluate: turns of in-process runs and requests
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


def free_port() -> int:
    """A loopback port nothing listens on now (the system picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


class _Response(asyncio.Protocol):
    """The client side of one keep-alive connection: bytes in, one response at a time out.

    A protocol, not a stream reader: reading a response line by line costs the load
    client more CPU than it leaves the server on the machine's two cores.
    """

    def __init__(self) -> None:
        self.transport: asyncio.BaseTransport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bool]] | None = None
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # uvloop's transports are not asyncio.Transport subclasses

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        waiter = self.waiter
        if waiter is None or waiter.done():
            return
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(self.buffer[:end])
        length, close = 0, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        if len(self.buffer) < end + 4 + length:
            return  # the rest of the body is still coming
        del self.buffer[: end + 4 + length]
        waiter.set_result((int(head.split(b" ", 2)[1]), close))

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc or ConnectionResetError("the server closed it"))


class Connection:
    """A minimal HTTP/1.1 keep-alive client: the load generator shares the machine's two cores
    with the server, so it must cost little (httpx spends more CPU per request than the
    jawaban-unit endpoint does, and would be measured instead of the server)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.protocol: _Response | None = None

    async def request(self, head: bytes, body: bytes) -> int:
        loop = asyncio.get_running_loop()
        if self.protocol is None or self.protocol.lost:
            _, self.protocol = await loop.create_connection(_Response, "127.0.0.1", self.port)
        protocol = self.protocol
        protocol.waiter = loop.create_future()
        protocol.transport.write(head + body)  # type: ignore[union-attr]  # a write transport
        status, close = await protocol.waiter
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.protocol is not None and self.protocol.transport is not None:
            self.protocol.transport.close()
        self.protocol = None


def http_request(method: str, path: str, body: object, *, keep_alive: bool) -> tuple[bytes, bytes]:
    data = b"" if body is None else json.dumps(body).encode()
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
        f"Content-Length: {len(data)}\r\nContent-Type: application/json\r\n"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
    ).encode()
    return head, data


async def load(
    port: int, requests: list[tuple[bytes, bytes]], clients: int
) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    failed = 0
    queue = list(reversed(requests))
    stop_at = time.monotonic() + CASE_SECONDS

    async def worker() -> None:
        nonlocal failed
        conn = Connection(port)
        while queue and time.monotonic() < stop_at:
            head, body = queue.pop()
            started = time.perf_counter()
            try:
                status = await conn.request(head, body)
            except (OSError, asyncio.IncompleteReadError, ValueError):  # counted, not hidden
                failed += 1
                conn.close()
                continue
            latencies.append(time.perf_counter() - started)
            if status != 200:
                raise SystemExit(f"{head.split()[1].decode()}: status {status}")
        conn.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return time.perf_counter() - began, latencies, failed


def run_client(work: Coroutine[Any, Any, T]) -> T:
    """Run the load client's coroutine, on uvloop where the server extra installed it.

    The client shares the machine's two cores with the server, so the cheaper its
    event loop, the more of them the server has (and the less the client's own
    delays add to the latencies it measures).
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.run(work)
    return uvloop.run(work)


def server_cpu(pid: int) -> float:
    """CPU seconds the server and its worker processes have used (Linux /proc).

    CPU time per request does not count the time a request waited for a core
    that other programs held, so it stays comparable on a busy machine; the
    latencies above do count it.
    """
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields after the name: state ppid ... utime (12th) stime (13th)
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


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
        # the endpoint's own work without HTTP: validate, check answers, evaluate, plan, dump,
        # in the service's default language
        with zi_engine.use_language("id"):
            sub = zi_engine.Submission.from_dict(submission)
            zi_engine.answer_problems(rubric, sub)
            ev = engine.evaluate(rubric, sub)
            ev.to_dict()
            engine.plan(ev, sub.target).to_dict()

    def in_process_samples(count: int = 60, busy: bool = True) -> tuple[list[float], list[float]]:
        # with the other core kept busy, as the load client keeps it during a server case:
        # on this machine a busy neighbour makes the same work cost up to half as much again
        spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
        try:
            time.sleep(0.2 if busy else 0)
            runs, cpu = [], []
            for _ in range(count):
                began, began_cpu = time.perf_counter(), time.process_time()
                in_process_evaluate()
                runs.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
        finally:
            if spinner is not None:
                spinner.kill()
                spinner.wait()
        return runs, cpu

    in_process_evaluate()
    alone_runs, alone_cpu = in_process_samples(busy=False)
    print(f"in-process evaluate alone on the machine: {1 / statistics.median(alone_runs):.1f}/s, "
          f"{statistics.median(alone_cpu) * 1000:.2f} ms CPU each")  # fmt: skip
    runs, cpu = in_process_samples()
    print(f"store: {UNITS} units (SQLite); in-process evaluate (validate, score, plan, "
          f"dump): {1 / statistics.median(runs):.1f}/s (one core, the other busy), "
          f"{statistics.median(cpu) * 1000:.2f} ms CPU each")  # fmt: skip
    rng = random.Random(19)
    for workers in (1, 2):
        port = free_port()
        process = start(url, folder, workers, port)
        try:
            jawaban = [
                http_request("GET", f"/lke/jawaban-unit/UNIT-{rng.randrange(UNITS):05d}", None,
                             keep_alive=True)
                for _ in range(JAWABAN_REQUESTS)
            ]  # fmt: skip
            run_client(load(port, jawaban[:WARM_UP], JAWABAN_CLIENTS))
            used, client_began = server_cpu(process.pid), time.process_time()
            elapsed, lat, failed = run_client(load(port, jawaban, JAWABAN_CLIENTS))
            per_request = (server_cpu(process.pid) - used) / max(1, len(lat))
            client_share = (time.process_time() - client_began) / elapsed
            print(f"jawaban-unit, {workers} worker(s), {JAWABAN_CLIENTS} clients: "
                  f"{len(lat) / elapsed:.0f} req/s, p50 {pct(lat, 0.5) * 1000:.1f} ms, "
                  f"p99 {pct(lat, 0.99) * 1000:.1f} ms (target p99 < 50 ms); "
                  f"server CPU {per_request * 1000:.2f} ms per request; the load client kept "
                  f"{client_share:.2f} of the 2 cores busy; "
                  f"{len(lat)} answered, {failed} connection errors")  # fmt: skip
            # a new connection per call, as a PHP app's curl makes one: the kernel hands each
            # to a worker that is waiting, so busy workers are not given more
            evals = [http_request("POST", "/v1/evaluate", {"submission": submission},
                                  keep_alive=False)] * EVALUATE_REQUESTS  # fmt: skip
            clients = EVALUATE_CLIENTS * workers
            run_client(load(port, evals[:WARM_UP], clients))
            # rounds that take turns: in-process evaluations, then a share of the requests,
            # so a change in the machine's speed (it moves by half here) hits both sides of
            # each round's ratio alike; the ratios are medians over the rounds
            lat, failed, elapsed, server_used, rate_ratios, cpu_ratios = [], 0, 0.0, 0.0, [], []
            client_used = 0.0
            share = len(evals) // ROUNDS
            for i in range(ROUNDS):
                runs, cpu = in_process_samples(IN_PROCESS_PER_ROUND)
                used, client_began = server_cpu(process.pid), time.process_time()
                took, got, lost = run_client(
                    load(port, evals[i * share : (i + 1) * share], clients)
                )
                client_used += time.process_time() - client_began
                spent = (server_cpu(process.pid) - used) / max(1, len(got))
                lat, failed, elapsed, server_used = (
                    lat + got,
                    failed + lost,
                    elapsed + took,
                    server_used + spent * len(got),
                )
                rate_ratios.append(len(got) / took / workers * statistics.median(runs))
                cpu_ratios.append(statistics.median(cpu) / spent if spent else float("nan"))
            per_request = server_used / max(1, len(lat))
            rate = len(lat) / elapsed
            print(f"evaluate, {workers} worker(s), {clients} clients: {rate:.1f} req/s, "
                  f"p50 {pct(lat, 0.5) * 1000:.0f} ms, p99 {pct(lat, 0.99) * 1000:.0f} ms; "
                  f"per worker {statistics.median(rate_ratios):.0%} of in-process "
                  f"(rounds {min(rate_ratios):.0%}–{max(rate_ratios):.0%}; target >= 60%); "
                  f"server CPU {per_request * 1000:.2f} ms per request, in-process CPU / "
                  f"server CPU {statistics.median(cpu_ratios):.0%} "
                  f"(rounds {min(cpu_ratios):.0%}–{max(cpu_ratios):.0%}); "
                  f"the load client kept {client_used / elapsed:.2f} of the 2 cores busy; "
                  f"{failed} connection errors")  # fmt: skip
        finally:
            process.terminate()
            process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
