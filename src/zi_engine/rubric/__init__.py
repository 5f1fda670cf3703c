"""Stage 1 of the pipeline: rubrics – the file format, the scoring tree, loading and checking.

A rubric is a directory of YAML files (``rubric.yaml`` and one file per change
area). :func:`~zi_engine.rubric.load_rubric_dir` reads it safely, validates
every file, binds each question to its answer type and checks the rules that
span files; the result is an immutable :class:`Rubric`.

Modules: ``_model`` (the file formats), ``_answer_type`` (the contract an answer
type implements), ``_answers`` (the built-in answer types),
``_tree`` (the flat scoring tree), ``_binding`` (answer types and score layout
bound onto the tree), ``_checks`` (cross-file rules), ``_rubric`` (the
:class:`Rubric`), ``_loading`` (reading a directory), ``_builtin`` (the
built-in answer types and bundled rubric, registered as a plugin).
"""

from __future__ import annotations

from zi_engine.rubric._answers import (
    AnswerError,
    AnswerType,
    ChoiceAnswerType,
    CountAnswerType,
    FormulaAnswerType,
    Improvement,
    InputKind,
    OptionsAnswerType,
    RatioTerms,
    SurveyIndexAnswerType,
    formula_value,
    parse_number,
)
from zi_engine.rubric._model import (
    AreaFile,
    AreaSpec,
    ComponentSpec,
    CoverCells,
    CriterionSpec,
    EffectiveSpec,
    GroupSpec,
    Manifest,
    OptionSpec,
    PartDecl,
    PartSpec,
    PoliciesSpec,
    PredicateSpec,
    QuestionSpec,
    RegulationSpec,
    WorkbookColumns,
    WorkbookLayout,
)
from zi_engine.rubric._rubric import BoundCriterion, Rubric, RubricFile
from zi_engine.rubric._tree import AreaRef, Item, Node, NodeKind, Tree

__all__ = [
    "AnswerError",
    "AnswerType",
    "AreaFile",
    "AreaRef",
    "AreaSpec",
    "BoundCriterion",
    "ChoiceAnswerType",
    "ComponentSpec",
    "CountAnswerType",
    "CoverCells",
    "CriterionSpec",
    "EffectiveSpec",
    "FormulaAnswerType",
    "GroupSpec",
    "Improvement",
    "InputKind",
    "Item",
    "Manifest",
    "Node",
    "NodeKind",
    "OptionSpec",
    "OptionsAnswerType",
    "PartDecl",
    "PartSpec",
    "PoliciesSpec",
    "PredicateSpec",
    "QuestionSpec",
    "RatioTerms",
    "RegulationSpec",
    "Rubric",
    "RubricFile",
    "SurveyIndexAnswerType",
    "Tree",
    "WorkbookColumns",
    "WorkbookLayout",
    "formula_value",
    "parse_number",
]
