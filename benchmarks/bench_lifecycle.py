"""Lifecycles at portfolio scale: firing against bare ``transitions``, restoring, memory.

Run: ``python benchmarks/bench_lifecycle.py`` (about two minutes). Targets:
``fire()`` (authorization, payload, guards, the hashed audit record) at most
2.5x the bare ``transitions`` dispatch of the same trigger, both measured in
this run; 100,000 lifecycles restored in under 5 s on one core; under 4 KiB
per idle lifecycle, not counting its history records; time per unit flat from
1,000 to 100,000 units. Prints medians; asserts nothing. What the figures mean
and why: docs/performance.md.
"""

from __future__ import annotations

import gc
import itertools
import json
import time
import tracemalloc
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any

from _common import interleaved, median_seconds, row
from transitions import Machine

from zi_engine.engine._engine import default_engine
from zi_engine.lifecycle import Actor, Lifecycle, LifecycleDefinition
from zi_engine.lifecycle._audit import canonical_json, new_record

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


SUBMISSION = "sha256:" + "cd" * 32
"""The submission the evaluations were scored on, and the reviews are of."""


@dataclass(frozen=True)
class _Review:
    """What the review guards of ``tpi_reject``, ``propose`` and ``recommend`` read: a
    review signed off by its last tier, of the submission the evaluations were scored on."""

    unit_id: str
    agency_id: str = "pemprov-kalsel"
    kind: str = "tpi"
    signed_off: bool = True
    outstanding: tuple[str, ...] = ()
    head_hash: str = "5e" * 32
    year: int = 2023
    submission_hash: str = SUBMISSION


def _result() -> _Result:
    return _Result(
        "eligible", (_Criterion("total", "Total", "score"), _Criterion("g", "G", "gate"))
    )


@dataclass(frozen=True)
class _Evaluation:
    layer: str
    unit_id: str
    rubric_id: str = "permenpan-rb-90-2021"
    rubric_version: str = "2021.1"
    rubric_hash: str = "ab" * 32
    total: float = 82.5
    eligibility: dict[str, _Result] = field(
        default_factory=lambda: {"WBK": _result(), "WBBM": _result()}
    )
    agency_id: str = "pemprov-kalsel"
    year: int = 2023  # the proposal's year
    submission_hash: str = SUBMISSION

    @property
    def survey_layers(self) -> dict[str, str]:
        return {"hasil.bersih_akuntabel.ipak": self.layer, "hasil.pelayanan_prima.ipkp": self.layer}


def selected(unit: str) -> Lifecycle:
    """A unit's first two records: the Pakta Integritas declared, the unit selected."""
    lc = Lifecycle.new(unit, "pemprov-kalsel")
    lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=T0,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire("select_unit", actor=AGENCY_HEAD, at=T0)
    return lc


def building(unit: str) -> Lifecycle:
    lc = selected(unit)
    lc.fire("start_building", actor=UNIT_HEAD, at=T0)
    return lc


CLEARANCES = ("clearance_ombudsman", "clearance_kpk", "clearance_komisi_dpr", "clearance_apip")
"""The TPN's clearances after the field evaluation (Lampiran II hlm. 56)."""


def designated(unit: str) -> Lifecycle:
    lc = building(unit)
    at = datetime(2023, 3, 1, tzinfo=WIB)
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at)
    tpi, tpn = _Evaluation("tpi", unit), _Evaluation("tpn", unit)
    lc.fire(
        "propose", actor=AGENCY_HEAD, at=at, evaluation=tpi, sptjm_signed=True,
        review=_Review(unit),
    )  # fmt: skip
    lc.fire("admit", actor=TPN, at=at, evaluation=tpi)
    lc.fire("to_field", actor=TPN, at=at)
    lc.fire("to_clearance", actor=TPN, at=at)
    for clearance in CLEARANCES:
        lc.fire(clearance, actor=TPN, at=at)
    lc.fire("to_panel", actor=TPN, at=at)
    lc.fire(
        "recommend", actor=TPN, at=at, evaluation=tpn, survey_respondents=30,
        mystery_shopping_done=True, review=_Review(unit, kind="tpn"),
    )  # fmt: skip
    lc.fire("designate", actor=MINISTER, at=at, decree_number="KEP/1", decree_date=at.date())
    return lc


