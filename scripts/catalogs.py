"""Keep zi_engine's message catalogs in step with the source.

    python scripts/catalogs.py          # extract, update the .po files, compile the .mo files
    python scripts/catalogs.py --check  # exit 1 (saying why) when anything is out of step

Every ``t("code", "English text", ...)`` call in ``src/zi_engine`` is a message:
the code is the entry's ``msgctxt``, the English text its ``msgid``. Messages
are kept in one catalog per subpackage (``rubric.po``, ``lifecycle.po``; the
top-level modules in ``core.po``) under ``src/zi_engine/locale/<lang>/LC_MESSAGES``,
so that work on different parts of the library touches different files.
``--check`` is what the test suite runs: it fails on a message without an
Indonesian text, a fuzzy (unreviewed) text, a text whose ``{placeholders}``
differ from the English ones, an entry whose message is gone from the source,
one code used for two English texts, and a ``.mo`` that is not the compiled ``.po``.

Needs Babel (in the ``dev`` extra); the library itself reads the ``.mo`` files
with the standard library's ``gettext``.
"""

from __future__ import annotations

import argparse
import io
import string
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "zi_engine"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("id",)  # English is the source text: it needs no catalog
KEYWORDS = {"t": ((1, "c"), 2)}
# fixed header dates: a catalog changes only when its messages do
STAMP = datetime(2026, 12, 1, tzinfo=timezone.utc)


_DROPPED_HEADERS = {"generated-by", "last-translator", "language-team", "report-msgid-bugs-to"}


class _Catalog(Catalog):
    """A catalog whose header does not name the Babel version or placeholder people.

    The header is compiled into the ``.mo`` too: with the tool's version in it,
    a catalog would change (and ``--check`` fail) with each Babel release.
    """

    @property  # type: ignore[override]
    def mime_headers(self) -> list[tuple[str, str]]:
        kept = [
            (k, v) for k, v in Catalog.mime_headers.fget(self) if k.lower() not in _DROPPED_HEADERS
        ]  # type: ignore[attr-defined]
        return [(k, "zi_engine") if k == "Project-Id-Version" else (k, v) for k, v in kept]

    @mime_headers.setter
    def mime_headers(self, headers: list[tuple[str, str]]) -> None:
        Catalog.mime_headers.fset(self, headers)  # type: ignore[attr-defined]


HEADER = """\
# Bahasa Indonesia texts of zi_engine's messages ({domain}).
# Kept by scripts/catalogs.py: edit only the msgstr lines, then run `make catalogs`.
#"""


def domains() -> dict[str, list[Path]]:
    """Each catalog's name and the source files whose messages it holds."""
    out: dict[str, list[Path]] = {"core": sorted(PACKAGE.glob("*.py"))}
    for sub in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        out[sub.name] = sorted(sub.rglob("*.py"))
    return out


def extract(files: list[Path]) -> tuple[Catalog, list[str]]:
    """The catalog template of ``files`` and the problems met (a code with two texts)."""
    template = _new_catalog(None, "")
    problems: list[str] = []
    seen: dict[str, tuple[str, str]] = {}
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        for lineno, message, _comments, context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
        ):
            if not context or not isinstance(message, str):
                problems.append(f"{rel}:{lineno}: t() needs a literal code and English text")
                continue
            first = seen.setdefault(context, (message, f"{rel}:{lineno}"))
            if first[0] != message:
                problems.append(f"{rel}:{lineno}: code {context!r} has another text at {first[1]}")
                continue
            template.add(message, context=context, locations=[(rel, lineno)])
    return template, problems


def _new_catalog(locale: str | None, domain: str) -> Catalog:
    return _Catalog(
        locale=locale,
        header_comment=HEADER.format(domain=domain),
        domain=None,
        project="zi_engine",
        version="",
        copyright_holder="zi_engine developers",
        msgid_bugs_address="",
        creation_date=STAMP,
        revision_date=STAMP,
        language_team="",
        last_translator="",
        fuzzy=False,
        charset="utf-8",
    )


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message uses (format specs aside)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def updated(lang: str, domain: str, template: Catalog) -> Catalog:
    """``domain``'s catalog for ``lang`` with the template's messages, keeping translations."""
    po = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
    if po.is_file():
        with po.open("rb") as fp:
            catalog = read_po(fp, locale=lang)
        catalog.__class__ = _Catalog
    else:
        catalog = _new_catalog(lang, domain)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.header_comment = HEADER.format(domain=domain)
    # messages gone from the source are dropped, not kept as obsolete entries
    catalog.obsolete.clear()
    catalog.creation_date = STAMP
    catalog.revision_date = STAMP
    catalog.fuzzy = False
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, no_location=True, sort_output=True, omit_header=False)
    return buf.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def translation_problems(lang: str, domain: str, catalog: Catalog) -> Iterator[str]:
    where = f"locale/{lang}/LC_MESSAGES/{domain}.po"
    for message in catalog:
        if not message.id:
            continue
        english = str(message.id)
        if not message.string:
            yield f"{where}: {message.context!r} has no text in {lang!r}: {english!r}"
        elif message.fuzzy:
            yield f"{where}: {message.context!r} is marked fuzzy (check it, then remove the flag)"
        elif placeholders(str(message.string)) != placeholders(english):
            yield (
                f"{where}: {message.context!r} uses {sorted(placeholders(str(message.string)))}"
                f" but the English text uses {sorted(placeholders(english))}"
            )


def run(check: bool) -> list[str]:
    """Update (or, with ``check``, verify) every catalog; the problems found."""
    problems: list[str] = []
    for domain, files in domains().items():
        template, extraction = extract(files)
        problems += extraction
        for lang in LANGUAGES:
            folder = LOCALE / lang / "LC_MESSAGES"
            po, mo = folder / f"{domain}.po", folder / f"{domain}.mo"
            if not len(template) and not po.exists():
                continue
            catalog = updated(lang, domain, template)
            new_po, new_mo = po_bytes(catalog), mo_bytes(catalog)
            problems += translation_problems(lang, domain, catalog)
            if check:
                if not po.is_file() or po.read_bytes() != new_po:
                    problems.append(f"{po.relative_to(ROOT)} is not up to date: run make catalogs")
                if not mo.is_file() or mo.read_bytes() != new_mo:
                    problems.append(f"{mo.relative_to(ROOT)} is not up to date: run make catalogs")
            else:
                folder.mkdir(parents=True, exist_ok=True)
                po.write_bytes(new_po)
                mo.write_bytes(new_mo)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    problems = run(args.check)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
