"""A short SVG writer for the reports' two chart shapes: labelled bars and a histogram.

The charts are inline SVG in a self-contained HTML file: no script, no network, crisp in
print and PDF. Every label is user-reachable text (area names come from a rubric, unit
names from a submission), so each is cleaned and escaped here; the result is
:class:`markupsafe.Markup` that the templates insert as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from zi_engine.report._format import clean

__all__ = ["Bar", "Line", "Mark", "bar_chart", "histogram"]

WIDTH = 720
FONT = "font-family='Helvetica, Arial, sans-serif' font-size='12'"
INK, GRID, MUTED = "#1f2933", "#d8dee4", "#52606d"
TONES = {"ok": "#2b6cb0", "low": "#c53030", "plain": "#4a5568"}
LINE_COLOURS = ("#b7791f", "#2f855a", "#6b46c1")


@dataclass(frozen=True, slots=True)
class Mark:
    """A short tick on one bar (a threshold that applies to that row only)."""

    value: float
    label: str
    tone: int = 0  # which predicate: the colour of its line


@dataclass(frozen=True, slots=True)
class Bar:
    """One row: its label, its length in chart units, and the text shown beside it."""

    label: str
    value: float
    text: str
    tone: str = "ok"
    marks: tuple[Mark, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Line:
    """A line across every row (a threshold for all of them), labelled at the top."""

    value: float
    label: str


def _t(text: str, limit: int = 0) -> str:
    """``text`` cleaned, shortened to ``limit`` characters, and escaped."""
    text = clean(text)
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return str(escape(text))


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    bars: Sequence[Bar],
    *,
    scale_max: float,
    lines: Sequence[Line] = (),
    ticks: Sequence[float] = (),
    tick_text: Callable[[float], str] = _n,
    title: str = "",
    label_width: int = 270,
) -> Markup:
    """Horizontal bars from 0 to ``scale_max``, with optional lines and per-bar marks."""
    top, row, left, right = (34 if lines else 12), 26, label_width, WIDTH - 86
    span = right - left
    height = top + row * len(bars) + (26 if ticks else 8)
    scale_max = scale_max or 1.0

    def x(value: float) -> float:
        return left + span * max(0.0, min(value, scale_max)) / scale_max

    out = [_open(height, title)]
    for tick in ticks:
        out.append(_vline(x(tick), top - 4, top + row * len(bars), GRID, 1))
        out.append(
            f"<text x='{x(tick):.1f}' y='{height - 8}' text-anchor='middle' fill='{MUTED}' "
            f"font-size='11'>{_t(tick_text(tick))}</text>"
        )
    for i, bar in enumerate(bars):
        y = top + i * row
        length = x(bar.value) - left
        out.append(
            f"<text x='{left - 8}' y='{y + 17}' text-anchor='end' fill='{INK}'>"
            f"<title>{_t(bar.label)}</title>{_t(bar.label, 44)}</text>"
        )
        out.append(
            f"<rect x='{left}' y='{y + 5}' width='{span}' height='16' fill='#edf2f7' rx='2'/>"
        )
        out.append(
            f"<rect class='bar' x='{left}' y='{y + 5}' width='{length:.1f}' height='16' "
            f"fill='{TONES.get(bar.tone, TONES['plain'])}' rx='2'/>"
        )
        for mark in bar.marks:
            colour = LINE_COLOURS[mark.tone % len(LINE_COLOURS)]
            stroke = _vline(x(mark.value), y + 1, y + 25, colour, 3)
            out.append(f"<g><title>{_t(mark.label)}</title>{stroke}</g>")
        out.append(
            f"<text x='{right + 8}' y='{y + 17}' fill='{INK}' font-weight='bold'>"
            f"{_t(bar.text)}</text>"
        )
    for j, line in enumerate(lines):
        colour = LINE_COLOURS[j % len(LINE_COLOURS)]
        out.append(_vline(x(line.value), top - 6, top + row * len(bars), colour, 2, dash=True))
        anchor = "end" if j % 2 == 0 else "start"
        shift = -4 if anchor == "end" else 4
        out.append(
            f"<text x='{x(line.value) + shift:.1f}' y='{top - 12}' text-anchor='{anchor}' "
            f"fill='{colour}' font-weight='bold'>{_t(line.label)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def histogram(
    counts: Sequence[int],
    edges: Sequence[float],
    *,
    lines: Sequence[Line] = (),
    axis_label: str = "",
    title: str = "",
) -> Markup:
    """Columns of ``counts`` between consecutive ``edges``, with labelled vertical lines."""
    height, top, bottom, left, right = 266, 50, 216, 40, WIDTH - 20
    low, high = edges[0], edges[-1]
    peak = max(counts, default=0) or 1

    def x(value: float) -> float:
        return left + (right - left) * (value - low) / (high - low)

    out = [_open(height, title)]
    out.append(_hline(left, right, bottom, MUTED))
    for k, count in enumerate(counts):
        x0, x1 = x(edges[k]) + 2, x(edges[k + 1]) - 2
        h = (bottom - top) * count / peak
        out.append(
            f"<rect class='bar' x='{x0:.1f}' y='{bottom - h:.1f}' width='{x1 - x0:.1f}' "
            f"height='{h:.1f}' fill='{TONES['ok']}'/>"
        )
        if count:
            out.append(
                f"<text x='{(x0 + x1) / 2:.1f}' y='{bottom - h - 4:.1f}' text-anchor='middle' "
                f"fill='{INK}'>{count}</text>"
            )
    for edge in edges:
        out.append(
            f"<text x='{x(edge):.1f}' y='{bottom + 16}' text-anchor='middle' fill='{MUTED}' "
            f"font-size='11'>{_t(_n(edge))}</text>"
        )
    if axis_label:
        out.append(
            f"<text x='{(left + right) / 2}' y='{bottom + 36}' text-anchor='middle' "
            f"fill='{MUTED}'>{_t(axis_label)}</text>"
        )
    for j, line in enumerate(lines):
        colour = LINE_COLOURS[j % len(LINE_COLOURS)]
        out.append(_vline(x(line.value), top - 26, bottom, colour, 2, dash=True))
        out.append(
            f"<text x='{x(line.value) + 4:.1f}' y='{top - 30}' fill='{colour}' "
            f"font-weight='bold'>{_t(line.label)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def _open(height: int, title: str) -> str:
    label = f" aria-label='{_t(title)}'" if title else ""
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart' width='{WIDTH}' "
        f"height='{height}' viewBox='0 0 {WIDTH} {height}' role='img'{label} {FONT}>"
    )


def _vline(x: float, y0: float, y1: float, colour: str, width: int, dash: bool = False) -> str:
    pattern = " stroke-dasharray='5 3'" if dash else ""
    return (
        f"<line x1='{x:.1f}' y1='{y0}' x2='{x:.1f}' y2='{y1}' stroke='{colour}' "
        f"stroke-width='{width}'{pattern}/>"
    )


def _hline(x0: float, x1: float, y: float, colour: str) -> str:
    return f"<line x1='{x0}' y1='{y}' x2='{x1}' y2='{y}' stroke='{colour}' stroke-width='1'/>"
