"""The answer-type contract: how a raw answer becomes a value between 0 and 1.

An answer type is named in a rubric question's ``answer:`` field; the built-in
ones live in ``_answers``, and plugins add theirs through the
``zi_answer_types`` hook. Four kinds of input exist:

* ``choice`` – the answer is an option key (``"A"``, ``"Ya"``); its value comes
  from the option table;
* ``number`` – the answer is a number (a survey index); the type turns it into
  a value;
* ``count`` – the answer is a whole number that scores nothing by itself and
  feeds formulas;
* ``formula`` – no answer at all: the value is computed from counts named in
  the question (``ratio``, ``decline``).

Scoring, eligibility and the improvement plan never ask which type a question
has, only what its type says – its input kind, the option table it may be read
from fast, how a formula reads and computes, what the next better answer is –
so a plugin's type is asked exactly what the built-ins are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from zi_engine._constants import TOLERANCE
from zi_engine._i18n import Text, t
from zi_engine._text import show

if TYPE_CHECKING:
    from zi_engine.rubric._model import QuestionSpec

__all__ = [
    "AnswerError",
    "AnswerType",
    "Improvement",
    "InputKind",
    "RatioTerms",
    "formula_value",
    "parse_number",
]

InputKind = Literal["choice", "number", "count", "formula"]
"""How a question is answered: an option, a number, a count, or not at all (a formula)."""

RatioTerms = tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]
"""A formula as ``(numerator terms, denominator terms)``, each term ``(count id, weight)``."""


class AnswerError(ValueError):
    """A raw answer that its question's answer type cannot accept."""


_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# "12", "3.62", "3,62": read as they are (not "1.000": three digits may be thousands)
_SIMPLE = re.compile(r"[0-9]{1,16}(?:[.,](?:[0-9]{1,2}|[0-9]{4,}))?")
_ONE_SEPARATOR = re.compile(r"[0-9]{1,16}(?:[.,][0-9]+)?")
_DOT_GROUPS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_COMMA_GROUPS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


