"""The reviews section of a lifecycle definition: tiers as data, checked against the roles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import REPO
from tests.support.reviews import definition
from zi_engine import LifecycleDefinitionError, load_lifecycle_definition

BUNDLED = REPO / "lifecycles" / "permenpan-rb-90-2021.yaml"


def test_the_bundled_tiers_sign_off_anggota_ketua_pengendali() -> None:
    d = definition()
    assert set(d.reviews) == {"preliminary", "tpi", "tpn"}
    for kind, scope in (("tpi", "agency"), ("tpn", "national")):
        spec = d.reviews[kind]
        assert [t.name for t in spec.tiers] == ["anggota", "ketua_tim", "pengendali_teknis"]
        assert [t.checks for t in spec.tiers] == [True, False, False]
        assert (spec.layer, spec.scope, spec.revisers) == (kind, scope, ["unit_head"])
    assert d.triggers["propose"].guards[-1] == "tpi_review_signed_off"
    assert d.triggers["propose"].payload["review"].required


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "actor_role: tpi_ketua_tim}",
            "actor_role: ketua}",
            "reviews.tpi.tiers[1].actor_role: unknown role 'ketua'; known: agency_head",
        ),
        (
            "    revisers: [unit_head]\n    tiers:\n      - {name: anggota, label: Anggota tim TPI",
            "    revisers: [tpi]\n    tiers:\n      - {name: anggota, label: Anggota tim TPI",
            "reviews.tpi.revisers[0]: 'tpi' both revises and reviews the answers",
        ),
        (
            "{name: anggota, label: Anggota tim TPN, actor_role: tpn, checks: true}",
            "{name: anggota, label: Anggota tim TPN, actor_role: tpn}",
            "reviews.tpn.tiers: no tier checks the answers",
        ),
        (
            "{name: ketua_tim, label: Ketua tim TPI,",
            "{name: anggota, label: Ketua tim TPI,",
            "reviews.tpi.tiers[1].name: a second tier 'anggota'",
        ),
    ],
)
def test_tier_mistakes_are_reported_where_they_are(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(LifecycleDefinitionError) as info:
        load_lifecycle_definition(_variant(tmp_path, old, new))
    text = str(info.value)
    assert message in text, text
    assert re.search(r"variant\.yaml:\d+:\d+: ", text), text  # located at a line of the file
