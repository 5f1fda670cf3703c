"""Kawasan definitions: the file's plain data, and the validated :class:`~zi_engine.Kawasan`."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from zi_engine.engine._engine import Engine, default_engine
from zi_engine.kawasan._model import BUNDLED_INTEGRATION_RUBRIC, KAWASAN_KINDS, Kawasan
from zi_engine.rubric._rubric import Rubric
from zi_engine.submission._model import LAYERS
from zi_engine.testing._answers import answers_for

__all__ = ["kawasan_documents", "kawasans"]

_AGENCIES = ("KEMENHUB", "KEMENKEU", "KEMENKUMHAM", "KKP", "KEMENKES", "KEMENTAN", "PEMKOT-BJB")
_LAYERS = LAYERS


def kawasan_documents(
    *,
    rubric: Rubric | None = None,
    engine: Engine | None = None,
    min_members: int = 2,
    max_members: int = 6,
    complete: bool | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """The plain data of a valid Kawasan file.

    Members are units of at least two agencies (each unit once); the
    integration answers are drawn for ``rubric`` (the bundled integration
    rubric by default), every question answered when ``complete`` is true,
    some left out when false, either when ``None``, each in one of the unit,
    TPI or TPN layers. ``integration.rubric`` is left out (the bundled
    rubric): for answers drawn for your own ``rubric``, set it to that
    rubric's name or directory. ``predicate_held`` and the target vary.
    Members name no submission file: pass their evaluations in.
    """
    eng = engine or default_engine()
    # loaded once, here, so no draw pays for reading the rubric
    instrument = rubric or eng.load_rubric(BUNDLED_INTEGRATION_RUBRIC)
    answers = {
        q.id: answers_for(q, engine=eng, variants=False)
        for q in instrument.questions.values()
        if q.id not in instrument.layout.computed
    }
    low = max(2, min_members)
    return _documents(answers, low, max(low, max_members), complete)


@st.composite
def _documents(
    draw: st.DrawFn,
    answers: dict[str, st.SearchStrategy[Any]],
    low: int,
    high: int,
    complete: bool | None,
) -> dict[str, Any]:
    count = draw(st.integers(low, high))
    first = draw(st.sampled_from(_AGENCIES))
    second = draw(st.sampled_from([a for a in _AGENCIES if a != first]))
    rest = draw(st.lists(st.sampled_from(_AGENCIES), min_size=count - 2, max_size=count - 2))
    agencies = draw(st.permutations([first, second, *rest]))
    members: list[dict[str, Any]] = []
    for i, agency in enumerate(agencies):
        member: dict[str, Any] = {"unit": f"UNIT-{i + 1}", "agency": agency}
        if draw(st.booleans()):
            member["name"] = f"Unit kerja {i + 1} ({agency})"
        members.append(member)
    every = draw(st.booleans()) if complete is None else complete
    drawn: dict[str, Any] = {}
    for qid, strategy in answers.items():
        if not every and draw(st.integers(0, 4)) == 0:
            continue  # unanswered: the integration score can be inconclusive near a threshold
        drawn[qid] = {draw(st.sampled_from(_LAYERS)): {"value": draw(strategy)}}
    doc: dict[str, Any] = {
        "kawasan": {
            "id": draw(st.sampled_from(["KAWASAN-1", "PELABUHAN-X", "BANDARA-Y"])),
            "name": "Kawasan contoh",
            "kind": draw(st.sampled_from(sorted(KAWASAN_KINDS))),
        },
        "year": draw(st.integers(2022, 2030)),
        "target": draw(st.sampled_from(["WBK", "WBBM"])),
        "members": members,
        "integration": {"answers": drawn},
    }
    held = draw(st.sampled_from([None, "none", "WBK", "WBBM"]))
    if held is not None:
        doc["predicate_held"] = held
    return doc


def kawasans(
    *, engine: Engine | None = None, complete: bool | None = None
) -> st.SearchStrategy[Kawasan]:
    """Validated :class:`~zi_engine.Kawasan` s on the bundled integration rubric (no member
    files: pass the members' evaluations in)."""
    return kawasan_documents(engine=engine, complete=complete).map(Kawasan.model_validate)
