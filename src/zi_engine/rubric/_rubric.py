"""The :class:`Rubric`: a validated, compiled, immutable rubric."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zi_engine._errors import Problem
from zi_engine.rubric._layout import ScoreLayout, build_layout
from zi_engine.rubric._model import AreaFile, AreaSpec, CriterionSpec, Manifest, QuestionSpec
from zi_engine.rubric._tree import Tree
from zi_engine.safeio import dump_yaml

if TYPE_CHECKING:
    from zi_engine.eligibility._criteria import CriterionJudge, CriterionKind

__all__ = ["BoundCriterion", "Rubric", "RubricFile"]

SCHEMA_COMMENT = "# yaml-language-server: $schema={}\n"


@dataclass(frozen=True, slots=True)
class RubricFile:
    """One area file of a rubric: its name (relative to the rubric directory) and content."""

    name: str
    content: AreaFile


@dataclass(frozen=True, slots=True)
class BoundCriterion:
    """A criterion spec with the kind that judges it and its group.

    ``judge`` is what the kind prepared for this spec on this rubric's tree
    (:meth:`~zi_engine.CriterionKind.prepare`), made once when the rubric
    binds its criteria; ``None`` when the kind decides with ``evaluate()``.
    """

    spec: CriterionSpec
    kind: CriterionKind
    group: str
    plugin: str | None = None  # the plugin that added it, for extra criteria
    judge: CriterionJudge | None = None


class Rubric:
    """A rubric loaded, validated and compiled by an :class:`~zi_engine.Engine`.

    Immutable. Two rubrics are equal when their content is (see
    :attr:`content_hash`), wherever they were loaded from. Get one with
    :func:`zi_engine.load_rubric`.
    """

    __slots__ = (
        "_criteria",
        "_files",
        "_hash",
        "_layout",
        "_manifest",
        "_questions",
        "_soal",
        "_source",
        "_tree",
        "_warnings",
    )

    def __init__(
        self,
        manifest: Manifest,
        files: Sequence[RubricFile],
        tree: Tree,
        *,
        source: str | None = None,
        criteria: Mapping[str, tuple[BoundCriterion, ...]] | None = None,
        warnings: Sequence[Problem] = (),
    ) -> None:
        self._manifest = manifest
        self._files = tuple(files)
        self._tree = tree
        self._source = source
        self._criteria: dict[str, tuple[BoundCriterion, ...]] = dict(criteria or {})
        self._layout = build_layout(tree)
        self._questions = {item.spec.id: item.spec for item in tree.items}
        self._soal = {
            item.spec.soal_id: item.spec for item in tree.items if item.spec.soal_id is not None
        }
        self._hash = _content_hash(manifest, self._files)
        self._warnings = tuple(warnings)

    # -- identity ---------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The rubric id (``permenpan-rb-90-2021``)."""
        return self._manifest.id

    @property
    def version(self) -> str:
        """The rubric version, a string (``"2021.1"``)."""
        return self._manifest.version

    @property
    def title(self) -> str:
        """The rubric's title."""
        return self._manifest.title

    @property
    def manifest(self) -> Manifest:
        """The validated ``rubric.yaml``."""
        return self._manifest

    @property
    def files(self) -> tuple[RubricFile, ...]:
        """The area files, in manifest order."""
        return self._files

    @property
    def source(self) -> str | None:
        """Where it was loaded from (a directory), if from disk."""
        return self._source

    @property
    def content_hash(self) -> str:
        """``sha256:<hex>`` of the rubric's canonical content (not of file bytes).

        Stored with every evaluation so it can be traced to the exact rubric;
        reformatting a file or moving the rubric does not change it.
        """
        return self._hash

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What loading found doubtful but not wrong (a question id that does not match
        the area or sub-area it stands in), located like errors; not part of the content."""
        return self._warnings

    def applies_on(self, day: date) -> bool:
        """Whether ``day`` lies in the rubric's effective period."""
        eff = self._manifest.effective
        return eff.from_ <= day and (eff.until is None or day <= eff.until)

    # -- content ----------------------------------------------------------------------------

    @property
    def predicates(self) -> tuple[str, ...]:
        """Predicate ids (``("WBK", "WBBM")``)."""
        return tuple(p.id for p in self._manifest.predicates)

    @property
    def questions(self) -> Mapping[str, QuestionSpec]:
        """Every question (including counts and formulas) by id, in rubric order."""
        return self._questions

    def question(self, question_id: str) -> QuestionSpec:
        """The question with ``question_id`` (``KeyError`` if none)."""
        return self._questions[question_id]

    def question_by_soal_id(self, soal_id: int) -> QuestionSpec | None:
        """The question that carries the portal's ``soal_id``, if any."""
        return self._soal.get(soal_id)

    @property
    def areas(self) -> tuple[tuple[str, AreaSpec], ...]:
        """``(component id, area)`` for every area, in order."""
        return tuple((f.content.component, a) for f in self._files for a in f.content.areas)

    @property
    def tree(self) -> Tree:
        """The compiled scoring tree (internal structure; read-only by convention)."""
        return self._tree

    @property
    def layout(self) -> ScoreLayout:
        """The tree flattened for scoring (internal structure; read-only by convention)."""
        return self._layout

    def with_criteria(self, table: Mapping[str, tuple[BoundCriterion, ...]]) -> Rubric:
        """A copy of this rubric judged by ``table`` (``{predicate id: bound criteria}``).

        The loader binds the rubric's own criteria and the plugins' extra ones
        this way; content, tree and hash are shared with the original.
        """
        copy = Rubric.__new__(Rubric)
        for name in Rubric.__slots__:
            object.__setattr__(copy, name, getattr(self, name))
        copy._criteria = dict(table)
        return copy

    def criteria(self, predicate: str) -> tuple[BoundCriterion, ...]:
        """The criteria of ``predicate``: the rubric's own, then plugins' extra ones."""
        return self._criteria[predicate]

    # -- output -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the manifest and every file's content."""
        return {
            "manifest": _dump_model(self._manifest),
            "files": {f.name: _dump_model(f.content) for f in self._files},
        }

    def dump(self, directory: str | Path, *, schema_dir: str | None = None) -> Path:
        """Write the rubric as a directory (``rubric.yaml`` + area files) and return it.

        ``load_rubric(rubric.dump(d)) == rubric``. With ``schema_dir`` (a path
        relative to ``directory``), each file gets the editor schema comment.
        """
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        manifest = _dump_model(self._manifest)
        manifest["areas"] = [f.name for f in self._files]
        manifest.pop("extends", None)
        self._write(root, "rubric.yaml", manifest, schema_dir, "rubric-manifest")
        for f in self._files:
            self._write(root, f.name, _dump_model(f.content), schema_dir, "rubric-area")
        return root

    @staticmethod
    def _write(root: Path, name: str, data: Any, schema_dir: str | None, schema: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        head = ""
        if schema_dir is not None:
            depth = len(Path(name).parents) - 1
            rel = "../" * depth + schema_dir.rstrip("/")
            head = SCHEMA_COMMENT.format(f"{rel}/{schema}.schema.json")
        path.write_text(head + dump_yaml(data), encoding="utf-8")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rubric):
            return NotImplemented
        return self._hash == other._hash

    def __hash__(self) -> int:
        return hash(self._hash)

    def __repr__(self) -> str:
        return f"<Rubric {self.id} {self.version} ({len(self._questions)} entries)>"


def _dump_model(model: Manifest | AreaFile) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"schema_"})


def _content_hash(manifest: Manifest, files: Sequence[RubricFile]) -> str:
    body = {
        "manifest": manifest.model_dump(mode="json", exclude={"schema_", "areas", "extends"}),
        "files": [f.content.model_dump(mode="json", exclude={"schema_"}) for f in files],
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
