"""``zi-engine lke write|template|check`` and reading workbooks for ``score`` and ``plan``.

A file whose name ends in ``.xlsx`` or ``.xlsm`` is an LKE workbook wherever
the command line reads a submission. Its unit and year are not on the answers
sheet: ``--unit`` and ``--year`` give them (unless the rubric's layout names
cover-sheet cells), and the portal flags (``--agency``, ``--facts``, ...) the
rest. Nothing here imports openpyxl until a workbook is read or written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from zi_engine._i18n import Text, t
from zi_engine._resources import BUNDLED_RUBRIC

if TYPE_CHECKING:
    from zi_engine.engine._engine import Engine
    from zi_engine.rubric._rubric import Rubric
    from zi_engine.submission._model import Submission

__all__ = [
    "WORKBOOK_FLAGS",
    "add_lke_parser",
    "add_workbook_flags",
    "cmd_lke",
    "is_workbook",
    "load_workbook_submission",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
WORKBOOK_FLAGS = ("unit", "unit_name", "year")

MESSAGES: dict[str, Callable[..., Text]] = {
    "wrote": lambda **k: t(
        "cli.lke_wrote",
        "wrote {path} ({questions} questions on sheet {sheet}; scores as live formulas)",
        **k,
    ),
    "template": lambda **k: t(
        "cli.lke_template_wrote",
        "wrote {path}: a blank LKE ({questions} questions on sheet {sheet})",
        **k,
    ),
    "agrees": lambda **k: t(
        "cli.lke_agrees",
        "{path}: the workbook's computed values agree with the regulation's arithmetic",
        **k,
    ),
    "disagrees": lambda **k: t(
        "cli.lke_disagrees",
        "{path}: {n} computed values disagree with the regulation's arithmetic",
        **k,
    ),
}


def is_workbook(path: str) -> bool:
    """Whether ``path`` names an LKE workbook (by its suffix)."""
    return path.lower().endswith(WORKBOOK_SUFFIXES)


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2200:
        raise argparse.ArgumentTypeError(
            t("cli.not_a_year", "{value} is not a year (2000-2200)", value=repr(text))
        )
    return int(text)


def add_workbook_flags(c: argparse.ArgumentParser) -> None:
    """What an LKE workbook's answers sheet does not carry, given alongside it."""
    g = c.add_argument_group(t("cli.workbook_group", "with an LKE workbook (.xlsx/.xlsm)"))
    g.add_argument(
        "--unit",
        metavar="ID",
        help=t("cli.unit_help", "the unit's id (unless the workbook's cover has it)"),
    )
    g.add_argument(
        "--unit-name",
        metavar="NAME",
        help=t("cli.unit_name_help", "the unit's name (default: its id)"),
    )
    g.add_argument(
        "--year",
        type=_year,
        help=t("cli.year_help", "the LKE year (unless the workbook's cover has it)"),
    )


