"""Loading plugins: explicit registration, entry points, order, failures, conflicts, allow/deny.

Entry points come from fake distributions on ``sys.path`` (see
``plugin_support.FakeDists``), so these tests need nothing installed. Where
the installed example plugin could interfere, the tests pass an allowlist.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.plugins import FakeDists, good_plugin
from zi_engine import ChoiceAnswerType, Engine, PluginError, hookimpl

BUILTINS = [
    "zi_engine.rubric._builtin_answers",
    "zi_engine.rubric._builtin_sources",
    "zi_engine.eligibility._kinds",
    "zi_engine.lifecycle._builtin",
    "zi_engine.kawasan._builtin",
]


def _module(name: str, **hooks: Callable[..., object]) -> types.ModuleType:
    """A plugin module made on the fly (what ``Engine(plugins=[...])`` usually gets)."""
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


def _answer_types(*names: str) -> Callable[[], list[ChoiceAnswerType]]:
    return lambda: [ChoiceAnswerType(n, {"Ya": 1.0, "Tidak": 0.0}) for n in names]


def _rubrics(**sources: Path) -> Callable[[], dict[str, Path]]:
    return lambda: dict(sources)


def _entry_point_names(engine: Engine) -> list[str]:
    return [p.name for p in engine.plugins() if p.origin.startswith("entry point")]


# -- explicit registration -------------------------------------------------------------


def test_built_ins_are_plugins_of_the_same_hooks() -> None:
    infos = Engine().plugins()
    assert [p.name for p in infos] == BUILTINS
    assert {p.origin for p in infos} == {"built-in"}
    by_name = {p.name: p.hooks for p in infos}
    assert by_name["zi_engine.rubric._builtin_answers"] == ("zi_answer_types",)
    assert by_name["zi_engine.rubric._builtin_sources"] == ("zi_rubric_sources",)
    assert by_name["zi_engine.eligibility._kinds"] == ("zi_criterion_kinds",)
    assert by_name["zi_engine.kawasan._builtin"] == ("zi_lifecycle_definitions",)


def test_an_explicit_plugin_adds_to_the_registries_and_is_listed() -> None:
    plugin = _module("agency_rules", zi_answer_types=_answer_types("ada_tidak_ada"))
    engine = Engine(plugins=[plugin])
    assert "ada_tidak_ada" in engine.answer_types
    assert "ya_tidak" in engine.answer_types  # the built-ins are still there
    info = engine.plugins()[-1]
    assert info.name == "agency_rules"
    assert info.origin == "registered explicitly (agency_rules)"
    assert info.hooks == ("zi_answer_types",)
    assert "ada_tidak_ada" not in Engine().answer_types  # nothing leaks into other engines


def test_registering_the_same_plugin_twice_registers_it_once() -> None:
    plugin = _module("twice", zi_answer_types=_answer_types("dua_kali"))
    engine = Engine(plugins=[plugin, plugin])
    assert [p.name for p in engine.plugins()].count("twice") == 1
    assert "dua_kali" in engine.answer_types


def test_explicit_plugins_do_not_load_entry_points(fake_dists: FakeDists) -> None:
    fake_dists.add("zi-fake-idle", {"idle": "zi_fake_idle"}, {"zi_fake_idle": good_plugin("x")})
    engine = Engine(plugins=[_module("only_me")])
    assert _entry_point_names(engine) == []
    assert "zi_fake_idle" not in sys.modules


# -- entry points: loading and order -----------------------------------------------------


def test_entry_points_load_with_their_origin(fake_dists: FakeDists) -> None:
    fake_dists.add(
        "zi-fake-good", {"good": "zi_fake_good"}, {"zi_fake_good": good_plugin("baik_buruk")}
    )
    engine = Engine(load_entrypoints=True, allow=["good"])
    (info,) = [p for p in engine.plugins() if p.name == "good"]
    assert info.origin == "entry point good = zi_fake_good (zi-fake-good 1.0)"
    assert info.hooks == ("zi_answer_types",)
    assert "baik_buruk" in engine.answer_types


@pytest.mark.parametrize("reverse", [False, True], ids=["a-site-first", "z-site-first"])
def test_entry_points_load_in_name_order_whatever_the_install_order(
    make_site: Callable[[], FakeDists], reverse: bool
) -> None:
    sites = [make_site(), make_site()]  # the later one is first on sys.path
    if reverse:
        sites.reverse()
    sites[0].add("zi-fake-zeta", {"zeta": "zi_fake_zeta"}, {"zi_fake_zeta": good_plugin("z")})
    sites[1].add("zi-fake-alpha", {"alpha": "zi_fake_alpha"}, {"zi_fake_alpha": good_plugin("a")})
    engine = Engine(load_entrypoints=True, allow=["alpha", "zeta"])
    assert [p.name for p in engine.plugins()] == [*BUILTINS, "alpha", "zeta"]
    # pluggy asks the plugin registered last first: the order is part of the contract
    results = engine.plugin_manager.hook.zi_answer_types()
    assert [r[0].name for r in results[:2]] == ["z", "a"]


# -- entry points: failures ----------------------------------------------------------------


BROKEN = """
    raise RuntimeError("koneksi ke SIMWAS gagal")
