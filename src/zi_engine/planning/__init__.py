"""Stage 5 of the pipeline: the improvement plan – what it would take to become eligible."""

from __future__ import annotations

from zi_engine.planning._plan import ImprovementPlan, PlanStep, Requirement, plan

__all__ = ["ImprovementPlan", "PlanStep", "Requirement", "plan"]
