"""Hostile rubric and submission files are refused cleanly, through the public API.

Each input (``tests/corpus/hostile/``, plus huge ones made at test time) is loaded in
a subprocess with its address space limited to 1 GiB and a 20-second kill switch
(not a speed test: a case that needs it has hung). The subprocess reports how the
load ended; the test asserts it was refused with a ``zi_engine.ZiError`` subclass
whose first problem names the file and says what is wrong, in a message of bounded
length (an error must not echo megabytes of input back).

The selected cases run once per session, a few subprocesses at a time: small corpus
files eight to a subprocess, each huge input in its own.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

# one worker runs this module: its session fixture runs every case at once, so once only
pytestmark = pytest.mark.xdist_group("test_hostile_corpus")

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
MEMORY_LIMIT = 1024**3
KILL_AFTER = 20.0
MAX_MESSAGE = 1000  # characters in the first problem, file name included

RUNNER = r"""
import json, resource, sys, traceback
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import zi_engine
bundled = None
for kind, path in zip(sys.argv[2::2], sys.argv[3::2]):
    try:
        if kind == "rubric":
            zi_engine.load_rubric(path)
        elif kind == "lifecycle":
            from zi_engine.lifecycle import load_portfolio_dir
            load_portfolio_dir(path)
        else:
            bundled = bundled or zi_engine.load_rubric("permenpan-rb-90-2021")
            if kind == "submission":
                sub = zi_engine.load_submission(path, rubric=bundled)
            elif kind == "workbook":
                sub = zi_engine.load_lke(path, rubric=bundled, unit="U-1", year=2026)
            else:
                sub = zi_engine.from_portalrb(path, rubric=bundled)
            zi_engine.evaluate(bundled, sub).eligibility
        out = {"outcome": "accepted"}
    except zi_engine.ZiError as exc:
        problems = getattr(exc, "problems", ())
        first = str(problems[0]) if problems else str(exc)
        said = exc.args[0] if exc.args else None
        if problems:
            in_id = str(problems[0].in_language("id"))
        else:
            in_id = str(said.in_language("id")) if hasattr(said, "in_language") else first
        out = {
            "outcome": "refused",
            "error": type(exc).__name__,
            "mro": [c.__name__ for c in type(exc).__mro__],
            "first": first[:2000],
            "length": len(first),
            "code": exc.code,
            "first_id": in_id[:2000],
        }
    except BaseException as exc:
        detail = traceback.format_exc()[-2000:]
        out = {"outcome": "crashed", "error": type(exc).__name__, "detail": detail}
    print(json.dumps(out), flush=True)
