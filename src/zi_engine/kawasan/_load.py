"""Reading a Kawasan file: safe YAML/JSON, the shape, then the rules across its parts.

Every problem is collected and reported together as a :class:`KawasanError`,
each located at ``file:line:column``: a bad field, a member listed twice, a
Kawasan of one agency only, an integration rubric that is not there or has no
result for the target, an integration answer its question does not accept.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from zi_engine._errors import Problem, ZiError
from zi_engine._i18n import Text, t
from zi_engine.kawasan._model import Kawasan, KawasanError
from zi_engine.safeio import STDIN, load_document, locate_all
from zi_engine.safeio._problems import format_path
from zi_engine.scoring._check import answer_problems
from zi_engine.submission._model import AgencyInfo, Layer, Submission, UnitInfo

if TYPE_CHECKING:
    from zi_engine.eligibility._evaluation import Evaluation
    from zi_engine.rubric._rubric import Rubric

__all__ = ["KawasanHost", "integration_submission", "load_kawasan_file", "rubric_ref"]

# every message of this module, in one place (t() runs when a problem is found)
_MESSAGES: dict[str, Callable[..., Text]] = {
    "twice": lambda **v: t(
        "kawasan.member_twice",
        "member {unit!r} of agency {agency!r} is listed twice (also members[{first}])",
        **v,
    ),
    "one_agency": lambda **v: t(
        "kawasan.one_agency",
        "a Kawasan is made of units of several agencies (lintas instansi, Pasal 1 angka 5); "
        "all {n} member(s) are of agency {agency!r}",
        **v,
    ),
    "rubric": lambda **v: t(
        "kawasan.rubric_unusable", "integration rubric {ref!r} cannot be used: {why}", **v
    ),
    "no_predicate": lambda **v: t(
        "kawasan.rubric_no_predicate",
        "integration rubric {rubric} has no predicate {target} (it has: {known}); "
        "the Kawasan's target needs its integration threshold",
        **v,
    ),
    "none": lambda **v: t("kawasan.none", "none", **v),
}


class KawasanHost(Protocol):
    """What a Kawasan needs from its engine; :class:`~zi_engine.Engine` provides it."""

    def load_rubric(self, name_or_path: str | Path, *, reload: bool = False) -> Rubric:
        """A rubric by registered name or directory."""
        ...

    def load_submission(self, path: str | Path, *, rubric: Rubric | None = None) -> Submission:
        """A submission file, its answers checked against ``rubric``."""
        ...

    def evaluate(
        self, rubric: Rubric, submission: Submission, *, as_of: date | None = None, up_to: Layer
    ) -> Evaluation:
        """Score a submission and judge eligibility."""
        ...


def rubric_ref(ref: str, base: Path | None) -> str | Path:
    """A rubric reference as the engine takes it: a name, or a directory relative to ``base``."""
    if "/" not in ref and "\\" not in ref:
        return ref
    path = Path(ref)
    return path if base is None or path.is_absolute() else base / path


def integration_submission(kawasan: Kawasan) -> Submission:
    """The joint TPI's integration answers as a submission of the Kawasan itself.

    The Kawasan stands in the unit's place (its id as unit and agency id), so
    the integration rubric is scored, explained and planned exactly as a
    unit's LKE is.
    """
    info = kawasan.kawasan
    return Submission(
        unit=UnitInfo(id=info.id, name=info.name, agency=AgencyInfo(id=info.id)),
        year=kawasan.year,
        target=kawasan.target,
        as_of=kawasan.as_of,
        answers=dict(kawasan.integration.answers),
    )


def load_kawasan_file(engine: KawasanHost, path: str | os.PathLike[str]) -> Kawasan:
    """Read, validate and check a Kawasan file; its paths come back resolved against its folder.

    ``"-"`` reads standard input (member paths are then relative to the
    current directory). Raises :class:`KawasanError` listing every problem.
    """
    data, raw, display = load_document(path, error_cls=KawasanError)
    base = Path.cwd() if os.fspath(path) == STDIN else Path(path).resolve().parent
    kawasan = Kawasan._validated(data, display, raw)
    found: list[tuple[tuple[str | int, ...], str]] = _member_problems(kawasan)
    problems = _located(found, display, raw)
    problems += _integration_problems(engine, kawasan, base, display, raw)
    if problems:
        raise KawasanError(problems)
    members = [
        m.model_copy(update={"submission": str(base / m.submission)})
        if m.submission is not None
        else m
        for m in kawasan.members
    ]
    integration = kawasan.integration.model_copy(
        update={"rubric": str(rubric_ref(kawasan.integration.rubric, base))}
    )
    return kawasan.model_copy(
        update={
            "members": members,
            "integration": integration,
            "member_rubric": str(rubric_ref(kawasan.member_rubric, base)),
        }
    )


def _member_problems(kawasan: Kawasan) -> list[tuple[tuple[str | int, ...], str]]:
    out: list[tuple[tuple[str | int, ...], str]] = []
    seen: dict[tuple[str, str], int] = {}
    for i, m in enumerate(kawasan.members):
        key = (m.agency, m.unit)
        if key in seen:
            message = _MESSAGES["twice"](unit=m.unit, agency=m.agency, first=str(seen[key]))
            out.append((("members", i, "unit"), message))
        else:
            seen[key] = i
    agencies = kawasan.agencies
    if len(agencies) < 2:
        message = _MESSAGES["one_agency"](n=len(kawasan.members), agency=agencies[0])
        out.append((("members",), message))
    return out


def _integration_problems(
    engine: KawasanHost, kawasan: Kawasan, base: Path, display: str, raw: bytes
) -> list[Problem]:
    ref = kawasan.integration.rubric
    place: tuple[str | int, ...] = ("integration", "rubric")
    try:
        rubric = engine.load_rubric(rubric_ref(ref, base))
    except ZiError as exc:
        why = "; ".join(str(p) for p in getattr(exc, "problems", ())[:3]) or str(exc)
        return _located([(place, _MESSAGES["rubric"](ref=ref, why=why))], display, raw)
    if kawasan.target not in rubric.predicates:
        message = _MESSAGES["no_predicate"](
            rubric=rubric.id,
            target=kawasan.target,
            known=", ".join(rubric.predicates) or _MESSAGES["none"](),
        )
        return _located([(place, message)], display, raw)
    return answer_problems(
        rubric, integration_submission(kawasan), file=display, raw=raw, within=("integration",)
    )


def _located(
    found: list[tuple[tuple[str | int, ...], str]], display: str, raw: bytes
) -> list[Problem]:
    spots = locate_all(raw, [place for place, _ in found])
    out: list[Problem] = []
    for (place, message), spot in zip(found, spots, strict=True):
        line, column = spot if spot is not None else (None, None)
        out.append(
            Problem(message, file=display, line=line, column=column, path=format_path(place))
        )
    return out
