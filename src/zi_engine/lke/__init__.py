"""The official LKE workbook (Excel): read one into a submission, write one that scores itself.

``_layout`` resolves the rubric's workbook layout (the answers sheet, the
columns of each layer, each question's row); ``_safety`` opens a workbook
someone else wrote without trusting it; ``_reading`` reads answers, notes and
evidence with located problems; ``_formulas`` builds the live formulas of the
engine's roll-up; ``_writing`` writes a filled workbook or a blank template;
``_checking`` compares the values a spreadsheet application cached with the
engine's scores.

Needs the ``zi-engine[lke]`` extra (openpyxl and defusedxml); without it each
function raises a :class:`~zi_engine.UsageError` naming the extra.
"""

from __future__ import annotations

from zi_engine.lke._checking import Disagreement, check_lke
from zi_engine.lke._layout import VALUES_SHEET, SheetLayout, sheet_layout
from zi_engine.lke._reading import read_lke
from zi_engine.lke._writing import write_lke

__all__ = [
    "VALUES_SHEET",
    "Disagreement",
    "SheetLayout",
    "check_lke",
    "read_lke",
    "sheet_layout",
    "write_lke",
]
