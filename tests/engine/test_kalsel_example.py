"""The example plugin ``zi-engine-kalsel``, installed, end to end through the entry point.

The project's test setup installs it (``pip install -e ".[test]"
./examples/plugin-kalsel``); without it this module is skipped with a reason
that says how to install it.
"""

from __future__ import annotations

import json
import types
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

import zi_engine
from tests.support.plugins import KALSEL_MISSING_REASON, kalsel_installed
from zi_engine import ChoiceAnswerType, Engine, PluginError, RubricError, Submission, hookimpl

# not yet re-exported from zi_engine (see the module's __init__)
from zi_engine.lifecycle import Actor, Lifecycle, ListenerError, TransitionRefused

if not kalsel_installed():
    pytest.skip(KALSEL_MISSING_REASON, allow_module_level=True)

import zi_engine_kalsel.plugin  # only once we know it is installed

from tests.support import REPO

ROOT = REPO
DINKES = ROOT / "examples" / "dinkes-banjarbaru-wbk.yaml"  # a Banjarbaru (Kalsel) unit
RSUD = ROOT / "examples" / "rsud-idaman-area-minimum.yaml"
LOCAL_QUESTION = "pp.p.kepuasan.kalsel_sarpras"
RULE = "kalsel_temuan_lama"
HOOKS = (
    "zi_answer_types",
    "zi_criterion_kinds",
    "zi_evaluation_done",
    "zi_extra_criteria",
    "zi_rubric_sources",
    "zi_transition_done",
)


@pytest.fixture
def engine() -> Engine:
    return Engine(load_entrypoints=True)


@pytest.fixture
def rubric(engine: Engine) -> zi_engine.Rubric:
    return engine.load_rubric("kalsel-2026")


def dinkes(answer: Any = "4", **extra: Any) -> Submission:
    """The Dinkes Banjarbaru example (WBK-eligible nationally) with the local answer and facts."""
    data = yaml.safe_load(DINKES.read_text(encoding="utf-8"))
    if answer is not None:
        data["answers"][LOCAL_QUESTION] = answer
    data["facts"]["extra"] = extra
    return Submission.from_dict(data, source=str(DINKES))


def rule_results(evaluation: zi_engine.Evaluation, predicate: str) -> list[Any]:
    return [c for c in evaluation.eligibility[predicate].criteria if c.id == RULE]


# -- loading --------------------------------------------------------------------------------


def test_the_entry_point_is_loaded_and_listed_with_its_distribution(engine: Engine) -> None:
    (info,) = [p for p in engine.plugins() if p.name == "kalsel"]
    assert info.origin == "entry point kalsel = zi_engine_kalsel.plugin (zi-engine-kalsel 0.1.0)"
    assert info.hooks == HOOKS


def test_explicit_registration_works_without_entry_points() -> None:
    engine = Engine(plugins=[zi_engine_kalsel.plugin])
    assert "kalsel" not in [p.name for p in engine.plugins()]
    info = engine.plugins()[-1]
    assert (info.name, info.hooks) == ("zi_engine_kalsel.plugin", HOOKS)
    assert engine.load_rubric("kalsel-2026").id == "kalsel-2026"


def test_loading_by_entry_point_and_explicitly_registers_it_once() -> None:
    engine = Engine(plugins=[zi_engine_kalsel.plugin], load_entrypoints=True)
    implementers = [p.name for p in engine.plugins() if "zi_answer_types" in p.hooks]
    assert implementers == ["zi_engine.rubric._builtin_answers", "zi_engine_kalsel.plugin"]
    assert "skala_1_5" in engine.answer_types  # and no conflict with itself


