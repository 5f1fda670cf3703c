"""pydantic's validation errors in our words, in either language, chosen by their error type.

pydantic writes its messages in English only, and for programmers ("unable to
parse string as an integer"). Each error comes with a stable ``type`` and its
``ctx`` (the bound ``ge``, the ``max_length``, the ``expected`` literals), so
the message is rebuilt from those – never by matching pydantic's English
text, which changes between releases. Every type our models can produce has a
message of its own; any other falls back to pydantic's text under one code,
``pydantic.other``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from zi_engine._i18n import Text, t
from zi_engine._text import show

__all__ = ["describe", "pydantic_text"]

Ctx = Mapping[str, Any]
_Build = Callable[[Ctx, str], Text]


def _bound(value: Any) -> Any:
    """A bound as pydantic shows it: ``100.0`` is ``100`` (numbers stay numbers, so that
    Indonesian text writes them with a decimal comma)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _choices(expected: object) -> Text | str:
    """pydantic's ``"'a', 'b' or 'c'"`` with its last ``or`` in the current language."""
    text = str(expected)
    head, sep, last = text.rpartition(" or ")
    if not sep:
        return text
    return t("pydantic.choices", "{choices} or {last}", choices=head, last=last)


def describe(value: Any) -> Text:
    """What ``value`` is, in words, for "expected X, got Y" messages."""
    if isinstance(value, str):
        return t("pydantic.got_text", "the text {text}", text=repr(value[:40]))
    if isinstance(value, list):
        return t("pydantic.got_list", "a list")
    if value is None:
        return t("pydantic.got_nothing", "nothing")
    if isinstance(value, bool):
        return t("pydantic.got_flag", "{flag}", flag=str(value).lower())
    if isinstance(value, (int, float)):
        return t("pydantic.got_number", "the number {number}", number=repr(value))
    return t("pydantic.got_other", "{kind}", kind=type(value).__name__)


def _length_limit(ctx: Ctx, key: str) -> int:
    return int(ctx.get(key, 0))


