"""Kawasan: integrated zones of several agencies' units, evaluated and designated together.

A Kawasan (a port, an airport, a regional government's service cluster; Pasal 1
angka 5 and Lampiran I huruf B of PermenPAN-RB 90/2021) is a file naming its
member units by unit and agency id, each with its own LKE submission, and the
joint TPI's answers to the integration rubric (Tabel 5, hlm. 45).
:func:`load_kawasan` reads and checks it; :func:`evaluate_kawasan` judges it
from its members' evaluations (Tabel 7 and 8, hlm. 59-60);
:meth:`KawasanEvaluation.what_it_would_take` says which members must improve
what. :func:`kawasan_lifecycle` and :func:`joint_actor` give its lifecycle and
the joint roles that act on its members only.

Modules: ``_model`` (the file format), ``_load`` (reading and checking it),
``_run`` (loading and evaluating), ``_evaluate`` (the verdicts),
``_plan`` (what it would take), ``_scope`` (lifecycle and joint actors),
``_builtin`` (the bundled Kawasan lifecycle, registered as a plugin).

This package sits above ``lifecycle | planning`` and below ``engine | render``:
what it would take is the unit's improvement plan, and the lifecycle helpers
build lifecycles. Names are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zi_engine._lazy import lazy_exports

if TYPE_CHECKING:
    from zi_engine.kawasan._builtin import KAWASAN_LIFECYCLE
    from zi_engine.kawasan._evaluate import (
        KawasanCriterion,
        KawasanEvaluation,
        KawasanGroup,
        KawasanPredicateResult,
        MemberResult,
    )
    from zi_engine.kawasan._load import KawasanHost
    from zi_engine.kawasan._model import (
        BUNDLED_INTEGRATION_RUBRIC,
        KAWASAN_KINDS,
        IntegrationSpec,
        Kawasan,
        KawasanError,
        KawasanInfo,
        MemberSpec,
    )
    from zi_engine.kawasan._plan import KawasanPlan, MemberPlan
    from zi_engine.kawasan._run import evaluate_kawasan, load_kawasan
    from zi_engine.kawasan._scope import joint_actor, kawasan_lifecycle

__all__ = [
    "BUNDLED_INTEGRATION_RUBRIC",
    "KAWASAN_KINDS",
    "KAWASAN_LIFECYCLE",
    "IntegrationSpec",
    "Kawasan",
    "KawasanCriterion",
    "KawasanError",
    "KawasanEvaluation",
    "KawasanGroup",
    "KawasanHost",
    "KawasanInfo",
    "KawasanPlan",
    "KawasanPredicateResult",
    "MemberPlan",
    "MemberResult",
    "MemberSpec",
    "evaluate_kawasan",
    "joint_actor",
    "kawasan_lifecycle",
    "load_kawasan",
]

# public name -> the module that defines it, imported on first use (as ``zi_engine`` does)
_EXPORTS: dict[str, str] = {
    "BUNDLED_INTEGRATION_RUBRIC": "zi_engine.kawasan._model",
    "KAWASAN_KINDS": "zi_engine.kawasan._model",
    "KAWASAN_LIFECYCLE": "zi_engine.kawasan._builtin",
    "IntegrationSpec": "zi_engine.kawasan._model",
    "Kawasan": "zi_engine.kawasan._model",
    "KawasanCriterion": "zi_engine.kawasan._evaluate",
    "KawasanError": "zi_engine.kawasan._model",
    "KawasanEvaluation": "zi_engine.kawasan._evaluate",
    "KawasanGroup": "zi_engine.kawasan._evaluate",
    "KawasanHost": "zi_engine.kawasan._load",
    "KawasanInfo": "zi_engine.kawasan._model",
    "KawasanPlan": "zi_engine.kawasan._plan",
    "KawasanPredicateResult": "zi_engine.kawasan._evaluate",
    "MemberPlan": "zi_engine.kawasan._plan",
    "MemberResult": "zi_engine.kawasan._evaluate",
    "MemberSpec": "zi_engine.kawasan._model",
    "evaluate_kawasan": "zi_engine.kawasan._run",
    "joint_actor": "zi_engine.kawasan._scope",
    "kawasan_lifecycle": "zi_engine.kawasan._scope",
    "load_kawasan": "zi_engine.kawasan._run",
}


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS, __all__)
