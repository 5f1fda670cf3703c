"""Review speed: a whole TPI review of 127 questions, saving, verifying, differences.

Run: ``python benchmarks/bench_review.py``. The baseline, measured in the same
run, is one full evaluation of the same submission: each review figure is
also given as a ratio to it, since machines (and their load) differ. Prints
medians; asserts nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _common import median_seconds, row

import zi_engine
from zi_engine import LayeredAnswer, Review, ReviewActor, layer_differences

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WIB = timezone(timedelta(hours=7))
LOWERED = {"mp.p.tim_kerja.a": "Tidak", "mp.p.rencana.b": "B", "mp.p.rencana.c": "C"}


def main() -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    definition = zi_engine.load_lifecycle_definition("permenpan-rb-90-2021")
    full = zi_engine.load_submission(EXAMPLES / "dinkes-banjarbaru-wbk.yaml")
    sub = full.model_copy(
        update={"answers": {q: LayeredAnswer(unit=a.unit) for q, a in full.answers.items()}}
    )
    agency, unit = sub.unit.agency.id, sub.unit.id
    anggota = ReviewActor("tpi.1", "tpi", agency, "INSPEKTORAT")
    tiers = (
        anggota,
        ReviewActor("tpi.2", "tpi_ketua_tim", agency, "INSPEKTORAT"),
        ReviewActor("tpi.3", "tpi_pengendali_teknis", agency, "INSPEKTORAT"),
    )
    head = ReviewActor("kepala", "unit_head", agency, unit)
    at = datetime(2026, 3, 2, 8, tzinfo=WIB)

    def whole_review() -> Review:
        review = Review.start(definition, "tpi", rubric=rubric, submission=sub, at=at)
        for q in review.questions:
            if q in LOWERED:
                review.give_verdict(
                    q, "perlu_revisi", actor=anggota, at=at, answer=LOWERED[q], note="bukti"
                )
            else:
                review.give_verdict(q, "sesuai", actor=anggota, at=at)
        for q, answer in LOWERED.items():
            review.revise(q, answer, actor=head, at=at)
        for q in LOWERED:
            review.give_verdict(q, "sesuai", actor=anggota, at=at)
        for who in tiers:
            review.sign_off(actor=who, at=at)
        return review

    base = median_seconds(lambda: zi_engine.evaluate(rubric, sub), repeat=15, number=200)
    row("baseline: evaluate() of the submission", f"{base * 1e6:,.0f} us")
    review = whole_review()
    print(f"review: {len(review.questions)} questions, {len(review.history)} records")
    t = median_seconds(whole_review, repeat=9, number=3)
    row("a whole TPI review (136 actions, 3 tiers)", f"{t * 1000:.1f} ms", f"{t / base:,.0f}x")
    per = t / len(review.history)
    row("  per action", f"{per * 1e6:,.0f} us", f"{per / base:.1f}x")
    doc = json.loads(json.dumps(review.to_dict()))
    t = median_seconds(review.to_dict, repeat=9, number=5)
    row("to_dict()", f"{t * 1000:.1f} ms", f"{t / base:,.0f}x")
    t = median_seconds(lambda: Review.from_dict(doc, rubric=rubric), repeat=9, number=3)
    row("from_dict() (replay and verify every record)", f"{t * 1000:.1f} ms", f"{t / base:,.0f}x")
    t = median_seconds(lambda: layer_differences(rubric, review.submission), repeat=9, number=5)
    row("layer_differences() after the review", f"{t * 1000:.2f} ms", f"{t / base:,.1f}x")
    lowered = sub.with_answers(LOWERED, "tpi")
    t = median_seconds(lambda: layer_differences(rubric, lowered), repeat=9, number=5)
    row("layer_differences(), 3 differences", f"{t * 1000:.2f} ms", f"{t / base:,.1f}x")


if __name__ == "__main__":
    main()
