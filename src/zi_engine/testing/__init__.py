"""Hypothesis strategies for testing rubrics, submissions and integrations.

``zi_engine.testing`` is for test suites – zi_engine's own and yours ("test
your own rubric", see ``docs/testing.md``). It needs Hypothesis (the
``test`` extra); importing ``zi_engine`` itself never imports it.

Rubrics:

* :func:`rubric_documents` – the raw files of a valid rubric, as plain data
  (``{"rubric.yaml": {...}, "areas/1-a.yaml": {...}}``): any shape the format
  allows, weights consistent, every answer type and criterion kind;
* :func:`rubrics` – the same, written to a temporary directory and loaded by
  the real loader, so generated rubrics are validated exactly like authors'
  files;
* :func:`near_valid_rubrics` – rubric files (YAML text) with exactly one
  defect, and the :class:`Defect` (file, path, line) an error must point at.

Submissions: :func:`submissions` (complete or partial, answers in the unit,
TPI and TPN layers, counts and survey values at and around thresholds),
:func:`answers_for` (raw answers to one question), :func:`facts_for` (gate
facts a rubric reads), :func:`portal_documents` (the national portal's JSON).

Lifecycle: :func:`actors`, :func:`lifecycle_events` (sequences of triggers
with actors, times and payloads, to fire at a :class:`~zi_engine.Lifecycle`)
and :func:`lifecycle_evaluations` (what a trigger's ``evaluation=`` reads) and
:func:`lifecycle_reviews` (what its ``review=`` reads).

Kawasan: :func:`kawasan_documents` (the plain data of a Kawasan file: members of
several agencies, integration answers complete or partial in every layer) and
:func:`kawasans` (the same, validated), for properties over member evaluations.

Texts and files: :func:`plain_texts` and :func:`texts` (labels, including texts
YAML readers misread), :func:`documents_to_yaml`, :func:`write_documents` and
:func:`load_documents` (drawn files as YAML text, a directory, a rubric) and
:func:`line_of` (where a value starts in YAML text).

:func:`register` makes ``st.from_type`` work for ``Rubric``, ``Submission`` and
``Actor``; Hypothesis calls it through its entry-point group on import.
"""

from __future__ import annotations

# first: Hypothesis, which the imports below import, looks up _hypothesis_setup_hook here
# as soon as it loads (see _setup)
from zi_engine.testing._setup import _finish_loading, register
from zi_engine.testing._setup import _hypothesis_setup_hook as _hypothesis_setup_hook

# isort: split
from zi_engine.testing._answers import RawAnswer, answers_for
from zi_engine.testing._areas import ANSWER_TYPES
from zi_engine.testing._defects import Defect, PathT
from zi_engine.testing._documents import (
    Documents,
    documents_to_yaml,
    line_of,
    load_documents,
    write_documents,
)
from zi_engine.testing._facts import facts_for
from zi_engine.testing._kawasan import kawasan_documents, kawasans
from zi_engine.testing._lifecycle import (
    LIFECYCLE_START,
    SURVEYS,
    WIB,
    DaysBefore,
    EvaluationStub,
    LifecycleEvent,
    ReviewStub,
    actors,
    lifecycle_evaluations,
    lifecycle_events,
    lifecycle_reviews,
)
from zi_engine.testing._near_valid import DEFECT_KINDS, near_valid_rubrics
from zi_engine.testing._portal import portal_documents
from zi_engine.testing._predicates import CRITERION_KINDS
from zi_engine.testing._rubrics import rubric_documents, rubrics
from zi_engine.testing._submissions import submissions
from zi_engine.testing._texts import AWKWARD_TEXTS, NUMBER_LIKE_TEXTS, plain_texts, texts

__all__ = [
    "ANSWER_TYPES",
    "AWKWARD_TEXTS",
    "CRITERION_KINDS",
    "DEFECT_KINDS",
    "LIFECYCLE_START",
    "NUMBER_LIKE_TEXTS",
    "SURVEYS",
    "WIB",
    "DaysBefore",
    "Defect",
    "Documents",
    "EvaluationStub",
    "LifecycleEvent",
    "PathT",
    "RawAnswer",
    "ReviewStub",
    "actors",
    "answers_for",
    "documents_to_yaml",
    "facts_for",
    "kawasan_documents",
    "kawasans",
    "lifecycle_evaluations",
    "lifecycle_events",
    "lifecycle_reviews",
    "line_of",
    "load_documents",
    "near_valid_rubrics",
    "plain_texts",
    "portal_documents",
    "register",
    "rubric_documents",
    "rubrics",
    "submissions",
    "texts",
    "write_documents",
]

# last: registers now if Hypothesis called the hook while the imports above ran
_finish_loading()
