"""The rubric file formats, as frozen pydantic models.

A rubric is a directory: ``rubric.yaml`` (the :class:`Manifest`) plus the area
files it lists (each an :class:`AreaFile`). These models check the *shape* of
each file; the cross-file rules (weights that add up, references that resolve)
live in ``_rubric_checks``. The JSON Schema editors use is generated from here.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from zi_engine._i18n import t
from zi_engine.rubric._hints import yes_no

__all__ = [
    "AreaFile",
    "AreaSpec",
    "ComponentSpec",
    "CoverCells",
    "CriterionSpec",
    "EffectiveSpec",
    "GroupSpec",
    "Manifest",
    "OptionSpec",
    "PartDecl",
    "PartSpec",
    "PoliciesSpec",
    "PredicateSpec",
    "QuestionSpec",
    "RegulationSpec",
    "WorkbookColumns",
    "WorkbookLayout",
]

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=128)]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
Weight = Annotated[float, Field(ge=0, le=1000)]
Fraction = Annotated[float, Field(ge=0, le=1)]
YesNo = Annotated[bool, BeforeValidator(yes_no)]  # true/false, ya/tidak, yes/no; not on/Y/1


class _Spec(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False, populate_by_name=True
    )


class OptionSpec(_Spec):
    """One answer option: its text from Lampiran III and, for ``options`` types, its value."""

    text: Text
    value: Fraction | None = None


class QuestionSpec(_Spec):
    """A question of the LKE, or a count or formula row.

    ``answer`` names the answer type. Choice types list their ``options``
    (key → text); ``ratio`` names ``numerator``/``denominator`` count ids;
    ``decline`` names ``previous``/``current``. ``weight`` is used only in a
    group with ``scoring: weighted``.
    """

    id: QuestionId
    soal_id: Annotated[int, Field(ge=1, le=10_000_000)] | None = None
    text: Text
    guidance: Text | None = None
    answer: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
    options: dict[Annotated[str, Field(min_length=1, max_length=32)], Text | OptionSpec] | None = (
        None
    )
    numerator: list[QuestionId] | None = None
    denominator: list[QuestionId] | None = None
    previous: QuestionId | None = None
    current: QuestionId | None = None
    zero_denominator: Fraction | None = None
    weight: Weight | None = None
    scale_max: Annotated[float, Field(gt=0, le=1000)] = 4.0
    evidence: list[Text] = Field(default_factory=list)
    evidence_required: YesNo = False
    excel_row: Annotated[int, Field(ge=1)] | None = None

    def option_value_map(self) -> dict[str, float]:
        """``{key: value}`` of options that state a value."""
        out: dict[str, float] = {}
        for key, opt in (self.options or {}).items():
            if isinstance(opt, OptionSpec) and opt.value is not None:
                out[key] = opt.value
        return out

    def formula_refs(self) -> list[str]:
        """The count ids a formula question reads, in order."""
        refs = [*(self.numerator or ()), *(self.denominator or ())]
        refs += [r for r in (self.previous, self.current) if r]
        return refs


class GroupSpec(_Spec):
    """A sub-area: either nested ``sub_areas`` or ``questions``, never both.

    ``scoring: mean`` (the official roll-up) scores mean(value of scored
    items) × weight; ``scoring: weighted`` scores Σ value × question weight.
    """

    id: Name
    label: Text
    weight: Weight
    scoring: Literal["mean", "weighted"] = "mean"
    sub_areas: list[GroupSpec] | None = None
    questions: list[QuestionSpec] | None = None

    @model_validator(mode="after")
    def _one_kind_of_children(self) -> GroupSpec:
        if (self.sub_areas is None) == (self.questions is None):
            raise ValueError(
                t(
                    "rubric.sub_area_children",
                    "a sub-area has either 'sub_areas' or 'questions' (exactly one)",
                )
            )
        if self.sub_areas is not None and not self.sub_areas:
            raise ValueError(t("rubric.sub_areas_empty", "'sub_areas' is empty"))
        if self.questions is not None and not self.questions:
            raise ValueError(t("rubric.questions_empty", "'questions' is empty"))
        return self


class PartSpec(_Spec):
    """An area's share of one component part (pemenuhan or reform)."""

    weight: Weight
    sub_areas: Annotated[list[GroupSpec], Field(min_length=1)]


class AreaSpec(_Spec):
    """A change area (or a hasil sub-component).

    Under a component with parts (pengungkit) an area has ``parts`` keyed by
    part id; under a component without parts it has ``sub_areas`` or
    ``questions`` like a sub-area.
    """

    id: Name
    label: Text
    weight: Weight
    scoring: Literal["mean", "weighted"] = "mean"
    parts: dict[Name, PartSpec] | None = None
    sub_areas: list[GroupSpec] | None = None
    questions: list[QuestionSpec] | None = None

    @model_validator(mode="after")
    def _one_kind_of_children(self) -> AreaSpec:
        given = [x for x in (self.parts, self.sub_areas, self.questions) if x is not None]
        if len(given) != 1:
            raise ValueError(
                t(
                    "rubric.area_children",
                    "an area has exactly one of 'parts', 'sub_areas' or 'questions'",
                )
            )
        if not given[0]:
            raise ValueError(t("rubric.area_empty", "an area cannot be empty"))
        return self


class AreaFile(_Spec):
    """One area file: the component it belongs to and its area(s)."""

    schema_: str | None = Field(default=None, alias="$schema")
    component: Name
    areas: Annotated[list[AreaSpec], Field(min_length=1, max_length=100)]


class RegulationSpec(_Spec):
    """The regulation a rubric implements."""

    name: Text
    reference: Text | None = None
    url: Text | None = None


