"""The Engine's LKE workbook methods (``zi_engine.lke``), kept beside the engine as a mixin."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zi_engine._resources import BUNDLED_RUBRIC
from zi_engine.submission._model import AgencyInfo, Facts, Submission, UnitInfo

if TYPE_CHECKING:
    from zi_engine._errors import Problem
    from zi_engine.lke._checking import Disagreement
    from zi_engine.rubric._rubric import Rubric

__all__ = ["LkeMethods"]


class LkeMethods:
    """Reading, writing and checking the official LKE workbook (needs ``zi-engine[lke]``)."""

    if TYPE_CHECKING:  # the Engine provides it

        def load_rubric(self, name_or_path: str | Path, *, reload: bool = False) -> Rubric: ...

    def load_lke(
        self,
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
        """Read a filled LKE workbook (``.xlsx``/``.xlsm``) laid out as ``rubric`` says.

        ``rubric`` defaults to the bundled one. The answers sheet is found by
        name; the unit's, TPI's (and TPN's, if the layout has columns for it)
        answers, notes and evidence are read from each question's row. Answers
        are matched as their answer type reads them (``' ya '`` is ``Ya``,
        ``"3,62"`` is 3.62); other sheets, headers, question texts, formula
        cells and computed rows are ignored. The workbook does not say who the
        unit is: pass ``unit`` (an :class:`~zi_engine.UnitInfo` or its id) and
        ``year``, unless the rubric's layout names cover-sheet cells for them.
        Every problem is one :class:`~zi_engine.SubmissionError` naming its
        cell (``FILE.xlsx:Jawaban!K17: mp.p.tim_kerja.b (soal 2): ...``).
        What was noticed but not wrong (macros ignored, a formula in an answer
        cell) is added to ``notices``.
        """
        from zi_engine.lke._reading import read_lke

        if facts is not None and not isinstance(facts, Facts):
            facts = Facts.model_validate(facts)
        return read_lke(
            path,
            rubric or self.load_rubric(BUNDLED_RUBRIC),
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
        self,
        submission: Submission,
        path: str | Path,
        *,
        rubric: Rubric | None = None,
        drop_tpn: bool = False,
        notices: list[Problem] | None = None,
        drop_induk: bool = False,
    ) -> Path:
        """Write ``submission`` as the official LKE workbook; returns the path written.

        Question texts, a drop-down of the options in each answer cell, and
        the answers (in the form the rubric spells them: option keys, numbers),
        notes and evidence of every layer the layout has columns for. A second
        sheet computes the engine's scores with live formulas, and the names
        ``ZI_TOTAL``, ``ZI_PENGUNGKIT``, ``ZI_HASIL`` and ``ZI_AREA_<AREA>``
        point at them. :meth:`load_lke` of the file gives back the submission
        (its answers in that form). A TPN answer without TPN columns is an
        error unless ``drop_tpn=True``, and a parent unit's (``induk``) answer
        without induk columns unless ``drop_induk=True``; notes or evidence without a column
        are left out and said in ``notices``.
        """
        from zi_engine.lke._writing import write_lke

        rubric = rubric or self.load_rubric(BUNDLED_RUBRIC)
        return write_lke(
            rubric, submission, path, drop_tpn=drop_tpn, notices=notices, drop_induk=drop_induk
        )

    def save_lke_template(self, path: str | Path, *, rubric: Rubric | None = None) -> Path:
        """Write a blank LKE workbook for a unit to fill (the layout of :meth:`save_lke`)."""
        from zi_engine.lke._writing import write_lke

        return write_lke(rubric or self.load_rubric(BUNDLED_RUBRIC), None, path)

    def check_lke(self, path: str | Path, *, rubric: Rubric | None = None) -> list[Disagreement]:
        """Where a saved workbook's own computed values disagree with the engine's scores.

        Compares the values Excel or LibreOffice cached in the file (the cells
        the ``ZI_*`` names point at, the rows of a values sheet zi_engine
        wrote, the computed percentage rows) with the scores of its answers.
        An empty list: the workbook agrees. A workbook with no cached values
        is a :class:`~zi_engine.SubmissionError`.
        """
        from zi_engine.lke._checking import check_lke

        return check_lke(path, rubric or self.load_rubric(BUNDLED_RUBRIC))
