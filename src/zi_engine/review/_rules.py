"""What a review allows: who may act, on which question, in what order.

Every check returns a list of reasons (empty: allowed), so a refusal names
them all, as the lifecycle's does. The same checks run when a saved
history is replayed. Every message is in :data:`MESSAGES`, one place for a
later translation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from zi_engine._i18n import Text, t
from zi_engine._text import show, unencodable
from zi_engine.review._records import ReviewActor
from zi_engine.review._tiers import VERDICTS, TierSpec
from zi_engine.submission._model import RawAnswer

if TYPE_CHECKING:
    from zi_engine.review._model import Review

__all__ = [
    "MAX_NOTE",
    "MESSAGES",
    "OPEN",
    "Status",
    "next_tier",
    "reopen_reasons",
    "revision_reasons",
    "same_answer",
    "sign_off_reasons",
    "verdict_reasons",
]

Status = str  # "unchecked" | "perlu_revisi" | "revised" | "sesuai" | "tidak_sesuai"
OPEN = frozenset({"unchecked", "perlu_revisi", "revised"})
"""A question is open until a reviewer agrees with its answer or replaces it."""
MAX_NOTE = 10_000

# every message of this module, in one place; t() runs when a check refuses, so the text is
# in the language of that moment
MESSAGES: dict[str, Callable[..., Text]] = {
    "closed": lambda **v: t(
        "review.closed", "the review is signed off by every tier; nothing can change", **v
    ),
    "before_last": lambda **v: t(
        "review.before_last", "{at} is before the review's last action ({last})", **v
    ),
    "unknown_question": lambda **v: t(
        "review.unknown_question", "{question!r} is not a question of this review", **v
    ),
    "not_checker": lambda **v: t(
        "review.not_checker",
        "role {role!r} does not check answers in the {kind} review (checks: {roles})",
        **v,
    ),
    "not_reviser": lambda **v: t(
        "review.not_reviser",
        "role {role!r} does not revise answers in the {kind} review (revises: {roles})",
        **v,
    ),
    "other_agency": lambda **v: t(
        "review.other_agency",
        "{who!r} of agency {agency!r} cannot review a unit of agency {unit_agency!r}",
        **v,
    ),
    "no_agency": lambda **v: t(
        "review.no_agency", "{who!r} has no agency; only the national team reviews without one", **v
    ),
    "own_unit": lambda **v: t(
        "review.own_unit",
        "{who!r} belongs to unit {unit!r} and cannot review its own unit's answers",
        **v,
    ),
    "not_of_unit": lambda **v: t(
        "review.not_of_unit",
        "{who!r} is not of unit {unit!r}; only the unit revises its answers",
        **v,
    ),
    "unknown_verdict": lambda **v: t(
        "review.unknown_verdict", "{verdict!r} is not a verdict; known: {known}", **v
    ),
    "signed": lambda **v: t(
        "review.signed", "{tier} has signed off; reopen the review before changing a verdict", **v
    ),
    "needs_note": lambda **v: t(
        "review.needs_note", "a verdict {verdict!r} needs a note telling the unit why", **v
    ),
    "needs_answer": lambda **v: t(
        "review.needs_answer", "a verdict 'tidak_sesuai' needs the reviewer's answer", **v
    ),
    "answer_not_different": lambda **v: t(
        "review.answer_not_different",
        "the answer {answer} is the unit's own answer; that is 'sesuai'",
        **v,
    ),
    "sesuai_answer": lambda **v: t(
        "review.sesuai_answer",
        "a verdict 'sesuai' takes no answer of its own; it agrees with {answer}",
        **v,
    ),
    "bad_answer": lambda **v: t(
        "review.bad_answer", "{answer} is not an answer to {question!r}: {why}", **v
    ),
    "not_returned": lambda **v: t(
        "review.not_returned",
        "{question!r} was not returned to the unit in round {round} (it is {status})",
        **v,
    ),
    "already_revised": lambda **v: t(
        "review.already_revised",
        "{question!r} is already answered in round {round}; it awaits the re-check",
        **v,
    ),
    "no_unit_answer": lambda **v: t(
        "review.no_unit_answer", "{question!r} has no answer of the unit to agree with", **v
    ),
    "needs_revision_answer": lambda **v: t(
        "review.needs_revision_answer", "a revision needs the unit's answer", **v
    ),
    "wrong_tier": lambda **v: t(
        "review.wrong_tier",
        "the next tier to sign off is {expected} (role {role!r}); {who!r} is {actual!r}",
        **v,
    ),
    "open_questions": lambda **v: t(
        "review.open_questions", "{count} question(s) are still open: {shown}", **v
    ),
    "signed_twice": lambda **v: t(
        "review.signed_twice",
        "{who!r} already signed off as {tier}; each tier is signed by another person",
        **v,
    ),
    "not_tier": lambda **v: t(
        "review.not_tier", "role {role!r} is no tier of the {kind} review (tiers: {roles})", **v
    ),
    "nothing_to_reopen": lambda **v: t(
        "review.nothing_to_reopen", "no tier has signed off yet; there is nothing to reopen", **v
    ),
    "reopen_note": lambda **v: t("review.reopen_note", "reopening needs a note saying why", **v),
    "bad_text": lambda **v: t("review.bad_text", "{what} {problem}", **v),
    "long_text": lambda **v: t("review.long_text", "{what} is longer than {limit} characters", **v),
    "bad_evidence": lambda **v: t(
        "review.bad_evidence", "evidence must be a list of non-empty texts", **v
    ),
    "the_note": lambda **v: t("review.the_note", "the note", **v),
    "the_answer": lambda **v: t("review.the_answer", "the answer", **v),
    "evidence": lambda **v: t("review.evidence", "evidence", **v),
    "must_be_text": lambda **v: t("review.must_be_text", "must be text", **v),
    "longer": lambda **v: t("review.longer", "is longer than {limit:,}", **v),
}


def _say(key: str, **values: object) -> Text:
    return MESSAGES[key](**values)


def same_answer(a: RawAnswer, b: RawAnswer) -> bool:
    """Whether two raw answers are the same (``1`` and ``1.0`` are)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def next_tier(review: Review) -> TierSpec | None:
    """The tier that signs off next, or ``None`` when every tier has."""
    tiers = review.spec.tiers
    done = len(review.sign_offs)
    return tiers[done] if done < len(tiers) else None


