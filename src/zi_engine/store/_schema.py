"""The store's tables (SQLAlchemy Core): one definition, read by the code and the migration.

Agencies hold their Table 5 facts once per year (``agency_facts``); units hold
every version of their submission (``submissions``, with who changed what and
when); ``lifecycles`` holds each unit's saved lifecycle document with its
``revision`` (the optimistic lock) and the columns portfolio queries count by;
``proposals`` lists the proposals in each lifecycle's history (what the
portal's unit lists read); ``evaluations`` records the evaluations the service
made, with the rubric id, version and hash they were scored with; ``reviews``
holds every review of a unit's answers (``Review.to_dict()``) by kind and number,
with its ``revision`` (the optimistic lock) and the columns listed beside it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "agencies",
    "agency_facts",
    "evaluations",
    "lifecycles",
    "metadata",
    "proposals",
    "reviews",
    "settings",
    "submissions",
    "units",
]

metadata = MetaData()

ID = 500  # the longest agency or unit id a submission accepts

settings = Table(
    "zi_settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

agencies = Table(
    "zi_agencies",
    metadata,
    Column("agency_id", String(ID), primary_key=True),
    Column("name", String(500)),
    Column("type", String(16)),
)

agency_facts = Table(
    "zi_agency_facts",
    metadata,
    Column("agency_id", String(ID), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("facts", JSON, nullable=False),
    Column("changed_by", String(500), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(["agency_id"], ["zi_agencies.agency_id"]),
)

units = Table(
    "zi_units",
    metadata,
    Column("agency_id", String(ID), primary_key=True),
    Column("unit_id", String(ID), primary_key=True),
    Column("name", String(500), nullable=False),
    Column("latest_version", Integer, nullable=False),
    ForeignKeyConstraint(["agency_id"], ["zi_agencies.agency_id"]),
)

submissions = Table(
    "zi_submissions",
    metadata,
    Column("agency_id", String(ID), primary_key=True),
    Column("unit_id", String(ID), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("target", String(32), nullable=False),
    Column("category", String(500)),
    # Submission.to_dict() without the agency's facts (those are held once per year)
    Column("document", JSON, nullable=False),
    # the answer and fact paths that differ from the version before (all of them in version 1)
    Column("changes", JSON, nullable=False),
    Column("changed_by", String(500), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    # the portal's jawaban-unit document, made when the version is stored, and the hash of
    # the rubric it was made with (another rubric: made again when asked for)
    Column("portal", JSON),
    Column("portal_rubric", String(128)),
    ForeignKeyConstraint(["agency_id", "unit_id"], ["zi_units.agency_id", "zi_units.unit_id"]),
)

lifecycles = Table(
    "zi_lifecycles",
    metadata,
    Column("agency_id", String(ID), primary_key=True),
    Column("unit_id", String(ID), primary_key=True),
    Column("definition", String(200), nullable=False),
    Column("state", String(64), nullable=False),
    Column("target", String(32), nullable=False),
    Column("predicate", String(32)),
    Column("resting", Boolean, nullable=False),
    Column("entered_at", DateTime(timezone=True)),
    Column("revision", Integer, nullable=False),
    Column("head", String(64), nullable=False),
    Column("document", JSON, nullable=False),
    Index("zi_lifecycles_state", "state"),
)

proposals = Table(
    "zi_proposals",
    metadata,
    Column("agency_id", String(ID), primary_key=True),
    Column("unit_id", String(ID), primary_key=True),
    Column("seq", Integer, primary_key=True),  # the propose record's seq in the history
    Column("year", Integer, nullable=False),  # the proposal's year in the definition's calendar
    Column("target", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(
        ["agency_id", "unit_id"], ["zi_lifecycles.agency_id", "zi_lifecycles.unit_id"]
    ),
    Index("zi_proposals_round", "agency_id", "year", "target"),
)

evaluations = Table(
    "zi_evaluations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_id", String(ID), nullable=False),
    Column("unit_id", String(ID), nullable=False),
    Column("submission_version", Integer, nullable=False),
    Column("rubric_id", String(200), nullable=False),
    Column("rubric_version", String(100), nullable=False),
    Column("rubric_hash", String(128), nullable=False),
    Column("total", Float, nullable=False),
    Column("layer", String(8)),
    # the lifecycle record (seq) that relied on this evaluation, if a transition did
    Column("lifecycle_seq", Integer),
    Column("document", JSON, nullable=False),
    Column("made_at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(
        ["agency_id", "unit_id", "submission_version"],
        ["zi_submissions.agency_id", "zi_submissions.unit_id", "zi_submissions.version"],
    ),
    Index("zi_evaluations_unit", "agency_id", "unit_id", "lifecycle_seq"),
)

reviews = Table(
    "zi_reviews",
    metadata,
    Column("agency_id", String(ID), primary_key=True),
    Column("unit_id", String(ID), primary_key=True),
    Column("kind", String(64), primary_key=True),  # tpi, tpn, preliminary
    Column("number", Integer, primary_key=True),  # 1 for the unit's first review of the kind
    Column("year", Integer, nullable=False),  # the review's start, in the offset it was given
    Column("definition", String(200), nullable=False),
    Column("round", Integer, nullable=False),  # the revision round it is in
    Column("open_questions", Integer, nullable=False),
    Column("signed_off", Boolean, nullable=False),
    Column("revision", Integer, nullable=False),  # the number of records: the optimistic lock
    Column("head", String(64), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
    Column("document", JSON, nullable=False),
    ForeignKeyConstraint(["agency_id", "unit_id"], ["zi_units.agency_id", "zi_units.unit_id"]),
)
