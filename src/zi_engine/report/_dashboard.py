"""The monitoring dashboard: an inspectorate's portfolio of units as of a date.

:func:`dashboard_data` reads a :class:`~zi_engine.Portfolio` (each unit's lifecycle
and its history) into plain JSON-able data; :func:`render_dashboard` draws that same
data as HTML, so an app that draws its own charts gets exactly what the page shows.

Everything is counted as of a date passed in: a unit's stage on that day is the
state its history had reached by then (a record dated after it is not yet seen),
so a dashboard for last year's report can be drawn from today's files. Dates are
the records' own dates, in the time zone each was written in.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from zi_engine.lifecycle._audit import AuditRecord
from zi_engine.lifecycle._model import Lifecycle
from zi_engine.lifecycle._portfolio import Portfolio
from zi_engine.report._format import number, whole
from zi_engine.report._svg import Bar, Line, bar_chart, histogram
from zi_engine.report._templates import in_language, render
from zi_engine.report._texts import STAGE, text

__all__ = ["TOTAL_THRESHOLDS", "dashboard_data", "render_dashboard"]

TOTAL_THRESHOLDS: dict[str, float] = {"WBK": 75.0, "WBBM": 85.0}
"""The total scores a proposal needs (PermenPAN-RB 90/2021, Tabel 6, hlm. 58)."""

MONITORING_YEARS = 2
"""TPI reports on a designated unit at least every 2 years (Lampiran II, pemantauan);
the bundled definition's ``monitoring_interval_years``, said in the dashboard's text."""

# the stages an inspectorate counts, and the bundled definition's states in each
_STAGE_OF_STATE = {
    "candidate": "not_started",
    "declared": "declared",
    "building": "building",
    "preliminary_review": "in_review",
    "internal_review": "in_review",
    "proposed": "proposed",
    "desk_evaluation": "tpn_evaluation",
    "field_evaluation": "tpn_evaluation",
    "recommended": "tpn_evaluation",
    "designated": "designated",
    "revoked": "revoked",
}
_STAGES = (
    "not_started",
    "declared",
    "building",
    "in_review",
    "proposed",
    "tpn_evaluation",
    "designated_WBK",
    "designated_WBBM",
    "revoked",
)
# what "entered this year" counts: a unit whose history entered the stage in the window
_ENTERED = ("declared", "building", "proposed", "designated")


@dataclass(frozen=True, slots=True)
class _View:
    """One unit as of the date."""

    lifecycle: Lifecycle
    records: tuple[AuditRecord, ...]  # the history up to the date
    state: str
    since: date | None
    predicate: str | None

    @property
    def stage(self) -> str:
        return _stage(self.state, self.predicate)


def _stage(state: str, predicate: str | None) -> str:
    stage = _STAGE_OF_STATE.get(state, f"state:{state}")
    if stage == "designated" and predicate:
        return f"designated_{predicate}"
    return stage


def _view(lc: Lifecycle, as_of: date) -> _View | None:
    history = lc.history
    records = tuple(r for r in history if r.at.date() <= as_of)
    if not records and lc.created_at is not None and lc.created_at.date() > as_of:
        return None  # not in the portfolio yet on that day
    since: date | None
    moves = [r for r in records if r.dest != r.source]  # monitoring records leave it in place
    if moves:
        state, since = moves[-1].dest, moves[-1].at.date()
    else:
        state = history[0].source if history else lc.state
        since = lc.created_at.date() if lc.created_at else None
    return _View(lc, records, state, since, _predicate_at(lc, records))


def _predicate_at(lc: Lifecycle, records: tuple[AuditRecord, ...]) -> str | None:
    """The predicate held after ``records``: replayed from the definition's effects."""
    if len(records) == len(lc.history):
        return lc.predicate
    triggers = lc.definition.triggers
    # the target before any set_target is the one the lifecycle still has if none changed it
    changed = [t.set_target for r in lc.history if (t := triggers.get(r.trigger)) and t.set_target]
    target = lc.definition.predicates[0] if changed else lc.target
    held: str | None = None
    for record in records:
        spec = triggers.get(record.trigger)
        if spec is None:
            continue
        if "grant_target" in spec.effects:
            held = target
        if "clear_predicate" in spec.effects:
            held = None
        if spec.set_target is not None:
            target = spec.set_target
    return held


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def dashboard_data(
    portfolio: Portfolio,
    *,
    as_of: date,
    stuck_days: int | None = None,
    thresholds: Mapping[str, float] = TOTAL_THRESHOLDS,
) -> dict[str, Any]:
    """The dashboard's data as of ``as_of``, as plain JSON-able values.

    Keys: ``as_of``, ``units``, ``stages`` (id, label, units; every stage, zeros too),
    ``agencies`` (id, units, units by stage), ``stuck`` (units in one non-resting
    stage more than ``stuck_days`` days; ``None`` when not asked), ``year_change``
    (units that entered declared/building/proposed/designated in the 12 months to
    ``as_of`` and the 12 before), ``totals`` (the latest recorded evaluation total of
    each unit against ``thresholds``), ``monitoring`` (units whose monitoring report is
    overdue, as :meth:`Portfolio.overdue_monitoring` finds them at the end of ``as_of``)
    and ``later_changes`` (units whose history goes on after ``as_of``).
    """
    views = [v for v in (_view(lc, as_of) for lc in portfolio) if v is not None]
    labels = _state_labels(portfolio)
    stages = Counter(v.stage for v in views)
    order = list(_STAGES) + sorted(s for s in stages if s not in _STAGES)
    agencies: dict[str, Counter[str]] = {}
    for v in views:
        agencies.setdefault(v.lifecycle.agency_id, Counter())[v.stage] += 1
    return {
        "as_of": as_of.isoformat(),
        "units": len(views),
        "stages": [
            {"id": s, "label": _stage_label(s, labels), "units": stages.get(s, 0)} for s in order
        ],
        "agencies": [
            {
                "id": agency,
                "units": sum(counts.values()),
                "stages": {s: counts[s] for s in order if counts[s]},
            }
            for agency, counts in sorted(agencies.items())
        ],
        "stuck_days": stuck_days,
        "stuck": None if stuck_days is None else _stuck(views, as_of, stuck_days, labels),
        "year_change": _year_change(views, as_of),
        "totals": _totals(views, thresholds),
        "monitoring": _monitoring(portfolio, views, as_of),
        "monitoring_years": MONITORING_YEARS,
        "later_changes": sum(len(v.records) < len(v.lifecycle.history) for v in views),
    }


