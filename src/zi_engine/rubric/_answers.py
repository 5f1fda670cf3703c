"""The built-in answer types (``ya_tidak``, ``abc``, ``abcd``, ``abcde``, ``options``,
``count``, ``survey_index``, ``ratio``, ``decline``), registered through the
``zi_answer_types`` hook exactly like a plugin's.

The contract they implement is :class:`AnswerType` (in ``_answer_type``,
re-exported here with the names that go with it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from zi_engine._constants import TOLERANCE
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.rubric._answer_type import (
    AnswerError,
    AnswerType,
    Improvement,
    InputKind,
    RatioTerms,
    formula_value,
    parse_number,
)

if TYPE_CHECKING:
    from zi_engine.rubric._model import QuestionSpec

__all__ = [
    "BUILTIN_ANSWER_TYPES",
    "AnswerError",
    "AnswerType",
    "ChoiceAnswerType",
    "CountAnswerType",
    "FormulaAnswerType",
    "Improvement",
    "InputKind",
    "OptionsAnswerType",
    "RatioTerms",
    "SurveyIndexAnswerType",
    "formula_value",
    "parse_number",
]


class ChoiceAnswerType(AnswerType):
    """Options with fixed values: Ya/Tidak, A–C, A–D, A–E (as printed in Lampiran III)."""

    input: InputKind = "choice"

    def __init__(self, name: str, values: Mapping[str, float], description: str = "") -> None:
        self.name = name
        self.values = dict(values)
        self.description = description

    def check(self, question: QuestionSpec) -> list[str]:
        problems: list[str] = []
        if question.options is not None:
            if question.options.keys() != self.values.keys():  # compared as sets
                problems.append(
                    t(
                        "rubric.options_differ",
                        "answer type {name} has options {expected}, but the question lists {given}",
                        name=repr(self.name),
                        expected=str(sorted(self.values)),
                        given=str(sorted(question.options)),
                    )
                )
            for key, opt in question.options.items():
                if (
                    not isinstance(opt, str)
                    and opt.value is not None
                    and key in self.values
                    and not math.isclose(opt.value, self.values[key], rel_tol=0, abs_tol=TOLERANCE)
                ):
                    problems.append(
                        t(
                            "rubric.option_value_fixed",
                            "option {key} of type {name} is worth {value}; use answer type "
                            "'options' for other values",
                            key=repr(key),
                            name=repr(self.name),
                            value=self.values[key],
                        )
                    )
        return problems

    def option_values(self, question: QuestionSpec) -> Mapping[str, float]:
        return self.values

    def option_table(self, question: QuestionSpec) -> Mapping[str, float] | None:
        # a subclass that reads answers its own way is asked every time unless it says otherwise
        return self.values if type(self).parse is ChoiceAnswerType.parse else None

    def parse(self, raw: object, question: QuestionSpec) -> float:
        return _lookup_option(raw, self.values)


def _lookup_option(raw: object, values: Mapping[str, float]) -> float:
    if not isinstance(raw, str):
        raise AnswerError(
            t(
                "rubric.expected_option",
                "expected one of {options}, got {value}",
                options=", ".join(values),
                value=show(raw),
            )
        )
    key = raw.strip()
    if key in values:
        return values[key]
    folded = key.casefold()
    for option, value in values.items():
        if option.casefold() == folded:
            return value
    raise AnswerError(
        t(
            "rubric.not_an_option",
            "{value} is not an option; expected one of {options}",
            value=show(raw),
            options=", ".join(values),
        )
    )


class OptionsAnswerType(AnswerType):
    """Custom options: each option in the question carries its own value in [0, 1]."""

    name = "options"
    input: InputKind = "choice"
    description = "options whose values the question states"

    def check(self, question: QuestionSpec) -> list[str]:
        if not question.options:
            return [
                t(
                    "rubric.options_table_needed",
                    "answer type 'options' needs an 'options' table with a value for each option",
                )
            ]
        missing = [k for k, o in question.options.items() if isinstance(o, str) or o.value is None]
        if missing:
            return [
                t(
                    "rubric.options_need_value",
                    "options {keys} need a 'value' (a number from 0 to 1)",
                    keys=str(missing),
                )
            ]
        return []

    def option_values(self, question: QuestionSpec) -> Mapping[str, float]:
        return question.option_value_map()

    def option_table(self, question: QuestionSpec) -> Mapping[str, float] | None:
        if type(self).parse is not OptionsAnswerType.parse:
            return None
        return question.option_value_map()

    def parse(self, raw: object, question: QuestionSpec) -> float:
        return _lookup_option(raw, question.option_value_map())


class CountAnswerType(AnswerType):
    """A whole number ≥ 0 (a "Jumlah" row): scores nothing itself, feeds formulas."""

    name = "count"
    input: InputKind = "count"
    description = "a whole number of at least 0 that formulas use"

    def counts_as_is(self, question: QuestionSpec) -> bool:
        return type(self).parse is CountAnswerType.parse

    def parse(self, raw: object, question: QuestionSpec) -> float:
        # a count is whole: "1.000" is one thousand, as Indonesian writes it; "1,000" is refused
        number = parse_number(raw, thousands="dot")
        if number < 0:
            raise AnswerError(
                t(
                    "rubric.count_negative",
                    "a count cannot be negative, got {value}",
                    value=show(raw),
                )
            )
        if number != int(number):
            raise AnswerError(
                t(
                    "rubric.count_not_whole",
                    "a count must be a whole number, got {value}",
                    value=show(raw),
                )
            )
        if number > 1e12:
            raise AnswerError(
                t("rubric.count_too_large", "{value} is too large to be a count", value=show(raw))
            )
        return number


class SurveyIndexAnswerType(AnswerType):
    """A survey index on a 0–``scale_max`` scale (IPAK, IPKP: 0–4); value = index / max."""

    name = "survey_index"
    input: InputKind = "number"
    description = "an external survey index from 0 to its scale maximum (4)"

    def check(self, question: QuestionSpec) -> list[str]:
        if question.options:
            return [t("rubric.survey_no_options", "a survey index has no options")]
        return []

    def parse(self, raw: object, question: QuestionSpec) -> float:
        # a measured index: one decimal separator ("3,62" or "3.62"), never grouping
        number = parse_number(raw, thousands="none")
        top = question.scale_max
        if not 0 <= number <= top:
            raise AnswerError(
                t(
                    "rubric.survey_range",
                    "a survey index must be between 0 and {top:g}, got {value}",
                    top=top,
                    value=show(raw),
                )
            )
        return number / top

    def answer_for_value(self, value: float, question: QuestionSpec) -> float | None:
        return value * question.scale_max


class FormulaAnswerType(AnswerType):
    """A percentage computed from counts, capped to [0, 1]; never answered directly.

    ``ratio``: sum(numerator) / sum(denominator).
    ``decline``: (previous − current) / previous.
    When the denominator is 0 the value is the question's stated
    ``zero_denominator`` if the numerator is 0 too, else 1 for a positive and
    0 for a negative numerator (the limit the cap gives).
    """

    input: InputKind = "formula"

    def __init__(self, name: Literal["ratio", "decline"]) -> None:
        self.name = name
        if name == "ratio":
            self.description = "sum(numerator) / sum(denominator) of counts, capped to [0, 1]"
        else:
            self.description = "(previous - current) / previous of counts, capped to [0, 1]"

    def check(self, question: QuestionSpec) -> list[str]:
        problems: list[str] = []
        if self.name == "ratio":
            if not question.numerator or not question.denominator:
                problems.append(
                    t(
                        "rubric.ratio_needs_terms",
                        "a 'ratio' needs 'numerator' and 'denominator' (lists of count ids)",
                    )
                )
            if question.previous or question.current:
                problems.append(
                    t(
                        "rubric.ratio_not_decline",
                        "'previous'/'current' belong to 'decline', not 'ratio'",
                    )
                )
        else:
            if not question.previous or not question.current:
                problems.append(
                    t(
                        "rubric.decline_needs_terms",
                        "a 'decline' needs 'previous' and 'current' (count ids)",
                    )
                )
            if question.numerator or question.denominator:
                problems.append(
                    t(
                        "rubric.decline_not_ratio",
                        "'numerator'/'denominator' belong to 'ratio', not 'decline'",
                    )
                )
        if question.options:
            problems.append(
                t("rubric.formula_no_options", "a {name} has no options", name=repr(self.name))
            )
        return problems

    def parse(self, raw: object, question: QuestionSpec) -> float:
        raise AnswerError(
            t(
                "rubric.formula_answered",
                "{id} is computed from counts and cannot be answered",
                id=repr(question.id),
            )
        )

    def ratio_terms(self, question: QuestionSpec) -> RatioTerms:
        if self.name == "ratio":
            return (
                tuple((count, 1.0) for count in question.numerator or ()),
                tuple((count, 1.0) for count in question.denominator or ()),
            )
        previous, current = question.previous or "", question.current or ""
        return ((previous, 1.0), (current, -1.0)), ((previous, 1.0),)

    def next_better(
        self,
        question: QuestionSpec,
        value: float,
        counts: Mapping[str, float],
        *,
        zero_denominator: float,
    ) -> Improvement | None:
        """The counts that raise the formula as far as the plan may, and the value it then has.

        A decline, (previous - current) / previous, rises as ``current`` falls:
        at 0 it is 100%, or – with no violations last year either – the
        rubric's 0/0 value (a current count above a previous 0 scores 0, so
        cutting it still gains that value). A ratio's first numerator is
        raised to fill its denominator; a 0/0 ratio keeps the rubric's value.
        """
        if value >= 1 - TOLERANCE:
            return None
        if self.name == "decline":
            lower = question.current or ""
            if counts[lower] == 0:
                return None  # none left to cut: already 100%, or the rubric's 0/0 value
            changes: dict[str, int] = {lower: 0}
        else:
            numerator, denominator = question.numerator or [], question.denominator or []
            if not numerator or sum(counts[c] for c in denominator) == 0:
                return None  # 0/0 is the rubric's stated value; a numerator cannot change it
            others = sum(counts[c] for c in numerator[1:])
            need = math.ceil(sum(counts[c] for c in denominator) - others)
            changes = {numerator[0]: max(int(counts[numerator[0]]), need)}
        after = self.compute({**counts, **changes}, question, zero_denominator=zero_denominator)
        return Improvement(changes, after) if after > value + TOLERANCE else None


BUILTIN_ANSWER_TYPES: tuple[AnswerType, ...] = (
    ChoiceAnswerType("ya_tidak", {"Ya": 1.0, "Tidak": 0.0}, "Ya = 1, Tidak = 0"),
    ChoiceAnswerType("abc", {"A": 1.0, "B": 0.5, "C": 0.0}, "A = 1, B = 0.5, C = 0"),
    ChoiceAnswerType(
        "abcd", {"A": 1.0, "B": 0.67, "C": 0.33, "D": 0.0}, "A = 1, B = 0.67, C = 0.33, D = 0"
    ),
    ChoiceAnswerType(
        "abcde",
        {"A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0},
        "A = 1, B = 0.75, C = 0.5, D = 0.25, E = 0",
    ),
    OptionsAnswerType(),
    CountAnswerType(),
    SurveyIndexAnswerType(),
    FormulaAnswerType("ratio"),
    FormulaAnswerType("decline"),
)
