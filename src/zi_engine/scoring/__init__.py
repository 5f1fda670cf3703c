"""Stage 3 of the pipeline: scoring – answers to item values to node scores, with bounds."""

from __future__ import annotations

from zi_engine.scoring._check import answer_problems
from zi_engine.scoring._score import Scores, score

__all__ = ["Scores", "answer_problems", "score"]
