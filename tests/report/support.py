"""Helpers the report tests share: the example units evaluated, and a look inside HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import zi_engine
from zi_engine import Evaluation, ImprovementPlan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str, **kwargs: object) -> tuple[Evaluation, list[ImprovementPlan]]:
    """An example unit evaluated, with a plan toward every predicate it does not meet."""
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    sub = zi_engine.load_submission(EXAMPLES / f"{name}.yaml")
    ev = zi_engine.evaluate(rubric, sub, **kwargs)  # type: ignore[arg-type]
    plans = [zi_engine.plan(ev, p) for p, r in ev.eligibility.items() if not r.eligible]
    return ev, plans


class Tags(HTMLParser):
    """Every start tag and attribute of a page, and its text, as a browser's parser sees them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def names(self) -> set[str]:
        return {tag for tag, _ in self.tags}

    def joined_text(self) -> str:
        return " ".join(" ".join(self.text).split())


# the elements the templates and the SVG writer use; anything else came from input
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "span",
    "dl", "dt", "dd", "section", "div", "table", "thead", "tbody", "tr", "th", "td", "figure",
    "figcaption", "svg", "text", "rect", "line", "g", "footer", "ul", "li", "strong", "i",
}  # fmt: skip
