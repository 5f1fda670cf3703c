"""Fixtures of the LKE workbook tests: the bundled rubric's workbook layout, example units."""

from __future__ import annotations

from pathlib import Path

import pytest

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import Submission
from zi_engine.lke._writing import workbook_number
from zi_engine.scoring import score

pytest.importorskip("openpyxl", reason="zi-engine[lke] (openpyxl) is not installed")


@pytest.fixture(scope="session")
def examples() -> dict[str, Submission]:
    """The example units, from their YAML files and their portal JSON."""
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    out = {}
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        out[path.stem] = zi_engine.load_submission(path, rubric=rubric)
    for path in sorted(EXAMPLES_DIR.glob("*.portalrb.json")):
        out[path.name.removesuffix(".json").replace(".", "-")] = zi_engine.from_portalrb(
            path, rubric=rubric
        )
    return out


def identity(submission: Submission) -> dict[str, object]:
    """What a workbook does not carry, to read it back as ``submission``."""
    return {
        "unit": submission.unit,
        "year": submission.year,
        "target": submission.target,
        "category": submission.category,
        "as_of": submission.as_of,
        "facts": submission.facts,
    }


def reread(submission: Submission, path: Path, **kwargs: object) -> Submission:
    """``submission`` written as a workbook at ``path`` and read back."""
    zi_engine.save_lke(submission, path, **kwargs)  # type: ignore[arg-type]
    return zi_engine.load_lke(path, **identity(submission))  # type: ignore[arg-type]


def as_the_workbook_holds(submission: Submission) -> Submission:
    """``submission`` as the 2026 layout holds it: no TPI evidence (it has no column for it),
    and numbers with the 16 significant digits a workbook cell is written with."""
    answers = {}
    for qid, layered in submission.answers.items():
        update = {}
        for layer in ("unit", "tpi"):
            entry = getattr(layered, layer)
            if entry is None:
                continue
            if layer == "tpi" and entry.evidence:
                entry = entry.model_copy(update={"evidence": []})
            if rounded_in_a_workbook(entry.value):
                entry = entry.model_copy(update={"value": workbook_number(entry.value)})
            update[layer] = entry
        answers[qid] = layered.model_copy(update=update)
    return submission.model_copy(update={"answers": answers})


def rounded_in_a_workbook(value: object) -> bool:
    """Whether a workbook cell holds a number other than ``value`` (it keeps 16 digits)."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and workbook_number(value) != value
    )


def same_scores(one: Submission, other: Submission) -> bool:
    """Whether two submissions score alike: every value, node and verdict (answers as typed
    aside: the explanation tree quotes each answer as it was written)."""
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    a, b = score(rubric, one), score(rubric, other)
    if (a.values, a.known, a.low, a.high) != (b.values, b.known, b.low, b.high):
        return False
    x, y = zi_engine.evaluate(rubric, one).to_dict(), zi_engine.evaluate(rubric, other).to_dict()
    return {k: v for k, v in x.items() if k != "tree"} == {
        k: v for k, v in y.items() if k != "tree"
    }
