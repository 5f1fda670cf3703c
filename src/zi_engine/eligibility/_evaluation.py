"""The :class:`Evaluation`: scores, explanation tree and eligibility of one submission."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal

from zi_engine._i18n import t
from zi_engine.eligibility._criteria import ScoreBounds
from zi_engine.eligibility._predicates import (
    EvaluationContext,
    PredicateOutcome,
    PredicateResult,
    decided_predicate,
    judge_predicate,
)
from zi_engine.rubric._rubric import Rubric
from zi_engine.scoring._score import Scores
from zi_engine.submission._hash import submission_hash
from zi_engine.submission._model import LAYERS, Layer, Submission

__all__ = [
    "Evaluation",
    "ItemResult",
    "NodeResult",
    "PredicateOutcome",
    "PredicateResult",
    "PredicateVerdict",
    "decided_evaluation",
]

PredicateVerdict = tuple[PredicateOutcome, tuple[str, ...], tuple[str, ...]]
"""A predicate's ``(outcome, failed, inconclusive)``: what deciding it gives, before words."""


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One question's part in the score.

    ``status`` is ``answered``, ``missing``, ``computed`` (a formula) or
    ``count`` (a count row, which scores nothing itself). ``value`` is in
    [0, 1] (for counts: the count); ``score`` = value × its share of the
    sub-area, out of ``maximum``.
    """

    id: str
    soal_id: int | None
    text: str
    status: Literal["answered", "missing", "computed", "count"]
    answer: str | int | float | None
    layer: Layer | None
    value: float | None
    score: float
    maximum: float
    evidence: tuple[str, ...]
    evidence_missing: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return {
            "id": self.id,
            "soal_id": self.soal_id,
            "status": self.status,
            "answer": self.answer,
            "layer": self.layer,
            "value": self.value,
            "score": self.score,
            "maximum": self.maximum,
            "evidence_missing": self.evidence_missing,
        }


@dataclass(frozen=True, slots=True)
class NodeResult:
    """A node of the explanation tree: total, component, part, area, sub-area."""

    path: str
    id: str
    label: str
    kind: str
    score: float
    maximum: float
    children: tuple[NodeResult, ...] = ()
    items: tuple[ItemResult, ...] = ()

    @property
    def percent(self) -> float:
        """Score as a percentage of the maximum (0 when the maximum is 0)."""
        return 100.0 * self.score / self.maximum if self.maximum else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data, recursively."""
        out: dict[str, Any] = {
            "path": self.path,
            "label": self.label,
            "kind": self.kind,
            "score": self.score,
            "maximum": self.maximum,
            "percent": self.percent,
        }
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        if self.items:
            out["items"] = [i.to_dict() for i in self.items]
        return out


