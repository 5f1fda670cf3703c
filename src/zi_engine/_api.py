"""The module-level functions: thin defaults over the default engine.

Each is the :class:`~zi_engine.Engine` method of the same name, called on
:func:`~zi_engine.default_engine` (built-in plugins only). An app that loads
plugins makes its own ``Engine`` and calls the methods.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zi_engine.eligibility._evaluation import Evaluation
from zi_engine.engine._engine import default_engine
from zi_engine.rubric._rubric import Rubric
from zi_engine.submission._model import AgencyInfo, Facts, Layer, Submission, UnitInfo

if TYPE_CHECKING:
    from zi_engine._errors import Problem
    from zi_engine.lke._checking import Disagreement
    from zi_engine.submission._agency import AgencyRecord

__all__ = [
    "check_lke",
    "evaluate",
    "from_portalrb",
    "load_lke",
    "load_rubric",
    "load_submission",
    "save_lke",
    "save_lke_template",
    "save_submission",
    "to_portalrb",
]


def load_rubric(name_or_path: str | Path, *, reload: bool = False) -> Rubric:
    """Load a rubric by name or directory. See :meth:`Engine.load_rubric`.

    ``"permenpan-rb-90-2021"`` is the bundled rubric.
    """
    return default_engine().load_rubric(name_or_path, reload=reload)


def evaluate(
    rubric: Rubric,
    submission: Submission,
    *,
    as_of: date | None = None,
    up_to: Layer = "tpn",
    agency: AgencyRecord | None = None,
) -> Evaluation:
    """Score ``submission`` and judge eligibility (with its agency's record, when given).
    See :meth:`Engine.evaluate`."""
    return default_engine().evaluate(rubric, submission, as_of=as_of, up_to=up_to, agency=agency)


def load_submission(path: str | Path, *, rubric: Rubric | None = None) -> Submission:
    """Read a submission file (``"-"``: standard input), its answers checked against
    ``rubric`` if given. See :meth:`Engine.load_submission`."""
    return default_engine().load_submission(path, rubric=rubric)


def save_submission(submission: Submission, path: str | Path) -> Path:
    """Write a submission file, YAML or JSON by the name. See :meth:`Engine.save_submission`."""
    return default_engine().save_submission(submission, path)


def from_portalrb(
    data: Any,
    *,
    rubric: Rubric | None = None,
    agency: AgencyInfo | str | None = None,
    facts: Facts | Mapping[str, Any] | None = None,
    target: str = "WBK",
    as_of: date | None = None,
) -> Submission:
    """Read the portal's "jawaban LKE satu unit" JSON. See :meth:`Engine.from_portalrb`."""
    return default_engine().from_portalrb(
        data, rubric=rubric, agency=agency, facts=facts, target=target, as_of=as_of
    )


def to_portalrb(
    submission: Submission,
    *,
    rubric: Rubric | None = None,
    drop_tpn: bool = False,
    drop_tpi_evidence: bool = False,
    drop_induk: bool = False,
) -> dict[str, Any]:
    """``submission`` as the portal's JSON. See :meth:`Engine.to_portalrb`."""
    return default_engine().to_portalrb(
        submission, rubric=rubric, drop_tpn=drop_tpn, drop_tpi_evidence=drop_tpi_evidence,
        drop_induk=drop_induk,
    )  # fmt: skip


def load_lke(
    path: str | Path,
    *,
    rubric: Rubric | None = None,
    unit: UnitInfo | str | None = None,
    unit_name: str | None = None,
    agency: AgencyInfo | str | None = None,
    year: int | None = None,
    target: str = "WBK",
    category: str | None = None,
    as_of: date | None = None,
    facts: Facts | Mapping[str, Any] | None = None,
    notices: list[Problem] | None = None,
) -> Submission:
    """Read a filled LKE workbook (Excel). See :meth:`Engine.load_lke`."""
    return default_engine().load_lke(
        path,
        rubric=rubric,
        unit=unit,
        unit_name=unit_name,
        agency=agency,
        year=year,
        target=target,
        category=category,
        as_of=as_of,
        facts=facts,
        notices=notices,
    )


def save_lke(
    submission: Submission,
    path: str | Path,
    *,
    rubric: Rubric | None = None,
    drop_tpn: bool = False,
    notices: list[Problem] | None = None,
    drop_induk: bool = False,
) -> Path:
    """Write ``submission`` as the LKE workbook, scores as live formulas. See
    :meth:`Engine.save_lke`."""
    return default_engine().save_lke(
        submission, path, rubric=rubric, drop_tpn=drop_tpn, notices=notices,
        drop_induk=drop_induk,
    )  # fmt: skip


def save_lke_template(path: str | Path, *, rubric: Rubric | None = None) -> Path:
    """Write a blank LKE workbook for a unit to fill. See :meth:`Engine.save_lke_template`."""
    return default_engine().save_lke_template(path, rubric=rubric)


def check_lke(path: str | Path, *, rubric: Rubric | None = None) -> list[Disagreement]:
    """Where a saved workbook's computed values disagree with the engine's scores. See
    :meth:`Engine.check_lke`."""
    return default_engine().check_lke(path, rubric=rubric)
