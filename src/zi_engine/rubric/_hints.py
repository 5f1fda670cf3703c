"""A rubric author's commonest mistakes, said in plain words with the fix.

pydantic's messages are right but written for programmers ("unable to parse
string as a number", "input should be a valid date or datetime"). The rubric
loader asks :func:`explain` first about each validation error; what it
explains is reported in its words, at the key or value it is about, and the
rest goes through the general translation of pydantic's errors.

The rules (docs/rubric-format.md §2):

* numbers are written with a decimal point: ``0,5`` and ``5%`` are refused
  with the number to write (``0.5``, ``5``) – a rubric is read the same
  everywhere, and ``1,000`` would be one in Indonesian and a thousand in English;
* dates are ``YYYY-MM-DD``: ``31-12-2021`` is refused with ``2021-12-31``;
* a yes/no field takes ``true``/``false``, and ``ya``/``tidak`` or
  ``yes``/``no`` (any case) as words; nothing else (``on``, ``Y``, ``1``);
* an unknown field name gets the field meant: the Indonesian name of a field
  (``bobot`` → ``weight``) or a close spelling (``weigth`` → ``weight``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from zi_engine._i18n import Text, t
from zi_engine._text import show
from zi_engine.rubric._messages import closest, did_you_mean
from zi_engine.safeio import KeyAt

__all__ = ["INDONESIAN_FIELDS", "explain", "meant_field", "yes_no"]

Loc = tuple[str | int, ...]

INDONESIAN_FIELDS: dict[str, str] = {
    "bobot": "weight",
    "soal": "questions",
    "pertanyaan": "questions",
    "daftar_soal": "questions",
    "pilihan": "options",
    "opsi": "options",
    "pilihan_jawaban": "options",
    "teks": "text",
    "uraian": "text",
    "nama": "label",
    "judul": "title",
    "jawaban": "answer",
    "jenis_jawaban": "answer",
    "tipe_jawaban": "answer",
    "petunjuk": "guidance",
    "panduan": "guidance",
    "penjelasan": "guidance",
    "bukti": "evidence",
    "bukti_dukung": "evidence",
    "data_dukung": "evidence",
    "wajib_bukti": "evidence_required",
    "bukti_wajib": "evidence_required",
    "sub_area": "sub_areas",
    "subarea": "sub_areas",
    "sub_areas_": "sub_areas",
    "bagian": "parts",
    "komponen": "component",
    "area": "areas",
    "daftar_area": "areas",
    "nilai": "value",
    "baris_excel": "excel_row",
    "baris": "excel_row",
    "pembilang": "numerator",
    "penyebut": "denominator",
    "sebelumnya": "previous",
    "sekarang": "current",
    "saat_ini": "current",
    "versi": "version",
    "deskripsi": "description",
    "keterangan": "description",
    "bahasa": "language",
    "peraturan": "regulation",
    "regulasi": "regulation",
    "berlaku": "effective",
    "masa_berlaku": "effective",
    "mulai": "from",
    "dari": "from",
    "sampai": "until",
    "hingga": "until",
    "turunan_dari": "extends",
    "dasar": "extends",
    "predikat": "predicates",
    "kriteria": "criteria",
    "syarat": "gates",
    "kebijakan": "policies",
    "skala": "scale_max",
    "skala_maks": "scale_max",
    "cara_hitung": "scoring",
    "penilaian": "scoring",
    "id_soal": "soal_id",
    "jenis": "kind",
    "sumber": "source",
    "catatan": "note",
    "simpul": "node",
    "minimal": "min",
    "komponen_komponen": "components",
    "tata_letak": "workbook",
    "lembar_kerja": "workbook",
}
"""Indonesian names an author may write for a field, and the field's (English) name."""

