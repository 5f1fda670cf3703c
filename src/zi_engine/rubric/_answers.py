"""Answer types: how a raw answer becomes a value between 0 and 1.

An answer type is named in a rubric question's ``answer:`` field. Built-in
types (``ya_tidak``, ``abc``, ``abcd``, ``abcde``, ``options``, ``count``,
``survey_index``, ``ratio``, ``decline``) are registered through the
``zi_answer_types`` hook exactly like a plugin's.

Three kinds of input exist:

* ``choice`` – the answer is an option key (``"A"``, ``"Ya"``); its value comes
  from the option table;
* ``number`` – the answer is a number (a survey index); the type turns it into
  a value;
* ``count`` – the answer is a whole number that scores nothing by itself and
  feeds formulas;
* ``formula`` – no answer at all: the value is computed from counts named in
  the question (``ratio``, ``decline``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from zi_engine._constants import TOLERANCE
from zi_engine._text import show

if TYPE_CHECKING:
    from zi_engine.rubric._model import QuestionSpec

__all__ = [
    "AnswerError",
    "AnswerType",
    "ChoiceAnswerType",
    "CountAnswerType",
    "FormulaAnswerType",
    "OptionsAnswerType",
    "SurveyIndexAnswerType",
    "formula_value",
    "parse_number",
]

InputKind = Literal["choice", "number", "count", "formula"]


class AnswerError(ValueError):
    """A raw answer that its question's answer type cannot accept."""


_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_SIMPLE = re.compile(r"[0-9]+(?:[.,][0-9]+)?")  # "12", "3.62", "3,62": read as they are
_DOT_GROUPS = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")


def parse_number(raw: object) -> float:
    """Read a number written the way Indonesian spreadsheets and forms write them.

    Accepts ints and floats, and text such as ``"3.62"``, ``"3,62"`` (decimal
    comma), ``"1.234,5"`` or ``"1,234.5"`` (the last separator is the decimal
    one), ``"1.234.567"`` (dot thousands) and ``"85%"`` (read as 85). Refuses
    booleans, NaN, infinity and anything else with an :class:`AnswerError`
    that quotes the input.
    """
    if isinstance(raw, bool):
        raise AnswerError(f"expected a number, got {show(raw)}")
    if isinstance(raw, int):
        return float(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise AnswerError(f"expected a finite number, got {show(raw)}")
        return raw
    if not isinstance(raw, str):
        raise AnswerError(f"expected a number, got {type(raw).__name__}")
    if _SIMPLE.fullmatch(raw):  # the common form, which the rules below would read the same
        return float(raw.replace(",", "."))
    text = raw.strip().replace(" ", "").replace("\u00a0", "").removesuffix("%")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif "," in text:
        if text.count(",") > 1:
            raise AnswerError(f"{show(raw)} is not a number")
        text = text.replace(",", ".")
    elif _DOT_GROUPS.match(text):
        text = text.replace(".", "")
    if not _PLAIN.match(text):
        raise AnswerError(f"{show(raw)} is not a number")
    return float(text)


class AnswerType:
    """Base class of answer types; subclass it to add one through a plugin.

    Subclasses set :attr:`name`, :attr:`input` and :attr:`description` and
    implement :meth:`check` (is a question declared correctly for this type?)
    and :meth:`parse` (raw answer → value). Choice-like types also provide
    :meth:`option_values`, which the improvement plan walks to find "one step
    better".
    """

    name: str = ""
    input: InputKind = "choice"
    description: str = ""

    def check(self, question: QuestionSpec) -> list[str]:
        """Problems with how ``question`` declares this type (empty if none)."""
        return []

    def parse(self, raw: object, question: QuestionSpec) -> float:
        """The value of ``raw`` for ``question``: in [0, 1] (a count for ``count``).

        Raise :class:`AnswerError` for an answer the question does not accept.
        """
        raise NotImplementedError

    def option_values(self, question: QuestionSpec) -> Mapping[str, float]:
        """``{option key: value}`` for choice types; empty for the others."""
        return {}

    def export(self, raw: object, question: QuestionSpec) -> str | int | float:
        """The answer in the form the national portal stores (text for options)."""
        if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
            return raw
        return str(raw)

    def __repr__(self) -> str:
        return f"<AnswerType {self.name}>"


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
                    f"answer type {self.name!r} has options {sorted(self.values)}, "
                    f"but the question lists {sorted(question.options)}"
                )
            for key, opt in question.options.items():
                if (
                    not isinstance(opt, str)
                    and opt.value is not None
                    and key in self.values
                    and not math.isclose(opt.value, self.values[key], rel_tol=0, abs_tol=TOLERANCE)
                ):
                    problems.append(
                        f"option {key!r} of type {self.name!r} is worth "
                        f"{self.values[key]}; use answer type 'options' for other values"
                    )
        return problems

    def option_values(self, question: QuestionSpec) -> Mapping[str, float]:
        return self.values

    def parse(self, raw: object, question: QuestionSpec) -> float:
        return _lookup_option(raw, self.values)


