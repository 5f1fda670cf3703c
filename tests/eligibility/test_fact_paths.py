"""One fact-path resolver: :meth:`Facts.get` and :meth:`Facts.known_path`, used by eligibility.

Fact paths (``agency.sakip_grade``, ``unit.building_since``, ``extra.x``)
used to be resolved in the evaluation with ``getattr`` and checked in the
criterion kinds with a second table. ``getattr`` let a path name any
attribute of the model (``agency.model_fields`` gave a dict), and the check
let through ``extra`` paths no submission can give (``extra.a.b``).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import zi_engine
from zi_engine import (
    MISSING,
    CriterionContext,
    CriterionKind,
    CriterionResult,
    CriterionSpec,
    Engine,
    Facts,
    Submission,
    hookimpl,
)

MINI = Path(__file__).parents[1] / "rubric" / "mini"
FACTS = Facts.model_validate(
    {
        "agency": {"sakip_grade": "BB", "spip_level": 3},
        "unit": {"building_since": "2024-03-01", "core_service": False},
        "extra": {"temuan": 0, "kosong": None},
    }
)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("agency.sakip_grade", "BB"),
        ("agency.spip_level", 3.0),
        ("unit.building_since", date(2024, 3, 1)),
        ("unit.core_service", False),  # a false fact is given, not missing
        ("extra.temuan", 0),
        ("agency.bpk_opinion", MISSING),  # a standard fact left out
        ("extra.kosong", MISSING),  # null is not given
        ("extra.lain", MISSING),
    ],
)
def test_get_resolves_a_path(path: str, value: Any) -> None:
    got = FACTS.get(path)
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize(
    "path",
    ["agency.model_fields", "agency.model_config", "unit.__class__", "agency", "extra", "", "x.y"],
)
def test_a_path_that_names_no_fact_is_missing_never_an_attribute(path: str) -> None:
    assert FACTS.get(path) is MISSING


def test_known_paths_are_the_model_fields_and_extra_names() -> None:
    assert Facts.standard_paths()[:2] == ("agency.bpk_opinion", "agency.sakip_grade")
    assert "unit.predicate_since" in Facts.standard_paths()
    for path in Facts.standard_paths():
        assert Facts.known_path(path)
    assert Facts.known_path("extra.temuan_lama")
    for path in ("extra", "extra.", "extra.a.b", "extra.1x", "agency.model_fields", "unit.x"):
        assert not Facts.known_path(path), path


def test_an_extra_path_no_submission_can_give_is_refused_when_the_rubric_loads(
    tmp_path: Path,
) -> None:
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    manifest = target / "rubric.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("fact: agency.sakip_grade", "fact: extra.a.b"), "utf-8")
    with pytest.raises(
        zi_engine.RubricError, match=r"fact 'extra\.a\.b' does not exist: use agency"
    ):
        zi_engine.load_rubric(target)


class _Echo(CriterionKind):
    """Passes when the fact is given; the reason shows what ``ctx.fact`` returned."""

    name = "gema"
    group = "extra"

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.fact is not None
        value = ctx.fact(spec.fact)
        outcome = "inconclusive" if value is MISSING else "pass"
        return [
            self.result(
                spec, outcome, actual=None, required=None, gap=None, unit="", reason=repr(value)
            )
        ]


class _Plugin:
    @hookimpl
    def zi_criterion_kinds(self) -> list[CriterionKind]:
        return [_Echo()]

    @hookimpl
    def zi_extra_criteria(self, rubric: zi_engine.Rubric, predicate: str) -> list[CriterionSpec]:
        return [
            CriterionSpec(id=f"gema_{i}", label="Gema", kind="gema", fact=path)
            for i, path in enumerate(("extra.temuan", "agency.sakip_grade", "unit.tlhp_percent"))
        ]


def test_criteria_read_facts_through_the_same_resolver() -> None:
    engine = Engine(plugins=[_Plugin()])
    rubric = engine.load_rubric(MINI)
    sub = Submission.model_validate(
        {
            "unit": {"id": "U", "name": "Unit", "agency": {"id": "A"}},
            "year": 2026,
            "facts": FACTS.model_dump(),
        }
    )
    results = {r.id: r for r in engine.evaluate(rubric, sub).eligibility["WBK"].criteria}
    assert (results["gema_0"].outcome, results["gema_0"].reason) == ("pass", "0")
    assert (results["gema_1"].outcome, results["gema_1"].reason) == ("pass", "'BB'")
    assert (results["gema_2"].outcome, results["gema_2"].reason) == ("inconclusive", "MISSING")
