"""Drawing a lifecycle definition as a Mermaid state diagram (no graphviz needed)."""

from __future__ import annotations

from zi_engine._text import printable, printable_lines
from zi_engine.lifecycle._definition import LifecycleDefinition

__all__ = ["mermaid_diagram"]


def mermaid_diagram(definition: LifecycleDefinition) -> str:
    """The definition as Mermaid ``stateDiagram-v2`` text, ready for a Markdown fence.

    Each state shows its Indonesian label and its name; each arrow names the
    trigger(s) that take it. A trigger that fires from many states (``revoke``)
    gets one arrow per state, exactly as :meth:`Lifecycle.allowed` sees it.
    """
    lines = ["stateDiagram-v2"]
    for name, state in definition.states.items():
        label = printable(state.label).replace('"', "'")  # a line break would add an arrow
        lines.append(f'    state "{label} ({name})" as {name}')
    lines.append(f"    [*] --> {definition.initial}")
    arrows: dict[tuple[str, str], list[str]] = {}
    for trigger, source, dest in definition.edges():
        arrows.setdefault((source, dest), []).append(trigger)
    for (source, dest), triggers in arrows.items():
        lines.append(f"    {source} --> {dest}: {' / '.join(triggers)}")
    return printable_lines(lines)
