"""Package attributes imported on first use (PEP 562), as pydantic's own ``__init__`` does.

``zi_engine``, ``zi_engine.lifecycle`` and ``zi_engine.render`` each list
their public names and the modules that define them; :func:`lazy_exports`
gives them the module ``__getattr__`` and ``__dir__`` that import a name when
it is first read, so importing a package costs nothing until it is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    namespace: MutableMapping[str, Any],
    exports: Mapping[str, str],
    public: Iterable[str],
    *,
    show_classes_as: str | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for the package whose ``globals()`` is ``namespace``.

    ``exports`` maps each public name to the module that defines it. A name,
    once imported, is kept in ``namespace``, so later reads skip the hook.
    With ``show_classes_as``, classes of the package show as
    ``<show_classes_as>.X`` in reprs and docs (as httpx does).
    """
    package = namespace["__name__"]
    listed = sorted({*public})

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        if (
            show_classes_as is not None
            and isinstance(value, type)
            and value.__module__.startswith(show_classes_as + ".")
        ):
            value.__module__ = show_classes_as
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *listed})

    return __getattr__, __dir__
