"""What YAML and JSON loading share: limits, messages, reading files, reporting."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable
from typing import Any

from zi_engine._errors import Problem, _ProblemsError
from zi_engine._i18n import Text, t

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 1_000_000
MAX_ENTRIES = 50_000
"""Entries of one YAML list or mapping. The LKE has 127 questions and a submission at most
20,000 answers; a file with more is refused as it is read, before the rest is parsed
(300,000 answers would otherwise take seconds to refuse)."""


# The loaders' messages, one function each (the language is chosen when one is raised).
def _alias_message() -> Text:
    return t(
        "safeio.alias",
        "anchors and aliases are not allowed in this file; repeat the value instead",
    )


def _depth_message() -> Text:
    return t("safeio.too_deep", "the data is nested more than {depth} levels deep", depth=MAX_DEPTH)


def _nan_message(token: str) -> Text:
    return t(
        "safeio.not_finite",
        "{value} is not allowed: numbers must be finite (no NaN or infinity)",
        value=repr(token),
    )


def _too_many_digits() -> Text:
    return t("safeio.too_many_digits", "this number has too many digits")


def _too_large(token: str) -> Text:
    return t("safeio.too_large", "{value} is too large to be a number", value=repr(token))


def _file_is_empty() -> Text:
    return t("safeio.empty", "file is empty")


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


def _size(n: int) -> Text:
    if n >= 1024 * 1024:
        return t("safeio.size_mb", "{size:.1f} MB", size=n / (1024 * 1024))
    if n >= 1024:
        return t("safeio.size_kb", "{size:.1f} KB", size=n / 1024)
    return t("safeio.size_bytes", "{size} bytes", size=n)


def _too_big(size: int, max_bytes: int) -> Text:
    return t(
        "safeio.too_big",
        "file is {size}; the limit is {limit}",
        size=_size(size),
        limit=_size(max_bytes),
    )


def _checked(data: bytes | str, report: _Reporter, max_bytes: int) -> tuple[bytes, str]:
    """Enforce the size limit and UTF-8; return the bytes and text without a BOM."""
    if isinstance(data, str):
        if len(data) > max_bytes:  # every character is at least one byte: skip encoding
            raise report(_too_big(len(data), max_bytes))
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as exc:  # lone surrogates
            where = _line_col(data, exc.start)
            message = t(
                "safeio.lone_surrogate", "text contains an invalid character (a lone surrogate)"
            )
            raise report(message, *where) from None
    else:
        raw = bytes(data)
    if len(raw) > max_bytes:
        raise report(_too_big(len(raw), max_bytes))
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = t(
            "safeio.not_utf8",
            "file is not valid UTF-8 text (byte 0x{byte}); save it as UTF-8",
            byte=f"{raw[exc.start]:02x}",
        )
        raise report(message, *_line_col(raw, exc.start)) from None
    return raw, text


def _a_folder() -> Text:
    return t("safeio.is_folder", "this is a folder, not a file")


def _not_a_file(mode: int) -> Text | None:
    """What a path that is not a regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _a_folder()
    if stat.S_ISFIFO(mode):
        return t("safeio.is_fifo", "this is a named pipe (FIFO), not a file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return t("safeio.is_device", "this is a device (such as /dev/null), not a file")
    if stat.S_ISSOCK(mode):
        return t("safeio.is_socket", "this is a socket, not a file")
    return t("safeio.not_regular", "this is not a regular file")


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
        raise report(t("safeio.no_such_file", "no such file")) from None
    except IsADirectoryError:
        raise report(_a_folder()) from None
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise report(
            t("safeio.unreadable", "cannot read the file: {reason}", reason=reason)
        ) from None
    if len(raw) > max_bytes:
        raise report(
            t(
                "safeio.grew_too_big",
                "file is larger than the limit of {limit}",
                limit=_size(max_bytes),
            )
        )
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
