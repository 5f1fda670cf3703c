"""Layouts with fixed members: the template holds some members' text, written once.

``ObjectLayout(keys, fixed=members).write(values)`` must be
``canonical_json(dict(zip(keys, values)) | members)`` to the byte, whatever the
fixed members are (text to escape, ``%``, nested data, keys of any plane that
sort between the other keys), and a fixed member without a canonical form is
refused when the layout is made.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zi_engine._canonical import MAX_EXACT_INTEGER, ObjectLayout, canonical_json

_TEXT = st.text(st.characters(codec="utf-8"), max_size=8)
_PLAIN = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=8)
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_EXACT_INTEGER, MAX_EXACT_INTEGER)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT
    | _PLAIN
    | st.sampled_from(["%", "%s", "100%%"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=6,
)
_KEYS = st.lists(_TEXT | _PLAIN | st.sampled_from(["%", "%s", "a%%b", "seq"]), unique=True)


@st.composite
def _objects(draw: st.DrawFn) -> tuple[ObjectLayout, list[Any], dict[str, Any]]:
    """A layout with fixed members, the values to write with it, and the whole object."""
    keys = draw(_KEYS.filter(lambda k: len(k) >= 1))
    split = draw(st.integers(0, len(keys)))
    free, fixed_keys = keys[:split], keys[split:]
    kinds = [draw(st.sampled_from(["value", "text", "written"])) for _ in free]
    fixed = {key: draw(_JSON) for key in fixed_keys}
    values: list[Any] = []
    data: dict[str, Any] = dict(fixed)
    for key, kind in zip(free, kinds, strict=True):
        value = draw(_PLAIN | _TEXT | _JSON) if kind == "text" else draw(_JSON)
        data[key] = value
        values.append(canonical_json(value) if kind == "written" else value)
    layout = ObjectLayout(
        free,
        text=[k for k, kind in zip(free, kinds, strict=True) if kind == "text"],
        written=[k for k, kind in zip(free, kinds, strict=True) if kind == "written"],
        fixed=fixed,
    )
    return layout, values, data


@given(_objects())
def test_a_layout_with_fixed_members_writes_what_the_general_writer_writes(
    case: tuple[ObjectLayout, list[Any], dict[str, Any]],
) -> None:
    layout, values, data = case
    assert layout.write(values) == canonical_json(data)


def test_fixed_members_that_need_escaping_or_hold_percent_signs() -> None:
    fixed = {"trigger": 'say "ya"\n', "dest": "100%", "%s": "é😀", "n": 1.0}
    layout = ObjectLayout(("seq", "at"), text=("at",), fixed=fixed)
    for at in ("2022-01-10T09:00:00+07:00", "tab\there"):
        assert layout.write([7, at]) == canonical_json({"seq": 7, "at": at, **fixed})


@pytest.mark.parametrize("bad", [math.nan, "\ud800", object(), 2**1100])
def test_a_fixed_member_without_a_canonical_form_is_refused_at_once(bad: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        ObjectLayout(("seq",), fixed={"v": bad})


def test_a_fixed_member_may_not_repeat_a_key() -> None:
    with pytest.raises(ValueError, match="differ"):
        ObjectLayout(("seq", "at"), fixed={"at": "x"})
