"""Saved reviews: the JSON document, and checking one before it is trusted.

The document holds the review's identity (tiers, unit, rubric, questions,
the submission it started from), its history, and – so that a store can
list and query reviews without replaying them – the state the history
leads to: each question's status, the round, the sign-offs, the submission
now, ``revision`` (the number of records, for optimistic locking) and
``head``. On load the history is replayed through the same rules as the
live actions; every hash and link, every action, and the stored state
must agree, or :class:`ReviewStateError` names the first field that does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import ValidationError

from zi_engine._errors import Problem, SubmissionError
from zi_engine._i18n import t
from zi_engine._text import unencodable
from zi_engine.review import _rules
from zi_engine.review._errors import ReviewStateError
from zi_engine.review._format import FORMAT, FORMAT_VERSION, answer_parsers
from zi_engine.review._records import ACTIONS, ReviewActor, ReviewRecord
from zi_engine.review._tiers import VERDICTS, ReviewSpec
from zi_engine.safeio._problems import ProblemCollector
from zi_engine.submission._model import Submission

if TYPE_CHECKING:
    from zi_engine.review._model import Review, ReviewDefinition
    from zi_engine.rubric._rubric import Rubric

__all__ = ["document", "restore"]

_IDENTITY = ("kind", "definition", "spec", "unit_id", "agency_id", "rubric", "questions",
             "started_at", "initial")  # fmt: skip
_TOP = frozenset({"format", "format_version", *_IDENTITY, "state", "submission", "revision",
                  "head", "history"})  # fmt: skip
_RECORD = frozenset({"seq", "action", "question", "round", "tier", "actor", "at", "verdict",
                     "answer", "note", "evidence", "prev_hash", "hash"})  # fmt: skip
_ACTOR = frozenset({"id", "role", "agency_id", "unit_id"})


def document(review: Review) -> dict[str, Any]:
    """``review`` as its saved document (plain JSON data)."""
    identity = review.identity()
    out: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    out.update({key: identity[key] for key in _IDENTITY})
    out["state"] = _state(review)
    out["submission"] = review.submission.to_dict()
    out["revision"] = len(review.history)
    out["head"] = review.head_hash
    out["history"] = [r.to_dict() for r in review.history]
    return out


def _state(review: Review) -> dict[str, Any]:
    return {
        "round": review.round,
        "questions": dict(review.status),
        "returned": list(review.returned),
        "sign_offs": [
            {"tier": tier, "actor": actor.id, "at": at.isoformat()}
            for tier, actor, at in review.sign_offs
        ],
        "signed_off": review.signed_off,
    }


def _fail(path: str, message: str) -> NoReturn:
    raise ReviewStateError(Problem(message, path=path))


def restore(
    cls: type[Review],
    data: Mapping[str, Any],
    *,
    rubric: Rubric | None,
    definition: ReviewDefinition | None,
) -> Review:
    """Check ``data`` in full and build the review it describes."""
    if not isinstance(data, Mapping):
        _fail(
            "",
            t(
                "review.doc_not_document",
                "expected a review document, got {kind}",
                kind=type(data).__name__,
            ),
        )
    if data.keys() != _TOP:
        _keys(data, _TOP, "")
    if data["format"] != FORMAT or data["format_version"] != FORMAT_VERSION:
        _fail(
            "format",
            t(
                "review.doc_format",
                "not a {format} document of version {version}",
                format=FORMAT,
                version=str(FORMAT_VERSION),
            ),
        )
    spec = _spec(data["spec"])
    kind, name = _text(data, "kind", ""), _text(data, "definition", "")
    if definition is not None:
        if definition.name != name:
            _fail(
                "definition",
                t(
                    "review.doc_definition",
                    "the review is of {name!r}, not {expected!r}",
                    name=name,
                    expected=definition.name,
                ),
            )
        if definition.reviews.get(kind) != spec:
            _fail(
                "spec",
                t(
                    "review.doc_tiers_differ",
                    "the tiers differ from the {kind!r} review of {definition}",
                    kind=kind,
                    definition=definition.name,
                ),
            )
    initial = _submission(data["initial"], "initial")
    rubric_ref = data["rubric"]
    if not (isinstance(rubric_ref, dict) and rubric_ref.keys() == {"id", "version", "hash"}
            and all(isinstance(v, str) for v in rubric_ref.values())):  # fmt: skip
        _fail("rubric", t("review.doc_rubric", "expected {{id, version, hash}} as text"))
    parsers = None
    if rubric is not None:
        if rubric.content_hash != rubric_ref["hash"]:
            _fail(
                "rubric.hash",
                t(
                    "review.doc_other_rubric",
                    "the review was made against another rubric than {rubric}",
                    rubric=rubric.id,
                ),
            )
        parsers = answer_parsers(rubric)
    questions = data["questions"]
    if not (isinstance(questions, list) and all(isinstance(q, str) for q in questions)
            and len(set(questions)) == len(questions)):  # fmt: skip
        _fail("questions", t("review.doc_questions", "expected a list of distinct question ids"))
    if (initial.unit.id, initial.unit.agency.id) != (data["unit_id"], data["agency_id"]):
        _fail("unit_id", t("review.doc_unit", "the unit or agency is not the initial submission's"))
    review: Review = object.__new__(cls)
    review._init(
        spec, kind, name, initial, dict(rubric_ref), tuple(questions),
        _time(data["started_at"], "started_at"), parsers,
    )  # fmt: skip
    history = data["history"]
    if not isinstance(history, list):
        _fail(
            "history",
            t("review.doc_not_list", "expected a list, got {kind}", kind=type(history).__name__),
        )
    for i, raw in enumerate(history):
        _replay(review, _record(raw, f"history[{i}]."), f"history[{i}]")
    _compare(review, data)
    return review


def _replay(review: Review, record: ReviewRecord, path: str) -> None:
    if record.seq != len(review.history) + 1:
        _fail(
            f"{path}.seq",
            t(
                "review.doc_seq",
                "expected {expected}, got {got}",
                expected=len(review.history) + 1,
                got=record.seq,
            ),
        )
    if record.prev_hash != review.head_hash:
        _fail(
            f"{path}.prev_hash",
            t(
                "review.doc_chain_broken",
                "does not link to the record before it (or to the genesis)",
            ),
        )
    if record.computed_hash() != record.hash:
        _fail(
            f"{path}.hash",
            t("review.doc_altered", "does not match the record's content: the record was altered"),
        )
    if record.round != review.round:
        _fail(
            f"{path}.round",
            t(
                "review.doc_round",
                "the review was in round {round}, not {got}",
                round=review.round,
                got=record.round,
            ),
        )
    q, actor, at = record.question, record.actor, record.at
    if record.action == "verdict":
        if q is None or record.verdict is None:
            _fail(path, t("review.doc_verdict_shape", "a verdict names its question and verdict"))
        reasons = _rules.verdict_reasons(
            review, q, record.verdict, actor, at, record.answer, record.note, record.evidence
        )
    elif record.action == "revision":
        if q is None or record.verdict is not None:
            _fail(
                path, t("review.doc_revision_shape", "a revision names its question and no verdict")
            )
        reasons = _rules.revision_reasons(
            review, q, actor, at, record.answer, record.note, record.evidence
        )
    else:
        if q is not None or record.verdict is not None or record.answer is not None:
            _fail(
                path,
                t(
                    "review.doc_action_shape",
                    "a {action} names no question, verdict or answer",
                    action=record.action,
                ),
            )
        if record.action == "sign_off":
            tier = review.next_tier
            if tier is None or record.tier != tier.name:
                _fail(
                    f"{path}.tier",
                    t(
                        "review.doc_next_tier",
                        "the next tier to sign off was {tier}",
                        tier=repr(tier and tier.name),
                    ),
                )
            reasons = _rules.sign_off_reasons(review, actor, at, record.note)
        else:
            reasons = _rules.reopen_reasons(review, actor, at, record.note)
    if record.action != "sign_off" and record.tier is not None:
        _fail(
            f"{path}.tier",
            t("review.doc_no_tier", "a {action} names no tier", action=record.action),
        )
    if reasons:
        _fail(
            path,
            t(
                "review.doc_refused",
                "the rules refuse this action: {reasons}",
                reasons="; ".join(reasons),
            ),
        )
    review.apply(record)


def _compare(review: Review, data: Mapping[str, Any]) -> None:
    if data["revision"] != len(review.history):
        _fail(
            "revision",
            t(
                "review.doc_revision_count",
                "expected {count} (the number of records)",
                count=len(review.history),
            ),
        )
    if data["head"] != review.head_hash:
        _fail("head", t("review.doc_head", "is not the hash of the last record (or the genesis)"))
    state = _state(review)
    stored = data["state"]
    if not isinstance(stored, dict) or stored.keys() != state.keys():
        _fail(
            "state",
            t("review.doc_object_with", "expected an object with {keys}", keys=", ".join(state)),
        )
    for key, value in state.items():
        if stored[key] != value:
            _fail(
                f"state.{key}",
                t("review.doc_state_differs", "differs from the state the history leads to"),
            )
    if data["submission"] != review.submission.to_dict():
        _fail(
            "submission",
            t("review.doc_submission_differs", "differs from the submission the history leads to"),
        )


# -- shapes ---------------------------------------------------------------------------------


def _keys(data: Mapping[str, Any], keys: frozenset[str], path: str) -> NoReturn:
    missing = sorted(keys - data.keys())
    extra = sorted(map(str, data.keys() - keys))
    parts = [
        t("review.doc_missing", "missing {names}", names=", ".join(missing)) if missing else "",
        t("review.doc_unexpected", "unexpected {names}", names=", ".join(extra)) if extra else "",
    ]
    _fail(path, "; ".join(p for p in parts if p))


def _text(data: Mapping[str, Any], key: str, path: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if type(value) is not str or not value:
        _fail(
            f"{path}{key}",
            t(
                "review.doc_not_text",
                "expected non-empty text, got {kind}",
                kind=type(value).__name__,
            ),
        )
    problem = unencodable(value)
    if problem:
        _fail(f"{path}{key}", problem)
    return value


def _time(value: object, path: str) -> datetime:
    if not isinstance(value, str):
        _fail(
            path,
            t(
                "review.doc_not_time",
                "expected an ISO 8601 time, got {kind}",
                kind=type(value).__name__,
            ),
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        _fail(
            path,
            t("review.doc_bad_time", "{value!r} is not an ISO 8601 date and time", value=value),
        )
    if moment.tzinfo is None:
        _fail(path, t("review.doc_naive_time", "{value!r} has no UTC offset", value=value))
    return moment


def _spec(raw: object) -> ReviewSpec:
    try:
        return ReviewSpec.model_validate(raw)
    except ValidationError as exc:
        # pydantic's error in the library's words (and language), at the first place it names
        collector = ProblemCollector([ReviewSpec])
        collector.add_validation_error("", raw, exc)
        first = collector.problems()[0]
        _fail(f"spec.{first.path}" if first.path else "spec", first.message)


def _submission(raw: object, path: str) -> Submission:
    try:
        return Submission.from_dict(raw, source=path)
    except SubmissionError as exc:
        _fail(
            path,
            str(exc.problems[0])
            if exc.problems
            else t("review.doc_not_submission", "not a submission"),
        )


def _record(raw: object, path: str) -> ReviewRecord:
    if not isinstance(raw, dict):
        _fail(
            path.rstrip("."),
            t("review.doc_not_object", "expected an object, got {kind}", kind=type(raw).__name__),
        )
    if raw.keys() != _RECORD:
        _keys(raw, _RECORD, path.rstrip("."))
    seq, rnd = raw["seq"], raw["round"]
    if type(seq) is not int or type(rnd) is not int:
        _fail(f"{path}seq", t("review.doc_seq_round", "seq and round are whole numbers"))
    if raw["action"] not in ACTIONS:
        _fail(
            f"{path}action",
            t("review.doc_action", "expected one of {known}", known=", ".join(ACTIONS)),
        )
    if raw["verdict"] is not None and raw["verdict"] not in VERDICTS:
        _fail(
            f"{path}verdict",
            t("review.doc_verdict", "expected one of {known} or null", known=", ".join(VERDICTS)),
        )
    answer = raw["answer"]
    if answer is not None and type(answer) not in (str, int, float):
        _fail(f"{path}answer", t("review.doc_answer", "an answer is text, a number or null"))
    evidence = raw["evidence"]
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        _fail(f"{path}evidence", t("review.doc_evidence", "expected a list of texts"))
    actor = raw["actor"]
    if not isinstance(actor, dict) or actor.keys() != _ACTOR:
        _fail(
            f"{path}actor",
            t(
                "review.doc_object_with",
                "expected an object with {keys}",
                keys=", ".join(sorted(_ACTOR)),
            ),
        )
    try:
        who = ReviewActor(actor["id"], actor["role"], actor["agency_id"], actor["unit_id"])
    except (TypeError, ValueError) as exc:
        _fail(f"{path}actor", str(exc))
    for key in ("question", "tier", "note", "prev_hash", "hash"):
        if key in ("prev_hash", "hash"):
            _text(raw, key, path)
        else:
            _text(raw, key, path, optional=True)
    return ReviewRecord(
        seq, raw["action"], raw["question"], rnd, raw["tier"], who,
        _time(raw["at"], f"{path}at"), raw["verdict"], answer, raw["note"], tuple(evidence),
        raw["prev_hash"], raw["hash"],
    )  # fmt: skip
