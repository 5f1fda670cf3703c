"""A plugin that raises, answers with the wrong type or exits is reported as the plugin's error.

Each case used to escape as a raw exception (or a silent exit 0), which the
command line reports as "a bug in zi_engine". Now each is a
:class:`PluginError` naming the plugin and the hook, with the plugin's own
exception as the cause.
"""

from __future__ import annotations

import io
import types
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import pytest

from tests.support.lifecycle import UNIT_HEAD, S
from tests.support.plugins import FakeDists
from zi_engine import (
    CriterionContext,
    CriterionKind,
    CriterionResult,
    CriterionSpec,
    Engine,
    Lifecycle,
    PluginError,
    hookimpl,
)
from zi_engine.cli import _main as _cli
from zi_engine.lifecycle import Actor


def _module(name: str, **hooks: Callable[..., object]) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


def _boom(*_: object, **__: object) -> Any:
    raise RuntimeError("koneksi ke SIMWAS gagal")


@pytest.mark.parametrize(
    ("hook", "answer", "says"),
    [
        ("zi_answer_types", _boom, "zi_answer_types raised RuntimeError: koneksi ke SIMWAS"),
        ("zi_answer_types", lambda: 42, "zi_answer_types returned 42; expected a list"),
        ("zi_answer_types", lambda: ["ya", "tidak"], "returned 'ya', which has no name"),
        ("zi_criterion_kinds", lambda: [object()], "which has no name (not a criterion kind)"),
        ("zi_rubric_sources", lambda: ["a", "b"], "expected a mapping"),
        ("zi_rubric_sources", lambda: {"x": 42}, "returned 42 for rubric 'x'"),
        ("zi_lifecycle_guards", lambda: {"g": "not callable"}, "for lifecycle guard 'g'"),
        ("zi_lifecycle_definitions", lambda: {3: "x.yaml"}, "returned 3 as the name"),
    ],
)
def test_a_collecting_hook_that_raises_or_answers_wrongly_names_the_plugin(
    hook: str, answer: Callable[..., object], says: str
) -> None:
    with pytest.raises(PluginError, match="plugin 'rusak': ") as raised:
        Engine(plugins=[_module("rusak", **{hook: answer})])
    assert says in str(raised.value)
    assert hook in str(raised.value)


def test_extra_criteria_that_raise_or_are_not_a_list_name_the_plugin(rubric: Any) -> None:
    for answer, says in ((_boom, "raised RuntimeError"), (lambda **_: 7, "returned int")):
        engine = Engine(plugins=[_module("rusak", zi_extra_criteria=answer)])
        with pytest.raises(PluginError, match=f"plugin 'rusak': zi_extra_criteria {says}"):
            engine.load_rubric("permenpan-rb-90-2021")


class _Raising(CriterionKind):
    name = "meledak"
    group = "extra"

    def __init__(self, when: str, answer: object = None) -> None:
        self.when, self.answer = when, answer

    def check(self, spec: CriterionSpec, tree: Any, manifest: Any) -> list[str]:
        if self.when == "check":
            raise ValueError("tidak bisa memeriksa")
        return []

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        if self.when == "evaluate":
            raise KeyError("skor")
        return self.answer  # type: ignore[return-value]


def _kind_plugin(kind: _Raising) -> object:
    class Plugin:
        @hookimpl
        def zi_criterion_kinds(self) -> list[CriterionKind]:
            return [kind]

        @hookimpl
        def zi_extra_criteria(self, rubric: Any, predicate: str) -> list[CriterionSpec]:
            return [CriterionSpec(id="ledakan", label="Ledakan", kind="meledak")]

    return Plugin()


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        (_Raising("evaluate"), r"criterion kind 'meledak' \(criterion 'ledakan' of WBK\) raised"),
        (_Raising("never", answer=["pass"]), "gave str, not a CriterionResult"),
        (_Raising("never", answer=42), "raised TypeError"),
    ],
)
def test_a_criterion_kind_that_raises_or_answers_wrongly_names_its_module(
    kind: _Raising, says: str, make_submission: Any
) -> None:
    engine = Engine(plugins=[_kind_plugin(kind)])
    rubric = engine.load_rubric("permenpan-rb-90-2021")
    evaluation = engine.evaluate(rubric, make_submission())
    with pytest.raises(PluginError, match=rf"plugin '{__name__}': .*{says}"):
        evaluation.eligibility  # noqa: B018 - judged on first use