def add_lke_parser(
    sub: Any,
    add_portal_flags: Callable[[argparse.ArgumentParser], None],
    bundled: str = BUNDLED_RUBRIC,
) -> None:
    """The ``lke`` command and its three actions."""
    lke = sub.add_parser(
        "lke", help=t("cli.lke_help", "the official LKE workbook (Excel): write, template, check")
    )
    lsub = lke.add_subparsers(dest="lke_command", required=True, metavar="ACTION")
    w = lsub.add_parser(
        "write",
        help=t("cli.lke_write_help", "write a submission as the LKE workbook, scores as formulas"),
    )
    w.add_argument(
        "file",
        metavar="INPUT",
        help=t(
            "cli.lke_input_help",
            "a submission (.yaml/.json, a workbook, or portal JSON with --portalrb)",
        ),
    )
    w.add_argument(
        "output", metavar="OUT.xlsx", help=t("cli.lke_output_help", "the workbook to write")
    )
    w.add_argument(
        "--portalrb",
        action="store_true",
        help=t("cli.lke_portalrb_help", "INPUT is the portal's 'jawaban LKE' JSON"),
    )
    w.add_argument(
        "--drop-tpn",
        action="store_true",
        help=t(
            "cli.lke_drop_tpn_help",
            "leave TPN answers out (the workbook has no TPN columns; the score changes)",
        ),
    )
    w.add_argument(
        "--drop-induk",
        action="store_true",
        help=t(
            "cli.lke_drop_induk_help",
            "leave the parent unit's preliminary review answers (induk) out (the workbook has no"
            " columns for them)",
        ),
    )
    add_portal_flags(w)
    add_workbook_flags(w)
    b = lsub.add_parser(
        "template", help=t("cli.lke_template_help", "write a blank LKE workbook for a unit to fill")
    )
    b.add_argument(
        "output", metavar="OUT.xlsx", help=t("cli.lke_output_help", "the workbook to write")
    )
    c = lsub.add_parser(
        "check",
        help=t(
            "cli.lke_check_help",
            "compare a saved workbook's computed values with the regulation's",
        ),
    )
    c.add_argument(
        "file",
        metavar="FILE.xlsx",
        help=t("cli.lke_check_file_help", "a workbook saved by Excel or LibreOffice"),
    )
    for p in (w, b, c):
        p.add_argument(
            "--rubric",
            default=bundled,
            help=t("cli.rubric_help", "rubric name or directory ({name})", name=bundled),
        )
        p.set_defaults(as_of=None, target=None)


def load_workbook_submission(
    engine: Engine, args: argparse.Namespace, rubric: Rubric, target: str | None
) -> Submission:
    """The submission in the workbook ``args.file``; notices go to standard error."""
    from zi_engine._errors import Problem
    from zi_engine.submission import AgencyInfo
    from zi_engine.submission._files import load_facts_file

    agency: AgencyInfo | None = None
    if args.agency or args.agency_name or args.agency_type:
        agency = AgencyInfo(
            id=args.agency or "unknown", name=args.agency_name, type=args.agency_type
        )
    notices: list[Problem] = []
    try:
        return engine.load_lke(
            args.file,
            rubric=rubric,
            unit=args.unit,
            unit_name=args.unit_name,
            agency=agency,
            year=args.year,
            target=target or "WBK",
            as_of=args.as_of,
            facts=load_facts_file(args.facts) if args.facts else None,
            notices=notices,
        )
    finally:
        for notice in notices:  # said, not silent, whether or not the reading succeeded
            sys.stderr.write(f"{notice}\n")


def cmd_lke(
    args: argparse.Namespace,
    out: TextIO,
    engine: Engine,
    load_submission: Callable[[Engine, argparse.Namespace], tuple[Rubric, Submission]],
) -> int:
    """Run ``zi-engine lke ACTION``."""
    from zi_engine._errors import Problem
    from zi_engine.lke._layout import sheet_layout

    if args.lke_command == "write":
        rubric, submission = load_submission(engine, args)
        notices: list[Problem] = []
        path = engine.save_lke(
            submission, args.output, rubric=rubric, drop_tpn=args.drop_tpn, notices=notices,
            drop_induk=args.drop_induk,
        )  # fmt: skip
        for notice in notices:
            sys.stderr.write(f"{notice}\n")
        layout = sheet_layout(rubric)
        out.write(
            MESSAGES["wrote"](
                path=str(path), questions=len(layout.answered), sheet=repr(layout.sheet)
            )
            + "\n"
        )
        return 0
    rubric = engine.load_rubric(args.rubric)
    if args.lke_command == "template":
        path = engine.save_lke_template(args.output, rubric=rubric)
        layout = sheet_layout(rubric)
        out.write(
            MESSAGES["template"](
                path=str(path), questions=len(layout.answered), sheet=repr(layout.sheet)
            )
            + "\n"
        )
        return 0
    found = engine.check_lke(args.file, rubric=rubric)
    for disagreement in found:
        out.write(f"{disagreement}\n")
    if found:
        out.write(MESSAGES["disagrees"](path=args.file, n=len(found)) + "\n")
        return 1
    out.write(MESSAGES["agrees"](path=args.file) + "\n")
    return 0
