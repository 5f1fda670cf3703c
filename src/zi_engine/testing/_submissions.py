"""Submissions for a rubric: complete or partial, layered, values clustered around thresholds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from hypothesis import strategies as st

from zi_engine.engine._engine import Engine
from zi_engine.rubric._rubric import Rubric
from zi_engine.submission._model import (
    LAYERS,
    AgencyInfo,
    AnswerEntry,
    Facts,
    Layer,
    LayeredAnswer,
    Submission,
    UnitInfo,
)
from zi_engine.testing._answers import _is_formula, answers_for
from zi_engine.testing._facts import _criterion_specs, _facts
from zi_engine.testing._texts import plain_texts

_NOTES = st.one_of(st.none(), plain_texts())
_LINKS = ("https://zi.example.go.id/bukti/1.pdf", "SK 12/2025", "Notulen rapat")
_EVIDENCE = st.lists(st.sampled_from(_LINKS), max_size=2, unique=True)
_EMPTY = st.builds(AnswerEntry, value=st.none(), notes=_NOTES, evidence=_EVIDENCE)


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything :func:`_submissions` draws from, built once per :func:`submissions` call."""

    rubric: Rubric
    complete: bool | None
    layers: tuple[Layer, ...]
    near: bool
    facts: bool | None
    extra_facts: dict[str, st.SearchStrategy[Any]]
    entries: tuple[tuple[str, st.SearchStrategy[AnswerEntry]], ...]  # per answerable question
    chosen_layers: st.SearchStrategy[list[Layer]]
    missing: st.SearchStrategy[list[str]] | None
    empty: st.SearchStrategy[AnswerEntry]


_UNIT_IDS = st.from_regex(r"[A-Z]{2,6}-[0-9]{1,3}", fullmatch=True)
_AGENCIES = st.builds(
    AgencyInfo,
    id=st.sampled_from(["PEMKOT-BJB", "KEMENKEU", "PEMPROV-KALSEL"]),
    type=st.sampled_from([None, "regional", "central"]),
)
_AS_OF = st.one_of(st.dates(date(2021, 1, 1), date(2030, 12, 31)), st.none())


def _survey_thresholds(rubric: Rubric) -> dict[str, list[float]]:
    """Survey questions → the indexes at which a score criterion on them flips."""
    tree = rubric.tree
    out: dict[str, list[float]] = {}
    for spec in _criterion_specs(rubric):
        if spec.kind != "score_min" or not spec.node or spec.min is None:
            continue
        index = tree.resolve_item(spec.node)
        if index is None:
            continue
        item = tree.items[index]
        if item.spec.answer == "survey_index" and item.coef > 0:
            out.setdefault(item.spec.id, []).append(spec.min / item.coef * item.spec.scale_max)
    return out


@st.composite
def _submissions(draw: st.DrawFn, plan: _Plan) -> Submission:
    rubric = plan.rubric
    as_of = draw(_AS_OF)
    year = as_of.year if as_of is not None else draw(st.integers(2021, 2030))
    unit = UnitInfo(id=draw(_UNIT_IDS), name=draw(plain_texts()), agency=draw(_AGENCIES))
    is_complete = draw(st.booleans()) if plan.complete is None else plan.complete
    missing: set[str] = set()
    if not is_complete and plan.missing is not None:
        missing = set(draw(plan.missing))
    answers: dict[str, LayeredAnswer] = {}
    for qid, entry in plan.entries:
        if qid in missing:
            if draw(st.integers(0, 3)) == 0:  # present, but with no value in any layer
                answers[qid] = LayeredAnswer(unit=AnswerEntry(value=None, notes="belum diisi"))
            continue
        with_value = draw(plan.chosen_layers)
        entries: dict[str, AnswerEntry] = {}
        for layer in plan.layers:
            if layer in with_value:
                entries[layer] = draw(entry)
            elif draw(st.integers(0, 4)) == 0:
                entries[layer] = draw(plan.empty)
        answers[qid] = LayeredAnswer(**cast(dict[str, Any], entries))
    facts_value = (
        Facts()
        if plan.facts is False
        else draw(
            _facts(rubric, as_of, None if plan.facts is None else True, plan.near, plan.extra_facts)
        )
    )
    return Submission(
        unit=unit,
        year=year,
        target=draw(st.sampled_from(rubric.predicates or ("WBK",))),
        as_of=as_of,
        facts=facts_value,
        answers=answers,
    )


def submissions(
    rubric: Rubric,
    *,
    complete: bool | None = None,
    layers: Sequence[Layer] = ("unit",),
    near_thresholds: bool = False,
    facts: bool | None = True,
    notes: bool = True,
    engine: Engine | None = None,
    extra_facts: Mapping[str, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[Submission]:
    """Submissions for ``rubric``.

    ``complete=True`` answers every question that is answered directly
    (everything but ``ratio``/``decline``); ``False`` leaves at least one
    unanswered; ``None`` either. Each answer has a value in at least one of
    ``layers`` (``"unit"``, ``"induk"``, ``"tpi"``, ``"tpn"``), sometimes with notes,
    evidence and empty entries in the others. With ``near_thresholds``,
    survey indexes cluster at and around the values where a score criterion
    flips (and 80%/90% of the scale), counts are 0–3 (so ratios hit 0/0,
    100% and one-off), and facts sit at and around their minimums.
    ``facts=True`` gives every fact, ``None`` leaves some out, ``False``
    gives none (see :func:`facts_for`, also for ``extra_facts``). ``engine``
    (default: the built-in one) supplies the answer types, so plugins'
    choice types are answered too.
    """
    chosen = tuple(layers)
    if not chosen or any(layer not in LAYERS for layer in chosen):
        raise ValueError(f"layers must be a non-empty selection of {LAYERS}")
    thresholds = _survey_thresholds(rubric) if near_thresholds else {}
    answerable = [q for q in rubric.questions.values() if not _is_formula(rubric, q)]
    entries = []
    for q in answerable:
        value = answers_for(
            q, engine=engine, near=thresholds.get(q.id, ()), small_counts=near_thresholds
        )
        entry = (
            st.builds(AnswerEntry, value=value, notes=_NOTES, evidence=_EVIDENCE)
            if notes
            else st.builds(AnswerEntry, value=value)
        )
        entries.append((q.id, entry))
    plan = _Plan(
        rubric=rubric,
        complete=complete,
        layers=chosen,
        near=near_thresholds,
        facts=facts,
        extra_facts=dict(extra_facts or {}),
        entries=tuple(entries),
        chosen_layers=st.lists(st.sampled_from(chosen), min_size=1, unique=True),
        missing=(
            st.lists(st.sampled_from([q.id for q in answerable]), min_size=1, unique=True)
            if answerable
            else None
        ),
        empty=_EMPTY if notes else st.builds(AnswerEntry, value=st.none()),
    )
    return _submissions(plan)
