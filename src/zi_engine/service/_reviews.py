"""Reviews over HTTP: read a unit's review, start one, record verdicts, revisions, sign-offs.

Authorization is the review's own: every actor is of the token's agency (the
review's rules then refuse another agency's TPI and a reviewer of their own
unit); who acts comes from the request, as for firing a transition. Each
action is one optimistic write on the stored review: ``expected_revision``
(default: the revision just read) that moved is 409 ``REVISION_CONFLICT``; a
refusal is 409 ``REVIEW_REFUSED`` with every reason, and stores nothing.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Path, Query

from zi_engine.review import Review, ReviewActor, ReviewRecord, ReviewRefused
from zi_engine.service._context import Caller, ServiceConfig, own_unit
from zi_engine.service._models import ERRORS, ApiError
from zi_engine.service._review_models import (
    ReopenRequest,
    ReviewerFields,
    ReviewListResponse,
    ReviewResponse,
    ReviewRowBody,
    RevisionRequest,
    SignOffRequest,
    StartReviewRequest,
    VerdictRequest,
)
from zi_engine.store import ReviewConflict, ReviewOpen, StoredReview, StoreNotFound

__all__ = ["add_reviews"]

UnitId = Annotated[str, Path(min_length=1, max_length=500, pattern=r"^[^\x00-\x1f\x7f]+$")]
Kind = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")]
ACTS = ERRORS(401, 403, 404, 409, 422, 429)


def review_body(stored: StoredReview, record: ReviewRecord | None = None) -> ReviewResponse:
    """The response describing ``stored`` (and the record an action just made)."""
    review = stored.review
    tier = review.next_tier
    return ReviewResponse(
        unit_id=stored.unit_id, kind=stored.kind, number=stored.number,
        revision=len(review.history), head=review.head_hash, round=review.round,
        signed_off=review.signed_off, open_questions=list(review.open_questions),
        next_tier=None if tier is None else tier.name, status=dict(review.status),
        document=review.to_dict(), record=None if record is None else record.to_dict(),
    )  # fmt: skip


def add_reviews(app: FastAPI, config: ServiceConfig, caller: Callable[..., Any]) -> None:
    """Add the ``/v1/units/{unit_id}/reviews`` endpoints to ``app``."""
    store = config.store
    Who = Annotated[Caller, Depends(caller)]

    def known_kind(who: Caller, unit_id: str, kind: str) -> None:
        own_unit(store, who, unit_id)
        try:
            definition = store.lifecycle(who.agency_id, unit_id).definition
        except StoreNotFound:
            from zi_engine._resources import BUNDLED_LIFECYCLE

            definition = store.engine.lifecycle_runtime(BUNDLED_LIFECYCLE).definition
        if kind not in definition.reviews:
            raise ApiError(
                404, "REVIEW_KIND_UNKNOWN", kind=kind, known=", ".join(definition.reviews)
            )

    def read(who: Caller, unit_id: str, kind: str, number: int | None = None) -> StoredReview:
        known_kind(who, unit_id, kind)
        try:
            return store.review(who.agency_id, unit_id, kind, number)
        except StoreNotFound:
            raise ApiError(404, "REVIEW_NOT_FOUND", unit_id=unit_id, kind=kind) from None

    def reviewer(who: Caller, request: ReviewerFields) -> ReviewActor:
        if request.at.utcoffset() is None:
            raise ApiError(422, "INVALID_REQUEST")
        return ReviewActor(request.actor_id, request.role, who.agency_id, request.actor_unit_id)

    def act(
        who: Caller, unit_id: str, kind: str, request: ReviewerFields,
        action: Callable[[Review, ReviewActor], ReviewRecord],
    ) -> ReviewResponse:  # fmt: skip
        read(who, unit_id, kind)
        actor = reviewer(who, request)
        try:
            stored, record = store.act_on_review(
                who.agency_id, unit_id, kind, lambda review: action(review, actor),
                expected_revision=request.expected_revision,
            )  # fmt: skip
        except ReviewRefused as exc:
            raise ApiError(
                409,
                "REVIEW_REFUSED",
                extra={"reasons": list(exc.reasons), "reason_codes": list(exc.codes)},
                action=exc.action,
            ) from None
        except ReviewConflict as exc:
            raise ApiError(
                409, "REVIEW_CONFLICT",
                extra={"expected_revision": exc.expected, "actual_revision": exc.actual},
                unit_id=unit_id, kind=kind, expected=exc.expected, actual=exc.actual,
            ) from None  # fmt: skip
        return review_body(stored, record)

    @app.get(
        "/v1/units/{unit_id}/reviews",
        response_model=ReviewListResponse,
        responses=ERRORS(401, 403, 404, 422, 429),
        tags=["reviews"],
        summary="Every stored review of the unit, by kind and number",
    )
    def list_reviews(unit_id: UnitId, who: Who) -> ReviewListResponse:
        own_unit(store, who, unit_id)
        rows = store.reviews(who.agency_id, unit_id)
        return ReviewListResponse(
            unit_id=unit_id,
            reviews=[ReviewRowBody.model_validate(row, from_attributes=True) for row in rows],
        )

    @app.get(
        "/v1/units/{unit_id}/reviews/{kind}",
        response_model=ReviewResponse,
        responses=ERRORS(401, 403, 404, 422, 429),
        tags=["reviews"],
        summary="The unit's review of a kind (tpi, tpn, preliminary): the latest, or ?number=",
    )
    def get_review(
        unit_id: UnitId, kind: Kind, who: Who,
        number: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    ) -> ReviewResponse:  # fmt: skip
        return review_body(read(who, unit_id, kind, number))

    @app.post(
        "/v1/units/{unit_id}/reviews/{kind}",
        response_model=ReviewResponse,
        responses=ACTS,
        tags=["reviews"],
        summary="Start the unit's next review of a kind, of a stored submission version "
        "(409 while the previous one is not signed off)",
    )
    def start_review(
        unit_id: UnitId, kind: Kind, request: Annotated[StartReviewRequest, Body()], who: Who
    ) -> ReviewResponse:
        known_kind(who, unit_id, kind)
        if request.at.utcoffset() is None:
            raise ApiError(422, "INVALID_REQUEST")
        try:
            stored = store.start_review(
                who.agency_id, unit_id, kind, at=request.at,
                version=request.submission_version, questions=request.questions,
            )  # fmt: skip
        except ReviewOpen as exc:
            raise ApiError(
                409, "REVIEW_OPEN", unit_id=unit_id, kind=kind, number=exc.number
            ) from None
        except ReviewRefused as exc:
            raise ApiError(
                409,
                "REVIEW_REFUSED",
                extra={"reasons": list(exc.reasons), "reason_codes": list(exc.codes)},
                action=exc.action,
            ) from None
        except StoreNotFound:
            raise ApiError(
                404, "VERSION_NOT_FOUND", unit_id=unit_id, version=request.submission_version
            ) from None
        return review_body(stored)

    @app.post(
        "/v1/units/{unit_id}/reviews/{kind}/verdicts",
        response_model=ReviewResponse,
        responses=ACTS,
        tags=["reviews"],
        summary="A checking tier's verdict on one question",
    )
    def verdict(
        unit_id: UnitId, kind: Kind, request: Annotated[VerdictRequest, Body()], who: Who
    ) -> ReviewResponse:
        return act(who, unit_id, kind, request, lambda review, actor: review.give_verdict(
            request.question, request.verdict, actor=actor, at=request.at,
            answer=request.answer, note=request.note, evidence_checked=request.evidence_checked,
        ))  # fmt: skip

    @app.post(
        "/v1/units/{unit_id}/reviews/{kind}/revisions",
        response_model=ReviewResponse,
        responses=ACTS,
        tags=["reviews"],
        summary="The unit answers a question returned to it",
    )
    def revision(
        unit_id: UnitId, kind: Kind, request: Annotated[RevisionRequest, Body()], who: Who
    ) -> ReviewResponse:
        return act(who, unit_id, kind, request, lambda review, actor: review.revise(
            request.question, request.answer, actor=actor, at=request.at, note=request.note,
            evidence=request.evidence,
        ))  # fmt: skip

    @app.post(
        "/v1/units/{unit_id}/reviews/{kind}/sign-offs",
        response_model=ReviewResponse,
        responses=ACTS,
        tags=["reviews"],
        summary="The next tier signs off (the last one stores the reviewed submission)",
    )
    def sign_off(
        unit_id: UnitId, kind: Kind, request: Annotated[SignOffRequest, Body()], who: Who
    ) -> ReviewResponse:
        return act(who, unit_id, kind, request, lambda review, actor: review.sign_off(
            actor=actor, at=request.at, note=request.note,
        ))  # fmt: skip

    @app.post(
        "/v1/units/{unit_id}/reviews/{kind}/reopen",
        response_model=ReviewResponse,
        responses=ACTS,
        tags=["reviews"],
        summary="Withdraw every sign-off, so that verdicts can change again",
    )
    def reopen(
        unit_id: UnitId, kind: Kind, request: Annotated[ReopenRequest, Body()], who: Who
    ) -> ReviewResponse:
        return act(who, unit_id, kind, request, lambda review, actor: review.reopen(
            actor=actor, at=request.at, note=request.note,
        ))  # fmt: skip
