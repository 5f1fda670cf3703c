"""Values every layer shares: the one float tolerance and the ``MISSING`` sentinel."""

from __future__ import annotations

import enum
from typing import Final, Literal

__all__ = ["MISSING", "TOLERANCE", "Missing"]

TOLERANCE: Final = 1e-9
"""How far apart two floats may be and still count as equal.

Scores are sums of float products (3.60 / 4 × 17.5 is 15.749999999999998), so a
threshold met exactly must not fail by 1e-15, weights that add up must not be
refused, and an option value written as 0.67 is the 0.67 of Lampiran III. Far
below anything the regulation distinguishes (it prints two decimals).
"""


class _Missing(enum.Enum):
    """The type of :data:`MISSING` (an enum, so type checkers narrow ``is MISSING``)."""

    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"

    def __str__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing.MISSING
"""A fact the submission does not give (what :meth:`Facts.get` and ``ctx.fact`` return).

Falsy, and shown as ``MISSING``. Test for it with ``value is MISSING``.
"""

Missing = Literal[_Missing.MISSING]
"""The type of :data:`MISSING`, for annotations (``-> int | Missing``)."""
