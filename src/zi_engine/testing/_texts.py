"""Texts for labels, question texts and notes, including ones that hunt for escaping bugs."""

from __future__ import annotations

import re

from hypothesis import strategies as st

_WORDS = (
    "Pemenuhan",
    "Reform",
    "Penguatan",
    "Pengawasan",
    "Pelayanan",
    "Publik",
    "Manajemen",
    "Perubahan",
    "SDM",
    "Akuntabilitas",
    "Survei",
    "Indeks",
    "Kinerja",
    "Unit",
    "kerja",
    "telah",
    "menyusun",
    "dokumen",
)

AWKWARD_TEXTS: tuple[str, ...] = (
    "yes",
    "no",
    "null",
    "~",
    "true",
    "2021.1",
    "007",
    "0x1F",
    "1_000",
    "- item",
    "a: b",
    "#hash",
    "'quoted'",
    '"double"',
    "x\ny",
    " padded ",
    "Ünïcödé – ✓ 😀",
    "\ttab",
    ".inf",
    ".nan",
    "[1, 2]",
    "{a: 1}",
    "@at",
    "`tick`",
    "%pct",
    "!bang",
    "&amp",
    "*star",
    "|",
    ">",
    "2021-12-31",
    "1:20",
    "on",
)
"""Texts that YAML readers are known to misread when written unquoted."""

NUMBER_LIKE_TEXTS: tuple[str, ...] = ("1e5", "0o17", "+.5", "12e03", ".5e3", "-1E-2")
"""Texts that are numbers under YAML 1.2 (which zi_engine reads) but text under YAML 1.1
(which PyYAML's dumper assumes), so a YAML 1.1 dumper writes them unquoted."""

# what YAML 1.2 core reads as a number (:func:`texts` leaves these out on request)
_YAML12_NUMBER = re.compile(
    r"[-+]?(?:[0-9]+|\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
)


def plain_texts() -> st.SearchStrategy[str]:
    """Short label-like texts made of words (no characters YAML treats specially)."""
    return st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map(" ".join)


def texts(*, number_like: bool = True) -> st.SearchStrategy[str]:
    """Texts for labels, questions and notes: plain words, texts that YAML readers
    misread when unquoted (``yes``, ``1e5``, ``a: b``), and arbitrary Unicode.

    ``number_like=False`` leaves out texts that YAML 1.2 reads as numbers: the
    :data:`NUMBER_LIKE_TEXTS` and any drawn Unicode text of that form.
    """
    awkward = AWKWARD_TEXTS + (NUMBER_LIKE_TEXTS if number_like else ())
    anything = st.text(st.characters(codec="utf-8"), min_size=1, max_size=24).filter(
        lambda s: bool(s.strip())
    )
    if not number_like:
        anything = anything.filter(lambda s: not _YAML12_NUMBER.fullmatch(s.strip()))
    return st.one_of(plain_texts(), st.sampled_from(awkward), anything)