def test_the_origin_shown_belongs_to_each_engine() -> None:
    """Origins are kept in a module-global dict keyed by ``id(plugin)``.

    Once any engine has loaded the module through its entry point, every later
    engine that registers the same module explicitly reports it as
    "entry point kalsel = ..." too.
    """
    Engine(load_entrypoints=True)
    engine = Engine(plugins=[zi_engine_kalsel.plugin])
    assert engine.plugins()[-1].origin == "registered explicitly (zi_engine_kalsel.plugin)"


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_denying_the_plugin_takes_its_rubric_and_answer_type_away(
    how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if how == "argument":
        engine = Engine(load_entrypoints=True, deny=["kalsel"])
    else:
        monkeypatch.setenv("ZI_ENGINE_DISABLE_PLUGINS", "kalsel")
        engine = Engine(load_entrypoints=True)
    assert "skala_1_5" not in engine.answer_types
    with pytest.raises(RubricError, match="no rubric 'kalsel-2026'"):
        engine.load_rubric("kalsel-2026")


def _claimer(name: str, **hooks: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


def test_another_plugin_claiming_skala_1_5_is_an_error_naming_both() -> None:
    rival = _claimer(
        "kabupaten_tabalong",
        zi_answer_types=lambda: [ChoiceAnswerType("skala_1_5", {"1": 0.0, "5": 1.0})],
    )
    with pytest.raises(PluginError, match="'skala_1_5'") as info:
        Engine(plugins=[rival], load_entrypoints=True)
    assert "'kalsel'" in str(info.value)
    assert "'kabupaten_tabalong'" in str(info.value)


def test_another_plugin_claiming_kalsel_2026_is_an_error_naming_both(tmp_path: Path) -> None:
    rival = _claimer("rubrik_tiruan", zi_rubric_sources=lambda: {"kalsel-2026": tmp_path})
    with pytest.raises(PluginError, match="'kalsel-2026'") as info:
        Engine(plugins=[rival], load_entrypoints=True)
    assert "'kalsel'" in str(info.value)
    assert "'rubrik_tiruan'" in str(info.value)


# -- the rubric -----------------------------------------------------------------------------


def test_the_rubric_reuses_the_bundled_areas_and_replaces_area_6(rubric: zi_engine.Rubric) -> None:
    base = Engine().load_rubric("permenpan-rb-90-2021")
    assert (rubric.id, rubric.version) == ("kalsel-2026", "2026.1")
    assert [f.name for f in rubric.files] == [f.name for f in base.files]
    replaced = "areas/6-peningkatan-kualitas-pelayanan-publik.yaml"
    for mine, theirs in zip(rubric.files, base.files, strict=True):
        assert (mine.content == theirs.content) == (mine.name != replaced), mine.name
    assert set(rubric.questions) - set(base.questions) == {LOCAL_QUESTION}
    assert set(base.questions) < set(rubric.questions)
    assert rubric.question(LOCAL_QUESTION).answer == "skala_1_5"
    assert rubric.predicates == base.predicates  # WBK/WBBM come from the base manifest
    assert rubric.manifest.total == base.manifest.total == 100


def test_the_rubric_is_read_from_the_installed_package(rubric: zi_engine.Rubric) -> None:
    assert rubric.source is not None
    expected = Path(zi_engine_kalsel.plugin.__file__).parent / "rubrics" / "kalsel-2026"
    assert Path(rubric.source).resolve() == expected.resolve()


def test_zi_engine_rubric_validate_finds_it_by_name() -> None:
    import io

    from zi_engine.cli import _main as _cli

    out, err = io.StringIO(), io.StringIO()
    assert _cli.main(["rubric", "validate", "kalsel-2026"], out=out, err=err) == 0, err.getvalue()
    assert out.getvalue().startswith("valid: ")


# -- the answer type ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "value"),
    [("1", 0.0), ("2", 0.25), (3, 0.5), ("4", 0.75), (" 5 ", 1.0), (5.0, 1.0)],
)
def test_the_local_question_scores_on_the_1_to_5_scale(
    engine: Engine, rubric: zi_engine.Rubric, answer: Any, value: float
) -> None:
    item = engine.evaluate(rubric, dinkes(answer)).items[LOCAL_QUESTION]
    assert item.status == "answered"
    assert item.value == pytest.approx(value)
    # one of four questions in a sub-area of weight 1, scored as the mean
    assert item.maximum == pytest.approx(0.25)
    assert item.score == pytest.approx(value * 0.25)


def test_the_local_answer_moves_the_total_by_its_share(
    engine: Engine, rubric: zi_engine.Rubric
) -> None:
    best = engine.evaluate(rubric, dinkes("5")).total
    worst = engine.evaluate(rubric, dinkes("1")).total
    assert best - worst == pytest.approx(0.25)


@pytest.mark.parametrize("answer", ["6", "0", "A", "lima", 4.5, -1])
def test_answers_off_the_scale_are_refused_naming_the_question(
    engine: Engine, rubric: zi_engine.Rubric, answer: Any
) -> None:
    with pytest.raises(zi_engine.SubmissionError, match=LOCAL_QUESTION):
        engine.evaluate(rubric, dinkes(answer))


def test_one_step_better_is_the_next_number_up(engine: Engine, rubric: zi_engine.Rubric) -> None:
    scale = engine.answer_types["skala_1_5"]
    question = rubric.question(LOCAL_QUESTION)
    ranked = sorted(scale.option_values(question).items(), key=lambda kv: kv[1])
    assert [k for k, _ in ranked] == ["1", "2", "3", "4", "5"]
    assert scale.input == "choice"


# -- the extra criterion --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("temuan_lama", "outcome", "wbk"),
    [
        (None, "inconclusive", "inconclusive"),
        (0, "pass", "eligible"),
        (2, "fail", "not_eligible"),
        ([], "pass", "eligible"),
        (["2026-02-14"], "pass", "eligible"),  # open for three months on 2026-05-20
        (["2025-06-30", "2026-02-14"], "fail", "not_eligible"),  # one older than six months
        ("banyak", "inconclusive", "inconclusive"),
        (["kemarin"], "inconclusive", "inconclusive"),
    ],
)
def test_the_inspektorat_rule_judges_extra_temuan_lama(
    engine: Engine, rubric: zi_engine.Rubric, temuan_lama: Any, outcome: str, wbk: str
) -> None:
    extra = {} if temuan_lama is None else {"temuan_lama": temuan_lama}
    evaluation = engine.evaluate(rubric, dinkes(**extra))
    (result,) = rule_results(evaluation, "WBK")
    assert (result.outcome, result.group, result.kind) == (outcome, "extra", RULE)
    assert result.source is not None
    assert "Inspektorat" in result.source
    assert result.reason
    verdict = evaluation.eligibility["WBK"]
    assert verdict.outcome == wbk
    assert (RULE in verdict.failed) == (outcome == "fail")
    assert (RULE in verdict.inconclusive) == (outcome == "inconclusive")


