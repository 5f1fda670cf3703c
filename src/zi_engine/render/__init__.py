"""Rendering for people and tools: text tables, Markdown, JSON Schemas.

Reads results; never computes them.

Names are imported on first use, so a command imports only the renderer it prints with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zi_engine._lazy import lazy_exports

if TYPE_CHECKING:
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

# public name -> the module that defines it, imported on first use (as ``zi_engine`` does)
_EXPORTS: dict[str, str] = {
    "draft7_schema": "zi_engine.render._schema",
    "mermaid_diagram": "zi_engine.render._diagram",
    "render_evaluation": "zi_engine.render._text",
    "render_plan": "zi_engine.render._plan",
    "render_portfolio": "zi_engine.render._portfolio",
    "render_rubric_tree": "zi_engine.render._text",
    "rubric_summary": "zi_engine.render._text",
    "schema_text": "zi_engine.render._schema",
    "write_all": "zi_engine.render._schema",
}


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS, __all__)
