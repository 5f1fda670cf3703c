"""Who is assessed first by its parent unit (penilaian pendahuluan, hlm. 40–42), derived from
the unit's level and its agency's type; the old explicit flag is read, deprecated or refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import zi_engine
from zi_engine import Rubric, SubmissionError, UnitInfo
from zi_engine.submission._scope import UNIT_LEVELS, preliminary_scope

HEAD = "unit:\n  id: U-1\n  name: Unit\n  agency: {{id: A-1{agency}}}\n{unit}year: 2026\n"


def _file(tmp_path: Path, *, agency: str = "", unit: str = "") -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD.format(agency=agency, unit=unit), encoding="utf-8")
    return path


# (level, agency type) -> (needed, assessor), by hand from hlm. 40 a.1-2, 41 b.1 and 42
REGULATION = {
    ("jpt_madya", "central"): (False, None),  # b.1: the TPI evaluates it directly
    ("jpt_pratama", "central"): (True, "jpt_madya"),  # a.1
    ("upt_provinsi", "central"): (True, "jpt_madya"),  # a.1
    ("bawah_provinsi", "central"): (True, "provinsi"),  # a.2
    **{(level, "regional"): (False, None) for level in UNIT_LEVELS},  # hlm. 42
}


@pytest.mark.parametrize(("level", "agency_type"), sorted(REGULATION))
def test_the_scope_follows_the_regulation(level: str, agency_type: str) -> None:
    scope = preliminary_scope(level, agency_type)
    assert (scope.needed, scope.assessor) == REGULATION[level, agency_type]
    assert (scope.assessor_text() is None) == (scope.assessor is None)


def test_a_regional_unit_or_a_jpt_madya_unit_needs_no_other_fact() -> None:
    assert preliminary_scope(None, "regional").needed is False
    assert preliminary_scope("jpt_madya", None).needed is False


@pytest.mark.parametrize(
    ("level", "agency_type", "missing"),
    [
        (None, None, ("level", "agency.type")),
        ("jpt_pratama", None, ("agency.type",)),
        (None, "central", ("level",)),
    ],
)
def test_an_unknown_scope_says_what_is_missing(
    level: str | None, agency_type: str | None, missing: tuple[str, ...]
) -> None:
    scope = preliminary_scope(level, agency_type)
    assert scope.needed is None
    assert scope.missing == missing
    text = scope.unknown_text("kpp-banjarbaru")
    assert "kpp-banjarbaru" in text
    assert all(m in text for m in missing)


def test_a_unit_file_gives_its_level_and_the_scope_is_derived(tmp_path: Path) -> None:
    path = _file(tmp_path, agency=", type: central", unit="  level: bawah_provinsi\n")
    unit = zi_engine.load_submission(path).unit
    assert unit.level == "bawah_provinsi"
    assert unit.preliminary_scope.needed is True
    assert unit.preliminary_scope.assessor == "provinsi"
    assert unit.notices == ()


def test_a_level_the_regulation_does_not_name_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _file(tmp_path, unit="  level: eselon_iii\n")
    with pytest.raises(SubmissionError) as info:
        zi_engine.load_submission(path)
    assert "s.yaml:5" in str(info.value)
    assert "bawah_provinsi" in str(info.value)


def test_an_old_flag_that_contradicts_level_and_type_is_refused_at_the_unit(
    tmp_path: Path,
) -> None:
    path = _file(tmp_path, agency=", type: regional", unit="  needs_preliminary_review: true\n")
    with pytest.raises(SubmissionError) as info:
        zi_engine.load_submission(path)
    message = str(info.value)
    assert "s.yaml:2" in message
    assert "needs_preliminary_review" in message
    assert "TPI directly" in message


def test_an_old_flag_alone_is_still_read_deprecated(tmp_path: Path) -> None:
    path = _file(tmp_path, unit="  needs_preliminary_review: true\n")
    with pytest.warns(DeprecationWarning, match=r"unit\.level"):
        unit = zi_engine.load_submission(path).unit
    assert unit.preliminary_scope.needed is True
    assert unit.preliminary_scope.assessor is None  # who assesses is not stated
    assert any("needs_preliminary_review is deprecated" in n for n in unit.notices)


def test_an_old_flag_that_agrees_is_deprecated_and_level_decides(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        agency=", type: central",
        unit="  level: jpt_pratama\n  needs_preliminary_review: true\n",
    )
    with pytest.warns(DeprecationWarning, match="needs_preliminary_review"):
        unit = zi_engine.load_submission(path).unit
    assert unit.preliminary_scope.assessor == "jpt_madya"


OLD_UNIT = {"id": "u", "name": "U", "agency": {"id": "a"}, "needs_preliminary_review": False}


def test_the_old_flag_is_written_back() -> None:
    with pytest.warns(DeprecationWarning, match="needs_preliminary_review"):
        submission = zi_engine.Submission.model_validate({"unit": OLD_UNIT, "year": 2026})
    written = submission.to_dict()
    assert written["unit"]["needs_preliminary_review"] is False


def test_a_unit_without_level_or_type_does_not_guess() -> None:
    unit = UnitInfo.model_validate({"id": "u", "name": "U", "agency": {"id": "a"}})
    assert unit.preliminary_scope.needed is None
    assert unit.preliminary_scope.missing == ("level", "agency.type")


def test_an_evaluation_warns_of_the_deprecated_flag(tmp_path: Path, rubric: Rubric) -> None:
    path = _file(tmp_path, unit="  needs_preliminary_review: false\n")
    with pytest.warns(DeprecationWarning, match="needs_preliminary_review"):
        submission = zi_engine.load_submission(path)
    warnings = zi_engine.evaluate(rubric, submission).warnings
    assert any("U-1: needs_preliminary_review is deprecated" in w for w in warnings)


def test_the_scope_is_explained_in_indonesian() -> None:
    scope = preliminary_scope("bawah_provinsi", "central")
    with zi_engine.use_language("id"):
        assert "provinsi" in str(scope.assessor_text())
        assert "isikan level" in str(preliminary_scope(None, "central").unknown_text("u"))