def test_the_rule_is_in_every_predicate_and_in_the_json(
    engine: Engine, rubric: zi_engine.Rubric
) -> None:
    evaluation = engine.evaluate(rubric, dinkes(temuan_lama=3))
    for predicate in ("WBK", "WBBM"):
        (result,) = rule_results(evaluation, predicate)
        assert (result.actual, result.required, result.gap) == (3.0, 0.0, 3.0)
    exported = json.loads(json.dumps(evaluation.to_dict()))
    (as_json,) = [c for c in exported["eligibility"]["WBK"]["criteria"] if c["id"] == RULE]
    assert as_json["group"] == "extra"
    assert as_json["outcome"] == "fail"


def test_the_rule_is_not_added_to_the_national_rubric(engine: Engine) -> None:
    national = engine.load_rubric("permenpan-rb-90-2021")
    evaluation = engine.evaluate(national, dinkes(answer=None, temuan_lama=9))
    assert rule_results(evaluation, "WBK") == []
    assert evaluation.eligibility["WBK"].outcome == "eligible"


def test_without_an_evaluation_date_dates_cannot_be_judged(
    engine: Engine, rubric: zi_engine.Rubric
) -> None:
    data = dinkes(temuan_lama=["2025-01-01"]).model_dump(mode="json")
    data["as_of"] = None
    evaluation = engine.evaluate(rubric, Submission.from_dict(data))
    (result,) = rule_results(evaluation, "WBK")
    assert result.outcome == "inconclusive"
    assert "as_of" in result.reason


# -- the listeners --------------------------------------------------------------------------


def test_each_evaluation_appends_one_json_line(
    engine: Engine,
    rubric: zi_engine.Rubric,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("ZI_KALSEL_AUDIT_LOG", str(log))
    engine.evaluate(rubric, dinkes(temuan_lama=0))
    engine.evaluate(rubric, dinkes(temuan_lama=1))
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["event"], e["eligibility"]["WBK"]) for e in lines] == [
        ("evaluation", "eligible"),
        ("evaluation", "not_eligible"),
    ]
    assert lines[0]["unit"] == "DINKES-BJB"
    assert lines[0]["rubric"]["id"] == "kalsel-2026"
    assert lines[0]["rubric"]["hash"] == rubric.content_hash
    assert lines[0]["as_of"] == "2026-05-20"