_BY_TYPE: dict[str, _Build] = {
    # numbers: bounds and parsing
    "greater_than": lambda c, v: t(
        "pydantic.greater_than",
        "input should be greater than {gt}, got {value}",
        gt=_bound(c.get("gt")),
        value=v,
    ),
    "greater_than_equal": lambda c, v: t(
        "pydantic.greater_than_equal",
        "input should be greater than or equal to {ge}, got {value}",
        ge=_bound(c.get("ge")),
        value=v,
    ),
    "less_than": lambda c, v: t(
        "pydantic.less_than",
        "input should be less than {lt}, got {value}",
        lt=_bound(c.get("lt")),
        value=v,
    ),
    "less_than_equal": lambda c, v: t(
        "pydantic.less_than_equal",
        "input should be less than or equal to {le}, got {value}",
        le=_bound(c.get("le")),
        value=v,
    ),
    "multiple_of": lambda c, v: t(
        "pydantic.multiple_of",
        "input should be a multiple of {multiple_of}, got {value}",
        multiple_of=_bound(c.get("multiple_of")),
        value=v,
    ),
    "finite_number": lambda c, v: t(
        "pydantic.finite_number", "input should be a finite number, got {value}", value=v
    ),
    "int_parsing": lambda c, v: t(
        "pydantic.int_parsing",
        "input should be a valid integer (a whole number such as 2025), got {value}",
        value=v,
    ),
    "int_type": lambda c, v: t(
        "pydantic.int_type",
        "input should be a valid integer (a whole number such as 2025), got {value}",
        value=v,
    ),
    "int_from_float": lambda c, v: t(
        "pydantic.int_from_float",
        "input should be a valid integer, got a number with a fractional part: {value}",
        value=v,
    ),
    "int_parsing_size": lambda c, v: t(
        "pydantic.int_parsing_size", "input should be a smaller integer, got {value}", value=v
    ),
    "float_parsing": lambda c, v: t(
        "pydantic.float_parsing",
        "input should be a valid number (such as 85.5), got {value}",
        value=v,
    ),
    "float_type": lambda c, v: t(
        "pydantic.float_type",
        "input should be a valid number (such as 85.5), got {value}",
        value=v,
    ),
    # yes/no
    "bool_parsing": lambda c, v: t(
        "pydantic.bool_parsing",
        "input should be a valid boolean (true or false), got {value}",
        value=v,
    ),
    "bool_type": lambda c, v: t(
        "pydantic.bool_type",
        "input should be a valid boolean (true or false), got {value}",
        value=v,
    ),
    # dates and times
    "date_parsing": lambda c, v: t(
        "pydantic.date_parsing",
        "input should be a valid date written YYYY-MM-DD (e.g. 2025-06-30), got {value}",
        value=v,
    ),
    "date_from_datetime_parsing": lambda c, v: t(
        "pydantic.date_from_datetime_parsing",
        "input should be a valid date written YYYY-MM-DD (e.g. 2025-06-30), got {value}",
        value=v,
    ),
    "date_type": lambda c, v: t(
        "pydantic.date_type",
        "input should be a valid date written YYYY-MM-DD (e.g. 2025-06-30), got {value}",
        value=v,
    ),
    "date_from_datetime_inexact": lambda c, v: t(
        "pydantic.date_from_datetime_inexact",
        "a date has no time of day: write it YYYY-MM-DD (e.g. 2025-06-30), got {value}",
        value=v,
    ),
    "datetime_parsing": lambda c, v: t(
        "pydantic.datetime_parsing",
        "input should be a valid date and time such as 2025-06-30T09:00:00+07:00, got {value}",
        value=v,
    ),
    "datetime_type": lambda c, v: t(
        "pydantic.datetime_type",
        "input should be a valid date and time such as 2025-06-30T09:00:00+07:00, got {value}",
        value=v,
    ),
    "datetime_from_date_parsing": lambda c, v: t(
        "pydantic.datetime_from_date_parsing",
        "input should be a valid date and time such as 2025-06-30T09:00:00+07:00, got {value}",
        value=v,
    ),
    "timezone_aware": lambda c, v: t(
        "pydantic.timezone_aware",
        "the time needs its time zone (such as +07:00 for WIB), got {value}",
        value=v,
    ),
    # text
    "string_type": lambda c, v: t("pydantic.string_type", "input should be a valid string"),
    "string_unicode": lambda c, v: t(
        "pydantic.string_unicode", "input should be a valid string, unable to read it as Unicode"
    ),
    "string_too_short": lambda c, v: (
        t("pydantic.string_too_short_one", "string should have at least 1 character")
        if _length_limit(c, "min_length") == 1
        else t(
            "pydantic.string_too_short",
            "string should have at least {min_length} characters",
            min_length=_length_limit(c, "min_length"),
        )
    ),
    "string_too_long": lambda c, v: (
        t("pydantic.string_too_long_one", "string should have at most 1 character")
        if _length_limit(c, "max_length") == 1
        else t(
            "pydantic.string_too_long",
            "string should have at most {max_length} characters",
            max_length=_length_limit(c, "max_length"),
        )
    ),
    "string_pattern_mismatch": lambda c, v: t(
        "pydantic.string_pattern_mismatch",
        "{value} does not have the required form (pattern {pattern})",
        value=v,
        pattern=str(c.get("pattern", "")),
    ),
    # choices
    "literal_error": lambda c, v: t(
        "pydantic.literal_error",
        "input should be {expected}, got {value}",
        expected=_choices(c.get("expected", "")),
        value=v,
    ),
    "enum": lambda c, v: t(
        "pydantic.enum", "input should be {expected}", expected=_choices(c.get("expected", ""))
    ),
    "union_tag_invalid": lambda c, v: t(
        "pydantic.union_tag_invalid",
        "{discriminator} {tag} is not one of the known kinds: {expected_tags}",
        discriminator=str(c.get("discriminator", "")),
        tag=repr(str(c.get("tag", ""))),
        expected_tags=str(c.get("expected_tags", "")),
    ),
    "union_tag_not_found": lambda c, v: t(
        "pydantic.union_tag_not_found",
        "the field {discriminator} is needed to tell what kind of entry this is",
        discriminator=str(c.get("discriminator", "")),
    ),
    "none_required": lambda c, v: t(
        "pydantic.none_required", "input should be empty (null), got {value}", value=v
    ),
    # lists
    "too_short": lambda c, v: t(
        "pydantic.too_short",
        "should have at least {min_length} item(s), not {actual_length}",
        min_length=_length_limit(c, "min_length"),
        actual_length=_length_limit(c, "actual_length"),
    ),
    "too_long": lambda c, v: t(
        "pydantic.too_long",
        "should have at most {max_length} item(s), not {actual_length}",
        max_length=_length_limit(c, "max_length"),
        actual_length=_length_limit(c, "actual_length"),
    ),
    "json_invalid": lambda c, v: t(
        "pydantic.json_invalid", "invalid JSON: {error}", error=str(c.get("error", ""))
    ),
    "frozen_instance": lambda c, v: t(
        "pydantic.frozen_instance", "this record cannot be changed once made"
    ),
    "frozen_field": lambda c, v: t("pydantic.frozen_field", "this field cannot be changed"),
}

