"""The rules over HTTP: evaluate, store answers, allowed transitions, fire, portfolio.

For agency apps in any language. Every endpoint acts for the token's agency
only; refusals carry every reason, invalid input every located problem.
"""

import contextlib
import warnings
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Path, Query
from fastapi.responses import Response
from pydantic_core import to_json

from zi_engine._errors import SubmissionError
from zi_engine.lifecycle._audit import Actor
from zi_engine.lifecycle._errors import TransitionRefused
from zi_engine.lifecycle._model import Lifecycle
from zi_engine.review import Review, ReviewStateError
from zi_engine.service._context import Caller, ServiceConfig, default_rubric, own_unit
from zi_engine.service._models import (
    ERRORS,
    AllowedResponse,
    ApiError,
    EvaluateRequest,
    EvaluateResponse,
    FireRequest,
    LifecycleRequest,
    LifecycleResponse,
    PortfolioResponse,
    StoredResponse,
    problems_of,
)
from zi_engine.store import AgencyFactsConflict, StoreConflict, StoreNotFound
from zi_engine.store._store import agency_fact_differences
from zi_engine.submission._model import AgencyFacts, Submission

__all__ = ["add_rules"]

# printable text: PostgreSQL keeps no NUL, and no id holds a control character
UnitId = Annotated[str, Path(min_length=1, max_length=500, pattern=r"^[^\x00-\x1f\x7f]+$")]
Trigger = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9_]*$")]


def _submission(data: dict[str, Any], who: Caller) -> Submission:
    try:
        sub = Submission.from_dict(data, source="submission")
    except SubmissionError as exc:
        raise ApiError(
            422, "INVALID_SUBMISSION", extra={"problems": problems_of(exc)},
            count=len(exc.problems),
        ) from None  # fmt: skip
    if sub.unit.agency.id != who.agency_id:
        raise ApiError(403, "FORBIDDEN_AGENCY", agency_id=who.agency_id, other=sub.unit.agency.id)
    return sub


def _lifecycle_body(lc: Lifecycle, record: dict[str, Any] | None = None) -> LifecycleResponse:
    return LifecycleResponse(
        unit_id=lc.unit_id, state=lc.state, state_label=lc.state_label, target=lc.target,
        predicate=lc.predicate, revision=lc.revision, head=lc.head_hash, record=record,
        needs_preliminary_review=lc.needs_preliminary_review,
    )  # fmt: skip


def _stored_unit_facts(store: Any, agency_id: str, unit_id: str) -> dict[str, Any]:
    """``{"unit": ...}`` of the unit's latest stored file where its level and agency type tell
    whether it has a preliminary review; otherwise none (then it has none, as before)."""
    try:
        unit = store.submission(agency_id, unit_id).submission.unit
    except StoreNotFound:
        return {}
    return {"unit": unit} if unit.preliminary_scope.known else {}