def test_without_the_variable_nothing_is_written(
    engine: Engine, rubric: zi_engine.Rubric, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    engine.evaluate(rubric, dinkes())
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_audit_log_fails_the_evaluation(
    engine: Engine, rubric: zi_engine.Rubric, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZI_KALSEL_AUDIT_LOG", str(tmp_path))  # a directory
    # the listener's failure is the plugin's, named as such (issue 13), its OSError the cause
    with pytest.raises(zi_engine.PluginError, match="plugin 'kalsel': zi_evaluation_done") as e:
        engine.evaluate(rubric, dinkes())
    assert isinstance(e.value.__cause__, OSError)  # the platform picks IsADirectory/Permission


def test_the_improvement_plan_does_not_report_hypothetical_evaluations(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evaluation listeners are for audit and export: they must see real evaluations only.

    Today ``zi_engine.plan`` re-checks its proposal with ``engine.evaluate``
    on an improved copy of the submission, so the audit log gains an
    "eligible" evaluation that never happened.
    """
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("ZI_KALSEL_AUDIT_LOG", str(log))
    rubric = engine.load_rubric("permenpan-rb-90-2021")
    evaluation = engine.evaluate(rubric, zi_engine.load_submission(RSUD))
    assert evaluation.eligibility["WBK"].outcome == "not_eligible"
    improvement = zi_engine.plan(evaluation, "WBK")
    assert improvement.steps  # the plan did have something to check
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [e["eligibility"]["WBK"] for e in events] == ["not_eligible"]


# -- lifecycle transitions ------------------------------------------------------------------

WIB = timezone(timedelta(hours=7))
UNIT_HEAD = Actor("kepala-dinkes", "unit_head", "PEMKOT-BJB")


def test_each_transition_appends_one_json_line(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("ZI_KALSEL_AUDIT_LOG", str(log))
    lc = Lifecycle.new("DINKES-BJB", "PEMKOT-BJB", engine=engine)
    first = lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=datetime(2024, 2, 12, 9, 0, tzinfo=WIB),
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    selected = lc.fire(
        "select_unit",
        actor=Actor("walikota", "agency_head", UNIT_HEAD.agency_id),
        at=datetime(2024, 2, 13, tzinfo=WIB),
    )
    second = lc.fire("start_building", actor=UNIT_HEAD, at=datetime(2024, 2, 13, tzinfo=WIB))
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    # declare, select_unit (the agency head's penetapan) and start_building: one line each
    assert [(e["event"], e["unit"], e["agency"]) for e in lines] == [
        ("transition", "DINKES-BJB", "PEMKOT-BJB")
    ] * 3
    assert [e["record"] for e in lines] == [first.to_dict(), selected.to_dict(), second.to_dict()]
    assert lines[0]["record"]["trigger"] == "declare"
    assert lines[0]["record"]["at"] == "2024-02-12T09:00:00+07:00"
    assert lines[2]["record"]["prev_hash"] == lines[1]["record"]["hash"]  # the chain survives


def test_a_transition_the_log_cannot_record_is_rolled_back(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZI_KALSEL_AUDIT_LOG", str(tmp_path))  # a directory: cannot append
    lc = Lifecycle.new("DINKES-BJB", "PEMKOT-BJB", engine=engine)
    with pytest.raises(ListenerError) as info:
        lc.fire(
            "declare",
            actor=UNIT_HEAD,
            at=datetime(2024, 2, 12, tzinfo=WIB),
            pakta_integritas_signed=True,
            staff_signed=40,
            staff_total=42,
        )
    assert isinstance(info.value.__cause__, OSError)
    assert lc.state == "candidate"
    assert lc.history == ()


def test_a_refusal_names_the_policy_plugin_that_decided() -> None:
    """``zi_authorize`` is first-result: which implementation answered must be visible.

    Today ``TransitionRefused.reasons`` carries the policy's text only; nothing
    (reason, exception attribute, audit record) names the plugin that decided.
    """

    class InspektoratPolicy:
        @hookimpl
        def zi_authorize(self, lifecycle: Any, actor: Any, trigger: str, at: datetime) -> str:
            return "pencanangan menunggu persetujuan Inspektorat"

    engine = Engine(plugins=[InspektoratPolicy()])
    lc = Lifecycle.new("DINKES-BJB", "PEMKOT-BJB", engine=engine)
    with pytest.raises(TransitionRefused) as info:
        lc.fire(
            "declare",
            actor=UNIT_HEAD,
            at=datetime(2024, 2, 12, tzinfo=WIB),
            pakta_integritas_signed=True,
            staff_signed=40,
            staff_total=42,
        )
    (reason,) = [r for r in info.value.reasons if "Inspektorat" in r]
    assert "InspektoratPolicy" in reason
