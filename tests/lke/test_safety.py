"""Workbooks are parsed safely: openpyxl really goes through defusedxml, and the archive is
checked before it parses anything. (The hostile workbooks themselves are in the hostile
corpus, tests/corpus/hostile/workbooks/, loaded by tests/test_hostile_corpus.py.)"""

from __future__ import annotations

from pathlib import Path

import defusedxml.ElementTree
import openpyxl
import openpyxl.xml.functions
import pytest
from defusedxml import DefusedXmlException

import zi_engine
from tests.test_hostile_corpus import CORPUS
from zi_engine import SubmissionError
from zi_engine.lke._safety import MAX_PART_BYTES, open_workbook

WORKBOOKS = CORPUS / "workbooks"


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True
    assert openpyxl.xml.functions.fromstring is defusedxml.ElementTree.fromstring
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse


@pytest.mark.parametrize("case", ["entity-expansion.xlsx", "external-entity.xlsx"])
def test_openpyxl_alone_refuses_entities_through_defusedxml(case: str) -> None:
    """Without zi_engine's own check in front, defusedxml is what stops them."""
    with pytest.raises(ValueError) as info:  # noqa: PT011 - openpyxl wraps the parser's error
        openpyxl.load_workbook(WORKBOOKS / case)
    cause: BaseException | None = info.value
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    assert isinstance(cause, DefusedXmlException), repr(info.value)


def test_reading_refuses_when_defusedxml_is_not_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(zi_engine.UsageError, match="not parsing through defusedxml"):
        open_workbook(WORKBOOKS / "invalid-answers.xlsx")


def test_a_part_declared_larger_than_the_bound_is_refused_before_inflating(
    tmp_path: Path,
) -> None:
    import zipfile

    path = tmp_path / "besar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b" " * (MAX_PART_BYTES + 1))
    with pytest.raises(SubmissionError) as info:
        open_workbook(path)
    assert str(info.value).startswith(f"{path}: the part xl/sharedStrings.xml inflates to more")
