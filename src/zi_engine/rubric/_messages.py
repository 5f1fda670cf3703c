"""Messages more than one rubric module writes: "did you mean", unknown names.

Every rubric message is written with :func:`zi_engine._i18n.t`; the ones here
are shared so that the loader, the checks and the field hints say them the
same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from zi_engine._i18n import Text, t

__all__ = ["closest", "did_you_mean", "unknown_answer_type"]


def closest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name ``name`` was most likely meant to be, if one is close enough."""
    found = difflib.get_close_matches(name, sorted(set(known) - {name}), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(name: str) -> Text:
    """`` (did you mean 'name'?)``, to follow an unknown name in a message."""
    return t("rubric.did_you_mean", " (did you mean {name}?)", name=repr(name))


def unknown_answer_type(name: str, known: Iterable[str]) -> Text:
    """An ``answer:`` naming no answer type, with the closest one and the known ones."""
    names = sorted(known)
    close = closest(name, names)
    return t(
        "rubric.unknown_answer_type",
        "unknown answer type {name}{hint} (known: {known})",
        name=repr(name),
        hint=did_you_mean(close) if close else "",
        known=", ".join(names),
    )