def _common(review: Review, at: datetime) -> list[str]:
    reasons: list[str] = []
    if review.signed_off:
        reasons.append(_say("closed"))
    last = review.last_at
    if at < last:
        reasons.append(_say("before_last", at=at.isoformat(), last=last.isoformat()))
    return reasons


def _reviewer(review: Review, actor: ReviewActor) -> list[str]:
    """The review's scope and the own-unit rule, for every reviewer action."""
    reasons: list[str] = []
    if review.spec.scope == "agency":
        if actor.agency_id is None:
            reasons.append(_say("no_agency", who=actor.id))
        elif actor.agency_id != review.agency_id:
            reasons.append(
                _say(
                    "other_agency",
                    who=actor.id,
                    agency=actor.agency_id,
                    unit_agency=review.agency_id,
                )
            )
    if actor.unit_id is not None and actor.unit_id == review.unit_id:
        reasons.append(_say("own_unit", who=actor.id, unit=review.unit_id))
    return reasons


def _texts(note: str | None, evidence: Sequence[str]) -> list[str]:
    reasons: list[str] = []
    if note is not None:
        if not isinstance(note, str):
            reasons.append(_say("bad_text", what=_say("the_note"), problem=_say("must_be_text")))
        elif len(note) > MAX_NOTE:
            reasons.append(_say("long_text", what=_say("the_note"), limit=MAX_NOTE))
        else:
            problem = unencodable(note)
            if problem:
                reasons.append(_say("bad_text", what=_say("the_note"), problem=problem))
    if isinstance(evidence, str) or not all(isinstance(e, str) and e.strip() for e in evidence):
        reasons.append(_say("bad_evidence"))
    else:
        for e in evidence:
            problem = unencodable(e) if len(e) <= MAX_NOTE else _say("longer", limit=MAX_NOTE)
            if problem:
                reasons.append(_say("bad_text", what=_say("evidence"), problem=problem))
    return reasons


def _answer(review: Review, question: str, answer: RawAnswer) -> list[str]:
    parse: Callable[[object], float] | None = review.parser(question)
    if answer is None or parse is None:
        return []
    if isinstance(answer, str):
        problem = unencodable(answer)
        if problem:
            return [_say("bad_text", what=_say("the_answer"), problem=problem)]
    try:
        parse(answer)
    except ValueError as exc:  # AnswerError, and what a plugin's parser raises
        return [_say("bad_answer", answer=show(answer), question=question, why=str(exc))]
    return []


