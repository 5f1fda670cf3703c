"""The reports' tests read them in Bahasa Indonesia, the language they are first written
for (tests/report/test_languages.py reads them in English too)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _reports_in_indonesian(_english_unless_asked: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZI_LANG", "id")
