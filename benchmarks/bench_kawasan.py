"""Kawasan speed: judging a Kawasan against its baseline, the members' own evaluations.

Run: ``python benchmarks/bench_kawasan.py``. Every Kawasan figure is shown with
the time the same members take as separate units, measured in the same run, so
the ratio is the cost of the Kawasan layer itself (integration rubric, the
verdicts, the explanation). Prints medians; asserts nothing.
"""

from __future__ import annotations

from pathlib import Path

from _common import median_seconds, row

import zi_engine

EXAMPLE = (
    Path(__file__).resolve().parents[1]
    / "examples"
    / "kawasan-pelabuhan-tanjung-priok"
    / "kawasan.yaml"
)


def main() -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    kawasan = zi_engine.load_kawasan(EXAMPLE)
    subs = [zi_engine.load_submission(str(m.submission)) for m in kawasan.members]
    where = EXAMPLE.relative_to(EXAMPLE.parents[2])
    print(f"kawasan: {where}, {len(subs)} members of {len(kawasan.agencies)} agencies")

    def members_alone() -> list[zi_engine.Evaluation]:
        evs = [zi_engine.evaluate(rubric, s) for s in subs]
        for ev in evs:
            _ = ev.eligibility
        return evs

    evs = members_alone()
    base = median_seconds(members_alone, repeat=15, number=50)
    row("baseline: 5 members evaluated + judged as units", f"{base * 1e3:.3f} ms")
    t = median_seconds(
        lambda: zi_engine.evaluate_kawasan(kawasan, evs).eligibility, repeat=15, number=200
    )
    row("Kawasan verdicts from the 5 member evaluations", f"{t * 1e3:.3f} ms", f"{t / base:.2f}x")
    t = median_seconds(
        lambda: zi_engine.evaluate_kawasan(kawasan, evs).to_dict(), repeat=15, number=100
    )
    row("  + the whole explanation as JSON data", f"{t * 1e3:.3f} ms", f"{t / base:.2f}x")

    def files_alone() -> None:
        for m in kawasan.members:
            s = zi_engine.load_submission(str(m.submission), rubric=rubric)
            _ = zi_engine.evaluate(rubric, s).eligibility

    base_files = median_seconds(files_alone, repeat=9, number=3)
    row("baseline: 5 member files read, evaluated, judged", f"{base_files * 1e3:.1f} ms")

    def from_files() -> None:
        k = zi_engine.load_kawasan(EXAMPLE)
        _ = zi_engine.evaluate_kawasan(k).eligibility

    t = median_seconds(from_files, repeat=9, number=3)
    row("Kawasan file read, checked, members read, judged", f"{t * 1e3:.1f} ms",
        f"{t / base_files:.2f}x")  # fmt: skip
    ev = zi_engine.evaluate_kawasan(kawasan, evs)
    t = median_seconds(lambda: ev.what_it_would_take("WBK"), repeat=9)
    row("what it would take (one member short of WBK)", f"{t * 1e3:.1f} ms")

    # a large regional cluster: 60 member units of 6 agencies (the same five, renamed)
    many = [
        zi_engine.evaluate(
            rubric,
            s.model_copy(
                update={"unit": s.unit.model_copy(update={
                    "id": f"U{i}-{s.unit.id}",
                    "agency": s.unit.agency.model_copy(update={"id": f"A{i % 6}"}),
                })}
            ),
        )
        for i in range(12)
        for s in subs
    ]  # fmt: skip
    big = kawasan.model_copy(
        update={
            "members": [
                zi_engine.MemberSpec(unit=e.submission.unit.id, agency=e.submission.unit.agency.id)
                for e in many
            ]
        }
    )
    for e in many:
        _ = e.eligibility
    small = median_seconds(
        lambda: zi_engine.evaluate_kawasan(kawasan, evs).eligibility, repeat=15, number=100
    )
    t = median_seconds(
        lambda: zi_engine.evaluate_kawasan(big, many).eligibility, repeat=15, number=20
    )
    row("Kawasan of 60 members, verdicts", f"{t * 1e3:.3f} ms", f"{t / small:.1f}x the 5-member")


if __name__ == "__main__":
    main()
