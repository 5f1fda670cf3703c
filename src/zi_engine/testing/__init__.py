"""Hypothesis strategies for testing rubrics, submissions and integrations.

``zi_engine.testing`` is for test suites – zi_engine's own and yours ("test
your own rubric", see ``docs/testing.md``). It needs Hypothesis (the
``test`` extra); importing ``zi_engine`` itself never imports it.

Rubrics:

* :func:`rubric_documents` – the raw files of a valid rubric, as plain data
  (``{"rubric.yaml": {...}, "areas/1-a.yaml": {...}}``): any shape the format
  allows, weights consistent, every answer type and criterion kind;
* :func:`rubrics` – the same, written to a temporary directory and loaded by
  the real loader, so generated rubrics are validated exactly like authors'
  files;
* :func:`near_valid_rubrics` – rubric files (YAML text) with exactly one
  defect, and the :class:`Defect` (file, path, line) an error must point at.

Submissions: :func:`submissions` (complete or partial, answers in the unit,
TPI and TPN layers, counts and survey values at and around thresholds),
:func:`answers_for` (raw answers to one question), :func:`facts_for` (gate
facts a rubric reads), :func:`portal_documents` (the national portal's JSON).

Lifecycle: :func:`actors`, :func:`lifecycle_events` (sequences of triggers
with actors, times and payloads, to fire at a :class:`~zi_engine.Lifecycle`)
and :func:`lifecycle_evaluations` (what a trigger's ``evaluation=`` reads).

:func:`register` makes ``st.from_type(Rubric)`` and ``st.from_type(Submission)``
work; Hypothesis calls it through its entry-point group on import.
"""

from __future__ import annotations

import copy
import math
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

import yaml

# Hypothesis runs its entry points (ours included) when it is first imported. If that
# happens below, while this module is still loading, the hook only notes the request
# and registration happens at the end of this module.
_module_loaded = False
_register_when_loaded = False


def _hypothesis_setup_hook() -> None:
    """Entry point of Hypothesis' plugin group (``[project.entry-points.hypothesis]``)."""
    global _register_when_loaded  # noqa: PLW0603 - see the comment above
    if _module_loaded:
        register()
    else:
        _register_when_loaded = True


from hypothesis import reject  # noqa: E402 - after the hook, which Hypothesis looks up
from hypothesis import strategies as st  # noqa: E402

from zi_engine.eligibility._criteria import CriterionResult  # noqa: E402
from zi_engine.eligibility._evaluation import PredicateResult  # noqa: E402
from zi_engine.engine._engine import Engine, default_engine  # noqa: E402
from zi_engine.lifecycle import Actor, LifecycleDefinition, load_lifecycle_definition  # noqa: E402
from zi_engine.rubric._answers import (  # noqa: E402
    ChoiceAnswerType,
    CountAnswerType,
    FormulaAnswerType,
    OptionsAnswerType,
    SurveyIndexAnswerType,
)
from zi_engine.rubric._model import QuestionSpec  # noqa: E402
from zi_engine.rubric._rubric import Rubric  # noqa: E402
from zi_engine.submission._model import (  # noqa: E402
    LAYERS,
    AgencyFacts,
    AgencyInfo,
    AnswerEntry,
    Facts,
    Layer,
    LayeredAnswer,
    Submission,
    UnitFacts,
    UnitInfo,
)

__all__ = [
    "ANSWER_TYPES",
    "CRITERION_KINDS",
    "DEFECT_KINDS",
    "LIFECYCLE_START",
    "WIB",
    "DaysBefore",
    "Defect",
    "Documents",
    "EvaluationStub",
    "LifecycleEvent",
    "actors",
    "answers_for",
    "documents_to_yaml",
    "facts_for",
    "lifecycle_evaluations",
    "lifecycle_events",
    "line_of",
    "load_documents",
    "near_valid_rubrics",
    "plain_texts",
    "portal_documents",
    "register",
    "rubric_documents",
    "rubrics",
    "submissions",
    "texts",
    "write_documents",
]

Documents = dict[str, dict[str, Any]]
"""A rubric's files as plain data: file name (relative to the rubric directory) → content.

``"rubric.yaml"`` is the manifest; every other entry is an area file it lists.
"""

RawAnswer = str | int | float | None
PathT = tuple[str | int, ...]

ANSWER_TYPES: tuple[str, ...] = (
    "ya_tidak",
    "abc",
    "abcd",
    "abcde",
    "options",
    "survey_index",
    "count",
    "ratio",
    "decline",
)
"""Every built-in answer type; :func:`rubric_documents` uses each of them."""

CRITERION_KINDS: tuple[str, ...] = (
    "score_min",
    "area_percent_min",
    "fact_equals",
    "fact_true",
    "fact_min",
    "fact_grade_min",
    "years_since_min",
)
"""Every built-in criterion kind; :func:`rubric_documents` uses each of them."""

_FIXED_VALUES: dict[str, dict[str, float]] = {
    "ya_tidak": {"Ya": 1.0, "Tidak": 0.0},
    "abc": {"A": 1.0, "B": 0.5, "C": 0.0},
    "abcd": {"A": 1.0, "B": 0.67, "C": 0.33, "D": 0.0},
    "abcde": {"A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0},
}
_DEFAULT_GRADES = ["AA", "A", "BB", "B", "CC", "C", "D"]

# ------------------------------------------------------------------------------- texts

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


def plain_texts() -> st.SearchStrategy[str]:
    """Short label-like texts made of words (no characters YAML treats specially)."""
    return st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map(" ".join)


def texts(*, number_like: bool = True) -> st.SearchStrategy[str]:
    """Texts for labels, questions and notes: plain words, texts that YAML readers
    misread when unquoted (``yes``, ``1e5``, ``a: b``), and arbitrary Unicode.

    ``number_like=False`` leaves out :data:`NUMBER_LIKE_TEXTS`.
    """
    awkward = AWKWARD_TEXTS + (NUMBER_LIKE_TEXTS if number_like else ())
    anything = st.text(st.characters(codec="utf-8"), min_size=1, max_size=24).filter(
        lambda s: bool(s.strip())
    )
    if not number_like:
        anything = anything.filter(lambda s: not _YAML12_NUMBER.fullmatch(s.strip()))
    return st.one_of(plain_texts(), st.sampled_from(awkward), anything)


_YAML12_NUMBER = re.compile(
    r"[-+]?(?:[0-9]+|\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
)


# ------------------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, without aliases, quoting what YAML 1.2 reads as numbers.

    PyYAML resolves plain scalars by YAML 1.1 rules; zi_engine reads YAML 1.2
    core. The extra resolvers make the emitter quote ``0o17`` and ``1e5``.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)


def _dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def documents_to_yaml(documents: Documents) -> dict[str, str]:
    """Each file of ``documents`` as YAML text, written so that zi_engine reads it back
    as the same data."""
    return {name: _dump_yaml(data) for name, data in documents.items()}


def write_documents(documents: Documents | Mapping[str, str], directory: str | Path) -> Path:
    """Write rubric files (data or YAML text) into ``directory``; return the directory."""
    root = Path(directory)
    for name, content in documents.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else _dump_yaml(content)
        path.write_text(text, encoding="utf-8")
    return root


def load_documents(
    documents: Documents | Mapping[str, str], *, engine: Engine | None = None
) -> Rubric:
    """Load rubric files (data or YAML text) through the real loader, via a temporary
    directory. Raises :class:`~zi_engine.RubricError` like ``load_rubric``."""
    engine = engine or default_engine()
    with tempfile.TemporaryDirectory(prefix="zi-rubric-") as tmp:
        return engine.load_rubric(write_documents(documents, tmp))


# ------------------------------------------------------------------------------- rubrics


@dataclass(frozen=True, slots=True)
class _Config:
    max_components: int
    max_areas: int
    max_depth: int
    max_questions: int
    predicates: bool
    texts: st.SearchStrategy[str]
    zero_weights: bool


@dataclass(slots=True)
class _Build:
    """What one rubric draw has produced so far (for unique ids and criterion targets)."""

    draw: st.DrawFn
    config: _Config
    budget: int
    next_id: int = 0
    next_soal: int = 1
    zero_default: float | None = None
    nodes: list[tuple[str, float]] = field(default_factory=list)  # (criterion ref, maximum)
    items: list[tuple[str, float]] = field(default_factory=list)  # (scored question, maximum)
    counts: list[str] = field(default_factory=list)

    def name(self, prefix: str) -> str:
        self.next_id += 1
        return f"{prefix}{self.next_id}"

    def text(self) -> str:
        return self.draw(self.config.texts)

    def weight(self) -> float:
        """A weight: mostly quarters (exact in binary), sometimes tenths, rarely zero."""
        kind = self.draw(st.integers(0, 9))
        if kind == 9 and self.config.zero_weights:
            return 0.0
        if kind >= 6:
            return self.draw(st.integers(1, 60)) / 10
        return self.draw(st.integers(1, 40)) / 4