def documents(template: Lifecycle, count: int) -> list[dict[str, Any]]:
    """``count`` distinct saved documents (different units, so different hash chains)."""
    out = []
    for i in range(count):
        lc = Lifecycle.new(f"unit-{i:06d}", "pemprov-kalsel")
        for record in template.history:
            _refire(lc, record)
        out.append(json.loads(json.dumps(lc.to_dict())))
    return out


def _refire(lc: Lifecycle, record: Any) -> None:
    payload: dict[str, Any] = (
        {"pakta_integritas_signed": True, "staff_signed": 40, "staff_total": 42}
        if record.trigger == "declare"
        else {}
    )
    lc.fire(record.trigger, actor=record.actor, at=record.at, **payload)


def bench_create_restore() -> None:
    t = median_seconds(lambda: Lifecycle.new("unit-x", "pemprov-kalsel"), repeat=9, number=20000)
    row("Lifecycle.new()", f"{1 / t:,.0f} /s")
    for label, template in (("2 records (selected)", selected("t")),
                            ("15 records (designated)", designated("t"))):  # fmt: skip
        docs = documents(template, 2000) if label.startswith("2") else [
            json.loads(json.dumps(template.to_dict()))
        ]  # fmt: skip
        it = itertools.cycle(docs)
        t = median_seconds(lambda it=it: Lifecycle.from_dict(next(it)), repeat=9, number=2000)
        row(f"Lifecycle.from_dict(), {label}", f"{1 / t:,.0f} /s")


def bench_restore_ratio() -> None:
    """from_dict of 2-record documents against reading the same documents as JSON, in turns.

    The baseline is what any restore pays before checking anything: parsing the stored
    text (``json.loads``) of the same documents. Both run on 500 documents a round, for
    21 rounds that take turns; the ratio is the median of the rounds' ratios.
    """
    docs = documents(selected("t"), 500)
    texts = [json.dumps(d) for d in docs]

    def parse() -> None:
        for text in texts:
            json.loads(text)

    def restore() -> None:
        for doc in docs:
            Lifecycle.from_dict(doc)

    def parse_and_restore() -> None:
        for text in texts:
            Lifecycle.from_dict(json.loads(text))

    found = interleaved(
        {"json": parse, "from_dict": restore, "both": parse_and_restore}, rounds=21, number=1
    )
    (t_json, _), (t_restore, ratio), (t_both, _) = found.values()
    row("json.loads of a 2-record document", f"{t_json / 500 * 1e6:.1f} us")
    row("Lifecycle.from_dict of it, every check", f"{t_restore / 500 * 1e6:.1f} us")
    row("  from_dict / json.loads (median of 21 paired rounds)", f"{ratio:.2f}x")
    row("  json.loads + from_dict, per 100,000", f"{t_both / 500 * 1e5:.2f} s", "target < 5 s")


def bare_machine(definition: LifecycleDefinition) -> Machine:
    """The definition's states and transitions in a plain Machine: no callbacks, no checks."""
    machine = Machine(
        model=None,
        states=list(definition.states),
        initial=definition.initial,
        auto_transitions=False,
        send_event=True,
        model_attribute="_state",
        name=definition.name,
    )
    for name, spec in definition.triggers.items():
        machine.add_transition(name, list(definition.sources(name)), spec.to)
    return machine


class _Unit:
    __slots__ = ("_state",)

    def __init__(self, state: str) -> None:
        self._state = state


