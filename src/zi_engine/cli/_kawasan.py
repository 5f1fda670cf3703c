"""``zi-engine kawasan score FILE``: a Kawasan judged from its members' submission files."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from zi_engine._i18n import Text, format_number, t

if TYPE_CHECKING:
    from zi_engine.kawasan._evaluate import KawasanEvaluation, KawasanPredicateResult
    from zi_engine.kawasan._plan import KawasanPlan

__all__ = ["add_kawasan_parser", "cmd_kawasan"]

# every text of the report, in one place; outcome words and marks are render's, as in
# the unit's own table (docs/translating.md's glossary)
_TEXT: dict[str, Callable[..., Text]] = {
    "head": lambda **k: t(
        "cli.kawasan_head", "{name} ({id}), {kind}, year {year}, target {target}", **k
    ),
    "members": lambda **k: t(
        "cli.kawasan_members", "Members ({n} units of {agencies} agencies)", **k
    ),
    "integration": lambda **k: t(
        "cli.kawasan_integration",
        "Integration (rubric {rubric} {version}): {score:.2f} of {maximum:g}",
        **k,
    ),
    "columns": lambda **k: t("cli.kawasan_columns", "unit|agency|total", **k),
    "predicate": lambda **k: t("cli.kawasan_predicate", "{label}: {verdict}", **k),
    "take": lambda **k: t("cli.kawasan_take", "What it would take (Menuju {predicate})", **k),
    "member_take": lambda **k: t("cli.kawasan_member_take", "  {unit} ({agency}): {what}", **k),
    "plan": lambda **k: t(
        "cli.kawasan_plan", "{n} answer change(s), total {before:.2f} -> {after:.2f}", **k
    ),
    "integration_take": lambda **k: t(
        "cli.kawasan_integration_take", "  integration: raise by {gap:.2f} ({what})", **k
    ),
    "nothing": lambda **k: t("cli.kawasan_nothing", "  nothing: the Kawasan meets it", **k),
}


def add_kawasan_parser(sub: Any) -> None:
    """Add ``kawasan score`` to the command line's subcommands."""
    kw = sub.add_parser(
        "kawasan",
        help=t("cli.kawasan_help", "integrated zones (Kawasan) of several agencies' units"),
    )
    ksub = kw.add_subparsers(dest="kawasan_command", required=True, metavar="ACTION")
    sc = ksub.add_parser(
        "score",
        help=t(
            "cli.kawasan_score_help",
            "judge a Kawasan from its members' submissions and its integration",
        ),
    )
    sc.add_argument(
        "file",
        help=t(
            "cli.kawasan_file_help",
            "a Kawasan file (.yaml/.json) naming its members' submission files; '-' for stdin",
        ),
    )
    sc.add_argument("--format", choices=["table", "json"], default="table")
    sc.add_argument(
        "--layer",
        choices=["unit", "induk", "tpi", "tpn"],
        default="tpn",
        help=t("cli.layer_help", "highest answer layer that counts (default tpn)"),
    )


def cmd_kawasan(args: argparse.Namespace, out: TextIO, engine: Any) -> int:
    """Run ``kawasan score``: the verdicts and what it would take, as a table or JSON."""
    from zi_engine.kawasan._run import evaluate_kawasan, load_kawasan

    kawasan = load_kawasan(args.file, engine=engine)
    ev = evaluate_kawasan(kawasan, engine=engine, up_to=args.layer)
    plan = ev.what_it_would_take(kawasan.target)
    if args.format == "json":
        data = ev.to_dict() | {"what_it_would_take": plan.to_dict()}
        out.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    else:
        out.write(render_kawasan(ev, plan))
    return 0


def render_kawasan(ev: KawasanEvaluation, plan: KawasanPlan) -> str:
    """The Kawasan as a readable report: members, integration, verdicts, what it would take."""
    k = ev.kawasan
    info = k.kawasan
    lines = [
        _TEXT["head"](
            name=info.name, id=info.id, kind=info.kind, year=str(k.year), target=k.target
        ),
        "",
        _TEXT["members"](n=len(ev.members), agencies=len(k.agencies)),
    ]
    predicates = list(ev.eligibility)
    rows = [(*_TEXT["columns"]().split("|"), *predicates)]
    for m in ev.members:
        got = m.evaluation
        total = "-" if got is None else format_number(got.total, ".2f")
        verdicts = [
            "-"
            if got is None or p not in got.eligibility
            else _verdict_word(got.eligibility[p].outcome)
            for p in predicates
        ]
        rows.append((m.unit_id, m.agency_id, total, *verdicts))
    lines += _table(rows)
    integration = ev.integration
    lines += [
        "",
        _TEXT["integration"](
            rubric=integration.rubric_id,
            version=integration.rubric_version,
            score=integration.total,
            maximum=integration.rubric.tree.nodes[0].weight,
        ),
    ]
    lines += _table(
        [
            (a.label[:60], format_number(a.score, ".2f"), format_number(a.maximum, "g"))
            for a in integration.areas.values()
        ]
    )
    for result in ev.eligibility.values():
        lines += ["", *_verdict(result)]
    lines += ["", _TEXT["take"](predicate=plan.predicate), *_take(plan)]
    return "\n".join(lines) + "\n"


def _verdict(result: KawasanPredicateResult) -> list[str]:
    from zi_engine.render._text import mark  # imported on use: the CLI starts without pydantic

    lines: list[str] = [
        _TEXT["predicate"](label=result.label, verdict=_verdict_word(result.outcome))
    ]
    # the marks line up in each language
    width = max(len(mark(o)) for o in ("pass", "fail", "inconclusive", "not_applicable"))
    for c in result.criteria:
        said = f"{c.label}: {c.reason}" if c.group == "integration" else c.reason
        lines.append(f"  {mark(c.outcome):<{width}} {said}")
    return lines


def _verdict_word(outcome: str) -> str:
    from zi_engine.render._text import verdict

    return verdict(outcome)


def _take(plan: KawasanPlan) -> list[str]:
    if plan.nothing_to_do:
        return [_TEXT["nothing"]()]
    lines: list[str] = [f"  {r}" for r in plan.requirements]
    for m in plan.members:
        if m.plan is None:
            continue
        what = "; ".join(c.label for c in m.shortfalls) or _verdict_word(m.outcome)
        steps = _TEXT["plan"](
            n=len(m.plan.steps), before=m.plan.total_before, after=m.plan.total_after
        )
        lines.append(_TEXT["member_take"](unit=m.unit_id, agency=m.agency_id, what=what))
        lines.append(f"    {steps}")
        lines += [f"    - {s.question_id}: {s.from_answer} -> {s.to_answer}" for s in m.plan.steps]
        lines += [f"    - {r.label}" for r in m.plan.requirements]
    if plan.integration is not None:
        changes = ", ".join(f"{s.question_id} -> {s.to_answer}" for s in plan.integration.steps)
        lines.append(
            _TEXT["integration_take"](gap=plan.integration_gap or 0.0, what=changes or "-")
        )
    return lines


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in rows]  # fmt: skip
