"""Lifecycles at portfolio scale: creating, restoring, firing, and memory per unit.

Run: ``python benchmarks/bench_lifecycle.py`` (about a minute). Targets
(issue #4): 100,000 lifecycles restored in under 5 s on one core; under 4 KiB
per idle lifecycle, not counting its history records; time per unit flat from
1,000 to 100,000 units; at least 100,000 guarded transitions/s. Prints
medians; asserts nothing.
"""

from __future__ import annotations

import gc
import itertools
import json
import time
import tracemalloc
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from _common import median_seconds, row

from zi_engine.engine._engine import default_engine
from zi_engine.lifecycle import Actor, Lifecycle

WIB = timezone(timedelta(hours=7))
T0 = datetime(2022, 1, 10, 9, tzinfo=WIB)
UNIT_HEAD = Actor("kepala", "unit_head", "pemprov-kalsel")
TPI = Actor("inspektorat", "tpi", "pemprov-kalsel")
AGENCY_HEAD = Actor("gubernur", "agency_head", "pemprov-kalsel")
TPN = Actor("tpn", "tpn")
MINISTER = Actor("menpan", "minister")


@dataclass(frozen=True)
class _Criterion:
    id: str
    label: str
    group: str
    outcome: str = "pass"
    reason: str = ""


@dataclass(frozen=True)
class _Result:
    outcome: str
    criteria: tuple[_Criterion, ...]


def _result() -> _Result:
    return _Result(
        "eligible", (_Criterion("total", "Total", "score"), _Criterion("g", "G", "gate"))
    )


@dataclass(frozen=True)
class _Evaluation:
    layer: str
    rubric_id: str = "permenpan-rb-90-2021"
    rubric_version: str = "2021.1"
    rubric_hash: str = "ab" * 32
    total: float = 82.5
    eligibility: dict[str, _Result] = field(
        default_factory=lambda: {"WBK": _result(), "WBBM": _result()}
    )


def building(unit: str) -> Lifecycle:
    lc = Lifecycle.new(unit, "pemprov-kalsel")
    lc.fire("declare", actor=UNIT_HEAD, at=T0, pakta_integritas_signed=True)
    lc.fire("start_building", actor=UNIT_HEAD, at=T0)
    return lc


def designated(unit: str) -> Lifecycle:
    lc = building(unit)
    at = datetime(2023, 3, 1, tzinfo=WIB)
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at)
    lc.fire("propose", actor=AGENCY_HEAD, at=at, evaluation=_Evaluation("tpi"), sptjm_signed=True)
    lc.fire("admit", actor=TPN, at=at, evaluation=_Evaluation("tpi"))
    lc.fire("to_field", actor=TPN, at=at)
    lc.fire("recommend", actor=TPN, at=at, evaluation=_Evaluation("tpn"))
    lc.fire("designate", actor=MINISTER, at=at)
    return lc


def documents(template: Lifecycle, count: int) -> list[dict[str, Any]]:
    """``count`` distinct saved documents (different units, so different hash chains)."""
    out = []
    for i in range(count):
        lc = Lifecycle.new(f"unit-{i:06d}", "pemprov-kalsel")
        for record in template.history:
            _refire(lc, record.trigger, record.at)
        out.append(json.loads(json.dumps(lc.to_dict())))
    return out


def _refire(lc: Lifecycle, trigger: str, at: datetime) -> None:
    actor = {"declare": UNIT_HEAD, "start_building": UNIT_HEAD}.get(trigger)
    payload: dict[str, Any] = {"pakta_integritas_signed": True} if trigger == "declare" else {}
    lc.fire(trigger, actor=actor or UNIT_HEAD, at=at, **payload)


def bench_create_restore() -> None:
    t = median_seconds(lambda: Lifecycle.new("unit-x", "pemprov-kalsel"), repeat=9, number=20000)
    row("Lifecycle.new()", f"{1 / t:,.0f} /s")
    for label, template in (("2 records (building)", building("t")),
                            ("8 records (designated)", designated("t"))):  # fmt: skip
        docs = documents(template, 2000) if label.startswith("2") else [
            json.loads(json.dumps(template.to_dict()))
        ]  # fmt: skip
        it = itertools.cycle(docs)
        t = median_seconds(lambda it=it: Lifecycle.from_dict(next(it)), repeat=9, number=2000)
        row(f"Lifecycle.from_dict(), {label}", f"{1 / t:,.0f} /s")


