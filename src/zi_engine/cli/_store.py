"""``zi-engine store init|put|list`` and ``zi-engine serve``: the store and the agency service.

Both need the ``zi-engine[server]`` extra; without it they say so in one line
(exit status 1).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from zi_engine._errors import Problem, SubmissionError, UsageError, ZiError
from zi_engine._i18n import t
from zi_engine._resources import BUNDLED_RUBRIC
from zi_engine.cli import _lke

if TYPE_CHECKING:
    from zi_engine.engine._engine import Engine
    from zi_engine.store import Store

__all__ = ["TOKENS_VARIABLE", "add_commands", "cmd_serve", "cmd_store", "open_store"]

TOKENS_VARIABLE = "ZI_ENGINE_TOKENS_FILE"
LIFECYCLE_FORMAT = "zi-engine.lifecycle"
_PORTAL_KEYS = frozenset({"unit_id", "nama_unit", "tahun", "answers"})


class ExtraMissing(ZiError):
    """A command needs an optional extra that is not installed."""


def require_server_extra(what: str) -> None:
    """Raise :class:`ExtraMissing` (one line) unless ``zi-engine[server]`` is installed."""
    import importlib.util

    for module in ("sqlalchemy", "alembic", "fastapi", "uvicorn"):
        if importlib.util.find_spec(module) is None:
            raise ExtraMissing(
                t(
                    "cli.store_extra_missing",
                    "{what} needs the extra zi-engine[server] (missing {module}); "
                    'install it with: pip install "zi-engine[server]"',
                    what=what,
                    module=module,
                )
            )


def add_commands(sub: Any) -> None:
    """Add ``store`` and ``serve`` to the command line's subcommands."""
    store = sub.add_parser("store", help="a database of units, submissions and lifecycles")
    ssub = store.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    init = ssub.add_parser("init", help="create the store, or migrate it to this version")
    init.add_argument("url", help="database URL: sqlite:///zi.db or postgresql+psycopg://...")
    init.add_argument(
        "--round", type=int, metavar="YEAR", help="the proposal round the portal's lists serve"
    )
    put = ssub.add_parser(
        "put",
        help="store submissions (YAML, JSON, portal JSON, LKE workbooks) and saved lifecycles",
    )
    put.add_argument("url")
    put.add_argument("files", nargs="+", metavar="FILE")
    put.add_argument(
        "--agency", metavar="ID", help="the agency of portal JSON files and LKE workbooks"
    )
    put.add_argument("--by", default="zi-engine store put", help="who makes the change")
    put.add_argument("--rubric", default=BUNDLED_RUBRIC, help="the rubric answers are read with")
    put.add_argument(
        "--replace-agency-facts",
        action="store_true",
        help="a submission's agency facts replace those the store holds for its year",
    )
    _lke.add_workbook_flags(put)
    ls = ssub.add_parser("list", help="list the stored units")
    ls.add_argument("url")
    ls.add_argument("--agency", metavar="ID")

    serve = sub.add_parser("serve", help="serve the PortalRB endpoints and the rules over HTTP")
    serve.add_argument("url", help="the store's database URL")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--tokens",
        metavar="FILE",
        help=f"YAML mapping agency id -> bearer token (default: the file ${TOKENS_VARIABLE} names)",
    )
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=600,
        metavar="N",
        help="requests per minute each token may make (default 600)",
    )
    serve.add_argument(
        "--body-timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="a request body not sent within this time is refused with 408 (default 20)",
    )
    serve.add_argument(
        "--telemetry",
        action="store_true",
        help="FastAPI's OpenTelemetry spans, metrics and logs, through the providers the "
        "process configures (default: off; see docs/service.md)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default=None,
        metavar="IPS",
        help="proxies whose X-Forwarded-* headers are trusted (see docs/service.md)",
    )


def open_store(url: str, engine: Engine) -> Store:
    """Open an initialised store (``StoreError`` naming ``store init`` otherwise)."""
    from zi_engine.store import Store

    return Store(url, engine=engine)


def cmd_store(args: argparse.Namespace, out: TextIO, engine: Engine) -> int:
    """``store init|put|list``."""
    require_server_extra("zi-engine store")
    from zi_engine.store import Store

    if args.store_command == "init":
        with Store.initialize(args.url, engine=engine) as store:
            if args.round is not None:
                store.set_current_round(args.round)
            current = store.current_round()
        out.write(f"store ready at {_shown(args.url)} (round: {current or 'not set'})\n")
        return 0
    with open_store(args.url, engine) as store:
        if args.store_command == "list":
            return _list(store, args.agency, out)
        return _put(store, args, out, engine)


def _list(store: Store, agency: str | None, out: TextIO) -> int:
    rows = store.units(agency)
    out.write(f"{len(rows)} units\n")
    for row in rows:
        state = "-" if row.state is None else f"{row.state} (revision {row.revision})"
        out.write(f"  {row.agency_id}  {row.unit_id}  v{row.latest_version}  {state}  {row.name}\n")
    return 0


