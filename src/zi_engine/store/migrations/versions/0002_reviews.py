"""Reviews of a unit's answers: every review by kind and number, with its revision.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = 500
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "zi_reviews",
        sa.Column("agency_id", sa.String(ID), primary_key=True),
        sa.Column("unit_id", sa.String(ID), primary_key=True),
        sa.Column("kind", sa.String(64), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("definition", sa.String(200), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("open_questions", sa.Integer, nullable=False),
        sa.Column("signed_off", sa.Boolean, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("head", sa.String(64), nullable=False),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("last_at", WHEN, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id", "unit_id"], ["zi_units.agency_id", "zi_units.unit_id"]
        ),
    )


def downgrade() -> None:
    op.drop_table("zi_reviews")
