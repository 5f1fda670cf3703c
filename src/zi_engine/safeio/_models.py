"""A pydantic base whose validation errors are the library's own located errors.

Building a model in code (``UnitInfo(id=...)``, ``Model.model_validate(data)``,
``model_validate_json``) or from a file (``_validated``) raises the subclass's
:attr:`RefusingModel.error_cls` naming each bad field, as reading a file does, never
pydantic's ``ValidationError``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from zi_engine._errors import _ProblemsError
from zi_engine.safeio._problems import ProblemCollector

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["RefusingModel"]


class RefusingModel(BaseModel):
    """Frozen, strict models whose validation errors are :attr:`error_cls`."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    error_cls: ClassVar[type[_ProblemsError]] = _ProblemsError
    """The error raised for invalid data (a :class:`~zi_engine.ZiError` with problems)."""

    @classmethod
    def _validated(cls, data: Any, source: str, raw: bytes | None = None) -> Self:
        """Validate ``data``; a failure is an :attr:`error_cls` located in ``raw``."""
        try:
            return cls.__pydantic_validator__.validate_python(data)  # type: ignore[no-any-return]
        except ValidationError as exc:
            raise _refused(cls, source, data, exc, raw) from None

    # Hidden from type checkers, which keep seeing pydantic's typed signatures.
    if not TYPE_CHECKING:

        def __init__(self, /, **data: Any) -> None:
            try:
                super().__init__(**data)
            except ValidationError as exc:
                raise _refused(type(self), f"<{type(self).__name__}>", data, exc) from None

        # Validation of a nested model builds it without calling __init__ (as for
        # BaseModel's own), so a nested error stays part of its parent's error list.
        __init__.__pydantic_base_init__ = True

        @classmethod
        def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
            try:
                return super().model_validate(obj, *args, **kwargs)
            except ValidationError as exc:
                raise _refused(cls, f"<{cls.__name__}>", obj, exc) from None

        @classmethod
        def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Self:
            try:
                return super().model_validate_json(json_data, *args, **kwargs)
            except ValidationError as exc:
                try:
                    data = json.loads(json_data)
                except ValueError:
                    data = None
                raise _refused(cls, f"<{cls.__name__}>", data, exc) from None


def _refused(
    model: type[RefusingModel],
    source: str,
    data: Any,
    exc: ValidationError,
    raw: bytes | None = None,
) -> _ProblemsError:
    collector = ProblemCollector([model])
    if raw is not None:
        collector.source(source, raw)
    collector.add_validation_error(source, data, exc)
    return model.error_cls(collector.problems())
