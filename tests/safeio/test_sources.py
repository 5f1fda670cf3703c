"""What safeio reads from: regular files only (each other kind named), standard input, and
what it writes (the one YAML writer)."""

from __future__ import annotations

import io
import os
import socket
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zi_engine._errors import RubricError, SubmissionError
from zi_engine.safeio import (
    dump_yaml,
    load_document,
    load_json_file,
    load_stdin,
    load_yaml,
    load_yaml_file,
    looks_like_json,
)

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")


def _message(load: Any, path: Path | str, **kw: Any) -> str:
    with pytest.raises((RubricError, SubmissionError)) as info:
        load(path, **kw)
    (problem,) = info.value.problems
    assert problem.file == str(path)
    return problem.message


@pytest.mark.parametrize("load", [load_yaml_file, load_json_file, load_document])
def test_a_folder_is_named_a_folder(tmp_path: Path, load: Any) -> None:
    assert _message(load, tmp_path) == "this is a folder, not a file"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
@pytest.mark.parametrize("load", [load_yaml_file, load_json_file, load_document])
def test_dev_null_is_named_a_device(load: Any) -> None:
    assert _message(load, "/dev/null") == "this is a device (such as /dev/null), not a file"


@posix_only
@pytest.mark.parametrize("load", [load_yaml_file, load_json_file, load_document])
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, load: Any) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def read() -> None:
        try:
            load(fifo)
        except (RubricError, SubmissionError) as exc:
            outcome.append(exc.problems[0].message)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # opened the FIFO and blocks: unblock it, then fail
        with open(fifo, "wb"):
            pass
        reader.join(timeout=10)
        pytest.fail("reading a FIFO waited for a writer")
    assert outcome == ["this is a named pipe (FIFO), not a file"]


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_named_a_socket(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert _message(load_yaml_file, path) == "this is a socket, not a file"
    finally:
        server.close()


@pytest.mark.parametrize("load", [load_yaml_file, load_json_file, load_document])
def test_a_missing_file_is_no_such_file(tmp_path: Path, load: Any) -> None:
    assert _message(load, tmp_path / "nope.yaml") == "no such file"
    (tmp_path / "f").write_text("a: 1")
    assert _message(load, tmp_path / "f" / "under-a-file.yaml") == "no such file"


@posix_only
def test_a_symlink_to_a_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    assert load_yaml_file(tmp_path / "link.yaml")[0] == {"a": 1}


# ------------------------------------------------------------------ standard input


class _Stdin(io.BytesIO):
    def __init__(self, data: bytes, tty: bool = False) -> None:
        super().__init__(data)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("text", "json"),
    [
        ('{"year": 2026}', True),
        ('  \n{\n  "unit": {}}', True),
        ("{}", True),
        ("[1, 2]", True),
        ("\ufeff{ }", True),
        ("{year: 2026}", False),  # a YAML flow mapping: bare keys
        ("year: 2026\n", False),
        ("# a comment\n{}", False),
        ("", False),
    ],
)
def test_json_is_told_from_yaml_by_its_first_characters(text: str, json: bool) -> None:
    assert looks_like_json(text) is json
    assert looks_like_json(text.encode()) is json


def test_stdin_is_read_as_yaml_or_json() -> None:
    assert load_stdin(stream=_Stdin(b"year: 2026\nname: no\n")) == (
        {"year": 2026, "name": "no"},
        b"year: 2026\nname: no\n",
    )
    assert load_stdin(stream=_Stdin(b'{"year": 2026}'))[0] == {"year": 2026}


def test_stdin_errors_name_stdin_and_use_the_json_rules() -> None:
    with pytest.raises(SubmissionError) as info:
        load_stdin(stream=_Stdin(b'{\n "a": 1,\n "a": 2}'))
    assert str(info.value).startswith("<stdin>:3:2: the key 'a' appears twice in the same object")
    with pytest.raises(SubmissionError, match=r"^<stdin>:2:1: the key 'a' appears twice"):
        load_stdin(stream=_Stdin(b"a: 1\na: 2\n"))


def test_stdin_is_bounded_and_never_waits_on_a_terminal() -> None:
    with pytest.raises(SubmissionError, match=r"standard input is larger than the limit of 1\.0"):
        load_stdin(stream=_Stdin(b"a: " + b"x" * 2000), max_bytes=1024)
    with pytest.raises(SubmissionError, match="standard input is a terminal"):
        load_stdin(stream=_Stdin(b"a: 1", tty=True))
    with pytest.raises(SubmissionError, match="file is empty"):
        load_stdin(stream=_Stdin(b""))


def test_dash_means_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(_Stdin(b'["x"]')))
    assert load_document("-") == (["x"], b'["x"]', "<stdin>")
    assert load_document("-", stdin=_Stdin(b"a: b"), error_cls=RubricError)[0] == {"a": "b"}
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(SubmissionError, match="no standard input"):
        load_document("-")


def test_a_path_reads_by_its_suffix(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text("{year: 2026}")  # not JSON, whatever it looks like
    with pytest.raises(SubmissionError, match="JSON syntax error"):
        load_document(tmp_path / "s.json")
    (tmp_path / "s.yml").write_text('{"year": 2026}')
    assert load_document(tmp_path / "s.yml")[0] == {"year": 2026}


# ------------------------------------------------------------------ the YAML writer

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT
    | st.sampled_from(["1e5", "0o17", "0x1F", "no", "yes", "~", "null", "017", ".5", "+1", "-"])
    | st.sampled_from(["2026-05-20", "1.10", "True", "", " padded ", "a: b", "- x", "#"])
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(_DATA)
def test_what_dump_yaml_writes_loads_back_as_the_same_data(data: Any) -> None:
    again = load_yaml(dump_yaml(data), filename="d.yaml")
    assert again == data
    assert type(again) is type(data)


def test_dump_yaml_writes_shared_objects_out_in_full() -> None:
    shared = {"value": "A"}
    text = dump_yaml({"a": shared, "b": shared})
    assert "&" not in text
    assert "*" not in text
    assert load_yaml(text, filename="d.yaml") == {"a": {"value": "A"}, "b": {"value": "A"}}
