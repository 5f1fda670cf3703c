"""Loading a rubric directory: read safely, validate, check, compile.

Every problem in every file is collected and reported together, each located
at ``file:line:column``; a rubric either loads whole or not at all.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError

from zi_engine._errors import PluginError, RubricError
from zi_engine._i18n import Text, t
from zi_engine.rubric._binding import compile_items
from zi_engine.rubric._checks import check_rubric, checked_by
from zi_engine.rubric._files import Problems, read_data, read_model, validate
from zi_engine.rubric._messages import did_you_mean, unknown_answer_type
from zi_engine.rubric._model import AreaFile, CriterionSpec, Manifest
from zi_engine.rubric._rubric import BoundCriterion, Rubric, RubricFile
from zi_engine.rubric._tree import build_tree, iter_questions
from zi_engine.rubric._warnings import prefix_warnings
from zi_engine.safeio import load_yaml_file
from zi_engine.safeio._problems import ProblemCollector

if TYPE_CHECKING:
    from zi_engine.eligibility._criteria import CriterionKind
    from zi_engine.rubric._answers import AnswerType

__all__ = ["MANIFEST_NAME", "RubricHost", "load_rubric_with", "resolve_rubric"]

MANIFEST_NAME = "rubric.yaml"
MAX_EXTENDS_DEPTH = 16  # rubrics in one extends chain, the first included


class RubricHost(Protocol):
    """What loading a rubric needs from its engine; :class:`~zi_engine.Engine` provides it."""

    @property
    def rubric_sources(self) -> Mapping[str, tuple[Path, str]]: ...
    @property
    def answer_types(self) -> Mapping[str, AnswerType]: ...
    @property
    def criterion_kinds(self) -> Mapping[str, CriterionKind]: ...
    def extra_criteria(self, rubric: Rubric, predicate: str) -> Sequence[tuple[Any, str]]:
        """``(criterion spec or plain data, plugin name)`` from every ``zi_extra_criteria``."""
        ...


def resolve_rubric(
    engine: RubricHost, name_or_path: str | Path, *, base: Path | None = None
) -> Path:
    """The directory of a rubric given by name (a plugin's or bundled) or by path."""
    if isinstance(name_or_path, Path) or "/" in str(name_or_path) or "\\" in str(name_or_path):
        path = Path(name_or_path)
        if base is not None and not path.is_absolute():
            path = base / path
    else:
        found = engine.rubric_sources.get(str(name_or_path))
        if found is not None:
            return Path(found[0])
        path = Path(name_or_path) if base is None else base / str(name_or_path)
    if path.is_file() and path.suffix in (".yaml", ".yml"):
        path = path.parent
    if not (path / MANIFEST_NAME).is_file():
        names = sorted(engine.rubric_sources)
        close = difflib.get_close_matches(str(name_or_path), names, n=1, cutoff=0.8)
        raise RubricError(
            t(
                "rubric.no_rubric",
                "no rubric {name}{hint}: not a known name (known: {known}) and not a "
                "directory with a {manifest}",
                name=repr(str(name_or_path)),
                hint=did_you_mean(close[0]) if close else "",
                known=", ".join(names) or t("rubric.none", "none"),
                manifest=MANIFEST_NAME,
            )
        )
    return path


def load_rubric_with(engine: RubricHost, name_or_path: str | Path) -> Rubric:
    """Load, validate and compile a rubric; raise :class:`RubricError` listing every problem."""
    directory = resolve_rubric(engine, name_or_path)
    collector = Problems([Manifest, AreaFile])
    read = _read_tree(engine, directory, collector, chain=())
    if read is None or collector:
        raise RubricError(collector.problems())
    manifest_file, manifest, entries = read
    files = [f for f, _ in entries]
    # the tree names each file by where it was read from, so messages point there
    tree = build_tree(
        manifest, [(shown, f.content.component, f.content.areas) for f, shown in entries]
    )
    compile_items(tree, engine.answer_types, manifest)
    for file, path, message in check_rubric(
        manifest_file,
        manifest,
        [(shown, f.content) for f, shown in entries],
        tree,
        engine.answer_types,
        engine.criterion_kinds,
        collector.where,
    ):
        collector.add(file, path, message)
    if collector:
        raise RubricError(collector.problems())
    warnings = collector.located(prefix_warnings([(shown, f.content) for f, shown in entries]))
    rubric = Rubric(manifest, files, tree, source=str(directory), warnings=warnings)
    return rubric.with_criteria(_criteria(engine, rubric))


Entry = tuple[RubricFile, str]  # a file and the path it was read from


def _read_tree(
    engine: RubricHost, directory: Path, collector: ProblemCollector, chain: tuple[Path, ...]
) -> tuple[str, Manifest, list[Entry]] | None:
    manifest_path = directory / MANIFEST_NAME
    manifest_file = str(manifest_path)
    manifest, raw = None, None
    if _outside(directory, MANIFEST_NAME) is not None:
        # refused for where it is: not read, so nothing of it can appear in a message
        collector.add(manifest_file, (), _outside_message(MANIFEST_NAME))
        return None
    data, readable = read_data(manifest_path, collector)
    if readable:  # parsed once: the same data gives the inherited fields and the manifest
        known_base = _check_base(engine, directory, manifest_file, data, collector)
        try:
            defaults = _inherited_fields(engine, directory, len(chain), data)
        except _TooDeep:  # reported before the fields the cut-off bases would have given
            collector.add(manifest_file, ("extends",), _too_deep(data["extends"]))
            return None
        manifest, raw = validate(
            manifest_path, data, Manifest, collector, defaults, inherits=not known_base
        )
        if not known_base:
            manifest = None
    if manifest is None:
        # keep going through the area files the manifest names, so one run reports everything
        listed = raw.get("areas") if isinstance(raw, dict) else None
        for rel in listed if isinstance(listed, list) else ():
            path = directory / rel if isinstance(rel, str) else None
            if path is not None and _outside(directory, rel) is None and path.is_file():
                content, _ = read_model(path, AreaFile, collector)
                if content is not None:
                    _check_answers(engine, str(path), content, collector)
        return None
    entries: list[Entry] = []
    for index, rel in enumerate(manifest.areas):
        leaves = _outside(directory, rel)
        if leaves is not None:
            collector.add(manifest_file, ("areas", index), leaves)
            continue
        if (directory / rel).resolve() == manifest_path.resolve():
            collector.add(
                manifest_file,
                ("areas", index),
                t(
                    "rubric.manifest_as_area",
                    "{file} is this manifest, not an area file; list the files that hold the areas",
                    file=repr(rel),
                ),
            )
            continue
        path = directory / rel
        if not path.is_file():
            missing = t("rubric.area_file_missing", "file {file} does not exist", file=repr(rel))
            collector.add(manifest_file, ("areas", index), missing)
            continue
        content, _ = read_model(path, AreaFile, collector)
        if content is not None:
            entries.append((RubricFile(rel, content), str(path)))
    if manifest.extends is None:
        return manifest_file, manifest, entries
    return _extend(engine, directory, manifest_file, manifest, entries, collector, chain)


def _outside_message(rel: str) -> Text:
    return t(
        "rubric.link_outside",
        "{file} is a link to a file outside the rubric directory; it was not read (copy the "
        "file into the rubric instead)",
        file=repr(rel),
    )


def _outside(directory: Path, rel: str) -> Text | None:
    """Why ``rel`` is not a file of the rubric in ``directory``, or ``None`` if it is.

    ``..`` is refused as written; every other path is resolved (symlinks
    followed, at every level) and must stay inside the resolved directory, so a
    link cannot make a rubric read ``/etc/passwd`` or a secret token and
    print its first line in an error.
    """
    if ".." in PurePosixPath(rel).parts:
        return t("rubric.leaves_directory", "{file} leaves the rubric directory", file=repr(rel))
    root = directory.resolve()
    try:
        target = (directory / rel).resolve()
    except (OSError, RuntimeError):  # a symlink loop: not a file of the rubric either
        return t(
            "rubric.link_loop",
            "{file} is a link that cannot be followed (a loop); it was not read",
            file=repr(rel),
        )
    if target != root and root not in target.parents:
        return _outside_message(rel)
    return None


def _extend(
    engine: RubricHost,
    directory: Path,
    manifest_file: str,
    manifest: Manifest,
    own: list[Entry],
    collector: ProblemCollector,
    chain: tuple[Path, ...],
) -> tuple[str, Manifest, list[Entry]] | None:
    """Merge with the base rubric: own files replace base files with the same areas or name.

    The manifest itself was already validated over the base's fields
    (:func:`_inherited_fields`); only the area files are merged here.
    """
    assert manifest.extends is not None
    try:
        base_dir = resolve_rubric(engine, manifest.extends, base=directory)
    except RubricError as exc:
        collector.add(manifest_file, ("extends",), exc.problems[0].message)
        return None
    if base_dir.resolve() in chain or base_dir.resolve() == directory.resolve():
        cycle = t(
            "rubric.extends_itself", "{base} extends itself (a cycle)", base=repr(manifest.extends)
        )
        collector.add(manifest_file, ("extends",), cycle)
        return None
    if len(chain) + 1 >= MAX_EXTENDS_DEPTH:  # a long chain is not a cycle: say which it is
        collector.add(manifest_file, ("extends",), _too_deep(manifest.extends))
        return None
    base = _read_tree(engine, base_dir, collector, (*chain, directory.resolve()))
    if base is None:
        return None
    base_entries = base[2]

    def area_ids(entry: Entry) -> set[str]:
        return {a.id for a in entry[0].content.areas}

    result: list[Entry] = []
    pending = list(own)
    for entry in base_entries:
        match = [e for e in pending if e[0].name == entry[0].name or area_ids(e) & area_ids(entry)]
        result.extend(match or [entry])
        pending = [e for e in pending if e not in match]
    result.extend(pending)
    effective = manifest.model_copy(update={"areas": [e[0].name for e in result]})
    return manifest_file, effective, result


def _check_base(
    engine: RubricHost, directory: Path, manifest_file: str, data: Any, collector: ProblemCollector
) -> bool:
    """False, with the problem reported, when the manifest extends a rubric that is not there.

    Checked before the manifest is validated, so that a misspelt ``extends`` is
    the first problem reported, not the fields it would have provided.
    """
    extends = data.get("extends") if isinstance(data, dict) else None
    if not isinstance(extends, str):
        return True
    try:
        resolve_rubric(engine, extends, base=directory)
    except RubricError as exc:
        collector.add(manifest_file, ("extends",), exc.problems[0].message)
        return False
    return True


class _TooDeep(Exception):
    """The chain of bases is longer than ``MAX_EXTENDS_DEPTH`` (and is not a cycle)."""


def _too_deep(base: object) -> Text:
    return t(
        "rubric.extends_too_deep",
        "{base} starts a chain of more than {depth} rubrics deep (each extending the next), "
        "which is not read; it is not a cycle",
        base=repr(base),
        depth=MAX_EXTENDS_DEPTH,
    )


def _inherited_fields(
    engine: RubricHost,
    directory: Path,
    depth: int,
    data: Any,
    seen: frozenset[Path] = frozenset(),
) -> dict[str, Any]:
    """The manifest fields an extending manifest inherits from its base (empty if none).

    ``data`` is the parsed manifest of ``directory``. An extending manifest may
    leave out title, regulation, effective period and the rest; they are
    validated as part of the merged document. Problems in the base are reported
    when the base itself is read, so this peek stays silent.
    """
    if not isinstance(data, dict) or not isinstance(data.get("extends"), str):
        return {}
    seen = seen | {directory.resolve()}
    try:
        base_dir = resolve_rubric(engine, data["extends"], base=directory)
    except RubricError:
        return {}
    if base_dir.resolve() in seen:
        return {}  # a cycle: reported as one when the bases are read
    if depth + 1 >= MAX_EXTENDS_DEPTH:
        raise _TooDeep
    try:
        base_data, _ = load_yaml_file(base_dir / MANIFEST_NAME, error_cls=RubricError)
    except RubricError:
        return {}
    if not isinstance(base_data, dict):
        return {}
    inherited = {**_inherited_fields(engine, base_dir, depth + 1, base_data, seen), **base_data}
    for own in ("areas", "extends", "id", "version", "$schema"):
        inherited.pop(own, None)
    return inherited


def _check_answers(
    engine: RubricHost, file: str, content: AreaFile, collector: ProblemCollector
) -> None:
    """The per-question checks that need no manifest (used when the manifest is broken)."""
    for path, question in iter_questions(content):
        atype = engine.answer_types.get(question.answer)
        if atype is None:
            collector.add(
                file, (*path, "answer"), unknown_answer_type(question.answer, engine.answer_types)
            )
            continue
        for message in atype.check(question):
            collector.add(file, path, message)


def _criteria(engine: RubricHost, rubric: Rubric) -> dict[str, tuple[BoundCriterion, ...]]:
    kinds = engine.criterion_kinds
    table: dict[str, tuple[BoundCriterion, ...]] = {}
    for pred in rubric.manifest.predicates:
        bound = [_bind(rubric, s, kinds[s.kind], kinds[s.kind].group) for s in pred.criteria]
        bound += [_bind(rubric, s, kinds[s.kind], "gate") for s in pred.gates]
        bound += _extra_criteria(engine, rubric, pred.id, {b.spec.id for b in bound})
        table[pred.id] = tuple(bound)
    return table


def _extra_criteria(
    engine: RubricHost, rubric: Rubric, predicate: str, taken: set[str]
) -> list[BoundCriterion]:
    out: list[BoundCriterion] = []
    for raw, plugin in engine.extra_criteria(rubric, predicate):
        try:
            spec = raw if isinstance(raw, CriterionSpec) else CriterionSpec.model_validate(raw)
        except ValidationError as exc:
            raise PluginError(
                t(
                    "rubric.plugin_invalid_criterion",
                    "plugin {plugin} added an invalid criterion for {predicate}: {problem}",
                    plugin=repr(plugin),
                    predicate=predicate,
                    problem=str(exc),
                )
            ) from exc
        kind = engine.criterion_kinds.get(spec.kind)
        problems: list[str] = (
            [
                t(
                    "rubric.unknown_criterion_kind_plain",
                    "unknown criterion kind {kind}",
                    kind=repr(spec.kind),
                )
            ]
            if kind is None
            else checked_by(kind, spec, rubric.tree, rubric.manifest)
        )
        if spec.id in taken:
            problems.append(
                t(
                    "rubric.criterion_id_taken",
                    "criterion id {id} is already used in {predicate}",
                    id=repr(spec.id),
                    predicate=predicate,
                )
            )
        if problems:
            raise PluginError(
                t(
                    "rubric.plugin_bad_criterion",
                    "plugin {plugin} added criterion {id} for {predicate}: {problems}",
                    plugin=repr(plugin),
                    id=repr(spec.id),
                    predicate=predicate,
                    problems="; ".join(problems),
                )
            )
        assert kind is not None
        taken.add(spec.id)
        out.append(_bind(rubric, spec, kind, "extra", plugin))
    return out


def _bind(
    rubric: Rubric, spec: CriterionSpec, kind: CriterionKind, group: str, plugin: str | None = None
) -> BoundCriterion:
    """``spec`` bound to its kind, with the kind's judge prepared once for this rubric."""
    judge = kind.prepare(spec, rubric.tree, rubric.manifest)
    return BoundCriterion(spec, kind, group, plugin, judge)