def parse_number(raw: object, *, thousands: Literal["infer", "dot", "none"] = "infer") -> float:
    """Read a number written the way Indonesian spreadsheets and forms write them.

    Accepts ints and floats, and text such as ``"3.62"``, ``"3,62"`` (decimal
    comma), ``"1.234,5"`` or ``"1,234.5"`` (the last separator is the decimal
    one) and ``"85%"`` (read as 85). Refuses booleans, NaN, infinity, numbers
    too large for a float and anything else with an :class:`AnswerError` that
    quotes the input. How a single separator followed by three digits is read
    depends on ``thousands``, since ``1.000`` and ``1,000`` are one thousand in
    one language and one in the other – it is refused rather than guessed:

    - ``"infer"`` (the default): ``1.234.567`` (two or more dot groups) is
      thousands; ``1.000`` and ``1,000`` are ambiguous and refused.
    - ``"dot"`` (a count, a whole number): ``1.000`` and ``1.234.567`` are
      thousands, as in Indonesian; ``1,000`` is refused (in Indonesian it
      would be one, in English one thousand).
    - ``"none"`` (a measured index): one decimal separator, ``.`` or ``,``,
      and never any grouping (``3.620`` is 3.62; ``1.234,5`` is refused).
    """
    if isinstance(raw, bool):
        raise AnswerError(
            t("rubric.expected_number", "expected a number, got {value}", value=show(raw))
        )
    if isinstance(raw, int):
        try:
            return float(raw)
        except OverflowError:  # more than about 10**308
            raise AnswerError(_too_large(raw)) from None
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise AnswerError(
                t(
                    "rubric.expected_finite",
                    "expected a finite number, got {value}",
                    value=show(raw),
                )
            )
        return raw
    if not isinstance(raw, str):
        raise AnswerError(
            t("rubric.expected_number", "expected a number, got {value}", value=type(raw).__name__)
        )
    if _SIMPLE.fullmatch(raw) or (thousands == "none" and _ONE_SEPARATOR.fullmatch(raw)):
        return _finite(raw, float(raw.replace(",", ".")))  # the common forms, read as they are
    text = raw.strip().replace(" ", "").replace("\u00a0", "").removesuffix("%")
    separators = text.count(".") + text.count(",")
    if thousands == "none" and separators > 1:
        raise AnswerError(
            t(
                "rubric.one_separator",
                "{value}: write this number with one decimal separator and no thousands "
                "grouping, e.g. 3.62 or 3,62",
                value=show(raw),
            )
        )
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        text = text.replace(grouping, "").replace(decimal, ".")
    elif "," in text:
        if thousands != "none" and _COMMA_GROUPS.match(text):
            whole = text.replace(",", "")
            if thousands == "dot":
                raise AnswerError(
                    t(
                        "rubric.comma_ambiguous_count",
                        "{value} is ambiguous: the comma is a decimal separator in Indonesian "
                        "and groups thousands in English; write {whole} (or {dotted})",
                        value=show(raw),
                        whole=whole,
                        dotted=_dotted(whole),
                    )
                )
            raise AnswerError(
                t(
                    "rubric.comma_ambiguous",
                    "{value} is ambiguous: the comma is a decimal separator in Indonesian and "
                    "groups thousands in English; write {whole} (or {dotted}), or use a "
                    "decimal point",
                    value=show(raw),
                    whole=whole,
                    dotted=_dotted(whole),
                )
            )
        if text.count(",") > 1:
            raise AnswerError(_not_a_number(raw))
        text = text.replace(",", ".")
    elif thousands == "dot" and _DOT_GROUPS.match(text):
        text = text.replace(".", "")
    elif thousands == "infer" and _DOT_GROUPS.match(text):
        if text.count(".") == 1:
            raise AnswerError(
                t(
                    "rubric.dot_ambiguous",
                    "{value} is ambiguous: the dot groups thousands in Indonesian and is a "
                    "decimal point in English; write {whole} for a whole number",
                    value=show(raw),
                    whole=text.replace(".", ""),
                )
            )
        text = text.replace(".", "")
    if not _PLAIN.match(text):
        raise AnswerError(_not_a_number(raw))
    return _finite(raw, float(text))


def _not_a_number(raw: object) -> Text:
    return t("rubric.not_a_number", "{value} is not a number", value=show(raw))


def _too_large(raw: object) -> Text:
    return t("rubric.number_too_large", "{value} is too large to be a number", value=show(raw))


def _finite(raw: str, number: float) -> float:
    if not math.isfinite(number):  # "999…9" with more than 308 digits
        raise AnswerError(_too_large(raw))
    return number


def _dotted(whole: str) -> str:
    """``1234567`` → ``1.234.567``."""
    sign, digits = (whole[0], whole[1:]) if whole[:1] in "+-" else ("", whole)
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + ".".join(groups)


@dataclass(frozen=True, slots=True)
class Improvement:
    """A change of answers that raises one question's value: a step of the improvement plan.

    ``changes`` maps question ids to new raw answers – the question's own id
    for a question that is answered, the counts it reads for a formula.
    ``value`` is the question's value once they are made; ``steps`` how many
    option steps the change is (the plan ranks steps by points per step).
    """

    changes: Mapping[str, str | int | float]
    value: float
    steps: int = 1


