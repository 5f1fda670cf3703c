"""Findings that do not stop a rubric from loading, but that its author should see.

A question id carries where the question stands (``mp.p.tim_kerja.a``: area
``mp``, part ``p``, sub-area ``tim_kerja``). A question copied or moved into
another area or sub-area keeps its old id, and nothing else notices: the
rubric still loads and scores. Each such question is reported as a warning
(``zi-engine rubric validate`` prints them) when its id does not start like
the ids of the other questions where it stands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from zi_engine._i18n import t
from zi_engine.rubric._model import AreaFile, AreaSpec, GroupSpec, QuestionSpec

__all__ = ["prefix_warnings"]

Path_ = tuple[str | int, ...]
Finding = tuple[str, Path_, str]
Placed = tuple[Path_, QuestionSpec]


def prefix_warnings(files: Sequence[tuple[str, AreaFile]]) -> list[Finding]:
    """A warning for each question whose id's prefix differs from its neighbours'."""
    out: list[Finding] = []
    for file, content in files:
        for a_index, area in enumerate(content.areas):
            out += _area(file, ("areas", a_index), area)
    return out


def _area(file: str, path: Path_, area: AreaSpec) -> Iterator[Finding]:
    groups = list(_leaf_groups(area, path))
    everyone = [placed for _, _, questions in groups for placed in questions]
    area_head = _majority([q.id.split(".", 1)[0] for _, q in everyone if "." in q.id])
    for label, _gpath, questions in groups:
        group_head = _majority([_prefix(q.id) for _, q in questions if "." in q.id])
        for qpath, q in questions:
            if "." not in q.id:
                continue
            if area_head is not None and q.id.split(".", 1)[0] != area_head:
                yield (
                    file,
                    (*qpath, "id"),
                    t(
                        "rubric.prefix_other_area",
                        "question id {id} does not start like the other questions of area "
                        "{area} ({prefix}.…): was it moved here from another area? Give it "
                        "an id of this area, or move it back",
                        id=repr(q.id),
                        area=repr(area.id),
                        prefix=area_head,
                    ),
                )
            elif group_head is not None and _prefix(q.id) != group_head:
                yield (
                    file,
                    (*qpath, "id"),
                    t(
                        "rubric.prefix_other_group",
                        "question id {id} does not start like the other questions of "
                        "sub-area {group} ({prefix}.…): was it moved here from another "
                        "sub-area? Give it an id of this sub-area, or move it back",
                        id=repr(q.id),
                        group=repr(label),
                        prefix=group_head,
                    ),
                )


def _prefix(question_id: str) -> str:
    return question_id.rsplit(".", 1)[0]


def _majority(heads: list[str]) -> str | None:
    """The prefix more than half of at least three questions share, else None."""
    if len(heads) < 3:
        return None
    head, count = Counter(heads).most_common(1)[0]
    return head if count * 2 > len(heads) else None


def _leaf_groups(area: AreaSpec, path: Path_) -> Iterator[tuple[str, Path_, list[Placed]]]:
    """``(label, path, questions)`` of every group that holds questions directly."""
    if area.questions:
        yield area.label, path, _placed(area.questions, path)
    todo: list[tuple[GroupSpec, Path_]] = []
    for part_id, part in (area.parts or {}).items():
        base = (*path, "parts", part_id, "sub_areas")
        todo += [(g, (*base, i)) for i, g in enumerate(part.sub_areas)]
    todo += [(g, (*path, "sub_areas", i)) for i, g in enumerate(area.sub_areas or ())]
    while todo:
        group, gpath = todo.pop(0)
        if group.questions:
            yield group.label, gpath, _placed(group.questions, gpath)
        todo += [(g, (*gpath, "sub_areas", i)) for i, g in enumerate(group.sub_areas or ())]


def _placed(questions: list[QuestionSpec], path: Path_) -> list[Placed]:
    return [((*path, "questions", i), q) for i, q in enumerate(questions)]
