"""Programs from the operating system that some tests use for real.

LibreOffice recalculates written workbooks, Chromium renders reports and PostgreSQL
backs the store. ``.ci/run`` installs them from Debian when they are missing. Outside CI
a test that needs one is skipped with the reason; in CI (``CI=true``) a missing program
fails the test, so a broken CI machine never passes by skipping.
"""

from __future__ import annotations

import glob
import os
import shutil

import pytest


def in_ci() -> bool:
    """True when the suite runs in CI (the ``CI`` variable is set to true)."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(reason: str) -> None:
    """Skip the test outside CI, fail it in CI."""
    if in_ci():
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


def require_program(*names: str, package: str, patterns: tuple[str, ...] = ()) -> str:
    """The path of the first of ``names`` on ``PATH`` (or matching a glob in ``patterns``).

    ``package`` is the Debian package that provides it, named in the skip reason.
    """
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    for pattern in patterns:
        found = sorted(glob.glob(pattern))
        if found:
            return found[-1]
    missing(f"{' / '.join(names)} not found: install the Debian package {package}")
    raise AssertionError("unreachable")  # pragma: no cover


def soffice() -> str:
    """LibreOffice's command-line program (package ``libreoffice-calc-nogui``)."""
    return require_program("soffice", "libreoffice", package="libreoffice-calc-nogui")


def chromium() -> str:
    """Headless Chromium (package ``chromium``)."""
    return require_program("chromium", "chromium-browser", package="chromium")


def postgres_bindir() -> str:
    """The folder holding PostgreSQL's ``initdb``, ``pg_ctl`` and ``postgres`` (package
    ``postgresql``)."""
    initdb = require_program(
        "initdb", package="postgresql", patterns=("/usr/lib/postgresql/*/bin/initdb",)
    )
    return os.path.dirname(initdb)
