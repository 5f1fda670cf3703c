"""pydantic's validation errors worded by their error type, in Indonesian and English.

Each common error type is produced by a small model, the way a file's field would
produce it, and read back through the :class:`ProblemCollector` as a user sees it.
"""

from __future__ import annotations

import typing
import uuid
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal

import pytest
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)
from pydantic_core.core_schema import ErrorType

import zi_engine
from zi_engine._i18n import t
from zi_engine.safeio._problems import ProblemCollector
from zi_engine.safeio._pydantic_text import KNOWN_TYPES, pydantic_text


class Grade(Enum):
    A = "A"
    B = "B"


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weight: Annotated[float, Field(ge=0.5, le=100)] = 1.0
    count: Annotated[int, Field(gt=0, lt=10)] = 1
    year: StrictInt = 2026
    number: float = 1.0
    strict_number: StrictFloat = 1.0
    flag: bool = True
    strict_flag: StrictBool = True
    day: date = date(2026, 1, 1)
    name: Annotated[str, Field(max_length=5)] = "a"
    code: Annotated[StrictStr, Field(min_length=3, pattern="^[A-Z]+$")] = "ABC"
    kind: Literal["score_min", "fact_true"] = "score_min"
    grade: Grade = Grade.A
    entries: list[Entry] = []
    entry: Entry | None = None
    token: uuid.UUID | None = None
    checked: str = "x"

    @field_validator("checked")
    @classmethod
    def _checked(cls, value: str) -> str:
        if value == "bad":
            raise ValueError(t("x.checked", "checked must not be {value}", value=repr(value)))
        return value


def _problems(data: dict[str, Any], lang: str) -> list[tuple[str | None, str]]:
    with zi_engine.use_language(lang):
        try:
            Form.model_validate(data)
        except ValidationError as exc:
            collector = ProblemCollector([Form])
            collector.add_validation_error("form.yaml", data, exc)
            return [(p.code, p.message) for p in collector.problems()]
    raise AssertionError("no error")


# (data, code, Indonesian text, English text)
CASES = [
    ({"weight": 0.25}, "pydantic.greater_than_equal",
     "nilai tidak boleh kurang dari 0,5; yang tertulis 0.25",
     "input should be greater than or equal to 0.5, got 0.25"),
    ({"weight": 150}, "pydantic.less_than_equal",
     "nilai tidak boleh lebih dari 100; yang tertulis 150",
     "input should be less than or equal to 100, got 150"),
    ({"count": 0}, "pydantic.greater_than",
     "nilai harus lebih besar dari 0; yang tertulis 0", "input should be greater than 0, got 0"),
    ({"count": 10}, "pydantic.less_than",
     "nilai harus lebih kecil dari 10; yang tertulis 10", "input should be less than 10, got 10"),
    ({"count": "dua"}, "pydantic.int_parsing",
     "harus berupa bilangan bulat (mis. 2025), bukan 'dua'",
     "input should be a valid integer (a whole number such as 2025), got 'dua'"),
    ({"count": 1.5}, "pydantic.int_from_float",
     "harus berupa bilangan bulat, tanpa angka di belakang koma: 1.5",
     "input should be a valid integer, got a number with a fractional part: 1.5"),
    ({"year": "2026"}, "pydantic.int_type",
     "harus berupa bilangan bulat (mis. 2025), bukan '2026'",
     "input should be a valid integer (a whole number such as 2025), got '2026'"),
    ({"number": "berat"}, "pydantic.float_parsing",
     "harus berupa angka (mis. 85.5), bukan 'berat'",
     "input should be a valid number (such as 85.5), got 'berat'"),
    ({"strict_number": "2,5"}, "pydantic.float_type",
     "harus berupa angka (mis. 85.5), bukan '2,5'",
     "input should be a valid number (such as 85.5), got '2,5'"),
    ({"flag": "mungkin"}, "pydantic.bool_parsing",
     "harus berupa ya/tidak (tulis true atau false), bukan 'mungkin'",
     "input should be a valid boolean (true or false), got 'mungkin'"),
    ({"strict_flag": 1}, "pydantic.bool_type",
     "harus berupa ya/tidak (tulis true atau false), bukan 1",
     "input should be a valid boolean (true or false), got 1"),
    ({"day": "31-12-2021"}, "pydantic.date_from_datetime_parsing",
     "harus berupa tanggal dengan format TTTT-BB-HH (mis. 2025-06-30), bukan '31-12-2021'",
     "input should be a valid date written YYYY-MM-DD (e.g. 2025-06-30), got '31-12-2021'"),
    ({"name": "panjang sekali"}, "pydantic.string_too_long",
     "teks terlalu panjang: paling banyak 5 karakter", "string should have at most 5 characters"),
    ({"code": "AB"}, "pydantic.string_too_short",
     "teks terlalu pendek: paling sedikit 3 karakter", "string should have at least 3 characters"),
    ({"code": "abc"}, "pydantic.string_pattern_mismatch",
     "'abc' tidak sesuai dengan bentuk yang disyaratkan (pola ^[A-Z]+$)",
     "'abc' does not have the required form (pattern ^[A-Z]+$)"),
    ({"code": ["A"]}, "pydantic.string_type",
     "harus berupa teks", "input should be a valid string"),
    ({"kind": "score"}, "pydantic.literal_error",
     "harus salah satu dari 'score_min' atau 'fact_true', bukan 'score'",
     "input should be 'score_min' or 'fact_true', got 'score'"),
    ({"grade": "C"}, "pydantic.enum",
     "harus salah satu dari 'A' atau 'B'", "input should be 'A' or 'B'"),
    ({"entries": "x"}, "pydantic.list_type",
     "seharusnya berupa daftar (butir berawalan '- '), bukan teks 'x'",
     "expected a list ('- ' items), got the text 'x'"),
    ({"entry": 5}, "pydantic.dict_type",
     "seharusnya berupa pemetaan baris 'kunci: nilai', bukan angka 5",
     "expected a mapping of 'key: value' lines, got the number 5"),
    ({"entries": [{}]}, "pydantic.missing",
     "isian wajib 'id' belum ada", "required field 'id' is missing"),
    ({"wieght": 1}, "pydantic.extra_forbidden_hint",
     "isian 'wieght' tidak dikenal (maksud Anda 'weight'?)",
     "unknown field 'wieght' (did you mean 'weight'?)"),
    ({"bobot": 1}, "pydantic.extra_forbidden",
     "isian 'bobot' tidak dikenal", "unknown field 'bobot'"),
    ({"checked": "bad"}, "x.checked", "checked must not be 'bad'", "checked must not be 'bad'"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "code", "indonesian", "english"), CASES)
