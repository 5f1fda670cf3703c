"""The canonical JSON that audit hashes are taken over: RFC 8785 (JCS), written in one place.

A hash chain is only useful if anyone can recompute it. The text hashed is
the JSON Canonicalization Scheme of RFC 8785, which libraries in PHP, Java,
JavaScript, Go and .NET implement, and which ``docs/lifecycle.md`` spells out
byte for byte with a worked example:

* no whitespace; object members sorted by their keys' UTF-16 code units;
* strings with only ``"``, ``\\`` and the control characters U+0000–U+001F
  escaped (``\\b \\t \\n \\f \\r`` by name, the rest as ``\\u00xx``, lowercase
  hex), everything else – non-ASCII included – as UTF-8 itself;
* numbers as ECMAScript writes a double: ``82.5``, ``82`` (never ``82.0``),
  ``0.000001``, ``1e-7``, ``1e+21``; an integer as the double nearest to it
  (exactly itself within ±(2^53 − 1)), as every verifier reads it;
* ``true``, ``false``, ``null``.

Text that is not valid Unicode (a lone surrogate, which ``json.loads``
accepts) and NaN or infinity have no canonical form: they are refused with
a ``ValueError``, so nothing unverifiable is ever hashed.

:func:`version1_json` is the text of format version 1 (the standard
library's ``json.dumps`` with sorted keys), kept only to verify records
written before version 2; it differs from JCS in how it writes floats
(``82.0``, ``1e-05``) and in sorting non-BMP keys.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from operator import itemgetter
from types import MappingProxyType
from typing import Any

__all__ = [
    "MAX_EXACT_INTEGER",
    "ObjectLayout",
    "canonical_hash",
    "canonical_json",
    "es_number",
    "sha256_hex",
    "version1_json",
]

MAX_EXACT_INTEGER = 2**53 - 1  # I-JSON (RFC 7493): the integers every double-based reader keeps

_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')
_ESCAPES = {chr(code): f"\\u{code:04x}" for code in range(0x20)} | {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def canonical_json(value: object) -> str:
    """``value`` (dicts, lists, text, numbers, booleans, ``None``) as RFC 8785 canonical JSON.

    Raises ``TypeError`` for anything else (and for keys that are not text),
    ``ValueError`` for text that is not valid Unicode, NaN, infinity and
    integers too large for a double.
    """
    return _value(value)


def canonical_hash(value: object) -> str:
    """SHA-256 (lowercase hex) of ``value``'s canonical JSON, UTF-8 encoded."""
    return sha256_hex(_value(value))


def sha256_hex(text: str) -> str:
    """SHA-256 (lowercase hex) of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version1_json(value: object) -> str:
    """The canonical text of format version 1, to verify records written under it.

    ``json.dumps`` with keys sorted by code point, no spaces, non-ASCII kept
    and NaN refused; floats as Python writes them (``82.0``, ``1e-05``).
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _value(value: object) -> str:
    write = _WRITERS.get(type(value))
    if write is not None:
        return write(value)
    # subclasses (IntEnum, MappingProxyType, …) count as their base type
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(str.__str__(value))
    if isinstance(value, int):
        return _integer(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, Mapping):
        return _object(value)
    if isinstance(value, (list, tuple)):
        return _array(value)
    raise TypeError(f"{type(value).__name__} is not JSON data")


