"""Every message a person reads is written with ``t()``, so that it has an Indonesian text.

The source of ``src/zi_engine`` is read with :mod:`ast` (nothing is imported or
run) and every place a message is handed over is checked:

* the message of an error – a :class:`~zi_engine.ZiError` subclass (found by
  following the class definitions), ``ValueError`` or ``TypeError`` – or of a
  ``Problem(...)``, ``plugin_failed(...)``;
* ``problems.append(...)``, ``reasons.append(...)``, ``warnings.append(...)``
  and ``out.append(...)`` where ``out`` collects problems (any list named so);
* a collector's ``.add(file, path, message)``;
* a ``reason=`` given to a criterion result.

Such a message written as a plain string literal, an f-string, ``"..." + x``,
``"...".format()`` or ``"..." % x`` is a message that cannot be translated. A
message passed on in a variable, or built by ``t()``, is fine: the variable's
own text is checked where it is made.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "zi_engine"

# Files whose messages are not converted yet, each with why. The lead removes an entry
# when the work that converts it is merged; an entry that is no longer needed fails the
# test below, so the list only ever shrinks.
NOT_YET_TRANSLATED: dict[str, str] = {
    # not messages: an argument the scan cannot tell from one
    "lifecycle/_machine.py": "plugin_failed's first argument names the plugin, not a message",
    "review/_model.py": "ReviewRefused's first argument is the refused action ('start')",
    "store/_portfolio.py": "TransitionRefused's first argument is the trigger ('drop')",
    # programmer-facing checks of arguments, not of anyone's input:
    "testing/": "strategy arguments: a wrong one is a bug of the test that asks",
    "_calendar.py": "internal date arithmetic: a wrong argument type is a bug of the caller",
    "_canonical.py": "internal canonical JSON: a wrong value type is a bug of the caller",
}

_ERRORS = {"ZiError", "ValueError", "TypeError", "Problem", "plugin_failed"}
_COLLECTIONS = {"problems", "reasons", "warnings", "found"}


def _texty(node: ast.AST) -> bool:
    """Whether ``node`` writes text in place: a literal, an f-string, or text put together."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _texty(node.left) or _texty(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _texty(node.func.value)
    if isinstance(node, ast.IfExp):
        return _texty(node.body) or _texty(node.orelse)
    return False


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _error_classes(trees: dict[str, ast.Module]) -> set[str]:
    """ZiError and every class that derives from it (by name, across the package)."""
    known = set(_ERRORS)
    bases: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    grew = True
    while grew:
        grew = False
        for cls, parents in bases.items():
            if cls not in known and parents & known:
                known.add(cls)
                grew = True
    return known


def _messages(call: ast.Call, errors: set[str]) -> Iterator[ast.AST]:
    """The arguments of ``call`` that are messages a person reads."""
    callee = _name(call.func)
    if callee in errors:
        yield from call.args[:1]
        yield from (k.value for k in call.keywords if k.arg in ("message", "problems"))
    elif callee == "append" and isinstance(call.func, ast.Attribute):
        if _name(call.func.value) in _COLLECTIONS:
            yield from call.args[:1]
    elif callee == "add" and isinstance(call.func, ast.Attribute) and len(call.args) == 3:
        yield call.args[2]  # ProblemCollector.add(file, path, message)
    yield from (k.value for k in call.keywords if k.arg == "reason")


def untranslated() -> list[tuple[str, int, str]]:
    """``(file, line, source)`` of every message not written with ``t()``."""
    trees = {
        p.relative_to(PACKAGE).as_posix(): ast.parse(p.read_text(encoding="utf-8"))
        for p in sorted(PACKAGE.rglob("*.py"))
    }
    errors = _error_classes(trees)
    found = []
    for rel, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for message in _messages(node, errors):
                    if _texty(message):
                        found.append((rel, message.lineno, ast.unparse(message)[:80]))
    return sorted(found)


def _allowed(rel: str) -> str | None:
    for prefix in NOT_YET_TRANSLATED:
        if rel == prefix or (prefix.endswith("/") and rel.startswith(prefix)):
            return prefix
    return None


def test_every_message_is_written_with_t() -> None:
    left = [f"{rel}:{line}: {code}" for rel, line, code in untranslated() if not _allowed(rel)]
    assert left == [], "messages not written with t() (see docs/translating.md):\n" + "\n".join(
        left
    )


def test_the_allow_list_holds_only_what_is_still_untranslated() -> None:
    still = {_allowed(rel) for rel, _, _ in untranslated()}
    # a folder of another branch may be clean already; a single file must still need it
    stale = [p for p in NOT_YET_TRANSLATED if not p.endswith("/") and p not in still]
    assert stale == [], f"remove these entries, their messages are translated: {stale}"


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("raise UsageError(f'bad {x}')", True),
        ("raise ValueError('bad')", True),
        ("problems.append('a' + x)", True),
        ("collector.add(f, p, 'x {}'.format(y))", True),
        ("self.result(spec, 'fail', reason=f'{a} is b')", True),
        ("raise MyError('bad')", True),  # MyError derives from ZiError below
        ("raise UsageError(t('x.y', 'bad {x}', x=x))", False),
        ("raise ValueError(message)", False),
        ("problems.append(t('x.y', 'bad'))", False),
        ("names.append('plain data')", False),
        ("raise RuntimeError('a bug of ours')", False),
        ("Problem('')", False),
    ],
)
def test_the_scan_finds_literal_messages_and_only_those(source: str, flagged: bool) -> None:
    tree = ast.parse(
        "class MyError(SubmissionError): ...\n"
        "class SubmissionError(ZiError): ...\n"
        "class UsageError(ZiError, ValueError): ...\n"
    )
    errors = _error_classes({"a.py": tree})
    call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call))
    calls = [call, *(n for n in ast.walk(call) if isinstance(n, ast.Call) and n is not call)]
    hits = [m for c in calls for m in _messages(c, errors) if _texty(m)]
    assert bool(hits) is flagged


def sites_by_subpackage() -> Counter[str]:
    """How many untranslated messages each subpackage (or top-level module) still has."""
    return Counter(rel.split("/")[0] for rel, _, _ in untranslated())
