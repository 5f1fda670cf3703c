"""What scoring asks an answer type – and that a plugin's type is asked the same.

The scorer's fast tables used to be built by switching on the built-in
classes (``type(atype) in (ChoiceAnswerType, OptionsAnswerType)``,
``type(atype) is CountAnswerType``, ``answer == "decline"``); now they are
built from what each type says: :meth:`AnswerType.option_table`,
:meth:`~AnswerType.counts_as_is`, :meth:`~AnswerType.ratio_terms`.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest

import zi_engine
from zi_engine import (
    AnswerError,
    AnswerType,
    ChoiceAnswerType,
    Engine,
    Improvement,
    QuestionSpec,
    RatioTerms,
    Rubric,
    Submission,
    hookimpl,
)
from zi_engine._constants import TOLERANCE
from zi_engine.rubric._answers import CountAnswerType, SurveyIndexAnswerType
from zi_engine.rubric._layout import DECLINE

MINI = Path(__file__).parent / "mini"
QUESTION = QuestionSpec(id="q", text="Pertanyaan", answer="abc")


class Terbalik(ChoiceAnswerType):
    """A choice type that reads its keys its own way: the table must not bypass it."""

    def parse(self, raw: object, question: QuestionSpec) -> float:
        return 1.0 - super().parse(raw, question)


class TabelSendiri(AnswerType):
    """Not a ChoiceAnswerType, yet it says its option table can be read fast."""

    name = "tabel_sendiri"
    input = "choice"
    VALUES: ClassVar[dict[str, float]] = {"Ada": 1.0, "Tidak": 0.0}

    def option_values(self, question: QuestionSpec) -> Mapping[str, float]:
        return self.VALUES

    def option_table(self, question: QuestionSpec) -> Mapping[str, float] | None:
        return self.VALUES

    def parse(self, raw: object, question: QuestionSpec) -> float:
        if raw in self.VALUES:
            return self.VALUES[str(raw)]
        raise AnswerError(f"expected Ada or Tidak, got {raw!r}")


class JumlahKecil(CountAnswerType):
    """A count that refuses more than 100: it reads its answers itself, ints too."""

    name = "jumlah_kecil"

    def parse(self, raw: object, question: QuestionSpec) -> float:
        number = super().parse(raw, question)
        if number > 100:
            raise AnswerError(f"at most 100, got {raw!r}")
        return number


class Sisa(AnswerType):
    """What is left undone, (denominator - numerator) / denominator, stated as a ratio form."""

    name = "sisa"
    input = "formula"

    def parse(self, raw: object, question: QuestionSpec) -> float:
        raise AnswerError("computed")

    def ratio_terms(self, question: QuestionSpec) -> RatioTerms:
        assert question.numerator
        assert question.denominator
        whole, done = question.denominator[0], question.numerator[0]
        return ((whole, 1.0), (done, -1.0)), ((whole, 1.0),)


class TanpaRumus(AnswerType):
    """A formula type that says neither how to compute it nor its ratio form."""

    name = "tanpa_rumus"
    input = "formula"


class BacaLain(Sisa):
    """A formula type that reads a count no question of the rubric is."""

    name = "baca_lain"

    def formula_inputs(self, question: QuestionSpec) -> list[str]:
        return [*question.formula_refs(), "tidak.ada"]


class _Plugin:
    @hookimpl
    def zi_answer_types(self) -> list[AnswerType]:
        terbalik = Terbalik("terbalik", {"Ya": 1.0, "Tidak": 0.0})
        return [terbalik, TabelSendiri(), JumlahKecil(), Sisa(), TanpaRumus(), BacaLain()]


ENGINE = Engine(plugins=[_Plugin()])


def _mini(tmp_path: Path, **answers: str) -> Rubric:
    """The mini rubric with some questions' answer types replaced (``{question: type}``)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    area = target / "areas" / "a.yaml"
    text = area.read_text(encoding="utf-8")
    for qid, answer in answers.items():
        start = text.index(f"- id: {qid}\n")
        head, tail = text[:start], text[start:]
        old = tail[tail.index("answer: ") :].split("\n", 1)[0]
        text = head + tail.replace(old, f"answer: {answer}", 1)
    area.write_text(text, encoding="utf-8")
    return ENGINE.load_rubric(target)


def _unit(**answers: Any) -> Submission:
    base = {"a.p.satu.a": "A", "a.p.satu.b": "Ya", "a.r.dua.jumlah": 4, "a.r.dua.selesai": 1}
    base.update(answers)
    return Submission.model_validate(
        {"unit": {"id": "U", "name": "U", "agency": {"id": "A"}}, "year": 2026, "answers": base}
    )


def _index(rubric: Rubric, qid: str) -> int:
    return rubric.tree.item_by_id[qid]


def test_the_built_in_types_are_read_from_their_tables(tmp_path: Path) -> None:
    rubric = zi_engine.load_rubric(MINI)
    fast = {index for index, _, _ in rubric.layout.choices}
    assert {_index(rubric, "a.p.satu.a"), _index(rubric, "a.p.satu.b")} <= fast
    counts = {index for index, _ in rubric.layout.counts}
    assert counts == {_index(rubric, "a.r.dua.jumlah"), _index(rubric, "a.r.dua.selesai")}


