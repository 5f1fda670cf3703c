"""Loading a lifecycle definition: read safely, validate the shape, check the references.

Every problem is collected and reported together, located at ``file:line:column``
through ``_safeload.locate``; a definition either loads whole or not at all.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pydantic import ValidationError

from zi_engine._i18n import t
from zi_engine.lifecycle._definition import (
    ANY_STATE,
    SAME_STATE,
    LifecycleDefinition,
    LifecycleParameters,
    PayloadFieldSpec,
    TriggerSpec,
)
from zi_engine.lifecycle._errors import LifecycleDefinitionError
from zi_engine.review._tiers import review_reference_problems
from zi_engine.safeio import load_yaml_file
from zi_engine.safeio._problems import ProblemCollector

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["load_definition_file", "resolve_definition"]

MAX_DEFINITION_BYTES = 1_000_000
# fire(trigger, actor=..., at=..., **payload): these names cannot be payload fields
_RESERVED_PAYLOAD = frozenset({"trigger", "actor", "at", "self"})


class _Registered(Protocol):
    @property
    def lifecycle_definitions(self) -> Mapping[str, tuple[Path, str]]: ...


def resolve_definition(engine: _Registered, name_or_path: str | Path) -> tuple[Path, str]:
    """The YAML file of a definition given by registered name or by path, and a display name."""
    text = str(name_or_path)
    if not isinstance(name_or_path, Path) and not _looks_like_path(text):
        found = engine.lifecycle_definitions.get(text)
        if found is None:
            known = ", ".join(sorted(engine.lifecycle_definitions)) or t("lifecycle.none", "none")
            raise LifecycleDefinitionError(
                t(
                    "lifecycle.no_such_definition",
                    "no lifecycle definition {name!r}: not a registered name (known: {known}) "
                    "and not a path to a .yaml file",
                    name=text,
                    known=known,
                )
            )
        return Path(found[0]), text
    path = Path(name_or_path)
    if not path.is_file():
        raise LifecycleDefinitionError(
            t(
                "lifecycle.no_definition_file",
                "lifecycle definition file {path!r} does not exist",
                path=text,
            )
        )
    return path, text


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))


def load_definition_file(
    path: Path, guards: Iterable[str], *, display_name: str | None = None
) -> LifecycleDefinition:
    """Load and check one definition; ``guards`` are the guard names the engine knows."""
    display = display_name or str(path)
    collector = ProblemCollector([LifecycleDefinition])
    try:
        data, raw = load_yaml_file(
            path,
            error_cls=LifecycleDefinitionError,
            max_bytes=MAX_DEFINITION_BYTES,
            display_name=display,
        )
    except LifecycleDefinitionError as exc:
        raise LifecycleDefinitionError(exc.problems) from None
    collector.source(display, raw)
    try:
        definition = LifecycleDefinition.model_validate(data)
    except ValidationError as exc:
        collector.add_validation_error(display, data, exc)
        raise LifecycleDefinitionError(collector.problems()) from None
    for loc, message in check_definition(definition, frozenset(guards)):
        collector.add(display, loc, message)
    if collector:
        raise LifecycleDefinitionError(collector.problems())
    return definition


Loc = tuple[str | int, ...]


def check_definition(
    definition: LifecycleDefinition, guards: frozenset[str]
) -> list[tuple[Loc, str]]:
    """Cross-reference problems: ``[(path in the document, message)]``, empty if sound."""
    found: list[tuple[Loc, str]] = []
    states = definition.states
    if definition.initial not in states:
        found.append((("initial",), _unknown("state", definition.initial, states)))
    if len(set(definition.predicates)) != len(definition.predicates):
        found.append(
            (("predicates",), t("lifecycle.predicate_twice", "a predicate is listed twice"))
        )
    for name, spec in definition.triggers.items():
        found += _check_trigger(definition, name, spec, guards)
    found += _check_parameters(definition.parameters)
    for i, name in enumerate(definition.parameters.clearances):
        if name not in definition.triggers:
            where: Loc = ("parameters", "clearances", i)
            found.append((where, _unknown("trigger", name, definition.triggers)))
    found += review_reference_problems(definition.reviews, definition.roles)
    if not found:
        found += _check_reachable(definition)
    return found


def _check_trigger(
    definition: LifecycleDefinition, name: str, spec: TriggerSpec, guards: frozenset[str]
) -> list[tuple[Loc, str]]:
    here: Loc = ("triggers", name)
    found: list[tuple[Loc, str]] = []
    states, roles = definition.states, definition.roles
    if spec.to != SAME_STATE and spec.to not in states:
        found.append(((*here, "to"), _unknown("state", spec.to, states)))
    for i, src in enumerate(spec.from_):
        if src != ANY_STATE and src not in states:
            found.append(((*here, "from", i), _unknown("state", src, states)))
    for i, retired in enumerate(spec.retired):
        if retired.from_ not in states:
            found.append(((*here, "retired", i, "from"), _unknown("state", retired.from_, states)))
    for i, role in enumerate(spec.roles):
        if role not in roles:
            found.append(((*here, "roles", i), _unknown("role", role, roles)))
    for i, guard in enumerate(spec.guards):
        if guard not in guards:
            found.append(((*here, "guards", i), _unknown("guard", guard, guards, plugins=True)))
    if spec.set_target is not None and spec.set_target not in definition.predicates:
        found.append(
            ((*here, "set_target"), _unknown("predicate", spec.set_target, definition.predicates))
        )
    found += _check_payload(here, spec.payload)
    return found


def _check_payload(here: Loc, payload: dict[str, PayloadFieldSpec]) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    for field, fspec in payload.items():
        if field in _RESERVED_PAYLOAD:
            found.append(
                (
                    (*here, "payload", field),
                    t(
                        "lifecycle.payload_reserved",
                        "{field!r} is reserved by fire(); give the field another name",
                        field=field,
                    ),
                )
            )
        if field == "reason" and fspec.type != "text":
            found.append(
                (
                    (*here, "payload", field, "type"),
                    t("lifecycle.reason_not_text", "'reason' must be of type text"),
                )
            )
    evaluations = [f for f, s in payload.items() if s.type == "evaluation"]
    if len(evaluations) > 1:
        found.append(
            (
                (*here, "payload", evaluations[1]),
                t(
                    "lifecycle.two_evaluations",
                    "a trigger takes at most one evaluation field",
                ),
            )
        )
    return found


def _check_parameters(parameters: LifecycleParameters) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    seen: set[int] = set()
    here: Loc = ("parameters", "proposal_windows")
    for i, window in enumerate(parameters.proposal_windows):
        year = str(window.year)
        if window.year in seen:
            found.append(
                (
                    (*here, i, "year"),
                    t(
                        "lifecycle.window_twice",
                        "a second window for {year}; keep one per year",
                        year=year,
                    ),
                )
            )
        seen.add(window.year)
        try:
            opens, closes = parameters.window(window.year)[:2]
        except ValueError:
            found.append(
                (
                    (*here, i),
                    t("lifecycle.no_feb_29", "02-29 is not a date in {year}", year=year),
                )
            )
            continue
        if opens > closes:
            found.append(
                (
                    (*here, i, "closes"),
                    t("lifecycle.window_reversed", "the window closes before it opens"),
                )
            )
    return found


def _check_reachable(definition: LifecycleDefinition) -> list[tuple[Loc, str]]:
    out: dict[str, list[str]] = {}
    for _, source, dest in definition.edges():
        out.setdefault(source, []).append(dest)
    seen = {definition.initial}
    todo = deque([definition.initial])
    while todo:
        for nxt in out.get(todo.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return [
        (
            ("states", state),
            t(
                "lifecycle.unreachable",
                "state {state!r} cannot be reached from {initial!r}; add a trigger that leads "
                "to it",
                state=state,
                initial=definition.initial,
            ),
        )
        for state in definition.states
        if state not in seen
    ]


def _unknown(what: str, name: str, known: Iterable[str], *, plugins: bool = False) -> str:
    listed = ", ".join(sorted(known)) or t("lifecycle.none", "none")
    if what == "state":
        return t(
            "lifecycle.unknown_state",
            "unknown state {name!r}; known: {known}",
            name=name,
            known=listed,
        )
    if what == "role":
        return t(
            "lifecycle.unknown_role",
            "unknown role {name!r}; known: {known}",
            name=name,
            known=listed,
        )
    if what == "guard" and plugins:
        return t(
            "lifecycle.unknown_guard",
            "unknown guard {name!r}; known: {known} (guards come from plugins' "
            "zi_lifecycle_guards)",
            name=name,
            known=listed,
        )
    return t(
        "lifecycle.unknown_predicate",
        "unknown predicate {name!r}; known: {known}",
        name=name,
        known=listed,
    )