"""
BATCH = 8  # small corpus files per subprocess; huge inputs get one each

R, S, L = "RubricError", "SubmissionError", "LifecycleStateError"

# case -> (expected error class, fragment of the first problem's message)
EXPECTED: dict[str, tuple[str, str]] = {
    "rubrics/absolute-path": (R, "does not have the required form"),
    "rubrics/alias-bomb": (R, "anchors and aliases are not allowed"),
    "rubrics/alias-bomb-in-area": (R, "anchors and aliases are not allowed"),
    "rubrics/complex-key": (R, "a mapping key must be a single value"),
    "rubrics/control-characters": (R, "not allowed (U+0007)"),
    "rubrics/custom-tag": (R, "tags such as '!bobot' are not allowed"),
    "rubrics/deep-block-nesting": (R, "nested more than 64 levels"),
    "rubrics/deep-flow-nesting": (R, "nested more than 64 levels"),
    "rubrics/duplicate-keys": (R, "the key 'total' appears twice"),
    "rubrics/duplicate-keys-in-area": (R, "the key 'weight' appears twice"),
    "rubrics/empty-manifest": (R, "file is empty"),
    "rubrics/enormous-integer": (R, "too many digits"),
    "rubrics/enormous-weight": (R, "less than or equal to 1000"),
    "rubrics/extends-itself": (R, "extends itself"),
    "rubrics/formula-injection": (R, "does not have the required form"),
    "rubrics/infinite-total": (R, "numbers must be finite"),
    "rubrics/invalid-utf8": (R, "not valid UTF-8"),
    "rubrics/long-key": (R, "YAML syntax error"),
    "rubrics/manifest-is-a-list": (R, "expected a mapping"),
    "rubrics/manifest-is-a-scalar": (R, "expected a mapping"),
    "rubrics/merge-key": (R, "merge keys ('<<') are not allowed"),
    "rubrics/nan-weight": (R, "numbers must be finite"),
    "rubrics/negative-weights": (R, "greater than or equal to 0"),
    "rubrics/nul-bytes": (R, "not allowed (U+0000)"),
    "rubrics/overflowing-float": (R, "too large to be a number"),
    "rubrics/path-traversal": (R, "leaves the rubric directory"),
    "rubrics/python-name-tag": (R, "tags such as '!!python/name:os.system' are not allowed"),
    "rubrics/python-object-tag": (R, "tags such as '!!python/object/apply:os.system'"),
    # links out of the rubric folder are refused before they are read (nothing echoed)
    "rubrics/symlink-escape": (R, "'hasil.yaml' is a link to a file outside the rubric"),
    "rubrics/symlink-manifest": (R, "'rubric.yaml' is a link to a file outside the rubric"),
    "rubrics/tab-indentation": (R, "tab character"),
    "rubrics/two-documents": (R, "more than one YAML document"),
    "rubrics/unknown-answer-code": (R, "does not have the required form"),
    "rubrics/utf16-manifest": (R, "not valid UTF-8"),
    "rubrics/wrong-types": (R, "expected a list"),
    "submissions/alias-bomb.yaml": (S, "anchors and aliases are not allowed"),
    "submissions/answer-is-a-list.yaml": (S, "answers.mp.p.tim_kerja.a"),
    "submissions/answer-to-a-formula.yaml": (S, "computed from counts and cannot be answered"),
    "submissions/bad-date.yaml": (S, "is written as a date but there is no such day"),
    # YAML 'true' must be refused as a boolean, not read as the number 1
    "submissions/blank-agency-id.yaml": (S, "unit.agency.id: an id cannot be empty or only spaces"),
    "submissions/blank-unit-id.yaml": (S, "unit.id: an id cannot be empty or only spaces"),
    "submissions/boolean-as-answer.yaml": (S, "got true, which is neither text nor a number"),
    "submissions/boolean-count.yaml": (S, "pw.r.lhkpn.a_kepala_satker"),
    # a count is whole: "1,000" is one in Indonesian and a thousand in English
    "submissions/count-comma-thousands.yaml": (S, "'1,000' is ambiguous"),
    "submissions/count-beyond-float.yaml": (S, "is too large to be a number"),
    "submissions/count-400-digits.yaml": (S, "is too large to be a number"),
    "submissions/survey-grouped.yaml": (S, "one decimal separator and no thousands grouping"),
    "submissions/survey-hex.yaml": (S, "is too large to be a number"),
    "submissions/deep-nesting.json": (S, "nested more than 64 levels"),
    "submissions/deep-nesting.yaml": (S, "nested more than 64 levels"),
    # numbers are not dates, booleans are not numbers, numbers are not flags
    "submissions/as-of-number.yaml": (S, "as_of: a date is written YYYY-MM-DD"),
    "submissions/boolean-percent.yaml": (S, "lhkpn_percent: input should be a valid number"),
    "submissions/boolean-year.yaml": (S, "year: input should be a valid integer"),
    "submissions/date-as-number.yaml": (S, "building_since: a date is written YYYY-MM-DD"),
    "submissions/far-future-date.yaml": (S, "9999-06-01 is not a plausible date"),
    "submissions/number-as-flag.yaml": (S, "core_service: input should be a valid boolean"),
    "submissions/duplicate-keys.json": (S, "the key 'year' appears twice"),
    "submissions/duplicate-keys.yaml": (S, "the key 'year' appears twice"),
    "submissions/empty.yaml": (S, "file is empty"),
    "submissions/enormous-count.yaml": (S, "too large to be a count"),
    "submissions/enormous-integer.json": (S, "too many digits"),
    "submissions/facts-wrong-types.yaml": (S, "facts.unit"),
    "submissions/fractional-count.yaml": (S, "a count must be a whole number"),
    "submissions/infinity.json": (S, "numbers must be finite"),
    # a wrong answer under a TPI answer that counts is still wrong (and would not survive
    # the portal format)
    "submissions/invalid-under-tpi.yaml": (S, "unit answer: 'Z' is not an option"),
    "submissions/invalid-utf8.yaml": (S, "not valid UTF-8"),
    "submissions/nan.json": (S, "numbers must be finite"),
    "submissions/negative-count.yaml": (S, "a count cannot be negative"),
    "submissions/overflowing-float.json": (S, "too large to be a number"),
    "submissions/python-tag.yaml": (S, "tags such as '!!python/object/apply:time.sleep'"),
    "submissions/survey-out-of-range.yaml": (S, "a survey index must be between 0 and 4"),
    "submissions/top-level-list.yaml": (S, "expected a mapping"),
    "submissions/unknown-question.yaml": (S, "no question 'pw.r.tidak_ada'"),
    "submissions/wrong-rubric.yaml": (S, "these answers do not belong to this rubric"),
    "submissions/utf16.json": (S, "not valid UTF-8"),
    "submissions/wrong-types.yaml": (S, "unit: expected a mapping"),
    "portal/answers-not-a-list.json": (S, "answers: expected a list"),
    "portal/blank-unit-id.json": (S, "unit_id: an id cannot be empty or only spaces"),
    "portal/boolean-soal-id.json": (S, "soal_id: input should be a valid integer"),
    "portal/boolean-year.json": (S, "tahun: input should be a valid integer"),
    "portal/boolean-count.json": (S, "soal_id 113"),
    "portal/deep-nesting.json": (S, "nested more than 64 levels"),
    "portal/duplicate-keys.json": (S, "the key 'tahun' appears twice"),
    "portal/duplicate-soal-id.json": (S, "soal_id 1 (mp.p.tim_kerja.a) is answered twice"),
    "portal/enormous-soal-id.json": (S, "too many digits"),
    "portal/invalid-option.json": (S, "soal_id 1 (mp.p.tim_kerja.a): 'Mungkin' is not an option"),
    "portal/invalid-tpi-option.json": (S, "answers[0].jawaban_tpi:"),
    "portal/missing-unit.json": (S, "required field 'unit_id' is missing"),
    "portal/nan-answer.json": (S, "numbers must be finite"),
    "portal/negative-count.json": (S, "a count cannot be negative"),
    "portal/negative-soal-id.json": (S, "greater than or equal to 1"),
    "portal/soal-id-is-text.json": (S, "valid integer"),
    "portal/survey-as-text.json": (S, "'tinggi sekali' is not a number"),
    "portal/top-level-array.json": (S, "expected a mapping"),
    "portal/unknown-soal-id.json": (S, "soal_id 99999 is not in rubric"),
    # histories rehashed by hand: the chain is valid, the records are not what fire() writes
    "lifecycles/designate-by-unit-head": (L, "'designate' is fired by minister"),
    "lifecycles/unknown-role": (L, "'hacker' is not a role of"),
    "lifecycles/revoke-without-reason": (L, "history[10].reason: is required for 'revoke'"),
    "lifecycles/propose-without-evaluation": (L, "is required for 'propose'"),
    "lifecycles/detail-not-taken": (L, "'designate' does not take 'approved_by_president'"),
    "lifecycles/clock-rewritten-in-utc": (L, "building_since: is '2022-01-10T02:00:00+00:00'"),
    "lifecycles/total-10e400": (L, "history[3].evaluation.total: is too large"),
    "workbooks/damaged-zip.xlsx": (S, "the zip archive is damaged (Bad CRC-32"),
    "workbooks/entity-expansion.xlsx": (S, "xl/workbook.xml declares a DOCTYPE or entities"),
    "workbooks/excel-97.xlsx": (S, "an Excel 97-2003 workbook (.xls) cannot be read"),
    "workbooks/external-entity.xlsx": (S, "xl/workbook.xml declares a DOCTYPE or entities"),
    "workbooks/invalid-answers.xlsx": (
        S,
        ":Jawaban!K6: mp.p.tim_kerja.a (soal 1): 'Mungkin' is not an option; expected Ya, Tidak",
    ),
    "workbooks/no-workbook-part.xlsx": (S, "the archive has no xl/workbook.xml"),
    "workbooks/not-a-zip.xlsx": (S, "the file is not a zip archive"),
    "workbooks/password-protected.xlsx": (S, "the workbook is password-protected"),
}

# ---------------------------------------------------------------------------- huge inputs

MANIFEST = """id: besar
version: "1"
title: {title}
regulation: {{name: PermenPAN-RB 90/2021}}
effective: {{from: 2021-12-31}}
total: {total}
components: [{{id: hasil, label: Hasil, weight: 10}}]
areas: [hasil.yaml]
"""
AREA = """component: hasil
areas:
  - id: integrasi
    label: Integrasi
    weight: 10
    questions:
      - {id: q1, text: Terintegrasi?, answer: ya_tidak}
