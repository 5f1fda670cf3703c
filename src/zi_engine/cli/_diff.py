"""``zi-engine diff`` (where a submission's answer layers differ) and ``zi-engine review``.

``diff FILE`` lists every question where the TPI's or the TPN's answer is
not the one below it, with the points each moved the total; ``review FILE``
verifies a saved review document (its whole history) and shows its state:
round, sign-offs, what is still open. Both print a table or JSON.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TextIO

from zi_engine._i18n import Text, t

if TYPE_CHECKING:
    from zi_engine.review import LayerDifference, Review

__all__ = ["COMMANDS", "add_parsers"]

MAX_OPEN_SHOWN = 20

# every text of both commands, in one place
TEXT: dict[str, Callable[..., Text]] = {
    "diff_title": lambda **k: t(
        "cli.diff_title", "{unit} ({year}): {count} difference(s) between answer layers", **k
    ),
    "diff_none": lambda **k: t("cli.diff_none", "{unit} ({year}): the answer layers agree", **k),
    "diff_header": lambda **k: t(
        "cli.diff_header", "question | layer | answer | replaces | effect", **k
    ),
    "diff_row": lambda **k: t(
        "cli.diff_row",
        "{question} | {layer} | {answer} | {replaced} ({below}) | {effect:+.4f}",
        **k,
    ),
    "diff_totals": lambda **k: t("cli.diff_totals", "totals: {totals}", **k),
    "diff_total": lambda **k: t("cli.diff_total", "{layer} {total:.2f}", **k),
    "review_title": lambda **k: t(
        "cli.review_title", "{label} of {unit} ({agency}), definition {definition}", **k
    ),
    "review_round": lambda **k: t(
        "cli.review_round", "round {round} ({closed} closed); started {started}", **k
    ),
    "review_status": lambda **k: t("cli.review_status", "questions: {counts}", **k),
    "review_open": lambda **k: t("cli.review_open", "open: {shown}", **k),
    "review_more": lambda **k: t("cli.review_more_open", "{shown}, ... ({count} in all)", **k),
    "review_signed": lambda **k: t("cli.review_signed", "signed off by {tier}: {who} at {at}", **k),
    "review_next": lambda **k: t("cli.review_next", "next to sign off: {tier} (role {role})", **k),
    "review_done": lambda **k: t("cli.review_done", "signed off by every tier", **k),
    "review_head": lambda **k: t(
        "cli.review_head", "{records} record(s), head {head} (history verified)", **k
    ),
}


def add_parsers(sub: Any) -> None:
    """Add ``diff`` and ``review`` to the command line's subcommands."""
    from zi_engine._resources import BUNDLED_RUBRIC

    d = sub.add_parser(
        "diff",
        help=t("cli.diff_help", "questions where the answer layers differ, with score effect"),
    )
    d.add_argument(
        "file",
        help=t("cli.diff_file_help", "a submission file (.yaml/.json); '-' reads standard input"),
    )
    d.add_argument(
        "--rubric",
        default=BUNDLED_RUBRIC,
        help=t("cli.rubric_help", "rubric name or directory ({name})", name=BUNDLED_RUBRIC),
    )
    d.add_argument("--format", choices=["table", "json"], default="table")
    r = sub.add_parser(
        "review", help=t("cli.review_help", "verify a saved review (JSON) and show its state")
    )
    r.add_argument(
        "file",
        help=t("cli.review_file_help", "a review document written by Review.to_dict() (JSON)"),
    )
    r.add_argument("--format", choices=["table", "json"], default="table")


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from zi_engine.cli._inputs import _engine
    from zi_engine.review import layer_differences
    from zi_engine.scoring import score
    from zi_engine.submission import LAYERS

    engine = _engine(args)
    rubric = engine.load_rubric(args.rubric)
    sub = engine.load_submission(args.file, rubric=rubric)
    found = layer_differences(rubric, sub)
    # the parent unit's total only where it answered (a unit with a preliminary review)
    has_induk = any(a.induk is not None for a in sub.answers.values())
    layers = [layer for layer in LAYERS if layer != "induk" or has_induk]
    totals: dict[str, float] = {layer: score(rubric, sub, layer).low[0] for layer in layers}
    if args.format == "json":
        data = {
            "unit_id": sub.unit.id,
            "year": sub.year,
            "rubric": rubric.id,
            "totals": totals,
            "differences": [d.to_dict() for d in found],
        }
        out.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
        return 0
    out.write(_diff_table(sub.unit.id, sub.year, found, totals))
    return 0


