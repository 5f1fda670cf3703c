"""How counts and survey indices may be written: thousands are never guessed.

A count is a whole number: ``1.000`` is one thousand, as Indonesian writes it,
and ``1,000`` (one in Indonesian, a thousand in English) is refused with how to
write it. A survey index has one decimal separator and no grouping. Numbers too
large for a float are the writer's problem, not a crash.
"""

from __future__ import annotations

import pytest

from zi_engine import Rubric
from zi_engine.rubric._answer_type import parse_number
from zi_engine.rubric._answers import AnswerError


def _parse(rubric: Rubric, answer: str, raw: object) -> float:
    q = next(q for q in rubric.questions.values() if q.answer == answer)
    item = rubric.tree.items[rubric.tree.item_by_id[q.id]]
    assert item.answer_type is not None
    return item.answer_type.parse(raw, q)


@pytest.mark.parametrize(
    ("raw", "count"),
    [("1.000", 1000), ("1.234.567", 1234567), ("12", 12), (" 2.500 ", 2500), ("1.000,00", 1000)],
)
def test_a_count_reads_dot_groups_as_thousands(rubric: Rubric, raw: str, count: int) -> None:
    assert _parse(rubric, "count", raw) == count


@pytest.mark.parametrize("raw", ["1,000", "1,234,567", "12,500"])
def test_a_count_with_comma_groups_is_refused_with_how_to_write_it(
    rubric: Rubric, raw: str
) -> None:
    whole = raw.replace(",", "")
    with pytest.raises(AnswerError, match="ambiguous") as caught:
        _parse(rubric, "count", raw)
    assert f"write {whole} (or {raw.replace(',', '.')})" in str(caught.value)


@pytest.mark.parametrize(("raw", "index"), [("3,62", 0.905), ("3.62", 0.905), ("3.000", 0.75)])
def test_a_survey_index_has_one_decimal_separator(rubric: Rubric, raw: str, index: float) -> None:
    assert _parse(rubric, "survey_index", raw) == pytest.approx(index)


@pytest.mark.parametrize("raw", ["1.234,5", "3.6.2", "1,234.5", "3,6,2"])
def test_a_survey_index_never_groups(rubric: Rubric, raw: str) -> None:
    with pytest.raises(AnswerError, match="one decimal separator and no thousands grouping"):
        _parse(rubric, "survey_index", raw)


@pytest.mark.parametrize("raw", ["1.000", "1,000", "25.500"])
def test_the_general_reader_refuses_a_single_three_digit_group(raw: str) -> None:
    with pytest.raises(AnswerError, match="ambiguous"):
        parse_number(raw)


@pytest.mark.parametrize("raw", [10**400, "9" * 400, int("F" * 300, 16)])
def test_numbers_beyond_a_float_are_refused_not_crashed_on(raw: object) -> None:
    with pytest.raises(AnswerError, match="too large to be a number"):
        parse_number(raw)
    with pytest.raises(AnswerError):
        parse_number(raw, thousands="dot")
