"""What commands are given, read one way for all of them: the engine (with or without
plugins), the submission in any format the CLI reads, dates and the portal's flags."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from zi_engine._i18n import t
from zi_engine._resources import BUNDLED_RUBRIC
from zi_engine.cli import _lke

if TYPE_CHECKING:
    from zi_engine.engine._engine import Engine

BUNDLED = BUNDLED_RUBRIC


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            t("cli.not_a_date", "{value} is not a date (write YYYY-MM-DD)", value=repr(text))
        ) from None


_PORTAL_FLAGS = ("agency", "agency_name", "agency_type", "facts")


def _add_portal_flags(c: argparse.ArgumentParser) -> None:
    """What a portal document does not carry, given alongside it (see docs/submissions.md)."""
    g = c.add_argument_group(
        t("cli.portal_group", "with --portalrb (the portal document carries none of these)")
    )
    g.add_argument(
        "--agency", metavar="ID", help=t("cli.agency_help", "the agency's id (default: 'unknown')")
    )
    g.add_argument(
        "--agency-name", metavar="NAME", help=t("cli.agency_name_help", "the agency's name")
    )
    g.add_argument(
        "--agency-type",
        choices=["regional", "central"],
        help=t("cli.agency_type_help", "the agency's type"),
    )
    g.add_argument(
        "--facts",
        metavar="FILE",
        help=t(
            "cli.facts_help",
            "gate facts (the 'facts' part of a submission) as YAML or JSON; '-' for stdin",
        ),
    )


def add_evaluation_flags(c: argparse.ArgumentParser) -> None:
    """``--rubric``, ``--as-of`` and ``--layer``: how a submission is evaluated."""
    c.add_argument(
        "--rubric",
        default=BUNDLED,
        help=t("cli.rubric_help", "rubric name or directory ({name})", name=BUNDLED),
    )
    c.add_argument(
        "--as-of",
        type=_date,
        help=t("cli.as_of_help", "evaluation date (default: the submission's)"),
    )
    c.add_argument(
        "--layer",
        choices=["unit", "induk", "tpi", "tpn"],
        default="tpn",
        help=t("cli.layer_help", "highest answer layer that counts (default tpn)"),
    )


def _engine(args: argparse.Namespace) -> Engine:
    # imported here, as each command imports what only it needs: parsing the arguments
    # (and --help, and a usage error) must not pay for the whole library
    from zi_engine.engine._engine import Engine

    return Engine(load_entrypoints=not args.no_plugins)


def _load_submission(engine: Engine, args: argparse.Namespace) -> Any:
    from zi_engine.submission import AgencyInfo
    from zi_engine.submission._files import load_facts_file

    rubric = engine.load_rubric(args.rubric)
    target = getattr(args, "target", None)
    if args.portalrb:
        agency = None
        if args.agency or args.agency_name or args.agency_type:
            agency = AgencyInfo(
                id=args.agency or "unknown", name=args.agency_name, type=args.agency_type
            )
        facts = load_facts_file(args.facts) if args.facts else None
        sub = engine.from_portalrb(
            args.file,
            rubric=rubric,
            agency=agency,
            facts=facts,
            target=target or "WBK",
            as_of=args.as_of,
        )
    elif _lke.is_workbook(args.file):
        sub = _lke.load_workbook_submission(engine, args, rubric, target)
    else:
        # the rubric is given, so answer problems are located in the file too
        sub = engine.load_submission(args.file, rubric=rubric)
        if target is not None and args.command == "score":
            sub = sub.model_copy(update={"target": target})
    return rubric, sub
