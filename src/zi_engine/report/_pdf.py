"""PDF by printing the HTML report with headless Chromium.

Chromium renders the same HTML a reader opens (its CSS, its SVG charts) and numbers
the pages from the template's ``@page`` margin boxes, so HTML and PDF cannot drift
apart. It runs with a fresh profile, no sandbox (CI runs as root), and every
background fetch switched off: printing a report must never reach the network.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from zi_engine._errors import ZiError
from zi_engine._i18n import t

__all__ = ["CHROMIUM_NAMES", "PdfUnavailable", "find_chromium", "html_to_pdf"]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""The program names searched on ``PATH`` (``ZI_ENGINE_CHROMIUM`` names one directly)."""

TIMEOUT_SECONDS = 120

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pdf-header-footer",
    "--hide-scrollbars",
)


class PdfUnavailable(ZiError):
    """PDF output needs a program this machine does not have (or that failed)."""


def find_chromium() -> str | None:
    """The Chromium to print with: ``$ZI_ENGINE_CHROMIUM``, else the first on ``PATH``."""
    named = os.environ.get("ZI_ENGINE_CHROMIUM")
    if named:
        return shutil.which(named)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, out: str | Path, *, chromium: str | None = None) -> Path:
    """Print ``html`` to the PDF file ``out`` (A4, page numbers); returns its path.

    :class:`PdfUnavailable` when no Chromium is found or it cannot print; ``OSError`` when
    ``out`` cannot be written (checked first when it is a folder, before printing).
    """
    target = Path(out).resolve()
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    program = chromium or find_chromium()
    if program is None:
        raise PdfUnavailable(
            t(
                "report.no_chromium",
                "PDF output needs Chromium: install the 'chromium' package "
                "(Debian/Ubuntu: apt-get install chromium), or use --format html",
            )
        )
    with tempfile.TemporaryDirectory(prefix="zi-engine-pdf-") as work:
        page = Path(work) / "report.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(work) / "report.pdf"
        command = [
            program,
            *_FLAGS,
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(  # a program found on PATH, our own arguments: no shell
                command,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(
                t(
                    "report.chromium_failed",
                    "Chromium ({program}) could not print the report: {error}",
                    program=program,
                    error=str(exc),
                )
            ) from None
        if not printed.is_file() or printed.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["-"]
            raise PdfUnavailable(
                t(
                    "report.chromium_no_pdf",
                    "Chromium ({program}) printed no PDF (exit status {status}): {detail}",
                    program=program,
                    status=str(done.returncode),
                    detail=detail[0],
                )
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(printed), target)
    return target
