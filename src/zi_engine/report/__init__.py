"""Reports people read: a unit's evaluation report and the monitoring dashboard.

HTML (one self-contained file: inline SVG charts, no script, no network) from Jinja2
templates with autoescaping on; PDF by printing that HTML with headless Chromium.
Texts are in Bahasa Indonesia (``_texts``), numbers written the Indonesian way
(``85,46``). The report layer reads :class:`~zi_engine.Evaluation`,
:class:`~zi_engine.ImprovementPlan` and :class:`~zi_engine.Portfolio` objects that its
caller made; it never imports the engine.

Names are imported on first use, as in ``zi_engine`` itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zi_engine._lazy import lazy_exports

if TYPE_CHECKING:
    from zi_engine.report._dashboard import dashboard_data, render_dashboard
    from zi_engine.report._format import clean, number, percent
    from zi_engine.report._pdf import PdfUnavailable, find_chromium, html_to_pdf
    from zi_engine.report._unit import render_unit_report

__all__ = [
    "PdfUnavailable",
    "clean",
    "dashboard_data",
    "find_chromium",
    "html_to_pdf",
    "number",
    "percent",
    "render_dashboard",
    "render_unit_report",
]

_EXPORTS: dict[str, str] = {
    "PdfUnavailable": "zi_engine.report._pdf",
    "clean": "zi_engine.report._format",
    "dashboard_data": "zi_engine.report._dashboard",
    "find_chromium": "zi_engine.report._pdf",
    "html_to_pdf": "zi_engine.report._pdf",
    "number": "zi_engine.report._format",
    "percent": "zi_engine.report._format",
    "render_dashboard": "zi_engine.report._dashboard",
    "render_unit_report": "zi_engine.report._unit",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS, __all__)
