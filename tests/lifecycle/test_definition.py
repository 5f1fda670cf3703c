"""The lifecycle definition as data: the bundled file, validation errors, schema, diagram."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.support import REPO
from tests.support.lifecycle import AGENCY, UNIT_HEAD, at
from zi_engine.engine._engine import Engine
from zi_engine.hookspecs import hookimpl
from zi_engine.lifecycle import (
    Actor,
    GuardContext,
    Lifecycle,
    LifecycleDefinition,
    LifecycleDefinitionError,
    load_lifecycle_definition,
)
from zi_engine.render import mermaid_diagram, schema_text

ROOT = REPO
BUNDLED = ROOT / "lifecycles" / "permenpan-rb-90-2021.yaml"

ISSUE_TABLE = {  # issue #4: trigger → (sources, dest, roles)
    "declare": ({"candidate"}, "declared", {"unit_head", "agency_head"}),
    "select_unit": ({"declared"}, "selected", {"agency_head"}),  # Tahap II (hlm. 13)
    "start_building": ({"selected"}, "building", {"unit_head"}),
    "request_preliminary_review": ({"building"}, "preliminary_review", {"unit_head"}),
    "preliminary_passed": ({"preliminary_review"}, "internal_review", {"preliminary_reviewer"}),
    "preliminary_failed": ({"preliminary_review"}, "building", {"preliminary_reviewer"}),
    "request_internal_review": ({"building"}, "internal_review", {"unit_head"}),
    "tpi_reject": ({"internal_review"}, "building", {"tpi"}),
    "propose": ({"internal_review"}, "proposed", {"agency_head"}),
    "admit": ({"proposed"}, "desk_evaluation", {"tpn"}),
    "to_field": ({"desk_evaluation"}, "field_evaluation", {"tpn"}),
    # hlm. 56: clearance with four institutions, then the panel, then the recommendation
    "to_clearance": ({"field_evaluation"}, "clearance", {"tpn"}),
    "clearance_ombudsman": ({"clearance"}, "=", {"tpn"}),
    "clearance_kpk": ({"clearance"}, "=", {"tpn"}),
    "clearance_komisi_dpr": ({"clearance"}, "=", {"tpn"}),
    "clearance_apip": ({"clearance"}, "=", {"tpn"}),
    "to_panel": ({"clearance"}, "panel", {"tpn"}),
    "stop_proposal": ({"clearance", "panel"}, "building", {"tpn"}),
    "recommend": ({"panel"}, "recommended", {"tpn"}),
    "reject": ({"proposed", "desk_evaluation", "field_evaluation"}, "building", {"tpn"}),
    "drop": (
        {"proposed", "desk_evaluation", "field_evaluation", "clearance", "panel", "recommended"},
        "building",
        {"tpn", "agency_head"},
    ),
    "designate": ({"recommended"}, "designated", {"minister"}),
    "pursue_wbbm": ({"designated"}, "building", {"unit_head"}),
    "revoke": (
        {"building", "preliminary_review", "internal_review", "proposed"}
        | {"desk_evaluation", "field_evaluation", "clearance", "panel", "recommended"}
        | {"designated"},
        "revoked",
        {"minister"},
    ),
    "resume": ({"revoked"}, "building", {"unit_head"}),
}
_HELD = {"building", "preliminary_review", "internal_review", "proposed"} | {
    "desk_evaluation", "field_evaluation", "clearance", "panel", "recommended", "designated",
}  # fmt: skip
ISSUE_TABLE |= {  # issue #12: monitoring and the grounds of a revocation (hlm. 61–63), "=": stay
    "report_monitoring": (_HELD, "=", {"tpi", "agency_head"}),
    "verify_monitoring": (_HELD, "=", {"tpn"}),
    "report_maladministration": (_HELD, "=", {"tpn", "tpi"}),
    "clarify": (_HELD, "=", {"tpi"}),
    "verify_in_field": (_HELD, "=", {"tpn"}),
    "recommend_revocation": (_HELD, "=", {"tpn"}),
    # Tahap I (hlm. 12): staff who had not signed the Pakta Integritas sign later
    "update_pakta_integritas": (_HELD | {"declared", "selected"}, "=", {"unit_head"}),
}


def test_the_bundled_definition_matches_the_issue_table() -> None:
    d = load_lifecycle_definition("permenpan-rb-90-2021")
    assert d.triggers.keys() == ISSUE_TABLE.keys()
    for name, (sources, dest, roles) in ISSUE_TABLE.items():
        assert (set(d.sources(name)), d.triggers[name].to, set(d.triggers[name].roles)) == (
            sources, dest, roles,
        ), name  # fmt: skip
    # the TPN's review tiers are national too
    assert d.national_roles == {"tpn", "tpn_ketua_tim", "tpn_pengendali_teknis", "minister"}
    assert d.states["building"].label == "Pembangunan"
    p = d.parameters
    assert (p.revocation_lock_years, p.min_building_years, p.proposal_deadline) == (2, 1, "05-31")
    assert [(w.year, w.opens, w.closes) for w in p.proposal_windows] == [(2024, "07-18", "07-31")]


def test_the_bundled_file_names_its_schema() -> None:
    first = BUNDLED.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/lifecycle.schema.json"


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "lifecycle.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text("lifecycle"), (
        "schema/lifecycle.schema.json is stale: run "
        "'python -m zi_engine.lifecycle._schema > schema/lifecycle.schema.json'"
    )


def test_schema_is_draft7() -> None:
    schema = json.loads(schema_text("lifecycle"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    text = json.dumps(schema)
    assert "$defs" not in text
    assert '"prefixItems"' not in text
    trigger = schema["definitions"]["TriggerSpec"]
    assert "from" in trigger["properties"]
    assert trigger["additionalProperties"] is False


def write_variant(tmp_path: Path, old: str, new: str) -> Path:
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def problems(path: Path, engine: Engine | None = None) -> list[str]:
    with pytest.raises(LifecycleDefinitionError) as info:
        load_lifecycle_definition(path, engine=engine or Engine())
    return [str(p) for p in info.value.problems]


def test_unknown_state_in_a_transition_points_at_its_line(tmp_path: Path) -> None:
    path = write_variant(tmp_path, "    to: proposed\n", "    to: proposd\n")
    (found,) = problems(path)
    assert found.startswith(f"{path}:{line_of(path, 'to: proposd')}:")
    assert "triggers.propose.to: unknown state 'proposd'" in found


def test_unknown_guard_is_checked_against_the_engines_registry(tmp_path: Path) -> None:
    path = write_variant(tmp_path, "      - sptjm_signed\n", "      - sptjm_sealed\n")
    (found,) = problems(path)
    assert f":{line_of(path, 'sptjm_sealed')}:" in found
    assert "unknown guard 'sptjm_sealed'" in found
    assert "zi_lifecycle_guards" in found


def test_unknown_field_and_bad_role_are_all_reported(tmp_path: Path) -> None:
    path = write_variant(
        tmp_path, "    roles: [tpi]\n", "    roles: [inspektorat]\n    rolse: [tpi]\n"
    )
    found = problems(path)
    assert len(found) == 1  # shape errors are reported first, then the references
    assert "unknown field 'rolse' (did you mean 'roles'?)" in found[0]
    assert f":{line_of(path, 'rolse')}:" in found[0]
    path = write_variant(tmp_path, "    roles: [tpi]\n", "    roles: [inspektorat]\n")
    (found_role,) = problems(path)
    assert "unknown role 'inspektorat'" in found_role


def test_unreachable_states_are_reported(tmp_path: Path) -> None:
    path = write_variant(
        tmp_path, "  revoked: {label: Pencabutan predikat}\n",
        "  revoked: {label: Pencabutan predikat}\n  limbo: {label: Tidak terjangkau}\n",
    )  # fmt: skip
    (found,) = problems(path)
    assert "states.limbo: state 'limbo' cannot be reached from 'candidate'" in found
    assert f":{line_of(path, 'limbo')}:" in found


def test_bad_parameters_are_reported(tmp_path: Path) -> None:
    path = write_variant(tmp_path, 'closes: "07-31"', 'closes: "07-01"')
    (found,) = problems(path)
    assert "the window closes before it opens" in found
    path = write_variant(tmp_path, 'proposal_deadline: "05-31"', 'proposal_deadline: "02-30"')
    (found,) = problems(path)
    assert "proposal_deadline" in found


def test_unsafe_yaml_is_refused_with_a_location(tmp_path: Path) -> None:
    path = write_variant(tmp_path, "initial: candidate", "initial: !!python/name:os.system")
    (found,) = problems(path)
    assert str(path) in found


def test_reserved_payload_names_and_missing_files(tmp_path: Path) -> None:
    path = write_variant(tmp_path, "      reason:\n        type: text\n        required: true\n"
                         "        description: what is reported",
                         "      at:\n        type: text\n        required: true\n"
                         "        description: what is reported")  # fmt: skip
    assert any("'at' is reserved by fire()" in p for p in problems(path))
    with pytest.raises(LifecycleDefinitionError, match="does not exist"):
        load_lifecycle_definition(tmp_path / "nope.yaml")
    with pytest.raises(LifecycleDefinitionError, match=r"known: (.*, )?permenpan-rb-90-2021\b"):
        load_lifecycle_definition("permenpan-rb-2099")


class ExtraGuard:
    """A plugin adding a guard; a definition loaded from a path may name it."""

    @hookimpl
    def zi_lifecycle_guards(self) -> Mapping[str, Any]:
        def survey_done(ctx: GuardContext) -> str | None:
            if ctx.parameters.custom.get("survey_required") and not ctx.payload.get("survey"):
                return "the external survey (≥ 30 respondents) is not done"
            return None

        return {"survey_done": survey_done}


def test_a_later_regulation_can_be_loaded_without_code_changes(tmp_path: Path) -> None:
    path = write_variant(tmp_path, "    guards: [needs_preliminary_review]\n",
                         "    guards: [needs_preliminary_review, survey_done]\n")  # fmt: skip
    text = path.read_text(encoding="utf-8").replace(
        "name: permenpan-rb-90-2021", "name: permenpan-rb-99-2030"
    ).replace('calendar_utc_offset: "+07:00"', 'calendar_utc_offset: "+08:00"\n  custom:\n'
              "    survey_required: true")  # fmt: skip
    path.write_text(text, encoding="utf-8")
    assert any("unknown guard 'survey_done'" in p for p in problems(path))
    engine = Engine(plugins=[ExtraGuard()])
    definition = load_lifecycle_definition(path, engine=engine)
    assert definition.name == "permenpan-rb-99-2030"
    lc = Lifecycle.new("dinkes", AGENCY, definition=definition, engine=engine,
                       level="upt_provinsi", agency_type="central")  # fmt: skip
    lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=at(2031, 1, 1),
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire("select_unit", actor=Actor("gubernur", "agency_head", AGENCY), at=at(2031, 1, 1))
    lc.fire("start_building", actor=UNIT_HEAD, at=at(2031, 1, 1))
    assert lc.check("request_preliminary_review", actor=UNIT_HEAD, at=at(2031, 2, 1)) == (
        "the external survey (≥ 30 respondents) is not done",
    )
    restored = Lifecycle.from_dict(lc.to_dict(), engine=engine, definition=definition)
    assert restored.to_dict() == lc.to_dict()


def test_definitions_are_frozen_and_strict() -> None:
    d = load_lifecycle_definition("permenpan-rb-90-2021")
    with pytest.raises(ValueError, match="frozen"):
        d.initial = "declared"
    data = d.model_dump(by_alias=True)
    data["triggers"]["declare"]["when"] = "always"
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        LifecycleDefinition.model_validate(data)


def test_mermaid_diagram_draws_every_edge() -> None:
    d = load_lifecycle_definition("permenpan-rb-90-2021")
    text = mermaid_diagram(d)
    assert text.startswith("stateDiagram-v2\n")
    assert '    state "Pembangunan (building)" as building' in text
    assert "    [*] --> candidate" in text
    assert "    proposed --> building: reject / drop" in text
    assert "    recommended --> building: drop" in text
    revoke_edges = [line for line in text.splitlines() if line.endswith(": revoke")]
    assert len(revoke_edges) == 10
    assert "    candidate --> revoked: revoke" not in text


@pytest.mark.parametrize("page", ["README.md", "docs/lifecycle.md"])
def test_docs_embed_the_current_diagram(page: str) -> None:
    docs = (ROOT / page).read_text(encoding="utf-8")
    diagram = mermaid_diagram(load_lifecycle_definition("permenpan-rb-90-2021"))
    assert f"```mermaid\n{diagram}```" in docs, f"{page}: paste the new diagram"


def test_a_wildcard_source_means_every_other_state(tmp_path: Path) -> None:
    path = write_variant(
        tmp_path,
        "    from:\n      - building\n      - preliminary_review\n      - internal_review\n"
        "      - proposed\n      - desk_evaluation\n      - field_evaluation\n"
        "      - clearance\n      - panel\n      - recommended\n      - designated\n"
        "    to: revoked\n",
        '    from: "*"\n    to: revoked\n',
    )
    d = load_lifecycle_definition(path, engine=Engine())
    assert set(d.sources("revoke")) == set(d.states) - {"revoked"}
    text = mermaid_diagram(d)
    assert "    candidate --> revoked: revoke" in text
    assert "    revoked --> revoked" not in text
    # the guard still keeps a unit without a predicate out
    lc = Lifecycle.new("dinkes", AGENCY, definition=d)
    assert "revoke" not in lc.allowed(UNIT_HEAD.__class__("m", "minister"), at=at(2022, 1, 1))
