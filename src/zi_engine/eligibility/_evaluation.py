"""The :class:`Evaluation`: scores, explanation tree and eligibility of one submission."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any, Literal

from zi_engine.eligibility._criteria import CriterionResult, Missing, ScoreBounds
from zi_engine.rubric._model import Manifest
from zi_engine.rubric._rubric import Rubric
from zi_engine.rubric._tree import Tree
from zi_engine.scoring._score import Scores
from zi_engine.submission._hash import submission_hash
from zi_engine.submission._model import LAYERS, Layer, Submission

__all__ = ["Evaluation", "ItemResult", "NodeResult", "PredicateOutcome", "PredicateResult"]

PredicateOutcome = Literal["eligible", "not_eligible", "inconclusive"]


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


@dataclass(frozen=True, slots=True)
class PredicateResult:
    """Eligibility for one predicate: the verdict and every criterion behind it."""

    predicate: str
    label: str
    outcome: PredicateOutcome
    criteria: tuple[CriterionResult, ...]
    failed: tuple[str, ...] = field(default=())
    inconclusive: tuple[str, ...] = field(default=())

    @property
    def eligible(self) -> bool:
        """True when every criterion passes."""
        return self.outcome == "eligible"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return {
            "predicate": self.predicate,
            "label": self.label,
            "outcome": self.outcome,
            "failed": list(self.failed),
            "inconclusive": list(self.inconclusive),
            "criteria": [c.to_dict() for c in self.criteria],
        }


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
    ) -> None:
        self.rubric = rubric
        self.submission = submission
        self.as_of = as_of
        self.up_to: Layer = up_to
        self._s = scores

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
        tree = self.rubric.tree
        if ref.startswith("item:"):
            index = tree.resolve_item(ref)
            if index is None:
                raise KeyError(ref)
            item = tree.items[index]
            low = item.coef * self._s.values[index] if item.scored else 0.0
            if self._s.known[index]:
                return ScoreBounds(low, low, item.coef, 0)
            return ScoreBounds(low, item.coef * item.best, item.coef, 1)
        node = tree.resolve(ref)
        if node is None:
            raise KeyError(ref)
        return self.node_score(node)

    def node_score(self, index: int) -> ScoreBounds:
        """Bounds of the node with tree index ``index``."""
        s = self._s
        return ScoreBounds(
            s.low[index],
            s.high[index],
            self.rubric.tree.nodes[index].weight,
            s.missing_below[index],
        )

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
            until = eff.until.isoformat() if eff.until else "open-ended"
            out.append(
                f"rubric {self.rubric_id} {self.rubric_version} is in effect from "
                f"{eff.from_.isoformat()} to {until}, not on {self.as_of.isoformat()}"
            )
        if self.as_of is not None and self.as_of.year < self.submission.year:
            out.append(
                f"evaluation date {self.as_of.isoformat()} is before year {self.submission.year}"
            )
        target = self.submission.target
        if target not in self.rubric.predicates:
            out.append(f"target {target!r} is not a predicate of rubric {self.rubric_id}")
        # contradictions criteria found (a stated LHKPN % against the LKE's counts), once each
        # even when several predicates' criteria report the same one
        for predicate in self.eligibility.values():
            out += [w for r in predicate.criteria for w in r.warnings]
        return tuple(dict.fromkeys(out))

    # -- eligibility ------------------------------------------------------------------------

    @cached_property
    def eligibility(self) -> dict[str, PredicateResult]:
        """Eligibility for every predicate of the rubric (``WBK``, ``WBBM``)."""
        return {p.id: self._predicate(p.id, p.label) for p in self.rubric.manifest.predicates}

    def _predicate(self, pred: str, label: str) -> PredicateResult:
        ctx = _Context(self)
        results: list[CriterionResult] = []
        for bound in self.rubric.criteria(pred):
            for result in bound.kind.evaluate(bound.spec, ctx):
                # the group comes from where the rubric lists it (criteria/gates/plugin)
                same = bound.group == result.group
                results.append(result if same else _regroup(result, bound.group))
        failed = tuple(r.id for r in results if r.outcome == "fail")
        unsure = tuple(r.id for r in results if r.outcome == "inconclusive")
        outcome: PredicateOutcome = (
            "not_eligible" if failed else "inconclusive" if unsure else "eligible"
        )
        return PredicateResult(pred, label, outcome, tuple(results), failed, unsure)

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
            "warnings": list(self.warnings),
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


def _regroup(result: CriterionResult, group: Any) -> CriterionResult:
    return replace(result, group=group)


class _Context:
    """What criterion kinds read (see :class:`~zi_engine.CriterionContext`)."""

    __slots__ = ("_ev",)

    def __init__(self, evaluation: Evaluation) -> None:
        self._ev = evaluation

    @property
    def as_of(self) -> date | None:
        return self._ev.as_of

    @property
    def agency_type(self) -> str | None:
        return self._ev.submission.unit.agency.type

    @property
    def manifest(self) -> Manifest:
        return self._ev.rubric.manifest

    @property
    def tree(self) -> Tree:
        return self._ev.rubric.tree

    def score(self, ref: str) -> ScoreBounds:
        return self._ev.score(ref)

    def node_score(self, index: int) -> ScoreBounds:
        return self._ev.node_score(index)

    def fact(self, path: str) -> Any | Missing:
        return self._ev.submission.facts.get(path)
