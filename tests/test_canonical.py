"""The one canonical writer: RFC 8785 (JCS), checked against the RFC's own examples.

Golden values are RFC 8785's: the number samples of its Appendix B (IEEE 754
bits → text) and the rules of its §3.2.2 (strings) and §3.2.3 (sorting by
UTF-16 code units). Properties: the text parses back to the same data, writing
it again changes nothing (a verifier that parses a stored record and
canonicalizes it gets the same bytes), and for data without floats and with
keys inside the BMP it is exactly the standard library's sorted ``json.dumps``
– the text format version 1 hashed, which is why genesis hashes are the same
in both versions.
"""

from __future__ import annotations

import json
import struct
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zi_engine._canonical import (
    MAX_EXACT_INTEGER,
    canonical_hash,
    canonical_json,
    es_number,
    version1_json,
)

# RFC 8785 Appendix B: IEEE 754 double (hex bits) → canonical text
APPENDIX_B = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),  # minus zero
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]
APPENDIX_B_REFUSED = ["7fffffffffffffff", "7ff0000000000000", "fff0000000000000"]  # NaN, ±∞


def _double(bits: str) -> float:
    value: float = struct.unpack(">d", bytes.fromhex(bits))[0]
    return value


@pytest.mark.parametrize(("bits", "text"), APPENDIX_B)
def test_numbers_are_written_as_rfc_8785_appendix_b_writes_them(bits: str, text: str) -> None:
    assert canonical_json(_double(bits)) == text
    if _double(bits) != 0:
        assert es_number(_double(bits)) == text  # the general layout, without the short cuts


@pytest.mark.parametrize("bits", APPENDIX_B_REFUSED)
def test_nan_and_infinity_have_no_canonical_form(bits: str) -> None:
    with pytest.raises(ValueError, match="is not a JSON number"):
        canonical_json({"total": _double(bits)})


def test_whole_floats_are_written_without_a_fraction_unlike_version_1() -> None:
    assert canonical_json({"total": 82.0}) == '{"total":82}'
    assert version1_json({"total": 82.0}) == '{"total":82.0}'
    assert canonical_json(1e-5) == "0.00001"
    assert version1_json(1e-5) == "1e-05"


def test_strings_escape_only_quote_backslash_and_control_characters() -> None:
    """RFC 8785 §3.2.2.2: the short escapes by name, other controls as lowercase \\u00xx;
    everything else (DEL, non-ASCII, U+2028) as itself."""
    text = '"\\/\b\f\n\r\t\x00\x1f\x7f€\u2028😀'
    assert canonical_json(text) == '"\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\x7f€\u2028😀"'


def test_members_are_sorted_by_utf_16_code_units() -> None:
    """RFC 8785 §3.2.3: U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB33
    (code-point order would put it after); digits and upper case before lower case."""
    data = {"\ufb33": 3, "\U0001f600": 2, "b": 1, "B": 0, "1": -1, "\u00e9": 4}
    assert canonical_json(data) == '{"1":-1,"B":0,"b":1,"\u00e9":4,"\U0001f600":2,"\ufb33":3}'
    assert list(json.loads(version1_json(data)))[-2:] == ["\ufb33", "\U0001f600"]


def test_what_has_no_canonical_form_is_refused() -> None:
    with pytest.raises(ValueError, match=r"contains '\\ud800' at position 2, which is not valid"):
        canonical_json({"reason": "ab\ud800"})
    with pytest.raises(ValueError, match="an integer of 1329 bits is too large"):
        canonical_json(10**400)
    assert canonical_json(-MAX_EXACT_INTEGER) == "-9007199254740991"
    # past 2**53 an integer is the double nearest to it, as any RFC 8785 verifier reads it
    assert canonical_json(2**60) == "1152921504606847000"
    assert canonical_json(MAX_EXACT_INTEGER + 2) == "9007199254740992"
    with pytest.raises(TypeError, match="object keys must be text, got int"):
        canonical_json({1: "x"})
    with pytest.raises(TypeError, match="set is not JSON data"):
        canonical_json({"x": {1}})


def test_subclasses_are_written_as_their_base_type() -> None:
    from enum import IntEnum
    from types import MappingProxyType

    class Level(IntEnum):
        THREE = 3

    class Name(str):
        def __str__(self) -> str:
            return "something else"

    data = MappingProxyType({"level": Level.THREE, "name": Name("tpi"), "ok": (True, None)})
    assert canonical_json(data) == '{"level":3,"name":"tpi","ok":[true,null]}'


_TEXT = st.text(st.characters(codec="utf-8"), max_size=10)  # valid Unicode, any plane
_NUMBERS = st.integers(-MAX_EXACT_INTEGER, MAX_EXACT_INTEGER) | st.floats(
    allow_nan=False, allow_infinity=False
)
_JSON = st.recursive(
    st.none() | st.booleans() | _NUMBERS | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=16,
)


@given(_JSON)
def test_the_text_reads_back_as_the_same_data_and_is_a_fixed_point(value: Any) -> None:
    """Read as a verifier reads JSON (numbers as doubles), the text is the data; and
    canonicalizing what was read gives the same text, as a verifier that parses a stored
    record and writes it again must get."""
    text = canonical_json(value)
    assert _doubles(json.loads(text)) == _doubles(value)
    assert canonical_json(json.loads(text)) == text


def _doubles(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _doubles(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_doubles(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_double_reads_back_exactly_and_takes_the_short_cuts_correctly(x: float) -> None:
    text = canonical_json(x)
    assert float(text) == x
    if x != 0:
        assert text == es_number(x)
    assert ("e" in text) == (x != 0 and not 1e-6 <= abs(x) < 1e21)


_BMP_KEYS = st.text(st.characters(codec="utf-8", max_codepoint=0xFFFF), max_size=8)
_NO_FLOATS = st.recursive(
    st.none() | st.booleans() | st.integers(-MAX_EXACT_INTEGER, MAX_EXACT_INTEGER) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_BMP_KEYS, inner, max_size=4),
    max_leaves=16,
)


@given(_NO_FLOATS)
def test_without_floats_or_keys_past_the_bmp_version_1_wrote_the_same_text(value: Any) -> None:
    """So a genesis hash (text, a flag and null, ASCII keys) is the same in both versions."""
    assert canonical_json(value) == version1_json(value)


def test_hashes_are_sha_256_of_the_utf_8_text() -> None:
    # "é" is two bytes in UTF-8: the hash covers the bytes (value from sha256sum)
    assert canonical_hash({"a": "é"}) == (
        "b3a092a6af48807fa9482b2ee140105575daa26d5b24b3c0e60a7e2dee6683b1"
    )
