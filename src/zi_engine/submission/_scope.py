"""Who is assessed first, and by whom: the preliminary review's scope (hlm. 40–42).

The rule, stated once. In a ministry or agency (K/L, ``AgencyInfo.type``
``central``) a unit led by a *jabatan pimpinan tinggi pratama* or a
*unit pelaksana teknis* at province level is assessed first by its parent
unit led by a *jabatan pimpinan tinggi madya* (penilaian pendahuluan,
hlm. 40 a.1); a unit below province level is assessed first by the
provincial unit above it (a.2). A JPT madya unit goes to the TPI directly
(hlm. 41 b.1), and so does every unit of a regional government (pemda,
``regional``, hlm. 42). The lifecycle, the service and the review read this
module; nothing else decides it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from zi_engine._errors import UsageError
from zi_engine._i18n import Text, t
from zi_engine._text import show

if TYPE_CHECKING:
    from zi_engine.submission._model import UnitInfo

__all__ = [
    "ASSESSORS",
    "UNIT_LEVELS",
    "AgencyType",
    "Assessor",
    "PreliminaryScope",
    "UnitLevel",
    "preliminary_scope",
    "resolve_preliminary_review",
]

UnitLevel = Literal["jpt_madya", "jpt_pratama", "upt_provinsi", "bawah_provinsi"]
"""A unit's level, in the regulation's words (hlm. 40–41).

``jpt_madya``: led by a *jabatan pimpinan tinggi madya* (eselon I: a
directorate general, an inspectorate general, a deputy). ``jpt_pratama``: led
by a *jabatan pimpinan tinggi pratama* (eselon II: a directorate, a bureau; in
a pemda a *perangkat daerah* such as a dinas). ``upt_provinsi``: a technical
or vertical unit at province level (a *kantor wilayah*, a provincial UPT).
``bawah_provinsi``: a unit below province level (at a regency or city: a
district office, a UPT, a puskesmas).
"""
UNIT_LEVELS: tuple[UnitLevel, ...] = get_args(UnitLevel)

AgencyType = Literal["regional", "central"]
"""``central``: a ministry or agency (K/L); ``regional``: a regional government (pemda)."""

Assessor = Literal["jpt_madya", "provinsi"]
"""Who makes the preliminary review: the JPT madya unit above, or the provincial unit above."""
ASSESSORS: tuple[Assessor, ...] = get_args(Assessor)

# (level -> who assesses first) inside a K/L; a level not here goes to the TPI directly
_CENTRAL_ASSESSOR: dict[str, Assessor] = {
    "jpt_pratama": "jpt_madya",
    "upt_provinsi": "jpt_madya",
    "bawah_provinsi": "provinsi",
}


@dataclass(frozen=True)
class PreliminaryScope:
    """Whether a unit is assessed by its parent before the TPI, and by whom.

    ``needed`` is ``None`` when the unit's facts cannot tell (``missing``
    names what to give: ``level``, ``agency.type``); ``assessor`` is set
    exactly when ``needed`` is true.
    """

    needed: bool | None
    assessor: Assessor | None = None
    missing: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        """Whether the unit's facts decide it."""
        return self.needed is not None

    def assessor_text(self) -> Text | None:
        """Who assesses first, in the current language (for messages), or ``None``."""
        if self.assessor == "jpt_madya":
            return t(
                "submission.assessor_jpt_madya",
                "the parent unit led by a JPT madya (unit kerja pimpinan tinggi madya)",
            )
        if self.assessor == "provinsi":
            return t("submission.assessor_provinsi", "the provincial unit above it")
        return None

    def unknown_text(self, unit_id: str) -> Text:
        """Why the facts of unit ``unit_id`` cannot tell, and what to give."""
        return t(
            "submission.scope_unknown",
            "unit {unit}: cannot tell whether its parent unit assesses it first (penilaian"
            " pendahuluan); give {missing}",
            unit=unit_id,
            missing=", ".join(self.missing),
        )