def _lookup_option(raw: object, values: Mapping[str, float]) -> float:
    if not isinstance(raw, str):
        raise AnswerError(f"expected one of {', '.join(values)}, got {show(raw)}")
    key = raw.strip()
    if key in values:
        return values[key]
    folded = key.casefold()
    for option, value in values.items():
        if option.casefold() == folded:
            return value
    raise AnswerError(f"{show(raw)} is not an option; expected one of {', '.join(values)}")


class OptionsAnswerType(AnswerType):
    """Custom options: each option in the question carries its own value in [0, 1]."""

    name = "options"
    input: InputKind = "choice"
    description = "options whose values the question states"

    def check(self, question: QuestionSpec) -> list[str]:
        if not question.options:
            return ["answer type 'options' needs an 'options' table with a value for each option"]
        missing = [k for k, o in question.options.items() if isinstance(o, str) or o.value is None]
        if missing:
            return [f"options {missing} need a 'value' (a number from 0 to 1)"]
        return []

    def option_values(self, question: QuestionSpec) -> Mapping[str, float]:
        return question.option_value_map()

    def parse(self, raw: object, question: QuestionSpec) -> float:
        return _lookup_option(raw, question.option_value_map())


class CountAnswerType(AnswerType):
    """A whole number ≥ 0 (a "Jumlah" row): scores nothing itself, feeds formulas."""

    name = "count"
    input: InputKind = "count"
    description = "a whole number of at least 0 that formulas use"

    def parse(self, raw: object, question: QuestionSpec) -> float:
        number = parse_number(raw)
        if number < 0:
            raise AnswerError(f"a count cannot be negative, got {show(raw)}")
        if number != int(number):
            raise AnswerError(f"a count must be a whole number, got {show(raw)}")
        if number > 1e12:
            raise AnswerError(f"{show(raw)} is too large to be a count")
        return number


class SurveyIndexAnswerType(AnswerType):
    """A survey index on a 0–``scale_max`` scale (IPAK, IPKP: 0–4); value = index / max."""

    name = "survey_index"
    input: InputKind = "number"
    description = "an external survey index from 0 to its scale maximum (4)"

    def check(self, question: QuestionSpec) -> list[str]:
        return ["a survey index has no options"] if question.options else []

    def parse(self, raw: object, question: QuestionSpec) -> float:
        number = parse_number(raw)
        top = question.scale_max
        if not 0 <= number <= top:
            raise AnswerError(f"a survey index must be between 0 and {top:g}, got {show(raw)}")
        return number / top


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
                    "a 'ratio' needs 'numerator' and 'denominator' (lists of count ids)"
                )
            if question.previous or question.current:
                problems.append("'previous'/'current' belong to 'decline', not 'ratio'")
        else:
            if not question.previous or not question.current:
                problems.append("a 'decline' needs 'previous' and 'current' (count ids)")
            if question.numerator or question.denominator:
                problems.append("'numerator'/'denominator' belong to 'ratio', not 'decline'")
        if question.options:
            problems.append(f"a {self.name!r} has no options")
        return problems

    def parse(self, raw: object, question: QuestionSpec) -> float:
        raise AnswerError(f"{question.id!r} is computed from counts and cannot be answered")


def formula_value(numerator: float, denominator: float, zero_denominator: float) -> float:
    """The capped value of ``numerator / denominator`` with the rubric's zero rule."""
    if denominator == 0:
        if numerator == 0:
            return zero_denominator
        return 1.0 if numerator > 0 else 0.0
    value = numerator / denominator
    return 0.0 if value < 0 else 1.0 if value > 1 else value


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
