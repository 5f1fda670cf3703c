"""The national portal's "jawaban LKE satu unit" format (integration guide §3.3).

``GET {base_url}/lke/jawaban-unit/{unit_id}`` returns::

    {"unit_id": "...", "nama_unit": "...", "tahun": 2025,
     "answers": [{"soal_id": 101, "jawaban_unit": "A", "jawaban_tpi": "A",
                  "catatan_unit": ..., "bukti_dukung_unit": ..., "catatan_tpi": ...}]}

Answers are keyed by the master's ``soal_id``; the rubric maps them to its
question ids. The TPI answer counts where present, else the unit's.

What the format cannot carry: the TPN layer, TPI evidence, the agency, the
target predicate, the category, the evaluation date, the gate facts, and
answers to questions without a ``soal_id``. Reading, pass what you know;
writing, a TPN layer is refused unless dropping it is asked for, since the
score read back would differ.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import PurePath
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)

from zi_engine._errors import Problem, SubmissionError
from zi_engine._i18n import message_of, t
from zi_engine.rubric._answers import AnswerError
from zi_engine.rubric._rubric import Rubric
from zi_engine.safeio._problems import ProblemCollector
from zi_engine.submission._files import read_document
from zi_engine.submission._model import (
    AgencyInfo,
    AnswerEntry,
    Facts,
    Identifier,
    Layer,
    LayeredAnswer,
    Submission,
    UnitInfo,
    Year,
)

__all__ = ["PortalAnswer", "PortalDocument", "from_portalrb", "read_portalrb", "to_portalrb"]

Text = Annotated[str, Field(max_length=20_000)]
# strict: a JSON `true` must not quietly become the answer 1
Raw = StrictStr | StrictInt | StrictFloat | None


class PortalAnswer(BaseModel):
    """One entry of ``answers[]``. Unknown fields are ignored (the portal may add some)."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    soal_id: Annotated[int, Field(ge=1, strict=True)]  # `true` is not soal 1
    jawaban_unit: Raw = None
    jawaban_tpi: Raw = None
    catatan_unit: Text | None = None
    bukti_dukung_unit: Text | None = None
    catatan_tpi: Text | None = None


