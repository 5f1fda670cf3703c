"""Object layouts: the canonical writer's fast path for objects whose keys never change.

``ObjectLayout(keys).write(values)`` must be ``canonical_json(dict(zip(keys,
values)))`` to the byte, whatever the keys (any plane, quotes, ``%``) and the
values (nested data, text with anything to escape, text members that are not
text after all), and refuse what the general writer refuses with the same
kind of error. With fixed members (``fixed=members``: the template holds their
text, written once) it must be ``canonical_json(dict(zip(keys, values)) |
members)``, whatever the fixed members are (text to escape, ``%``, nested data,
keys of any plane that sort between the other keys), and a fixed member
without a canonical form is refused when the layout is made.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zi_engine._canonical import MAX_EXACT_INTEGER, ObjectLayout, canonical_json

_TEXT = st.text(st.characters(codec="utf-8"), max_size=10)  # valid Unicode, any plane
_PLAIN = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=10)
_NUMBERS = st.integers(-MAX_EXACT_INTEGER, MAX_EXACT_INTEGER) | st.floats(
    allow_nan=False, allow_infinity=False
)
_JSON = st.recursive(
    st.none() | st.booleans() | _NUMBERS | _TEXT | _PLAIN | st.sampled_from(["%", "%s", "100%%"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_KEYS = st.lists(_TEXT | _PLAIN | st.sampled_from(["%", "%s", "a%%b", "seq"]), unique=True)


@st.composite
def _objects(draw: st.DrawFn, *, fixed: bool) -> tuple[ObjectLayout, list[Any], dict[str, Any]]:
    """A layout (with fixed members if ``fixed``), the values to write with it, and the
    object they stand for."""
    keys = draw(_KEYS.filter(bool))
    split = draw(st.integers(0, len(keys))) if fixed else len(keys)
    free, fixed_keys = keys[:split], keys[split:]
    kinds = [draw(st.sampled_from(["value", "text", "written"])) for _ in free]
    members = {key: draw(_JSON) for key in fixed_keys}
    values: list[Any] = []
    data: dict[str, Any] = dict(members)
    for key, kind in zip(free, kinds, strict=True):
        # a text member is usually text, but may be anything at all
        value = draw(_PLAIN | _TEXT | _JSON) if kind == "text" else draw(_JSON)
        data[key] = value
        values.append(canonical_json(value) if kind == "written" else value)
    layout = ObjectLayout(
        free,
        text=[k for k, kind in zip(free, kinds, strict=True) if kind == "text"],
        written=[k for k, kind in zip(free, kinds, strict=True) if kind == "written"],
        fixed=members,
    )
    return layout, values, data


@given(_objects(fixed=False))
def test_a_layout_writes_what_the_general_writer_writes(
    case: tuple[ObjectLayout, list[Any], dict[str, Any]],
) -> None:
    layout, values, data = case
    assert layout.write(values) == canonical_json(data)


@given(_objects(fixed=True))
def test_a_layout_with_fixed_members_writes_what_the_general_writer_writes(
    case: tuple[ObjectLayout, list[Any], dict[str, Any]],
) -> None:
    layout, values, data = case
    assert layout.write(values) == canonical_json(data)


def test_the_plain_and_the_escaped_text_member_both_match() -> None:
    layout = ObjectLayout(("b", "a", "%c"), text=("b", "a"))
    for a in ("x", 'say "ya"', "tab\there", "é", "\x7f", "a\\b", "😀"):
        values = ["plain", a, 1.0]
        assert layout.write(values) == canonical_json({"b": "plain", "a": a, "%c": 1.0})


@pytest.mark.parametrize(
    ("bad", "error"),
    [(math.nan, ValueError), ("\ud800", ValueError), (object(), TypeError), (2**1100, ValueError)],
)
@pytest.mark.parametrize("kind", ["value", "text"])
def test_a_layout_refuses_what_the_general_writer_refuses(
    bad: object, error: type[Exception], kind: str
) -> None:
    layout = ObjectLayout(("k", "v"), text=("v",) if kind == "text" else ())
    with pytest.raises(error):
        canonical_json({"k": "x", "v": bad})
    with pytest.raises(error):
        layout.write(("x", bad))


def test_a_layout_is_given_every_value_and_distinct_keys() -> None:
    with pytest.raises(ValueError, match="expected 2 values, got 1"):
        ObjectLayout(("a", "b")).write(("x",))
    with pytest.raises(ValueError, match="differ"):
        ObjectLayout(("a", "a"))
    with pytest.raises(ValueError, match="other keys"):
        ObjectLayout(("a",), text=("b",))
    with pytest.raises(ValueError, match="other keys"):
        ObjectLayout(("a",), text=("a",), written=("a",))
    with pytest.raises(TypeError, match="keys must be text"):
        ObjectLayout((1,))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not valid Unicode"):
        ObjectLayout(("\udfff",))


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
