"""The restore's quick reading of a record's time agrees with the full one.

A restored record's time must be written as ``fire()`` writes times (its
``datetime.isoformat()``), since the hash covers the text. The full check
parses the text and writes the time back to compare; the quick one accepts a
text of the one form ``fire()`` writes for a whole second (``YYYY-MM-DDTHH:MM:SS``
and an offset ``±HH:MM``, not ``-00:00``) once it parses. On any text –
well-formed, nearly so, or out of range – both give the same time or the same
refusal.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zi_engine import testing as zt
from zi_engine.lifecycle import Actor, Lifecycle, LifecycleStateError
from zi_engine.lifecycle._persist import _recorded_at, parse_document
from zi_engine.lifecycle._shared import SharedValues

_ZONES = st.builds(
    lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-23 * 60 - 59, 23 * 60 + 59)
)
_TIMES = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=_ZONES
)
_DIGITS = st.text(st.sampled_from("0123456789"), min_size=1, max_size=4)


def _near(moment: datetime) -> st.SearchStrategy[str]:
    """Texts of the time as written, and written otherwise: a fraction, a space, other zones."""
    written = moment.isoformat()
    return st.sampled_from(
        [
            written,
            written.replace("T", " "),
            written.replace("+00:00", "-00:00"),
            written.replace("+00:00", "Z"),
            written[:19] + ".000000" + written[19:],
            written[:19] + ".5" + written[19:],
            written[:19] + written[19:] + ":00",
            written[:19],
            written.replace("-", "", 2),
            written[:17] + "60" + written[19:],
            written[:11] + "24" + written[13:],
            written[:5] + "13" + written[7:],
            written[:8] + "32" + written[10:],
            written[:19] + "+24:00",
            written[:19] + "+07:60",
        ]
    )


def _read(text: object, *, reference: bool) -> object:
    try:
        return _recorded_at({"at": text}, "history[0].", reference=reference)
    except LifecycleStateError as exc:
        return f"refused: {exc}"


@given(_TIMES.flatmap(_near) | st.builds("{}-{}-{}T{}:{}:{}+{}:{}".format, *[_DIGITS] * 8))
def test_the_quick_and_the_full_reading_of_a_time_agree(text: str) -> None:
    quick, full = _read(text, reference=False), _read(text, reference=True)
    assert quick == full
    if isinstance(quick, datetime):  # the same offset too, not only the same instant
        assert isinstance(full, datetime)
        assert quick.utcoffset() == full.utcoffset()
        assert quick.isoformat() == text


def test_times_fire_writes_are_read_quickly_and_others_are_not_accepted() -> None:
    wib = timezone(timedelta(hours=7))
    assert _read("2022-01-10T09:00:00+07:00", reference=False) == datetime(
        2022, 1, 10, 9, tzinfo=wib
    )
    for text in ("2022-01-10T09:00:00-00:00", "2022-01-10T09:00:00.000000+07:00",
                 "2022-01-10 09:00:00+07:00", "2022-01-10T09:00:00", None, 7):  # fmt: skip
        assert str(_read(text, reference=False)).startswith("refused: ")


def _declared_document() -> dict[str, Any]:
    lc = Lifecycle.new("U-1", "A-1")
    pakta = {"pakta_integritas_signed": True, "staff_signed": 40, "staff_total": 42}
    lc.fire("declare", actor=Actor("kepala", "unit_head", "A-1"), at=zt.LIFECYCLE_START, **pakta)
    doc: dict[str, Any] = json.loads(json.dumps(lc.to_dict()))
    return doc


@pytest.mark.parametrize(
    "details",
    [
        {1: True},
        {"pakta_integritas_signed": object()},
        {"pakta_integritas_signed": datetime(2022, 1, 3)},
        {"pakta_integritas_signed": "\ud800"},
        {"\ud800": True},
        {"staff_signed": 2**1100},
        {"staff_signed": 40.0},
    ],
)
def test_details_no_document_could_hold_are_refused_alike_by_both_restores(
    details: dict[Any, Any],
) -> None:
    """Python callers can hand from_dict what JSON cannot hold: the quick path leaves it to
    the full checks, which refuse it in words (never a TypeError from the writer)."""
    doc = _declared_document()
    doc["history"][0]["details"] = details
    definition = Lifecycle.new("U-0", "A-1").definition
    found = []
    for reference in (False, True):
        with pytest.raises(LifecycleStateError) as caught:
            parse_document(doc, definition, SharedValues(), reference=reference)
        found.append(str(caught.value))
    assert found[0] == found[1]
