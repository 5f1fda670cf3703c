"""Numbers written the Indonesian way, and control characters made visible."""

from __future__ import annotations

import pytest

from zi_engine.report import clean, number, percent
from zi_engine.report._format import whole


@pytest.mark.parametrize(
    ("value", "decimals", "written"),
    [
        (85.456, 2, "85,46"),
        (85.454, 2, "85,45"),
        (100, 2, "100,00"),
        (1234.5, 2, "1.234,50"),
        (1234567.891, 1, "1.234.567,9"),
        (0.004, 2, "0,00"),
        (-0.004, 2, "0,00"),  # a rounded negative zero is written without its sign
        (-1.5, 2, "-1,50"),
        (None, 2, "-"),
        (float("nan"), 2, "-"),
        (float("inf"), 2, "-"),
    ],
)
def test_numbers_have_a_decimal_comma_and_a_thousands_point(
    value: float | None, decimals: int, written: str
) -> None:
    assert number(value, decimals) == written


def test_percent_and_counts() -> None:
    assert percent(62.5) == "62,5%"
    assert percent(60, 0) == "60%"
    assert percent(None) == "-"
    assert whole(1234) == "1.234"
    assert whole(0) == "0"


def test_control_characters_become_visible_stand_ins() -> None:
    assert clean("a\x00b") == "a\u2400b"  # ␀
    assert clean("\x1b[31mred") == "\u241b[31mred"  # ␛: no terminal escape survives
    assert clean("x\x7fy") == "x\u2421y"
    assert clean("\x85") == "\ufffd"  # a C1 control
    # right-to-left override and isolates reorder what a reader sees
    assert clean("invoice\u202efdp.exe") == "invoice\ufffdfdp.exe"
    assert clean("\u2066x\u2069") == "\ufffdx\ufffd"
    # line breaks and tabs are text, and ordinary Unicode stays
    assert clean("baris 1\nbaris 2\tx – ✓ 😀") == "baris 1\nbaris 2\tx – ✓ 😀"
