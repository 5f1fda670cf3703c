"""A plugin's formula answer type and score criterion kind are planned for like the built-ins.

The plan used to switch on built-in names – ``ratio``/``decline`` for
formulas, ``score_min``/``area_percent_min`` for score criteria,
``survey_index`` for measured numbers – so a plugin's formula was scored as
if it were a ratio, never offered as a step, and a plugin's score criterion
was a requirement the plan could not work on. Here a plugin (defined in this
file) adds both, and the plan must treat them as it treats the built-ins: the
kinds and types are asked, and the claim is proved by re-evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

import zi_engine
from zi_engine import (
    AnswerType,
    ChoiceAnswerType,
    CriterionContext,
    CriterionKind,
    CriterionResult,
    CriterionSpec,
    Engine,
    Improvement,
    Manifest,
    QuestionSpec,
    Rubric,
    ScoreGoal,
    Submission,
    Tree,
    hookimpl,
)
from zi_engine.eligibility._criteria import judge_bounds
from zi_engine.rubric._layout import COMPUTED, formula_kind

# -- the plugin ------------------------------------------------------------------------------


class KenaikanAnswerType(AnswerType):
    """An increase on last year, (current - previous) / previous, capped to [0, 1].

    Not a ratio of sums the scorer knows: it computes its value itself, and
    says how to raise it (this year's count at twice last year's is 100%).
    """

    name = "kenaikan"
    input = "formula"
    description = "(current - previous) / previous of counts, capped to [0, 1]"

    def check(self, question: QuestionSpec) -> list[str]:
        if not question.previous or not question.current:
            return ["a 'kenaikan' needs 'previous' and 'current' (count ids)"]
        return []

    def parse(self, raw: object, question: QuestionSpec) -> float:
        raise zi_engine.AnswerError(f"{question.id} is computed")

    def compute(
        self, counts: Mapping[str, float], question: QuestionSpec, *, zero_denominator: float
    ) -> float:
        assert question.previous is not None
        assert question.current is not None
        previous, current = counts[question.previous], counts[question.current]
        if previous == 0:
            return zero_denominator if current == 0 else 1.0
        return min(1.0, max(0.0, (current - previous) / previous))

    def next_better(
        self,
        question: QuestionSpec,
        value: float,
        counts: Mapping[str, float],
        *,
        zero_denominator: float,
    ) -> Improvement | None:
        assert question.previous is not None
        assert question.current is not None
        previous = counts[question.previous]
        if value >= 1.0:
            return None
        wanted = int(2 * previous) if previous else 1
        return Improvement({question.current: wanted}, 1.0)


class KomponenPersenMin(CriterionKind):
    """A component scores at least ``min_percent`` of its weight (an agency's own rule)."""

    name = "komponen_persen_min"
    group = "score"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        return [] if spec.component and spec.min_percent is not None else ["needs both"]

    def _required(self, spec: CriterionSpec, tree: Tree) -> float:
        assert spec.component is not None
        assert spec.min_percent is not None
        node = tree.resolve(spec.component)
        assert node is not None
        return tree.nodes[node].weight * spec.min_percent / 100

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.component is not None
        bounds = ctx.score(spec.component)
        required = self._required(spec, ctx.tree)
        outcome, reason = judge_bounds(bounds, required)
        gap = max(0.0, required - bounds.low)
        result = self.result(
            spec, outcome, actual=bounds.low, required=required, gap=gap, unit="points",
            reason=reason,
        )  # fmt: skip
        return [result]

    def score_goals(
        self, spec: CriterionSpec, result: CriterionResult, tree: Tree
    ) -> Sequence[ScoreGoal]:
        assert spec.component is not None
        return [ScoreGoal(spec.component, self._required(spec, tree))]


class SilentKind(KomponenPersenMin):
    """The same rule, but it does not tell the plan which score decides it."""

    name = "komponen_persen_min_diam"

    def score_goals(
        self, spec: CriterionSpec, result: CriterionResult, tree: Tree
    ) -> Sequence[ScoreGoal]:
        return super(KomponenPersenMin, self).score_goals(spec, result, tree)  # the default


class WrongGoalKind(KomponenPersenMin):
    """A kind whose score goal names no node: the kind's bug, reported as one."""

    name = "komponen_persen_min_salah"

    def score_goals(
        self, spec: CriterionSpec, result: CriterionResult, tree: Tree
    ) -> Sequence[ScoreGoal]:
        return [ScoreGoal("tidak.ada", 1.0)]


SKALA = ChoiceAnswerType("skala_1_3", {"1": 0.0, "2": 0.5, "3": 1.0}, "1 = 0, 2 = 0.5, 3 = 1")


class Plugin:
    @hookimpl
    def zi_answer_types(self) -> list[AnswerType]:
        return [KenaikanAnswerType(), SKALA]

    @hookimpl
    def zi_criterion_kinds(self) -> list[CriterionKind]:
        return [KomponenPersenMin(), SilentKind(), WrongGoalKind()]


ENGINE = Engine(plugins=[Plugin()])

# -- a rubric that uses it ---------------------------------------------------------------

RUBRIC = {
    "rubric.yaml": """\
id: plugin-plan
version: "1.0"
title: Rubrik dengan plugin
regulation:
  name: Contoh
effective:
  from: 2024-01-01
components:
  - id: pengungkit
    label: Pengungkit
    weight: 60
    parts:
      - id: pemenuhan
        label: Pemenuhan
        weight: 30
      - id: reform
        label: Reform
        weight: 30
  - id: hasil
    label: Hasil
    weight: 40
areas:
  - area.yaml
  - hasil.yaml
predicates:
  - id: WBK
    label: Menuju WBK
    criteria:
      - id: area_minimum
        label: Area minimal 60%
        kind: area_percent_min
        component: pengungkit
        min_percent: 60
  - id: WBBM
    label: Menuju WBBM
    criteria:
      - id: pengungkit_90
        label: Pengungkit minimal 90%
        kind: KIND
        component: pengungkit
        min_percent: 90
""",
    "hasil.yaml": """\
component: hasil
areas:
  - id: bersih
    label: Bersih
    weight: 40
    scoring: weighted
    questions:
      - id: hasil.ipak
        text: IPAK
        answer: survey_index
        weight: 40
""",
    "area.yaml": """\
component: pengungkit
areas:
  - id: inovasi
    label: Inovasi
    weight: 60
    parts:
      pemenuhan:
        weight: 30
        sub_areas:
          - id: aturan
            label: Aturan
            weight: 30
            questions:
              - id: i.p.aturan
                text: Penilaian aturan inovasi
                answer: skala_1_3
                options: {"1": Kurang, "2": Cukup, "3": Baik}
      reform:
        weight: 30
        sub_areas:
          - id: kenaikan
            label: Kenaikan
            weight: 30
            questions:
              - id: i.r.tahun_lalu
                text: Inovasi tahun lalu
                answer: count
              - id: i.r.tahun_ini
                text: Inovasi tahun ini
                answer: count
              - id: i.r.kenaikan
                text: Kenaikan inovasi
                answer: kenaikan
                previous: i.r.tahun_lalu
                current: i.r.tahun_ini
                zero_denominator: 0
""",
}


def _rubric(tmp_path: Path, kind: str = "komponen_persen_min") -> Rubric:
    for name, text in RUBRIC.items():
        (tmp_path / name).write_text(text.replace("KIND", kind), encoding="utf-8")
    return ENGINE.load_rubric(tmp_path)


def _unit(**answers: Any) -> Submission:
    base: dict[str, Any] = {
        "i.p.aturan": "3",
        "i.r.tahun_lalu": 4,
        "i.r.tahun_ini": 4,
        "hasil.ipak": 4,
    }
    base.update(answers)
    return Submission.model_validate(
        {
            "unit": {"id": "U-1", "name": "Unit", "agency": {"id": "AG-1", "type": "regional"}},
            "year": 2026,
            "answers": {k: v for k, v in base.items() if v is not None},
        }
    )


def _apply(rubric: Rubric, unit: Submission, result: zi_engine.ImprovementPlan) -> Any:
    changes: dict[str, Any] = {}
    for step in result.steps:
        changes.update(step.changes)
    return ENGINE.evaluate(rubric, unit.with_answers(changes, layer="tpn"))


# -- the formula -----------------------------------------------------------------------------


def test_a_plugin_formula_is_computed_by_its_type_not_as_a_ratio(tmp_path: Path) -> None:
    rubric = _rubric(tmp_path)
    (entry,) = [f for f in rubric.layout.formulas if f[0] == rubric.tree.item_by_id["i.r.kenaikan"]]
    assert entry[4] == COMPUTED
    ev = ENGINE.evaluate(rubric, _unit(**{"i.r.tahun_lalu": 4, "i.r.tahun_ini": 6}))
    item = ev.items["i.r.kenaikan"]
    assert item.status == "computed"
    assert item.value == pytest.approx(0.5)  # (6 - 4) / 4; as a ratio 4/6 it would be 0.67
    assert ev.total == pytest.approx(30 + 15 + 40)


def test_an_unanswered_input_leaves_a_plugin_formula_unknown(tmp_path: Path) -> None:
    ev = ENGINE.evaluate(_rubric(tmp_path), _unit(**{"i.r.tahun_ini": None}))
    assert ev.items["i.r.kenaikan"].status == "missing"
    assert ev.score("pengungkit").high == pytest.approx(60.0)


def test_an_answer_to_a_plugin_formula_is_refused(tmp_path: Path) -> None:
    with pytest.raises(zi_engine.SubmissionError, match=r"i\.r\.kenaikan is computed from counts"):
        ENGINE.evaluate(_rubric(tmp_path), _unit(**{"i.r.kenaikan": 1}))


def test_the_plan_raises_a_plugin_formula_the_way_its_type_says(tmp_path: Path) -> None:
    rubric = _rubric(tmp_path)
    unit = _unit()  # 4 innovations last year and this year: no increase, the area at 50%
    ev = ENGINE.evaluate(rubric, unit)
    assert ev.eligibility["WBK"].failed == ("area_minimum.inovasi",)
    result = zi_engine.plan(ev, "WBK")
    assert result.achievable
    [step] = result.steps
    assert step.question_id == "i.r.kenaikan"
    assert step.changes == {"i.r.tahun_ini": 8}
    assert step.from_answer == "i.r.tahun_ini = 4"  # the counts it changes, as for a decline
    assert step.to_answer == "i.r.tahun_ini = 8"
    assert step.points == pytest.approx(30.0)
    assert _apply(rubric, unit, result).eligibility["WBK"].outcome == "eligible"


# -- the criterion kind ----------------------------------------------------------------------


def test_the_plan_works_toward_a_plugin_score_criterion(tmp_path: Path) -> None:
    rubric = _rubric(tmp_path)
    unit = _unit(**{"i.p.aturan": "1", "i.r.tahun_ini": 8})  # pengungkit 30 of 60: 50%
    ev = ENGINE.evaluate(rubric, unit)
    assert ev.eligibility["WBBM"].failed == ("pengungkit_90",)
    result = zi_engine.plan(ev, "WBBM")
    assert result.achievable
    assert result.unreachable == ()
    assert result.requirements == ()
    # the plugin's own choice type gives the steps: 1 -> 2 -> 3, two option steps
    [step] = result.steps
    assert (step.question_id, step.from_answer, step.to_answer) == ("i.p.aturan", "1", "3")
    assert step.steps == 2
    assert step.helps == ("pengungkit_90",)
    assert _apply(rubric, unit, result).eligibility["WBBM"].outcome == "eligible"


def test_a_kind_that_names_no_score_is_a_requirement_the_plan_cannot_meet(tmp_path: Path) -> None:
    rubric = _rubric(tmp_path, kind="komponen_persen_min_diam")
    ev = ENGINE.evaluate(rubric, _unit(**{"i.p.aturan": "1", "i.r.tahun_ini": 8}))
    result = zi_engine.plan(ev, "WBBM")
    assert result.steps == ()
    assert [r.criterion_id for r in result.requirements] == ["pengungkit_90"]
    assert result.unreachable == ("pengungkit_90",)
    assert not result.achievable


def test_a_score_goal_on_no_node_is_a_plugin_error_naming_the_kind(tmp_path: Path) -> None:
    rubric = _rubric(tmp_path, kind="komponen_persen_min_salah")
    ev = ENGINE.evaluate(rubric, _unit(**{"i.p.aturan": "1"}))
    with pytest.raises(zi_engine.PluginError, match=r"'komponen_persen_min_salah'.*'tidak\.ada'"):
        zi_engine.plan(ev, "WBBM")


# -- no engine needed ------------------------------------------------------------------------


def test_plan_sees_plugin_answer_types_without_being_handed_the_engine(tmp_path: Path) -> None:
    """The plugin types are bound onto the rubric's items; the default engine knows neither."""
    assert "skala_1_3" not in zi_engine.default_engine().answer_types
    rubric = _rubric(tmp_path)
    ev = ENGINE.evaluate(rubric, _unit(**{"i.p.aturan": "2", "i.r.tahun_ini": 8}))
    result = zi_engine.plan(ev, "WBBM")
    assert [(s.question_id, s.to_answer) for s in result.steps] == [("i.p.aturan", "3")]


def test_handing_plan_the_engine_is_deprecated_and_changes_nothing(tmp_path: Path) -> None:
    rubric = _rubric(tmp_path)
    ev = ENGINE.evaluate(rubric, _unit(**{"i.p.aturan": "2", "i.r.tahun_ini": 8}))
    with pytest.warns(DeprecationWarning, match=r"engine=\) is deprecated"):
        with_engine = zi_engine.plan(ev, "WBBM", engine=ENGINE)
    assert with_engine == zi_engine.plan(ev, "WBBM")


# -- the scorer's shapes are read off what types say ------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "kind"),
    [
        ((((0, 1.0),), ((1, 1.0),)), "ONE_TO_ONE"),
        ((((0, 1.0), (1, -1.0)), ((0, 1.0),)), "DECLINE"),
        ((((0, 1.0), (1, 1.0)), ((2, 1.0),)), "RATIO"),
        ((((0, 2.0),), ((1, 1.0),)), "COMPUTED"),  # a weight the fast shapes do not have
        ((((0, 1.0), (1, -1.0)), ((1, 1.0),)), "COMPUTED"),  # (a - b) / b is no decline
        (None, "COMPUTED"),
    ],
)
def test_formula_shapes(ratio: Any, kind: str) -> None:
    from zi_engine.rubric import _layout

    assert formula_kind(ratio) == getattr(_layout, kind)
