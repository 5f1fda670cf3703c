"""The first schema: agencies and their facts, units, submissions, lifecycles, evaluations.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = 500
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "zi_settings",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "zi_agencies",
        sa.Column("agency_id", sa.String(ID), primary_key=True),
        sa.Column("name", sa.String(500)),
        sa.Column("type", sa.String(16)),
    )
    op.create_table(
        "zi_agency_facts",
        sa.Column("agency_id", sa.String(ID), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("changed_by", sa.String(500), nullable=False),
        sa.Column("changed_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["zi_agencies.agency_id"]),
    )
    op.create_table(
        "zi_units",
        sa.Column("agency_id", sa.String(ID), primary_key=True),
        sa.Column("unit_id", sa.String(ID), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("latest_version", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["zi_agencies.agency_id"]),
    )
    op.create_table(
        "zi_submissions",
        sa.Column("agency_id", sa.String(ID), primary_key=True),
        sa.Column("unit_id", sa.String(ID), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("target", sa.String(32), nullable=False),
        sa.Column("category", sa.String(500)),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("changed_by", sa.String(500), nullable=False),
        sa.Column("changed_at", WHEN, nullable=False),
        sa.Column("portal", sa.JSON),
        sa.Column("portal_rubric", sa.String(128)),
        sa.ForeignKeyConstraint(
            ["agency_id", "unit_id"], ["zi_units.agency_id", "zi_units.unit_id"]
        ),
    )
    op.create_table(
        "zi_lifecycles",
        sa.Column("agency_id", sa.String(ID), primary_key=True),
        sa.Column("unit_id", sa.String(ID), primary_key=True),
        sa.Column("definition", sa.String(200), nullable=False),
        sa.Column("state", sa.String(64), nullable=False),
        sa.Column("target", sa.String(32), nullable=False),
        sa.Column("predicate", sa.String(32)),
        sa.Column("resting", sa.Boolean, nullable=False),
        sa.Column("entered_at", WHEN),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("head", sa.String(64), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    op.create_index("zi_lifecycles_state", "zi_lifecycles", ["state"])
    op.create_table(
        "zi_proposals",
        sa.Column("agency_id", sa.String(ID), primary_key=True),
        sa.Column("unit_id", sa.String(ID), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("target", sa.String(32), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id", "unit_id"], ["zi_lifecycles.agency_id", "zi_lifecycles.unit_id"]
        ),
    )
    op.create_index("zi_proposals_round", "zi_proposals", ["agency_id", "year", "target"])
    op.create_table(
        "zi_evaluations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("agency_id", sa.String(ID), nullable=False),
        sa.Column("unit_id", sa.String(ID), nullable=False),
        sa.Column("submission_version", sa.Integer, nullable=False),
        sa.Column("rubric_id", sa.String(200), nullable=False),
        sa.Column("rubric_version", sa.String(100), nullable=False),
        sa.Column("rubric_hash", sa.String(128), nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("layer", sa.String(8)),
        sa.Column("lifecycle_seq", sa.Integer),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("made_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id", "unit_id", "submission_version"],
            ["zi_submissions.agency_id", "zi_submissions.unit_id", "zi_submissions.version"],
        ),
    )
    op.create_index(
        "zi_evaluations_unit", "zi_evaluations", ["agency_id", "unit_id", "lifecycle_seq"]
    )


def downgrade() -> None:
    for table in (
        "zi_evaluations", "zi_proposals", "zi_lifecycles", "zi_submissions", "zi_units",
        "zi_agency_facts", "zi_agencies", "zi_settings",
    ):  # fmt: skip
        op.drop_table(table)