class EffectiveSpec(_Spec):
    """The period in which a rubric applies (``until`` open-ended when null)."""

    from_: date = Field(alias="from")
    until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> EffectiveSpec:
        if self.until is not None and self.until < self.from_:
            raise ValueError(t("rubric.until_before_from", "'until' is before 'from'"))
        return self


class PartDecl(_Spec):
    """A component part (pemenuhan, reform) and its weight."""

    id: Name
    label: Text
    weight: Weight


class ComponentSpec(_Spec):
    """A component (pengungkit, hasil), its weight and optional parts."""

    id: Name
    label: Text
    weight: Weight
    parts: list[PartDecl] = Field(default_factory=list)


class PoliciesSpec(_Spec):
    """Roll-up choices the regulation leaves open; a rubric states them."""

    area_minimum_scope: Literal["area", "each_part"] = "area"
    zero_denominator_default: Fraction | None = None


class CriterionSpec(_Spec):
    """One eligibility criterion (a Table 6 threshold or a Table 5 gate).

    ``kind`` says how it is measured; which other fields it needs depends on
    the kind (see docs/rubric-format.md). ``params`` carries extra settings for
    criterion kinds that plugins add.
    """

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*$", max_length=64)]
    label: Text
    kind: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
    source: Text | None = None
    note: Text | None = None
    node: Annotated[str, Field(max_length=256)] | None = None
    component: Name | None = None
    min: Annotated[float, Field(ge=0)] | None = None
    min_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    scope: Literal["area", "each_part"] | None = None
    fact: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")] | None = None
    equals: str | bool | None = None
    one_of: list[str] | None = None
    min_grade: str | None = None
    min_grade_by_agency_type: dict[Literal["regional", "central"], str] | None = None
    min_years: Annotated[float, Field(ge=0, le=100)] | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class PredicateSpec(_Spec):
    """A predicate (WBK, WBBM): its score criteria and its gates."""

    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_-]*$", max_length=32)]
    label: Text
    criteria: list[CriterionSpec] = Field(default_factory=list)
    gates: list[CriterionSpec] = Field(default_factory=list)


Column = Annotated[str, Field(pattern=r"^[A-Z]{1,3}$", description="a column letter: K, AB")]
Cell = Annotated[
    str, Field(pattern=r"^[A-Z]{1,3}[1-9][0-9]{0,6}$", description="a cell address: C4")
]
SheetName = Annotated[str, Field(min_length=1, max_length=31, pattern=r"^[^\[\]:*?/\\']+$")]


class WorkbookColumns(_Spec):
    """Where one answer layer lives on the answers sheet: its answer, note and evidence columns."""

    answer: Column
    note: Column | None = None
    evidence: Column | None = None


class CoverCells(_Spec):
    """Cells of a cover sheet that hold the unit's identity and the LKE year (all optional)."""

    sheet: SheetName
    unit_id: Cell | None = None
    unit_name: Cell | None = None
    agency_id: Cell | None = None
    agency_name: Cell | None = None
    year: Cell | None = None


class WorkbookLayout(_Spec):
    """The official LKE workbook's layout: the answers sheet and the columns of each layer.

    Each question's row is its ``excel_row``. The portal's 2026 master puts
    the unit's answer, note and evidence in K, L and M and the TPI's answer
    and note in N and Q of the sheet ``Jawaban``; the letters may change
    between LKE years, so each rubric states its own. The official workbook
    has no columns for the parent unit's preliminary review (``induk``) or
    the TPN; a layout of one's own may give them.
    """

    sheet: SheetName = "Jawaban"
    unit: WorkbookColumns
    induk: WorkbookColumns | None = None
    tpi: WorkbookColumns | None = None
    tpn: WorkbookColumns | None = None
    cover: CoverCells | None = None

    @model_validator(mode="after")
    def _columns_distinct(self) -> WorkbookLayout:
        seen: dict[str, str] = {}
        for layer in ("unit", "induk", "tpi", "tpn"):
            columns: WorkbookColumns | None = getattr(self, layer)
            for role in ("answer", "note", "evidence"):
                letter = getattr(columns, role) if columns is not None else None
                if letter is None:
                    continue
                if letter in seen:
                    raise ValueError(
                        t(
                            "rubric.column_twice",
                            "column {letter} is both the {first} and the {layer} {role}",
                            letter=letter,
                            first=seen[letter],
                            layer=layer,
                            role=role,
                        )
                    )
                if len(letter) == 3 and letter > "XFD":
                    raise ValueError(
                        t(
                            "rubric.column_beyond_xfd",
                            "column {letter} is beyond the last column (XFD)",
                            letter=letter,
                        )
                    )
                seen[letter] = f"{layer} {role}"
        return self


class Manifest(_Spec):
    """``rubric.yaml``: identity, regulation, structure, policies and predicates."""

    schema_: str | None = Field(default=None, alias="$schema")
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=100)]
    version: Annotated[str, Field(min_length=1, max_length=50)]
    title: Text
    description: Text | None = None
    language: Annotated[str, Field(max_length=16)] = "id"
    regulation: RegulationSpec
    effective: EffectiveSpec
    extends: Annotated[str, Field(max_length=200)] | None = None
    total: Weight = 100.0
    components: list[ComponentSpec] = Field(default_factory=list)
    areas: list[Annotated[str, Field(pattern=r"^[^/\\][^\\]*\.ya?ml$", max_length=200)]] = Field(
        default_factory=list
    )
    grades: list[Annotated[str, Field(min_length=1, max_length=8)]] = Field(
        default_factory=lambda: ["AA", "A", "BB", "B", "CC", "C", "D"]
    )
    policies: PoliciesSpec = Field(default_factory=PoliciesSpec)
    predicates: list[PredicateSpec] = Field(default_factory=list)
    workbook: WorkbookLayout | None = None
