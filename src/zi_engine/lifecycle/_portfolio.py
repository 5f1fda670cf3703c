"""Many lifecycles at once: the counts and stuck units an inspectorate reports."""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from zi_engine._errors import Problem, UsageError
from zi_engine._i18n import Text, t
from zi_engine.lifecycle._agency import (
    DESIGNATION_SHARE_LIMIT,
    AgencyDrop,
    AgencyShare,
    designation_shares,
    drop_agency_proposals,
    over_limit,
)
from zi_engine.lifecycle._audit import require_aware
from zi_engine.lifecycle._errors import LifecycleStateError
from zi_engine.lifecycle._model import Lifecycle
from zi_engine.lifecycle._monitoring import MonitoringStatus, overdue_reports
from zi_engine.safeio import load_json_file

if TYPE_CHECKING:
    from collections.abc import Mapping

    from zi_engine.lifecycle._audit import Actor
    from zi_engine.lifecycle._machine import LifecycleHost

__all__ = ["Portfolio", "StuckUnit", "load_portfolio_dir"]

# a unit with 100,000 transitions, as the library writes it, is about 40 MB
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_STUCK_DAYS = 36_500  # a century: longer is no date difference worth asking about
NONE = "none"
"""How a missing predicate is counted."""


@dataclass(frozen=True, slots=True)
class StuckUnit:
    """A unit that has stayed in one (non-resting) state longer than asked."""

    unit_id: str
    agency_id: str
    state: str
    since: datetime
    days: int


class Portfolio:
    """A set of lifecycles (one per agency and unit) with the counts monitoring needs.

    ``Portfolio(lifecycles)``; add more with :meth:`add`. Counts are computed
    on demand from the lifecycles, so they are never stale.
    """

    __slots__ = ("_units",)

    def __init__(self, lifecycles: Iterable[Lifecycle] = ()) -> None:
        self._units: dict[tuple[str, str], Lifecycle] = {}
        for lc in lifecycles:
            self.add(lc)

    def add(self, lifecycle: Lifecycle) -> None:
        """Add a lifecycle; a second one for the same agency and unit is a ValueError."""
        key = (lifecycle.agency_id, lifecycle.unit_id)
        if key in self._units:
            raise ValueError(
                t(
                    "lifecycle.portfolio_twice",
                    "unit {unit!r} of agency {agency!r} is already in the portfolio",
                    unit=key[1],
                    agency=key[0],
                )
            )
        self._units[key] = lifecycle

    def get(self, unit_id: str, agency_id: str) -> Lifecycle | None:
        """The lifecycle of one unit, if present."""
        return self._units.get((agency_id, unit_id))

    def __len__(self) -> int:
        return len(self._units)

    def __iter__(self) -> Iterator[Lifecycle]:
        return iter(self._units.values())

    def state_labels(self) -> dict[str, str]:
        """``{state: label}`` of the definitions in use."""
        labels: dict[str, str] = {}
        for definition in {id(lc.definition): lc.definition for lc in self}.values():
            for name, spec in definition.states.items():
                labels.setdefault(name, spec.label)
        return labels

    def count_by_state(self) -> dict[str, int]:
        """``{state: units}``; states of the definitions in use come first, in their order."""
        counts = Counter(lc.state for lc in self)
        out: dict[str, int] = {}
        for definition in {id(lc.definition): lc.definition for lc in self}.values():
            out.update((state, 0) for state in definition.states if state not in out)
        out.update(counts)  # keeps the definition's order; unknown states go last
        return out

    def count_by_predicate(self) -> dict[str, int]:
        """``{"none" | "WBK" | "WBBM": units}``."""
        return dict(Counter(lc.predicate or NONE for lc in self))

    def count_by_target(self) -> dict[str, int]:
        """``{"WBK" | "WBBM": units}`` – what each unit is working toward."""
        return dict(Counter(lc.target for lc in self))

    def count_by_agency(self) -> dict[str, dict[str, int]]:
        """``{agency: {state: units}}``, agencies sorted, states in definition order."""
        out: dict[str, Counter[str]] = {}
        for lc in self:
            out.setdefault(lc.agency_id, Counter())[lc.state] += 1
        order = {state: i for i, state in enumerate(self.count_by_state())}
        return {
            agency: {s: counts[s] for s in sorted(counts, key=order.__getitem__)}
            for agency, counts in sorted(out.items())
        }

    def stuck(self, days: int, *, at: datetime) -> list[StuckUnit]:
        """Units in the same state for more than ``days`` days at ``at``, longest first.

        Resting states (a held designation) are never stuck; a unit with no
        known start (no history and no ``created_at``) cannot be measured.
        """
        require_aware(at)
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_STUCK_DAYS:
            raise UsageError(
                t(
                    "lifecycle.stuck_days",
                    "stuck(days={days}): give a whole number from 0 to {limit:,}",
                    days=repr(days),
                    limit=MAX_STUCK_DAYS,
                )
            )
        limit = timedelta(days=days)
        found: list[StuckUnit] = []
        for lc in self:
            since = lc.entered_at
            if since is None or lc.definition.states[lc.state].resting:
                continue
            if at - since > limit:
                found.append(
                    StuckUnit(lc.unit_id, lc.agency_id, lc.state, since, (at - since).days)
                )
        found.sort(key=lambda s: (-s.days, s.agency_id, s.unit_id))
        return found

    def overdue_monitoring(self, *, at: datetime) -> list[MonitoringStatus]:
        """Units holding a predicate whose TPI monitoring report is overdue at ``at``
        (Lampiran II hlm. 61–62), longest overdue first."""
        require_aware(at)
        return overdue_reports(self, at)

    def latest_change(self) -> datetime | None:
        """The newest ``entered_at`` in the portfolio (a sensible 'as of' for a report)."""
        times = [t for t in (lc.entered_at for lc in self) if t is not None]
        return max(times) if times else None

    # -- agency-level rules (Lampiran II hlm. 47, 65) ------------------------------------------

    def designation_shares(
        self,
        *,
        unit_counts: Mapping[str, int] | None = None,
        limit_percent: float = DESIGNATION_SHARE_LIMIT,
    ) -> dict[str, AgencyShare]:
        """Per agency, how many of its units hold Menuju WBK/WBBM (hlm. 47).

        The units counted are the portfolio's, unless ``unit_counts`` gives an
        agency's true number. See :class:`~zi_engine.AgencyShare`.
        """
        return designation_shares(
            ((lc.agency_id, lc.predicate is not None) for lc in self),
            unit_counts=unit_counts,
            limit_percent=limit_percent,
        )

    def agencies_over_designation_limit(
        self,
        *,
        unit_counts: Mapping[str, int] | None = None,
        limit_percent: float = DESIGNATION_SHARE_LIMIT,
    ) -> list[AgencyShare]:
        """The agencies with more than 30% of their units designated, which need not propose
        more units (hlm. 47), highest share first."""
        shares = self.designation_shares(unit_counts=unit_counts, limit_percent=limit_percent)
        return over_limit(shares)

    def drop_agency_proposals(
        self,
        agency_id: str,
        year: int,
        *,
        actor: Actor,
        at: datetime,
        kkn_case_on: date,
        reason: str,
        case_reference: str | None = None,
    ) -> AgencyDrop:
        """Drop every proposal the agency made in ``year``: a KKN case at the agency in the
        proposal year drops the agency's proposals, not one unit's (hlm. 65).

        Fires ``drop`` on each of the agency's lifecycles whose proposal of
        ``year`` is under way, each on its own; see :class:`~zi_engine.AgencyDrop`.
        """
        return drop_agency_proposals(
            list(self),
            agency_id,
            year,
            actor=actor,
            at=at,
            kkn_case_on=kkn_case_on,
            reason=reason,
            case_reference=case_reference,
        )


