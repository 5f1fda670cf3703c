"""Collecting hooks keep each plugin's answer under its name, so a wrapper on one is refused.

A wrapper (``@hookimpl(wrapper=True)``, or the old ``hookwrapper=True``)
around a collecting hook used to crash ``Engine(...)`` with an
``AttributeError``: the engine called each implementation itself and got a
generator back. Now it is a :class:`PluginError` that names the plugin and
the hook – when the engine is built, and for a plugin registered on the
engine's manager afterwards, when the hook is next called.
"""

from __future__ import annotations

import types
from collections.abc import Generator
from typing import Any

import pytest

import zi_engine
from tests.support.submissions import UNIT
from zi_engine import ChoiceAnswerType, Engine, PluginError, hookimpl
from zi_engine.engine._plugins import COLLECTING_HOOKS


def _wrapping(hook_name: str, style: str) -> types.ModuleType:
    """A plugin module that wraps ``hook_name`` the new (``wrapper``) or old way."""
    params = "rubric, predicate" if hook_name == "zi_extra_criteria" else ""
    body = "result = yield\n    return result" if style == "wrapper" else "yield"
    namespace: dict[str, Any] = {}
    exec(f"def {hook_name}({params}):\n    {body}\n", namespace)  # the hook's own parameters
    module = types.ModuleType(f"wraps_{hook_name}_{style}")
    setattr(module, hook_name, hookimpl(**{style: True})(namespace[hook_name]))
    return module


@pytest.mark.parametrize("style", ["wrapper", "hookwrapper"])
@pytest.mark.parametrize("hook_name", COLLECTING_HOOKS)
def test_a_wrapper_on_a_collecting_hook_is_a_plugin_error_naming_plugin_and_hook(
    hook_name: str, style: str
) -> None:
    plugin = _wrapping(hook_name, style)
    with pytest.raises(PluginError) as caught:
        Engine(plugins=[plugin])
    message = str(caught.value)
    assert f"plugin {plugin.__name__!r}" in message
    assert f"implements {hook_name} as a hook wrapper ({style}=True)" in message
    assert "collecting hook" in message


def test_the_answer_types_wrapper_of_the_issue_no_longer_crashes() -> None:
    class Wrapper:
        @hookimpl(wrapper=True)
        def zi_answer_types(self) -> Generator[None, Any, Any]:
            types_ = yield
            return types_

    with pytest.raises(PluginError, match="zi_answer_types as a hook wrapper"):
        Engine(plugins=[Wrapper()])


def test_a_wrapper_registered_later_is_refused_when_the_hook_is_next_called() -> None:
    engine = Engine()
    plugin = _wrapping("zi_extra_criteria", "wrapper")
    engine.plugin_manager.register(plugin, name="late_wrapper")
    with pytest.raises(PluginError, match="'late_wrapper' implements zi_extra_criteria"):
        engine.load_rubric("permenpan-rb-90-2021", reload=True)


def test_plain_implementations_of_collecting_hooks_still_collect() -> None:
    class Plain:
        @hookimpl
        def zi_answer_types(self) -> list[ChoiceAnswerType]:
            return [ChoiceAnswerType("ada_tidak", {"Ada": 1.0, "Tidak": 0.0})]

    engine = Engine(plugins=[Plain()])
    assert "ada_tidak" in engine.answer_types


def test_a_wrapper_on_a_listener_hook_is_still_honoured() -> None:
    """Listeners are called through pluggy, so wrappers there keep working."""
    seen: list[str] = []

    class Around:
        @hookimpl(wrapper=True)
        def zi_evaluation_done(self, evaluation: Any) -> Generator[None, Any, Any]:
            seen.append("before")
            result = yield
            seen.append("after")
            return result

    engine = Engine(plugins=[Around()])
    sub = zi_engine.Submission.model_validate({"unit": UNIT, "year": 2026})
    engine.evaluate(engine.load_rubric("permenpan-rb-90-2021"), sub)
    assert seen == ["before", "after"]


def test_the_collecting_hooks_are_the_hooks_documented_as_collecting() -> None:
    from zi_engine import hookspecs

    marker_name = f"{hookspecs.PROJECT_NAME}_spec"
    documented = {
        name
        for name, obj in vars(hookspecs).items()
        if getattr(obj, marker_name, None) is not None and "Collecting hook" in (obj.__doc__ or "")
    }
    assert set(COLLECTING_HOOKS) == documented
