"""``zi-engine plugins``: every plugin, where it came from and its hooks; errors by name."""

from __future__ import annotations

import io

import pytest

from tests.support.plugins import FakeDists, good_plugin
from zi_engine.cli import _main as _cli

BUILTIN_BLOCK = (
    "zi_engine.rubric._builtin_answers\n  from: built-in\n  hooks: zi_answer_types\n"
    "zi_engine.rubric._builtin_sources\n  from: built-in\n  hooks: zi_rubric_sources\n"
    "zi_engine.eligibility._kinds\n  from: built-in\n  hooks: zi_criterion_kinds\n"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = _cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def one_plugin(fake_dists: FakeDists, monkeypatch: pytest.MonkeyPatch) -> FakeDists:
    fake_dists.add("zi-fake-bjb", {"bjb": "zi_fake_bjb"}, {"zi_fake_bjb": good_plugin("ada_tidak")})
    monkeypatch.setenv("ZI_ENGINE_PLUGINS", "bjb")  # leave out whatever else is installed
    return fake_dists


def test_lists_built_ins_then_entry_points_with_origin_and_hooks(one_plugin: FakeDists) -> None:
    code, out, err = run("plugins")
    assert (code, err) == (0, "")
    assert out.startswith(BUILTIN_BLOCK)
    assert out.endswith(
        "bjb\n  from: entry point bjb = zi_fake_bjb (zi-fake-bjb 1.0)\n  hooks: zi_answer_types\n"
    )


def test_no_plugins_lists_only_the_built_ins(one_plugin: FakeDists) -> None:
    code, out, _ = run("--no-plugins", "plugins")
    assert code == 0
    assert out.startswith(BUILTIN_BLOCK)
    assert "bjb" not in out


def test_a_denied_plugin_is_not_listed(
    one_plugin: FakeDists, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZI_ENGINE_DISABLE_PLUGINS", "bjb")
    code, out, _ = run("plugins")
    assert code == 0
    assert "bjb" not in out


def test_a_broken_plugin_is_named_with_its_error_and_nothing_is_listed(
    fake_dists: FakeDists,
) -> None:
    fake_dists.add("zi-fake-rusak", {"rusak": "zi_fake_rusak"}, {"zi_fake_rusak": "1 / 0\n"})
    code, out, err = run("plugins")
    assert code == 1
    assert out == ""  # no half list: the engine was never built
    assert err.startswith("zi-engine: plugin 'rusak' (zi_fake_rusak from zi-fake-rusak 1.0)")
    assert "ZeroDivisionError: division by zero" in err
    assert "Traceback" not in err
    # the way around it, without uninstalling anything
    code, out, _ = run("--no-plugins", "plugins")
    assert code == 0
    assert out.startswith(BUILTIN_BLOCK)
