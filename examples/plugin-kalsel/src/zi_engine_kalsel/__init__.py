"""zi_engine plugin of a provincial inspectorate: Inspektorat Provinsi Kalimantan Selatan.

It adds, through zi_engine's public hooks only:

* the answer type ``skala_1_5`` (a 1–5 scale worth 0, 0.25, 0.5, 0.75, 1);
* the criterion kind ``kalsel_temuan_lama`` and, for the provincial rubric, the
  extra eligibility criterion "no Inspektorat findings left open for more than
  six months", read from the submission fact ``extra.temuan_lama``;
* the rubric ``kalsel-2026``: the bundled PermenPAN-RB 90/2021 rubric with
  area 6 (pelayanan publik) replaced by a file that has one local question;
* an audit listener that appends one JSON line per lifecycle transition (and
  per evaluation) to the file named by ``ZI_KALSEL_AUDIT_LOG``.

The hook implementations live in :mod:`zi_engine_kalsel.plugin`, the module the
``zi_engine`` entry point names. Importing this package registers nothing:
an engine loads it when asked to (``Engine(load_entrypoints=True)`` or
``Engine(plugins=[zi_engine_kalsel.plugin])``).
"""

from __future__ import annotations

from .answers import LikertAnswerType, skala_1_5
from .audit import AUDIT_LOG_ENV
from .criteria import KALSEL_RUBRICS, TEMUAN_LAMA, TemuanLamaKind

__all__ = [
    "AUDIT_LOG_ENV",
    "KALSEL_RUBRICS",
    "TEMUAN_LAMA",
    "LikertAnswerType",
    "TemuanLamaKind",
    "__version__",
    "skala_1_5",
]

__version__ = "0.1.0"
