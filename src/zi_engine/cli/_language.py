"""The command line's language: ``--lang``, then ``ZI_LANG``, then the locale, Indonesian.

Every parser of ``zi-engine`` is a :class:`Parser`: its help headings, its ``-h`` and
``--lang`` options and its usage errors are written with :func:`~zi_engine._i18n.t`, so
``zi-engine --lang en score --help`` and a mistyped flag read in the language chosen.
argparse's own error sentences carry no code to translate by; the few it writes (an
invalid choice, a missing or unknown argument) are recognised by their form and written
again with ours, and any other is shown as argparse wrote it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from zi_engine._i18n import LANGUAGES, Language, Text, language_from_environment, t

__all__ = ["Parser", "chosen_language"]


def chosen_language(argv: Sequence[str]) -> Language:
    """The language ``argv`` asks for with ``--lang``, else the environment's (Indonesian).

    Read before the arguments are parsed, because the parser's own texts (help, usage
    errors) are written in it. An unknown ``--lang`` value is left to the parser to refuse.
    """
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
        if value in LANGUAGES:
            return value
    return language_from_environment()


class _Formatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        if prefix is None:
            prefix = t("cli.usage_prefix", "usage: ")
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """An argument parser whose own texts are in the chosen language (subcommands too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # our own -h below, with its help in the language chosen
        super().__init__(*args, **kwargs)
        self._positionals.title = t("cli.positional_heading", "positional arguments")
        self._optionals.title = t("cli.options_heading", "options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=t("cli.help_option", "show this help message and exit"),
            )
        # accepted on every command, so `zi-engine score FILE --lang en` works as well as
        # `zi-engine --lang en score FILE`; the language itself is read before parsing
        self.add_argument(
            "--lang",
            choices=LANGUAGES,
            default=argparse.SUPPRESS,
            help=t(
                "cli.lang_option",
                "the language of messages and reports: id (Bahasa Indonesia, the default) "
                "or en; else ZI_LANG or the locale",
            ),
        )

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in the chosen language; exit with status 2."""
        self.print_usage(sys.stderr)
        line = t(
            "cli.usage_error", "{prog}: error: {message}", prog=self.prog, message=_said(message)
        )
        self.exit(2, f"{line}\n")


def _said(message: str) -> str:
    """argparse's English ``message`` in the chosen language (as it was when unknown)."""
    if isinstance(message, Text):
        return message
    for pattern, write in _ARGPARSE:
        found = pattern.fullmatch(message)
        if found:
            return write(found)
    return message


def _argument(found: re.Match[str]) -> str:
    return t(
        "cli.argument_error",
        "argument {argument}: {message}",
        argument=found["argument"],
        message=_said(found["message"]),
    )


def _invalid_value(found: re.Match[str]) -> str:
    if found["type"] == "int":
        return t("cli.not_whole_number", "{value} is not a whole number", value=found["value"])
    return t(
        "cli.invalid_value",
        "invalid {type} value: {value}",
        type=found["type"],
        value=found["value"],
    )


_ARGPARSE: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"argument (?P<argument>[^:]+): (?P<message>.*)", re.S), _argument),
    (
        re.compile(r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", re.S),
        lambda m: t(
            "cli.invalid_choice",
            "{value} is not one of the choices; choose from {choices}",
            value=m["value"],
            choices=m["choices"],
        ),
    ),
    (re.compile(r"invalid (?P<type>\w+) value: (?P<value>.*)", re.S), _invalid_value),
    (
        re.compile(r"the following arguments are required: (?P<names>.*)", re.S),
        lambda m: t(
            "cli.arguments_required",
            "these arguments are required: {names}",
            names=m["names"],
        ),
    ),
    (
        re.compile(r"unrecognized arguments: (?P<names>.*)", re.S),
        lambda m: t(
            "cli.unknown_arguments",
            "unknown arguments: {names} (see --help for what this command takes)",
            names=m["names"],
        ),
    ),
    (
        re.compile(r"expected one argument"),
        lambda m: t("cli.expected_one", "a value is expected after it"),
    ),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", re.S),
        lambda m: t(
            "cli.ambiguous_option",
            "{option} is ambiguous: it could be {matches}; write the option in full",
            option=m["option"],
            matches=m["matches"],
        ),
    ),
)