def test_each_common_error_type_has_its_own_words(
    data: dict[str, Any], code: str, indonesian: str, english: str
) -> None:
    assert _problems(data, "id") == [(code, indonesian)]
    assert _problems(data, "en") == [(code, english)]


def test_a_type_without_words_of_its_own_falls_back_to_pydantic_under_one_code() -> None:
    [(code, indonesian)] = _problems({"token": "not-a-uuid"}, "id")
    [(_, english)] = _problems({"token": "not-a-uuid"}, "en")
    assert code == "pydantic.other"
    assert indonesian.startswith("nilai ini tidak dapat diterima: input should be a valid UUID")
    assert english.startswith("input should be a valid UUID")


def test_the_words_come_from_the_type_and_context_never_from_pydantics_text() -> None:
    error = {"type": "greater_than_equal", "ctx": {"ge": 60}, "input": 12.5, "msg": "whatever"}
    with zi_engine.use_language("id"):
        assert pydantic_text(error) == "nilai tidak boleh kurang dari 60; yang tertulis 12.5"
    error = {"type": "string_too_long", "ctx": {"max_length": 1}, "input": "ab", "msg": "x"}
    with zi_engine.use_language("en"):
        assert pydantic_text(error) == "string should have at most 1 character"


def test_every_worded_type_is_one_pydantic_has() -> None:
    assert set(typing.get_args(ErrorType)) >= KNOWN_TYPES


def test_a_number_where_text_is_expected_is_quoted_as_written_in_the_file() -> None:
    raw = b"code: 1.10\n"
    data = {"code": 1.1}
    try:
        Form.model_validate(data)
    except ValidationError as exc:
        collector = ProblemCollector([Form])
        collector.source("form.yaml", raw)
        collector.add_validation_error("form.yaml", data, exc)
        [problem] = collector.problems()
    assert problem.code == "pydantic.number_for_text"
    assert problem.line == 1
    with zi_engine.use_language("en"):
        assert problem.in_language("en").message == (
            'expected text, got the number 1.10; write it in quotes: "1.10"'
        )
    assert problem.in_language("id").message == (
        'seharusnya teks, tetapi tertulis angka 1.10; tulis dalam tanda kutip: "1.10"'
    )


def test_a_date_written_right_but_not_on_the_calendar_says_so() -> None:
    # 2026 is no leap year: written YYYY-MM-DD, but there is no 30 February
    assert _problems({"day": "2026-02-30"}, "id") == [
        (
            "pydantic.date_not_on_calendar",
            "'2026-02-30' ditulis sebagai tanggal, tetapi hari itu tidak ada; periksa bulan"
            " (01-12) dan tanggalnya",
        )
    ]
    [(_, english)] = _problems({"day": "2025-13-01"}, "en")
    assert english == (
        "'2025-13-01' is written as a date but there is no such day; check the month (01-12)"
        " and the day"
    )
