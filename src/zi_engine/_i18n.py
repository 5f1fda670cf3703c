"""Messages in Bahasa Indonesia and English.

Every message a person reads is written once, in English, where it is raised::

    t("rubric.weight_not_number", "weight must be a number, not {value}", value=show(raw))

``t`` returns a :class:`Text`: a ``str`` in the chosen language that also
carries its stable ``code`` and its ``params``, so a caller can match on the
code (never on the words) and show the same message in another language with
:meth:`Text.in_language`. The translations are gettext catalogs, one per
subpackage, under ``zi_engine/locale/<lang>/LC_MESSAGES/<domain>.mo``; the
message code is the entry's context (``msgctxt``) and the English text its
``msgid``. ``scripts/catalogs.py`` extracts the messages from the source
(Babel), updates the ``.po`` files and compiles them.

The language is, in order: the one set for the current context with
:func:`use_language`, the process default set with :func:`set_language`, the
``ZI_LANG`` environment variable, then English. The command line sets its
default from ``--lang``, ``ZI_LANG`` or the locale, Indonesian when none
says (:func:`language_from_environment`).

Numbers in Indonesian text use the decimal comma and the thousands dot
(``85,46``, ``1.000``), as the regulation prints them: every float or integer
put into a message (``{total:.2f}``, ``{count:,}``, ``{weight}``) is written so.
Quote what the user typed as text (``show(value)``), not as a number, so that
it is shown as typed.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

__all__ = [
    "LANGUAGES",
    "Language",
    "Text",
    "format_number",
    "language",
    "language_from_environment",
    "message_of",
    "set_language",
    "t",
    "use_language",
]

Language = Literal["id", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("id", "en")
"""The languages zi_engine speaks: Bahasa Indonesia and English."""

_context: ContextVar[Language | None] = ContextVar("zi_engine_language", default=None)
_process: list[Language | None] = [None]


def _known(lang: object) -> Language | None:
    """``lang`` as a known language (``"id"``, ``"id_ID.UTF-8"``, ``"EN"``), else ``None``."""
    if not isinstance(lang, str) or not lang:
        return None
    head = lang.strip().replace("-", "_").split("_")[0].split(".")[0].lower()
    if head in ("id", "in", "ind"):  # "in" is the older ISO 639 code for Indonesian
        return "id"
    if head in ("en", "eng"):
        return "en"
    return None


def _checked(lang: str) -> Language:
    known = _known(lang)
    if known is None:
        raise ValueError(
            t(
                "core.unknown_language",
                "unknown language {language}; zi_engine speaks {known}",
                language=repr(lang),
                known=", ".join(LANGUAGES),
            )
        )
    return known


def language() -> Language:
    """The language messages are written in now (see the module's docstring for the order)."""
    return _context.get() or _process[0] or _known(os.environ.get("ZI_LANG")) or "en"


def set_language(lang: str | None) -> None:
    """Set the process's default language (``"id"`` or ``"en"``); ``None`` restores the default."""
    _process[0] = None if lang is None else _checked(lang)


@contextmanager
def use_language(lang: str) -> Iterator[Language]:
    """Write messages in ``lang`` inside the ``with`` block (per thread and per task)."""
    token = _context.set(_checked(lang))
    try:
        yield _context.get() or "en"
    finally:
        _context.reset(token)


def language_from_environment(
    environ: Mapping[str, str] | None = None, default: Language = "id"
) -> Language:
    """The language a command-line user asked for: ``ZI_LANG``, then the locale, then ``default``.

    The locale is read as gettext does: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``, the first that is set; a locale in neither language (``C``,
    ``POSIX``, ``fr_FR``) gives ``default``.
    """
    env = os.environ if environ is None else environ
    chosen = _known(env.get("ZI_LANG"))
    if chosen:
        return chosen
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            # LANGUAGE may list several ("id:en"); the first known one counts
            for part in value.split(":"):
                known = _known(part)
                if known:
                    return known
            return default
    return default


@cache
def _texts(lang: Language) -> dict[str, str]:
    """Every compiled catalog of ``lang`` merged into one look-up (English needs none).

    Keyed as gettext keys a message with a context, ``code + "\\x04" + English text``.
    One dictionary, not gettext's chain of one catalog per subpackage, so a message
    costs one look-up however many catalogs there are.
    """
    merged: dict[str, str] = {}
    if lang == "en":
        return merged
    folder = resources.files("zi_engine").joinpath("locale").joinpath(lang).joinpath("LC_MESSAGES")
    if not folder.is_dir():
        return merged
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".mo"):
            with entry.open("rb") as fp:
                catalog = gettext.GNUTranslations(fp)
            merged.update(
                (key, text)
                for key, text in catalog._catalog.items()  # type: ignore[attr-defined]
                if isinstance(key, str) and "\x04" in key and text
            )
    return merged


