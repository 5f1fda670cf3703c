"""The Kawasan definition file, as frozen pydantic models (pure data, no I/O).

A Kawasan (Pasal 1 angka 5: "area yang terdiri dari beberapa unit kerja/satuan
kerja lintas instansi yang menyelenggarakan fungsi pelayanan") is named once,
with its kind, its member units (by unit and agency id, each with the file of
its own LKE submission) and the joint TPI's answers to the integration rubric.
Reading and checking a file lives in ``_load``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import ConfigDict, Field

from zi_engine._errors import _ProblemsError
from zi_engine._resources import BUNDLED_RUBRIC
from zi_engine.safeio._models import RefusingModel
from zi_engine.submission._model import FileDate, Identifier, LayeredAnswer

if TYPE_CHECKING:
    pass

__all__ = [
    "BUNDLED_INTEGRATION_RUBRIC",
    "KAWASAN_KINDS",
    "IntegrationSpec",
    "Kawasan",
    "KawasanError",
    "KawasanInfo",
    "KawasanKind",
    "MemberSpec",
]

BUNDLED_INTEGRATION_RUBRIC = "kawasan-integrasi-permenpan-rb-90-2021"
"""The bundled integration instrument (Tabel 5, hlm. 45; scale and weights assumed)."""

KawasanKind = Literal["bandar_udara", "pelabuhan", "aph", "atr_bpn", "pemerintah_daerah", "lainnya"]
KAWASAN_KINDS: Mapping[str, str] = {
    "bandar_udara": "Kawasan Bandar Udara (Tabel 1, hlm. 32)",
    "pelabuhan": "Kawasan Pelabuhan (Tabel 2, hlm. 33)",
    "aph": "Kawasan Aparat Penegak Hukum (hlm. 33)",
    "atr_bpn": "Pelayanan pertanahan ATR/BPN (hlm. 33)",
    "pemerintah_daerah": "Kawasan Pemerintah Daerah (hlm. 33)",
    "lainnya": "Kawasan lain prioritas Stranas PK (hlm. 34)",
}
"""The kinds of Kawasan the regulation names (Lampiran I huruf B, hlm. 32-34)."""

ShortText = Annotated[str, Field(min_length=1, max_length=500)]
RubricRef = Annotated[str, Field(min_length=1, max_length=1000)]


class KawasanError(_ProblemsError):
    """A Kawasan file could not be read, is not valid, or does not fit its members' files."""


class _Spec(RefusingModel):
    """Frozen, strict models whose validation errors are :class:`KawasanError` s, located in the
    file when its bytes are known (``_validated``), also when built in code."""

    error_cls = KawasanError


class KawasanInfo(_Spec):
    """The Kawasan's identity: an id, a name and its kind."""

    id: Identifier
    name: ShortText
    kind: KawasanKind


class MemberSpec(_Spec):
    """A member unit, by unit and agency id, and the file of its LKE submission.

    ``submission`` is relative to the Kawasan file; :func:`load_kawasan`
    resolves it. A member without a file is evaluated from an
    :class:`~zi_engine.Evaluation` passed in, or is inconclusive.
    """

    unit: Identifier
    agency: Identifier
    name: ShortText | None = None
    submission: Annotated[str, Field(min_length=1, max_length=1000)] | None = None


class IntegrationSpec(_Spec):
    """The joint TPI's assessment of business-process integration (Tabel 5).

    ``rubric`` names the instrument (a registered name or a directory; the
    bundled one by default); ``answers`` are layered as a submission's are.
    """

    rubric: RubricRef = BUNDLED_INTEGRATION_RUBRIC
    answers: dict[Annotated[str, Field(max_length=128)], LayeredAnswer] = Field(
        default_factory=dict
    )


class Kawasan(_Spec):
    """A Kawasan for one year: identity, target, members and integration answers.

    ``predicate_held`` is the Kawasan's own designation (Kawasan Menuju WBK is
    a condition of Kawasan Menuju WBBM, hlm. 59); ``None`` means not stated,
    which leaves that condition inconclusive. ``member_rubric`` is the rubric
    the members' submissions are scored with.
    """

    schema_: str | None = Field(default=None, alias="$schema")
    kawasan: KawasanInfo
    year: Annotated[int, Field(ge=2000, le=2200, strict=True)]
    target: Literal["WBK", "WBBM"] = "WBK"
    as_of: FileDate | None = None
    predicate_held: Literal["none", "WBK", "WBBM"] | None = None
    member_rubric: RubricRef = BUNDLED_RUBRIC
    members: Annotated[list[MemberSpec], Field(min_length=1, max_length=1000)]
    integration: IntegrationSpec = Field(default_factory=IntegrationSpec)

    model_config = ConfigDict(populate_by_name=True)

    @property
    def id(self) -> str:
        """The Kawasan's id."""
        return self.kawasan.id

    @property
    def agencies(self) -> tuple[str, ...]:
        """The member agencies, each once, in the order they first appear."""
        return tuple(dict.fromkeys(m.agency for m in self.members))

    def member(self, unit_id: str, agency_id: str) -> MemberSpec | None:
        """The member with this unit and agency id, if there is one."""
        for m in self.members:
            if m.unit == unit_id and m.agency == agency_id:
                return m
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the file form (dates as ``YYYY-MM-DD``)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