def bench_fire() -> None:
    """The same two triggers, back and forth: bare transitions, then the whole fire()."""
    rt = default_engine().lifecycle_runtime("permenpan-rb-90-2021")
    machine = bare_machine(rt.definition)
    go, back = machine.events["request_internal_review"], machine.events["tpi_reject"]
    unit = _Unit("building")

    def bare() -> None:  # source check, state change, exit/enter: what transitions itself does
        go.trigger(unit)
        back.trigger(unit)

    box = [building("u")]
    signed = _Review("u")

    def fire() -> None:  # the machine's dispatch with every check and the hashed record
        lc = box[0]
        lc.fire("request_internal_review", actor=UNIT_HEAD, at=T0)
        lc.fire("tpi_reject", actor=TPI, at=T0, reason="pembinaan", review=signed)
        if lc.revision > 2000:  # a unit's history is short: start another now and then (revision,
            # not len(history), which copies the history)
            box[0] = building("u")

    probe = building("p")
    rejection = {"reason": "pembinaan", "review": _Review("p")}
    head = probe.head_hash

    shared = rt.shared  # as fire() writes them: the runtime's move layouts and actor texts

    def records() -> None:  # the two audit records alone: RFC 8785 text, SHA-256, the object
        new_record(3, "request_internal_review", "building", "internal_review", UNIT_HEAD, T0,
                   None, None, {}, head, shared=shared)  # fmt: skip
        new_record(4, "tpi_reject", "internal_review", "building", TPI, T0, "pembinaan", None,
                   {}, head, shared=shared)  # fmt: skip

    def checks() -> None:  # authorization, time order, payload, guards of the two triggers
        rt.reasons(probe, "request_internal_review", UNIT_HEAD, T0, {}, probe=False)
        rt.reasons(probe, "tpi_reject", TPI, T0, rejection, probe=False)

    found = interleaved(
        {"bare": bare, "fire": fire, "records": records, "checks": checks}, rounds=41, number=500
    )
    (t_bare, _), (t_fire, ratio) = found["bare"], found["fire"]
    row("transitions' bare dispatch of the same trigger", f"{t_bare / 2 * 1e6:.2f} us")
    row("fire(): authorize, payload, guards, audit record", f"{t_fire / 2 * 1e6:.2f} us")
    row("  fire() / bare dispatch (median of 41 paired rounds)", f"{ratio:.2f}x", "target <= 2.5x")
    row("  of which the hashed audit record / bare dispatch", f"{found['records'][1]:.2f}x")
    row("  of which the checks / bare dispatch", f"{found['checks'][1]:.2f}x")
    row("  fire() per second", f"{2 / t_fire:,.0f} /s")
    lc = building("w")
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=T0)
    at = datetime(2023, 3, 1, tzinfo=WIB)
    kwargs = {"evaluation": _Evaluation("tpi", "w"), "sptjm_signed": True, "review": _Review("w")}
    t = median_seconds(lambda: lc.check("propose", actor=AGENCY_HEAD, at=at, **kwargs),
                       repeat=9, number=5000)  # fmt: skip
    row("check('propose'): 7 guards + permission, no change", f"{t * 1e6:.2f} us")


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
    docs = documents(selected("t"), 10_000)
    per = memory_per_lifecycle(10_000, lambda i: Lifecycle.from_dict(docs[i]))
    row("memory per restored lifecycle with 2 records", f"{per:,.0f} B", "(records included)")


def bench_scaling() -> None:
    docs = documents(selected("t"), 100_000)
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
    docs = documents(selected("t"), 100_000)
    start = time.perf_counter()
    restored = [Lifecycle.from_dict(d) for d in docs]
    row("  the same with the GC disabled (CPU alone)", f"{time.perf_counter() - start:.2f} s")
    del restored
    gc.enable()


def bench_canonical() -> None:
    """A stored record's content: canonical_json against json.dumps of the same data, in turns.

    json.dumps (sorted keys, no spaces) is not RFC 8785 (floats, keys past the BMP), so it
    cannot replace the writer; it shows what the standard library's C encoder would save.
    """
    record = building("c").history[-1]
    content = record.to_dict()
    content.pop("hash")
    plain = dict(content)
    content["details"] = MappingProxyType(content["details"])  # as records hold them

    def stdlib() -> str:
        return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    found = interleaved(
        {"canonical": lambda: canonical_json(content), "json.dumps": stdlib},
        rounds=21,
        number=2000,
    )
    (t_ours, _), (t_json, ratio) = found["canonical"], found["json.dumps"]
    row("canonical_json of a record (RFC 8785)", f"{t_ours * 1e6:.2f} us")
    row("  json.dumps of the same data, sorted and compact", f"{t_json * 1e6:.2f} us")
    row("  json.dumps / canonical_json (median of 21 rounds)", f"{ratio:.2f}x")


def main() -> None:
    bench_canonical()
    bench_create_restore()
    bench_restore_ratio()
    bench_fire()
    bench_memory()
    bench_scaling()


if __name__ == "__main__":
    main()