class PortalDocument(BaseModel):
    """The whole response of ``/lke/jawaban-unit/{unit_id}``."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    unit_id: Identifier
    nama_unit: Annotated[str, Field(max_length=500)]
    tahun: Year
    answers: list[PortalAnswer]


def read_portalrb(
    data: Any,
    rubric: Rubric,
    *,
    agency: AgencyInfo | None = None,
    facts: Facts | None = None,
    target: str = "WBK",
    as_of: date | None = None,
) -> Submission:
    """:func:`from_portalrb` of parsed JSON, or of a file given by path (lines in errors).

    The path ``"-"`` is standard input.
    """
    if isinstance(data, (str, PurePath)):
        parsed, raw, source = read_document(data)
        return from_portalrb(
            parsed, rubric, agency=agency, facts=facts, target=target, as_of=as_of,
            source=source, raw=raw,
        )  # fmt: skip
    return from_portalrb(data, rubric, agency=agency, facts=facts, target=target, as_of=as_of)


def from_portalrb(
    data: Any,
    rubric: Rubric,
    *,
    agency: AgencyInfo | None = None,
    facts: Facts | None = None,
    target: str = "WBK",
    as_of: date | None = None,
    source: str = "<portal JSON>",
    raw: bytes | None = None,
) -> Submission:
    """A :class:`Submission` from portal JSON data; every bad answer is named.

    Unknown ``soal_id`` s, repeated ones, option keys the question does not
    have and malformed numbers raise one :class:`SubmissionError` listing all
    of them (with line numbers when ``raw`` bytes are given). Unanswered
    questions are not invented: the evaluation lists them as missing.
    """
    collector = ProblemCollector([PortalDocument])
    if raw is not None:
        collector.source(source, raw)
    try:
        doc = PortalDocument.model_validate(data)
    except ValidationError as exc:
        collector.add_validation_error(source, data, exc, name=partial(_soal_name, data, rubric))
        raise SubmissionError(collector.problems()) from None
    answers: dict[str, LayeredAnswer] = {}
    seen: dict[int, int] = {}
    problems = ProblemCollector()  # located together at the end: one pass over the file
    if raw is not None:
        problems.source(source, raw)
    for index, ans in enumerate(doc.answers):
        where = ("answers", index)
        q = rubric.question_by_soal_id(ans.soal_id)
        if q is None:
            problems.add(
                source,
                (*where, "soal_id"),
                t(
                    "submission.soal_id_unknown",
                    "soal_id {soal_id} is not in rubric {rubric}",
                    soal_id=str(ans.soal_id),
                    rubric=rubric.id,
                ),
            )
            continue
        if ans.soal_id in seen:
            problems.add(
                source,
                (*where, "soal_id"),
                t(
                    "submission.soal_id_twice",
                    "soal_id {soal_id} ({question}) is answered twice (also answers[{other}])",
                    soal_id=str(ans.soal_id),
                    question=q.id,
                    other=str(seen[ans.soal_id]),
                ),
            )
            continue
        seen[ans.soal_id] = index
        item = rubric.tree.items[rubric.tree.item_by_id[q.id]]
        for field, value in (("jawaban_unit", ans.jawaban_unit), ("jawaban_tpi", ans.jawaban_tpi)):
            if (
                value is None
                or (isinstance(value, str) and not value.strip())
                or item.parse is None
            ):
                continue
            try:
                item.parse(value)
            except AnswerError as exc:
                problems.add(
                    source,
                    (*where, field),
                    t(
                        "submission.soal_id_bad_answer",
                        "soal_id {soal_id} ({question}): {problem}",
                        soal_id=str(ans.soal_id),
                        question=q.id,
                        problem=message_of(exc),
                    ),
                )
        answers[q.id] = _layered(ans)
    if problems:
        raise SubmissionError(problems.problems())
    return Submission(
        unit=UnitInfo(
            id=doc.unit_id, name=doc.nama_unit, agency=agency or AgencyInfo(id="unknown")
        ),
        year=doc.tahun,
        target=target,
        as_of=as_of,
        facts=facts or Facts(),
        answers=answers,
    )


def _soal_name(data: Any, rubric: Rubric, loc: tuple[str | int, ...]) -> str | None:
    """``soal_id 113 (pw.r.lhkpn.a_kepala_satker)`` for a location inside ``answers[i]``."""
    if len(loc) < 2 or loc[0] != "answers" or not isinstance(loc[1], int):
        return None
    entry = data["answers"][loc[1]]
    soal = entry.get("soal_id") if isinstance(entry, dict) else None
    if not isinstance(soal, int) or isinstance(soal, bool):
        return None
    q = rubric.question_by_soal_id(soal)
    return f"soal_id {soal}" + (f" ({q.id})" if q is not None else "")  # names, not words


def _unportable(submission: Submission, rubric: Rubric, drop_tpi_evidence: bool) -> list[Problem]:
    """What of ``submission`` the portal document would lose or change, one problem each."""
    problems: list[Problem] = []
    for qid, layered in submission.answers.items():
        if rubric.questions.get(qid) is None or rubric.questions[qid].soal_id is None:
            continue  # not exported at all
        if layered.tpi is not None and layered.tpi.evidence and not drop_tpi_evidence:
            problems.append(
                Problem(
                    t(
                        "submission.portal_no_tpi_evidence",
                        "question {question} has TPI evidence, and the portal format has no"
                        " field for it; pass drop_tpi_evidence=True to write the document"
                        " without it",
                        question=qid,
                    ),
                    path=f"answers.{qid}.tpi.evidence",
                )
            )
        for i, item in enumerate(layered.unit.evidence if layered.unit else ()):
            if len(item.splitlines()) > 1 or item != item.strip():
                problems.append(
                    Problem(
                        t(
                            "submission.portal_evidence_line",
                            "question {question}: evidence item {number} holds a line break or"
                            " starts or ends with spaces; the portal carries evidence as one"
                            " text, one item per line, so it would not come back as it is",
                            question=qid,
                            number=str(i + 1),
                        ),
                        path=f"answers.{qid}.unit.evidence[{i}]",
                    )
                )
    return problems


def _blank(value: Raw) -> Raw:
    return None if isinstance(value, str) and not value.strip() else value


def _layered(ans: PortalAnswer) -> LayeredAnswer:
    unit = AnswerEntry(
        value=_blank(ans.jawaban_unit),
        notes=ans.catatan_unit,
        # several links travel as one text, one per line (see to_portalrb)
        evidence=[x.strip() for x in (ans.bukti_dukung_unit or "").splitlines() if x.strip()],
    )
    tpi = None
    if _blank(ans.jawaban_tpi) is not None or ans.catatan_tpi is not None:
        tpi = AnswerEntry(value=_blank(ans.jawaban_tpi), notes=ans.catatan_tpi)
    return LayeredAnswer(unit=unit, tpi=tpi)


def _answered_in(submission: Submission, layer: Layer) -> list[str]:
    """The questions with an answer (or notes, or evidence) in ``layer``."""
    empty = AnswerEntry()
    return [
        qid
        for qid, layered in submission.answers.items()
        if (entry := getattr(layered, layer)) is not None and entry != empty
    ]


def to_portalrb(
    submission: Submission,
    rubric: Rubric,
    *,
    drop_tpn: bool = False,
    drop_tpi_evidence: bool = False,
    drop_induk: bool = False,
) -> dict[str, Any]:
    """The portal's JSON for ``submission``, answers in rubric order.

    Only questions with a ``soal_id`` are exported (formulas are the portal's
    to compute) and only the unit and TPI layers: the portal has no TPN one.
    A TPN layer would be lost and the score read back would differ, so it
    raises :class:`SubmissionError` naming each question, unless
    ``drop_tpn=True`` asks to leave it out. Nor has it a layer for the parent
    unit's preliminary review (``induk``): refused the same way unless
    ``drop_induk=True``. TPI evidence has no field either:
    refused the same way unless ``drop_tpi_evidence=True``. A unit evidence
    item holding a line break is always refused: the portal carries a
    question's items as one text, one per line, so it would come back as two.
    """
    problems = _unportable(submission, rubric, drop_tpi_evidence)
    if not drop_induk:
        problems += [
            Problem(
                t(
                    "submission.portal_no_induk",
                    "question {question} has an answer of the parent unit's preliminary"
                    " review (induk), and the portal format has no layer for it; pass"
                    " drop_induk=True to write the document without it",
                    question=qid,
                ),
                path=f"answers.{qid}.induk",
            )
            for qid in _answered_in(submission, "induk")
        ]
    if not drop_tpn:
        problems += [
            Problem(
                t(
                    "submission.portal_no_tpn",
                    "question {question} has a TPN answer, and the portal format has no"
                    " TPN layer; pass drop_tpn=True to write the document without it",
                    question=qid,
                ),
                path=f"answers.{qid}.tpn",
            )
            for qid in _answered_in(submission, "tpn")
        ]
    if problems:  # every reason at once: the TPN and induk answers as well as the rest
        raise SubmissionError(problems)
    out: list[dict[str, Any]] = []
    for qid, q in rubric.questions.items():
        layered = submission.answers.get(qid)
        if q.soal_id is None or layered is None:
            continue
        unit = layered.unit or AnswerEntry()
        tpi = layered.tpi or AnswerEntry()
        out.append(
            {
                "soal_id": q.soal_id,
                "jawaban_unit": unit.value,
                "jawaban_tpi": tpi.value,
                "catatan_unit": unit.notes,
                "bukti_dukung_unit": "\n".join(unit.evidence) or None,
                "catatan_tpi": tpi.notes,
            }
        )
    return {
        "unit_id": submission.unit.id,
        "nama_unit": submission.unit.name,
        "tahun": submission.year,
        "answers": out,
    }