def _state_labels(portfolio: Portfolio) -> dict[str, str]:
    labels: dict[str, str] = {}
    for lc in portfolio:
        for name, spec in lc.definition.states.items():
            labels.setdefault(name, spec.label)
    return labels


def _stage_label(stage: str, labels: Mapping[str, str], default: str | None = None) -> str:
    if stage in STAGE:
        return STAGE[stage]()
    if stage.startswith("designated_"):
        return f"{STAGE['designated']()} {stage.removeprefix('designated_')}"
    state = stage.removeprefix("state:")
    return labels.get(state, default or state)


def _stuck(
    views: list[_View], as_of: date, days: int, labels: Mapping[str, str]
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for v in views:
        resting = v.lifecycle.definition.states.get(v.state)
        if v.since is None or (resting is not None and resting.resting):
            continue
        held = (as_of - v.since).days
        if held > days:
            found.append(
                {
                    "unit_id": v.lifecycle.unit_id,
                    "agency_id": v.lifecycle.agency_id,
                    "state": v.state,
                    "state_label": labels.get(v.state, v.state),
                    "since": v.since.isoformat(),
                    "days": held,
                }
            )
    found.sort(key=lambda s: (-int(s["days"]), str(s["agency_id"]), str(s["unit_id"])))
    return found


def _year_change(views: list[_View], as_of: date) -> dict[str, Any]:
    one = _year_before(as_of)
    two = _year_before(one)
    windows = {"this_year": (one, as_of), "last_year": (two, one)}
    out: dict[str, Any] = {}
    for name, (start, end) in windows.items():
        entered: dict[str, set[tuple[str, str]]] = {stage: set() for stage in _ENTERED}
        for v in views:
            key = (v.lifecycle.agency_id, v.lifecycle.unit_id)
            for r in v.records:
                if start < r.at.date() <= end and r.dest != r.source:
                    stage = _STAGE_OF_STATE.get(r.dest, "")
                    if stage in entered:
                        entered[stage].add(key)
        first = start + timedelta(days=1)  # the window is (start, end]: its first day
        out[name] = {"start": first.isoformat(), "end": end.isoformat()} | {
            stage: len(units) for stage, units in entered.items()
        }
    return out


def _totals(views: list[_View], thresholds: Mapping[str, float]) -> dict[str, Any]:
    values = []
    for v in views:
        latest = next((r.evaluation for r in reversed(v.records) if r.evaluation), None)
        if latest is not None and math.isfinite(latest.total):
            values.append(round(latest.total, 2))
    values.sort()
    low = min([*values, min(thresholds.values(), default=60.0) - 15, 60.0])
    start = max(0.0, math.floor(low / 5) * 5)
    edges = [start + 5 * k for k in range(int((100 - start) / 5) + 1)]
    counts = [0] * (len(edges) - 1)
    for value in values:
        k = min(int((min(max(value, start), 100) - start) // 5), len(counts) - 1)
        counts[k] += 1
    return {
        "units": len(values),
        "values": values,
        "edges": edges,
        "counts": counts,
        "thresholds": dict(thresholds),
        "reaching": {p: sum(v >= t for v in values) for p, t in thresholds.items()},
    }


def _monitoring(portfolio: Portfolio, views: list[_View], as_of: date) -> list[dict[str, Any]]:
    """Units whose TPI monitoring report is overdue at the end of ``as_of`` (UTC), as
    :meth:`Portfolio.overdue_monitoring` finds them (Lampiran II hlm. 61–62)."""
    present = {(v.lifecycle.agency_id, v.lifecycle.unit_id) for v in views}
    source = portfolio
    if not isinstance(portfolio, Portfolio):  # a store's portfolio: its lifecycles, read once
        source = Portfolio(v.lifecycle for v in views)
    at = datetime.combine(as_of, time.max, tzinfo=timezone.utc)
    out = []
    for status in source.overdue_monitoring(at=at):
        if (status.agency_id, status.unit_id) not in present:
            continue  # not in the portfolio yet on that day
        due = status.due.date()
        out.append(
            {
                "unit_id": status.unit_id,
                "agency_id": status.agency_id,
                "predicate": status.predicate,
                "period_start": status.period_start.date().isoformat(),
                "due": due.isoformat(),
                "days_overdue": (as_of - due).days,
                "last_report": status.last_report.date().isoformat()
                if status.last_report
                else None,
                "last_report_met": status.last_report_met,
            }
        )
    return out


def render_dashboard(data: Mapping[str, Any], *, lang: str | None = None) -> str:
    """The dashboard as one self-contained HTML file, from :func:`dashboard_data`.

    ``lang`` (``"id"`` or ``"en"``) writes it in that language; by default in the current
    one. The stages are named in it too, whatever language ``data`` was made in.
    """
    with in_language(lang):
        return _render_dashboard(data)


def _render_dashboard(data: Mapping[str, Any]) -> str:
    stages = [s | {"label": _stage_label(s["id"], {}, s["label"])} for s in data["stages"]]
    peak = max((s["units"] for s in stages), default=0)
    stage_chart = bar_chart(
        [Bar(s["label"], s["units"], whole(s["units"]), "ok") for s in stages],
        scale_max=max(peak, 1),
        title=text("by_stage"),
        label_width=230,
    )
    totals = data["totals"]
    totals_chart = None
    if totals["units"]:
        totals_chart = histogram(
            totals["counts"],
            totals["edges"],
            lines=[
                Line(value, f"{predicate} {number(value)}")
                for predicate, value in totals["thresholds"].items()
            ],
            axis_label=text("totals_axis"),
            title=text("totals"),
        )
    change = data["year_change"]
    rows = [
        {
            "label": text(f"entered_{stage}"),
            "this_year": change["this_year"][stage],
            "last_year": change["last_year"][stage],
            "change": change["this_year"][stage] - change["last_year"][stage],
        }
        for stage in _ENTERED
    ]
    return render(
        "dashboard.html.j2",
        data=data,
        stage_chart=stage_chart,
        totals_chart=totals_chart,
        change_rows=rows,
        stage_ids=[s["id"] for s in stages],
        stage_labels={s["id"]: s["label"] for s in stages},
    )
