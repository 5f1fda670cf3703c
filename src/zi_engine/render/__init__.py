"""Rendering for people and tools: text tables, Markdown, JSON Schemas.

Reads results; never computes them.
"""

from __future__ import annotations

from zi_engine.render._diagram import mermaid_diagram
from zi_engine.render._plan import render_plan
from zi_engine.render._portfolio import render_portfolio
from zi_engine.render._schema import draft7_schema, schema_text, write_all
from zi_engine.render._text import render_evaluation, render_rubric_tree, rubric_summary

__all__ = [
    "draft7_schema",
    "mermaid_diagram",
    "render_evaluation",
    "render_plan",
    "render_portfolio",
    "render_rubric_tree",
    "rubric_summary",
    "schema_text",
    "write_all",
]