_CONTAINERS: dict[str, _Build] = {
    "dict_type": lambda c, v: t(
        "pydantic.dict_type", "expected a mapping of 'key: value' lines, got {what}", what=v
    ),
    "list_type": lambda c, v: t(
        "pydantic.list_type", "expected a list ('- ' items), got {what}", what=v
    ),
}
_CONTAINERS["model_type"] = _CONTAINERS["dict_type"]
_CONTAINERS["model_attributes_type"] = _CONTAINERS["dict_type"]
_CONTAINERS["mapping_type"] = _CONTAINERS["dict_type"]
_CONTAINERS["tuple_type"] = _CONTAINERS["list_type"]
_CONTAINERS["set_type"] = _CONTAINERS["list_type"]
_CONTAINERS["frozen_set_type"] = _CONTAINERS["list_type"]

_DATE_TYPES = frozenset({"date_parsing", "date_from_datetime_parsing"})
_DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

KNOWN_TYPES = frozenset(_BY_TYPE) | frozenset(_CONTAINERS) | {"value_error", "assertion_error"}
"""The pydantic error types with a message of their own (``missing`` and
``extra_forbidden`` are worded by the collector, which knows the field names)."""


def pydantic_text(err: Mapping[str, Any]) -> Text:
    """The message for one of pydantic's errors (an item of ``ValidationError.errors()``)."""
    kind = str(err["type"])
    ctx: Ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind in ("value_error", "assertion_error"):
        # our own validators raise ValueError(t(...)): keep that message and its code
        raised = ctx.get("error")
        first = raised.args[0] if isinstance(raised, BaseException) and raised.args else None
        if isinstance(first, Text):
            return first
    if kind in _DATE_TYPES and isinstance(value, str) and _DATE_FORM.match(value.strip()):
        # written as a date should be, but no such day: 2026-02-30, 2025-13-01
        return t(
            "pydantic.date_not_on_calendar",
            "{value} is written as a date but there is no such day; check the month"
            " (01-12) and the day",
            value=show(value),
        )
    build = _CONTAINERS.get(kind)
    if build is not None:
        return build(ctx, describe(value))
    build = _BY_TYPE.get(kind)
    if build is not None:
        return build(ctx, show(value))
    return t("pydantic.other", "{message}", message=_pydantic_own(err))


def _pydantic_own(err: Mapping[str, Any]) -> str:
    """pydantic's own English message, trimmed, for the error types we do not word."""
    msg = str(err.get("msg", ""))
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    msg = msg[:1].lower() + msg[1:]
    if len(msg) > 300:  # pydantic quotes inputs in some messages
        msg = msg[:299] + "…"
    return msg
