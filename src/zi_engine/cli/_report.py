"""``zi-engine report`` and the dashboard formats of ``zi-engine portfolio``.

The command line is where evaluation and rendering meet: it evaluates and plans with
the engine, then hands the results to :mod:`zi_engine.report`, which never imports
the engine itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from zi_engine._errors import UsageError
from zi_engine._i18n import t

if TYPE_CHECKING:
    from zi_engine.lifecycle._portfolio import Portfolio

__all__ = [
    "DASHBOARD_STUCK_DAYS",
    "add_dashboard_flags",
    "add_report_parser",
    "cmd_report",
    "portfolio_output",
]

DASHBOARD_STUCK_DAYS = 365
"""'Stuck' on the dashboard when ``--stuck-days`` is not given: a year in one stage."""


def add_report_parser(sub: Any) -> None:
    """Add the ``report`` command to the ``zi-engine`` subcommands."""
    from zi_engine.cli._inputs import _add_portal_flags, add_evaluation_flags

    c = sub.add_parser(
        "report",
        help=t(
            "cli.report_help",
            "a unit's evaluation report (LHE), as HTML or PDF, in the language chosen",
        ),
        description=t(
            "cli.report_description",
            "Evaluate a submission and write its evaluation report: scores, charts, "
            "WBK/WBBM criteria, the improvement plan, evidence gaps and TPI/TPN differences.",
        ),
    )
    c.add_argument(
        "file",
        help=t(
            "cli.report_file_help",
            "a submission file (.yaml/.json), or portal JSON with --portalrb; '-' reads stdin",
        ),
    )
    c.add_argument(
        "--portalrb",
        action="store_true",
        help=t("cli.report_portalrb_help", "FILE is the portal's JSON"),
    )
    _add_portal_flags(c)
    from zi_engine.cli._lke import add_workbook_flags

    add_workbook_flags(c)  # a filled LKE workbook is reported as any submission is
    add_evaluation_flags(c)
    c.add_argument("--format", choices=["html", "pdf"], default="html")
    c.add_argument(
        "--out",
        metavar="PATH",
        help=t(
            "cli.report_out_help",
            "where to write (default: HTML to standard output; PDF to FILE's name with .pdf)",
        ),
    )


def add_dashboard_flags(p: argparse.ArgumentParser) -> None:
    """``--format``, ``--as-of`` and ``--out`` for ``zi-engine portfolio``."""
    from zi_engine.cli._inputs import _date

    p.add_argument(
        "--format",
        choices=["text", "json", "html", "pdf"],
        default="text",
        help=t(
            "cli.dashboard_format_help",
            "text tables (default), or the monitoring dashboard as JSON data, HTML or PDF",
        ),
    )
    p.add_argument(
        "--as-of",
        type=_date,
        default=None,
        help=t(
            "cli.dashboard_as_of_help",
            "the dashboard's date: stages as the histories stood that day and the year "
            "before it for comparison (default: --at, else the newest record)",
        ),
    )
    p.add_argument(
        "--out",
        metavar="PATH",
        help=t("cli.dashboard_out_help", "write the dashboard here (PDF: required)"),
    )


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Evaluate, plan toward every predicate not yet met, and write the report."""
    from zi_engine.cli._inputs import _engine, _load_submission
    from zi_engine.report._unit import render_unit_report

    engine = _engine(args)
    rubric, sub = _load_submission(engine, args)
    ev = engine.evaluate(rubric, sub, as_of=args.as_of, up_to=args.layer)
    plans = [
        engine.plan(ev, predicate)
        for predicate, result in ev.eligibility.items()
        if result.outcome != "eligible"
    ]
    html = render_unit_report(ev, plans=plans)
    default = "report.pdf" if args.file == "-" else Path(args.file).with_suffix(".pdf").name
    return _write(html, args.format, args.out, default, out)


def portfolio_output(args: argparse.Namespace, portfolio: Portfolio, out: TextIO) -> int:
    """The dashboard of ``portfolio`` as JSON, HTML or PDF."""
    from zi_engine.report._dashboard import dashboard_data, render_dashboard

    if args.format == "text":  # the text tables count today's states: a date would be ignored
        raise UsageError(
            t(
                "cli.dashboard_only_flags",
                "--as-of and --out are for the dashboard: add --format json, html or pdf",
            )
        )
    as_of: date | None = args.as_of or args.at
    if as_of is None:
        latest = portfolio.latest_change()
        if latest is None:
            raise UsageError(
                t(
                    "cli.dashboard_no_date",
                    "--as-of is needed: no lifecycle in the folder has a date",
                )
            )
        as_of = latest.date()
    stuck = DASHBOARD_STUCK_DAYS if args.stuck_days is None else args.stuck_days
    data = dashboard_data(portfolio, as_of=as_of, stuck_days=stuck)
    if args.format == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        if args.out:
            _save_text(text, args.out)
            return 0
        out.write(text)
        return 0
    if args.format == "pdf" and not args.out:
        raise UsageError(
            t("cli.dashboard_pdf_out", "--format pdf needs --out PATH (where to write the PDF)")
        )
    return _write(render_dashboard(data), args.format, args.out, "dashboard.pdf", out)


def _write(html: str, fmt: str, path: str | None, default_pdf: str, out: TextIO) -> int:
    if fmt == "html":
        if path:
            _save_text(html, path)
        else:
            out.write(html)
        return 0
    from zi_engine.report._pdf import html_to_pdf

    try:
        written = html_to_pdf(html, path or default_pdf)
    except OSError as exc:  # the PDF was printed but cannot be put where asked
        raise _cannot_write(path or default_pdf, exc) from None
    sys.stderr.write(t("cli.wrote", "wrote {path}", path=str(written)) + "\n")
    return 0


def _save_text(text: str, path: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _cannot_write(path: str, exc: OSError) -> UsageError:
    return UsageError(
        t(
            "cli.cannot_write",
            "{path}: cannot write: {reason}",
            path=path,
            reason=str(exc.strerror or exc),
        )
    )
