"""Lifecycle.new derives the preliminary review from the unit's level and agency type
(hlm. 40-42); the deprecated flag still works and is refused where it contradicts them."""

from __future__ import annotations

import pytest

from tests.support.lifecycle import (
    AGENCY,
    PRELIM,
    PRELIMINARY_REVIEW,
    UNIT_HEAD,
    S,
    building,
    evaluation,
)
from zi_engine import AgencyInfo, UnitInfo, UsageError
from zi_engine.lifecycle import Lifecycle, TransitionRefused


def _unit(level: str | None, agency_type: str | None, unit_id: str = "kpp") -> UnitInfo:
    return UnitInfo.model_validate(
        {"id": unit_id, "name": "KPP", "agency": {"id": AGENCY, "type": agency_type}}
        | ({"level": level} if level else {})
    )


@pytest.mark.parametrize(
    ("level", "agency_type", "needed"),
    [
        ("jpt_pratama", "central", True),
        ("upt_provinsi", "central", True),
        ("bawah_provinsi", "central", True),
        ("jpt_madya", "central", False),
        ("bawah_provinsi", "regional", False),
        ("jpt_pratama", "regional", False),
    ],
)
def test_the_flag_follows_level_and_agency_type(level: str, agency_type: str, needed: bool) -> None:
    by_facts = Lifecycle.new("kpp", AGENCY, level=level, agency_type=agency_type)  # type: ignore[arg-type]
    by_unit = Lifecycle.new("kpp", AGENCY, unit=_unit(level, agency_type))
    assert by_facts.needs_preliminary_review is needed
    assert by_unit.needs_preliminary_review is needed


def test_a_regional_unit_goes_to_the_tpi_directly() -> None:
    lc = building(level="bawah_provinsi", agency_type="regional")
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=S.review)
    assert lc.state == "internal_review"


def test_a_central_unit_below_province_level_cannot_skip_its_parent() -> None:
    lc = building(level="bawah_provinsi", agency_type="central")
    with pytest.raises(TransitionRefused, match="preliminary review"):
        lc.fire("request_internal_review", actor=UNIT_HEAD, at=S.review)


def test_the_document_is_the_one_the_old_flag_made() -> None:
    """The genesis hashes the boolean: deriving it changes no saved document."""
    with pytest.warns(DeprecationWarning, match="needs_preliminary_review"):
        old = Lifecycle.new("kpp", AGENCY, needs_preliminary_review=True)
    new = Lifecycle.new("kpp", AGENCY, level="jpt_pratama", agency_type="central")
    assert new.to_dict() == old.to_dict()
    assert Lifecycle.from_dict(new.to_dict()).needs_preliminary_review is True


def test_given_nothing_a_unit_has_no_preliminary_review_as_before() -> None:
    assert Lifecycle.new("kpp", AGENCY).needs_preliminary_review is False


def test_the_old_flag_alone_still_works_deprecated() -> None:
    with pytest.warns(DeprecationWarning, match="level= and agency_type="):
        lc = Lifecycle.new("kpp", AGENCY, needs_preliminary_review=True)
    assert lc.needs_preliminary_review is True


def test_the_old_flag_contradicting_the_facts_is_refused() -> None:
    with (
        pytest.warns(DeprecationWarning, match="needs_preliminary_review"),
        pytest.raises(UsageError, match="kpp: needs_preliminary_review=True contradicts"),
    ):
        Lifecycle.new(
            "kpp", AGENCY, level="jpt_pratama", agency_type="regional",
            needs_preliminary_review=True,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "missing"),
    [
        ({"level": "jpt_pratama"}, "agency.type"),
        ({"agency_type": "central"}, "level"),
        ({"unit": UnitInfo(id="kpp", name="KPP", agency=AgencyInfo(id=AGENCY))}, "level"),
    ],
)
def test_facts_that_cannot_tell_are_refused_naming_the_unit(
    kwargs: dict[str, object], missing: str
) -> None:
    with pytest.raises(UsageError, match=f"unit kpp: cannot tell.*give .*{missing}"):
        Lifecycle.new("kpp", AGENCY, **kwargs)  # type: ignore[arg-type]


def test_a_level_the_regulation_does_not_name_is_refused() -> None:
    with pytest.raises(UsageError, match="level 'eselon_iii' is not one of jpt_madya"):
        Lifecycle.new("kpp", AGENCY, level="eselon_iii", agency_type="central")  # type: ignore[arg-type]


def test_the_unit_must_be_the_lifecycle_s_unit() -> None:
    with pytest.raises(UsageError, match="unit= is other of"):
        Lifecycle.new("kpp", AGENCY, unit=_unit("jpt_madya", "central", unit_id="other"))


def test_the_unit_and_its_facts_are_not_given_twice() -> None:
    with pytest.raises(UsageError, match="not both"):
        Lifecycle.new("kpp", AGENCY, unit=_unit("jpt_madya", "central"), level="jpt_madya")


def test_the_parent_passes_a_unit_on_its_own_induk_answers_not_the_unit_s() -> None:
    lc = building(level="jpt_pratama", agency_type="central")
    lc.fire("request_preliminary_review", actor=UNIT_HEAD, at=S.review)
    with pytest.raises(TransitionRefused) as info:
        lc.fire(
            "preliminary_passed", actor=PRELIM, at=S.review, evaluation=evaluation("unit"),
            review=PRELIMINARY_REVIEW,
        )  # fmt: skip
    assert info.value.reasons == (
        "the preliminary evaluation does not meet Menuju WBK: it is scored on unit answers;"
        " 'preliminary_passed' needs the unit induk answers",
    )
    lc.fire(
        "preliminary_passed", actor=PRELIM, at=S.review, evaluation=evaluation("induk"),
        review=PRELIMINARY_REVIEW,
    )  # fmt: skip
    assert lc.state == "internal_review"