class Evaluation:
    """The result of scoring one submission against one rubric.

    Scores are computed eagerly; the explanation tree, item details and
    eligibility are built the first time they are read. Unanswered questions
    count as 0 in every score, are listed in :attr:`missing_answers`, and make
    a criterion ``inconclusive`` when their best answer could change it.
    """

    def __init__(
        self,
        rubric: Rubric,
        submission: Submission,
        scores: Scores,
        *,
        as_of: date | None,
        up_to: Layer,
        notes: Sequence[str] = (),
    ) -> None:
        self.rubric = rubric
        self.submission = submission
        self.as_of = as_of
        self.up_to: Layer = up_to
        self._s = scores
        # what the engine found before scoring (agency facts a record overrode), for warnings
        self._notes = tuple(notes)

    # -- identity and headline numbers ---------------------------------------------------

    @property
    def scores(self) -> Scores:
        """The raw scores: per-item values and per-node bounds (read-only by convention)."""
        return self._s

    @property
    def rubric_id(self) -> str:
        """Id of the rubric scored against."""
        return self.rubric.id

    @property
    def rubric_version(self) -> str:
        """Version of the rubric scored against."""
        return self.rubric.version

    @property
    def rubric_hash(self) -> str:
        """Content hash of the rubric scored against."""
        return self.rubric.content_hash

    @property
    def unit_id(self) -> str:
        """Id of the unit the submission is of (a lifecycle refuses another unit's)."""
        return self.submission.unit.id

    @property
    def agency_id(self) -> str:
        """Id of the unit's agency."""
        return self.submission.unit.agency.id

    @property
    def year(self) -> int:
        """The year the submission's LKE is for (a proposal's year must be this one)."""
        return self.submission.year

    @cached_property
    def submission_hash(self) -> str:
        """Content hash of the submission scored (``sha256:…``): names the exact answers."""
        return submission_hash(self.submission)

    @cached_property
    def survey_layers(self) -> dict[str, Layer | None]:
        """For each survey question (answered by a survey index: IPAK and IPKP in the
        bundled rubric), the layer whose value counted, ``None`` when it has none.

        The surveys are the TPN's own (Lampiran II hlm. 55): a TPN recommendation
        needs both answered in the ``tpn`` layer.
        """
        return {
            item.spec.id: self.layers.get(item.spec.id)
            for item in self.rubric.tree.items
            if item.spec.answer == _SURVEY_ANSWER
        }

    @property
    def total(self) -> float:
        """The total score (0–100), unanswered questions counted as 0."""
        return self._s.low[0]

    @cached_property
    def layers(self) -> dict[str, Layer]:
        """For each answered question, the layer whose answer counted (TPN > TPI > unit)."""
        out: dict[str, Layer] = {}
        for qid, layered in self.submission.answers.items():
            layer = layered.pick(self.up_to)[1]
            if layer is not None:
                out[qid] = layer
        return out

    @cached_property
    def layer(self) -> Layer | None:
        """The highest answer layer any counted answer came from."""
        used = set(self.layers.values())
        return max(used, key=LAYERS.index) if used else None

    def score(self, ref: str) -> ScoreBounds:
        """Bounds of a node (``total``, ``pengungkit``, ``area:<id>``, a path) or ``item:<id>``."""
        return self._context.score(ref)

    def node_score(self, index: int) -> ScoreBounds:
        """Bounds of the node with tree index ``index``."""
        return self._context.node_score(index)

    @cached_property
    def _context(self) -> EvaluationContext:
        """What criterion kinds read of this evaluation."""
        return EvaluationContext(self.rubric, self.submission, self._s, self.as_of)

    # -- explanation ------------------------------------------------------------------------

    @cached_property
    def items(self) -> dict[str, ItemResult]:
        """Every question's result by id, in rubric order."""
        out: dict[str, ItemResult] = {}
        s = self._s
        for item in self.rubric.tree.items:
            q = item.spec
            layered = self.submission.answers.get(q.id)
            raw = layered.pick(self.up_to)[0] if layered is not None else None
            evidence = tuple(layered.all_evidence()) if layered is not None else ()
            atype = item.answer_type
            kind = atype.input if atype is not None else "formula"
            status: Any = _STATUS.get(kind, "answered") if s.known[item.index] else "missing"
            value = s.values[item.index] if s.known[item.index] else None
            out[q.id] = ItemResult(
                id=q.id,
                soal_id=q.soal_id,
                text=q.text,
                status=status,
                answer=raw,
                layer=self.layers.get(q.id) if s.known[item.index] else None,
                value=value,
                score=item.coef * (value or 0.0) if item.scored else 0.0,
                maximum=item.coef if item.scored else 0.0,
                evidence=evidence,
                evidence_missing=q.evidence_required and not evidence,
            )
        return out

    @property
    def missing_answers(self) -> tuple[str, ...]:
        """Ids of questions (and counts) that have no answer in any counted layer."""
        items = self.rubric.tree.items
        return tuple(items[i].spec.id for i in self._s.missing)

    @cached_property
    def missing_evidence(self) -> tuple[str, ...]:
        """Ids of questions whose rubric requires evidence and that have none."""
        return tuple(i.id for i in self.items.values() if i.evidence_missing)

    @cached_property
    def tree(self) -> NodeResult:
        """The explanation tree: total → components → parts → areas → sub-areas → items."""
        return self._node(0)

    def _node(self, index: int) -> NodeResult:
        """The explanation of node ``index``, built once: ``tree`` and ``areas`` share parts."""
        built = self._built_nodes.get(index)
        if built is not None:
            return built
        node = self.rubric.tree.nodes[index]
        items = self.items
        result = NodeResult(
            path=node.path,
            id=node.id,
            label=node.label,
            kind=node.kind,
            score=self._s.low[index],
            maximum=node.weight,
            children=tuple(self._node(c) for c in node.children),
            items=tuple(items[self.rubric.tree.items[i].spec.id] for i in node.items),
        )
        self._built_nodes[index] = result
        return result

    @cached_property
    def _built_nodes(self) -> dict[int, NodeResult]:
        """Explanation nodes built so far, by tree index (made on first use, not per score)."""
        return {}

    @cached_property
    def components(self) -> dict[str, NodeResult]:
        """Component results by id (``pengungkit``, ``hasil``)."""
        return {c.id: c for c in self.tree.children}

    @cached_property
    def areas(self) -> dict[str, NodeResult]:
        """Whole-area results by area id (for pengungkit: pemenuhan + reform)."""
        tree = self.rubric.tree
        return {a.id: self._node(a.node) for a in tree.areas.values()}

    @cached_property
    def warnings(self) -> tuple[str, ...]:
        """Things worth a second look that do not change any score."""
        out: list[str] = []
        eff = self.rubric.manifest.effective
        if self.as_of is not None and not self.rubric.applies_on(self.as_of):
            until = (
                eff.until.isoformat() if eff.until else t("eligibility.open_ended", "open-ended")
            )
            out.append(
                t(
                    "eligibility.rubric_not_in_effect",
                    "rubric {rubric} {version} is in effect from {start} to {until},"
                    " not on {as_of}",
                    rubric=self.rubric_id,
                    version=self.rubric_version,
                    start=eff.from_.isoformat(),
                    until=until,
                    as_of=self.as_of.isoformat(),
                )
            )
        if self.as_of is not None and self.as_of.year < self.submission.year:
            out.append(
                t(
                    "eligibility.as_of_before_year",
                    "evaluation date {as_of} is before year {year}",
                    as_of=self.as_of.isoformat(),
                    year=str(self.submission.year),
                )
            )
        target = self.submission.target
        if target not in self.rubric.predicates:
            out.append(
                t(
                    "eligibility.target_not_predicate",
                    "target {target} is not a predicate of rubric {rubric}",
                    target=repr(target),
                    rubric=self.rubric_id,
                )
            )
        # contradictions criteria found (a stated LHKPN % against the LKE's counts), once each
        # even when several predicates' criteria report the same one
        for predicate in self.eligibility.values():
            out += [w for r in predicate.criteria for w in r.warnings]
        out += self._notes
        out += self.submission.unit.notices  # a deprecated field in the unit's file
        return tuple(dict.fromkeys(out))

    # -- eligibility ------------------------------------------------------------------------

    @cached_property
    def eligibility(self) -> dict[str, PredicateResult]:
        """Eligibility for every predicate of the rubric (``WBK``, ``WBBM``).

        Each predicate's outcome is decided when this is read; its criteria,
        with their texts, when :attr:`PredicateResult.criteria` is first read.
        """
        ctx, rubric = self._context, self.rubric
        return {
            p.id: judge_predicate(ctx, rubric.criteria(p.id), p.id, p.label)
            for p in rubric.manifest.predicates
        }

    # -- output -----------------------------------------------------------------------------

    def to_dict(self, *, items: bool = True) -> dict[str, Any]:
        """The whole evaluation as plain JSON-able data."""

        def brief(n: NodeResult) -> dict[str, Any]:
            return {"score": n.score, "maximum": n.maximum, "percent": n.percent}

        comps: dict[str, Any] = {}
        for c in self.tree.children:
            comps[c.id] = brief(c)
            if c.children and c.children[0].kind == "part":
                comps[c.id]["parts"] = {p.id: brief(p) for p in c.children}
        sub = self.submission
        out: dict[str, Any] = {
            "rubric": {
                "id": self.rubric_id,
                "version": self.rubric_version,
                "hash": self.rubric_hash,
            },
            "unit": {"id": sub.unit.id, "name": sub.unit.name, "agency": sub.unit.agency.id},
            "year": sub.year,
            "target": sub.target,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "layer": self.layer,
            "total": self.total,
            "components": comps,
            "areas": {k: brief(v) for k, v in self.areas.items()},
            "eligibility": {k: v.to_dict() for k, v in self.eligibility.items()},
            "missing_answers": list(self.missing_answers),
            "missing_evidence": list(self.missing_evidence),
            "warnings": [str(w) for w in self.warnings],
        }
        if items:
            out["tree"] = self.tree.to_dict()
        return out

    def __repr__(self) -> str:
        return (
            f"<Evaluation {self.submission.unit.id} {self.submission.year} "
            f"total={self.total:.2f} rubric={self.rubric_id}@{self.rubric_version}>"
        )


