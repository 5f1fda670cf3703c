"""Actors, submissions and times for the review tests (the bundled TPI review's tiers)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import LayeredAnswer, LifecycleDefinition, ReviewActor, Submission

WIB = timezone(timedelta(hours=7))
START = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)

AGENCY = "PEMKOT-BJB"  # the example unit's agency
UNIT = "DINKES-BJB"
INSPEKTORAT = "INSPEKTORAT-BJB"  # the TPI's own unit: the agency's inspectorate

ANGGOTA = ReviewActor("tpi.anggota", "tpi", AGENCY, INSPEKTORAT)
KETUA = ReviewActor("tpi.ketua", "tpi_ketua_tim", AGENCY, INSPEKTORAT)
PENGENDALI = ReviewActor("tpi.pengendali", "tpi_pengendali_teknis", AGENCY, INSPEKTORAT)
UNIT_HEAD = ReviewActor("kadinkes", "unit_head", AGENCY, UNIT)
OTHER_AGENCY_TPI = ReviewActor("tpi.lain", "tpi", "PEMKAB-LAIN", "INSPEKTORAT-LAIN")
OWN_UNIT_TPI = ReviewActor("tpi.dinkes", "tpi", AGENCY, UNIT)  # a TPI member from the unit itself
TPN = ReviewActor("tpn.1", "tpn")


def definition() -> LifecycleDefinition:
    """The bundled lifecycle definition (its ``reviews`` section)."""
    return zi_engine.load_lifecycle_definition("permenpan-rb-90-2021")


def unit_only_submission() -> Submission:
    """The example unit's submission with only its own answers (no TPI or TPN layer)."""
    full = zi_engine.load_submission(EXAMPLES_DIR / "dinkes-banjarbaru-wbk.yaml")
    answers = {q: LayeredAnswer(unit=a.unit) for q, a in full.answers.items() if a.unit}
    return full.model_copy(update={"answers": answers})


def minutes(n: int) -> datetime:
    """``n`` minutes after :data:`START`."""
    return START + timedelta(minutes=n)
