"""The Engine: one plugin manager and everything looked up through it."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pluggy

from zi_engine._errors import SubmissionError, UsageError, ZiError, plugin_failed
from zi_engine._i18n import t
from zi_engine._resources import BUNDLED_RUBRIC
from zi_engine._text import show
from zi_engine.eligibility._evaluation import Evaluation
from zi_engine.engine._lke import LkeMethods
from zi_engine.engine._plugins import (
    PluginInfo,
    collect_named,
    collecting_impls,
    make_plugin_manager,
)
from zi_engine.rubric._rubric import Rubric
from zi_engine.scoring._check import answer_problems
from zi_engine.scoring._score import score
from zi_engine.submission._model import LAYERS, AgencyInfo, Facts, Layer, Submission

# Evaluation is what an engine is for (and the built-in criterion kinds bring it in);
# the other stages are imported by the methods that use them, so an engine that only
# loads a rubric (``zi-engine rubric validate``) does not pay for planning, the portal
# format or the lifecycle machine.
if TYPE_CHECKING:
    from zi_engine.eligibility._criteria import CriterionKind
    from zi_engine.lifecycle._definition import LifecycleDefinition
    from zi_engine.lifecycle._machine import Runtime, Runtimes
    from zi_engine.planning._plan import ImprovementPlan
    from zi_engine.rubric._answers import AnswerType
    from zi_engine.submission._agency import AgencyRecord

__all__ = ["Engine", "default_engine"]


class Engine(LkeMethods):
    """A configured zi_engine: its plugins and the registries they provide.

    Each engine owns its own :class:`pluggy.PluginManager`; nothing is global
    and nothing is loaded at import time. ``Engine()`` has only the built-in
    plugins; pass ``plugins=[module_or_object, ...]`` to add some explicitly,
    or ``load_entrypoints=True`` to load the ``zi_engine`` entry-point group
    (filtered by ``allow``/``deny`` or the ``ZI_ENGINE_PLUGINS`` /
    ``ZI_ENGINE_DISABLE_PLUGINS`` environment variables).
    """

    def __init__(
        self,
        plugins: Iterable[object] = (),
        *,
        load_entrypoints: bool = False,
        allow: Sequence[str] | None = None,
        deny: Sequence[str] = (),
    ) -> None:
        self.plugin_manager: pluggy.PluginManager
        self.plugin_manager, self._origins = make_plugin_manager(
            plugins, load_entrypoints=load_entrypoints, allow=allow, deny=deny
        )
        self._named_rubrics: dict[str, Rubric] = {}
        # collecting hooks are called once, now, so name conflicts surface when the
        # engine is built rather than at the first load_rubric()
        for registry in (
            "answer_types",
            "rubric_sources",
            "criterion_kinds",
            "lifecycle_definitions",
            "lifecycle_guards",
        ):
            getattr(self, registry)

    # -- registries -----------------------------------------------------------------------

    @cached_property
    def answer_types(self) -> dict[str, AnswerType]:
        """``{name: AnswerType}`` from every plugin's ``zi_answer_types``."""
        found: dict[str, tuple[Any, str]] = collect_named(
            self.plugin_manager, "zi_answer_types", _name, t("engine.an_answer_type", "answer type")
        )
        return {name: item for name, (item, _) in found.items()}

    @cached_property
    def rubric_sources(self) -> dict[str, tuple[Path, str]]:
        """``{rubric name: (directory, providing plugin)}``."""
        return collect_named(
            self.plugin_manager, "zi_rubric_sources", None, t("engine.a_rubric", "rubric"), _path
        )

    @cached_property
    def criterion_kinds(self) -> dict[str, CriterionKind]:
        """``{kind name: CriterionKind}`` from every plugin's ``zi_criterion_kinds``."""
        found: dict[str, tuple[Any, str]] = collect_named(
            self.plugin_manager,
            "zi_criterion_kinds",
            _name,
            t("engine.a_criterion_kind", "criterion kind"),
        )
        return {name: item for name, (item, _) in found.items()}

    @cached_property
    def lifecycle_definitions(self) -> dict[str, tuple[Path, str]]:
        """``{definition name: (YAML file, providing plugin)}``."""
        return collect_named(
            self.plugin_manager,
            "zi_lifecycle_definitions",
            None,
            t("engine.a_lifecycle", "lifecycle"),
            _path,
        )

    @cached_property
    def lifecycle_guards(self) -> dict[str, Any]:
        """``{guard name: callable}`` from every plugin's ``zi_lifecycle_guards``."""
        found: dict[str, tuple[Any, str]] = collect_named(
            self.plugin_manager, "zi_lifecycle_guards", None, "lifecycle guard", callable
        )
        return {name: item for name, (item, _) in found.items()}

    @cached_property
    def _lifecycles(self) -> Runtimes:
        """Lifecycle definitions made executable for this engine, each built once."""
        from zi_engine.lifecycle._machine import Runtimes

        return Runtimes(self)

    # -- rubrics ---------------------------------------------------------------------------

    def load_rubric(self, name_or_path: str | Path, *, reload: bool = False) -> Rubric:
        """Load, validate and compile a rubric by name (bundled or a plugin's) or directory.

        A named rubric ships inside an installed package and does not change
        while a process runs: it is read once per engine and then reused
        (``reload=True`` reads it again). A directory is read afresh on every
        call. Raises :class:`~zi_engine.RubricError` listing every problem in
        every file, each as ``file:line:column``.
        """
        from zi_engine.rubric._loading import load_rubric_with

        if isinstance(name_or_path, str) and name_or_path in self.rubric_sources:
            cached = self._named_rubrics.get(name_or_path)
            if cached is None or reload:
                cached = self._named_rubrics[name_or_path] = load_rubric_with(self, name_or_path)
            return cached
        return load_rubric_with(self, name_or_path)

    def rubric(self, name: str) -> Rubric:
        """Deprecated: :meth:`load_rubric` caches named rubrics itself."""
        warnings.warn(
            "Engine.rubric(name) is deprecated; use Engine.load_rubric(name), which reads a "
            "named rubric once per engine",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.load_rubric(name)

    def extra_criteria(self, rubric: Rubric, predicate: str) -> list[tuple[Any, str]]:
        """``(criterion, plugin)`` from every plugin's ``zi_extra_criteria``, built-ins first."""
        out: list[tuple[Any, str]] = []
        impls = collecting_impls(self.plugin_manager, "zi_extra_criteria")
        for impl in impls:  # registration order: built-ins first
            kwargs = {"rubric": rubric, "predicate": predicate}
            try:
                found = impl.function(**{a: kwargs[a] for a in impl.argnames}) or ()
            except Exception as exc:
                raise plugin_failed(impl.plugin_name, "zi_extra_criteria", exc) from exc
            if isinstance(found, (str, bytes, Mapping)) or not isinstance(found, Iterable):
                raise plugin_failed(
                    impl.plugin_name,
                    "zi_extra_criteria",
                    t(
                        "engine.extra_criteria_not_list",
                        "returned {type}; expected a list of criteria",
                        type=type(found).__name__,
                    ),
                )
            out += [(raw, impl.plugin_name) for raw in cast(Sequence[Any], found)]
        return out

    # -- submissions ------------------------------------------------------------------------

    def load_submission(self, path: str | Path, *, rubric: Rubric | None = None) -> Submission:
        """Read a submission file: ``.json`` is JSON, any other name YAML, ``"-"`` standard
        input (either format).

        Every problem is a :class:`~zi_engine.SubmissionError` located at
        ``file:line:column``. With ``rubric``, the answers are checked against
        it as well – every layer's value, and that each question exists –
        so those problems are located in the file too, which :meth:`evaluate`
        cannot do; answers meant for another rubric are one problem that says
        so, not one per answer.
        """
        from zi_engine.submission._files import read_submission

        submission, raw, source = read_submission(path)
        if rubric is not None:
            problems = answer_problems(rubric, submission, file=source, raw=raw)
            if problems:
                raise SubmissionError(problems)
        return submission

    def save_submission(self, submission: Submission, path: str | Path) -> Path:
        """Write ``submission`` as YAML (``.yaml``/``.yml``) or JSON (``.json``).

        :meth:`load_submission` of the file gives back an equal submission.
        Returns the path written.
        """
        from zi_engine.submission._files import save_submission_file

        return save_submission_file(submission, path)

    def from_portalrb(
        self,
        data: Any,
        *,
        rubric: Rubric | None = None,
        agency: AgencyInfo | str | None = None,
        facts: Facts | Mapping[str, Any] | None = None,
        target: str = "WBK",
        as_of: date | None = None,
    ) -> Submission:
        """Read the national portal's "jawaban LKE satu unit" JSON (guide §3.3).

        ``data`` is the parsed JSON or a path to the file (``"-"``: standard
        input); ``rubric`` defaults to the bundled one. The portal carries no
        agency, gate facts, target or TPN layer: pass what you know –
        ``agency`` as an :class:`~zi_engine.AgencyInfo` or just its id,
        ``facts`` as :class:`~zi_engine.Facts` or plain data of that form.
        Bad answers raise :class:`~zi_engine.SubmissionError` naming each
        question.
        """
        from zi_engine.submission._portalrb import read_portalrb

        if isinstance(agency, str):
            agency = AgencyInfo(id=agency)
        if facts is not None and not isinstance(facts, Facts):
            facts = Facts.model_validate(facts)
        return read_portalrb(
            data,
            rubric or self.load_rubric(BUNDLED_RUBRIC),
            agency=agency,
            facts=facts,
            target=target,
            as_of=as_of,
        )

    def to_portalrb(
        self,
        submission: Submission,
        *,
        rubric: Rubric | None = None,
        drop_tpn: bool = False,
        drop_tpi_evidence: bool = False,
        drop_induk: bool = False,
    ) -> dict[str, Any]:
        """``submission`` as the portal's JSON (unit and TPI layers; formulas left out).

        The answers are checked first, so the document written is one
        :meth:`from_portalrb` reads back. The portal has no TPN layer: a
        submission with TPN answers raises :class:`~zi_engine.SubmissionError`
        unless ``drop_tpn=True`` (the score read back would then differ), and
        one with the parent unit's (``induk``) answers unless ``drop_induk=True``;
        TPI evidence likewise unless ``drop_tpi_evidence=True``; a unit evidence
        item with a line break always (it would come back as two).
        Nor does it carry the agency, facts, target, category, evaluation
        date or TPI evidence; see ``docs/submissions.md``.
        """
        from zi_engine.submission._portalrb import to_portalrb

        rubric = rubric or self.load_rubric(BUNDLED_RUBRIC)
        problems = answer_problems(rubric, submission)
        if problems:
            raise SubmissionError(problems)
        return to_portalrb(
            submission, rubric, drop_tpn=drop_tpn, drop_tpi_evidence=drop_tpi_evidence,
            drop_induk=drop_induk,
        )  # fmt: skip

    # -- scoring, eligibility, planning -----------------------------------------------------

    def evaluate(
        self,
        rubric: Rubric,
        submission: Submission,
        *,
        as_of: date | None = None,
        up_to: Layer = "tpn",
        agency: AgencyRecord | None = None,
    ) -> Evaluation:
        """Score ``submission`` against ``rubric`` and judge eligibility.

        ``up_to`` picks the highest answer layer that counts: ``"tpn"`` (TPN
        replaces TPI replaces unit), ``"tpi"`` (the TPI's evaluation) or
        ``"unit"`` (the self-assessment); case does not matter. ``as_of``
        (default: the submission's) is the date periods are measured to.
        Arguments the wrong way round, or an unknown layer, are a
        :class:`~zi_engine.UsageError` saying so.

        ``agency`` is the :class:`~zi_engine.AgencyRecord` of the unit's agency
        and year: its facts are the ones judged (``evaluation.submission``
        carries them), and agency facts the submission states differently are
        listed in ``evaluation.warnings``, one per fact (see docs/agency.md).
        """
        _check_arguments(rubric, submission)
        layer = _layer(up_to)
        notes: tuple[str, ...] = ()
        if agency is not None:
            from zi_engine.eligibility._agency import with_agency_record

            submission, notes = with_agency_record(submission, agency)
        evaluation = Evaluation(
            rubric,
            submission,
            score(rubric, submission, layer),
            as_of=as_of if as_of is not None else submission.as_of,
            up_to=layer,
            notes=notes,
        )
        impls = self.plugin_manager.hook.zi_evaluation_done.get_hookimpls()
        if impls:  # skip pluggy's call machinery when nobody listens
            _tell_evaluation_done(self.plugin_manager, impls, evaluation)
        return evaluation

    def evaluate_many(
        self,
        rubric: Rubric,
        submissions: Iterable[Submission],
        *,
        as_of: date | None = None,
        up_to: Layer = "tpn",
        workers: int | None = None,
        agencies: Iterable[AgencyRecord] | Mapping[tuple[str, int], AgencyRecord] | None = None,
    ) -> list[Evaluation]:
        """:meth:`evaluate` each of ``submissions``, spread over the machine's cores.

        Returns the evaluations in the order of ``submissions``, each equal to
        what :meth:`evaluate` gives, announced to ``zi_evaluation_done``
        listeners in that order, in this process. ``workers`` caps the worker
        processes (default: the cores this process may use). Batches of fewer
        than 200 submissions per worker use fewer workers; ``workers=1``, a
        small batch, a platform that cannot fork (Windows; macOS by default)
        and a process that already runs threads evaluate here, one after
        another. The first invalid submission raises what :meth:`evaluate`
        raises. Criterion kinds must be pure, as their contract says: workers
        run them on copies of this process.

        ``agencies`` holds the :class:`~zi_engine.AgencyRecord` s of the
        agencies and years in the batch (``zi_engine.agency_records(batch)``
        gathers the ones the submissions state): each unit is evaluated with
        its agency's, as :meth:`evaluate` with ``agency=`` does. Units of an
        agency and year with no record given must not state different agency
        facts: that is an :class:`~zi_engine.AgencyFactsDisagree` naming both
        units, before anything is evaluated.
        """
        from zi_engine.eligibility._agency import match_agency_records
        from zi_engine.engine._many import evaluate_many, worker_count

        batch = list(submissions)
        for sub in batch:
            _check_arguments(rubric, sub)
        layer = _layer(up_to)
        records = match_agency_records(batch, agencies)
        count = worker_count(workers, len(batch))
        if count == 1:
            return [
                self.evaluate(rubric, sub, as_of=as_of, up_to=layer, agency=record)
                for sub, record in zip(batch, records, strict=True)
            ]
        return evaluate_many(
            self, rubric, batch, as_of=as_of, up_to=layer, workers=count, agencies=records
        )

    def plan(self, evaluation: Evaluation, target: str) -> ImprovementPlan:
        """What it would take for ``evaluation``'s unit to meet ``target`` (see :func:`plan`)."""
        from zi_engine.planning._plan import plan

        return plan(evaluation, target)

    # -- lifecycles -------------------------------------------------------------------------

    def lifecycle_runtime(self, definition: str | Path | LifecycleDefinition) -> Runtime:
        """The executable form of a lifecycle definition for this engine, built once."""
        return self._lifecycles.get(definition)

    def load_lifecycle_definition(self, name_or_path: str | Path) -> LifecycleDefinition:
        """A lifecycle definition by registered name or YAML file, checked against the guards.

        Raises :class:`~zi_engine.LifecycleDefinitionError` listing every
        problem at ``file:line:column``. Loaded once per engine.
        """
        return self.lifecycle_runtime(name_or_path).definition

    # -- plugins ----------------------------------------------------------------------------

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin, where it came from and which hooks it implements."""
        pm = self.plugin_manager
        out: list[PluginInfo] = []
        for name, plugin in pm.list_name_plugin():
            hooks = tuple(sorted(h.name for h in (pm.get_hookcallers(plugin) or [])))
            origin = self._origins.get(name, "registered on the plugin manager directly")
            out.append(PluginInfo(name=name, origin=origin, hooks=hooks))
        return out


def _tell_evaluation_done(
    pm: pluggy.PluginManager, impls: Sequence[pluggy.HookImpl], evaluation: Evaluation
) -> None:
    """Call each ``zi_evaluation_done`` listener; one that raises is a PluginError naming it.

    In pluggy's order (last registered first). With hook wrappers present pluggy
    itself calls them, and a failure is attributed to the hook only.
    """
    if any(impl.wrapper or impl.hookwrapper for impl in impls):
        try:
            pm.hook.zi_evaluation_done(evaluation=evaluation)
        except ZiError:
            raise
        except Exception as exc:
            several = t("engine.one_of_several_plugins", "(one of several)")
            raise plugin_failed(several, "zi_evaluation_done", exc) from exc
        return
    for impl in reversed(impls):
        try:
            impl.function(**dict.fromkeys(impl.argnames, evaluation))
        except ZiError:
            raise
        except Exception as exc:
            raise plugin_failed(impl.plugin_name, "zi_evaluation_done", exc) from exc


def _name(item: Any) -> str:
    """The name an answer type or criterion kind is registered under."""
    name: str = item.name  # an AttributeError here is the plugin's, reported as such
    return name


def _path(item: object) -> bool:
    """Whether a collected location is a path (a rubric folder, a definition file)."""
    return isinstance(item, (str, os.PathLike))


def _check_arguments(rubric: object, submission: object) -> None:
    """A :class:`UsageError` for ``evaluate(submission, rubric)`` and other wrong arguments."""
    if isinstance(rubric, Rubric) and isinstance(submission, Submission):
        return
    if isinstance(rubric, Submission) and isinstance(submission, Rubric):
        raise UsageError(
            t(
                "engine.arguments_swapped",
                "evaluate(rubric, submission) takes the rubric first: the arguments are the"
                " other way round",
            )
        )
    raise UsageError(
        t(
            "engine.arguments_wrong",
            "evaluate(rubric, submission) takes a Rubric (load_rubric) and a Submission"
            " (load_submission), not ({rubric}, {submission})",
            rubric=type(rubric).__name__,
            submission=type(submission).__name__,
        )
    )


def _layer(up_to: object) -> Layer:
    """The answer layer ``up_to`` names, matched case-insensitively."""
    if isinstance(up_to, str):
        for layer in LAYERS:
            if layer == up_to.strip().casefold():
                return layer
    known = ", ".join(reversed(LAYERS))
    raise UsageError(
        t(
            "engine.unknown_layer",
            "up_to={value} is not an answer layer; the known ones are {known}",
            value=show(up_to),
            known=known,
        )
    )


_default: Engine | None = None


def default_engine() -> Engine:
    """The engine behind the module-level functions: built-in plugins only, made on first use."""
    global _default  # noqa: PLW0603 - one lazily built default, never at import time
    if _default is None:
        _default = Engine()
    return _default
