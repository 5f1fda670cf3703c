"""Object layouts: the canonical writer's fast path for objects whose keys never change.

``ObjectLayout(keys).write(values)`` must be ``canonical_json(dict(zip(keys,
values)))`` to the byte, whatever the keys (any plane, quotes, ``%``) and the
values (nested data, text with anything to escape, text members that are not
text after all), and refuse what the general writer refuses with the same
kind of error.
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
    st.none() | st.booleans() | _NUMBERS | _TEXT | _PLAIN,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_KEYS = st.lists(_TEXT | _PLAIN | st.sampled_from(["%", "%s", "a%%b", "seq"]), unique=True)


@st.composite
def _objects(draw: st.DrawFn) -> tuple[ObjectLayout, list[Any], dict[str, Any]]:
    """A layout, the values to write with it, and the object they stand for."""
    keys = draw(_KEYS.filter(bool))
    kinds = [draw(st.sampled_from(["value", "text", "written"])) for _ in keys]
    values: list[Any] = []
    data: dict[str, Any] = {}
    for key, kind in zip(keys, kinds, strict=True):
        # a text member is usually text, but may be anything at all
        value = draw(_PLAIN | _TEXT | _JSON) if kind == "text" else draw(_JSON)
        data[key] = value
        values.append(canonical_json(value) if kind == "written" else value)
    layout = ObjectLayout(
        keys,
        text=[k for k, kind in zip(keys, kinds, strict=True) if kind == "text"],
        written=[k for k, kind in zip(keys, kinds, strict=True) if kind == "written"],
    )
    return layout, values, data


@given(_objects())
def test_a_layout_writes_what_the_general_writer_writes(
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
