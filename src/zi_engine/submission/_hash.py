"""A submission's content hash: what an audit record keeps to name the exact answers.

The hash is taken over the submission's file form (:meth:`Submission.to_dict`),
so a submission read from YAML, from JSON or built in code with the same
content has the same hash, and any changed answer, fact or identity changes it.
"""

from __future__ import annotations

import hashlib
import json

from zi_engine.submission._model import Submission

__all__ = ["submission_hash"]


def submission_hash(submission: Submission) -> str:
    """``"sha256:<hex>"`` over the canonical JSON of ``submission.to_dict()``.

    Keys sorted, no spaces, UTF-8 (the way a rubric's content hash is taken).
    """
    text = json.dumps(
        submission.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
