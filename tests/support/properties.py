"""Helpers shared by the property tests: an independent reference roll-up, example counts,
the per-type meaning of "a better answer", and evaluation shortcuts."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from hypothesis import settings

import zi_engine
from zi_engine import Evaluation, Rubric, Submission
from zi_engine.rubric._model import GroupSpec, QuestionSpec

FIXED = {
    "ya_tidak": {"Ya": 1.0, "Tidak": 0.0},
    "abc": {"A": 1.0, "B": 0.5, "C": 0.0},
    "abcd": {"A": 1.0, "B": 0.67, "C": 0.33, "D": 0.0},
    "abcde": {"A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0},
}
FORMULAS = ("ratio", "decline")
TOL = 1e-9


def examples(fraction: float, *, at_least: int = 3) -> int:
    """A share of the active profile's ``max_examples`` (for expensive tests)."""
    return max(at_least, int(settings().max_examples * fraction))


def close(a: float, b: float, scale: float = 1.0) -> bool:
    """Equal up to float rounding of sums of ``scale``-sized terms."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=TOL * max(1.0, abs(scale)))


# ---------------------------------------------------------------------------- reference scorer


def option_table(q: QuestionSpec) -> dict[str, float]:
    """The values of a choice question's options, straight from the rubric text."""
    if q.answer in FIXED:
        return FIXED[q.answer]
    return {
        k: o.value
        for k, o in (q.options or {}).items()
        if not isinstance(o, str) and o.value is not None
    }


def number(raw: Any) -> float:
    """A number as the generated submissions write them (3.6, 3, "3,60", "3.60", "12")."""
    if isinstance(raw, str):
        return float(raw.strip().replace(",", "."))
    return float(raw)


def raw_value(q: QuestionSpec, raw: Any) -> float:
    """The value of one answer, computed from the rubric text (not the engine)."""
    if q.answer == "survey_index":
        return number(raw) / q.scale_max
    if q.answer == "count":
        return number(raw)
    table = option_table(q)
    key = str(raw).strip()
    if key in table:
        return table[key]
    matches = [v for k, v in table.items() if k.casefold() == key.casefold()]
    return matches[0]


LAYER_ORDER = ("unit", "induk", "tpi", "tpn")  # written out: the reference does not read LAYERS


def pick(submission: Submission, qid: str, up_to: str = "tpn") -> Any:
    """The answer that counts: TPN replaces TPI replaces the unit's, up to ``up_to``;
    a layer without a value does not count."""
    layered = submission.answers.get(qid)
    if layered is None:
        return None
    for layer in reversed(LAYER_ORDER[: LAYER_ORDER.index(up_to) + 1]):
        entry = getattr(layered, layer)
        if entry is not None and entry.value is not None:
            return entry.value
    return None


def formula(num: float, den: float, zero: float) -> float:
    if den == 0:
        return zero if num == 0 else (1.0 if num > 0 else 0.0)
    return min(1.0, max(0.0, num / den))


