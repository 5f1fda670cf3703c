"""A portfolio of lifecycles as a plain-text report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from zi_engine._i18n import format_number, t
from zi_engine._text import printable, printable_lines
from zi_engine.lifecycle._agency import AgencyShare
from zi_engine.lifecycle._portfolio import StuckUnit

__all__ = ["PortfolioLike", "render_portfolio"]


class PortfolioLike(Protocol):
    """What the report reads: a :class:`~zi_engine.Portfolio`, or a store's portfolio."""

    def __len__(self) -> int: ...
    def state_labels(self) -> dict[str, str]: ...
    def count_by_state(self) -> dict[str, int]: ...
    def count_by_predicate(self) -> dict[str, int]: ...
    def count_by_target(self) -> dict[str, int]: ...
    def count_by_agency(self) -> dict[str, dict[str, int]]: ...
    def stuck(self, days: int, *, at: datetime) -> list[StuckUnit]: ...
    def latest_change(self) -> datetime | None: ...
    def agencies_over_designation_limit(self) -> list[AgencyShare]: ...


def render_portfolio(portfolio: PortfolioLike, stuck_days: int | None, at: datetime | None) -> str:
    """A plain-text report: counts by state, predicate, target and agency, and stuck units.

    ``at`` is the moment 'stuck' is measured to; ``None`` uses the newest change.
    """
    out: list[str] = [t("render.lifecycles", "Lifecycles: {count}", count=len(portfolio))]
    labels = portfolio.state_labels()
    out += _table(
        t("render.by_state", "By state"),
        [(s, labels.get(s, ""), n) for s, n in portfolio.count_by_state().items()],
    )
    out += _table(
        t("render.by_predicate", "By predicate held"),
        [(k, "", n) for k, n in portfolio.count_by_predicate().items()],
    )
    out += _table(
        t("render.by_target", "By target"),
        [(k, "", n) for k, n in portfolio.count_by_target().items()],
    )
    out += _agency_table(portfolio)
    out += _over_designation_limit(portfolio.agencies_over_designation_limit())
    if stuck_days is not None:
        when = at or portfolio.latest_change()
        out += [""]
        if when is None:
            out.append(
                t(
                    "render.stuck_no_dates",
                    "Stuck more than {days} days: no dates to measure from",
                    days=stuck_days,
                )
            )
        else:
            stuck = portfolio.stuck(stuck_days, at=when)
            out.append(
                t(
                    "render.stuck",
                    "Stuck more than {days} days (as of {as_of}): {count}",
                    days=stuck_days,
                    as_of=when.date().isoformat(),
                    count=len(stuck),
                )
            )
            rows = [
                (s.agency_id, s.unit_id, s.state, s.since.date().isoformat(), str(s.days))
                for s in stuck
            ]
            header = (
                t("render.col_agency", "agency"),
                t("render.col_unit", "unit"),
                t("render.col_state", "state"),
                t("render.col_since", "since"),
                t("render.col_days", "days"),
            )
            out += _columns(header, rows)
    return printable_lines(out)


def _table(title: str, rows: list[tuple[str, str, int]]) -> list[str]:
    units = t("render.col_units", "units")
    if not any(label for _, label, _ in rows):  # no labels: two columns
        return ["", title, *_columns(("", units), [(a, str(n)) for a, _, n in rows])]
    return ["", title, *_columns(("", "", units), [(a, b, str(n)) for a, b, n in rows])]


def _agency_table(portfolio: PortfolioLike) -> list[str]:
    rows = [
        (
            agency,
            ", ".join(f"{state} {n}" for state, n in counts.items()),
            str(sum(counts.values())),
        )
        for agency, counts in portfolio.count_by_agency().items()
    ]
    header = (
        t("render.col_agency", "agency"),
        t("render.col_states", "states"),
        t("render.col_units", "units"),
    )
    return ["", t("render.by_agency", "By agency"), *_columns(header, rows)]


def _over_designation_limit(over: list[AgencyShare]) -> list[str]:
    """Agencies with more than 30% of their units designated (hlm. 47); nothing when none."""
    if not over:
        return []
    title = t(
        "render.over_designation_limit",
        "More than 30% of units designated: need not propose more (Lampiran II hlm. 47)",
    )
    rows = [
        (s.agency_id, f"{s.designated}/{s.units}", format_number(s.percent, ".1f") + "%")
        for s in over
    ]
    header = (
        t("render.col_agency", "agency"),
        t("render.col_designated", "designated"),
        t("render.col_share", "share"),
    )
    return ["", title, *_columns(header, rows)]


def _columns(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    rows = [tuple(map(printable, row)) for row in rows]  # escaped first: widths fit the output
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows] if any(header) else rows:
        cells = [
            cell.rjust(w) if i == len(row) - 1 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines
