"""The service's request and response bodies (pydantic: the OpenAPI schema is made from them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zi_engine._errors import ZiError
from zi_engine.service._messages import message
from zi_engine.submission._scope import AgencyType, UnitLevel

__all__ = [
    "ERRORS",
    "ApiError",
    "ErrorBody",
    "FireRequest",
    "LifecycleRequest",
    "PortalAnswer",
    "PortalAnswers",
    "PortalUnit",
    "PortalUnits",
    "ProblemBody",
    "problems_of",
]


class ApiError(Exception):
    """An answer other than 2xx: status, code and the code's (Indonesian) message."""

    def __init__(
        self, status: int, code: str, *, headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None, **values: object,
    ) -> None:  # fmt: skip
        super().__init__(code)
        self.status, self.code, self.headers = status, code, headers
        self.text = message(code, **values)
        self.extra = extra or {}


class ProblemBody(BaseModel):
    """One located problem, as the command line prints it (file, line, column, path)."""

    message: str
    code: str | None = None
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None


class ErrorBody(BaseModel):
    """Every non-2xx body (integration guide §6); ``problems`` and ``reasons`` when known.

    ``reason_codes`` (beside ``reasons``) and each problem's ``code`` are the messages'
    stable codes: an app matches on them, never on the words, which follow the
    request's language.
    """

    error: Literal[True]
    code: str
    message: str
    problems: list[ProblemBody] | None = None
    reasons: list[str] | None = None
    reason_codes: list[str | None] | None = None
    expected_revision: int | None = None
    actual_revision: int | None = None


_STATUS_TEXT = {
    401: "API Key tidak valid atau tidak dikirimkan",
    403: "API Key valid tetapi tidak berhak mengakses data ini",
    404: "Data tidak ditemukan",
    408: "Isi request terlalu lambat dikirim",
    409: "Ditolak: transisi tidak diizinkan, atau revisi sudah berubah",
    413: "Isi request terlalu besar",
    422: "Data request tidak valid",
    429: "Rate limit terlampaui",
    500: "Error di sisi instansi",
}


def ERRORS(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of an endpoint: each status with the error body (413/408/500 always)."""
    every = sorted({*statuses, 408, 413, 500})
    return {s: {"model": ErrorBody, "description": _STATUS_TEXT[s]} for s in every}


def problems_of(exc: ZiError) -> list[dict[str, Any]]:
    """The located problems of an error (one without location for a plain message)."""
    found = getattr(exc, "problems", None)
    if not found:
        return [{"message": str(exc), "code": exc.code, "path": ""}]
    return [
        {
            "message": p.message,
            "code": p.code,
            "path": p.path,
            "file": p.file,
            "line": p.line,
            "column": p.column,
        }
        for p in found
    ]


class PortalUnit(BaseModel):
    """One entry of ``units[]`` (guide §3.1)."""

    id: str
    nama: str
    kategori: str | None = None
    afirmasi: bool | None = None


class PortalUnits(BaseModel):
    """The unit-wbk / unit-wbbm response (guide §3.1, §3.2)."""

    tahun: int
    units: list[PortalUnit]


class PortalAnswer(BaseModel):
    """One entry of ``answers[]`` (guide §3.3)."""

    soal_id: int
    jawaban_unit: str | int | float | None
    jawaban_tpi: str | int | float | None = None
    catatan_unit: str | None = None
    bukti_dukung_unit: str | None = None
    catatan_tpi: str | None = None


class PortalAnswers(BaseModel):
    """The jawaban-unit response (guide §3.3)."""

    unit_id: str
    nama_unit: str
    tahun: int
    answers: list[PortalAnswer]


Layer = Literal["unit", "induk", "tpi", "tpn"]


class EvaluateRequest(BaseModel):
    """A submission (the file form, as JSON) to evaluate; the store's agency facts apply."""

    model_config = ConfigDict(extra="forbid")

    submission: dict[str, Any] = Field(description="a submission in the file form (docs)")
    layer: Layer = "tpn"
    as_of: date | None = None
    target: str | None = Field(default=None, pattern=r"^[A-Z][A-Z0-9_-]*$", max_length=32)


class EvaluateResponse(BaseModel):
    """Scores, every predicate's eligibility with each criterion, and the improvement plan."""

    evaluation: dict[str, Any]
    plan: dict[str, Any]


class StoredResponse(BaseModel):
    """A stored submission version."""

    unit_id: str
    version: int
    changes: list[str]


class ActorFields(BaseModel):
    """Who acts: an id and a role of the lifecycle definition (the agency is the token's)."""

    model_config = ConfigDict(extra="forbid")

    actor_id: str = Field(min_length=1, max_length=500, pattern=r"^[^\x00-\x1f\x7f]+$")
    role: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")
    at: datetime = Field(description="when, with its UTC offset (never the server's clock)")


class FireRequest(ActorFields):
    """Fire a trigger. A payload field of type evaluation is not sent: the unit's stored
    submission (``submission_version``, default the latest) is evaluated for it."""

    expected_revision: int | None = Field(default=None, ge=0)
    submission_version: int | None = Field(default=None, ge=1)
    layer: Layer = "tpn"
    payload: dict[
        str, Annotated[str, Field(max_length=20_000, pattern=r"^[^\x00]*$")] | bool | None
    ] = Field(default_factory=dict)
    review: dict[str, Any] | None = Field(
        default=None,
        description="for a trigger that needs a signed-off review (tpi_reject, propose): the "
        "review's document (Review.to_dict()), replayed and verified before it is read; left "
        "out, the unit's latest stored review of the kind the trigger's guard reads is used",
    )
    review_kind: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9_]*$", max_length=64,
        description="the stored review to use (default: the one the trigger's guard reads)",
    )  # fmt: skip


class LifecycleRequest(BaseModel):
    """Start a unit's lifecycle in the definition's initial state."""

    model_config = ConfigDict(extra="forbid")

    level: UnitLevel | None = Field(
        default=None,
        description="the unit's level (jpt_madya, jpt_pratama, upt_provinsi, bawah_provinsi): "
        "with agency_type it decides whether the parent unit assesses it first (penilaian "
        "pendahuluan, PermenPAN-RB 90/2021 hlm. 40-42); neither given: no preliminary review",
    )
    agency_type: AgencyType | None = Field(
        default=None, description="central (a ministry or agency, K/L) or regional (a pemda)"
    )
    needs_preliminary_review: bool | None = Field(
        default=None,
        deprecated=True,
        description="deprecated: give level and agency_type; refused (422) when it contradicts "
        "them",
    )
    created_at: datetime | None = None


class LifecycleResponse(BaseModel):
    """A unit's lifecycle: where it stands, and (after firing) the new audit record."""

    unit_id: str
    state: str
    state_label: str
    target: str
    predicate: str | None
    revision: int
    head: str
    record: dict[str, Any] | None = None
    needs_preliminary_review: bool = Field(
        default=False,
        description="whether the unit's parent unit assesses it before the TPI (penilaian "
        "pendahuluan), derived from its level and agency type when it was started",
    )


class AllowedResponse(BaseModel):
    """The triggers the actor may fire now."""

    unit_id: str
    state: str
    revision: int
    allowed: list[str]


class PortfolioResponse(BaseModel):
    """The token's agency's units, counted."""

    units: int
    by_state: dict[str, int]
    by_predicate: dict[str, int]
    by_target: dict[str, int]
    stuck: list[dict[str, Any]] | None = None
