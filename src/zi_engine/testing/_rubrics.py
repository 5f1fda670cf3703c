"""Valid rubrics: their files as plain data (:func:`rubric_documents`), or loaded (:func:`rubrics`)
through the real loader."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from zi_engine.engine._engine import Engine
from zi_engine.rubric._rubric import Rubric
from zi_engine.testing._areas import _area, _Build, _Config
from zi_engine.testing._documents import Documents, load_documents
from zi_engine.testing._predicates import _DEFAULT_GRADES, _predicates
from zi_engine.testing._texts import texts

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