"""
UNIT = '"unit": {"id": "U-1", "name": "Unit", "agency": {"id": "A"}}, "year": 2026'
MB = 1024 * 1024


def _rubric(title: str = "Besar", total: str = "10", area: str = AREA) -> Callable[[Path], Path]:
    def make(directory: Path) -> Path:
        directory.mkdir()
        (directory / "rubric.yaml").write_text(
            MANIFEST.format(title=title, total=total), encoding="utf-8"
        )
        (directory / "hasil.yaml").write_text(area, encoding="utf-8")
        return directory

    return make


def _file(name: str, text: str) -> Callable[[Path], Path]:
    def make(directory: Path) -> Path:
        directory.mkdir()
        path = directory / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def _zip_bomb(honest: bool) -> Callable[[Path], Path]:
    """A workbook whose sharedStrings part inflates to 2 GiB from about 2 MB.

    ``honest``: the archive says how large the part is; otherwise it claims 1,000 bytes
    (the size every reader is held to, so the checksum then fails).
    """

    def make(directory: Path) -> Path:
        directory.mkdir()
        chunk = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = chunk.compress(bytes(16 * MB)) + chunk.flush(zlib.Z_FULL_FLUSH)
        data = block * 128 + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
        # (name, stored bytes, size it inflates to, CRC-32, method: 0 stored, 8 deflated)
        members = [
            ("[Content_Types].xml", b"<Types/>", 8, zlib.crc32(b"<Types/>"), 0),
            ("xl/workbook.xml", b"<workbook/>", 11, zlib.crc32(b"<workbook/>"), 0),
            ("xl/sharedStrings.xml", data, 2 * 1024 * MB if honest else 1000, 0, 8),
        ]
        out, central = bytearray(), bytearray()
        for name, payload, size, crc, method in members:
            fields = (method, 0, 33, crc, len(payload), size, len(name))
            central += struct.pack(
                "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, *fields, 0, 0, 0, 0, 0, len(out)
            )
            central += name.encode()
            out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, *fields, 0) + name.encode()
            out += payload
        end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 3, 3, len(central), len(out), 0)
        path = directory / "bomb.xlsx"
        path.write_bytes(bytes(out + central + end))
        return path

    return make


def _million_rows(directory: Path) -> Path:
    directory.mkdir()
    path = directory / "rows.xlsx"
    sheet = "<worksheet><sheetData>" + "".join(f'<row r="{i}"/>' for i in range(1, 1_000_002))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet + "</sheetData></worksheet>")
    return path


def _long_notes(directory: Path) -> Path:
    import openpyxl

    directory.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jawaban"
    for row in range(6, 26):  # Excel's longest cell text, in the first twenty note cells
        sheet[f"L{row}"] = "x" * 32_767
    path = directory / "notes.xlsx"
    book.save(path)
    return path


def _portal(answer: str) -> str:
    return (
        '{"unit_id": "U-1", "nama_unit": "Unit", "tahun": 2026, "answers": '
        f'[{{"soal_id": 1, "jawaban_unit": {answer}}}]}}'
    )


# case -> (kind, how to make it, expected error class, fragment of the first problem)
GENERATED: dict[str, tuple[str, Callable[[Path], Path], str, str]] = {
    "huge/rubric-10mb-title": ("rubric", _rubric(title="x" * (10 * MB)), R, "the limit is 5.0 MB"),
    "huge/rubric-4mb-title": (
        "rubric",
        _rubric(title="x" * (4 * MB)),
        R,
        "at most 20000 characters",
    ),
    "huge/rubric-4mb-total": ("rubric", _rubric(total='"' + "x" * (4 * MB) + '"'), R, "total"),
    "huge/rubric-million-values": (
        "rubric",
        _rubric(area=AREA + "extra: [" + "0," * 1_100_000 + "0]\n"),
        R,
        "this list has more than 50,000 items",
    ),
    "huge/rubric-million-brackets": (
        "rubric",
        _rubric(title="[" * MB + "]" * MB),
        R,
        "nested more than 64 levels",
    ),
    "huge/submission-10mb.json": (
        "submission",
        _file("s.json", "{" + UNIT + ', "category": "' + "x" * (10 * MB) + '"}'),
        S,
        "the limit is 5.0 MB",
    ),
    "huge/submission-10mb.yaml": (
        "submission",
        _file("s.yaml", "category: " + "x" * (10 * MB) + "\n"),
        S,
        "the limit is 5.0 MB",
    ),
    "huge/submission-million-brackets.json": (
        "submission",
        _file("s.json", "{" + UNIT + ', "facts": {"extra": {"x": ' + "[" * MB + "]" * MB + "}}}"),
        S,
        "nested more than 64 levels",
    ),
    # 4.7 MB of bad answers: refused at the 50,001st, not after parsing all 300,000
    "huge/submission-300000-bad-answers.yaml": (
        "submission",
        _file(
            "s.yaml",
            "unit: {id: U-1, name: Unit, agency: {id: A}}\nyear: 2026\nanswers:\n"
            + "".join(f'  q{i}: "bad"\n' for i in range(300_000)),
        ),
        S,
        "this mapping has more than 50,000 keys",
    ),
    "huge/submission-3mb-answer.yaml": (
        "submission",
        _file(
            "s.yaml", "{" + UNIT + ', "answers": {"mp.p.tim_kerja.a": "' + "Y" * (3 * MB) + '"}}'
        ),
        S,
        "mp.p.tim_kerja.a",
    ),
    "huge/submission-3mb-date.yaml": (
        "submission",
        _file("s.yaml", "{" + UNIT + ', "as_of": "' + "9" * (3 * MB) + '"}'),
        S,
        "as_of",
    ),
    "huge/portal-10mb.json": (
        "portal",
        _file("p.json", _portal('"' + "x" * (10 * MB) + '"')),
        S,
        "the limit is 5.0 MB",
    ),
    "huge/workbook-zip-bomb.xlsx": (
        "workbook",
        _zip_bomb(honest=True),
        S,
        "the part xl/sharedStrings.xml inflates to more than",
    ),
    "huge/workbook-zip-bomb-claiming-1000-bytes.xlsx": (
        "workbook",
        _zip_bomb(honest=False),
        S,
        "the zip archive is damaged",
    ),
    "huge/workbook-million-rows.xlsx": ("workbook", _million_rows, S, "more than 100,000 rows"),
    "huge/workbook-32767-character-notes.xlsx": (
        "workbook",
        _long_notes,
        S,
        ":Jawaban!L6: mp.p.tim_kerja.a (soal 1): the note has 32,767 characters",
    ),
    "huge/portal-3mb-answer.json": (
        "portal",
        _file("p.json", _portal('"' + "x" * (3 * MB) + '"')),
        S,
        "soal_id 1 (mp.p.tim_kerja.a)",
    ),
}


def _corpus_cases() -> Iterator[str]:
    for path in sorted((CORPUS / "rubrics").iterdir()):
        yield f"rubrics/{path.name}"
    for folder in ("submissions", "portal", "lifecycles", "workbooks"):
        for path in sorted((CORPUS / folder).iterdir()):
            yield f"{folder}/{path.name}"


def _kind(case: str) -> str:
    return {
        "rubrics": "rubric",
        "submissions": "submission",
        "portal": "portal",
        "lifecycles": "lifecycle",
        "workbooks": "workbook",
    }[case.split("/", maxsplit=1)[0]]


def _run(jobs: list[tuple[str, Path]]) -> list[dict[str, Any]]:
    """Load each ``(kind, path)`` in one memory-limited subprocess; one result per job.

    If the subprocess dies or hangs, the jobs it did not report on say so.
    """
    args = [str(MEMORY_LIMIT)] + [str(x) for job in jobs for x in job]
    try:
        done = subprocess.run(
            [sys.executable, "-c", RUNNER, *args],
            capture_output=True,
            text=True,
            timeout=KILL_AFTER * len(jobs),
            check=False,
        )
        lines, failure = (
            done.stdout.splitlines(),
            {
                "outcome": "died",
                "returncode": done.returncode,
                "stderr": done.stderr[-2000:],
            },
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        lines, failure = out.splitlines(), {"outcome": "hung", "limit": KILL_AFTER}
    results: list[dict[str, Any]] = [json.loads(line) for line in lines if line.startswith("{")]
    return results + [failure] * (len(jobs) - len(results))


@pytest.fixture(scope="session")
def results(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Run every selected case at once (a few at a time) and keep how each ended."""
    selected = {
        item.callspec.params["case"]
        for item in request.session.items
        if item.module is not None
        and item.module.__name__.endswith("test_hostile_corpus")
        and hasattr(item, "callspec")
        and "case" in item.callspec.params
    }
    jobs: dict[str, tuple[str, Path]] = {}
    for case in sorted(selected):
        if case in GENERATED:
            kind, make, _, _ = GENERATED[case]
            jobs[case] = (kind, make(tmp_path_factory.mktemp("hostile") / "case"))
        else:
            jobs[case] = (_kind(case), CORPUS / case)
    small = [case for case in jobs if case not in GENERATED]
    batches = [small[i : i + BATCH] for i in range(0, len(small), BATCH)]
    batches += [[case] for case in jobs if case in GENERATED]
    workers = max(2, min(8, os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = pool.map(lambda batch: _run([jobs[case] for case in batch]), batches)
        return {
            case: (jobs[case][1], result)
            for batch, outcomes in zip(batches, done, strict=True)
            for case, result in zip(batch, outcomes, strict=True)
        }


def _check(result: dict[str, Any], path: Path, error: str, fragment: str) -> None:
    assert result["outcome"] == "refused", result
    assert "ZiError" in result["mro"], result
    assert result["error"] == error, result
    first = result["first"]
    assert fragment in first, first[:500]
    assert first.startswith(str(path)), first[:500]  # the file (or a file of the rubric)
    assert result["length"] <= MAX_MESSAGE, f"{result['length']} characters: {first[:300]}..."


@pytest.mark.parametrize("case", sorted(_corpus_cases()))
def test_a_hostile_file_is_refused_cleanly(
    case: str, results: dict[str, tuple[Path, dict[str, Any]]]
) -> None:
    assert case in EXPECTED, f"add {case!r} and its expected error to EXPECTED"
    path, result = results[case]
    _check(result, path, *EXPECTED[case])


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_a_huge_input_is_refused_cleanly(
    case: str, results: dict[str, tuple[Path, dict[str, Any]]]
) -> None:
    path, result = results[case]
    _check(result, path, *GENERATED[case][2:])


@pytest.mark.parametrize("case", sorted(_corpus_cases()))
def test_a_hostile_file_is_refused_in_indonesian_too(
    case: str, results: dict[str, tuple[Path, dict[str, Any]]]
) -> None:
    """Every refusal has a message code (so an Indonesian text: the catalogs' test checks
    each code has one), and in Indonesian it still names the file first."""
    path, result = results[case]
    assert result["outcome"] == "refused", result
    assert result["code"], result
    assert result["first_id"].startswith(str(path)), result["first_id"][:500]
    assert result["first_id"] != result["first"], result["first_id"][:500]


def test_every_expected_case_has_its_file() -> None:
    assert set(EXPECTED) == set(_corpus_cases())


def test_the_corpus_holds_no_large_files() -> None:
    large = [p for p in CORPUS.rglob("*") if p.is_file() and p.stat().st_size > 100 * 1024]
    assert large == []