def add_rules(app: FastAPI, config: "ServiceConfig", caller: Callable[..., Any]) -> None:
    """Add the ``/v1`` endpoints to ``app``."""
    store = config.store
    engine = store.engine
    Who = Annotated[Caller, Depends(caller)]

    @app.post(
        "/v1/evaluate",
        response_model=EvaluateResponse,
        responses=ERRORS(401, 403, 422, 429),
        tags=["rules"],
        summary="Score a submission, judge WBK/WBBM eligibility, plan the improvement",
    )
    # on the event loop: the work is CPU-bound Python, which a thread runs no sooner (the
    # GIL) and handing it to one and back cost a fifth of the request
    async def evaluate(request: Annotated[EvaluateRequest, Body()], who: Who) -> Response:
        from zi_engine.scoring._check import answer_problems

        sub = _submission(request.submission, who)
        held = store.agency_facts(who.agency_id, sub.year)
        if held is not None:  # the agency's facts apply; a submission may not contradict them
            if sub.facts.agency not in (held, AgencyFacts()):
                problems = agency_fact_differences(who.agency_id, sub.year, held, sub.facts.agency)
                raise ApiError(
                    422, "AGENCY_FACTS_CONFLICT",
                    extra={"problems": problems_of(AgencyFactsConflict(problems))},
                    count=len(problems),
                )  # fmt: skip
            sub = sub.model_copy(update={"facts": sub.facts.model_copy(update={"agency": held})})
        if request.target is not None:
            sub = sub.model_copy(update={"target": request.target})
        rubric = engine.load_rubric(default_rubric())
        problems = answer_problems(rubric, sub, file="submission")
        if problems:
            raise ApiError(
                422, "INVALID_SUBMISSION",
                extra={"problems": problems_of(SubmissionError(problems))},
                count=len(problems),
            )  # fmt: skip
        if sub.target not in rubric.predicates:
            raise ApiError(422, "INVALID_REQUEST")
        ev = engine.evaluate(rubric, sub, as_of=request.as_of, up_to=request.layer)
        # written straight to JSON (pydantic-core's writer): checking the library's own
        # documents against EvaluateResponse again and writing them with the json module
        # cost as much as the evaluation itself
        body = {"evaluation": ev.to_dict(), "plan": engine.plan(ev, sub.target).to_dict()}
        return Response(to_json(body), media_type="application/json")

    @app.put(
        "/v1/units/{unit_id}/submission",
        response_model=StoredResponse,
        responses=ERRORS(401, 403, 422, 429),
        tags=["rules"],
        summary="Store a unit's answers as its next version",
    )
    def put_submission(
        unit_id: UnitId,
        submission: Annotated[dict[str, Any], Body(description="the submission, file form")],
        who: Who,
    ) -> StoredResponse:
        sub = _submission(submission, who)
        if sub.unit.id != unit_id:
            raise ApiError(422, "INVALID_REQUEST")
        try:
            stored = store.put_submission(sub, by=f"token:{who.agency_id}")
        except AgencyFactsConflict as exc:
            raise ApiError(
                422, "AGENCY_FACTS_CONFLICT", extra={"problems": problems_of(exc)},
                count=len(exc.problems),
            ) from None  # fmt: skip
        return StoredResponse(unit_id=unit_id, version=stored.version, changes=list(stored.changes))

    @app.put(
        "/v1/units/{unit_id}/lifecycle",
        response_model=LifecycleResponse,
        responses=ERRORS(401, 403, 404, 409, 422, 429),
        tags=["rules"],
        summary="Start a stored unit's lifecycle",
    )
    def start_lifecycle(
        unit_id: UnitId, request: Annotated[LifecycleRequest, Body()], who: Who
    ) -> LifecycleResponse:
        own_unit(store, who, unit_id)
        if request.created_at is not None and request.created_at.utcoffset() is None:
            raise ApiError(422, "INVALID_REQUEST")
        deprecated = request.needs_preliminary_review is not None
        facts: dict[str, Any] = {"level": request.level, "agency_type": request.agency_type}
        if request.level is None and request.agency_type is None and not deprecated:
            facts = _stored_unit_facts(store, who.agency_id, unit_id)
        with warnings.catch_warnings() if deprecated else contextlib.nullcontext():
            if deprecated:  # said so in the OpenAPI document, not in the server's log
                warnings.simplefilter("ignore", DeprecationWarning)
            lc = Lifecycle.new(
                unit_id, who.agency_id, engine=engine, created_at=request.created_at,
                needs_preliminary_review=request.needs_preliminary_review, **facts,
            )  # fmt: skip
        try:
            store.save_lifecycle(lc, expected_revision=None)
        except StoreConflict:
            raise ApiError(409, "LIFECYCLE_EXISTS", unit_id=unit_id) from None
        return _lifecycle_body(lc)

    def lifecycle(who: Caller, unit_id: str) -> Lifecycle:
        own_unit(store, who, unit_id)
        try:
            return store.lifecycle(who.agency_id, unit_id)
        except StoreNotFound:
            raise ApiError(404, "LIFECYCLE_NOT_FOUND", unit_id=unit_id) from None

    def actor(who: Caller, actor_id: str, role: str, at: datetime) -> Actor:
        if at.utcoffset() is None:
            raise ApiError(422, "INVALID_REQUEST")
        try:
            return Actor(actor_id, role, who.agency_id)
        except ValueError:
            raise ApiError(422, "INVALID_REQUEST") from None

    @app.get(
        "/v1/units/{unit_id}/transitions",
        response_model=AllowedResponse,
        responses=ERRORS(401, 403, 404, 422, 429),
        tags=["rules"],
        summary="The triggers an actor may fire now",
    )
    def allowed(
        unit_id: UnitId,
        who: Who,
        actor_id: Annotated[
            str, Query(min_length=1, max_length=500, pattern=r"^[^\x00-\x1f\x7f]+$")
        ],
        role: Annotated[str, Query(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")],
        at: Annotated[datetime, Query(description="when, with its UTC offset")],
    ) -> AllowedResponse:
        lc = lifecycle(who, unit_id)
        triggers = lc.allowed(actor(who, actor_id, role, at), at=at)
        return AllowedResponse(
            unit_id=unit_id, state=lc.state, revision=lc.revision, allowed=list(triggers)
        )

    @app.post(
        "/v1/units/{unit_id}/transitions/{trigger}",
        response_model=LifecycleResponse,
        responses=ERRORS(401, 403, 404, 409, 422, 429),
        tags=["rules"],
        summary="Fire a trigger on the unit's lifecycle (409: refused, every reason; or a "
        "revision conflict)",
    )
    def fire(
        unit_id: UnitId, trigger: Trigger, request: Annotated[FireRequest, Body()], who: Who
    ) -> LifecycleResponse:
        lifecycle(who, unit_id)
        who_acts = actor(who, request.actor_id, request.role, request.at)
        payload: dict[str, Any] = dict(request.payload)
        if request.review is not None:
            payload["review"] = _review(request.review)
        try:
            lc, record = store.fire(
                who.agency_id, unit_id, trigger, actor=who_acts, at=request.at,
                expected_revision=request.expected_revision,
                submission_version=request.submission_version, layer=request.layer,
                payload=payload, review_kind=request.review_kind,
            )  # fmt: skip
        except TransitionRefused as exc:
            raise ApiError(
                409, "TRANSITION_REFUSED",
                extra={"reasons": list(exc.reasons), "reason_codes": list(exc.codes)},
                trigger=trigger, state=exc.state,
            ) from None  # fmt: skip
        except StoreConflict as exc:
            raise ApiError(
                409, "REVISION_CONFLICT",
                extra={"expected_revision": exc.expected, "actual_revision": exc.actual},
                unit_id=unit_id, expected=exc.expected, actual=exc.actual,
            ) from None  # fmt: skip
        except StoreNotFound:
            raise ApiError(404, "UNIT_NOT_FOUND", unit_id=unit_id) from None
        return _lifecycle_body(lc, record.to_dict())

    @app.get(
        "/v1/portfolio",
        response_model=PortfolioResponse,
        responses=ERRORS(401, 422, 429),
        tags=["rules"],
        summary="The agency's units counted by state, predicate and target",
    )
    def portfolio(
        who: Who,
        stuck_days: Annotated[int | None, Query(ge=0, le=36_500)] = None,
        at: Annotated[datetime | None, Query(description="'stuck' is measured to this")] = None,
    ) -> PortfolioResponse:
        from zi_engine.store._portfolio import StorePortfolio

        counted = StorePortfolio(store, who.agency_id)
        stuck = None
        if stuck_days is not None:
            when = at or counted.latest_change()
            if when is not None and when.utcoffset() is None:
                raise ApiError(422, "INVALID_REQUEST")
            stuck = [
                {"unit_id": s.unit_id, "state": s.state, "since": s.since.isoformat(),
                 "days": s.days}
                for s in (counted.stuck(stuck_days, at=when) if when else [])
            ]  # fmt: skip
        return PortfolioResponse(
            units=len(counted), by_state=counted.count_by_state(),
            by_predicate=counted.count_by_predicate(), by_target=counted.count_by_target(),
            stuck=stuck,
        )  # fmt: skip


def _review(document: dict[str, Any]) -> Review:
    """A review sent as its document, replayed and verified (its hash chain, every action
    against the rules); a document that does not verify is the client's error."""
    try:
        return Review.from_dict(document)
    except (ReviewStateError, ValueError, TypeError) as exc:
        raise ApiError(422, "INVALID_REVIEW", problem=str(exc)[:500]) from None
