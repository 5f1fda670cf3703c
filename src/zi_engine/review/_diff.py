"""Where a submission's answer layers differ, and what each difference does to the total.

What evaluators look at first: every question where the TPI's (or the
TPN's) answer is not the layer's below it, with the score effect of that
one answer – the total scored with it, minus the total scored with the
question's answer at that layer taken away (so the layer below counts
there again). Effects are computed one question at a time against the
same submission; they add up to the total's change only where no formula
(a ratio of counts) combines two of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zi_engine.review._rules import same_answer
from zi_engine.rubric._rubric import Rubric
from zi_engine.scoring._score import score
from zi_engine.submission._model import LAYERS, Layer, RawAnswer, Submission

__all__ = ["LayerDifference", "layer_differences"]


@dataclass(frozen=True, slots=True)
class LayerDifference:
    """One question where a layer's answer differs from the answer it replaces.

    ``layer`` is the higher layer (``tpi`` or ``tpn``) and ``below`` the
    layer whose answer it replaces (``replaced`` is ``None`` where no layer
    below has one); ``effect`` is how many points of the
    total (0–100) the higher layer's answer moved (negative: it lowered it).
    """

    question: str
    layer: Layer
    below: Layer
    answer: RawAnswer
    replaced: RawAnswer
    effect: float
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return {
            "question": self.question,
            "layer": self.layer,
            "below": self.below,
            "answer": self.answer,
            "replaced": self.replaced,
            "effect": self.effect,
            "note": self.note,
        }


def layer_differences(rubric: Rubric, submission: Submission) -> list[LayerDifference]:
    """Every question where the TPI's or the TPN's answer differs from the one below it.

    In rubric order, TPI before TPN for one question. Raises
    :class:`~zi_engine.SubmissionError` for answers the rubric does not accept.
    """
    totals: dict[Layer, float] = {}
    found: list[LayerDifference] = []
    order = {qid: i for i, qid in enumerate(rubric.questions)}
    for qid in sorted(submission.answers, key=lambda q: (order.get(q, len(order)), q)):
        layered = submission.answers[qid]
        for layer in LAYERS[1:]:
            entry = getattr(layered, layer)
            if entry is None or entry.value is None:
                continue
            below_layer = LAYERS[LAYERS.index(layer) - 1]
            replaced, below = layered.pick(below_layer)
            if below is not None and same_answer(entry.value, replaced):
                continue
            if layer not in totals:
                totals[layer] = score(rubric, submission, layer).low[0]
            without = submission.model_copy(
                update={
                    "answers": {**submission.answers, qid: layered.model_copy(update={layer: None})}
                }
            )
            effect = totals[layer] - score(rubric, without, layer).low[0]
            found.append(
                LayerDifference(
                    qid, layer, below or below_layer, entry.value, replaced, effect, entry.notes
                )
            )
    return found