class ObjectLayout:
    """The canonical JSON of objects that have the same keys every time, laid out once.

    An audit record has the same ten members in every record: sorting and
    checking its keys, and looking up a writer for every member, is work
    :func:`canonical_json` would repeat on each of them. A layout does it
    once, with this module's own rules (keys written by the string writer,
    ordered by their UTF-16 code units), and keeps a template that
    :meth:`write` fills in with the members' canonical texts.

    ``write(values)`` takes the values in the order ``keys`` were given and
    returns exactly ``canonical_json(dict(zip(keys, values)))``
    (``tests/test_canonical_layout.py`` holds the two equal on generated
    values), with two hints:

    * ``text``: members that are usually text. All of them are checked at
      once for anything to escape; when there is nothing (the usual case),
      the template's own quotes enclose them. Otherwise, or when one is not
      text, every member is written the general way.
    * ``written``: members passed as their canonical text already – the
      output of :func:`canonical_json` or of another layout, kept for an
      object many records share (an actor) – put in as they are.

    ``fixed``: members whose values are the same in every object written
    with this layout (the trigger and states of one move), written once
    into the template; ``write`` then returns
    ``canonical_json(dict(zip(keys, values)) | fixed)``.
    """

    __slots__ = (
        "_fast", "_general", "_in_order", "_size", "_slots", "_str_types", "_text_at", "_texts",
        "_value_at", "_written_at", "keys",
    )  # fmt: skip

    def __init__(
        self,
        keys: Sequence[str],
        *,
        text: Collection[str] = (),
        written: Collection[str] = (),
        fixed: Mapping[str, object] | None = None,
    ) -> None:
        members = fixed or {}
        if len(set(keys)) != len(keys) or set(keys) & set(members):
            raise ValueError("a layout's keys must differ from each other")
        unknown = (set(text) | set(written)) - set(keys)
        if unknown or set(text) & set(written):
            raise ValueError(f"text and written name other keys, or the same: {sorted(unknown)}")
        self.keys = tuple(keys)
        # every member, the fixed ones too, in the object's order: a fixed member is its
        # canonical text, written now by the general writer (so refused now if it has none)
        every = [(key, i) for i, key in enumerate(keys)] + [(key, -1) for key in members]
        every.sort(key=lambda member: _utf16(_checked_key(member[0])))
        # per member that is not fixed, in the object's order: where its value is, how written
        self._slots = tuple(
            (i, _TEXT if keys[i] in text else _WRITTEN if keys[i] in written else _VALUE)
            for _, i in every
            if i >= 0
        )
        self._text_at = tuple(i for i in range(len(keys)) if keys[i] in text)
        self._size = len(keys)
        # C-speed gathering: the text members' values, and every member's value in the
        # object's order; then which of those the value writer writes (fast and general)
        self._texts = _getter(self._text_at)
        self._str_types = (str,) * len(self._text_at)
        self._in_order = _getter(tuple(i for i, _ in self._slots))
        self._value_at = tuple(j for j, (_, kind) in enumerate(self._slots) if kind == _VALUE)
        self._written_at = tuple(j for j, (_, kind) in enumerate(self._slots) if kind != _WRITTEN)
        # "%" in a key or a fixed member would be read as a conversion: doubled, it is one "%"
        general, fast = [], []
        for key, i in every:
            name = _string(key).replace("%", "%%")
            if i < 0:
                member = f"{name}:" + _value(members[key]).replace("%", "%%")
                general.append(member)
                fast.append(member)
            else:
                general.append(f"{name}:%s")
                fast.append(f'{name}:"%s"' if keys[i] in text else f"{name}:%s")
        self._general = "{" + ",".join(general) + "}"
        self._fast = "{" + ",".join(fast) + "}"

    def write(self, values: Sequence[Any]) -> str:
        """The canonical JSON of the object whose members are ``values`` (in ``keys`` order)."""
        if len(values) != self._size:
            raise ValueError(f"expected {self._size} values, got {len(values)}")
        texts = self._texts(values)
        if tuple(map(type, texts)) == self._str_types:  # every text member is text (not a
            joined = "".join(texts)  # subclass, which "%s" might write as something else)
            plain = (
                joined.isascii()
                and joined.isprintable()
                and '"' not in joined
                and "\\" not in joined
            )  # nothing to escape in any of them, checked at C speed
        else:
            plain = False
        members = list(self._in_order(values))
        if plain:
            template = self._fast
            for j in self._value_at:
                value = members[j]  # null (no reason, no evaluation) without a call
                members[j] = "null" if value is None else _value(value)
        else:
            template = self._general
            for j in self._written_at:
                members[j] = _value(members[j])
        return template % tuple(members)


def _getter(indices: tuple[int, ...]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """``values -> tuple(values[i] for i in indices)``, in C where it can be."""
    if len(indices) > 1:
        return itemgetter(*indices)
    if indices:
        only = indices[0]
        return lambda values: (values[only],)
    return lambda values: ()


_VALUE, _TEXT, _WRITTEN = 0, 1, 2  # how a layout's member is written (see ObjectLayout)


def _checked_key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"object keys must be text, got {type(key).__name__}")
    if not key.isascii():
        _require_unicode(key)
    return key