def _put(store: Store, args: argparse.Namespace, out: TextIO, engine: Engine) -> int:
    from zi_engine.lifecycle._model import Lifecycle
    from zi_engine.lifecycle._portfolio import MAX_DOCUMENT_BYTES
    from zi_engine.submission._files import read_document

    rubric = engine.load_rubric(args.rubric)
    read: list[tuple[str, str, Any, bytes]] = []
    failed: list[Problem] = []
    _check_workbooks(args)
    for file in args.files:
        try:
            if _lke.is_workbook(file) or Path(file).suffix.lower() == ".xls":
                read.append(("workbook", file, _workbook(engine, args, rubric, file), b""))
                continue
            if os.path.isfile(file) and os.path.getsize(file) > MAX_DOCUMENT_BYTES:
                raise SubmissionError(
                    Problem(
                        t("cli.store_too_large", "the file is too large to be a document"),
                        file=file,
                    )
                )
            data, raw, display = read_document(file)
            read.append((_kind(data), display, data, raw))
        except ZiError as exc:
            failed += getattr(exc, "problems", None) or [Problem(str(exc), file=file)]
    # submissions first: an imported proposal is linked to the version it was made with
    read.sort(key=lambda entry: entry[0] == "lifecycle")
    for kind, display, data, raw in read:
        try:
            if kind == "lifecycle":
                lc = Lifecycle.from_dict(data, engine=engine)
                done = store.put_lifecycle(lc)
                out.write(f"{display}: lifecycle of {lc.unit_id} ({lc.agency_id}) {done}, "
                          f"revision {lc.revision}\n")  # fmt: skip
                continue
            sub = (
                data if kind == "workbook" else _submission(kind, data, raw, display, rubric, args)
            )
            stored = store.put_submission(
                sub, by=args.by, replace_agency_facts=args.replace_agency_facts
            )
            changes = f"{len(stored.changes)} changes" if stored.changes else "unchanged"
            out.write(f"{display}: {stored.unit_id} ({stored.agency_id}) version "
                      f"{stored.version}, {changes}\n")  # fmt: skip
        except ZiError as exc:
            problems = getattr(exc, "problems", None) or [Problem(str(exc))]
            failed += [
                Problem(p.message, file=p.file or display, line=p.line, column=p.column,
                        path=p.path)
                for p in problems
            ]  # fmt: skip
    if failed:
        raise SubmissionError(failed)
    return 0


def _check_workbooks(args: argparse.Namespace) -> None:
    """Before anything is stored: the [lke] extra is there, and --unit names one workbook's unit."""
    workbooks = [f for f in args.files if _lke.is_workbook(f)]
    if not workbooks:
        return
    from zi_engine.lke._safety import openpyxl_module

    openpyxl_module()  # a UsageError naming zi-engine[lke] when it is missing
    if len(workbooks) > 1 and (args.unit or args.unit_name):
        raise UsageError(
            t(
                "cli.store_one_workbook",
                "--unit and --unit-name name the unit of one LKE workbook; put the workbooks "
                "one at a time with them",
            )
        )


def _workbook(engine: Engine, args: argparse.Namespace, rubric: Any, file: str) -> Any:
    """The submission in an LKE workbook (notices go to standard error, as for ``score``)."""
    import sys

    from zi_engine.submission import AgencyInfo

    notices: list[Problem] = []
    try:
        sub = engine.load_lke(
            file, rubric=rubric, unit=args.unit, unit_name=args.unit_name,
            agency=AgencyInfo(id=args.agency) if args.agency else None, year=args.year,
            notices=notices,
        )  # fmt: skip
    finally:
        for notice in notices:
            sys.stderr.write(f"{notice}\n")
    if not args.agency and sub.unit.agency.id == "unknown":
        raise UsageError(
            t(
                "cli.store_workbook_agency",
                "the LKE workbook names no agency; give it with --agency ID",
            )
        )
    return sub


def _kind(data: Any) -> str:
    """What a document is, told by its content."""
    if isinstance(data, dict) and data.get("format") == LIFECYCLE_FORMAT:
        return "lifecycle"
    if isinstance(data, dict) and set(data) >= _PORTAL_KEYS and isinstance(data["answers"], list):
        return "portal"
    return "submission"


def _submission(
    kind: str, data: Any, raw: bytes, display: str, rubric: Any, args: argparse.Namespace
) -> Any:
    from zi_engine.scoring._check import answer_problems
    from zi_engine.submission import AgencyInfo, Submission
    from zi_engine.submission._portalrb import from_portalrb

    if kind == "portal":
        if not args.agency:
            raise UsageError(
                t(
                    "cli.store_portal_agency",
                    "portal JSON names no agency; give it with --agency ID",
                )
            )
        return from_portalrb(
            data, rubric, agency=AgencyInfo(id=args.agency), source=display, raw=raw
        )
    sub = Submission._validated(data, display, raw)
    if args.agency and sub.unit.agency.id != args.agency:
        raise UsageError(
            t(
                "cli.store_other_agency",
                "the submission is of agency {found!r}, not {agency!r} (--agency)",
                found=sub.unit.agency.id,
                agency=args.agency,
            )
        )
    problems = answer_problems(rubric, sub, file=display, raw=raw)
    if problems:
        raise SubmissionError(problems)
    return sub


def cmd_serve(args: argparse.Namespace, out: TextIO, engine: Engine) -> int:
    """``serve``: run the app on uvicorn until interrupted."""
    require_server_extra("zi-engine serve")
    from zi_engine.service import serve

    tokens = args.tokens or os.environ.get(TOKENS_VARIABLE)
    if not tokens:
        raise UsageError(
            t(
                "cli.store_no_tokens",
                "give the tokens file with --tokens FILE or the variable {variable} "
                "(a YAML mapping of agency id to token; never a token on the command line)",
                variable=TOKENS_VARIABLE,
            )
        )
    serve(
        args.url, tokens_file=tokens, host=args.host, port=args.port, workers=args.workers,
        rate_limit=args.rate_limit, forwarded_allow_ips=args.forwarded_allow_ips,
        body_seconds=args.body_timeout, telemetry=args.telemetry,
        plugins=not args.no_plugins,
    )  # fmt: skip
    return 0


def _shown(url: str) -> str:
    from zi_engine.store._db import shown

    return shown(url)