def _base_question(b: _Build, answer: str, *, soal: bool = True) -> dict[str, Any]:
    q: dict[str, Any] = {"id": b.name("q"), "text": b.text(), "answer": answer}
    draw = b.draw
    if soal and draw(st.integers(0, 4)) > 0:
        q["soal_id"] = b.next_soal
        b.next_soal += draw(st.integers(1, 3))
    if draw(st.booleans()):
        q["guidance"] = b.text()
    if draw(st.integers(0, 2)) == 0:
        q["evidence"] = draw(st.lists(b.config.texts, min_size=1, max_size=2))
        q["evidence_required"] = draw(st.booleans())
    return q


def _choice_question(b: _Build, answer: str) -> dict[str, Any]:
    q = _base_question(b, answer)
    style = b.draw(st.integers(0, 2))
    values = _FIXED_VALUES[answer]
    if style == 1:
        q["options"] = {key: b.text() for key in values}
    elif style == 2:
        q["options"] = {key: {"text": b.text(), "value": v} for key, v in values.items()}
    return q


def _options_question(b: _Build) -> dict[str, Any]:
    q = _base_question(b, "options")
    draw = b.draw
    keys = draw(
        st.one_of(
            st.lists(
                st.sampled_from(["A", "B", "C", "D", "E"]), min_size=2, max_size=4, unique=True
            ),
            st.lists(
                st.sampled_from(["Ada", "Tidak ada", "Sebagian", "Lengkap", "Belum", "x y"]),
                min_size=2,
                max_size=4,
                unique=True,
            ),
        )
    )
    value = st.one_of(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), st.floats(0, 1))
    values = [draw(value) for _ in keys]
    values[draw(st.integers(0, len(keys) - 1))] = 1.0  # full marks are always possible
    q["options"] = {k: {"text": b.text(), "value": v} for k, v in zip(keys, values, strict=True)}
    return q


def _survey_question(b: _Build) -> dict[str, Any]:
    q = _base_question(b, "survey_index")
    scale = b.draw(st.sampled_from([None, 4.0, 4, 5, 10, 100, 4.5]))
    if scale is not None:
        q["scale_max"] = scale
    return q


def _count(b: _Build) -> dict[str, Any]:
    q = _base_question(b, "count")
    b.counts.append(q["id"])
    return q


def _zero_rule(b: _Build, q: dict[str, Any]) -> None:
    if b.zero_default is None or b.draw(st.booleans()):
        q["zero_denominator"] = b.draw(st.sampled_from([0.0, 1.0, 0.5, 0, 1]))


def _formula(b: _Build, answer: str) -> list[dict[str, Any]]:
    """A ratio or decline and the counts it reads (new ones, or rarely one made earlier)."""
    draw = b.draw
    q = _base_question(b, answer, soal=False)
    made: list[dict[str, Any]] = []
    earlier = list(b.counts)

    def ref() -> str:
        if earlier and draw(st.integers(0, 5)) == 0:  # a count another formula reads too
            return draw(st.sampled_from(earlier))
        made.append(_count(b))
        return cast(str, made[-1]["id"])

    if answer == "ratio":
        q["numerator"] = [ref() for _ in range(draw(st.integers(1, 2)))]
        q["denominator"] = [ref() for _ in range(draw(st.integers(1, 3)))]
    else:
        q["previous"] = ref()
        q["current"] = ref()
    _zero_rule(b, q)
    if draw(st.booleans()):
        return [q, *made]
    return [*made, q]


def _leaf(b: _Build, scoring: str) -> tuple[list[dict[str, Any]], float, list[tuple[str, float]]]:
    """Questions of a leaf sub-area, its weight, and ``(id, weight)`` of its scored ones."""
    draw = b.draw
    n = draw(st.integers(1, 3 if b.budget > 3 else 1))
    questions: list[dict[str, Any]] = []
    scored: list[dict[str, Any]] = []
    for _ in range(n):
        answer = draw(st.sampled_from(ANSWER_TYPES))
        if answer == "count":  # a count alone scores nothing: pair it with a formula
            answer = "ratio"
        if answer in _FIXED_VALUES:
            made = [_choice_question(b, answer)]
        elif answer == "options":
            made = [_options_question(b)]
        elif answer == "survey_index":
            made = [_survey_question(b)]
        else:
            made = _formula(b, answer)
        questions += made
        scored += [q for q in made if q["answer"] != "count"]
    b.budget -= len(questions)
    if scoring == "weighted":
        for q in scored:
            q["weight"] = b.weight()
        weight = math.fsum(q["weight"] for q in scored)
        shares = [(q["id"], q["weight"]) for q in scored]
    else:
        weight = b.weight()
        shares = [(q["id"], weight / len(scored)) for q in scored]
    order = draw(st.permutations(range(len(questions))))
    return [questions[i] for i in order], weight, shares


def _children(
    b: _Build, holder: dict[str, Any], path: str, depth: int, *, allow_questions: bool
) -> float:
    """Fill ``holder`` with ``sub_areas`` or (if allowed) ``questions``; return its weight."""
    draw = b.draw
    nest = depth < b.config.max_depth and b.budget > 2 and draw(st.booleans())
    if nest or not allow_questions:
        groups = []
        total = 0.0
        for _ in range(draw(st.integers(1, 2 if b.budget > 4 else 1))):
            group, weight = _group(b, path, depth + 1)
            groups.append(group)
            total += weight
        holder["sub_areas"] = groups
        return total
    scoring = draw(st.sampled_from(["mean", "weighted", None]))
    questions, weight, shares = _leaf(b, scoring or "mean")
    if scoring is not None:
        holder["scoring"] = scoring
    holder["questions"] = questions
    b.items += shares
    return weight


def _group(b: _Build, parent: str, depth: int) -> tuple[dict[str, Any], float]:
    gid = b.name("g")
    group: dict[str, Any] = {"id": gid, "label": b.text(), "weight": 0.0}
    path = f"{parent}.{gid}"
    weight = _children(b, group, path, depth, allow_questions=True)
    group["weight"] = weight
    if "sub_areas" in group:
        group["sub_areas"] = group.pop("sub_areas")  # keep 'weight' before the children
    else:
        group["questions"] = group.pop("questions")
    b.nodes.append((path, weight))
    return group, weight


def _area(b: _Build, component: str, parts: Sequence[str]) -> tuple[dict[str, Any], list[float]]:
    """An area of ``component``; returns it and its weight per part (or ``[weight]``)."""
    aid = b.name("a")
    area: dict[str, Any] = {"id": aid, "label": b.text(), "weight": 0.0}
    if parts:
        made: dict[str, dict[str, Any]] = {}
        for part in b.draw(st.permutations(parts)):  # drawn in any order, written in order
            holder: dict[str, Any] = {"weight": 0.0}
            path = f"{component}.{part}.{aid}"
            holder["weight"] = _children(b, holder, path, 0, allow_questions=False)
            made[part] = holder
            b.nodes.append((path, holder["weight"]))
        area["parts"] = {p: made[p] for p in parts}
        weights = [made[p]["weight"] for p in parts]
        total = math.fsum(weights)
    else:
        path = f"{component}.{aid}"
        total = _children(b, area, path, 0, allow_questions=True)
        weights = [total]
        b.nodes.append((path, total))
    area["weight"] = total
    children: dict[str, Any] = {
        k: area.pop(k) for k in ("parts", "sub_areas", "scoring", "questions") if k in area
    }
    area.update(children)
    b.nodes.append((f"area:{aid}", total))
    return area, weights


_COMPONENTS = ("pengungkit", "hasil", "komponen_lain")
_PARTS = ("pemenuhan", "reform", "inovasi")


