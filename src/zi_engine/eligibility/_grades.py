"""Grades from the raw scores agencies have (SAKIP score → predikat, Indeks RB → kategori).

PermenPAN-RB 90/2021 sets its gates on grades (Tabel 5, hlm. 46) but does
not say how a score becomes a grade: that is the business of other rules
(SAKIP: PermenPAN-RB 88/2021; Indeks RB: the RB evaluation rules). A rubric
therefore states the bands it reads, each grade's lower bound, and whether
a score exactly on a bound belongs to the grade above it (``inclusive``) or
below it (``exclusive``, the published intervals' "B >60–70").
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any, Literal

from zi_engine._constants import MISSING, TOLERANCE
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.eligibility._criteria import CriterionContext
from zi_engine.submission._model import Facts

__all__ = ["LowerBound", "band_problems", "grade_from_score", "graded_fact", "score_spec_problems"]

LowerBound = Literal["inclusive", "exclusive"]
"""Whether a grade's lower bound belongs to it (``inclusive``) or to the grade below."""


def band_problems(bands: Any, grades: list[str], lower_bound: Any = "exclusive") -> list[str]:
    """Problems with a bands table ``{grade: lower bound}`` on the scale ``grades`` (best first)."""
    if not isinstance(bands, Mapping) or not bands:
        return [
            t(
                "eligibility.bands_not_mapping",
                "bands must map each grade to its lower bound, e.g. {example}",
                example="{AA: 90, A: 80, ...}",
            )
        ]
    problems: list[str] = []
    if lower_bound not in ("inclusive", "exclusive"):
        problems.append(
            t(
                "eligibility.lower_bound_word",
                "lower_bound {value} must be 'inclusive' or 'exclusive'",
                value=show(lower_bound),
            )
        )
    unknown = [g for g in bands if g not in grades]
    if unknown:
        problems.append(
            t(
                "eligibility.bands_unknown_grades",
                "bands name grades {unknown} that are not in the rubric's grades {grades}",
                unknown=str(unknown),
                grades=str(grades),
            )
        )
    bounds = [bands[g] for g in grades if g in bands]
    if any(isinstance(b, bool) or not isinstance(b, (int, float)) for b in bounds):
        problems.append(
            t("eligibility.band_not_number", "every band's lower bound must be a number")
        )
    elif any(hi <= lo for hi, lo in pairwise(bounds)):
        problems.append(
            t(
                "eligibility.bands_not_falling",
                "band lower bounds must fall strictly from the best grade to the worst",
            )
        )
    return problems


def grade_from_score(
    score: float, bands: Mapping[str, float], lower_bound: LowerBound = "exclusive"
) -> str | None:
    """The grade whose band holds ``score``; ``None`` below the lowest band.

    ``bands`` maps each grade to its lower bound, best grade first or not (the
    highest bound is the best grade). With ``exclusive`` bounds a score
    exactly on a bound falls in the grade below (60.00 is CC when B is
    ">60–70"), except the lowest band, which holds its own bound (0 is D in
    "0–30"). With ``inclusive`` bounds, 60.00 is B.
    """
    ordered = sorted(bands.items(), key=lambda kv: kv[1], reverse=True)
    for grade, bound in ordered:
        if lower_bound == "inclusive" and score >= bound - TOLERANCE:
            return grade
        if lower_bound == "exclusive" and score > bound + TOLERANCE:
            return grade
    bottom_grade, bottom = ordered[-1]
    return bottom_grade if score >= bottom - TOLERANCE else None


def score_spec_problems(params: Mapping[str, Any], grades: list[str]) -> list[str]:
    """Problems with a grade criterion's ``params`` that read a score (``score_fact``, bands)."""
    if "score_fact" not in params and "bands" not in params:
        return []
    problems: list[str] = []
    score_fact = params.get("score_fact")
    if not (isinstance(score_fact, str) and Facts.known_path(score_fact)):
        problems.append(
            t(
                "eligibility.score_fact_unknown",
                "params.score_fact {fact} must name a fact holding the score",
                fact=show(score_fact),
            )
        )
    bands, lower_bound = params.get("bands"), params.get("lower_bound", "exclusive")
    problems += [
        t("eligibility.in_params", "params: {problem}", problem=p)
        for p in band_problems(bands, grades, lower_bound)
    ]
    return problems


def graded_fact(
    params: Mapping[str, Any], fact: str, ctx: CriterionContext
) -> tuple[Any, str, tuple[str, ...]]:
    """The grade a criterion judges: the stated ``fact``, else the grade of ``params.score_fact``.

    Returns the grade (or :data:`MISSING`, or a score out of every band as
    text the scale does not hold), words on where it came from, and a
    warning when a stated grade and the score's grade disagree (the stated
    grade – the predikat the evaluation report gives – decides).
    """
    stated = ctx.fact(fact)
    score_fact = params.get("score_fact")
    if score_fact is None:
        return stated, "", ()
    score = ctx.fact(score_fact)
    if score is MISSING or isinstance(score, bool) or not isinstance(score, (int, float)):
        return stated, "", ()
    bands: Mapping[str, float] = params["bands"]
    lower_bound: LowerBound = params.get("lower_bound", "exclusive")
    counted = grade_from_score(float(score), bands, lower_bound)
    shown = counted if counted is not None else t("eligibility.no_grade", "no grade")
    words = t(
        "eligibility.score_is_grade",
        "{fact} {score:.2f} is {grade}",
        fact=str(score_fact),
        score=float(score),
        grade=shown,
    )
    if stated is MISSING:
        return (counted if counted is not None else f"{float(score):g}"), f" ({words})", ()
    if counted is not None and str(stated).strip().casefold() != counted.casefold():
        warning = t(
            "eligibility.stated_grade_differs",
            "{fact} is {stated}, but {words} on the rubric's bands: the stated grade decides;"
            " correct the one that is wrong",
            fact=fact,
            stated=str(stated).strip(),
            words=words,
        )
        return stated, f" ({words})", (warning,)
    return stated, "", ()