def _diff_table(
    unit: str, year: int, found: list[LayerDifference], totals: dict[str, float]
) -> str:
    if not found:
        lines = [TEXT["diff_none"](unit=unit, year=str(year))]
    else:
        lines = [TEXT["diff_title"](unit=unit, year=str(year), count=len(found))]
        lines.append(TEXT["diff_header"]())
        for d in found:
            lines.append(
                TEXT["diff_row"](
                    question=d.question,
                    layer=d.layer,
                    answer=_shown(d.answer),
                    replaced=_shown(d.replaced),
                    below=d.below,
                    effect=d.effect,
                )
            )
    shown = ", ".join(
        TEXT["diff_total"](layer=layer, total=value) for layer, value in totals.items()
    )
    lines.append(TEXT["diff_totals"](totals=shown))
    return "\n".join(lines) + "\n"


def _shown(value: object) -> str:
    return "-" if value is None else str(value)


def _cmd_review(args: argparse.Namespace, out: TextIO) -> int:
    from zi_engine.cli._inputs import _engine
    from zi_engine.review import Review, ReviewStateError
    from zi_engine.safeio import load_json_file

    engine = _engine(args)
    data, _ = load_json_file(args.file, error_cls=ReviewStateError)
    definition = rubric = None
    if isinstance(data, dict):
        name = data.get("definition")
        if isinstance(name, str) and name in engine.lifecycle_definitions:
            definition = engine.load_lifecycle_definition(name)
        ref = data.get("rubric")
        if isinstance(ref, dict) and isinstance(ref.get("id"), str):
            found = engine.load_rubric(ref["id"]) if ref["id"] in engine.rubric_sources else None
            if found is not None and found.content_hash == ref.get("hash"):
                rubric = found  # the answers are checked again as well
    try:
        review = Review.from_dict(data, rubric=rubric, definition=definition)
    except ReviewStateError as exc:  # name the file in every problem
        raise ReviewStateError([replace(p, file=args.file) for p in exc.problems]) from None
    if args.format == "json":
        out.write(json.dumps(_summary(review), indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(_review_table(review))
    return 0


def _summary(review: Review) -> dict[str, Any]:
    tier = review.next_tier
    return {
        "kind": review.kind,
        "unit_id": review.unit_id,
        "round": review.round,
        "rounds_closed": review.rounds_closed,
        "signed_off": review.signed_off,
        "sign_offs": [
            {"tier": t, "actor": a.id, "at": at.isoformat()} for t, a, at in review.sign_offs
        ],
        "next_tier": None if tier is None else tier.name,
        "open_questions": list(review.open_questions),
        "status": dict(review.status),
        "records": len(review.history),
        "head": review.head_hash,
    }


def _review_table(review: Review) -> str:
    counts: dict[str, int] = {}
    for status in review.status.values():
        counts[status] = counts.get(status, 0) + 1
    lines = [
        TEXT["review_title"](
            label=review.spec.label,
            unit=review.unit_id,
            agency=review.agency_id,
            definition=review.definition,
        ),
        TEXT["review_round"](
            round=review.round, closed=review.rounds_closed, started=review.started_at.isoformat()
        ),
        TEXT["review_status"](counts=", ".join(f"{k} {v}" for k, v in sorted(counts.items()))),
    ]
    still_open = review.open_questions
    if still_open:
        shown = ", ".join(still_open[:MAX_OPEN_SHOWN])
        if len(still_open) > MAX_OPEN_SHOWN:
            shown = TEXT["review_more"](shown=shown, count=len(still_open))
        lines.append(TEXT["review_open"](shown=shown))
    labels = {t.name: t.label for t in review.spec.tiers}
    for tier, actor, at in review.sign_offs:
        lines.append(
            TEXT["review_signed"](tier=labels.get(tier, tier), who=actor.id, at=at.isoformat())
        )
    nxt = review.next_tier
    if nxt is None:
        lines.append(TEXT["review_done"]())
    else:
        lines.append(TEXT["review_next"](tier=nxt.label, role=nxt.actor_role))
    lines.append(TEXT["review_head"](records=len(review.history), head=review.head_hash))
    return "\n".join(lines) + "\n"


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "diff": _cmd_diff,
    "review": _cmd_review,
}
