"""Scoring speed: full evaluations per second, submission loading, and the improvement plan.

Run: ``python benchmarks/bench_evaluate.py``. Targets (issue #3): at least
20,000 full evaluations/s of a complete 127-entry submission on one core once
the rubric is compiled, and an improvement plan for a typical unit in under
200 ms. Prints medians; asserts nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from _common import median_seconds, row

import zi_engine
from zi_engine import Submission
from zi_engine.planning._plan import plan
from zi_engine.scoring._score import score

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def main() -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    path = EXAMPLES / "dinkes-banjarbaru-wbk.yaml"
    sub = zi_engine.load_submission(path)
    answered = sum(1 for q in rubric.questions.values() if q.id in sub.answers)
    print(f"submission: {path.name}, {answered} answers (TPI layer on some)")

    t = median_seconds(lambda: zi_engine.evaluate(rubric, sub), repeat=15, number=2000)
    row("evaluate() (scores; explanation built on read)", f"{1 / t:,.0f} /s", "target >= 20,000/s")
    t = median_seconds(lambda: score(rubric, sub), repeat=15, number=2000)
    row("  scoring alone", f"{1 / t:,.0f} /s")
    t = median_seconds(lambda: zi_engine.evaluate(rubric, sub).eligibility, repeat=9, number=500)
    row("evaluate() + eligibility of WBK and WBBM", f"{1 / t:,.0f} /s")
    t = median_seconds(lambda: zi_engine.evaluate(rubric, sub).to_dict(), repeat=9, number=100)
    row("evaluate() + the whole explanation as JSON data", f"{1 / t:,.0f} /s")

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


if __name__ == "__main__":
    main()