class Reference:
    """The official roll-up (domain.md §4) recomputed from the rubric files.

    Sub-area = mean(values of scored items) × weight, or Σ value × weight when
    weighted; counts score nothing; unanswered items count 0; no rounding.
    """

    def __init__(self, rubric: Rubric, submission: Submission, up_to: str = "tpn") -> None:
        self.rubric = rubric
        self.questions = dict(rubric.questions)
        self.values: dict[str, float | None] = {}
        for qid, q in self.questions.items():
            if q.answer in FORMULAS:
                continue
            raw = pick(submission, qid, up_to)
            self.values[qid] = None if raw is None else raw_value(q, raw)
        default_zero = rubric.manifest.policies.zero_denominator_default
        for qid, q in self.questions.items():
            if q.answer not in FORMULAS:
                continue
            zero = q.zero_denominator if q.zero_denominator is not None else default_zero
            if q.answer == "ratio":
                nums = [self.values[r] for r in q.numerator or ()]
                dens = [self.values[r] for r in q.denominator or ()]
            else:
                nums = [self.values[q.previous or ""]]
                dens = [self.values[q.current or ""]]
            if any(v is None for v in nums + dens):
                self.values[qid] = None
            elif q.answer == "ratio":
                self.values[qid] = formula(math.fsum(nums), math.fsum(dens), zero or 0.0)  # type: ignore[arg-type]
            else:
                prev, cur = nums[0], dens[0]
                self.values[qid] = formula(prev - cur, prev, zero or 0.0)  # type: ignore[operator,arg-type]
        self.scores: dict[str, float] = {}
        self._roll_up()

    def _leaf(self, weight: float, scoring: str, questions: list[QuestionSpec]) -> float:
        scored = [q for q in questions if q.answer != "count"]
        values = [self.values[q.id] or 0.0 for q in scored]
        if scoring == "weighted":
            return math.fsum(v * (q.weight or 0.0) for v, q in zip(values, scored, strict=True))
        return weight * math.fsum(values) / len(values)

    def _group(self, path: str, g: GroupSpec) -> float:
        if g.questions is not None:
            score = self._leaf(g.weight, g.scoring, g.questions)
        else:
            score = math.fsum(self._group(f"{path}.{s.id}", s) for s in g.sub_areas or ())
        self.scores[path] = score
        return score

    def _roll_up(self) -> None:
        manifest = self.rubric.manifest
        part_totals: dict[str, float] = {}
        comp_totals: dict[str, float] = {c.id: 0.0 for c in manifest.components}
        for comp_id, area in self.rubric.areas:
            if area.parts is not None:
                whole = 0.0
                for part_id, part in area.parts.items():
                    path = f"{comp_id}.{part_id}.{area.id}"
                    s = math.fsum(self._group(f"{path}.{g.id}", g) for g in part.sub_areas)
                    self.scores[path] = s
                    key = f"{comp_id}.{part_id}"
                    part_totals[key] = part_totals.get(key, 0.0) + s
                    whole += s
            else:
                path = f"{comp_id}.{area.id}"
                if area.questions is not None:
                    whole = self._leaf(area.weight, area.scoring, area.questions)
                else:
                    whole = math.fsum(
                        self._group(f"{path}.{g.id}", g) for g in area.sub_areas or ()
                    )
                self.scores[path] = whole
            self.scores[f"area:{area.id}"] = whole
            comp_totals[comp_id] += whole
        self.scores.update(part_totals)
        self.scores.update(comp_totals)
        self.scores["total"] = math.fsum(comp_totals.values())


# ---------------------------------------------------------------------------- helpers


def evaluate(rubric: Rubric, submission: Submission, up_to: str = "tpn") -> Evaluation:
    return zi_engine.evaluate(rubric, submission, up_to=up_to)  # type: ignore[arg-type]


def node_paths(rubric: Rubric) -> list[str]:
    """Every node reference a criterion could name: tree paths and ``area:<id>``."""
    return list(rubric.tree.by_path) + [f"area:{a}" for a in rubric.tree.areas]


def all_scores(ev: Evaluation) -> dict[str, tuple[float, float]]:
    """``(low, high)`` of every node and item of ``ev``, keyed by reference."""
    out = {}
    for ref in node_paths(ev.rubric):
        b = ev.score(ref)
        out[ref] = (b.low, b.high)
    for qid in ev.rubric.questions:
        b = ev.score(f"item:{qid}")
        out[f"item:{qid}"] = (b.low, b.high)
    return out


def count_roles(rubric: Rubric) -> dict[str, set[int]]:
    """For each count: +1 if some formula is better when it grows, -1 if some formula is
    better when it shrinks (a count can have both)."""
    roles: dict[str, set[int]] = {}
    for q in rubric.questions.values():
        if q.answer == "ratio":
            for r in q.numerator or ():
                roles.setdefault(r, set()).add(+1)
            for r in q.denominator or ():
                roles.setdefault(r, set()).add(-1)
        elif q.answer == "decline":
            # (previous - current) / previous: more violations last year or fewer this year
            roles.setdefault(q.previous or "", set()).add(+1)
            roles.setdefault(q.current or "", set()).add(-1)
    return roles


def answered_layer(submission: Submission, qid: str, up_to: str = "tpn") -> tuple[Any, str | None]:
    """The answer that counts and its layer (``(None, None)`` when unanswered)."""
    layered = submission.answers.get(qid)
    if layered is None:
        return None, None
    for layer in reversed(LAYER_ORDER[: LAYER_ORDER.index(up_to) + 1]):
        entry = getattr(layered, layer)
        if entry is not None and entry.value is not None:
            return entry.value, layer
    return None, None