def test_a_subclass_that_reads_answers_its_own_way_is_always_asked(tmp_path: Path) -> None:
    rubric = _mini(tmp_path, **{"a.p.satu.b": "terbalik"})
    assert _index(rubric, "a.p.satu.b") not in {i for i, _, _ in rubric.layout.choices}
    ev = ENGINE.evaluate(rubric, _unit(**{"a.p.satu.b": "Ya"}))
    assert ev.items["a.p.satu.b"].value == 0.0  # its parse, not the table's 1.0


def test_a_plugin_type_that_states_its_table_is_read_fast(tmp_path: Path) -> None:
    rubric = _mini(tmp_path, **{"a.p.satu.b": "tabel_sendiri"})
    assert _index(rubric, "a.p.satu.b") in {i for i, _, _ in rubric.layout.choices}
    ev = ENGINE.evaluate(rubric, _unit(**{"a.p.satu.b": "Ada"}))
    assert ev.items["a.p.satu.b"].value == 1.0
    with pytest.raises(zi_engine.SubmissionError, match="expected Ada or Tidak"):
        ENGINE.evaluate(rubric, _unit(**{"a.p.satu.b": "Ya"}))


def test_a_count_subclass_with_its_own_parse_reads_even_whole_numbers(tmp_path: Path) -> None:
    rubric = _mini(tmp_path, **{"a.r.dua.jumlah": "jumlah_kecil"})
    assert _index(rubric, "a.r.dua.jumlah") not in {i for i, _ in rubric.layout.counts}
    with pytest.raises(zi_engine.SubmissionError, match="at most 100"):
        ENGINE.evaluate(rubric, _unit(**{"a.r.dua.jumlah": 500}))


def test_a_plugin_formula_in_a_fast_shape_is_computed_inline(tmp_path: Path) -> None:
    rubric = _mini(tmp_path, **{"a.r.dua.persen": "sisa"})
    (formula,) = rubric.layout.formulas
    assert formula[4] == DECLINE  # (jumlah - selesai) / jumlah has the decline's shape
    ev = ENGINE.evaluate(rubric, _unit())
    assert ev.items["a.r.dua.persen"].value == pytest.approx(0.75)  # 3 of 4 left


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("tanpa_rumus", "'tanpa_rumus' is a formula .* implements neither compute"),
        ("baca_lain", r"'baca_lain' reads 'tidak\.ada' for question 'a\.r\.dua\.persen'"),
    ],
)
def test_a_formula_type_that_cannot_be_scored_is_a_plugin_error_at_load(
    tmp_path: Path, answer: str, message: str
) -> None:
    with pytest.raises(zi_engine.PluginError, match=message):
        _mini(tmp_path, **{"a.r.dua.persen": answer})


def test_compute_by_default_evaluates_the_ratio_form() -> None:
    q = QuestionSpec(id="s", text="Sisa", answer="sisa", numerator=["done"], denominator=["all"])
    value = Sisa().compute({"done": 1, "all": 4}, q, zero_denominator=1.0)
    assert value == pytest.approx(0.75)
    assert Sisa().compute({"done": 0, "all": 0}, q, zero_denominator=0.5) == 0.5
    with pytest.raises(NotImplementedError):
        TabelSendiri().compute({}, q, zero_denominator=0.0)


def test_the_default_next_better_answer_is_one_option_up() -> None:
    abc = zi_engine.default_engine().answer_types["abc"]
    assert abc.next_better(QUESTION, 0.0, {}, zero_denominator=0.0) == Improvement({"q": "B"}, 0.5)
    assert abc.next_better(QUESTION, 0.5, {}, zero_denominator=0.0) == Improvement({"q": "A"}, 1.0)
    assert abc.next_better(QUESTION, 1.0, {}, zero_denominator=0.0) is None
    # within the tolerance an option is no better
    assert abc.next_better(QUESTION, 0.5 - TOLERANCE / 2, {}, zero_denominator=0.0).value == 1.0


def test_a_measured_number_says_which_answer_gives_a_value() -> None:
    q = QuestionSpec(id="ipak", text="IPAK", answer="survey_index", scale_max=4)
    survey = SurveyIndexAnswerType()
    assert survey.answer_for_value(0.9, q) == pytest.approx(3.6)
    assert survey.next_better(q, 0.5, {}, zero_denominator=0.0) is None  # measured, not chosen
    assert AnswerType().answer_for_value(0.5, q) is None


# -- one tolerance --------------------------------------------------------------------------


def test_an_option_value_within_the_tolerance_is_the_regulations_value(tmp_path: Path) -> None:
    """abcd's B is 0.67; 0.67 + 9e-10 written in a rubric is the same value (it was refused)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    area = target / "areas" / "a.yaml"
    text = area.read_text(encoding="utf-8")
    area.write_text(
        text.replace(
            "                answer: abc\n",
            "                answer: abcd\n"
            "                options:\n"
            "                  A: {text: Ya}\n"
            "                  B: {text: Sebagian, value: 0.6700000009}\n"
            "                  C: {text: Sedikit}\n"
            "                  D: {text: Tidak}\n",
        ),
        encoding="utf-8",
    )
    assert zi_engine.load_rubric(target).question("a.p.satu.a").answer == "abcd"


def test_every_layer_uses_the_one_tolerance() -> None:
    from zi_engine.eligibility import EPSILON, meets

    assert EPSILON == TOLERANCE == 1e-9
    assert meets(15.75 - TOLERANCE / 2, 15.75)
    assert not meets(15.75 - 2 * TOLERANCE, 15.75)
