"""A throwaway PostgreSQL server for one test session, and a fresh database per test.

Debian's binaries (``postgres_bindir()``) run a cluster in a temporary folder on
a free loopback port; it is stopped and removed when the session ends. As root
(CI), ``initdb`` refuses to run, so the cluster is run by the ``postgres`` user
through ``runuser``, in a folder that user owns.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count

from tests.support.system import missing, postgres_bindir

SUPERUSER = "zi"


@dataclass
class Cluster:
    """A running server: ``url(name)`` is a database on it (``create`` makes a new one)."""

    port: int
    _names: Iterator[int]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create(self) -> str:
        """A new, empty database; its URL."""
        import psycopg

        name = f"zi_test_{next(self._names)}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Start a cluster (skipped outside CI when PostgreSQL is missing); stop it after."""
    bindir = postgres_bindir()
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            missing("running as root and there is no 'postgres' user to run PostgreSQL as")
    folder = tempfile.mkdtemp(prefix="zi-pg-")
    data = os.path.join(folder, "data")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    pg_ctl = os.path.join(bindir, "pg_ctl")
    try:
        subprocess.run(
            _as_owner([os.path.join(bindir, "initdb"), "-D", data, "-U", SUPERUSER,
                       "--auth=trust", "--no-sync", "-E", "UTF8"]),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_owner([pg_ctl, "-D", data, "-o", options, "-l", os.path.join(folder, "log"),
                       "-w", "start"]),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        try:
            yield Cluster(port, count(1))
        finally:
            subprocess.run(
                _as_owner([pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"]),
                capture_output=True, timeout=120, check=False,
            )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
