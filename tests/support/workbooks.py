"""LKE workbooks in tests: LibreOffice recalculation, cached values, hand-made workbooks.

LibreOffice keeps the values an ``.xlsx`` file caches unless told to recalculate
on load; its per-user setting ``OOXMLRecalcMode`` (Calc > Formula > Load:
0 = always) says so. Each test process gets its own profile
(``-env:UserInstallation``), as xdist workers run in parallel and two
LibreOffice processes cannot share one.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

from tests.support.system import soffice

RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class LibreOffice:
    """One headless LibreOffice with its own profile, converting many files per call."""

    def __init__(self, program: str, profile: Path) -> None:
        self.program = program
        self.profile = profile
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(
            RECALCULATE_ON_LOAD, encoding="utf-8"
        )

    def recalculate(self, files: Sequence[Path], outdir: Path) -> list[Path]:
        """Open each file, recalculate it and save it as .xlsx in ``outdir`` (one start-up)."""
        outdir.mkdir(parents=True, exist_ok=True)
        # at the lowest priority: LibreOffice uses every core, and the tests beside it on the
        # other workers (the hostile corpus's kill switches among them) must keep theirs
        nice = [path, "-n", "19"] if (path := shutil.which("nice")) else []
        done = subprocess.run(
            [
                *nice,
                self.program,
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        out = [outdir / f"{Path(f).stem}.xlsx" for f in files]
        missing = [p.name for p in out if not p.exists()]
        assert not missing, (
            f"LibreOffice wrote no {missing}: {done.stdout[-500:]} {done.stderr[-500:]}"
        )
        return out


def libreoffice(profile: Path) -> LibreOffice:
    """LibreOffice (skipped outside CI when it is not installed) with a profile in ``profile``."""
    return LibreOffice(soffice(), profile)


def cached_names(path: Path) -> dict[str, Any]:
    """``{defined name: the value cached in the cell it points at}``."""
    book = openpyxl.load_workbook(path, data_only=True)
    out: dict[str, Any] = {}
    for name, defined in book.defined_names.items():
        for sheet, ref in defined.destinations:
            out[name] = book[sheet][ref.replace("$", "")].value
    return out
