"""Hand-made fakes and scenarios for the lifecycle tests.

The fakes carry exactly the attributes the lifecycle reads from an
evaluation and a review, so these tests do not depend on the scoring modules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from zi_engine.lifecycle import Actor, Lifecycle

WIB = timezone(timedelta(hours=7))
AGENCY = "pemprov-kalsel"


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in Jakarta time (WIB, UTC+07:00)."""
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


UNIT_HEAD = Actor("kepala-dinkes", "unit_head", AGENCY)
AGENCY_HEAD = Actor("gubernur", "agency_head", AGENCY)
PRELIM = Actor("induk", "preliminary_reviewer", AGENCY)
TPI = Actor("inspektorat", "tpi", AGENCY)
TPN = Actor("tpn-1", "tpn")
MINISTER = Actor("menpan", "minister")


@dataclass(frozen=True)
class FakeCriterion:
    id: str
    label: str
    group: str
    outcome: str
    reason: str = ""
    actual: float | None = None
    required: float | None = None


@dataclass(frozen=True)
class FakePredicateResult:
    outcome: str
    criteria: Sequence[FakeCriterion]


@dataclass(frozen=True)
class FakeEvaluation:
    layer: str | None
    eligibility: Mapping[str, FakePredicateResult]
    total: float = 82.5
    rubric_id: str = "permenpan-rb-90-2021"
    rubric_version: str = "2021.1"
    rubric_hash: str = "c0ffee" * 10 + "abcd"
    unit_id: str = "dinkes"
    agency_id: str = AGENCY
    year: int = 2023
    submission_hash: str = "sha256:" + "5ab" * 21 + "5"
    survey_layers: Mapping[str, str | None] | None = None

    def __post_init__(self) -> None:
        if self.survey_layers is None:  # both surveys answered in the evaluation's layer
            layers = {
                "hasil.bersih_akuntabel.ipak": self.layer,
                "hasil.pelayanan_prima.ipkp": self.layer,
            }
            object.__setattr__(self, "survey_layers", layers)


def _result(outcomes: Mapping[str, str]) -> FakePredicateResult:
    criteria = [
        FakeCriterion(cid, cid.replace("_", " ").capitalize(), group, outcome)
        for cid, (group, outcome) in (
            (cid, tuple(spec.split(":"))) for cid, spec in outcomes.items()
        )
    ]
    ok = all(c.outcome in ("pass", "not_applicable") for c in criteria)
    return FakePredicateResult("eligible" if ok else "not_eligible", tuple(criteria))


PASSING = {"total": "score:pass", "pengungkit": "score:pass", "sakip": "gate:pass"}


def evaluation(
    layer: str | None = "tpi",
    *,
    wbk: Mapping[str, str] | None = None,
    wbbm: Mapping[str, str] | None = None,
    total: float = 82.5,
    unit: str = "dinkes",
    agency: str = AGENCY,
    year: int = 2023,
    surveys: Mapping[str, str | None] | None = None,
) -> FakeEvaluation:
    """An evaluation of ``unit`` for ``year`` whose criteria are ``{id: "group:outcome"}``
    (all passing by default); ``surveys``: the layer of each survey value (default: ``layer``)."""
    return FakeEvaluation(
        layer,
        {"WBK": _result(wbk or PASSING), "WBBM": _result(wbbm or PASSING)},
        total=total,
        unit_id=unit,
        agency_id=agency,
        year=year,
        survey_layers=surveys,
    )


@dataclass(frozen=True)
class FakeReview:
    """What the lifecycle's review guards read from a :class:`zi_engine.review.Review`."""

    unit_id: str = "dinkes"
    agency_id: str = AGENCY
    kind: str = "tpi"
    signed_off: bool = True
    outstanding: tuple[str, ...] = ()
    head_hash: str = "5e" * 32
    year: int = 2023
    submission_hash: str = "sha256:" + "5ab" * 21 + "5"  # the fake evaluation's


PRELIMINARY_REVIEW = FakeReview(kind="preliminary")
"""The parent unit's preliminary review of ``dinkes``, signed off (``preliminary_passed``)."""


def review(unit: str = "dinkes", **kwargs: object) -> FakeReview:
    """A TPI review of ``unit`` signed off by its last tier (unless told otherwise)."""
    return FakeReview(unit, **kwargs)  # type: ignore[arg-type]


PAKTA = {"pakta_integritas_signed": True, "staff_signed": 40, "staff_total": 42}
"""What ``declare`` records: the head and 40 of the unit's 42 staff signed the Pakta
Integritas (Lampiran I hlm. 12)."""

CLEARANCES = ("clearance_ombudsman", "clearance_kpk", "clearance_komisi_dpr", "clearance_apip")
"""The TPN's clearances after the field evaluation (hlm. 56), in the definition's order."""