"""


def test_a_plugin_that_fails_to_import_is_reported_by_name_with_its_error(
    fake_dists: FakeDists,
) -> None:
    fake_dists.add("zi-fake-broken", {"broken": "zi_fake_broken"}, {"zi_fake_broken": BROKEN})
    with pytest.raises(PluginError) as info:
        Engine(load_entrypoints=True)
    message = str(info.value)
    assert "'broken'" in message
    assert "zi_fake_broken" in message
    assert "zi-fake-broken 1.0" in message
    assert "RuntimeError: koneksi ke SIMWAS gagal" in message
    assert isinstance(info.value.__cause__, RuntimeError)


@pytest.mark.parametrize(
    ("target", "source", "error"),
    [
        ("zi_fake_nodep", "import zi_fake_no_such_dependency\n", "ModuleNotFoundError"),
        ("zi_fake_noattr:plugin", "x = 1\n", "AttributeError"),
        ("zi_fake_syntax", "def broken(:\n", "SyntaxError"),
    ],
)
def test_every_kind_of_import_failure_is_a_plugin_error(
    fake_dists: FakeDists, target: str, source: str, error: str
) -> None:
    module = target.partition(":")[0]
    fake_dists.add("zi-fake-failing", {"failing": target}, {module: source})
    with pytest.raises(PluginError, match=rf"plugin 'failing' .*{error}"):
        Engine(load_entrypoints=True)


def test_a_failed_load_leaves_no_half_loaded_engine(fake_dists: FakeDists) -> None:
    # "aaa" sorts (and so imports) before "broken": it must not end up registered anywhere
    fake_dists.add("zi-fake-aaa", {"aaa": "zi_fake_aaa"}, {"zi_fake_aaa": good_plugin("aaa")})
    fake_dists.add("zi-fake-broken", {"broken": "zi_fake_broken"}, {"zi_fake_broken": BROKEN})
    with pytest.raises(PluginError, match="'broken'"):
        Engine(load_entrypoints=True, allow=["aaa", "broken"])
    assert "aaa" not in Engine().answer_types
    # leaving the broken plugin out is the way on, and then everything else loads
    engine = Engine(load_entrypoints=True, allow=["aaa", "broken"], deny=["broken"])
    assert _entry_point_names(engine) == ["aaa"]
    assert "aaa" in engine.answer_types


def test_a_plugin_with_a_wrong_hook_signature_is_a_plugin_error(fake_dists: FakeDists) -> None:
    source = """
        from zi_engine import hookimpl

        @hookimpl
        def zi_extra_criteria(rubric, predicat):
            return []
    """
    fake_dists.add("zi-fake-sig", {"sig": "zi_fake_sig"}, {"zi_fake_sig": source})
    with pytest.raises(PluginError, match=r"(?s)plugin 'sig' .*predicat"):
        Engine(load_entrypoints=True, allow=["sig"])


def test_an_explicit_plugin_with_a_wrong_hook_signature_is_a_plugin_error() -> None:
    """Explicit plugins are checked like entry points and fail with the same error type.

    Today pluggy's ``PluginValidationError`` escapes from ``Engine(plugins=...)``
    unwrapped, so ``except zi_engine.PluginError`` does not catch it.
    """

    def zi_extra_criteria(rubric: object, predicat: str) -> list[object]:
        return []

    plugin = _module("salah_tanda_tangan", zi_extra_criteria=zi_extra_criteria)
    with pytest.raises(PluginError, match=r"(?s)salah_tanda_tangan.*predicat"):
        Engine(plugins=[plugin])


def test_a_hook_name_with_a_typo_is_an_error_not_silently_ignored() -> None:
    """``zi_anwser_types`` matches no hook; pluggy only notices in ``check_pending()``.

    Today the plugin registers, the misspelt hook is never called, and the
    plugin's answer types are silently missing.
    """
    plugin = _module("typo", zi_anwser_types=_answer_types("tidak_pernah"))
    with pytest.raises(PluginError, match=r"(?s)typo.*zi_anwser_types"):
        Engine(plugins=[plugin])


def test_two_distributions_with_the_same_entry_point_name_is_an_error_naming_both(
    make_site: Callable[[], FakeDists],
) -> None:
    """Today the second ``kembar`` is silently skipped (whichever sys.path lists later)."""
    first, second = make_site(), make_site()
    first.add("zi-fake-kembar-satu", {"kembar": "zi_fake_k1"}, {"zi_fake_k1": good_plugin("k1")})
    second.add("zi-fake-kembar-dua", {"kembar": "zi_fake_k2"}, {"zi_fake_k2": good_plugin("k2")})
    with pytest.raises(PluginError) as info:
        Engine(load_entrypoints=True, allow=["kembar"])
    assert "zi-fake-kembar-satu" in str(info.value)
    assert "zi-fake-kembar-dua" in str(info.value)


# -- conflicts ------------------------------------------------------------------------------


def test_two_plugins_with_the_same_answer_type_name_is_an_error_naming_both() -> None:
    first = _module("dinas_a", zi_answer_types=_answer_types("skala_lokal"))
    second = _module("dinas_b", zi_answer_types=_answer_types("skala_lokal"))
    with pytest.raises(PluginError) as info:
        Engine(plugins=[first, second])
    message = str(info.value)
    assert "'skala_lokal'" in message
    assert "'dinas_a'" in message
    assert "'dinas_b'" in message


def test_a_plugin_cannot_take_a_built_in_answer_type_name() -> None:
    with pytest.raises(PluginError, match="'ya_tidak'") as info:
        Engine(plugins=[_module("pembajak", zi_answer_types=_answer_types("ya_tidak"))])
    assert "'zi_engine.rubric._builtin_answers'" in str(info.value)
    assert "'pembajak'" in str(info.value)


def test_two_plugins_with_the_same_rubric_name_is_an_error_naming_both(tmp_path: Path) -> None:
    first = _module("prov_a", zi_rubric_sources=_rubrics(**{"rubrik-daerah": tmp_path / "a"}))
    second = _module("prov_b", zi_rubric_sources=_rubrics(**{"rubrik-daerah": tmp_path / "b"}))
    with pytest.raises(PluginError, match="'rubrik-daerah'") as info:
        Engine(plugins=[first, second])
    assert "'prov_a'" in str(info.value)
    assert "'prov_b'" in str(info.value)


def test_a_plugin_cannot_take_the_bundled_rubric_name(tmp_path: Path) -> None:
    plugin = _module("palsu", zi_rubric_sources=_rubrics(**{"permenpan-rb-90-2021": tmp_path}))
    with pytest.raises(PluginError, match="'permenpan-rb-90-2021'") as info:
        Engine(plugins=[plugin])
    assert "'zi_engine.rubric._builtin_sources'" in str(info.value)
    assert "'palsu'" in str(info.value)


def test_conflicts_are_reported_when_the_engine_is_built() -> None:
    """hookspecs.py: collecting hooks are called once when an Engine is built, and
    two plugins claiming the same name is a PluginError naming both.

    Today the registries are lazy (``cached_property``): ``Engine(...)``
    succeeds and the error surfaces later, at the first ``load_rubric``.
    """
    first = _module("dinas_a", zi_answer_types=_answer_types("skala_lokal"))
    second = _module("dinas_b", zi_answer_types=_answer_types("skala_lokal"))
    with pytest.raises(PluginError, match="'skala_lokal'"):
        Engine(plugins=[first, second])


# -- allow / deny ---------------------------------------------------------------------------


@pytest.fixture
def three_plugins(fake_dists: FakeDists) -> FakeDists:
    for name in ("satu", "dua", "tiga"):
        module = f"zi_fake_{name}"
        fake_dists.add(f"zi-fake-{name}", {name: module}, {module: good_plugin(f"jenis_{name}")})
    return fake_dists


def _loaded(engine: Engine) -> set[str]:
    return set(_entry_point_names(engine)) & {"satu", "dua", "tiga"}


def test_allow_argument_loads_only_the_named_entry_points(three_plugins: FakeDists) -> None:
    engine = Engine(load_entrypoints=True, allow=["dua", "tiga"])
    assert _entry_point_names(engine) == ["dua", "tiga"]  # nothing else, the example neither


def test_deny_argument_skips_the_named_entry_points(three_plugins: FakeDists) -> None:
    engine = Engine(load_entrypoints=True, deny=["dua"])
    assert _loaded(engine) == {"satu", "tiga"}
    assert "jenis_dua" not in engine.answer_types


def test_deny_wins_over_allow(three_plugins: FakeDists) -> None:
    engine = Engine(load_entrypoints=True, allow=["satu", "dua"], deny=["dua"])
    assert _entry_point_names(engine) == ["satu"]


def test_allowlist_from_the_environment(
    three_plugins: FakeDists, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZI_ENGINE_PLUGINS", " tiga , satu ")
    assert _entry_point_names(Engine(load_entrypoints=True)) == ["satu", "tiga"]


def test_an_empty_allowlist_from_the_environment_loads_no_entry_point(
    three_plugins: FakeDists, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZI_ENGINE_PLUGINS", "")
    assert _entry_point_names(Engine(load_entrypoints=True)) == []


def test_allow_argument_replaces_the_environment_allowlist(
    three_plugins: FakeDists, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZI_ENGINE_PLUGINS", "satu")
    assert _entry_point_names(Engine(load_entrypoints=True, allow=["dua"])) == ["dua"]


def test_denylist_from_the_environment_adds_to_the_argument(
    three_plugins: FakeDists, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZI_ENGINE_DISABLE_PLUGINS", "satu")
    assert _loaded(Engine(load_entrypoints=True, deny=["dua"])) == {"tiga"}


def test_a_denied_broken_plugin_is_never_imported(
    fake_dists: FakeDists, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dists.add("zi-fake-broken", {"broken": "zi_fake_broken"}, {"zi_fake_broken": BROKEN})
    monkeypatch.setenv("ZI_ENGINE_DISABLE_PLUGINS", "broken")
    Engine(load_entrypoints=True)
    assert "zi_fake_broken" not in sys.modules


# -- nothing at import time -----------------------------------------------------------------


def test_importing_zi_engine_or_a_default_engine_loads_no_entry_point(tmp_path: Path) -> None:
    site = tmp_path / "site"
    FakeDists(site).add(
        "zi-fake-spy",
        {"spy": "zi_fake_spy"},
        {"zi_fake_spy": "from zi_engine import hookimpl\n"},
    )
    code = textwrap.dedent(
        """
        import sys
        import zi_engine
        assert "zi_fake_spy" not in sys.modules, "import zi_engine loaded a plugin"
        zi_engine.Engine().answer_types
        zi_engine.load_rubric("permenpan-rb-90-2021")
        assert "zi_fake_spy" not in sys.modules, "Engine() loaded a plugin"
        assert "zi_engine_kalsel" not in sys.modules, "the example plugin was loaded"
        engine = zi_engine.Engine(load_entrypoints=True)
        assert "zi_fake_spy" in sys.modules, "load_entrypoints=True did not load it"
        print("ok")
        """
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("ZI_ENGINE_PLUGINS", "ZI_ENGINE_DISABLE_PLUGINS")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