@st.composite
def _rubric_documents(draw: st.DrawFn, config: _Config) -> Documents:
    b = _Build(draw, config, budget=config.max_questions)
    if draw(st.booleans()):
        b.zero_default = draw(st.sampled_from([0.0, 1.0, 0.5]))
    n_comp = draw(st.integers(1, config.max_components))
    n_areas = draw(st.integers(n_comp, max(n_comp, config.max_areas)))
    owners = list(range(n_comp)) + draw(
        st.lists(st.integers(0, n_comp - 1), min_size=n_areas - n_comp, max_size=n_areas - n_comp)
    )
    owners.sort()
    components: list[dict[str, Any]] = []
    files: list[tuple[str, dict[str, Any]]] = []
    for c in range(n_comp):
        cid = _COMPONENTS[c]
        parts = list(_PARTS[: draw(st.sampled_from([0, 0, 1, 2, 3]))])
        areas = []
        part_weights = [0.0] * len(parts)
        comp_weight = 0.0
        for _ in range(owners.count(c)):
            area, weights = _area(b, cid, parts)
            areas.append(area)
            comp_weight += area["weight"]
            for i, w in enumerate(weights if parts else ()):
                part_weights[i] += w
        comp: dict[str, Any] = {"id": cid, "label": b.text(), "weight": comp_weight}
        if parts:
            comp["parts"] = [
                {"id": p, "label": b.text(), "weight": w}
                for p, w in zip(parts, part_weights, strict=True)
            ]
        components.append(comp)
        b.nodes.append((cid, comp_weight))
        b.nodes += [(f"{cid}.{p}", w) for p, w in zip(parts, part_weights, strict=True)]
        # split the component's areas over one or more files
        cut = draw(st.integers(1, len(areas)))
        for index, chunk in enumerate((areas[:cut], areas[cut:])):
            if chunk:
                name = draw(
                    st.sampled_from([f"areas/{c + 1}-{index}-{cid}.yaml", f"{cid}-{index}.yml"])
                )
                files.append((name, {"component": cid, "areas": chunk}))
    total = math.fsum(c["weight"] for c in components)
    b.nodes.append(("total", total))
    files = [files[i] for i in draw(st.permutations(range(len(files))))]
    grades = draw(
        st.sampled_from([None, _DEFAULT_GRADES, ["A", "B", "C"], ["Baik", "Cukup", "Kurang"]])
    )
    manifest: dict[str, Any] = {
        "id": draw(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)),
        "version": draw(st.sampled_from(["1", "2021.1", "v2", "2026-rc1"])),
        "title": b.text(),
        "regulation": {"name": b.text()},
        "effective": _effective(draw),
        "total": total,
        "components": components,
        "areas": [name for name, _ in files],
    }
    if draw(st.booleans()):
        manifest["description"] = b.text()
    if grades is not None:
        manifest["grades"] = list(grades)
    policies: dict[str, Any] = {}
    if b.zero_default is not None:
        policies["zero_denominator_default"] = b.zero_default
    if draw(st.booleans()):
        policies["area_minimum_scope"] = draw(st.sampled_from(["area", "each_part"]))
    if policies:
        manifest["policies"] = policies
    if config.predicates:
        manifest["predicates"] = _predicates(b, components, list(grades or _DEFAULT_GRADES))
    return {"rubric.yaml": manifest, **dict(files)}


def _effective(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.dates(date(2010, 1, 1), date(2030, 12, 31)))
    out: dict[str, Any] = {"from": start.isoformat()}
    if draw(st.booleans()):
        out["until"] = (start + timedelta(days=draw(st.integers(0, 4000)))).isoformat()
    return out


# fact path -> what it holds (see zi_engine.Facts)
_FACTS: dict[str, str] = {
    "agency.bpk_opinion": "text",
    "agency.sakip_grade": "grade",
    "agency.indeks_rb_grade": "grade",
    "agency.spip_level": "level",
    "unit.core_service": "bool",
    "unit.tlhp_percent": "percent",
    "unit.lhkpn_percent": "percent",
    "unit.lhkasn_percent": "percent",
    "unit.building_since": "date",
    "unit.sakip_grade": "grade",
    "unit.predicate_held": "predicate",
    "unit.predicate_since": "date",
    "extra.skor_integrasi": "number",
    "extra.bebas_temuan": "bool",
    "extra.status_ombudsman": "text",
    "extra.tanggal_sk": "date",
}


def _facts_of(kind: str) -> list[str]:
    wanted = {
        "fact_equals": ("text", "predicate", "grade", "bool"),
        "fact_true": ("bool",),
        "fact_min": ("level", "percent", "number"),
        "fact_grade_min": ("grade",),
        "years_since_min": ("date",),
    }[kind]
    return [f for f, t in _FACTS.items() if t in wanted and not f.startswith("extra.tanggal")]


def _criterion(
    b: _Build, kind: str, cid: str, components: list[dict[str, Any]], grades: list[str]
) -> dict[str, Any]:
    draw = b.draw
    spec: dict[str, Any] = {"id": cid, "label": b.text(), "kind": kind}
    fraction = st.one_of(st.sampled_from([0.0, 0.5, 0.6, 0.75, 0.9, 1.0]), st.floats(0, 1))
    if kind == "score_min":
        targets = b.nodes + [(f"item:{qid}", top) for qid, top in b.items]
        node, top = draw(st.sampled_from(targets))
        spec["node"] = node
        spec["min"] = top * draw(fraction)
    elif kind == "area_percent_min":
        spec["component"] = draw(st.sampled_from([c["id"] for c in components]))
        spec["min_percent"] = draw(st.sampled_from([0, 50, 60, 75, 100, 62.5]))
        if draw(st.booleans()):
            spec["scope"] = draw(st.sampled_from(["area", "each_part"]))
    else:
        fact = draw(st.sampled_from(_facts_of(kind)))
        spec["fact"] = fact
        what = _FACTS[fact]
        if kind == "fact_equals":
            value: Any = {
                "text": "WTP",
                "predicate": "WBK",
                "grade": draw(st.sampled_from(grades)),
                "bool": True,
            }[what]
            if what != "bool" and draw(st.booleans()):
                spec["one_of"] = [
                    value,
                    *draw(st.lists(st.sampled_from(["WDP", "WBBM", "lain"]), max_size=2)),
                ]
            else:
                spec["equals"] = value
        elif kind == "fact_min":
            top = {"level": 5.0, "percent": 100.0, "number": 10.0}[what]
            spec["min"] = top * draw(fraction)
        elif kind == "fact_grade_min":
            if draw(st.booleans()):
                spec["min_grade"] = draw(st.sampled_from(grades))
            else:
                spec["min_grade_by_agency_type"] = {
                    "regional": draw(st.sampled_from(grades)),
                    "central": draw(st.sampled_from(grades)),
                }
        elif kind == "years_since_min":
            spec["min_years"] = draw(st.sampled_from([1, 2, 1.5, 0, 0.5]))
    if draw(st.integers(0, 3)) == 0:
        spec["source"] = b.text()
    return spec


def _predicates(
    b: _Build, components: list[dict[str, Any]], grades: list[str]
) -> list[dict[str, Any]]:
    draw = b.draw
    ids = draw(
        st.lists(st.sampled_from(["WBK", "WBBM", "KAWASAN-WBK", "P1"]), max_size=2, unique=True)
    )
    out = []
    for pid in ids:
        score_kinds = draw(st.lists(st.sampled_from(CRITERION_KINDS[:2]), max_size=4))
        fact_kinds = draw(st.lists(st.sampled_from(CRITERION_KINDS[2:]), max_size=5))
        criteria = [
            _criterion(b, k, f"c{i}_{k}", components, grades) for i, k in enumerate(score_kinds)
        ]
        gates = [
            _criterion(b, k, f"g{i}_{k}", components, grades) for i, k in enumerate(fact_kinds)
        ]
        if criteria and draw(st.integers(0, 5)) == 0:  # the format allows a score gate
            gates.append(criteria.pop(draw(st.integers(0, len(criteria) - 1))))
        out.append({"id": pid, "label": b.text(), "criteria": criteria, "gates": gates})
    return out


def rubric_documents(
    *,
    max_components: int = 3,
    max_areas: int = 4,
    max_depth: int = 3,
    max_questions: int = 20,
    predicates: bool = True,
    text: st.SearchStrategy[str] | None = None,
    zero_weights: bool = True,
) -> st.SearchStrategy[Documents]:
    """The files of a valid rubric as plain data (see :data:`Documents`).

    Any shape the format allows: 1–``max_components`` components with or
    without parts, 1–``max_areas`` areas spread over one or more files per
    component, sub-areas nested up to ``max_depth``, ``mean`` and ``weighted``
    sub-areas, every answer type (counts always feed a ``ratio`` or
    ``decline``, which state a ``zero_denominator`` or use the manifest's
    default) and, with ``predicates``, criteria of every built-in kind with
    reachable thresholds. Weights are consistent by construction (built bottom
    up). About ``max_questions`` questions. ``text`` draws labels and question
    texts (default :func:`texts`); ``zero_weights`` allows weights of 0.
    """
    config = _Config(
        max_components=max(1, min(max_components, len(_COMPONENTS))),
        max_areas=max_areas,
        max_depth=max(1, max_depth),
        max_questions=max(1, max_questions),
        predicates=predicates,
        texts=text if text is not None else texts(),
        zero_weights=zero_weights,
    )
    return _rubric_documents(config)