def plan_ceiling(rubric: Rubric, submission: Submission, up_to: str = "tpn") -> Submission:
    """Every change the improvement plan may make, made: each choice question at its best
    option, each ratio's first numerator raised to fill its denominator, each decline's
    current count at 0. Survey results, denominators and missing counts stay as they are."""
    changes: dict[str, Any] = {}
    for qid, q in rubric.questions.items():
        if q.answer in FIXED or q.answer == "options":
            table = option_table(q)
            changes[qid] = max(table, key=lambda k: table[k])
    for q in rubric.questions.values():
        if q.answer == "decline" and q.current:
            changes[q.current] = 0
        elif q.answer == "ratio" and q.numerator and q.denominator:

            def count(ref: str) -> float:
                raw = pick(submission, ref, up_to)
                return 0.0 if raw is None else number(raw)

            den = sum(count(r) for r in q.denominator)
            if den > 0:
                need = math.ceil(den - sum(count(r) for r in q.numerator[1:]))
                changes[q.numerator[0]] = max(int(count(q.numerator[0])), need)
    return submission.with_answers(changes, layer=up_to)  # type: ignore[arg-type]


def criteria_by_id(ev: Evaluation, predicate: str) -> Mapping[str, Any]:
    return {c.id: c for c in ev.eligibility[predicate].criteria}


def walk_groups(groups: list[GroupSpec]) -> Iterator[GroupSpec]:
    for g in groups:
        yield g
        yield from walk_groups(g.sub_areas or [])


# ---------------------------------------------------------------------------- the best submission


def add_years(start: Any, years: int) -> Any:
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def conflicting_counts(rubric: Rubric) -> set[str]:
    """Counts that one formula wants larger and another (or the same) wants smaller."""
    return {qid for qid, roles in count_roles(rubric).items() if roles == {1, -1}}


def best_submission(rubric: Rubric, predicate: str | None = None) -> Submission:
    """Every question at its best answer (formulas at 100%), and – for ``predicate`` – facts
    that meet each of its gates exactly at the threshold where there is one."""
    from datetime import date

    as_of = date(2026, 6, 1)
    roles = count_roles(rubric)
    answers: dict[str, Any] = {}
    for qid, q in rubric.questions.items():
        if q.answer in FORMULAS:
            continue
        if q.answer == "survey_index":
            answers[qid] = q.scale_max
        elif q.answer == "count":
            answers[qid] = 5 if roles.get(qid) == {1} else 0
        else:
            table = option_table(q)
            answers[qid] = max(table, key=lambda k: table[k])
    agency: dict[str, Any] = {}
    unit: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    agency_type = None
    by_fact: dict[str, list[Any]] = {}
    for pred in rubric.manifest.predicates:
        if pred.id == predicate:
            for spec in (*pred.criteria, *pred.gates):
                if spec.fact is not None:
                    by_fact.setdefault(spec.fact, []).append(spec)
    grades = [g.casefold() for g in rubric.manifest.grades]
    for fact, specs in by_fact.items():
        kinds = {s.kind for s in specs}
        value: Any
        if "years_since_min" in kinds:
            value = add_years(as_of, -math.ceil(max(s.min_years or 0 for s in specs)))
        elif "fact_min" in kinds or "lke_percent_min" in kinds:
            value = max(s.min or 0.0 for s in specs)  # exactly at the threshold
        elif "fact_true" in kinds:
            value = True
        else:
            # the strictest minimum grade, or a required value that meets it
            needed = []
            for s in specs:
                if s.kind == "fact_grade_min" and s.min_grade is not None:
                    needed.append(s.min_grade)
                elif s.kind == "fact_grade_min":
                    agency_type = "regional"
                    needed.append((s.min_grade_by_agency_type or {})["regional"])
            allowed: list[Any] | None = None
            for s in specs:
                if s.kind == "fact_equals":
                    these = [s.equals] if s.one_of is None else list(s.one_of)
                    allowed = these if allowed is None else [a for a in allowed if a in these]
            if needed:
                top = min(grades.index(g.casefold()) for g in needed)
                ok = [g for g in rubric.manifest.grades if grades.index(g.casefold()) <= top]
                allowed = ok if allowed is None else [a for a in allowed if a in ok]
                value = (allowed or ["?"])[-1]  # the lowest grade that passes
            else:
                value = (allowed or ["?"])[0]
        head, _, rest = fact.partition(".")
        {"agency": agency, "unit": unit, "extra": extra}[head][rest] = value
    return Submission(
        unit=zi_engine.UnitInfo(
            id="U-1", name="Unit", agency=zi_engine.AgencyInfo(id="A", type=agency_type)
        ),
        year=as_of.year,
        as_of=as_of,
        facts=zi_engine.Facts(
            agency=zi_engine.AgencyFacts(**agency), unit=zi_engine.UnitFacts(**unit), extra=extra
        ),
    ).with_answers(answers)