def preliminary_scope(level: str | None, agency_type: str | None) -> PreliminaryScope:
    """The preliminary review's scope of a unit at ``level`` in an agency of ``agency_type``.

    Either may be ``None`` (not known): a pemda's units and JPT madya units
    need none whatever the other fact is; otherwise both are needed to tell.
    """
    if agency_type == "regional" or level == "jpt_madya":
        return PreliminaryScope(False)
    if agency_type == "central" and level is not None:
        assessor = _CENTRAL_ASSESSOR.get(level)
        return PreliminaryScope(assessor is not None, assessor)
    missing = tuple(
        name for name, value in (("level", level), ("agency.type", agency_type)) if value is None
    )
    return PreliminaryScope(None, None, missing)


def resolve_preliminary_review(
    unit_id: str,
    agency_id: str | None = None,
    *,
    unit: UnitInfo | None = None,
    level: str | None = None,
    agency_type: str | None = None,
    stated: bool | None = None,
) -> bool:
    """Whether unit ``unit_id`` has a preliminary review, from the facts a caller gives.

    The lifecycle's and the service's constructors call this. ``unit`` (a
    :class:`~zi_engine.UnitInfo`, of unit ``unit_id`` of agency
    ``agency_id`` when given) gives ``level`` and the agency's type, or
    give them as ``level`` and ``agency_type`` (not both ways). ``stated`` is
    the deprecated explicit flag: a :class:`DeprecationWarning`, and a
    :class:`~zi_engine.UsageError` where it contradicts the facts. Given
    nothing at all, a unit has none (what a caller who never named it always
    had); given facts that cannot tell (a level without the agency's type),
    it is refused naming the unit and what is missing rather than guessed.
    """
    if unit is not None and (level is not None or agency_type is not None):
        raise UsageError(
            t(
                "submission.scope_given_twice",
                "unit {unit}: give unit=, or level= and agency_type=, not both",
                unit=unit_id,
            )
        )
    for name, value, allowed in (
        ("level", level, UNIT_LEVELS),
        ("agency_type", agency_type, ("central", "regional")),
    ):
        if value is not None and value not in allowed:
            raise UsageError(
                t(
                    "submission.scope_unknown_value",
                    "unit {unit}: {name} {value} is not one of {allowed}",
                    unit=unit_id,
                    name=name,
                    value=show(value),
                    allowed=", ".join(allowed),
                )
            )
    if unit is not None and (unit.id, unit.agency.id) != (unit_id, agency_id or unit.agency.id):
        raise UsageError(
            t(
                "submission.scope_other_unit",
                "unit= is {unit} of {agency}, not {unit_id} of {agency_id}",
                unit=unit.id,
                agency=unit.agency.id,
                unit_id=unit_id,
                agency_id=agency_id or unit.agency.id,
            )
        )
    if unit is not None:
        scope = unit.preliminary_scope
    elif level is None and agency_type is None:
        scope = PreliminaryScope(None if stated is not None else False)
    else:
        scope = preliminary_scope(level, agency_type)
    if stated is not None:
        warnings.warn(
            "needs_preliminary_review= is deprecated; give unit= or level= and agency_type=,"
            " from which the preliminary review is derived",
            DeprecationWarning,
            stacklevel=3,
        )
        if scope.needed is None:
            return stated
        if scope.needed != stated:
            raise UsageError(
                t(
                    "submission.scope_contradicted",
                    "unit {unit}: needs_preliminary_review={stated} contradicts its level and"
                    " agency type, by which it {verdict}; leave needs_preliminary_review out",
                    unit=unit_id,
                    stated=str(stated),
                    verdict=_verdict(scope.needed),
                )
            )
    if scope.needed is None:
        raise UsageError(scope.unknown_text(unit_id))
    return scope.needed


def _verdict(needed: bool) -> Text:
    if needed:
        return t("submission.scope_needed", "is assessed first by its parent unit")
    return t("submission.scope_not_needed", "goes to the TPI directly")