def test_a_criterion_kind_whose_check_raises_is_named_when_the_rubric_loads() -> None:
    engine = Engine(plugins=[_kind_plugin(_Raising("check"))])
    with pytest.raises(PluginError, match=r"checking criterion 'ledakan'\) raised ValueError"):
        engine.load_rubric("permenpan-rb-90-2021")


def test_a_raising_evaluation_listener_is_named(rubric: Any, make_submission: Any) -> None:
    engine = Engine(plugins=[_module("pencatat", zi_evaluation_done=_boom)])
    rubric = engine.load_rubric("permenpan-rb-90-2021")
    with pytest.raises(PluginError, match="plugin 'pencatat': zi_evaluation_done raised Runtime"):
        engine.evaluate(rubric, make_submission())


def _lifecycle(engine: Engine) -> Lifecycle:
    return Lifecycle.new("dinkes", UNIT_HEAD.agency_id or "", engine=engine)


def _declare(lc: Lifecycle) -> None:
    lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )


@pytest.mark.parametrize(
    ("policy", "says"),
    [
        (_boom, "zi_authorize raised RuntimeError"),
        (lambda lifecycle, actor, trigger, at: 42, "zi_authorize returned int"),
    ],
)
def test_a_raising_or_wrongly_answering_policy_is_named_and_nothing_moves(
    policy: Callable[..., object], says: str
) -> None:
    lc = _lifecycle(Engine(plugins=[_module("kebijakan", zi_authorize=policy)]))
    with pytest.raises(PluginError, match=f"plugin 'kebijakan': {says}"):
        _declare(lc)
    assert (lc.state, lc.revision) == ("candidate", 0)
    with pytest.raises(PluginError, match="plugin 'kebijakan'"):
        lc.allowed(UNIT_HEAD, at=S.declare)


def test_a_policy_that_fires_the_lifecycle_it_is_asked_about_is_refused() -> None:
    def meddling(lifecycle: Lifecycle, actor: Actor, trigger: str, at: datetime) -> None:
        if trigger == "declare":
            lifecycle.fire("start_building", actor=actor, at=at)

    lc = _lifecycle(Engine(plugins=[_module("kebijakan", zi_authorize=meddling)]))
    with pytest.raises(PluginError, match=r"kebijakan.*may not fire or check this lifecycle"):
        _declare(lc)
    assert (lc.state, lc.revision) == ("candidate", 0)


def test_a_guard_that_checks_the_lifecycle_it_guards_is_refused(tmp_path: Any) -> None:
    def nosy(ctx: Any) -> str | None:
        ctx.lifecycle.check("declare", actor=ctx.actor, at=ctx.at)
        return None

    def raising(ctx: Any) -> str | None:
        raise ZeroDivisionError

    guards = {"nosy_guard": nosy, "raising_guard": raising}
    engine = Engine(plugins=[_module("penjaga", zi_lifecycle_guards=lambda: guards)])
    source = Engine().lifecycle_definitions["permenpan-rb-90-2021"][0]
    text = source.read_text(encoding="utf-8")
    for guard, says in (("nosy_guard", "may not fire or check"), ("raising_guard", "ZeroDivision")):
        path = tmp_path / f"{guard}.yaml"
        path.write_text(
            text.replace(
                "name: permenpan-rb-90-2021", f"name: dengan-{guard.replace('_', '-')}"
            ).replace(
                "guards: [pakta_integritas_signed, pakta_integritas_share]",
                f"guards: [pakta_integritas_signed, pakta_integritas_share, {guard}]",
            ),
            encoding="utf-8",
        )
        lc = Lifecycle.new("dinkes", "pemprov-kalsel", engine=engine, definition=path)
        with pytest.raises(PluginError, match=rf"lifecycle guard '{guard}' raised .*{says}"):
            _declare(lc)
        assert lc.revision == 0


def test_a_plugin_that_exits_at_import_is_reported_not_a_silent_success(
    fake_dists: FakeDists, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dists.add(
        "zi-fake-keluar",
        {"keluar": "zi_fake_keluar"},
        {"zi_fake_keluar": "import sys\nsys.exit(0)\n"},
    )
    monkeypatch.setenv("ZI_ENGINE_PLUGINS", "keluar")
    with pytest.raises(PluginError, match=r"plugin 'keluar' .* called sys\.exit\(0\) while being"):
        Engine(load_entrypoints=True)
    out, err = io.StringIO(), io.StringIO()
    code = _cli.main(["plugins"], out=out, err=err)
    assert code == 1
    assert "called sys.exit(0)" in err.getvalue()
    assert "Traceback" not in err.getvalue()
