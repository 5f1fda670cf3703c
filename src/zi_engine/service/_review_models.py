"""Request and response bodies of the review endpoints (pydantic: the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zi_engine.service._models import ActorFields

__all__ = [
    "ReopenRequest",
    "ReviewListResponse",
    "ReviewResponse",
    "ReviewRowBody",
    "RevisionRequest",
    "SignOffRequest",
    "StartReviewRequest",
    "VerdictRequest",
]

# printable text without NUL (PostgreSQL keeps none); the review's own rules check the rest
Note = Annotated[str, Field(max_length=10_000, pattern=r"^[^\x00]*$")]
Evidence = Annotated[str, Field(min_length=1, max_length=10_000, pattern=r"^[^\x00]*$")]
Answer = Annotated[str, Field(max_length=10_000, pattern=r"^[^\x00]*$")] | int | float | None
QuestionId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


class ReviewerFields(ActorFields):
    """Who acts in a review: an id, a role, and the unit the person belongs to.

    The agency is always the token's. ``actor_unit_id`` is the reviewer's own
    unit (a reviewer cannot review their own unit's answers) or, for a
    revision, the unit itself.
    """

    actor_unit_id: str | None = Field(
        default=None, min_length=1, max_length=500, pattern=r"^[^\x00-\x1f\x7f]+$"
    )
    expected_revision: int | None = Field(
        default=None, ge=0, description="the review's revision read (a conflict if it moved)"
    )


class VerdictRequest(ReviewerFields):
    """A checking tier's verdict on one question (``answer``: the reviewer's own)."""

    question: QuestionId
    verdict: Literal["sesuai", "perlu_revisi", "tidak_sesuai"]
    answer: Answer = None
    note: Note | None = None
    evidence_checked: list[Evidence] = Field(default_factory=list, max_length=100)


class RevisionRequest(ReviewerFields):
    """The unit answers a question returned to it (``evidence`` left out: the old is kept)."""

    question: QuestionId
    answer: Answer
    note: Note | None = None
    evidence: list[Evidence] | None = Field(default=None, max_length=100)


class SignOffRequest(ReviewerFields):
    """The next tier signs off."""

    note: Note | None = None


class ReopenRequest(ReviewerFields):
    """Withdraw every sign-off so that verdicts can change again."""

    note: Note


class StartReviewRequest(BaseModel):
    """Start the unit's next review of its kind, of a stored submission version."""

    model_config = ConfigDict(extra="forbid")

    at: datetime = Field(description="when, with its UTC offset (never the server's clock)")
    submission_version: int | None = Field(default=None, ge=1)
    questions: list[QuestionId] | None = Field(
        default=None, max_length=2_000, description="default: every question taking an answer"
    )


class ReviewResponse(BaseModel):
    """A unit's review: where it stands, its document, and (after an action) the new record."""

    unit_id: str
    kind: str
    number: int
    revision: int
    head: str
    round: int
    signed_off: bool
    open_questions: list[str]
    next_tier: str | None
    status: dict[str, str]
    document: dict[str, Any] = Field(description="Review.to_dict(): the whole history")
    record: dict[str, Any] | None = None


class ReviewRowBody(BaseModel):
    """One stored review, as listed."""

    kind: str
    number: int
    year: int
    round: int
    open_questions: int
    signed_off: bool
    revision: int
    started_at: datetime
    last_at: datetime


class ReviewListResponse(BaseModel):
    """Every stored review of a unit."""

    unit_id: str
    reviews: list[ReviewRowBody]
