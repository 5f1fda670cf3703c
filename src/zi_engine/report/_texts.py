"""Every text the reports show, in one place, in the language chosen.

Written in English with :func:`~zi_engine._i18n.t`; the Indonesian texts (the reports'
first language) are in ``locale/id/LC_MESSAGES/report.po``. Code and templates look
texts up here by key and never write their own words. Numbers put into a text are
formatted by the caller (:mod:`zi_engine.report._format`), so a text receives them
already written the way the language writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from zi_engine._i18n import Text, t

__all__ = ["GROUP", "LAYER", "OUTCOME", "STAGE", "TEXT", "VERDICT", "text", "word"]

TEXT: dict[str, Callable[..., Text]] = {
    "unit_title": lambda **k: t("report.unit_title", "Zona Integritas Evaluation Report", **k),
    "unit": lambda **k: t("report.unit", "Unit", **k),
    "agency": lambda **k: t("report.agency", "Agency", **k),
    "year": lambda **k: t("report.year", "Assessment year", **k),
    "target": lambda **k: t("report.target", "Target predicate", **k),
    "rubric": lambda **k: t("report.rubric", "Rubric", **k),
    "rubric_line": lambda **k: t("report.rubric_line", "{id} version {version}", **k),
    "rubric_hash": lambda **k: t("report.rubric_hash", "Rubric content fingerprint", **k),
    "layer": lambda **k: t("report.layer", "Answers counted up to", **k),
    "layer_used": lambda **k: t("report.layer_used", "highest layer used: {layer}", **k),
    "as_of": lambda **k: t("report.as_of", "Evaluation date", **k),
    "not_given": lambda **k: t("report.not_given", "not given", **k),
    "scores": lambda **k: t("report.scores", "Scores", **k),
    "score": lambda **k: t("report.score", "Score", **k),
    "maximum": lambda **k: t("report.maximum", "Maximum", **k),
    "of_weight": lambda **k: t("report.of_weight", "% of weight", **k),
    "total": lambda **k: t("report.total", "Total score", **k),
    "areas_chart": lambda **k: t(
        "report.areas_chart", "Pengungkit areas: score as a percentage of each area's weight", **k
    ),
    "areas_chart_lines": lambda **k: t(
        "report.areas_chart_lines", "Vertical lines: each area's minimum", **k
    ),
    "hasil_chart": lambda **k: t(
        "report.hasil_chart", "Hasil: surveys and performance against their minimums", **k
    ),
    "hasil_chart_marks": lambda **k: t(
        "report.hasil_chart_marks", "Vertical marks: the minimum the criteria require", **k
    ),
    "line_label": lambda **k: t("report.line_label", "{predicate} {value}", **k),
    "eligibility": lambda **k: t("report.eligibility", "Predicate eligibility", **k),
    "verdict": lambda **k: t("report.verdict", "{label}: {verdict}", **k),
    "criterion": lambda **k: t("report.criterion", "Criterion", **k),
    "group": lambda **k: t("report.group", "Kind", **k),
    "actual": lambda **k: t("report.actual", "Actual", **k),
    "required": lambda **k: t("report.required", "Required", **k),
    "gap": lambda **k: t("report.gap", "Gap", **k),
    "source": lambda **k: t("report.source", "Basis", **k),
    "reason": lambda **k: t("report.reason", "Explanation", **k),
    "outcome": lambda **k: t("report.outcome", "Outcome", **k),
    "yes": lambda **k: t("report.yes", "yes", **k),
    "no": lambda **k: t("report.no", "no", **k),
    "soal": lambda **k: t("report.soal", "soal {id}", **k),
    "plan": lambda **k: t("report.plan", "What it would take", **k),
    "plan_intro": lambda **k: t(
        "report.plan_intro",
        "Towards {target}: now {before} (total score {total_before}); after the steps below "
        "{after} (total score {total_after}).",
        **k,
    ),
    "plan_intro_stuck": lambda **k: t(
        "report.plan_intro_stuck",
        "Towards {target}: now {before} (total score {total_before}).",
        **k,
    ),
    "plan_steps": lambda **k: t(
        "report.plan_steps", "Answers to improve, those that add the most first:", **k
    ),
    "plan_none": lambda **k: t(
        "report.plan_none", "No answer needs to change for the score criteria.", **k
    ),
    "plan_eligible": lambda **k: t(
        "report.plan_eligible", "The unit already meets every criterion of {target}.", **k
    ),
    "question": lambda **k: t("report.question", "Question", **k),
    "current_answer": lambda **k: t("report.current_answer", "Current answer", **k),
    "needed_answer": lambda **k: t("report.needed_answer", "Answer needed", **k),
    "points": lambda **k: t("report.points", "Points gained", **k),
    "requirements": lambda **k: t(
        "report.requirements", "Cannot be met by improving LKE answers:", **k
    ),
    "unreachable": lambda **k: t(
        "report.unreachable",
        "These score criteria cannot be reached by improving answers alone: {ids}",
        **k,
    ),
    "no_answer": lambda **k: t("report.no_answer", "not answered", **k),
    "evidence_gaps": lambda **k: t("report.evidence_gaps", "Missing evidence", **k),
    "evidence_gaps_intro": lambda **k: t(
        "report.evidence_gaps_intro",
        "Questions whose rubric requires evidence and that have none yet.",
        **k,
    ),
    "evidence_none": lambda **k: t(
        "report.evidence_none", "Every question that requires evidence has it.", **k
    ),
    "differences": lambda **k: t(
        "report.differences", "The unit's answers and the evaluators' answers", **k
    ),
    "differences_intro": lambda **k: t(
        "report.differences_intro",
        "Questions where the TPI's or TPN's answer differs from the unit's.",
        **k,
    ),
    "differences_none": lambda **k: t(
        "report.differences_none", "The TPI's and TPN's answers do not differ from the unit's.", **k
    ),
    "answer_unit": lambda **k: t("report.answer_unit", "Unit", **k),
    "answer_induk": lambda **k: t("report.answer_induk", "Parent unit", **k),
    "answer_tpi": lambda **k: t("report.answer_tpi", "TPI", **k),
    "answer_tpn": lambda **k: t("report.answer_tpn", "TPN", **k),
    "notes": lambda **k: t("report.notes", "Evaluators' notes", **k),
    "unit_evidence": lambda **k: t("report.unit_evidence", "The unit's evidence", **k),
    "missing_answers": lambda **k: t(
        "report.missing_answers", "Questions not yet answered: {count}", **k
    ),
    "warnings": lambda **k: t("report.warnings", "To note", **k),
    "made_by": lambda **k: t(
        "report.made_by", "Made with zi_engine {version} under PermenPAN-RB 90/2021.", **k
    ),
    "page": lambda **k: t("report.page", "Page", **k),
    "page_of": lambda **k: t("report.page_of", "of", **k),
    "dashboard_title": lambda **k: t(
        "report.dashboard_title", "Monitoring the Building of Zona Integritas", **k
    ),
    "dashboard_as_of": lambda **k: t("report.dashboard_as_of", "As of {date}", **k),
    "units_total": lambda **k: t("report.units_total", "Number of units: {count}", **k),
    "by_stage": lambda **k: t("report.by_stage", "Units by stage", **k),
    "stage": lambda **k: t("report.stage", "Stage", **k),
    "units": lambda **k: t("report.units", "Units", **k),
    "by_agency": lambda **k: t("report.by_agency", "By agency", **k),
    "year_change": lambda **k: t("report.year_change", "Change against the year before", **k),
    "year_change_intro": lambda **k: t(
        "report.year_change_intro",
        "The number of units that entered each stage in the 12 months to {date}, against the 12 "
        "months before.",
        **k,
    ),
    "this_year": lambda **k: t("report.this_year", "Last 12 months ({start} to {end})", **k),
    "last_year": lambda **k: t("report.last_year", "The 12 months before ({start} to {end})", **k),
    "change": lambda **k: t("report.change", "Change", **k),
    "entered_declared": lambda **k: t("report.entered_declared", "Declared", **k),
    "entered_building": lambda **k: t("report.entered_building", "Started building", **k),
    "entered_proposed": lambda **k: t("report.entered_proposed", "Proposed to the TPN", **k),
    "entered_designated": lambda **k: t("report.entered_designated", "Designated", **k),
    "stuck": lambda **k: t("report.stuck", "Units held more than {days} days in one stage", **k),
    "stuck_none": lambda **k: t(
        "report.stuck_none", "No unit has been held more than {days} days.", **k
    ),
    "stuck_off": lambda **k: t("report.stuck_off", "No limit of days held was given.", **k),
    "since": lambda **k: t("report.since", "Since", **k),
    "days": lambda **k: t("report.days", "Days", **k),
    "monitoring": lambda **k: t("report.monitoring", "Monitoring reports overdue", **k),
    "monitoring_intro": lambda **k: t(
        "report.monitoring_intro",
        "The TPI reports on a designated unit at least every {years} years (for Menuju WBK, "
        "unless the unit is proposed for Menuju WBBM in that period). Units whose report is due "
        "and not on record by {date}:",
        **k,
    ),
    "monitoring_none": lambda **k: t(
        "report.monitoring_none", "No designated unit's monitoring report is overdue.", **k
    ),
    "period_start": lambda **k: t("report.period_start", "Counted from", **k),
    "report_due": lambda **k: t("report.report_due", "Report due", **k),
    "last_report": lambda **k: t("report.last_report", "Last report", **k),
    "criteria_met": lambda **k: t("report.criteria_met", "criteria still met", **k),
    "criteria_not_met": lambda **k: t("report.criteria_not_met", "criteria no longer met", **k),
    "no_report": lambda **k: t("report.no_report", "none yet", **k),
    "totals": lambda **k: t(
        "report.totals", "Distribution of the latest evaluations' total scores", **k
    ),
    "totals_intro": lambda **k: t(
        "report.totals_intro",
        "Total scores of the latest evaluation recorded for {count} units.",
        **k,
    ),
    "totals_none": lambda **k: t(
        "report.totals_none", "No evaluation is recorded in the units' histories yet.", **k
    ),
    "totals_axis": lambda **k: t("report.totals_axis", "Total score", **k),
    "predicate": lambda **k: t("report.predicate", "Predicate", **k),
    "state": lambda **k: t("report.state", "State", **k),
    "later_changes": lambda **k: t(
        "report.later_changes",
        "{count} units changed stage after {date}; this report counts the states on that date.",
        **k,
    ),
}

# the outcome words are the glossary's (docs/translating.md)
OUTCOME: dict[str, Callable[[], Text]] = {
    "pass": lambda: t("report.outcome_pass", "met"),
    "fail": lambda: t("report.outcome_fail", "not met"),
    "inconclusive": lambda: t("report.outcome_inconclusive", "cannot be determined yet"),
    "not_applicable": lambda: t("report.outcome_not_applicable", "does not apply"),
}

VERDICT: dict[str, Callable[[], Text]] = {
    "eligible": lambda: t("report.verdict_eligible", "ELIGIBLE"),
    "not_eligible": lambda: t("report.verdict_not_eligible", "NOT ELIGIBLE"),
    "inconclusive": lambda: t("report.verdict_inconclusive", "CANNOT BE DETERMINED YET"),
}

GROUP: dict[str, Callable[[], Text]] = {
    "score": lambda: t("report.group_score", "score"),
    "gate": lambda: t("report.group_gate", "condition"),
    "extra": lambda: t("report.group_extra", "additional"),
}

LAYER: dict[str, Callable[[], Text]] = {
    "unit": lambda: t("report.layer_unit", "the unit's answers"),
    "induk": lambda: t("report.layer_induk", "the parent unit's preliminary review"),
    "tpi": lambda: t("report.layer_tpi", "TPI"),
    "tpn": lambda: t("report.layer_tpn", "TPN"),
}

STAGE: dict[str, Callable[[], Text]] = {
    "not_started": lambda: t("report.stage_not_started", "Not yet declared"),
    "declared": lambda: t("report.stage_declared", "Declared (pencanangan)"),
    "building": lambda: t("report.stage_building", "Building"),
    "in_review": lambda: t("report.stage_in_review", "Preliminary review / TPI"),
    "proposed": lambda: t("report.stage_proposed", "Proposed"),
    "tpn_evaluation": lambda: t("report.stage_tpn_evaluation", "TPN evaluation"),
    "designated_WBK": lambda: t("report.stage_designated_wbk", "Designated WBK"),
    "designated_WBBM": lambda: t("report.stage_designated_wbbm", "Designated WBBM"),
    "designated": lambda: t("report.stage_designated", "Designated"),
    "revoked": lambda: t("report.stage_revoked", "Predicate revoked"),
}


def text(key: str, **fields: object) -> Text:
    """The text ``key`` in the current language, with its placeholders filled."""
    return TEXT[key](**fields)


def word(words: Mapping[str, Callable[[], Text]], key: str | None) -> str:
    """The word for ``key`` in one of the tables above; ``key`` itself when it has none."""
    if key is None:
        return ""
    found = words.get(key)
    return key if found is None else found()
