"""Scoring speed: evaluations, eligibility, a portfolio on every core, loading, planning.

Run: ``python benchmarks/bench_evaluate.py``. Targets: at least 20,000 evaluations/s of
a complete 127-entry submission on one core once the rubric is compiled; evaluation
plus the eligibility of WBK and WBBM within 3x the bare evaluation, both measured here
in turns; an improvement plan for a typical unit in under 200 ms. Prints medians and
ratios; asserts nothing (docs/performance.md says what each row measures).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from _common import interleaved, median_seconds, row

import zi_engine
from zi_engine import Engine, Submission
from zi_engine.engine._many import worker_count
from zi_engine.planning._plan import plan
from zi_engine.scoring._score import score

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PORTFOLIO = 2000


def main() -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    path = EXAMPLES / "dinkes-banjarbaru-wbk.yaml"
    sub = zi_engine.load_submission(path)
    answered = sum(1 for q in rubric.questions.values() if q.id in sub.answers)
    print(f"submission: {path.name}, {answered} answers (TPI layer on some)")

    def verdicts() -> object:
        return [r.outcome for r in zi_engine.evaluate(rubric, sub).eligibility.values()]

    def explained() -> object:
        return [r.criteria for r in zi_engine.evaluate(rubric, sub).eligibility.values()]

    found = interleaved(
        {
            "bare": lambda: zi_engine.evaluate(rubric, sub),
            "score": lambda: score(rubric, sub),
            "verdicts": verdicts,
            "explained": explained,
        },
        rounds=41,
        number=100,
    )
    bare = found["bare"][0]
    row("evaluate() (scores; the rest built on read)", f"{1 / bare:,.0f} /s", "target >= 20,000/s")
    row("  scoring alone", f"{1 / found['score'][0]:,.0f} /s")
    row("evaluate() + eligibility of WBK and WBBM", f"{found['verdicts'][0] * 1e6:,.0f} us")
    row("  ratio to evaluate() (median of 41 paired rounds)", f"{found['verdicts'][1]:.2f}x",
        "target <= 3x")  # fmt: skip
    row("  ... + every criterion built (criteria read)", f"{found['explained'][0] * 1e6:,.0f} us")
    row("  ratio to evaluate()", f"{found['explained'][1]:.2f}x")
    t = median_seconds(lambda: zi_engine.evaluate(rubric, sub).to_dict(), repeat=9, number=100)
    row("evaluate() + the whole explanation as JSON data", f"{t * 1e6:,.0f} us")

    bench_portfolio(rubric, sub)

    data = sub.model_dump(mode="json")
    t = median_seconds(lambda: Submission.model_validate(data), repeat=15, number=200)
    row("validate a submission from dict data", f"{t * 1e6:,.0f} us")
    t = median_seconds(lambda: zi_engine.load_submission(path), repeat=15, number=20)
    row("load + validate a submission YAML file", f"{t * 1000:.2f} ms")
    portal_path = EXAMPLES / "dinkes-banjarbaru-wbk.portalrb.json"
    portal = json.loads(portal_path.read_text())
    t = median_seconds(lambda: zi_engine.from_portalrb(portal, rubric=rubric), repeat=15, number=20)
    row("read portal JSON data (127 answers, checked)", f"{t * 1000:.2f} ms")

    typical = zi_engine.load_submission(EXAMPLES / "rsud-idaman-area-minimum.yaml")
    ev = zi_engine.evaluate(rubric, typical)
    t = median_seconds(lambda: plan(ev, "WBK"), repeat=15)
    row("improvement plan, unit failing one area minimum", f"{t * 1000:.1f} ms", "target < 200 ms")
    ev = zi_engine.evaluate(
        rubric, zi_engine.load_submission(EXAMPLES / "dinkes-banjarbaru-wbk.yaml")
    )
    t = median_seconds(lambda: plan(ev, "WBBM"), repeat=15)
    row("improvement plan toward WBBM (gates, survey floor)", f"{t * 1000:.1f} ms")
    worst = {qid: "C" for qid, q in rubric.questions.items() if q.answer in ("abc",)}
    weak = zi_engine.evaluate(rubric, typical.with_answers(worst))
    t = median_seconds(lambda: plan(weak, "WBK"), repeat=5)
    row("improvement plan, weak unit (all A-C questions at C)", f"{t * 1000:.1f} ms")


def bench_portfolio(rubric: zi_engine.Rubric, sub: Submission) -> None:
    """Engine.evaluate_many over a portfolio of different units, in turns with a plain loop."""
    engine = Engine()
    options = ("A", "B", "C")
    portfolio = [
        sub.with_answers(
            {"mp.p.tim_kerja.b": options[i % 3], "mp.p.rencana.b": options[(i // 3) % 3]}
        ).model_copy(update={"target": ("WBK", "WBBM")[i % 2]})
        for i in range(PORTFOLIO)
    ]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    workers = worker_count(None, PORTFOLIO)

    def loop() -> object:
        return [engine.evaluate(rubric, s).eligibility for s in portfolio]

    def many() -> object:
        return [ev.eligibility for ev in engine.evaluate_many(rubric, portfolio)]

    found = interleaved({"loop": loop, "many": many}, rounds=7, number=1)
    (t_loop, _), (t_many, ratio) = found["loop"], found["many"]
    label = f"{PORTFOLIO:,} submissions + eligibility"
    row(f"{label}, evaluate() in a loop", f"{t_loop * 1000:,.0f} ms")
    row(f"{label}, evaluate_many ({workers} workers, {cores} cores)", f"{t_many * 1000:,.0f} ms")
    row("  speed-up (median of 7 paired rounds)", f"{1 / ratio:.2f}x")


if __name__ == "__main__":
    main()