def bench_fire() -> None:
    def cycle() -> None:
        lc = building("u")  # 2 transitions
        for _ in range(9):  # 18 more: a realistic history length
            lc.fire("request_internal_review", actor=UNIT_HEAD, at=T0)
            lc.fire("tpi_reject", actor=TPI, at=T0, reason="pembinaan")

    t = median_seconds(cycle, repeat=9, number=300) / 20
    row(
        "fire(): authorize, guards, payload, audit record",
        f"{1 / t:,.0f} /s",
        "target >= 100,000/s",
    )
    lc = building("u")
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=T0)
    at = datetime(2023, 3, 1, tzinfo=WIB)
    kwargs = {"evaluation": _Evaluation("tpi"), "sptjm_signed": True}
    t = median_seconds(lambda: lc.check("propose", actor=AGENCY_HEAD, at=at, **kwargs),
                       repeat=9, number=5000)  # fmt: skip
    row("check('propose'): 6 guards + permission, no change", f"{1 / t:,.0f} /s")
    rt = default_engine().lifecycle_runtime("permenpan-rb-90-2021")
    go, back = rt.machine.events["request_internal_review"], rt.machine.events["tpi_reject"]
    moved = building("v")

    def dispatch() -> None:  # transitions alone: source check, state change, callbacks
        go.trigger(moved, at=T0)
        back.trigger(moved, at=T0)

    t = median_seconds(dispatch, repeat=9, number=20000) / 2
    # fire() reads the machine's table instead of calling this (see _lifecycle/_machine.py)
    row("  for comparison: transitions' bare dispatch, nothing else", f"{1 / t:,.0f} /s")


def memory_per_lifecycle(count: int, make: Any) -> float:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    keep = [make(i) for i in range(count)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del keep
    return (after - before) / count


def bench_memory() -> None:
    for count in (10_000, 100_000):
        per = memory_per_lifecycle(
            count, lambda i: Lifecycle.new(f"unit-{i:06d}", "pemprov-kalsel")
        )
        row(f"memory per idle lifecycle, {count:,} units", f"{per:,.0f} B", "target < 4 KiB")
    docs = documents(building("t"), 10_000)
    per = memory_per_lifecycle(10_000, lambda i: Lifecycle.from_dict(docs[i]))
    row("memory per restored lifecycle with 2 records", f"{per:,.0f} B", "(records included)")


def bench_scaling() -> None:
    docs = documents(building("t"), 100_000)
    # The input documents are fixture data: an app reads them one at a time. Frozen, they
    # are out of the cyclic GC's reach; the lifecycles built are still collected as usual.
    gc.collect()
    gc.freeze()
    for count in (1_000, 10_000, 100_000):
        start = time.perf_counter()
        made = [Lifecycle.new(f"unit-{i:06d}", "a") for i in range(count)]
        created = (time.perf_counter() - start) / count
        start = time.perf_counter()
        restored = [Lifecycle.from_dict(d) for d in docs[:count]]
        took = time.perf_counter() - start
        row(f"per unit at {count:>7,} units: new / from_dict",
            f"{created * 1e6:.1f} / {took / count * 1e6:.1f} us")  # fmt: skip
        del made, restored
        gc.collect()
    row("100,000 lifecycles (2 records each) restored in", f"{took:.2f} s", "target < 5 s")
    gc.unfreeze()
    start = time.perf_counter()
    restored = [Lifecycle.from_dict(d) for d in docs]
    row(
        "  the same with the 100,000 input dicts in the GC's view",
        f"{time.perf_counter() - start:.2f} s",
    )
    del restored, docs
    gc.collect()
    gc.disable()
    docs = documents(building("t"), 100_000)
    start = time.perf_counter()
    restored = [Lifecycle.from_dict(d) for d in docs]
    row("  the same with the GC disabled (CPU alone)", f"{time.perf_counter() - start:.2f} s")
    del restored
    gc.enable()


def main() -> None:
    bench_create_restore()
    bench_fire()
    bench_memory()
    bench_scaling()


if __name__ == "__main__":
    main()