# a known item's status by its answer type's input kind (choice and number: "answered")
_STATUS = {"count": "count", "formula": "computed"}
_SURVEY_ANSWER = "survey_index"  # the answer type of the external surveys (IPAK, IPKP)


def decided_evaluation(
    rubric: Rubric,
    submission: Submission,
    scores: Scores,
    *,
    as_of: date | None,
    up_to: Layer,
    verdicts: Mapping[str, PredicateVerdict],
    notes: Sequence[str] = (),
) -> Evaluation:
    """The :class:`Evaluation` whose scores and predicate verdicts were made elsewhere.

    A worker process of ``Engine.evaluate_many`` scores and judges the same
    rubric and submission and sends back ``scores`` and ``verdicts`` (``{predicate:
    (outcome, failed, inconclusive)}``); the criteria are built here, by each
    kind's ``evaluate()``, when they are first read, as for any evaluation.
    """
    ev = Evaluation(rubric, submission, scores, as_of=as_of, up_to=up_to, notes=notes)
    ctx = ev._context
    labels = {p.id: p.label for p in rubric.manifest.predicates}
    # what the eligibility property holds once read, decided by the worker
    ev.__dict__["eligibility"] = {
        pred: decided_predicate(ctx, rubric.criteria(pred), pred, labels[pred], verdict)
        for pred, verdict in verdicts.items()
    }
    return ev
