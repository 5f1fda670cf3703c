"""The library's error types.

Every error zi_engine raises on bad input is a :class:`ZiError`. Errors about
files carry a list of :class:`Problem` s, each pointing at a file, line and
column, so a command-line front end can print them one per line and a caller
can show them next to the offending text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from zi_engine._i18n import Text, t

__all__ = [
    "PluginError",
    "Problem",
    "RubricError",
    "SubmissionError",
    "UsageError",
    "ZiError",
    "plugin_failed",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located as precisely as is known.

    ``line`` and ``column`` are 1-based; either may be ``None`` when the
    problem has no single place (a weight sum, a missing file). ``path`` is the
    dotted location of the field inside the document (``areas.0.weight``).
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str = ""

    @property
    def code(self) -> str | None:
        """The message's stable code (``"rubric.unknown_field"``), when it has one."""
        return self.message.code if isinstance(self.message, Text) else None

    def in_language(self, lang: str) -> Problem:
        """The same problem with its message written in ``lang`` (``"id"`` or ``"en"``)."""
        if isinstance(self.message, Text):
            return replace(self, message=self.message.in_language(lang))
        return self

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


MAX_SHOWN = 100
"""Problems an error's message (and the command line) shows; past that, how many more."""


def shown_problems(problems: Sequence[Problem], limit: int = MAX_SHOWN) -> list[str]:
    """The first ``limit`` problems as lines, then one line counting the rest.

    A file with a million mistakes must not become a million-line message.
    """
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(
            t(
                "errors.more_problems",
                "... and {more:,} more problems ({total:,} in all)",
                more=len(problems) - limit,
                total=len(problems),
            )
        )
    return lines


class ZiError(Exception):
    """Base class of every error zi_engine raises on purpose.

    Its message is in the language chosen when it was raised (see
    :func:`zi_engine.use_language`); :attr:`code` is the stable code of that
    message, for callers that act on a kind of error rather than its words.
    """

    @property
    def code(self) -> str | None:
        """The stable code of the (first) message, when it has one."""
        first = self.args[0] if self.args else None
        problems = getattr(self, "problems", None)
        if problems:
            return problems[0].code  # type: ignore[no-any-return]
        return first.code if isinstance(first, Text) else None


class _ProblemsError(ZiError):
    """An error made of one or more located :class:`Problem` s."""

    def __init__(self, problems: Iterable[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: Sequence[Problem] = tuple(problems)
        super().__init__("\n".join(shown_problems(self.problems)))


class RubricError(_ProblemsError):
    """A rubric (or a file of one) could not be read or is not valid."""


class SubmissionError(_ProblemsError):
    """A submission (a unit's answers and facts) could not be read or is not valid."""


class PluginError(ZiError):
    """A plugin failed to load, two plugins claim the same name, or a plugin's hook failed.

    A hook that raises or answers with the wrong type is reported naming the
    plugin and the hook (the plugin's exception is the ``__cause__``), so a
    user is not told it is a bug in zi_engine.
    """


def plugin_failed(plugin: str, hook: str, problem: BaseException | str) -> PluginError:
    """The :class:`PluginError` for ``plugin``'s ``hook`` that raised or answered wrongly.

    ``hook`` names what failed (a hook's name, or a :func:`~zi_engine._i18n.t` phrase
    such as "criterion kind 'x' (criterion 'y' of WBK)"); ``problem`` is the
    exception the plugin raised or what was wrong with its answer.
    """
    if isinstance(problem, BaseException):
        text = str(problem)
        if len(text) > 300:  # a plugin's message may echo its input back
            text = f"{text[:297]}..."
        error = type(problem).__name__
        problem = (
            t("errors.plugin_raised_with", "raised {error}: {text}", error=error, text=text)
            if text
            else t("errors.plugin_raised", "raised {error}", error=error)
        )
    return PluginError(
        t(
            "errors.plugin_failed",
            "plugin {plugin}: {hook} {problem}",
            plugin=repr(plugin),
            hook=hook,
            problem=problem,
        )
    )


class UsageError(ZiError, ValueError):
    """A call the library cannot carry out as asked, with what it would accept.

    An unknown predicate or answer layer (the message lists the known ones),
    or arguments given the wrong way round. A ``ValueError`` too, as the
    mistakes it reports are wrong values.
    """