def translate(code: str, template: str, lang: Language) -> str:
    """``template``'s text in ``lang`` (``template`` itself when there is no translation)."""
    if lang == "en":
        return template
    return _texts(lang).get(f"{code}\x04{template}", template)


def format_number(value: float | int, spec: str = "", lang: Language | None = None) -> str:
    """``value`` formatted with ``spec``; in Indonesian with a decimal comma and thousands dots.

    >>> format_number(85.456, ".2f", "id")
    '85,46'
    >>> format_number(1000, ",", "id")
    '1.000'
    """
    text = format(value, spec)
    if (lang or language()) != "id":
        return text
    return text.translate(_SWAP)


_SWAP = str.maketrans({",": ".", ".": ","})


class _IndonesianNumber:
    """A number that formats itself with the decimal comma (``{total:.2f}`` → ``85,46``)."""

    __slots__ = ("value",)

    def __init__(self, value: float | int) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        return format_number(self.value, spec, "id")

    def __str__(self) -> str:
        return format_number(self.value, "", "id")

    def __repr__(self) -> str:
        return repr(self.value)


def _fields(values: Mapping[str, object], lang: Language) -> dict[str, object]:
    """``values`` ready for ``str.format_map`` in ``lang``: a message put into another is
    written in ``lang`` too, and numbers in Indonesian take the decimal comma.

    Done once per message, so that formatting is ``str.format_map`` (C code) and not
    a Python-level formatter: messages are built for every criterion of every evaluation.
    """
    out: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, Text):
            out[name] = value.in_language(lang)
        elif lang == "id" and isinstance(value, (int, float)) and not isinstance(value, bool):
            out[name] = _IndonesianNumber(value)
        else:
            out[name] = value
    return out


class Text(str):
    """A message in one language that knows its code and parameters.

    A ``str`` (it prints, compares and joins as its text), with:
    ``code`` – the stable message code (``"rubric.weight_not_number"``);
    ``params`` – the values put into it; ``lang`` – the language it is in.
    """

    __slots__ = ("code", "lang", "params", "template")
    code: str
    template: str
    params: Mapping[str, object]
    lang: Language

    def __new__(
        cls,
        code: str,
        template: str,
        params: Mapping[str, object] | None = None,
        lang: str | None = None,
    ) -> Text:
        chosen: Language = _checked(lang) if lang is not None else language()
        values = dict(params or {})
        wording = translate(code, template, chosen)
        fields = _fields(values, chosen)
        try:
            text = wording.format_map(fields)
        except (KeyError, IndexError, ValueError, AttributeError):
            # a translation that does not fit its parameters: the English one still does
            text = template.format_map(fields)
        self = super().__new__(cls, text)
        self.code = code
        self.template = template
        self.params = values
        self.lang = chosen
        return self

    def in_language(self, lang: str) -> Text:
        """The same message written in ``lang``."""
        if _checked(lang) == self.lang:
            return self
        return Text(self.code, self.template, self.params, lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.code, self.template, dict(self.params), self.lang))


def message_of(exc: BaseException) -> str:
    """An exception's message: the :class:`Text` it was raised with (keeping its code and
    parameters, to be put into another message), else its ``str()``."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Text) else str(exc)


def t(code: str, template: str, /, **params: object) -> Text:
    """The message ``code`` (English ``template``) in the current language, with ``params``.

    ``code`` is stable (``"<area>.<what>"``); ``template`` is the English text
    with ``{name}`` placeholders and is what the catalogs translate. Both must
    be string literals, so the catalog tools find them.
    """
    return Text(code, template, params)
