"""The :class:`Engine`: one plugin manager, the registries it fills, and every operation."""

from __future__ import annotations

from zi_engine.engine._engine import Engine, default_engine
from zi_engine.engine._plugins import ENTRY_POINT_GROUP, PluginInfo

__all__ = ["ENTRY_POINT_GROUP", "Engine", "PluginInfo", "default_engine"]