def _string(text: str) -> str:
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # nothing to escape (the usual case, checked at C speed)
    if not text.isascii():
        _require_unicode(text)
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _require_unicode(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"text contains {text[exc.start]!r} at position {exc.start}, which is not "
            "valid Unicode and has no canonical JSON form"
        ) from None


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def _object(members: Mapping[Any, Any]) -> str:
    if not members:
        return "{}"
    keys = list(members)
    try:
        joined = "".join(keys)
    except TypeError:
        bad = next(k for k in keys if not isinstance(k, str))
        raise TypeError(f"object keys must be text, got {type(bad).__name__}") from None
    if joined.isascii():
        keys.sort()
    else:  # code-point order differs from UTF-16 order only past U+FFFF; sort as RFC 8785 says
        _require_unicode(joined)
        keys.sort(key=_utf16)
    if not (joined.isprintable() and '"' not in joined and "\\" not in joined):
        # a key to escape (or a control character, DEL, non-ASCII): rare, so the plain way
        return "{" + ",".join([f"{_string(k)}:{_value(members[k])}" for k in keys]) + "}"
    out = []
    for key in keys:  # one look at all the keys above; the commonest members inline below
        value = members[key]
        if (
            type(value) is str
            and value.isascii()
            and value.isprintable()
            and '"' not in value
            and "\\" not in value
        ):
            out.append(f'"{key}":"{value}"')
        elif value is None:
            out.append(f'"{key}":null')
        elif type(value) is dict:
            out.append(f'"{key}":{_object(value)}')
        else:
            out.append(f'"{key}":{_value(value)}')
    return "{" + ",".join(out) + "}"


def _utf16(key: str) -> bytes:
    return key.encode("utf-16-be")


def _array(items: list[Any] | tuple[Any, ...]) -> str:
    return "[" + ",".join([_value(item) for item in items]) + "]"


def _null(_: None) -> str:
    return "null"


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def _integer(value: int) -> str:
    if -MAX_EXACT_INTEGER <= value <= MAX_EXACT_INTEGER:
        return int.__repr__(value)
    # past 2**53 a JSON number is the double nearest to it, as every RFC 8785 verifier
    # reads it: 2**60 → "1152921504606847000", 2**53 + 1 → "9007199254740992"
    try:
        return _number(float(value))
    except OverflowError:
        bits = value.bit_length()
        raise ValueError(f"an integer of {bits} bits is too large for a JSON number") from None


def _number(value: float) -> str:
    """ECMAScript's ``Number.prototype.toString`` of a double (RFC 8785 §3.2.2.3)."""
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not a JSON number")
    if value.is_integer():
        if -9007199254740992.0 <= value <= 9007199254740992.0:
            return int.__repr__(int(value))  # 82.0 → "82", -0.0 → "0"
        return es_number(value)
    if 1e-4 <= abs(value) < 1e16:
        # a fraction in this range: Python's repr is already the shortest round-trip digits in
        # plain notation, as ECMAScript writes it (exponents begin below 1e-6 and past 1e21)
        return float.__repr__(value)
    return es_number(value)


def es_number(value: float) -> str:
    """ECMAScript's formatting of a finite, non-zero double, from its shortest digits.

    Python's ``repr`` gives the shortest digit string that reads back as the
    same double (and the closest such string), which is the digit string
    ECMAScript's algorithm chooses; only the layout differs, rebuilt here.
    """
    text = float.__repr__(abs(value))
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    # value = 0.DIGITS × 10**point
    point = len(whole) + int(exponent or "0") - (len(whole) + len(fraction) - len(digits))
    digits = digits.rstrip("0")
    size = len(digits)
    sign = "-" if value < 0 else ""
    if size <= point <= 21:
        return sign + digits + "0" * (point - size)
    if 0 < point <= 21:
        return f"{sign}{digits[:point]}.{digits[point:]}"
    if -6 < point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    shift = point - 1
    power = f"e+{shift}" if shift >= 0 else f"e-{-shift}"
    if size == 1:
        return sign + digits + power
    return f"{sign}{digits[0]}.{digits[1:]}{power}"


_WRITERS: dict[type, Callable[[Any], str]] = {
    str: _string,
    type(None): _null,
    bool: _boolean,
    dict: _object,
    int: _integer,
    float: _number,
    list: _array,
    tuple: _array,
    MappingProxyType: _object,  # how records hold their details
}
