"""Review tiers as data: the ``reviews`` section of a lifecycle definition.

A definition names each review a unit goes through (``tpi``, ``tpn``, the
parent unit's ``preliminary`` review): the answer layer its reviewers write,
whose actors may review (an agency's own team, or the national team), which
unit roles answer the questions returned, and its tiers in sign-off order –
for the TPI *anggota* (who checks question by question), *ketua tim* and
*pengendali teknis*. These models check the shape;
:func:`review_reference_problems` checks the roles against the definition's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from zi_engine._i18n import t

__all__ = [
    "SCOPES",
    "VERDICTS",
    "ReviewSpec",
    "Scope",
    "TierSpec",
    "Verdict",
    "review_reference_problems",
]

Verdict = Literal["sesuai", "perlu_revisi", "tidak_sesuai"]
"""A reviewer's verdict on one answer: agreed, returned to the unit, or replaced."""
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)

Scope = Literal["agency", "national"]
"""Who may review: the unit's own agency's team, or the national team (any agency)."""
SCOPES: tuple[Scope, ...] = get_args(Scope)

_Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
_Text = Annotated[str, Field(min_length=1, max_length=2000)]


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TierSpec(_Spec):
    """One tier of a review team, in sign-off order.

    ``actor_role`` is a role of the definition: an actor acts at this tier
    by holding it. A tier that ``checks`` gives verdicts question by question
    (the *anggota*); every tier signs off, after the tiers before it.
    """

    name: _Name
    label: _Text
    actor_role: _Name
    checks: bool = False


class ReviewSpec(_Spec):
    """One review a unit goes through: its answer layer, reviewers, revisers and tiers.

    ``layer`` is the answer layer reviewers' answers are written to
    (``induk`` for the parent unit's preliminary review, ``tpi``, ``tpn``);
    ``None`` keeps them in the review only. ``scope`` ``agency``: only
    actors of the unit's own agency review; ``national``: the national team.
    ``revisers`` are the unit's roles that answer the questions returned.
    The last tier's sign-off is what the lifecycle's guards read.
    """

    label: _Text
    layer: Literal["induk", "tpi", "tpn"] | None = None
    scope: Scope = "agency"
    revisers: Annotated[list[_Name], Field(min_length=1)] = Field(
        default_factory=lambda: ["unit_head"]
    )
    tiers: Annotated[list[TierSpec], Field(min_length=1)]

    def tier(self, name: str) -> TierSpec | None:
        """The tier called ``name``, or ``None``."""
        return next((t for t in self.tiers if t.name == name), None)

    @property
    def checking_roles(self) -> frozenset[str]:
        """Roles that give verdicts question by question."""
        return frozenset(t.actor_role for t in self.tiers if t.checks)

    @property
    def tier_roles(self) -> frozenset[str]:
        """Roles of every tier."""
        return frozenset(t.actor_role for t in self.tiers)


Loc = tuple[str | int, ...]


def review_reference_problems(
    reviews: Mapping[str, ReviewSpec], roles: Iterable[str]
) -> list[tuple[Loc, str]]:
    """Cross-reference problems of a definition's ``reviews``: ``[(path, message)]``.

    Every role named must be a role of the definition; tier names are
    unique; at least one tier checks; a reviser cannot also be a reviewer
    (a unit does not review its own answers).
    """
    known = frozenset(roles)
    listed = ", ".join(sorted(known)) or t("review.none", "none")
    found: list[tuple[Loc, str]] = []
    for kind, spec in reviews.items():
        here: Loc = ("reviews", kind)
        seen: set[str] = set()
        for i, tier in enumerate(spec.tiers):
            if tier.actor_role not in known:
                where = (*here, "tiers", i, "actor_role")
                found.append((where, _unknown(tier.actor_role, listed)))
            if tier.name in seen:
                found.append(
                    (
                        (*here, "tiers", i, "name"),
                        t(
                            "review.tier_twice",
                            "a second tier {name!r}; give each tier its own name",
                            name=tier.name,
                        ),
                    )
                )
            seen.add(tier.name)
        if not spec.checking_roles:
            found.append(
                (
                    (*here, "tiers"),
                    t(
                        "review.no_checking_tier",
                        "no tier checks the answers (set checks: true on one)",
                    ),
                )
            )
        for i, role in enumerate(spec.revisers):
            if role not in known:
                found.append(((*here, "revisers", i), _unknown(role, listed)))
            elif role in spec.tier_roles:
                found.append(
                    (
                        (*here, "revisers", i),
                        t(
                            "review.reviser_reviews",
                            "{role!r} both revises and reviews the answers; a unit does not "
                            "review its own answers",
                            role=role,
                        ),
                    )
                )
    return found


def _unknown(role: str, listed: str) -> str:
    return t(
        "review.unknown_role", "unknown role {role!r}; known: {known}", role=role, known=listed
    )
