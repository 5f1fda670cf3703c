"""A Kawasan's lifecycle and the joint actors that act on it – and only on its members.

A Kawasan belongs to no one agency, so its lifecycle is kept under the
Kawasan's own id (as unit and as agency). Its roles are *joint*: an actor of
one acts for the Kawasan and its member agencies together (``agency_ids``),
so the joint TPI can act on the Kawasan and on units of its member agencies,
and the authorization policy refuses it anywhere else.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from zi_engine.kawasan._builtin import KAWASAN_LIFECYCLE
from zi_engine.kawasan._model import Kawasan

if TYPE_CHECKING:
    from zi_engine.lifecycle._audit import Actor
    from zi_engine.lifecycle._machine import LifecycleHost
    from zi_engine.lifecycle._model import Lifecycle

__all__ = ["joint_actor", "kawasan_lifecycle"]


def joint_actor(kawasan: Kawasan, actor_id: str, role: str = "tpi_gabungan") -> Actor:
    """An actor of a joint role (``tpi_gabungan``, ``tim_khusus``, ``pimpinan_instansi``)
    scoped to ``kawasan``: its own id and its member agencies."""
    from zi_engine.lifecycle._audit import Actor

    return Actor(actor_id, role, agency_ids=(kawasan.id, *kawasan.agencies))


def kawasan_lifecycle(
    kawasan: Kawasan,
    *,
    definition: str = KAWASAN_LIFECYCLE,
    engine: LifecycleHost | None = None,
    created_at: datetime | None = None,
) -> Lifecycle:
    """A new lifecycle of ``kawasan`` (the bundled Kawasan definition unless named)."""
    from zi_engine.lifecycle._model import Lifecycle

    return Lifecycle.new(
        kawasan.id, kawasan.id, definition=definition, engine=engine, created_at=created_at
    )
