"""Values that many records hold alike – actors, details, their canonical texts – kept once.

One :class:`SharedValues` belongs to each lifecycle runtime: records written
by ``fire()`` and restored by ``from_dict`` take their actors and detail
mappings from it, and write their canonical text through its per-move
layouts.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from zi_engine._canonical import ObjectLayout, canonical_json
from zi_engine.lifecycle._audit import (
    MOVE_FIELDS,
    NO_DETAILS,
    Actor,
    JsonScalar,
    actor_json,
)

if TYPE_CHECKING:
    from zi_engine.lifecycle._audit import EvaluationSummary

__all__ = ["SharedValues"]

_SHAREABLE = (bool, str, type(None))


class SharedValues:
    """Immutable values that many restored records hold alike, each kept once.

    A unit head, a TPI, the TPN and the minister act on many units, and
    ``{"pakta_integritas_signed": true}`` is the detail of every declaration:
    restored records share such actors and detail mappings (and records
    written or restored reuse each actor's canonical text) – less memory,
    and fewer objects for the garbage collector to walk through 100,000
    restored units. One belongs to each :class:`~zi_engine.lifecycle.Runtime`
    (so to one engine), never to the process, and holds at most ``LIMIT`` of
    each. Only flags, text and nulls are shared in details: equal numbers may
    be written differently (``1`` and ``1.0``), and a record keeps exactly
    what was stored.
    """

    __slots__ = ("_actor_texts", "_actors", "_details", "_details_texts", "_moves", "plan")
    LIMIT = 10_000

    def __init__(self) -> None:
        self.plan: object = None  # the restore's tables of the runtime's definition (_persist)
        self._actors: dict[tuple[str, str, str | None, tuple[str, ...]], Actor] = {}
        self._details: dict[tuple[tuple[str, JsonScalar], ...], Mapping[str, JsonScalar]] = {}
        self._details_texts: dict[int, tuple[Mapping[str, JsonScalar], str]] = {}
        self._actor_texts: dict[int, tuple[Actor, str]] = {}
        self._moves: dict[tuple[str, str, str], ObjectLayout] = {}

    def actor_text(self, actor: Actor) -> str:
        """:func:`actor_json` of ``actor``, written once for each actor object seen.

        Kept by the object's identity (it holds the actor, so the identity
        stays its own): the same actors fire and are restored again and
        again, and looking one up by identity costs far less than hashing or
        comparing its fields. An actor is immutable, so its text never changes.
        """
        found = self._actor_texts.get(id(actor))
        if found is not None and found[0] is actor:
            return found[1]
        text = actor_json(actor)
        if len(self._actor_texts) >= self.LIMIT:
            self._actor_texts.clear()
        self._actor_texts[id(actor)] = (actor, text)
        return text

    def record_text(
        self,
        seq: int,
        trigger: str,
        source: str,
        dest: str,
        actor: Actor,
        at: str,
        reason: str | None,
        evaluation: EvaluationSummary | None,
        details: Mapping[str, JsonScalar],
        prev_hash: str,
    ) -> str:
        """:func:`record_json` of a record (``at`` its time's ISO text), with less work.

        Each move (trigger, source, destination) has a layout whose template
        holds those three members written once; the actor's text is kept per
        actor and a shared detail mapping's text per mapping. The text is the
        same (``tests/lifecycle/test_fast_paths.py`` holds every record's hash
        equal to :meth:`AuditRecord.computed_hash`).
        """
        move = (trigger, source, dest)
        layout = self._moves.get(move)
        if layout is None:
            if len(self._moves) >= self.LIMIT:  # a definition has far fewer: only forgeries
                self._moves.clear()
            layout = self._moves[move] = ObjectLayout(
                MOVE_FIELDS,
                text=("at", "prev_hash"),
                written=("actor", "details"),
                fixed={"trigger": trigger, "source": source, "dest": dest},
            )
        if not details:
            written = "{}"
        else:
            found = self._details_texts.get(id(details))
            written = (
                found[1] if found is not None and found[0] is details else canonical_json(details)
            )
        kept = self._actor_texts.get(id(actor))  # actor_text(actor), inline: every record
        return layout.write(
            (
                seq,
                kept[1] if kept is not None and kept[0] is actor else self.actor_text(actor),
                at,
                reason,
                None if evaluation is None else evaluation.to_dict(),
                written,
                prev_hash,
            )
        )

    def actor(
        self, id: str, role: str, agency_id: str | None, agency_ids: tuple[str, ...] = ()
    ) -> Actor:
        """The one :class:`Actor` with these (checked) fields."""
        key = (id, role, agency_id, agency_ids)
        found = self._actors.get(key)
        if found is None:
            if len(self._actors) >= self.LIMIT:
                self._actors.clear()
            found = self._actors[key] = Actor(id, role, agency_id, agency_ids)
        return found

    def details(self, details: Mapping[str, JsonScalar]) -> Mapping[str, JsonScalar]:
        """A read-only copy of checked ``details``, shared when it holds only flags, text, nulls."""
        if not details:
            return NO_DETAILS
        if not all(type(v) in _SHAREABLE for v in details.values()):
            return MappingProxyType(dict(details))
        items = tuple(details.items())  # True and "True" differ; True and 1 cannot both occur
        found = self._details.get(items)
        if found is None:
            if len(self._details) >= self.LIMIT:
                self._details.clear()
                self._details_texts.clear()
            found = self._details[items] = MappingProxyType(dict(details))
            self._details_texts[id(found)] = (found, canonical_json(found))
        return found
