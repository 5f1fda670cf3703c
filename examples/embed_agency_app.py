"""How an agency's ZI app embeds zi_engine: score a unit, explain, plan, export.

Run from the repository root: ``python examples/embed_agency_app.py``.
It loads the bundled rubric, evaluates the RSUD example the way the TPI would
(TPI answers replace the unit's), prints what fails and what would fix it,
and writes the JSON the national portal fetches from
``/lke/jawaban-unit/{unit_id}``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import zi_engine

HERE = Path(__file__).resolve().parent


def main() -> int:
    engine = zi_engine.Engine()  # built-in plugins only; pass load_entrypoints=True for more
    rubric = engine.load_rubric("permenpan-rb-90-2021")
    try:
        unit = zi_engine.load_submission(HERE / "rsud-idaman-area-minimum.yaml")
    except zi_engine.SubmissionError as exc:  # every problem, located: show them, keep going
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1

    evaluation = engine.evaluate(rubric, unit, up_to="tpi")
    print(f"{unit.unit.name}: total {evaluation.total:.2f} ({rubric.id} {rubric.version})")
    verdict = evaluation.eligibility[unit.target]
    print(f"{unit.target}: {verdict.outcome}")
    for criterion in verdict.criteria:
        if criterion.outcome != "pass":
            print(
                f"  {criterion.outcome:12} {criterion.label}: {criterion.actual} "
                f"(required {criterion.required}, gap {criterion.gap}) - {criterion.source}"
            )

    improvement = engine.plan(evaluation, unit.target)
    print(f"to become {improvement.outcome_after} ({improvement.total_after:.2f}):")
    for step in improvement.steps:
        print(f"  +{step.points:.2f}  {step.question_id}: {step.from_answer} -> {step.to_answer}")

    out = Path(tempfile.gettempdir()) / f"{unit.unit.id}.portalrb.json"
    out.write_text(
        json.dumps(zi_engine.to_portalrb(unit, rubric=rubric), ensure_ascii=False, indent=2)
    )
    print(f"portal JSON written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