TPN_REVIEW = FakeReview(kind="tpn")
"""The TPN review of ``dinkes``, signed off by its last tier (``recommend`` needs it)."""

TPN_SURVEY = {"survey_respondents": 30, "mystery_shopping_done": True, "review": TPN_REVIEW}
"""What ``recommend`` takes beside the evaluation: the TPN survey's respondents, that the
mystery-shopping test was done (Lampiran II hlm. 55–56), and the TPN review of unit
``dinkes`` signed off (not recorded: a review keeps its own history)."""


@dataclass
class Scenario:
    """The dates of one unit's successful first attempt at Menuju WBK."""

    declare: datetime = field(default_factory=lambda: at(2022, 1, 10))
    review: datetime = field(default_factory=lambda: at(2023, 3, 1))
    propose: datetime = field(default_factory=lambda: at(2023, 5, 2))
    admit: datetime = field(default_factory=lambda: at(2023, 6, 1))
    field_: datetime = field(default_factory=lambda: at(2023, 7, 1))
    clearance: datetime = field(default_factory=lambda: at(2023, 7, 15))
    panel: datetime = field(default_factory=lambda: at(2023, 7, 25))
    recommend: datetime = field(default_factory=lambda: at(2023, 8, 1))
    designate: datetime = field(default_factory=lambda: at(2023, 12, 1))


S = Scenario()

DECREE = {"decree_number": "KEP/1/2023", "decree_date": S.designate.date()}
"""The decree ``designate`` records in the scenario (its number and date, hlm. 59–60)."""


def new(unit: str = "dinkes", **kwargs: object) -> Lifecycle:
    return Lifecycle.new(unit, AGENCY, **kwargs)  # type: ignore[arg-type]


def building(unit: str = "dinkes", **kwargs: object) -> Lifecycle:
    lc = new(unit, **kwargs)
    lc.fire("declare", actor=UNIT_HEAD, at=S.declare, **PAKTA)
    lc.fire("select_unit", actor=AGENCY_HEAD, at=S.declare)
    lc.fire("start_building", actor=UNIT_HEAD, at=S.declare)
    return lc


def internal_review(unit: str = "dinkes") -> Lifecycle:
    lc = building(unit)
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=S.review)
    return lc


def proposed(unit: str = "dinkes") -> Lifecycle:
    lc = internal_review(unit)
    lc.fire(
        "propose",
        actor=AGENCY_HEAD,
        at=S.propose,
        evaluation=evaluation(unit=unit),
        sptjm_signed=True,
        review=review(unit),
    )
    return lc


def field_evaluation(unit: str = "dinkes") -> Lifecycle:
    lc = proposed(unit)
    lc.fire("admit", actor=TPN, at=S.admit, evaluation=evaluation(unit=unit))
    lc.fire("to_field", actor=TPN, at=S.field_)
    return lc


def at_panel(lc: Lifecycle, when: datetime | None = None) -> Lifecycle:
    """``lc`` (in field evaluation) cleared with every institution and before the panel
    (at ``when``; by default on the scenario's dates, or at its last change if later)."""
    last = lc.entered_at
    start = when or (S.clearance if last is None or last <= S.clearance else last)
    lc.fire("to_clearance", actor=TPN, at=start)
    for trigger in CLEARANCES:
        lc.fire(trigger, actor=TPN, at=start)
    lc.fire("to_panel", actor=TPN, at=when or max(start, S.panel))
    return lc


def recommended_now(lc: Lifecycle) -> Lifecycle:
    """``lc`` (in field evaluation) cleared, paneled and recommended by the TPN."""
    at_panel(lc)
    evidence = evaluation("tpn", unit=lc.unit_id)
    survey = {**TPN_SURVEY, "review": review(lc.unit_id, kind="tpn")}
    lc.fire("recommend", actor=TPN, at=S.recommend, evaluation=evidence, **survey)
    return lc


def designated(unit: str = "dinkes") -> Lifecycle:
    lc = recommended_now(field_evaluation(unit))
    lc.fire("designate", actor=MINISTER, at=S.designate, **DECREE)
    return lc


def revoke(
    lc: Lifecycle, when: datetime, reason: str = "maladministrasi", *, tpi: Actor = TPI
) -> None:
    """Revoke as Lampiran II hlm. 63 has it: a TPI monitoring report "tidak memenuhi", the
    TPN's written recommendation, the Minister's decision – all at ``when``."""
    lc.fire("report_monitoring", actor=tpi, at=when, criteria_met=False, reason=reason)
    lc.fire("recommend_revocation", actor=TPN, at=when, reason=reason, letter_number="B/1/2024")
    lc.fire("revoke", actor=MINISTER, at=when, reason=reason)


def snapshot(lc: Lifecycle) -> tuple[object, ...]:
    """Everything observable about a lifecycle, to compare before and after a refusal."""
    return (lc.state, lc.target, lc.predicate, lc.history, lc.revision, lc.to_dict())
