"""What YAML and JSON loading share: limits, messages, reading files, reporting."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable
from typing import Any

from zi_engine._errors import Problem, _ProblemsError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 1_000_000

_ALIAS_MESSAGE = "anchors and aliases are not allowed in this file; repeat the value instead"
_DEPTH_MESSAGE = f"the data is nested more than {MAX_DEPTH} levels deep"
_NAN_MESSAGE = "{!r} is not allowed: numbers must be finite (no NaN or infinity)"


class _Reporter:
    """Makes the caller's error class for one file."""

    __slots__ = ("error_cls", "filename")

    def __init__(self, filename: str, error_cls: type[_ProblemsError]) -> None:
        self.filename = filename
        self.error_cls = error_cls

    def __call__(
        self, message: str, line: int | None = None, column: int | None = None
    ) -> _ProblemsError:
        return self.error_cls([Problem(message, file=self.filename, line=line, column=column)])

    def at(self, message: str, mark: Any) -> _ProblemsError:
        """An error at a PyYAML/libyaml mark (0-based line and column)."""
        return self(message, mark.line + 1, mark.column + 1)


def _line_col(buf: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``buf``."""
    if isinstance(buf, bytes):
        start = buf.rfind(b"\n", 0, offset) + 1
        width = len(buf[start:offset].decode("utf-8", "replace"))
        return buf.count(b"\n", 0, offset) + 1, width + 1
    start = buf.rfind("\n", 0, offset) + 1
    return buf.count("\n", 0, offset) + 1, offset - start + 1


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"


def _too_big(size: int, max_bytes: int) -> str:
    return f"file is {_size(size)}; the limit is {_size(max_bytes)}"


def _checked(data: bytes | str, report: _Reporter, max_bytes: int) -> tuple[bytes, str]:
    """Enforce the size limit and UTF-8; return the bytes and text without a BOM."""
    if isinstance(data, str):
        if len(data) > max_bytes:  # every character is at least one byte: skip encoding
            raise report(_too_big(len(data), max_bytes))
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as exc:  # lone surrogates
            where = _line_col(data, exc.start)
            raise report("text contains an invalid character (a lone surrogate)", *where) from None
    else:
        raw = bytes(data)
    if len(raw) > max_bytes:
        raise report(_too_big(len(raw), max_bytes))
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        raise report(message, *_line_col(raw, exc.start)) from None
    return raw, text


def _not_a_file(mode: int) -> str | None:
    """What a path that is not a regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "this is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "this is a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "this is a device (such as /dev/null), not a file"
    if stat.S_ISSOCK(mode):
        return "this is a socket, not a file"
    return "this is not a regular file"


# Opening a FIFO for reading blocks until a writer appears; O_NONBLOCK makes it return at
# once, so a FIFO swapped in between stat() and open() is refused too, never waited on.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_file(path: str | os.PathLike[str], report: _Reporter, max_bytes: int) -> bytes:
    """Read a regular file, refusing anything else and an oversized file before reading."""
    try:
        # stat() first: a FIFO, a device or a folder is named for what it is, and an
        # oversized file refused by its size, before anything is opened
        info = os.stat(path)
        kind = _not_a_file(info.st_mode)
        if kind is not None:
            raise report(kind)
        if info.st_size > max_bytes:
            raise report(_too_big(info.st_size, max_bytes))
        fd = os.open(path, _OPEN_FLAGS)
        with open(fd, "rb") as handle:
            info = os.fstat(fd)  # the file opened, in case the path changed since
            kind = _not_a_file(info.st_mode)
            if kind is not None:
                raise report(kind)
            size = info.st_size
            # What fstat() promised and one byte more, so reading needs no buffer of the
            # whole limit; the rest only if the file grew since, or fstat() reported 0
            # (some special file systems). Bounded either way: the limit plus one byte.
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(max_bytes + 1 - len(raw))
    except (FileNotFoundError, NotADirectoryError):
        raise report("no such file") from None
    except IsADirectoryError:
        raise report("this is a folder, not a file") from None
    except OSError as exc:
        raise report(f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise report(f"file is larger than the limit of {_size(max_bytes)}")
    return raw


def _show(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _load_file(
    path: str | os.PathLike[str],
    error_cls: type[_ProblemsError],
    max_bytes: int,
    display_name: str | None,
    parse: Callable[..., Any],
) -> tuple[Any, bytes]:
    report = _Reporter(display_name or os.fspath(path), error_cls)
    raw = _read_file(path, report, max_bytes)
    return parse(*_checked(raw, report, max_bytes), report), raw


# node kinds in the walkers that locate() and the JSON checks use
_OPEN, _SCALAR, _CLOSE, _KEY = range(4)
_Node = tuple[int, Any, Any, str]  # (kind, key or index under the parent, position, token)
