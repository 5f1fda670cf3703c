"""Loading a Kawasan and evaluating it from its members' evaluations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from zi_engine import _defaults
from zi_engine._errors import Problem, UsageError
from zi_engine._i18n import Text, t
from zi_engine.eligibility._evaluation import Evaluation
from zi_engine.kawasan._evaluate import KawasanEvaluation, MemberResult
from zi_engine.kawasan._load import (
    KawasanHost,
    integration_submission,
    load_kawasan_file,
    rubric_ref,
)
from zi_engine.kawasan._model import Kawasan, KawasanError, MemberSpec
from zi_engine.submission._model import Layer

__all__ = ["evaluate_kawasan", "load_kawasan"]

# every message of this module, in one place (t() runs when a problem is found)
_TEXT: dict[str, Callable[..., Text]] = {
    "not_member": lambda **v: t(
        "kawasan.not_member",
        "an evaluation of {unit} ({agency}) was given, which is not a member of "
        "Kawasan {kawasan}; members: {members}",
        **v,
    ),
    "twice": lambda **v: t(
        "kawasan.evaluation_twice", "two evaluations of member {unit} ({agency}) were given", **v
    ),
    "not_evaluation": lambda **v: t(
        "kawasan.not_evaluation",
        "evaluations must be Evaluation objects (zi_engine.evaluate), not {what}",
        **v,
    ),
    "wrong_unit": lambda **v: t(
        "kawasan.wrong_unit",
        "the file is the submission of unit {unit!r} of agency {agency!r}, not of "
        "member {m_unit!r} of agency {m_agency!r}",
        **v,
    ),
}


def _host(engine: KawasanHost | None) -> KawasanHost:
    host: KawasanHost = _defaults.engine() if engine is None else engine
    return host


def load_kawasan(path: str | Path, *, engine: KawasanHost | None = None) -> Kawasan:
    """Read a Kawasan file (YAML, or JSON by a ``.json`` name; ``"-"``: standard input).

    The file is checked whole (shape, members, the integration rubric and
    every integration answer against it) and every problem is raised together
    as a :class:`~zi_engine.kawasan.KawasanError` at ``file:line:column``.
    Member submission paths and rubric directories come back resolved
    against the file's folder.
    """
    return load_kawasan_file(_host(engine), path)


def evaluate_kawasan(
    kawasan: Kawasan,
    evaluations: Iterable[Evaluation] = (),
    *,
    engine: KawasanHost | None = None,
    as_of: date | None = None,
    up_to: Layer = "tpn",
) -> KawasanEvaluation:
    """Judge ``kawasan`` from its members' evaluations and its integration answers.

    ``evaluations`` are the members' own :class:`~zi_engine.Evaluation` s,
    matched to members by unit and agency id; a member without one is scored
    from its submission file (``members[].submission``, against
    ``member_rubric``) and, with neither, is inconclusive – and so is the
    Kawasan, never eligible. ``as_of`` defaults to the Kawasan file's date;
    ``up_to`` is the highest answer layer that counts, for the files read and
    the integration answers. An evaluation of a unit that is not a member is a
    :class:`~zi_engine.UsageError`.
    """
    host = _host(engine)
    when = as_of if as_of is not None else kawasan.as_of
    given = _match(kawasan, evaluations)
    members: list[MemberResult] = []
    member_rubric = None
    for i, m in enumerate(kawasan.members):
        ev = given.get((m.agency, m.unit))
        if ev is None and m.submission is not None:
            if member_rubric is None:
                member_rubric = host.load_rubric(rubric_ref(kawasan.member_rubric, None))
            submission = host.load_submission(m.submission, rubric=member_rubric)
            _check_unit(m, i, submission.unit.id, submission.unit.agency.id)
            ev = host.evaluate(member_rubric, submission, as_of=when, up_to=up_to)
        members.append(MemberResult.of(m, ev))
    rubric = host.load_rubric(rubric_ref(kawasan.integration.rubric, None))
    integration = host.evaluate(rubric, integration_submission(kawasan), as_of=when, up_to=up_to)
    return KawasanEvaluation(kawasan, tuple(members), integration, as_of=when)


def _match(
    kawasan: Kawasan, evaluations: Iterable[Evaluation]
) -> dict[tuple[str, str], Evaluation]:
    found: dict[tuple[str, str], Evaluation] = {}
    for ev in evaluations:
        if not isinstance(ev, Evaluation):
            raise UsageError(_TEXT["not_evaluation"](what=type(ev).__name__))
        unit = ev.submission.unit
        key = (unit.agency.id, unit.id)
        fill = {"unit": unit.id, "agency": unit.agency.id}
        if kawasan.member(unit.id, unit.agency.id) is None:
            members = ", ".join(f"{m.unit} ({m.agency})" for m in kawasan.members)
            raise UsageError(_TEXT["not_member"](kawasan=kawasan.id, members=members, **fill))
        if key in found:
            raise UsageError(_TEXT["twice"](**fill))
        found[key] = ev
    return found


def _check_unit(member: MemberSpec, index: int, unit: str, agency: str) -> None:
    if (unit, agency) == (member.unit, member.agency):
        return
    message = _TEXT["wrong_unit"](
        unit=unit, agency=agency, m_unit=member.unit, m_agency=member.agency
    )
    raise KawasanError(Problem(message, file=member.submission, path=f"members[{index}]"))
