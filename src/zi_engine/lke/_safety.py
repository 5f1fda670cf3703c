"""Opening a workbook someone else wrote, without trusting it.

An ``.xlsx`` is a zip of XML. Before openpyxl sees a byte, the archive is
checked here: that it is a zip at all (and not an encrypted or pre-2007
workbook), that no part inflates past a bound (a zip bomb), that no XML part
declares a DOCTYPE (entity expansion, external entities) and that no sheet has
more rows than an LKE could. openpyxl then parses through ``defusedxml``,
which it uses when installed; reading refuses to go on if it would not. Macros
in an ``.xlsm`` are never run (openpyxl cannot run them): they are reported as
ignored.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_engine._errors import Problem, SubmissionError, UsageError
from zi_engine._i18n import Text, t

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_ROWS",
    "MAX_TOTAL_BYTES",
    "OpenedWorkbook",
    "open_workbook",
    "openpyxl_module",
]

MAX_FILE_BYTES = 25 * 1024 * 1024
"""The largest workbook file read; a filled LKE is well under a megabyte."""
MAX_PART_BYTES = 32 * 1024 * 1024
"""The most one part of the archive may inflate to."""
MAX_TOTAL_BYTES = 96 * 1024 * 1024
"""The most all parts together may inflate to."""
MAX_ROWS = 100_000
"""The most rows a sheet may have; the LKE has a few hundred."""

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: encrypted or .xls
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1024 * 1024

MESSAGES: dict[str, Callable[..., Text]] = {
    "extra": lambda **k: t(
        "lke.extra_missing",
        "zi-engine[lke] is needed to read and write LKE workbooks (Excel): pip install "
        "'zi-engine[lke]'",
        **k,
    ),
    "undefused": lambda **k: t(
        "lke.not_defused",
        "openpyxl is not parsing through defusedxml (install defusedxml, and leave "
        "OPENPYXL_DEFUSEDXML unset or True): workbooks are not read without it",
        **k,
    ),
    "unreadable": lambda **k: t(
        "lke.cannot_read",
        "cannot read the file: {error}",
        **k,
    ),
    "too_big": lambda **k: t(
        "lke.file_too_big",
        "the file is {size:,} bytes; a workbook of at most {limit:,} bytes is read",
        **k,
    ),
    "encrypted": lambda **k: t(
        "lke.encrypted",
        "the workbook is password-protected (encrypted); open it, remove the password and save it "
        "again",
        **k,
    ),
    "xls": lambda **k: t(
        "lke.old_xls",
        "an Excel 97-2003 workbook (.xls) cannot be read; save it as .xlsx",
        **k,
    ),
    "not_zip": lambda **k: t(
        "lke.not_zip",
        "not an Excel workbook (.xlsx/.xlsm): the file is not a zip archive",
        **k,
    ),
    "bad_zip": lambda **k: t(
        "lke.damaged_zip",
        "not a readable Excel workbook: the zip archive is damaged ({error})",
        **k,
    ),
    "no_workbook": lambda **k: t(
        "lke.no_workbook",
        "not an Excel workbook: the archive has no xl/workbook.xml",
        **k,
    ),
    "part_bomb": lambda **k: t(
        "lke.part_too_big",
        "the part {name} inflates to more than {limit:,} bytes (a zip bomb?); refused",
        **k,
    ),
    "total_bomb": lambda **k: t(
        "lke.archive_too_big",
        "the archive inflates to more than {limit:,} bytes in all (a zip bomb?); refused",
        **k,
    ),
    "doctype": lambda **k: t(
        "lke.doctype",
        "the part {name} declares a DOCTYPE or entities, which a workbook never needs (entity "
        "expansion or external entities); refused",
        **k,
    ),
    "rows": lambda **k: t(
        "lke.too_many_rows",
        "the sheet {name} has more than {rows:,} rows; no more are read (an LKE has a few hundred)",
        **k,
    ),
    "forbidden_xml": lambda **k: t(
        "lke.forbidden_xml",
        "the workbook holds forbidden XML ({error}); refused",
        **k,
    ),
    "openpyxl": lambda **k: t(
        "lke.unreadable_workbook",
        "not a readable Excel workbook: {error}",
        **k,
    ),
    "macros": lambda **k: t(
        "lke.macros_ignored",
        "the workbook's macros (xl/vbaProject.bin) were ignored: nothing in it is run",
        **k,
    ),
}


@dataclass(frozen=True, slots=True)
class OpenedWorkbook:
    """A workbook opened by openpyxl, the name it is shown by and what was noticed."""

    book: Any  # openpyxl.Workbook (openpyxl is optional, so not named in the type)
    display: str
    notices: tuple[Problem, ...]


def openpyxl_module() -> Any:
    """openpyxl, checked to parse through defusedxml; a :class:`UsageError` naming the extra."""
    try:
        import defusedxml  # noqa: F401 - imported for the check: openpyxl uses it if present
        import openpyxl
    except ImportError:
        raise UsageError(MESSAGES["extra"]()) from None
    if openpyxl.DEFUSEDXML is not True:
        raise UsageError(MESSAGES["undefused"]())
    return openpyxl


def _refuse(display: str, key: str, **fields: Any) -> SubmissionError:
    return SubmissionError(Problem(MESSAGES[key](**fields), file=display))


def _read_bytes(path: Path, display: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refuse(display, "too_big", size=size, limit=MAX_FILE_BYTES)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _refuse(display, "unreadable", error=exc.strerror or exc) from None
    if len(data) > MAX_FILE_BYTES:  # grew while being read
        raise _refuse(display, "too_big", size=len(data), limit=MAX_FILE_BYTES)
    return data


def _check_archive(data: bytes, display: str) -> list[Problem]:
    """Refuse what is not a safe xlsx archive; return the notices (macros ignored)."""
    if data.startswith(_CFB_MAGIC):
        raise _refuse(display, "encrypted" if _ENCRYPTED in data else "xls")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse(display, "not_zip")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise _refuse(display, "no_workbook")
        total = 0
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise _refuse(display, "part_bomb", name=info.filename, limit=MAX_PART_BYTES)
            total += _inflate(archive, info, display, MAX_TOTAL_BYTES - total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise _refuse(display, "bad_zip", error=str(exc)[:200]) from None
    except RuntimeError as exc:  # an encrypted zip member ("password required")
        raise _refuse(display, "bad_zip", error=str(exc)[:200]) from None
    if "xl/vbaProject.bin" in names:
        return [Problem(MESSAGES["macros"](), file=display)]
    return []


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str, budget: int) -> int:
    """Inflate one part in chunks, counting: its size, refused past the bounds."""
    name = info.filename
    xml = name.endswith((".xml", ".rels", ".vml"))
    sheet = name.startswith("xl/worksheets/") and xml
    size = rows = 0
    head = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > MAX_PART_BYTES:
                raise _refuse(display, "part_bomb", name=name, limit=MAX_PART_BYTES)
            if size > budget:
                raise _refuse(display, "total_bomb", limit=MAX_TOTAL_BYTES)
            if xml and len(head) < 4096:
                head += chunk[: 4096 - len(head)]
                if _DOCTYPE.search(head):
                    raise _refuse(display, "doctype", name=name)
            if sheet:  # rows that are there, not the declared dimension (often A1:Q1048576)
                rows += chunk.count(b"<row")
                if rows > MAX_ROWS:
                    raise _refuse(display, "rows", name=name, rows=MAX_ROWS, limit=MAX_ROWS)
    return size


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """``exc`` or the first exception of ``kind`` it was raised from."""
    seen: BaseException | None = exc
    for _ in range(10):  # chains are short; a cycle must not loop
        if seen is None or isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def open_workbook(path: str | Path, *, formulas: bool = True) -> OpenedWorkbook:
    """Check ``path`` and open it with openpyxl in read-only mode.

    ``formulas=True`` gives formula cells as their formulas (so they can be
    told apart from typed values); ``False`` gives the values a spreadsheet
    application last computed (cached in the file), ``None`` where there are
    none. Every refusal is a :class:`SubmissionError` naming the file.
    """
    openpyxl = openpyxl_module()
    display = str(path)
    data = _read_bytes(Path(path), display)
    notices = _check_archive(data, display)
    from defusedxml import DefusedXmlException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it drops (extensions, styles): nothing to act on
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=not formulas, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many kinds on a damaged file, and wraps some
        forbidden = _cause(exc, DefusedXmlException)
        if forbidden is not None:
            raise _refuse(display, "forbidden_xml", error=type(forbidden).__name__) from None
        error = f"{type(exc).__name__}: {str(exc)[:200]}"
        raise _refuse(display, "openpyxl", error=error) from None
    return OpenedWorkbook(book, display, tuple(notices))