def verdict_reasons(
    review: Review,
    question: str,
    verdict: str,
    actor: ReviewActor,
    at: datetime,
    answer: RawAnswer,
    note: str | None,
    evidence: Sequence[str],
) -> list[str]:
    """Every reason to refuse this verdict now."""
    reasons = _common(review, at)
    spec = review.spec
    if actor.role not in spec.checking_roles:
        roles = ", ".join(sorted(spec.checking_roles))
        reasons.append(_say("not_checker", role=actor.role, kind=review.kind, roles=roles))
    reasons += _reviewer(review, actor)
    if review.sign_offs and not review.signed_off:
        reasons.append(_say("signed", tier=spec.tiers[len(review.sign_offs) - 1].label))
    if verdict not in VERDICTS:
        reasons.append(_say("unknown_verdict", verdict=verdict, known=", ".join(VERDICTS)))
    if question not in review.status:
        reasons.append(_say("unknown_question", question=question))
        return reasons
    unit = review.unit_answer(question)
    if verdict == "sesuai":
        if unit is None:
            reasons.append(_say("no_unit_answer", question=question))
        elif answer is not None and not same_answer(answer, unit):
            reasons.append(_say("sesuai_answer", answer=show(unit)))
    elif verdict in VERDICTS:
        if not (note and note.strip()):
            reasons.append(_say("needs_note", verdict=verdict))
        if verdict == "tidak_sesuai" and answer is None:
            reasons.append(_say("needs_answer"))
        if answer is not None and unit is not None and same_answer(answer, unit):
            reasons.append(_say("answer_not_different", answer=show(answer)))
    reasons += _answer(review, question, answer)
    reasons += _texts(note, evidence)
    return reasons


def revision_reasons(
    review: Review,
    question: str,
    actor: ReviewActor,
    at: datetime,
    answer: RawAnswer,
    note: str | None,
    evidence: Sequence[str],
) -> list[str]:
    """Every reason to refuse the unit's answer to a returned question now."""
    reasons = _common(review, at)
    spec = review.spec
    if actor.role not in spec.revisers:
        roles = ", ".join(spec.revisers)
        reasons.append(_say("not_reviser", role=actor.role, kind=review.kind, roles=roles))
    if actor.unit_id != review.unit_id or actor.agency_id != review.agency_id:
        reasons.append(_say("not_of_unit", who=actor.id, unit=review.unit_id))
    status = review.status.get(question)
    if status is None:
        reasons.append(_say("unknown_question", question=question))
    elif status == "revised" and question in review.returned:
        reasons.append(_say("already_revised", question=question, round=review.round))
    elif status != "perlu_revisi":
        reasons.append(_say("not_returned", question=question, round=review.round, status=status))
    if answer is None:
        reasons.append(_say("needs_revision_answer"))
    elif status is not None:
        reasons += _answer(review, question, answer)
    reasons += _texts(note, evidence)
    return reasons


def sign_off_reasons(
    review: Review, actor: ReviewActor, at: datetime, note: str | None
) -> list[str]:
    """Every reason to refuse ``actor``'s sign-off now."""
    reasons = _common(review, at)
    tier = next_tier(review)
    if tier is not None and actor.role != tier.actor_role:
        reasons.append(
            _say(
                "wrong_tier",
                expected=tier.label,
                role=tier.actor_role,
                who=actor.id,
                actual=actor.role,
            )
        )
    reasons += _reviewer(review, actor)
    for signed_tier, signer, _ in review.sign_offs:
        if signer.id == actor.id:
            reasons.append(_say("signed_twice", who=actor.id, tier=signed_tier))
    still_open = review.open_questions
    if still_open:
        shown = ", ".join(still_open[:5]) + (", ..." if len(still_open) > 5 else "")
        reasons.append(_say("open_questions", count=len(still_open), shown=shown))
    reasons += _texts(note, ())
    return reasons


def reopen_reasons(review: Review, actor: ReviewActor, at: datetime, note: str | None) -> list[str]:
    """Every reason to refuse reopening (withdrawing every sign-off) now."""
    reasons = _common(review, at)
    spec = review.spec
    if actor.role not in spec.tier_roles:
        roles = ", ".join(sorted(spec.tier_roles))
        reasons.append(_say("not_tier", role=actor.role, kind=review.kind, roles=roles))
    reasons += _reviewer(review, actor)
    if not review.sign_offs:
        reasons.append(_say("nothing_to_reopen"))
    if not (note and note.strip()):
        reasons.append(_say("reopen_note"))
    reasons += _texts(note, ())
    return reasons
