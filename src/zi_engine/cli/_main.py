"""The ``zi-engine`` command line.

Every error a user can cause is printed as plain lines (``file:line:col:
path: message``) with exit status 1; usage errors exit 2; no traceback is
shown unless ``--debug`` is given. Messages, tables and reports are in Bahasa
Indonesia unless ``--lang en``, ``ZI_LANG`` or the locale say otherwise
(:mod:`zi_engine.cli._language`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TextIO

from zi_engine._errors import Problem, UsageError, ZiError, shown_problems
from zi_engine._i18n import t, use_language
from zi_engine._resources import BUNDLED_LIFECYCLE
from zi_engine._text import printable
from zi_engine.cli import _diff, _lke, _report
from zi_engine.cli._inputs import (
    _PORTAL_FLAGS,
    _add_portal_flags,
    _date,
    _engine,
    _load_submission,
    add_evaluation_flags,
)
from zi_engine.cli._kawasan import add_kawasan_parser, cmd_kawasan
from zi_engine.cli._language import Parser, chosen_language
from zi_engine.cli._rubric import add_rubric_parser, cmd_rubric

if TYPE_CHECKING:
    from zi_engine.engine._engine import Engine

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="zi-engine",
        description=t(
            "cli.description",
            "Zona Integritas (WBK/WBBM) rubrics, scoring, eligibility and lifecycle.",
        ),
    )
    p.add_argument(
        "--no-plugins",
        action="store_true",
        help=t(
            "cli.no_plugins_option", "do not load plugins from the 'zi_engine' entry-point group"
        ),
    )
    p.add_argument(
        "--debug",
        action="store_true",
        help=t("cli.debug_option", "show tracebacks of internal errors"),
    )
    # every parser below is a Parser; the modules that add commands take argparse's own type
    sub: Any = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add_rubric_parser(sub)

    for name, helptext in (
        ("score", t("cli.score_help", "score a submission and judge WBK/WBBM eligibility")),
        ("plan", t("cli.plan_help", "what it would take to become eligible")),
    ):
        c = sub.add_parser(name, help=helptext)
        c.add_argument(
            "file",
            help=t(
                "cli.file_help",
                "a submission file (.yaml/.json), an LKE workbook (.xlsx/.xlsm), or portal "
                "JSON with --portalrb; '-' reads standard input (YAML or JSON)",
            ),
        )
        c.add_argument(
            "--portalrb",
            action="store_true",
            help=t("cli.portalrb_help", "FILE is the portal's 'jawaban LKE satu unit' JSON"),
        )
        _add_portal_flags(c)
        _lke.add_workbook_flags(c)
        add_evaluation_flags(c)
        if name == "score":
            c.add_argument(
                "--target",
                type=_predicate,
                default=None,
                help=t(
                    "cli.score_target_help",
                    "the predicate the unit aims for (default: the submission's; "
                    "WBK for --portalrb)",
                ),
            )
            c.add_argument("--format", choices=["table", "json", "markdown"], default="table")
        else:
            c.add_argument(
                "--target",
                default=None,
                help=t("cli.plan_target_help", "WBK or WBBM (default: the submission's)"),
            )
            c.add_argument("--format", choices=["table", "json"], default="table")

    lc = sub.add_parser("lifecycle", help=t("cli.lifecycle_help", "lifecycle definitions"))
    lsub = lc.add_subparsers(dest="lifecycle_command", required=True, metavar="ACTION")
    d = lsub.add_parser("diagram", help=t("cli.diagram_help", "draw a lifecycle definition"))
    d.add_argument("--definition", default=BUNDLED_LIFECYCLE)
    d.add_argument("--format", choices=["mermaid"], default="mermaid")

    pf = sub.add_parser(
        "portfolio",
        help=t(
            "cli.portfolio_help",
            "summarise a folder of saved lifecycles (*.json) or a store (URL)",
        ),
    )
    pf.add_argument(
        "directory",
        help=t("cli.portfolio_directory_help", "a folder of lifecycle documents, or a store's URL"),
    )
    pf.add_argument(
        "--stuck-days",
        type=int,
        default=None,
        help=t("cli.stuck_days_help", "also list units in the same state for more than N days"),
    )
    pf.add_argument(
        "--at",
        type=_date,
        default=None,
        help=t("cli.at_help", "the date to measure 'stuck' to (default: the newest record)"),
    )
    _report.add_dashboard_flags(pf)
    _report.add_report_parser(sub)

    _lke.add_lke_parser(sub, _add_portal_flags)
    sub.add_parser(
        "plugins", help=t("cli.plugins_help", "list plugins, where they come from and their hooks")
    )
    _diff.add_parsers(sub)
    add_kawasan_parser(sub)
    from zi_engine.cli._store import add_commands

    add_commands(sub)
    return p


def _predicate(text: str) -> str:
    if not re.fullmatch(r"[A-Z][A-Z0-9_-]*", text):
        raise argparse.ArgumentTypeError(
            t(
                "cli.not_a_predicate",
                "{value} is not a predicate id (such as WBK or WBBM)",
                value=repr(text),
            )
        )
    return text


def _check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Flags that only make sense together, refused as usage errors (exit status 2)."""
    if (
        args.command not in ("score", "plan", "report")
        and getattr(args, "lke_command", "") != "write"
    ):
        return
    workbook = _lke.is_workbook(args.file)
    given = [f"--{flag.replace('_', '-')}" for flag in _PORTAL_FLAGS if getattr(args, flag)]
    if given and not args.portalrb and not workbook:
        parser.error(
            t(
                "cli.portal_flags_only",
                "{flags}: only with --portalrb or a workbook (a submission file states them "
                "itself)",
                flags=", ".join(given),
            )
        )
    given = [f"--{flag.replace('_', '-')}" for flag in _lke.WORKBOOK_FLAGS if getattr(args, flag)]
    if given and not workbook:
        parser.error(
            t(
                "cli.workbook_flags_only",
                "{flags}: only with an LKE workbook (.xlsx/.xlsm)",
                flags=", ".join(given),
            )
        )
    if args.file == "-" and args.facts == "-":
        parser.error(t("cli.both_stdin", "FILE and --facts cannot both be '-' (standard input)"))


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    from zi_engine.render._text import render_evaluation

    engine = _engine(args)
    rubric, sub = _load_submission(engine, args)
    ev = engine.evaluate(rubric, sub, as_of=args.as_of, up_to=args.layer)
    if args.format == "json":
        out.write(json.dumps(ev.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    else:
        out.write(render_evaluation(ev, markdown=args.format == "markdown"))
    return 0


def _cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    from zi_engine.render._plan import render_plan

    engine = _engine(args)
    rubric, sub = _load_submission(engine, args)
    ev = engine.evaluate(rubric, sub, as_of=args.as_of, up_to=args.layer)
    result = engine.plan(ev, args.target or sub.target)
    if args.format == "json":
        out.write(
            json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        )
    else:
        out.write(render_plan(result))
    return 0


def _cmd_lifecycle(args: argparse.Namespace, out: TextIO) -> int:
    from zi_engine.render._diagram import mermaid_diagram

    definition = _engine(args).load_lifecycle_definition(args.definition)
    out.write(mermaid_diagram(definition))
    return 0


MAX_STUCK_DAYS = 36_500
"""The longest --stuck-days (a century); more cannot be a date difference worth asking."""


def _cmd_portfolio(args: argparse.Namespace, out: TextIO) -> int:
    from zi_engine.lifecycle import load_portfolio_dir
    from zi_engine.render._portfolio import render_portfolio

    if args.stuck_days is not None and not 0 <= args.stuck_days <= MAX_STUCK_DAYS:
        raise UsageError(
            t(
                "cli.stuck_days_range",
                "--stuck-days {days}: give a number of days from 0 to {most}",
                days=str(args.stuck_days),
                most=str(MAX_STUCK_DAYS),
            )
        )
    skipped: list[Problem] = []
    if "://" in args.directory:  # a database URL: the counts come from the store's SQL
        from zi_engine.cli._store import open_store, require_server_extra
        from zi_engine.store._portfolio import StorePortfolio

        require_server_extra("zi-engine portfolio URL")
        store = open_store(args.directory, _engine(args))
        portfolio: Any = StorePortfolio(store)
    else:
        portfolio = load_portfolio_dir(args.directory, engine=_engine(args), skipped=skipped)
    for problem in skipped:  # said, not silent: the report is missing these
        sys.stderr.write(f"{problem}\n")
    if args.format != "text" or args.as_of or args.out:
        return _report.portfolio_output(args, portfolio, out)
    at = None
    if args.at is not None:
        at = datetime(args.at.year, args.at.month, args.at.day, tzinfo=timezone.utc)
    out.write(render_portfolio(portfolio, stuck_days=args.stuck_days, at=at))
    return 0


def _cmd_plugins(args: argparse.Namespace, out: TextIO) -> int:
    engine = _engine(args)
    for info in engine.plugins():
        hooks = ", ".join(info.hooks) or "-"
        out.write(
            t(
                "cli.plugin_entry",
                "{name}\n  from: {origin}\n  hooks: {hooks}",
                name=info.name,
                origin=info.origin,
                hooks=hooks,
            )
            + "\n"
        )
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "rubric": cmd_rubric,
    "score": _cmd_score,
    "plan": _cmd_plan,
    "lifecycle": _cmd_lifecycle,
    "portfolio": _cmd_portfolio,
    "report": _report.cmd_report,
    "plugins": _cmd_plugins,
    **_diff.COMMANDS,
    "kawasan": lambda args, out: cmd_kawasan(args, out, _engine(args)),
    "lke": lambda args, out: _lke.cmd_lke(args, out, _engine(args), _load_submission),
    "store": lambda args, out: _store_command("cmd_store", args, out),
    "serve": lambda args, out: _store_command("cmd_serve", args, out),
}


def _store_command(name: str, args: argparse.Namespace, out: TextIO) -> int:
    from zi_engine.cli import _store

    command: Callable[[argparse.Namespace, TextIO, Engine], int] = getattr(_store, name)
    return command(args, out, _engine(args))


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status (0 ok, 1 invalid input, 2 usage).

    Everything it writes is in the language of ``--lang``, else ``ZI_LANG``, else the
    locale, else Bahasa Indonesia; the language is set for this call only, so a program
    that calls ``main`` keeps its own.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    with use_language(chosen_language(arguments)):
        return _run(arguments, out or sys.stdout, err or sys.stderr)


def _run(argv: list[str], out: TextIO, err: TextIO) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _check_usage(parser, args)
    try:
        return _COMMANDS[args.command](args, out)
    except ZiError as exc:
        problems = getattr(exc, "problems", None)
        if problems:
            for line in shown_problems(problems):
                err.write(f"{printable(line)}\n")  # one line each, whatever the input held
            if len(problems) > 1:
                count = t("cli.problem_count", "zi-engine: {count:,} problems", count=len(problems))
                err.write(f"{count}\n")
        else:
            err.write(f"zi-engine: {exc}\n")
        return 1
    except KeyboardInterrupt:
        err.write(t("cli.interrupted", "zi-engine: interrupted") + "\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: never a traceback for users
        if args.debug:
            import traceback

            traceback.print_exc(file=err)
        said = t(
            "cli.internal_error",
            "zi-engine: internal error ({kind}: {error}). This is a bug in zi_engine; run "
            "again with --debug and report the output.",
            kind=type(exc).__name__,
            error=str(exc),
        )
        err.write(f"{printable(said)}\n")
        return 3