def rubrics(
    *,
    engine: Engine | None = None,
    documents: st.SearchStrategy[Documents] | None = None,
    **kwargs: Any,
) -> st.SearchStrategy[Rubric]:
    """Valid :class:`~zi_engine.Rubric` s, loaded through the real loader.

    ``documents`` (default ``rubric_documents(**kwargs)``) gives the files;
    each example is written to a temporary directory and loaded with
    ``engine`` (default: the built-in engine).
    """
    source = documents if documents is not None else rubric_documents(**kwargs)
    return source.map(lambda docs: load_documents(docs, engine=engine))


# ------------------------------------------------------------------------------- defects


@dataclass(frozen=True, slots=True)
class Defect:
    """The one thing wrong with a near-valid rubric.

    ``file`` is relative to the rubric directory; ``path`` the location of
    the fault inside the file (``("areas", 0, "weight")``); ``line`` the
    1-based line an error must name (``None`` when the problem has no single
    line, such as a file that does not exist); ``kind`` one of
    :data:`DEFECT_KINDS`.
    """

    file: str
    path: PathT
    kind: str
    description: str
    line: int | None


@dataclass(slots=True)
class _Spot:
    """A place in the documents: which file, the path to a mapping, and the mapping."""

    file: str
    path: PathT
    node: dict[str, Any]


def _walk(value: Any, path: PathT) -> Iterator[tuple[PathT, dict[str, Any]]]:
    if isinstance(value, dict):
        yield path, value
        for key, child in value.items():
            yield from _walk(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, (*path, index))


def _spots(docs: Documents, test: Callable[[PathT, dict[str, Any]], bool]) -> list[_Spot]:
    return [
        _Spot(name, path, node)
        for name, data in docs.items()
        for path, node in _walk(data, ())
        if test(path, node)
    ]


def _questions_in_order(docs: Documents) -> list[_Spot]:
    """Every question in the order the scoring tree holds them (manifest file order)."""
    out = []
    for name in docs["rubric.yaml"]["areas"]:
        out += _spots({name: docs[name]}, lambda p, n: len(p) >= 2 and p[-2] == "questions")
    return out


def _is_group(path: PathT, node: dict[str, Any]) -> bool:
    return len(path) >= 2 and path[-2] == "sub_areas"


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line where the value at ``path`` starts in YAML ``text`` (the deepest
    existing node on the way when ``path`` does not exist), read with PyYAML's composer."""
    node: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    for key in path:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if k.value == str(key)]
            if not found:
                break
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return None if node is None else cast(int, node.start_mark.line) + 1


_DefectMaker = Callable[[st.DrawFn, Documents], tuple[Documents, dict[str, str], Defect] | None]


def _data_defect(
    kind: str,
    pick: Callable[[Documents], list[_Spot]],
    change: Callable[[st.DrawFn, Documents, _Spot], tuple[PathT, str]],
) -> _DefectMaker:
    """A defect made by changing the data at one spot; the line is found from the path."""

    def make(draw: st.DrawFn, docs: Documents) -> tuple[Documents, dict[str, str], Defect] | None:
        docs = copy.deepcopy(docs)
        spots = pick(docs)
        if not spots:
            return None
        spot = draw(st.sampled_from(spots))
        path, description = change(draw, docs, spot)
        yaml_files = documents_to_yaml(docs)
        line = line_of(yaml_files[spot.file], path)
        return docs, yaml_files, Defect(spot.file, path, kind, description, line)

    return make