class AnswerType:
    """Base class of answer types; subclass it to add one through a plugin.

    Subclasses set :attr:`name`, :attr:`input` and :attr:`description` and
    implement :meth:`check` (is a question declared correctly for this type?)
    and :meth:`parse` (raw answer → value); a ``formula`` type implements
    :meth:`compute` (or :meth:`ratio_terms`) instead of :meth:`parse`.

    The other methods have defaults that fit most types; each says who asks
    it. Choice-like types provide :meth:`option_values`, from which the default
    :meth:`next_better` finds "one option better" for the improvement plan.
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

    # -- what scoring reads fast --------------------------------------------------------------

    def option_table(self, question: QuestionSpec) -> Mapping[str, float] | None:
        """Answers whose value the scorer may look up instead of calling :meth:`parse`.

        Return a table only when ``parse(key, question) == table[key]`` for
        every key; any other answer still goes through :meth:`parse`. ``None``
        (the default) sends every answer through :meth:`parse`.
        """
        return None

    def counts_as_is(self, question: QuestionSpec) -> bool:
        """True when every ``int`` from 0 to 10**12 is its own value (``parse(n) == n``).

        The scorer then takes such an answer without calling :meth:`parse`.
        Default ``False``.
        """
        return False

    # -- formulas -----------------------------------------------------------------------------

    def formula_inputs(self, question: QuestionSpec) -> Sequence[str]:
        """The count ids a ``formula`` question reads, in order.

        Default: its ``numerator``, ``denominator``, ``previous`` and
        ``current`` fields (the fields the rubric checks name counts).
        """
        return question.formula_refs()

    def ratio_terms(self, question: QuestionSpec) -> RatioTerms | None:
        """The formula as a capped ratio of weighted sums of its counts, if it is one.

        ``(numerator terms, denominator terms)``, each term ``(count id,
        weight)``; the value is then :func:`formula_value` of the two sums,
        with the rubric's rule for a zero denominator. Scoring computes such a
        formula inline; ``None`` (the default) makes it call :meth:`compute`.
        """
        return None

    def compute(
        self, counts: Mapping[str, float], question: QuestionSpec, *, zero_denominator: float
    ) -> float:
        """A formula's value in [0, 1] from ``counts`` (``{count id: count}`` of its inputs).

        ``zero_denominator`` is what the rubric states a 0/0 is worth (the
        question's ``zero_denominator``, else the manifest's default). Called
        only when every input is known. The default evaluates :meth:`ratio_terms`.
        """
        terms = self.ratio_terms(question)
        if terms is None:
            raise NotImplementedError(
                t(
                    "rubric.does_not_compute",
                    "answer type {name} does not compute a value",
                    name=repr(self.name),
                )
            )
        numerator, denominator = terms
        return formula_value(
            sum(weight * counts[count] for count, weight in numerator),
            sum(weight * counts[count] for count, weight in denominator),
            zero_denominator,
        )

    # -- the improvement plan -----------------------------------------------------------------

    def next_better(
        self,
        question: QuestionSpec,
        value: float,
        counts: Mapping[str, float],
        *,
        zero_denominator: float,
    ) -> Improvement | None:
        """The nearest change of answers that raises ``value``, or ``None``.

        The improvement plan asks it for every scored question, with the
        question's value now and, for a formula, ``counts`` of its inputs
        (``{count id: count}``, every one answered) and its 0/0 value. The
        default offers the option with the smallest value above ``value``
        (from :meth:`option_values`), one step. Return ``None`` when nothing
        is better or when the answer is measured rather than chosen (a survey
        index): see :meth:`answer_for_value`.
        """
        floor = value + TOLERANCE
        chosen: str | None = None
        nearest = math.inf
        for key, option in self.option_values(question).items():
            if floor < option < nearest:  # strictly: the first of equal options wins
                chosen, nearest = key, option
        return None if chosen is None else Improvement({question.id: chosen}, nearest)

    def answer_for_value(self, value: float, question: QuestionSpec) -> float | None:
        """The number that gives ``value``, for a ``number`` type (``None`` if there is none).

        The improvement plan cannot change a measured number, so when one
        decides a criterion it says which number would pass it: for a survey
        index, ``value`` × the scale maximum. Default ``None``.
        """
        return None

    def __repr__(self) -> str:
        return f"<AnswerType {self.name}>"


def formula_value(numerator: float, denominator: float, zero_denominator: float) -> float:
    """The capped value of ``numerator / denominator`` with the rubric's zero rule."""
    if denominator == 0:
        if numerator == 0:
            return zero_denominator
        return 1.0 if numerator > 0 else 0.0
    value = numerator / denominator
    return 0.0 if value < 0 else 1.0 if value > 1 else value
