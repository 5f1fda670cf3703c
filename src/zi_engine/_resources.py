"""Where bundled data lives: inside an installed wheel, or in a source checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["BUNDLED_LIFECYCLE", "BUNDLED_RUBRIC", "bundled_dir"]

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled folder ``name`` (``rubrics``, ``lifecycles``, ``schema``).

    A wheel carries them as ``zi_engine/_bundled/<name>``; an editable install
    or a checkout reads them from the repository root.
    """
    packaged = _PACKAGE / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent.parent / name


BUNDLED_RUBRIC = "permenpan-rb-90-2021"
"""Name of the bundled rubric: the LKE of PermenPAN-RB 90/2021 (every default rubric)."""

BUNDLED_LIFECYCLE = "permenpan-rb-90-2021"
"""Name of the bundled lifecycle definition (Lampiran II of PermenPAN-RB 90/2021)."""
