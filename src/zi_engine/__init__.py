"""zi_engine: the Zona Integritas (WBK/WBBM) rules of PermenPAN-RB 90/2021, executable.

Load a rubric, evaluate a unit's submission, read the verdict::

    import zi_engine

    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    submission = zi_engine.load_submission("examples/dinkes-banjarbaru-wbk.yaml")
    evaluation = zi_engine.evaluate(rubric, submission)
    print(evaluation.total, evaluation.eligibility["WBK"].outcome)

Everything public is importable from ``zi_engine``; modules whose names start
with an underscore are private. The package is laid out as the pipeline it
runs: ``rubric`` → ``submission`` → ``scoring`` → ``eligibility`` →
``planning`` → ``lifecycle``, with ``safeio`` (safe YAML/JSON reading) below
them and ``render``, ``engine`` and ``cli`` above.

Names are imported on first use (as pydantic's own ``__init__`` does), so
``import zi_engine`` stays cheap for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zi_engine import _defaults
from zi_engine._lazy import lazy_exports

if TYPE_CHECKING:
    from zi_engine._api import (
        check_lke,
        evaluate,
        from_portalrb,
        load_lke,
        load_rubric,
        load_submission,
        save_lke,
        save_lke_template,
        save_submission,
        to_portalrb,
    )
    from zi_engine._constants import MISSING, Missing
    from zi_engine._errors import (
        PluginError,
        Problem,
        RubricError,
        SubmissionError,
        UsageError,
        ZiError,
    )
    from zi_engine._i18n import LANGUAGES, Language, Text, language, set_language, use_language
    from zi_engine.eligibility._agency import AgencyFactsDisagree, agency_gate_ids, agency_records
    from zi_engine.eligibility._criteria import (
        CriterionContext,
        CriterionJudge,
        CriterionKind,
        CriterionResult,
        CriterionVerdict,
        Group,
        Outcome,
        ScoreBounds,
        ScoreGoal,
    )
    from zi_engine.eligibility._evaluation import (
        Evaluation,
        ItemResult,
        NodeResult,
        PredicateOutcome,
        PredicateResult,
    )
    from zi_engine.engine._engine import Engine, default_engine
    from zi_engine.engine._plugins import PluginInfo
    from zi_engine.hookspecs import hookimpl
    from zi_engine.kawasan._evaluate import (
        KawasanCriterion,
        KawasanEvaluation,
        KawasanGroup,
        KawasanPredicateResult,
        MemberResult,
    )
    from zi_engine.kawasan._load import KawasanHost
    from zi_engine.kawasan._model import (
        IntegrationSpec,
        Kawasan,
        KawasanError,
        KawasanInfo,
        MemberSpec,
    )
    from zi_engine.kawasan._plan import KawasanPlan, MemberPlan
    from zi_engine.kawasan._run import evaluate_kawasan, load_kawasan
    from zi_engine.kawasan._scope import joint_actor, kawasan_lifecycle
    from zi_engine.lifecycle import load_lifecycle_definition
    from zi_engine.lifecycle._agency import AgencyDrop, AgencyShare
    from zi_engine.lifecycle._audit import (
        Actor,
        AuditRecord,
        EvaluationLike,
        EvaluationSummary,
        JsonScalar,
    )
    from zi_engine.lifecycle._definition import (
        LifecycleDefinition,
        LifecycleParameters,
        PayloadFieldSpec,
        ProposalWindow,
        RetiredSource,
        RoleSpec,
        SourceSpec,
        StateSpec,
        TriggerSpec,
    )
    from zi_engine.lifecycle._errors import (
        LifecycleDefinitionError,
        LifecycleStateError,
        ListenerError,
        TransitionRefused,
    )
    from zi_engine.lifecycle._machine import GuardContext, LifecycleHost, Runtime
    from zi_engine.lifecycle._model import Lifecycle
    from zi_engine.lifecycle._monitoring import MonitoringStatus, monitoring_status
    from zi_engine.lifecycle._portfolio import Portfolio, StuckUnit
    from zi_engine.lke._checking import Disagreement
    from zi_engine.planning._goals import Requirement
    from zi_engine.planning._plan import ImprovementPlan, PlanStep, plan
    from zi_engine.render._diagram import mermaid_diagram
    from zi_engine.review._diff import LayerDifference, layer_differences
    from zi_engine.review._errors import ReviewRefused, ReviewStateError
    from zi_engine.review._model import Review, ReviewDefinition
    from zi_engine.review._records import QuestionReview, ReviewAction, ReviewActor, ReviewRecord
    from zi_engine.review._tiers import ReviewSpec, TierSpec, Verdict
    from zi_engine.rubric._answer_type import (
        AnswerError,
        AnswerType,
        Improvement,
        InputKind,
        RatioTerms,
        parse_number,
    )
    from zi_engine.rubric._answers import ChoiceAnswerType
    from zi_engine.rubric._layout import ScoreLayout
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
    from zi_engine.scoring._check import answer_problems
    from zi_engine.scoring._score import Scores
    from zi_engine.submission._agency import AgencyRecord
    from zi_engine.submission._model import (
        AgencyFacts,
        AgencyInfo,
        AnswerEntry,
        Facts,
        Layer,
        LayeredAnswer,
        RawAnswer,
        Submission,
        UnitFacts,
        UnitInfo,
    )
    from zi_engine.submission._scope import (
        UNIT_LEVELS,
        AgencyType,
        Assessor,
        PreliminaryScope,
        UnitLevel,
        preliminary_scope,
    )

__version__ = "0.1.0"

__all__ = [
    "LANGUAGES",
    "MISSING",
    "UNIT_LEVELS",
    "Actor",
    "AgencyDrop",
    "AgencyFacts",
    "AgencyFactsDisagree",
    "AgencyInfo",
    "AgencyRecord",
    "AgencyShare",
    "AgencyType",
    "AnswerEntry",
    "AnswerError",
    "AnswerType",
    "AreaFile",
    "AreaRef",
    "AreaSpec",
    "Assessor",
    "AuditRecord",
    "BoundCriterion",
    "ChoiceAnswerType",
    "ComponentSpec",
    "CoverCells",
    "CriterionContext",
    "CriterionJudge",
    "CriterionKind",
    "CriterionResult",
    "CriterionSpec",
    "CriterionVerdict",
    "Disagreement",
    "EffectiveSpec",
    "Engine",
    "Evaluation",
    "EvaluationLike",
    "EvaluationSummary",
    "Facts",
    "Group",
    "GroupSpec",
    "GuardContext",
    "Improvement",
    "ImprovementPlan",
    "InputKind",
    "IntegrationSpec",
    "Item",
    "ItemResult",
    "JsonScalar",
    "Kawasan",
    "KawasanCriterion",
    "KawasanError",
    "KawasanEvaluation",
    "KawasanGroup",
    "KawasanHost",
    "KawasanInfo",
    "KawasanPlan",
    "KawasanPredicateResult",
    "Language",
    "Layer",
    "LayerDifference",
    "LayeredAnswer",
    "Lifecycle",
    "LifecycleDefinition",
    "LifecycleDefinitionError",
    "LifecycleHost",
    "LifecycleParameters",
    "LifecycleStateError",
    "ListenerError",
    "Manifest",
    "MemberPlan",
    "MemberResult",
    "MemberSpec",
    "Missing",
    "MonitoringStatus",
    "Node",
    "NodeKind",
    "NodeResult",
    "OptionSpec",
    "Outcome",
    "PartDecl",
    "PartSpec",
    "PayloadFieldSpec",
    "PlanStep",
    "PluginError",
    "PluginInfo",
    "PoliciesSpec",
    "Portfolio",
    "PredicateOutcome",
    "PredicateResult",
    "PredicateSpec",
    "PreliminaryScope",
    "Problem",
    "ProposalWindow",
    "QuestionReview",
    "QuestionSpec",
    "RatioTerms",
    "RawAnswer",
    "RegulationSpec",
    "Requirement",
    "RetiredSource",
    "Review",
    "ReviewAction",
    "ReviewActor",
    "ReviewDefinition",
    "ReviewRecord",
    "ReviewRefused",
    "ReviewSpec",
    "ReviewStateError",
    "RoleSpec",
    "Rubric",
    "RubricError",
    "RubricFile",
    "Runtime",
    "ScoreBounds",
    "ScoreGoal",
    "ScoreLayout",
    "Scores",
    "SourceSpec",
    "StateSpec",
    "StuckUnit",
    "Submission",
    "SubmissionError",
    "Text",
    "TierSpec",
    "TransitionRefused",
    "Tree",
    "TriggerSpec",
    "UnitFacts",
    "UnitInfo",
    "UnitLevel",
    "UsageError",
    "Verdict",
    "WorkbookColumns",
    "WorkbookLayout",
    "ZiError",
    "__version__",
    "agency_gate_ids",
    "agency_records",
    "answer_problems",
    "check_lke",
    "default_engine",
    "evaluate",
    "evaluate_kawasan",
    "from_portalrb",
    "hookimpl",
    "joint_actor",
    "kawasan_lifecycle",
    "language",
    "layer_differences",
    "load_kawasan",
    "load_lifecycle_definition",
    "load_lke",
    "load_rubric",
    "load_submission",
    "mermaid_diagram",
    "monitoring_status",
    "parse_number",
    "plan",
    "preliminary_scope",
    "save_lke",
    "save_lke_template",
    "save_submission",
    "set_language",
    "to_portalrb",
    "use_language",
]

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "LayerDifference": "zi_engine.review._diff",
    "layer_differences": "zi_engine.review._diff",
    "ReviewRefused": "zi_engine.review._errors",
    "ReviewStateError": "zi_engine.review._errors",
    "Review": "zi_engine.review._model",
    "ReviewDefinition": "zi_engine.review._model",
    "QuestionReview": "zi_engine.review._records",
    "ReviewAction": "zi_engine.review._records",
    "ReviewActor": "zi_engine.review._records",
    "ReviewRecord": "zi_engine.review._records",
    "ReviewSpec": "zi_engine.review._tiers",
    "TierSpec": "zi_engine.review._tiers",
    "Verdict": "zi_engine.review._tiers",
    "answer_problems": "zi_engine.scoring._check",
    "IntegrationSpec": "zi_engine.kawasan._model",
    "Kawasan": "zi_engine.kawasan._model",
    "KawasanError": "zi_engine.kawasan._model",
    "KawasanInfo": "zi_engine.kawasan._model",
    "MemberSpec": "zi_engine.kawasan._model",
    "KawasanCriterion": "zi_engine.kawasan._evaluate",
    "KawasanEvaluation": "zi_engine.kawasan._evaluate",
    "KawasanGroup": "zi_engine.kawasan._evaluate",
    "KawasanPredicateResult": "zi_engine.kawasan._evaluate",
    "MemberResult": "zi_engine.kawasan._evaluate",
    "KawasanHost": "zi_engine.kawasan._load",
    "KawasanPlan": "zi_engine.kawasan._plan",
    "MemberPlan": "zi_engine.kawasan._plan",
    "evaluate_kawasan": "zi_engine.kawasan._run",
    "load_kawasan": "zi_engine.kawasan._run",
    "joint_actor": "zi_engine.kawasan._scope",
    "kawasan_lifecycle": "zi_engine.kawasan._scope",
    "save_submission": "zi_engine._api",
    "Actor": "zi_engine.lifecycle._audit",
    "AgencyDrop": "zi_engine.lifecycle._agency",
    "AgencyFactsDisagree": "zi_engine.eligibility._agency",
    "AgencyRecord": "zi_engine.submission._agency",
    "AgencyShare": "zi_engine.lifecycle._agency",
    "agency_gate_ids": "zi_engine.eligibility._agency",
    "agency_records": "zi_engine.eligibility._agency",
    "AgencyFacts": "zi_engine.submission._model",
    "AgencyInfo": "zi_engine.submission._model",
    "AnswerEntry": "zi_engine.submission._model",
    "AnswerError": "zi_engine.rubric._answer_type",
    "AnswerType": "zi_engine.rubric._answer_type",
    "AreaFile": "zi_engine.rubric._model",
    "AreaRef": "zi_engine.rubric._tree",
    "AreaSpec": "zi_engine.rubric._model",
    "AuditRecord": "zi_engine.lifecycle._audit",
    "BoundCriterion": "zi_engine.rubric._rubric",
    "ChoiceAnswerType": "zi_engine.rubric._answers",
    "ComponentSpec": "zi_engine.rubric._model",
    "CriterionContext": "zi_engine.eligibility._criteria",
    "CriterionJudge": "zi_engine.eligibility._criteria",
    "CriterionKind": "zi_engine.eligibility._criteria",
    "CriterionResult": "zi_engine.eligibility._criteria",
    "CriterionSpec": "zi_engine.rubric._model",
    "CriterionVerdict": "zi_engine.eligibility._criteria",
    "EffectiveSpec": "zi_engine.rubric._model",
    "Engine": "zi_engine.engine._engine",
    "Evaluation": "zi_engine.eligibility._evaluation",
    "EvaluationLike": "zi_engine.lifecycle._audit",
    "EvaluationSummary": "zi_engine.lifecycle._audit",
    "Facts": "zi_engine.submission._model",
    "Group": "zi_engine.eligibility._criteria",
    "GroupSpec": "zi_engine.rubric._model",
    "GuardContext": "zi_engine.lifecycle._machine",
    "Improvement": "zi_engine.rubric._answer_type",
    "ImprovementPlan": "zi_engine.planning._plan",
    "InputKind": "zi_engine.rubric._answer_type",
    "Item": "zi_engine.rubric._tree",
    "ItemResult": "zi_engine.eligibility._evaluation",
    "JsonScalar": "zi_engine.lifecycle._audit",
    "Layer": "zi_engine.submission._model",
    "LayeredAnswer": "zi_engine.submission._model",
    "Lifecycle": "zi_engine.lifecycle._model",
    "LifecycleDefinition": "zi_engine.lifecycle._definition",
    "LifecycleDefinitionError": "zi_engine.lifecycle._errors",
    "LifecycleHost": "zi_engine.lifecycle._machine",
    "LifecycleParameters": "zi_engine.lifecycle._definition",
    "LifecycleStateError": "zi_engine.lifecycle._errors",
    "ListenerError": "zi_engine.lifecycle._errors",
    "MISSING": "zi_engine._constants",
    "Manifest": "zi_engine.rubric._model",
    "Missing": "zi_engine._constants",
    "MonitoringStatus": "zi_engine.lifecycle._monitoring",
    "Node": "zi_engine.rubric._tree",
    "NodeKind": "zi_engine.rubric._tree",
    "NodeResult": "zi_engine.eligibility._evaluation",
    "OptionSpec": "zi_engine.rubric._model",
    "Outcome": "zi_engine.eligibility._criteria",
    "PartDecl": "zi_engine.rubric._model",
    "PartSpec": "zi_engine.rubric._model",
    "PayloadFieldSpec": "zi_engine.lifecycle._definition",
    "PlanStep": "zi_engine.planning._plan",
    "PluginError": "zi_engine._errors",
    "PluginInfo": "zi_engine.engine._plugins",
    "PoliciesSpec": "zi_engine.rubric._model",
    "Portfolio": "zi_engine.lifecycle._portfolio",
    "PredicateOutcome": "zi_engine.eligibility._evaluation",
    "PredicateResult": "zi_engine.eligibility._evaluation",
    "PredicateSpec": "zi_engine.rubric._model",
    "Problem": "zi_engine._errors",
    "ProposalWindow": "zi_engine.lifecycle._definition",
    "QuestionSpec": "zi_engine.rubric._model",
    "RatioTerms": "zi_engine.rubric._answer_type",
    "RawAnswer": "zi_engine.submission._model",
    "RegulationSpec": "zi_engine.rubric._model",
    "Requirement": "zi_engine.planning._goals",
    "RoleSpec": "zi_engine.lifecycle._definition",
    "Rubric": "zi_engine.rubric._rubric",
    "RubricError": "zi_engine._errors",
    "RubricFile": "zi_engine.rubric._rubric",
    "Runtime": "zi_engine.lifecycle._machine",
    "ScoreBounds": "zi_engine.eligibility._criteria",
    "ScoreGoal": "zi_engine.eligibility._criteria",
    "ScoreLayout": "zi_engine.rubric._layout",
    "Scores": "zi_engine.scoring._score",
    "SourceSpec": "zi_engine.lifecycle._definition",
    "StateSpec": "zi_engine.lifecycle._definition",
    "StuckUnit": "zi_engine.lifecycle._portfolio",
    "Submission": "zi_engine.submission._model",
    "SubmissionError": "zi_engine._errors",
    "TransitionRefused": "zi_engine.lifecycle._errors",
    "Tree": "zi_engine.rubric._tree",
    "TriggerSpec": "zi_engine.lifecycle._definition",
    "RetiredSource": "zi_engine.lifecycle._definition",
    "UnitFacts": "zi_engine.submission._model",
    "UnitInfo": "zi_engine.submission._model",
    "UNIT_LEVELS": "zi_engine.submission._scope",
    "AgencyType": "zi_engine.submission._scope",
    "Assessor": "zi_engine.submission._scope",
    "UnitLevel": "zi_engine.submission._scope",
    "PreliminaryScope": "zi_engine.submission._scope",
    "preliminary_scope": "zi_engine.submission._scope",
    "UsageError": "zi_engine._errors",
    "ZiError": "zi_engine._errors",
    "LANGUAGES": "zi_engine._i18n",
    "Language": "zi_engine._i18n",
    "Text": "zi_engine._i18n",
    "language": "zi_engine._i18n",
    "set_language": "zi_engine._i18n",
    "use_language": "zi_engine._i18n",
    "CoverCells": "zi_engine.rubric._model",
    "WorkbookColumns": "zi_engine.rubric._model",
    "WorkbookLayout": "zi_engine.rubric._model",
    "Disagreement": "zi_engine.lke._checking",
    "check_lke": "zi_engine._api",
    "load_lke": "zi_engine._api",
    "save_lke": "zi_engine._api",
    "save_lke_template": "zi_engine._api",
    "default_engine": "zi_engine.engine._engine",
    "evaluate": "zi_engine._api",
    "from_portalrb": "zi_engine._api",
    "hookimpl": "zi_engine.hookspecs",
    "load_lifecycle_definition": "zi_engine.lifecycle",
    "load_rubric": "zi_engine._api",
    "load_submission": "zi_engine._api",
    "mermaid_diagram": "zi_engine.render._diagram",
    "monitoring_status": "zi_engine.lifecycle._monitoring",
    "parse_number": "zi_engine.rubric._answer_type",
    "plan": "zi_engine.planning._plan",
    "to_portalrb": "zi_engine._api",
}


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS, __all__, show_classes_as="zi_engine")


def _default_engine() -> Any:
    # the name once imported (every Lifecycle.new and from_dict asks), else import it now
    found = globals().get("default_engine") or __getattr__("default_engine")
    return found()


_defaults.provide(_default_engine)
