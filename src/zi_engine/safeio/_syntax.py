"""YAML syntax errors in plain words: what is most likely wrong, and how to fix it.

libyaml says *where* it gave up ("did not find expected '-' indicator",
"mapping values are not allowed in this context"), which a rubric author
cannot act on. The commonest causes are few – a tab, a line indented one
space off, a colon inside a text that needs quotes, a non-breaking space
pasted from a word processor – and each can be told from the lines around
the error. Used on the error path only.
"""

from __future__ import annotations

from zi_engine._i18n import Text, t

__all__ = ["odd_space_key", "syntax_problem"]

_BLANKS = " \u00a0\u2007\u202f\u3000\u2002\u2003\u2009"
_LOOK_BACK = 200  # lines searched for the line an indentation belongs with


def odd_space_key(line: int) -> Text:
    """A key that starts with a non-breaking (or other unusual) space, at ``line``."""
    return t(
        "safeio.nbsp_indent",
        "line {line} is indented with a non-breaking space (often copied from a word "
        "processor or a web page), which YAML reads as text, not as indentation; "
        "replace it with ordinary spaces",
        line=line,
    )


def _lines(buf: bytes | str, upto: int) -> list[str]:
    """The first ``upto`` lines of ``buf`` (0-based: lines 0 .. upto-1) as text."""
    if isinstance(buf, bytes):
        head = buf.split(b"\n", upto)[:upto]
        return [part.decode("utf-8", "replace").rstrip("\r") for part in head]
    return [part.rstrip("\r") for part in buf.split("\n", upto)[:upto]]


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _content(text: str) -> bool:
    stripped = text.strip(_BLANKS)
    return bool(stripped) and not stripped.startswith("#")


def syntax_problem(
    buf: bytes | str,
    problem: str,
    context: str | None,
    line: int,
    column: int,
    started: int | None,
) -> Text:
    """The message for a YAML syntax error at ``line``:``column`` (1-based).

    ``problem`` and ``context`` are the parser's words; ``started`` the line the
    construct it was reading began on.
    """
    lines = _lines(buf, line)
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if here[column - 1 : column] == "\t" or here[: _indent(here) + 1].endswith("\t"):
        return t("safeio.tab_indent", "a tab character is used for indenting; use spaces instead")
    lead = here[: len(here) - len(here.lstrip(_BLANKS))]
    if any(c != " " for c in lead):
        return odd_space_key(line)
    if "mapping values are not allowed" in problem:
        before = here[: column - 1]
        body = before.lstrip(" ").removeprefix("- ")
        if ": " in body:
            key, _, value = here.lstrip(" ").removeprefix("- ").partition(": ")
            value = value.strip()
            shown = value if len(value) <= 40 else value[:37] + "..."
            quote = "'" if '"' in shown else '"'
            return t(
                "safeio.colon_in_text",
                "line {line}: a colon followed by a space inside a text makes YAML read a "
                "new key there; put the whole text in quotes: {example}",
                line=line,
                example=f"{key}: {quote}{shown}{quote}",
            )
    previous = _previous_content(lines, line - 1)
    if previous is not None and _indentation_problem(problem):
        spaces, other = _indent(here), _indent(lines[previous])
        if abs(spaces - other) == 1:
            return t(
                "safeio.indent_one_off",
                "line {line} is indented {spaces} spaces and line {other_line} {other} "
                "spaces: one space off; indent line {line} exactly like the line it "
                "belongs with",
                line=line,
                spaces=spaces,
                other_line=previous + 1,
                other=other,
            )
        levels = {_indent(text) for text in lines[max(0, line - 1 - _LOOK_BACK) : line - 1]}
        if spaces not in levels and spaces > 0:
            return t(
                "safeio.indent_unmatched",
                "line {line} is indented {spaces} spaces, like no line above it (line "
                "{other_line} has {other}); indent it exactly like the line it belongs with",
                line=line,
                spaces=spaces,
                other_line=previous + 1,
                other=other,
            )
    known = _known_problem(problem, context, started, line)
    if known is not None:
        return known
    if started is not None and context:
        return t(
            "safeio.yaml_syntax_context",
            "YAML syntax error: {problem} ({context}, which started on line {started}); "
            "check the indentation and the quotes from line {started} to line {line}",
            problem=problem,
            context=context,
            started=started,
            line=line,
        )
    return t("safeio.yaml_syntax", "YAML syntax error: {problem}", problem=problem)


def _previous_content(lines: list[str], index: int) -> int | None:
    """The 0-based index of the last line with content before line ``index``."""
    for i in range(index - 1, max(-1, index - 1 - _LOOK_BACK), -1):
        if _content(lines[i]):
            return i
    return None


def _indentation_problem(problem: str) -> bool:
    """Whether the parser's problem is one a wrongly indented line causes."""
    return any(
        words in problem
        for words in (
            "did not find expected",
            "mapping values are not allowed",
            "expected <block end>",
            "could not find expected ':'",
        )
    )


def _known_problem(
    problem: str, context: str | None, started: int | None, line: int
) -> Text | None:
    """The parser's commonest other complaints, in plain words with the fix."""
    began = started if started is not None else line
    if "end of stream" in problem and context and "quoted scalar" in context:
        return t(
            "safeio.unclosed_quote",
            "the text in quotes that starts on line {started} is never closed; add the "
            "closing quote at the end of that text",
            started=began,
        )
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return t(
            "safeio.unclosed_brackets",
            "the list or mapping written in brackets that starts on line {started} is not "
            "closed, or two of its items have no comma between them; close it with ] or }} "
            "on the same line, or put the text in quotes",
            started=began,
        )
    if "cannot start any token" in problem:
        return t(
            "safeio.bad_first_character",
            "line {line}: a value cannot start with this character (such as ` or @); put "
            "the whole text in quotes",
            line=line,
        )
    if "unknown escape character" in problem:
        return t(
            "safeio.bad_escape",
            "line {line}: a backslash inside double quotes starts an escape such as \\n; "
            "use single quotes ('C:\\data') or write each backslash twice",
            line=line,
        )
    return None
