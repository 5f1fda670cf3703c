"""A Kawasan file: read safely, checked whole, every problem at file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import KawasanError

EXAMPLE = EXAMPLES_DIR / "kawasan-pelabuhan-tanjung-priok" / "kawasan.yaml"

GOOD = """\
kawasan:
  id: KAWASAN-UJI
  name: Kawasan Uji
  kind: pelabuhan
year: 2026
members:
  - unit: OP
    agency: KEMENHUB
  - unit: KPUBC
    agency: KEMENKEU
integration:
  answers:
    kw.peta.a:
      tpi: {value: Ya}
"""


def _problems(tmp_path: Path, text: str, name: str = "kawasan.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KawasanError) as info:
        zi_engine.load_kawasan(path)
    assert isinstance(info.value, zi_engine.ZiError)
    return [str(p) for p in info.value.problems]


def test_a_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "kawasan.yaml"
    path.write_text(GOOD, encoding="utf-8")
    k = zi_engine.load_kawasan(path)
    assert k.id == "KAWASAN-UJI"
    assert k.agencies == ("KEMENHUB", "KEMENKEU")
    assert k.target == "WBK"
    assert k.integration.rubric == "kawasan-integrasi-permenpan-rb-90-2021"
    assert zi_engine.Kawasan.model_validate(k.to_dict()) == k
    assert k.member("OP", "KEMENHUB") is not None
    assert k.member("OP", "KEMENKEU") is None


def test_a_bad_field_is_located(tmp_path: Path) -> None:
    found = _problems(tmp_path, GOOD.replace("kind: pelabuhan", "kind: stasiun"))
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'kawasan.yaml'}:4:")
    assert "kawasan.kind" in found[0]


def test_a_kawasan_of_one_agency_is_refused(tmp_path: Path) -> None:
    (found,) = _problems(tmp_path, GOOD.replace("agency: KEMENKEU", "agency: KEMENHUB"))
    assert ":7:" in found  # where the members list starts
    assert "several agencies" in found
    assert "'KEMENHUB'" in found


def test_a_member_listed_twice_is_refused_where_it_is(tmp_path: Path) -> None:
    text = GOOD.replace("integration:", "  - unit: OP\n    agency: KEMENHUB\nintegration:")
    (found,) = _problems(tmp_path, text)
    assert ":11:" in found
    assert "members[2].unit" in found
    assert "listed twice" in found


def test_integration_answers_are_checked_against_the_rubric(tmp_path: Path) -> None:
    text = GOOD + "    kw.sop.a:\n      tpi: {value: Z}\n    kw.nothing.a: Ya\n"
    found = _problems(tmp_path, text)
    assert len(found) == 2
    assert ":16:" in found[0]
    assert "integration.answers.kw.sop.a.tpi" in found[0]
    assert "question kw.sop.a" in found[0]
    assert ":17:" in found[1]
    assert "no question 'kw.nothing.a'" in found[1]


def test_an_unknown_integration_rubric_is_located(tmp_path: Path) -> None:
    text = GOOD.replace("integration:\n", "integration:\n  rubric: tidak-ada\n")
    (found,) = _problems(tmp_path, text)
    assert ":12:" in found
    assert "integration rubric 'tidak-ada' cannot be used" in found


def test_an_integration_rubric_without_the_target_is_refused(tmp_path: Path) -> None:
    """An inspectorate's instrument without a WBBM threshold cannot judge a WBBM target."""
    rubric_dir = tmp_path / "instrumen"
    bundled = Path(str(zi_engine.load_rubric("kawasan-integrasi-permenpan-rb-90-2021").source))
    rubric_dir.mkdir()
    (rubric_dir / "areas").mkdir()
    manifest = (bundled / "rubric.yaml").read_text(encoding="utf-8")
    manifest = manifest[: manifest.index("  - id: WBBM")]
    (rubric_dir / "rubric.yaml").write_text(manifest, encoding="utf-8")
    area = (bundled / "areas" / "integrasi.yaml").read_text(encoding="utf-8")
    (rubric_dir / "areas" / "integrasi.yaml").write_text(area, encoding="utf-8")
    text = GOOD.replace("year: 2026", "year: 2026\ntarget: WBBM").replace(
        "integration:\n", "integration:\n  rubric: ./instrumen\n"
    )
    (found,) = _problems(tmp_path, text)
    assert "has no predicate WBBM" in found
    loaded = zi_engine.load_kawasan(_write(tmp_path, text.replace("target: WBBM", "target: WBK")))
    assert loaded.integration.rubric == str(rubric_dir)  # resolved beside the file


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_json_files_and_tags_are_read_safely(tmp_path: Path) -> None:
    found = _problems(tmp_path, GOOD.replace("name: Kawasan Uji", "name: !!python/object {}"))
    assert "tag" in found[0]
    assert _problems(tmp_path, '{"kawasan": 1}', "k.json")[0].startswith(str(tmp_path / "k.json"))


def test_a_member_file_of_another_unit_is_refused(tmp_path: Path) -> None:
    sub = EXAMPLES_DIR / "dinkes-banjarbaru-wbk.yaml"
    text = GOOD.replace("    agency: KEMENHUB\n", f"    agency: KEMENHUB\n    submission: {sub}\n")
    k = zi_engine.load_kawasan(_write(tmp_path, text))
    with pytest.raises(KawasanError, match="'DINKES-BJB' of agency 'PEMKOT-BJB', not of member"):
        zi_engine.evaluate_kawasan(k)


def test_the_example_port_is_scored_as_its_comment_says() -> None:
    k = zi_engine.load_kawasan(EXAMPLE)
    assert len(k.members) == 5
    assert len(k.agencies) == 4
    ev = zi_engine.evaluate_kawasan(k)
    assert ev.total == pytest.approx(7.1667, abs=1e-4)
    wbk = ev.eligibility["WBK"]
    assert wbk.outcome == "not_eligible"
    assert wbk.failed == ("member.KEMENKES.KKP-TJPRIOK",)
    assert ev.eligibility["WBBM"].outcome == "not_eligible"
    assert "predikat_kawasan_wbk" in ev.eligibility["WBBM"].failed
    assert all(m.evaluation is not None and m.evaluation.missing_answers == () for m in ev.members)
    plan = ev.what_it_would_take()
    assert [m.unit_id for m in plan.members] == ["KKP-TJPRIOK"]
    assert plan.integration is None


def test_the_example_names_and_meets_the_published_schema() -> None:
    import json

    import jsonschema

    from tests.support import REPO
    from zi_engine.safeio import load_yaml_file

    first = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/kawasan.schema.json"
    schema = json.loads((REPO / "schema" / "kawasan.schema.json").read_text(encoding="utf-8"))
    data, _ = load_yaml_file(EXAMPLE, error_cls=KawasanError)
    jsonschema.Draft7Validator(schema).validate(data)
    bad = data | {"members": [data["members"][0] | {"nickname": "x"}]}
    assert not jsonschema.Draft7Validator(schema).is_valid(bad)
    unit_schema = json.loads((REPO / "schema" / "submission.schema.json").read_text("utf-8"))
    for member in data["members"]:  # the member files beside it are submissions
        path = EXAMPLE.parent / member["submission"]
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/submission.schema.json"
        sub, _ = load_yaml_file(path, error_cls=KawasanError)
        jsonschema.Draft7Validator(unit_schema).validate(sub)