_DECIMAL_COMMA = re.compile(r"\s*([+-]?[0-9]+),([0-9]+)\s*")
_PERCENT = re.compile(r"\s*([+-]?[0-9]+(?:[.,][0-9]+)?)\s*%\s*")
_DAY_FIRST = re.compile(r"\s*([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})\s*")
_NUMBER_ERRORS = frozenset({"float_parsing", "int_parsing", "float_type", "int_type"})
_DATE_ERRORS = frozenset(
    {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"}
)

_YES = frozenset({"ya", "yes", "true"})
_NO = frozenset({"tidak", "no", "false"})


def yes_no(value: object) -> object:
    """A yes/no field's value: ``true``/``false``, or the words ``ya``/``tidak``/``yes``/``no``.

    Anything else (``on``, ``Y``, ``1``) is refused: it is not clear it means yes.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise ValueError(
        t(
            "rubric.yes_no",
            "{value} is not a yes/no: write true or false (ya/tidak and yes/no are read too)",
            value=show(value),
        )
    )


def _clean(data: Any, loc: Loc) -> Loc | None:
    """``loc`` without pydantic's union tags, when every element is in ``data``."""
    out: list[str | int] = []
    cur = data
    for element in loc:
        if isinstance(cur, dict) and isinstance(element, str) and element in cur:
            cur = cur[element]
        elif isinstance(cur, list) and isinstance(element, int) and 0 <= element < len(cur):
            cur = cur[element]
        elif isinstance(cur, dict):
            continue  # a union member's tag ('OptionSpec')
        else:
            return None
        out.append(element)
    return tuple(out)


def explain(err: Any, data: Any, fields: Iterable[str]) -> tuple[Loc, Text] | None:
    """``(path, message)`` for a validation error an author needs said plainly, else None.

    ``fields`` are the field names the file's models know (for "did you mean").
    """
    kind, value = err["type"], err.get("input")
    loc = _clean(data, tuple(err["loc"]))
    if loc is None:
        return None
    raised = (err.get("ctx") or {}).get("error")
    # the rubric's own message (from a validator): kept with its code
    if kind == "value_error" and isinstance(raised, ValueError) and raised.args:
        message = raised.args[0]
        if isinstance(message, Text):
            return loc, message
    if not loc:
        return None
    if kind == "extra_forbidden":
        name = str(loc[-1])
        return (*loc[:-1], KeyAt(name)), _unknown_field(name, fields)
    if kind in _NUMBER_ERRORS and isinstance(value, str):
        return _number(value, loc)
    if kind in _DATE_ERRORS and isinstance(value, str):
        return loc, _date(value)
    return None


def meant_field(name: str, fields: Iterable[str]) -> str | None:
    """The known field an unknown field name ``name`` most likely stands for, if any."""
    known = set(fields)
    english = INDONESIAN_FIELDS.get(name.casefold())
    if english is not None and english in known:
        return english
    return closest(name, known, cutoff=0.75)


def _unknown_field(name: str, fields: Iterable[str]) -> Text:
    known = set(fields)
    lead = name[:1]
    if lead and lead.isspace():
        return t(
            "rubric.field_starts_with_space",
            "unknown field {name}: the key starts with an unusual space (often copied "
            "from a word processor); indent it with ordinary spaces",
            name=show(name),
        )
    english = INDONESIAN_FIELDS.get(name.casefold())
    if english is not None and english in known:
        return t(
            "rubric.indonesian_field",
            "unknown field {name}: field names are written in English; write {field}",
            name=repr(name),
            field=repr(english),
        )
    close = closest(name, known, cutoff=0.75)
    return t(
        "rubric.unknown_field",
        "unknown field {name}{hint}",
        name=repr(name),
        hint=did_you_mean(close) if close else "",
    )


def _number(value: str, loc: Loc) -> tuple[Loc, Text] | None:
    comma = _DECIMAL_COMMA.fullmatch(value)
    if comma:
        fixed = f"{comma.group(1)}.{comma.group(2)}"
        return loc, t(
            "rubric.decimal_comma",
            "{value}: numbers in a rubric are written with a decimal point; write {fixed}",
            value=show(value),
            fixed=fixed,
        )
    percent = _PERCENT.fullmatch(value)
    if percent:
        fixed = percent.group(1).replace(",", ".")
        return loc, t(
            "rubric.percent_sign",
            "{value}: write the number without '%'; write {fixed}",
            value=show(value),
            fixed=fixed,
        )
    return None


def _date(value: str) -> Text:
    day_first = _DAY_FIRST.fullmatch(value)
    if day_first:
        day, month, year = day_first.groups()
        return t(
            "rubric.date_day_first",
            "{value} is not a date in the form YYYY-MM-DD (year, month, day); write {fixed}",
            value=show(value),
            fixed=f"{year}-{int(month):02d}-{int(day):02d}",
        )
    return t(
        "rubric.date_form",
        "{value} is not a date in the form YYYY-MM-DD (year, month, day), such as 2021-12-31",
        value=show(value),
    )
