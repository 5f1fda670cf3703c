"""Messages in two languages: the runtime (codes, parameters, the language chosen, the
decimal comma) and the catalogs (every message has an Indonesian text that keeps its
placeholders, and the compiled catalogs are the ones the source needs)."""

from __future__ import annotations

import importlib.util
import os
import pickle
import sys
from pathlib import Path

import pytest

import zi_engine
from zi_engine._errors import Problem, RubricError
from zi_engine._i18n import Text, format_number, language, language_from_environment, t

ROOT = Path(__file__).resolve().parent.parent


def _catalogs_module():  # type: ignore[no-untyped-def]
    if importlib.util.find_spec("babel") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Babel (in the dev extra) is needed to check the message catalogs")
        pytest.skip("Babel (in the dev extra) is needed to check the message catalogs")
    spec = importlib.util.spec_from_file_location("zi_catalogs", ROOT / "scripts" / "catalogs.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["zi_catalogs"] = module
    spec.loader.exec_module(module)
    return module


def test_catalogs_are_complete_and_compiled() -> None:
    """Every t() message has an Indonesian text with the same placeholders, no entry is
    fuzzy or left over, and each .mo is exactly the compiled .po."""
    catalogs = _catalogs_module()
    assert catalogs.run(check=True) == []


def test_check_finds_a_missing_translation_and_a_dropped_placeholder() -> None:
    catalogs = _catalogs_module()
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="id")
    catalog.add("{n} more", "", context="x.missing")
    catalog.add("{n} of {total}", "{n} dari", context="x.dropped")
    catalog.add("plain", "biasa", context="x.fine")
    found = list(catalogs.translation_problems("id", "x", catalog))
    assert len(found) == 2
    assert "'x.missing' has no text" in found[0]
    assert "'x.dropped' uses ['n'] but the English text uses ['n', 'total']" in found[1]


def test_text_is_a_string_with_a_code_and_parameters() -> None:
    message = t(
        "errors.more_problems",
        "... and {more:,} more problems ({total:,} in all)",
        more=1100,
        total=1200,
    )
    assert isinstance(message, str)
    assert message.code == "errors.more_problems"
    assert message.params == {"more": 1100, "total": 1200}
    with zi_engine.use_language("en"):
        assert message.in_language("en") == "... and 1,100 more problems (1,200 in all)"
    assert message.in_language("id") == "... dan 1.100 masalah lagi (1.200 seluruhnya)"
    assert pickle.loads(pickle.dumps(message.in_language("id"))).lang == "id"


def test_an_error_carries_the_code_of_its_first_problem() -> None:
    problem = Problem(t("x.code", "a {thing}", thing="b"), file="f.yaml", line=3)
    error = RubricError([problem])
    assert error.code == "x.code"
    assert problem.code == "x.code"
    assert Problem("plain").code is None
    assert problem.in_language("id").line == 3


def test_the_language_chosen_in_a_block_wins_then_the_process_then_zi_lang(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ZI_LANG", raising=False)
    assert language() == "en"
    monkeypatch.setenv("ZI_LANG", "id_ID.UTF-8")
    assert language() == "id"
    zi_engine.set_language("en")
    try:
        assert language() == "en"
        with zi_engine.use_language("id"):
            assert language() == "id"
        assert language() == "en"
    finally:
        zi_engine.set_language(None)
    with pytest.raises(ValueError, match="'fr'") as refused:  # ZI_LANG=id: in Indonesian
        zi_engine.set_language("fr")
    assert str(refused.value) == "bahasa 'fr' tidak dikenal; zi_engine berbahasa id, en"
    assert refused.value.args[0].code == "core.unknown_language"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "id"),
        ({"LANG": "C.UTF-8"}, "id"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "ZI_LANG": "id"}, "id"),
        ({"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, "id"),
        ({"LANGUAGE": "fr:en", "LANG": "id_ID"}, "en"),
        ({"ZI_LANG": "klingon", "LANG": "en_GB"}, "en"),
    ],
)
def test_the_command_line_language_comes_from_zi_lang_then_the_locale(
    environ: dict[str, str], expected: str
) -> None:
    assert language_from_environment(environ) == expected


@pytest.mark.parametrize(
    ("value", "spec", "indonesian", "english"),
    [
        (85.456, ".2f", "85,46", "85.46"),
        (0.5, "", "0,5", "0.5"),
        (1000, ",", "1.000", "1,000"),
        (1234567.891, ",.2f", "1.234.567,89", "1,234,567.89"),
        (75, "", "75", "75"),
    ],
)
def test_numbers_use_the_decimal_comma_in_indonesian(
    value: float, spec: str, indonesian: str, english: str
) -> None:
    assert format_number(value, spec, "id") == indonesian
    assert format_number(value, spec, "en") == english


def test_a_translation_that_does_not_fit_falls_back_to_english() -> None:
    # the catalogs' check refuses such a translation; at run time it must not raise
    message = Text("x.unknown", "{a} and {b}", {"a": 1, "b": 2}, "id")
    assert message == "1 and 2"