def _set(
    key: str, value: Any, description: str
) -> Callable[[st.DrawFn, Documents, _Spot], tuple[PathT, str]]:
    def change(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
        spot.node[key] = value
        return (*spot.path, key), description.format(key=key, value=value)

    return change


def _weighted_nodes(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: "weight" in n and "label" in n)


def _leaf_groups(docs: Documents) -> list[_Spot]:
    """Sub-areas holding questions whose weight only their parent's sum depends on."""
    return _spots(
        docs, lambda p, n: _is_group(p, n) and "questions" in n and n.get("scoring") != "weighted"
    )


def _bump_leaf_weight(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    spot.node["weight"] = spot.node["weight"] + 1.0
    return (*spot.path[:-1],), "a sub-area weight no longer adds up with its siblings"


def _remove(key: str) -> Callable[[st.DrawFn, Documents, _Spot], tuple[PathT, str]]:
    def change(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
        del spot.node[key]
        return spot.path, f"required field {key!r} removed"

    return change


def _duplicate_id(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    order = _questions_in_order(docs)
    first = order[0].node["id"]
    spot.node["id"] = first
    return (*spot.path, "id"), f"question id {first!r} used twice"


def _choice_questions_after_first(docs: Documents) -> list[_Spot]:
    order = _questions_in_order(docs)
    return [
        s for s in order[1:] if s.node["answer"] in _FIXED_VALUES or s.node["answer"] == "options"
    ]


def _dangling_ref(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    description = "a formula refers to a question that does not exist"
    if spot.node["answer"] == "ratio":
        spot.node["numerator"][0] = "tidak_ada.jumlah"
        return (*spot.path, "numerator", 0), description
    spot.node["previous"] = "tidak_ada.jumlah"
    return (*spot.path, "previous"), description


def _formulas(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: n.get("answer") in ("ratio", "decline"))


def _criteria(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: len(p) == 4 and p[0] == "predicates" and "kind" in n)


def _score_mins(docs: Documents) -> list[_Spot]:
    return [s for s in _criteria(docs) if s.node["kind"] == "score_min"]


def _unreachable(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    rubric = load_documents(docs)
    tree = rubric.tree
    node = spot.node["node"]
    if node.startswith("item:"):
        top = tree.items[cast(int, tree.resolve_item(node))].coef
    else:
        top = tree.nodes[cast(int, tree.resolve(node))].weight
    spot.node["min"] = top + 1
    return spot.path, f"threshold above the most {node} can score"


def _missing_zero(docs: Documents) -> list[_Spot]:
    manifest = docs["rubric.yaml"]
    if "zero_denominator_default" in manifest.get("policies", {}):
        return []
    return _formulas(docs)


def _until_before_from(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    start = date.fromisoformat(spot.node["effective"]["from"])
    spot.node["effective"]["until"] = (start - timedelta(days=1)).isoformat()
    return ("effective",), "the effective period ends before it starts"


def _missing_file(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    spot.node["areas"].append("areas/tidak-ada.yaml")
    return ("areas", len(spot.node["areas"]) - 1), "the manifest lists a file that does not exist"


def _counts(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: n.get("answer") == "count")


def _weighted_leaf(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: n.get("scoring") == "weighted" and "questions" in n)


def _break_weighted(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    scored = [q for q in spot.node["questions"] if "weight" in q]
    scored[0]["weight"] += 1.0
    return (*spot.path, "weight"), "the question weights of a weighted sub-area do not add up"


def _bad_grade(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    # criterion kinds report their problems at the criterion, not at one of its fields
    if "min_grade" in spot.node:
        spot.node["min_grade"] = "ZZ"
    else:
        spot.node["min_grade_by_agency_type"]["central"] = "ZZ"
    return spot.path, "a grade not on the rubric's scale"


def _grade_criteria(docs: Documents) -> list[_Spot]:
    return [s for s in _criteria(docs) if s.node["kind"] == "fact_grade_min"]


def _manifest(docs: Documents) -> list[_Spot]:
    return [_Spot("rubric.yaml", (), docs["rubric.yaml"])]


def _area_files(docs: Documents) -> list[_Spot]:
    return [_Spot(name, (), data) for name, data in docs.items() if name != "rubric.yaml"]


def _soal_after_first(docs: Documents) -> list[_Spot]:
    order = [s for s in _questions_in_order(docs) if "soal_id" in s.node]
    return order[1:]


def _duplicate_soal(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    first = next(s for s in _questions_in_order(docs) if "soal_id" in s.node)
    spot.node["soal_id"] = first.node["soal_id"]
    return (*spot.path, "soal_id"), "two questions carry the same soal_id"


def _option_out_of_range(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    key = next(iter(spot.node["options"]))
    spot.node["options"][key]["value"] = 1.5
    return (*spot.path, "options", key, "value"), "an option is worth more than 1"


def _options_questions(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: n.get("answer") == "options")


def _text_defect(
    kind: str, edit: Callable[[list[str], int], str], description: str
) -> _DefectMaker:
    """A defect made by editing one ``weight:`` line of a file's YAML text."""

    def make(draw: st.DrawFn, docs: Documents) -> tuple[Documents, dict[str, str], Defect] | None:
        yaml_files = documents_to_yaml(docs)
        candidates = [
            (name, i)
            for name, text in yaml_files.items()
            for i, line in enumerate(text.splitlines())
            if re.match(r"^\s*(- )?weight: [0-9.]+$", line)
        ]
        if kind == "alias":  # needs a second weight line after the first in the same file
            candidates = [
                (n, i) for n, i in candidates if [m for m, j in candidates if m == n and j > i]
            ]
        if not candidates:
            return None
        name, index = draw(st.sampled_from(candidates))
        lines = yaml_files[name].splitlines()
        line = edit(lines, index)
        yaml_files[name] = "\n".join(lines) + "\n"
        return docs, yaml_files, Defect(name, (), kind, description, int(line))

    return make


def _weight_key(line: str) -> tuple[str, str]:
    match = re.match(r"^(\s*(?:- )?)weight: ", line)
    assert match is not None
    prefix = match.group(1)
    return prefix, " " * len(prefix)


def _dup_key(lines: list[str], i: int) -> str:
    _, indent = _weight_key(lines[i])
    lines.insert(i + 1, f"{indent}weight: 1")
    return str(i + 2)


def _alias(lines: list[str], i: int) -> str:
    prefix, _ = _weight_key(lines[i])
    value = lines[i].split("weight: ", 1)[1]
    lines[i] = f"{prefix}weight: &w {value}"
    later = next(
        j for j in range(i + 1, len(lines)) if re.match(r"^\s*(- )?weight: [0-9.]+$", lines[j])
    )
    later_prefix, _ = _weight_key(lines[later])
    lines[later] = f"{later_prefix}weight: *w"
    return str(later + 1)


def _replace_value(value: str) -> Callable[[list[str], int], str]:
    def edit(lines: list[str], i: int) -> str:
        prefix, _ = _weight_key(lines[i])
        lines[i] = f"{prefix}weight: {value}"
        return str(i + 1)

    return edit


def _tab(lines: list[str], i: int) -> str:
    prefix, _ = _weight_key(lines[i])
    if prefix.strip():  # '- weight:' : indent the next line with a tab instead
        return _replace_value("\t1")(lines, i)
    lines[i] = "\t" + lines[i].lstrip(" ")
    return str(i + 1)


_DEFECTS: dict[str, _DefectMaker] = {
    "negative_weight": _data_defect(
        "negative_weight", _weighted_nodes, _set("weight", -1.0, "a negative weight")
    ),
    "weight_not_a_number": _data_defect(
        "weight_not_a_number", _weighted_nodes, _set("weight", "berat", "a weight written as text")
    ),
    "label_is_a_number": _data_defect(
        "label_is_a_number", _weighted_nodes, _set("label", 12, "a label written as a number")
    ),
    "unknown_field": _data_defect(
        "unknown_field", _weighted_nodes, _set("wieght", 1.0, "a misspelt field '{key}'")
    ),
    "missing_label": _data_defect("missing_label", _weighted_nodes, _remove("label")),
    "missing_question_text": _data_defect(
        "missing_question_text",
        lambda d: _spots(d, lambda p, n: "answer" in n),
        _remove("text"),
    ),
    "sub_area_weights": _data_defect("sub_area_weights", _leaf_groups, _bump_leaf_weight),
    "weighted_sum": _data_defect("weighted_sum", _weighted_leaf, _break_weighted),
    "duplicate_question_id": _data_defect(
        "duplicate_question_id", _choice_questions_after_first, _duplicate_id
    ),
    "duplicate_soal_id": _data_defect("duplicate_soal_id", _soal_after_first, _duplicate_soal),
    "unknown_answer_type": _data_defect(
        "unknown_answer_type",
        lambda d: _spots(d, lambda p, n: n.get("answer") in _FIXED_VALUES),
        _set("answer", "ya_tidak_mungkin", "an answer type that does not exist"),
    ),
    "dangling_formula_ref": _data_defect("dangling_formula_ref", _formulas, _dangling_ref),
    "missing_zero_denominator": _data_defect(
        "missing_zero_denominator", _missing_zero, _remove("zero_denominator")
    ),
    "count_with_weight": _data_defect(
        "count_with_weight", _counts, _set("weight", 1.0, "a count with a weight")
    ),
    "option_value_out_of_range": _data_defect(
        "option_value_out_of_range", _options_questions, _option_out_of_range
    ),
    "unknown_criterion_kind": _data_defect(
        "unknown_criterion_kind",
        _criteria,
        _set("kind", "skor_minimal", "an unknown criterion kind"),
    ),
    "unreachable_threshold": _data_defect("unreachable_threshold", _score_mins, _unreachable),
    "grade_not_on_scale": _data_defect("grade_not_on_scale", _grade_criteria, _bad_grade),
    "undeclared_component": _data_defect(
        "undeclared_component",
        _area_files,
        _set("component", "tidak_ada", "an area file names an undeclared component"),
    ),
    "until_before_from": _data_defect("until_before_from", _manifest, _until_before_from),
    "missing_area_file": _data_defect("missing_area_file", _manifest, _missing_file),
    "duplicate_key": _text_defect("duplicate_key", _dup_key, "a key written twice"),
    "alias": _text_defect("alias", _alias, "an anchor and an alias"),
    "python_tag": _text_defect(
        "python_tag", _replace_value("!!python/object/apply:os.system ['true']"), "a Python tag"
    ),
    "nan": _text_defect("nan", _replace_value(".nan"), "NaN as a weight"),
    "infinity": _text_defect("infinity", _replace_value("-.inf"), "infinity as a weight"),
    "huge_number": _text_defect("huge_number", _replace_value("1e999"), "a number too large"),
    "tab_indent": _text_defect("tab_indent", _tab, "a tab used for indenting"),
}

DEFECT_KINDS: tuple[str, ...] = tuple(_DEFECTS)
"""Every kind of defect :func:`near_valid_rubrics` can plant."""


@st.composite
def _near_valid(
    draw: st.DrawFn, kinds: tuple[str, ...], documents: st.SearchStrategy[Documents]
) -> tuple[dict[str, str], Defect]:
    docs = draw(documents)
    for kind in draw(st.permutations(kinds)):
        made = _DEFECTS[kind](draw, docs)
        if made is not None:
            return made[1], made[2]
    reject()


def near_valid_rubrics(
    kinds: Sequence[str] | None = None, *, documents: st.SearchStrategy[Documents] | None = None
) -> st.SearchStrategy[tuple[dict[str, str], Defect]]:
    """Rubrics with exactly one defect: ``(files, defect)``.

    ``files`` maps file names (``rubric.yaml``, area files) to YAML text, ready
    for :func:`write_documents`; ``defect`` says what is wrong and the file
    and line a :class:`~zi_engine.RubricError` must point at. ``kinds``
    restricts the defects (default: all of :data:`DEFECT_KINDS`); a drawn
    rubric that cannot carry any of them is rejected.
    """
    chosen = tuple(kinds) if kinds is not None else DEFECT_KINDS
    unknown = [k for k in chosen if k not in _DEFECTS]
    if unknown:
        raise ValueError(f"unknown defect kinds {unknown}; known: {', '.join(DEFECT_KINDS)}")
    source = (
        documents
        if documents is not None
        else rubric_documents(text=plain_texts(), max_questions=12)
    )
    return _near_valid(chosen, source)


# ------------------------------------------------------------------------------- answers


def _add_years(start: date, years: int) -> date:
    """``start`` plus whole calendar years; 29 February becomes 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def _number_forms(value: float) -> st.SearchStrategy[RawAnswer]:
    """``value`` as a float, and as text the way Indonesian forms write it (``3,60``)."""
    forms: list[RawAnswer] = [value, f"{value:.2f}".replace(".", ","), f"{value:.2f}"]
    if float(value).is_integer():
        forms.append(int(value))
    return st.sampled_from(forms)


def answers_for(
    question: QuestionSpec,
    *,
    engine: Engine | None = None,
    near: Sequence[float] = (),
    variants: bool = True,
    small_counts: bool = False,
) -> st.SearchStrategy[RawAnswer]:
    """Raw answers that ``question`` accepts, as they appear in submission files.

    Choice types give option keys (with ``variants``, also in other case or
    with spaces, which the parser accepts); survey indexes give numbers from 0
    to the scale maximum, as numbers or text with a decimal comma, and values
    in ``near`` (and just around them) more often; counts give whole numbers
    (with ``small_counts``, 0–3, so ratios hit 0/0, equality and off-by-one
    often). Formulas are computed, not answered: asking for one is a
    ``ValueError``, as is an answer type this module does not know.
    """
    atype = (engine or default_engine()).answer_types.get(question.answer)
    if atype is None or isinstance(atype, FormulaAnswerType):
        raise ValueError(f"question {question.id!r} ({question.answer}) is not answered directly")
    if isinstance(atype, (ChoiceAnswerType, OptionsAnswerType)) or atype.input == "choice":
        keys = list(atype.option_values(question))
        base: st.SearchStrategy[RawAnswer] = st.sampled_from(keys)
        if not variants:
            return base
        odd = [k.lower() for k in keys if k.lower() not in keys] + [f" {k} " for k in keys]
        return st.one_of(base, st.sampled_from(odd)) if odd else base
    if isinstance(atype, SurveyIndexAnswerType):
        top = question.scale_max
        close = [
            v for t in near for v in (t, t - 0.01, t + 0.01, t - 1e-9, round(t, 2)) if 0 <= v <= top
        ]
        whole = st.integers(0, math.floor(top))
        plain: st.SearchStrategy[RawAnswer] = st.one_of(
            st.floats(0, top), whole, st.sampled_from([0.0, top, top * 0.8, top * 0.9])
        )
        strategies = [plain.flatmap(lambda v: _number_forms(float(cast(float, v))))]
        if close:
            strategies.insert(0, st.sampled_from(close).flatmap(_number_forms))
        return st.one_of(*strategies)
    if isinstance(atype, CountAnswerType) or atype.input == "count":
        numbers = st.integers(0, 3) if small_counts else st.integers(0, 60)
        return st.one_of(numbers, numbers.map(str), st.sampled_from([0, 1, 10**6]))
    raise ValueError(f"no answers known for answer type {question.answer!r}")


def _is_formula(rubric: Rubric, q: QuestionSpec) -> bool:
    return q.answer in ("ratio", "decline")


def _criterion_specs(rubric: Rubric) -> list[Any]:
    """Every criterion of every predicate, plugins' extra criteria included."""
    specs: list[Any] = []
    for pred in rubric.manifest.predicates:
        try:
            specs += [bound.spec for bound in rubric.criteria(pred.id)]
        except KeyError:  # a rubric not bound to an engine's criteria
            specs += [*pred.criteria, *pred.gates]
    return specs


def _survey_thresholds(rubric: Rubric) -> dict[str, list[float]]:
    """Survey questions → the indexes at which a score criterion on them flips."""
    tree = rubric.tree
    out: dict[str, list[float]] = {}
    for spec in _criterion_specs(rubric):
        if spec.kind != "score_min" or not spec.node or spec.min is None:
            continue
        index = tree.resolve_item(spec.node)
        if index is None:
            continue
        item = tree.items[index]
        if item.spec.answer == "survey_index" and item.coef > 0:
            out.setdefault(item.spec.id, []).append(spec.min / item.coef * item.spec.scale_max)
    return out


# ------------------------------------------------------------------------------- facts

_FACT_TEXT = ("WTP", "WDP", "TW", "TMP", "wtp", " WTP ", "WBK", "lain")


def _fact_requirements(rubric: Rubric) -> dict[str, list[Any]]:
    """Fact path → the criteria (plugins' included) that read it."""
    out: dict[str, list[Any]] = {}
    for spec in _criterion_specs(rubric):
        if spec.fact is not None:
            out.setdefault(spec.fact, []).append(spec)
    return out


def _kind_of_fact(path: str, specs: Sequence[Any]) -> str:
    if path in _FACTS:
        return _FACTS[path]
    kinds = {s.kind for s in specs}
    if "years_since_min" in kinds:
        return "date"
    if "fact_min" in kinds:
        return "number"
    if "fact_true" in kinds:
        return "bool"
    if "fact_grade_min" in kinds:
        return "grade"
    if "fact_equals" in kinds:
        return "text"
    return "any"  # read by a plugin's criterion kind: anything a file could hold


def _fact_value(
    draw: st.DrawFn,
    what: str,
    specs: Sequence[Any],
    grades: list[str],
    as_of: date | None,
    near: bool,
) -> Any:
    if what == "bool":
        return draw(st.booleans())
    if what == "predicate":
        return draw(st.sampled_from(["none", "WBK", "WBBM"]))
    if what == "grade":
        return draw(st.sampled_from([*grades, *(g.lower() for g in grades), "Z"]))
    if what == "text":
        wanted = [s.equals for s in specs if isinstance(s.equals, str)]
        wanted += [v for s in specs for v in (s.one_of or ())]
        return draw(st.sampled_from([*_FACT_TEXT, *wanted]))
    if what == "any":
        return draw(_any_fact(as_of or date(2026, 1, 1)))
    if what == "date":
        anchor = as_of or date(2026, 1, 1)
        years = [s.min_years for s in specs if s.min_years is not None]
        if near and bool(years) and draw(st.booleans()):
            whole = int(draw(st.sampled_from(years)))
            return _add_years(anchor, -whole) + timedelta(days=draw(st.sampled_from([-1, 0, 1])))
        if draw(st.integers(0, 9)) == 0:  # a leap day
            return date(draw(st.sampled_from([2016, 2020, 2024])), 2, 29)
        return anchor - timedelta(days=draw(st.integers(-30, 4000)))
    top = {"level": 5.0, "percent": 100.0}.get(what, 1000.0)
    bottom = 0.0 if what in ("level", "percent") else -1000.0
    mins = [s.min for s in specs if s.min is not None]
    if near and bool(mins) and draw(st.booleans()):
        m = draw(st.sampled_from(mins))
        value = m + draw(st.sampled_from([0.0, -0.01, 0.01, -1e-10, 1e-10]))
        return min(top, max(bottom, value))
    return draw(st.one_of(st.floats(bottom, top), st.sampled_from([bottom, top, 3.0, 100.0][:3])))


def _any_fact(anchor: date) -> st.SearchStrategy[Any]:
    """A fact only a plugin knows the meaning of: counts, yes/no, text, dates, lists of dates."""
    days = st.integers(-30, 1500).map(lambda n: anchor - timedelta(days=n))
    return st.one_of(
        st.integers(0, 3),
        st.booleans(),
        st.sampled_from(["ya", "tidak", "ada", ""]),
        days,
        days.map(date.isoformat),
        st.lists(days.map(date.isoformat), max_size=3),
    )


@st.composite
def _facts(
    draw: st.DrawFn,
    rubric: Rubric | None,
    as_of: date | None,
    complete: bool | None,
    near: bool,
    extra: Mapping[str, st.SearchStrategy[Any]],
) -> Facts:
    specs = _fact_requirements(rubric) if rubric is not None else {}
    grades = list(rubric.manifest.grades) if rubric is not None else _DEFAULT_GRADES
    paths = [p for p in _FACTS if not p.startswith("extra.")] + [
        p for p in specs if p.startswith("extra.")
    ]
    paths += [f"extra.{name}" for name in extra if f"extra.{name}" not in paths]
    referenced = [p for p in paths if p in specs]
    if complete is None:
        complete = draw(st.booleans())
    leave_out: set[str] = set()
    if not complete:
        pool = referenced or paths
        leave_out = set(draw(st.lists(st.sampled_from(pool), min_size=1, unique=True)))
    values: dict[str, dict[str, Any]] = {"agency": {}, "unit": {}, "extra": {}}
    for path in paths:
        if path in leave_out:
            continue
        head, _, name = path.partition(".")
        if head == "extra" and name in extra:
            values[head][name] = draw(extra[name])
            continue
        what = _kind_of_fact(path, specs.get(path, ()))
        values[head][name] = _fact_value(draw, what, specs.get(path, ()), grades, as_of, near)
    return Facts(
        agency=AgencyFacts(**values["agency"]),
        unit=UnitFacts(**values["unit"]),
        extra=values["extra"],
    )


def facts_for(
    rubric: Rubric | None = None,
    *,
    as_of: date | None = None,
    complete: bool | None = None,
    near_thresholds: bool = False,
    extra_facts: Mapping[str, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[Facts]:
    """Gate facts (:class:`~zi_engine.Facts`), including the ``extra`` facts ``rubric`` reads.

    Every standard fact is drawn, plus each ``extra.<name>`` fact that a
    criterion of ``rubric`` reads – the rubric's own and those plugins add
    through ``zi_extra_criteria``. ``extra_facts`` (``{name: strategy}``)
    draws given extra facts your own way (a plugin knows what its facts
    hold); others read by a plugin's criterion kind get counts, yes/no, text,
    dates and lists of ISO dates. ``complete=True`` gives every fact,
    ``False`` leaves out at least one that the rubric reads, ``None`` either.
    With ``near_thresholds``, numbers sit at and just around the criteria's
    minimums and dates at and one day around the anniversaries
    ``years_since_min`` counts to ``as_of``.
    """
    return _facts(rubric, as_of, complete, near_thresholds, dict(extra_facts or {}))


# ------------------------------------------------------------------------------- submissions


_NOTES = st.one_of(st.none(), plain_texts())
_LINKS = ("https://zi.example.go.id/bukti/1.pdf", "SK 12/2025", "Notulen rapat")
_EVIDENCE = st.lists(st.sampled_from(_LINKS), max_size=2, unique=True)
_EMPTY = st.builds(AnswerEntry, value=st.none(), notes=_NOTES, evidence=_EVIDENCE)


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything :func:`_submissions` draws from, built once per :func:`submissions` call."""

    rubric: Rubric
    complete: bool | None
    layers: tuple[Layer, ...]
    near: bool
    facts: bool | None
    extra_facts: dict[str, st.SearchStrategy[Any]]
    entries: tuple[tuple[str, st.SearchStrategy[AnswerEntry]], ...]  # per answerable question
    chosen_layers: st.SearchStrategy[list[Layer]]
    missing: st.SearchStrategy[list[str]] | None
    empty: st.SearchStrategy[AnswerEntry]


_UNIT_IDS = st.from_regex(r"[A-Z]{2,6}-[0-9]{1,3}", fullmatch=True)
_AGENCIES = st.builds(
    AgencyInfo,
    id=st.sampled_from(["PEMKOT-BJB", "KEMENKEU", "PEMPROV-KALSEL"]),
    type=st.sampled_from([None, "regional", "central"]),
)
_AS_OF = st.one_of(st.dates(date(2021, 1, 1), date(2030, 12, 31)), st.none())


@st.composite
def _submissions(draw: st.DrawFn, plan: _Plan) -> Submission:
    rubric = plan.rubric
    as_of = draw(_AS_OF)
    year = as_of.year if as_of is not None else draw(st.integers(2021, 2030))
    unit = UnitInfo(id=draw(_UNIT_IDS), name=draw(plain_texts()), agency=draw(_AGENCIES))
    is_complete = draw(st.booleans()) if plan.complete is None else plan.complete
    missing: set[str] = set()
    if not is_complete and plan.missing is not None:
        missing = set(draw(plan.missing))
    answers: dict[str, LayeredAnswer] = {}
    for qid, entry in plan.entries:
        if qid in missing:
            if draw(st.integers(0, 3)) == 0:  # present, but with no value in any layer
                answers[qid] = LayeredAnswer(unit=AnswerEntry(value=None, notes="belum diisi"))
            continue
        with_value = draw(plan.chosen_layers)
        entries: dict[str, AnswerEntry] = {}
        for layer in plan.layers:
            if layer in with_value:
                entries[layer] = draw(entry)
            elif draw(st.integers(0, 4)) == 0:
                entries[layer] = draw(plan.empty)
        answers[qid] = LayeredAnswer(**cast(dict[str, Any], entries))
    facts_value = (
        Facts()
        if plan.facts is False
        else draw(
            _facts(rubric, as_of, None if plan.facts is None else True, plan.near, plan.extra_facts)
        )
    )
    return Submission(
        unit=unit,
        year=year,
        target=draw(st.sampled_from(rubric.predicates or ("WBK",))),
        as_of=as_of,
        facts=facts_value,
        answers=answers,
    )


def submissions(
    rubric: Rubric,
    *,
    complete: bool | None = None,
    layers: Sequence[Layer] = ("unit",),
    near_thresholds: bool = False,
    facts: bool | None = True,
    notes: bool = True,
    engine: Engine | None = None,
    extra_facts: Mapping[str, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[Submission]:
    """Submissions for ``rubric``.

    ``complete=True`` answers every question that is answered directly
    (everything but ``ratio``/``decline``); ``False`` leaves at least one
    unanswered; ``None`` either. Each answer has a value in at least one of
    ``layers`` (``"unit"``, ``"tpi"``, ``"tpn"``), sometimes with notes,
    evidence and empty entries in the others. With ``near_thresholds``,
    survey indexes cluster at and around the values where a score criterion
    flips (and 80%/90% of the scale), counts are 0–3 (so ratios hit 0/0,
    100% and one-off), and facts sit at and around their minimums.
    ``facts=True`` gives every fact, ``None`` leaves some out, ``False``
    gives none (see :func:`facts_for`, also for ``extra_facts``). ``engine``
    (default: the built-in one) supplies the answer types, so plugins'
    choice types are answered too.
    """
    chosen = tuple(layers)
    if not chosen or any(layer not in LAYERS for layer in chosen):
        raise ValueError(f"layers must be a non-empty selection of {LAYERS}")
    thresholds = _survey_thresholds(rubric) if near_thresholds else {}
    answerable = [q for q in rubric.questions.values() if not _is_formula(rubric, q)]
    entries = []
    for q in answerable:
        value = answers_for(
            q, engine=engine, near=thresholds.get(q.id, ()), small_counts=near_thresholds
        )
        entry = (
            st.builds(AnswerEntry, value=value, notes=_NOTES, evidence=_EVIDENCE)
            if notes
            else st.builds(AnswerEntry, value=value)
        )
        entries.append((q.id, entry))
    plan = _Plan(
        rubric=rubric,
        complete=complete,
        layers=chosen,
        near=near_thresholds,
        facts=facts,
        extra_facts=dict(extra_facts or {}),
        entries=tuple(entries),
        chosen_layers=st.lists(st.sampled_from(chosen), min_size=1, unique=True),
        missing=(
            st.lists(st.sampled_from([q.id for q in answerable]), min_size=1, unique=True)
            if answerable
            else None
        ),
        empty=_EMPTY if notes else st.builds(AnswerEntry, value=st.none()),
    )
    return _submissions(plan)


# ------------------------------------------------------------------------------- portal JSON


@st.composite
def _portal_documents(
    draw: st.DrawFn, questions: tuple[tuple[int, st.SearchStrategy[RawAnswer]], ...]
) -> dict[str, Any]:
    answers = []
    for soal_id, value in questions:
        if draw(st.integers(0, 4)) == 0:
            continue
        maybe = st.one_of(st.none(), value)
        answers.append(
            {
                "soal_id": soal_id,
                "jawaban_unit": draw(maybe),
                "jawaban_tpi": draw(maybe),
                "catatan_unit": draw(_NOTES),
                "bukti_dukung_unit": draw(st.one_of(st.none(), st.sampled_from(_LINKS))),
                "catatan_tpi": draw(_NOTES),
            }
        )
    return {
        "unit_id": draw(_UNIT_IDS),
        "nama_unit": draw(plain_texts()),
        "tahun": draw(st.integers(2021, 2030)),
        "answers": answers,
    }


def portal_documents(
    rubric: Rubric, *, engine: Engine | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """The national portal's "jawaban LKE satu unit" JSON (as parsed data) for ``rubric``.

    Answers for a random subset of the questions that carry a ``soal_id``, in
    rubric order, each with unit and TPI answers (either may be null), notes
    and an evidence link – what ``zi_engine.from_portalrb`` reads and
    ``zi_engine.to_portalrb`` writes.
    """
    questions = tuple(
        (q.soal_id, answers_for(q, engine=engine))
        for q in rubric.questions.values()
        if q.soal_id is not None and not _is_formula(rubric, q)
    )
    return _portal_documents(questions)


# ------------------------------------------------------------------------------- lifecycle

WIB = timezone(timedelta(hours=7))
"""Western Indonesia Time (UTC+07:00), the zone deadlines are read in."""

LIFECYCLE_START = datetime(2022, 1, 3, 9, 0, tzinfo=WIB)
"""When generated lifecycles begin, unless told otherwise."""


@dataclass(frozen=True, slots=True)
class EvaluationStub:
    """What a lifecycle reads from an evaluation (``EvaluationLike``), and nothing more.

    Cheaper and more controllable than scoring a whole submission: the
    eligibility results say directly whether score criteria and gates pass.
    """

    rubric_id: str
    rubric_version: str
    rubric_hash: str
    total: float
    layer: str | None
    eligibility: Mapping[str, PredicateResult]


def _criterion_result(cid: str, group: str, outcome: str) -> CriterionResult:
    return CriterionResult(
        id=cid,
        label=cid.replace("_", " "),
        group=group,  # type: ignore[arg-type]
        kind="score_min" if group == "score" else "fact_equals",
        outcome=outcome,  # type: ignore[arg-type]
        actual=None,
        required=None,
        gap=None,
        unit="",
        source=None,
        reason=f"{cid}: {outcome}",
    )


@st.composite
def _predicate_result(draw: st.DrawFn, predicate: str) -> PredicateResult:
    if draw(st.integers(0, 3)) > 0:  # mostly eligible; otherwise any mix of outcomes
        outcome: st.SearchStrategy[str] = st.just("pass")
    else:
        outcome = st.sampled_from(["pass", "fail", "inconclusive"])
    criteria = (
        _criterion_result("total", "score", draw(outcome)),
        _criterion_result("area_minimum", "score", draw(outcome)),
        _criterion_result("opini_bpk", "gate", draw(outcome)),
    )
    failed = tuple(c.id for c in criteria if c.outcome == "fail")
    unsure = tuple(c.id for c in criteria if c.outcome == "inconclusive")
    verdict = "not_eligible" if failed else "inconclusive" if unsure else "eligible"
    return PredicateResult(predicate, predicate, verdict, criteria, failed, unsure)  # type: ignore[arg-type]


def lifecycle_evaluations(
    predicates: Sequence[str] = ("WBK", "WBBM"),
) -> st.SearchStrategy[EvaluationStub]:
    """Evaluations as a lifecycle's guards read them: a layer (mostly TPN), a total and,
    per predicate, score criteria and a gate that mostly pass."""
    return st.builds(
        EvaluationStub,
        rubric_id=st.just("permenpan-rb-90-2021"),
        rubric_version=st.just("2021.1"),
        rubric_hash=st.just("sha256:" + "0" * 64),
        total=st.floats(0, 100),
        layer=st.sampled_from(["tpn"] * 6 + ["tpi", "tpi", "unit", None]),
        eligibility=st.fixed_dictionaries({p: _predicate_result(p) for p in predicates}),
    )


@dataclass(frozen=True, slots=True)
class DaysBefore:
    """A payload date given relative to the moment a trigger fires (0: that day)."""

    days: int


@dataclass(frozen=True, slots=True)
class LifecycleEvent:
    """A trigger to fire: who fires it, when (relative to the previous change) and with what.

    Exactly one of ``delay`` (after the previous change; negative: before
    it), ``anniversary`` (whole years after it, plus ``offset``) and
    ``calendar`` (``(years later, month, day)``: 09:00 WIB on that date) is
    set. :meth:`at_after` turns it into a time, :meth:`payload_for` resolves
    :class:`DaysBefore` dates.
    """

    trigger: str
    actor: Actor
    payload: Mapping[str, Any]
    delay: timedelta | None = None
    anniversary: int | None = None
    offset: timedelta = timedelta(0)
    calendar: tuple[int, int, int] | None = None

    def at_after(self, previous: datetime) -> datetime:
        """The moment this event happens, given the previous change at ``previous``."""
        if self.delay is not None:
            return previous + self.delay
        if self.anniversary is not None:
            year = previous.year + self.anniversary
            try:
                moment = previous.replace(year=year)
            except ValueError:  # 29 February
                moment = previous.replace(year=year, month=2, day=28)
            return moment + self.offset
        assert self.calendar is not None
        years, month, day = self.calendar
        local = previous.astimezone(WIB)
        moment = datetime(local.year + years, month, day, 9, 0, tzinfo=WIB)
        return moment if moment > previous else moment.replace(year=moment.year + 1)

    def payload_for(self, at: datetime) -> dict[str, Any]:
        """The keyword arguments for ``fire``, with relative dates resolved against ``at``."""
        local = at.astimezone(WIB).date()
        return {
            k: local - timedelta(days=v.days) if isinstance(v, DaysBefore) else v
            for k, v in self.payload.items()
        }


_ACTOR_IDS = st.sampled_from(["kepala.unit", "pimpinan", "inspektur", "tpi.1", "tpn.1", "menteri"])


def actors(
    definition: LifecycleDefinition | str | None = None,
    *,
    agency_ids: Sequence[str] = ("A-1", "A-2"),
) -> st.SearchStrategy[Actor]:
    """Actors: an id, a role of ``definition`` (default: the bundled lifecycle) or, rarely,
    one it does not know, and one of ``agency_ids`` or no agency."""
    d = _definition(definition)
    return st.builds(
        Actor,
        id=_ACTOR_IDS,
        role=st.one_of(st.sampled_from(sorted(d.roles)), st.just("auditor")),
        agency_id=st.one_of(st.sampled_from(list(agency_ids)), st.none()),
    )


def _definition(definition: LifecycleDefinition | str | None) -> LifecycleDefinition:
    if isinstance(definition, LifecycleDefinition):
        return definition
    return load_lifecycle_definition(definition or "permenpan-rb-90-2021")


def _payload_value(draw: st.DrawFn, kind: str) -> Any:
    if kind == "flag":
        return draw(st.sampled_from([True] * 8 + [False, "ya"]))
    if kind == "text":
        return draw(st.sampled_from(["Hasil evaluasi TPI", "Temuan Ombudsman", "  ", 7]))
    if kind == "date":
        return DaysBefore(draw(st.sampled_from([0, 1, 30, 200, 400, -3])))
    return draw(lifecycle_evaluations())


@st.composite
def _lifecycle_event(
    draw: st.DrawFn, d: LifecycleDefinition, agency_id: str, triggers: tuple[str, ...]
) -> LifecycleEvent:
    if draw(st.integers(0, 4)) > 0:
        trigger = draw(st.sampled_from(triggers))
    else:  # any trigger, or one the definition does not have
        trigger = draw(st.sampled_from([*d.triggers, "cabut_paksa"]))
    spec = d.triggers.get(trigger)
    if spec is not None and draw(st.integers(0, 9)) > 0:  # mostly someone who may fire it
        role = draw(st.sampled_from(spec.roles))
        national = d.roles[role].national
        usual = [None, None, None, agency_id] if national else [agency_id] * 4
        agency = draw(st.sampled_from(usual * 5 + ["A-lain", None]))
        actor = Actor(draw(_ACTOR_IDS), role, agency)
    else:
        actor = draw(actors(d, agency_ids=(agency_id, "A-lain")))
    payload: dict[str, Any] = {}
    for name, field_spec in (spec.payload if spec is not None else {}).items():
        if draw(st.integers(0, 9)) < (9 if field_spec.required else 5):
            payload[name] = _payload_value(draw, field_spec.type)
    if draw(st.integers(0, 29)) == 0:
        payload["catatan"] = "tidak dikenal"
    when = draw(st.integers(0, 19))
    if when < 11:
        days = draw(st.one_of(st.integers(0, 60), st.integers(0, 500)))
        delay = timedelta(days=days, hours=draw(st.integers(0, 23)))
        return LifecycleEvent(trigger, actor, payload, delay=delay)
    if when < 16:  # into a proposal window, 0–2 years on
        month_day = draw(st.sampled_from([(1, 2), (5, 20), (5, 31), (6, 1), (7, 20)]))
        calendar = (draw(st.integers(0, 2)), *month_day)
        return LifecycleEvent(trigger, actor, payload, calendar=calendar)
    if when < 19:  # around an anniversary: the building year, the 2-year revocation lock
        offset = timedelta(minutes=draw(st.sampled_from([-1, 0, 1, 60 * 24])))
        years = draw(st.integers(1, 2))
        return LifecycleEvent(trigger, actor, payload, anniversary=years, offset=offset)
    return LifecycleEvent(trigger, actor, payload, delay=-timedelta(hours=draw(st.integers(1, 48))))


def lifecycle_events(
    definition: LifecycleDefinition | str | None = None,
    *,
    agency_id: str = "A-1",
    min_size: int = 0,
    max_size: int = 20,
    triggers: Sequence[str] | None = None,
) -> st.SearchStrategy[list[LifecycleEvent]]:
    """Sequences of events to fire at a lifecycle of a unit of ``agency_id``.

    Every trigger of ``definition`` (default: the bundled lifecycle) and an
    unknown one; mostly actors whose role may fire the trigger and who belong
    to the unit's agency (national roles: no agency), sometimes others;
    payloads mostly complete and well-formed (evaluations from
    :func:`lifecycle_evaluations`), sometimes missing, malformed or with an
    unknown field; times mostly moving forward by days, sometimes into a
    proposal window, onto an anniversary (± a minute) or back before the
    previous change. ``triggers`` are drawn four times in five (say, the
    ones that can fire from the lifecycle's current state:
    ``definition.triggers_from(lifecycle.state)``). Fire them in order::

        at = event.at_after(lifecycle.entered_at or LIFECYCLE_START)
        lifecycle.fire(event.trigger, actor=event.actor, at=at, **event.payload_for(at))
    """
    d = _definition(definition)
    chosen = tuple(triggers) if triggers else tuple(d.triggers)
    return st.lists(_lifecycle_event(d, agency_id, chosen), min_size=min_size, max_size=max_size)


# ------------------------------------------------------------------------------- registration


def register() -> None:
    """Register strategies so ``st.from_type`` works for ``Rubric``, ``Submission`` and
    ``Actor``.

    Hypothesis calls this through its ``hypothesis`` entry-point group when
    zi_engine is installed; calling it again is harmless.
    """
    st.register_type_strategy(Rubric, rubrics())
    st.register_type_strategy(Submission, rubrics().flatmap(submissions))
    # the lifecycle definition is read on first use, not while Hypothesis is importing
    st.register_type_strategy(Actor, st.deferred(actors))


_module_loaded = True
if _register_when_loaded:
    register()
