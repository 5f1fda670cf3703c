"""The answer type ``skala_1_5``: a five-point scale (1 = sangat kurang … 5 = sangat baik)."""

from __future__ import annotations

from zi_engine import AnswerError, ChoiceAnswerType, QuestionSpec

__all__ = ["LikertAnswerType", "skala_1_5"]


class LikertAnswerType(ChoiceAnswerType):
    """A Likert scale ``1..points`` whose steps are spread evenly over [0, 1].

    As a choice type the option keys are the numerals (``"1"`` … ``"5"``), so
    a rubric question lists them under ``options`` and the improvement plan's
    "one step better" is the next numeral up. Unlike the built-in A–E types it
    also accepts the answer as a whole number (``4``), which is how survey and
    spreadsheet exports usually write it.
    """

    def __init__(self, name: str, points: int, description: str = "") -> None:
        if points < 2:
            raise ValueError(f"a scale needs at least 2 points, got {points}")
        values = {str(k): (k - 1) / (points - 1) for k in range(1, points + 1)}
        shown = ", ".join(f"{k} = {v:g}" for k, v in values.items())
        super().__init__(name, values, description or shown)
        self.points = points

    def parse(self, raw: object, question: QuestionSpec) -> float:
        """The value of ``raw`` (``4``, ``"4"`` or ``" 4 "``); anything else is refused."""
        if isinstance(raw, bool):
            raise AnswerError(f"expected a number from 1 to {self.points}, got {raw!r}")
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int):
            raw = str(raw)
        if isinstance(raw, str) and raw.strip() in self.values:
            return self.values[raw.strip()]
        raise AnswerError(f"expected a number from 1 to {self.points}, got {raw!r}")


skala_1_5 = LikertAnswerType(
    "skala_1_5",
    5,
    "skala 1-5 (sangat kurang … sangat baik): 1 = 0, 2 = 0.25, 3 = 0.5, 4 = 0.75, 5 = 1",
)
"""The instance the plugin registers."""