def load_portfolio_dir(
    path: str | Path,
    *,
    engine: LifecycleHost | None = None,
    skipped: list[Problem] | None = None,
    signing_key: bytes | None = None,
) -> Portfolio:
    """Read every ``*.json`` lifecycle document in a folder (not recursive).

    With ``signing_key`` every document must carry a signature of its head under
    that key (see :meth:`Lifecycle.to_dict`).

    Every bad file is reported, each by name, in one :class:`LifecycleStateError`.
    Only regular files are read: a FIFO, socket or device named ``*.json`` would
    block the reader or never end, and a folder is not a document. Each entry left
    out is appended to ``skipped`` (when given), saying why.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise LifecycleStateError(
            Problem(t("lifecycle.not_a_folder", "not a directory"), file=str(folder))
        )
    portfolio = Portfolio()
    problems: list[Problem] = []
    for file in sorted(folder.glob("*.json")):
        try:
            mode = file.stat().st_mode  # (follows a symlink: a link to a document is read)
        except OSError as exc:
            problems.append(
                Problem(
                    t(
                        "lifecycle.unreadable",
                        "cannot read the file: {why}",
                        why=str(exc.strerror or exc),
                    ),
                    file=str(file),
                )
            )
            continue
        if not stat.S_ISREG(mode):
            if skipped is not None:
                skipped.append(
                    Problem(
                        t(
                            "lifecycle.skipped",
                            "skipped: {kind}, not a regular file",
                            kind=_kind(mode),
                        ),
                        file=str(file),
                    )
                )
            continue
        try:
            data, _ = load_json_file(
                file, error_cls=LifecycleStateError, max_bytes=MAX_DOCUMENT_BYTES
            )
            portfolio.add(Lifecycle.from_dict(data, engine=engine, signing_key=signing_key))
        except LifecycleStateError as exc:
            problems += [
                Problem(
                    p.message, file=p.file or str(file), line=p.line, column=p.column, path=p.path
                )
                for p in exc.problems
            ]
        except (ValueError, OSError) as exc:  # duplicates, unreadable files, bad definitions
            problems.append(Problem(str(exc), file=str(file)))
    if problems:
        raise LifecycleStateError(problems)
    return portfolio


def _kind(mode: int) -> Text:
    """What a directory entry that is not a regular file is, in a few words."""
    if stat.S_ISDIR(mode):
        return t("lifecycle.kind_directory", "a directory")
    if stat.S_ISFIFO(mode):
        return t("lifecycle.kind_fifo", "a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return t("lifecycle.kind_socket", "a socket")
    if stat.S_ISCHR(mode):
        return t("lifecycle.kind_character_device", "a character device")
    if stat.S_ISBLK(mode):
        return t("lifecycle.kind_block_device", "a block device")
    return t("lifecycle.kind_special", "a special file")
