"""Reading statement bytes safely: size limits, binary detection, encoding detection."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from .errors import InputError

#: Largest statement file recon reads (a year of a busy account is a few MB; a million-row
#: CSV about 70 MB). Above it a file is refused before it is read.
MAX_BYTES = 256 << 20

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings a statement is likely to be in, in the order a tie is broken;
#: cp932 (Windows' Shift-JIS) is the name charset-normalizer proposes for Japanese text:
#: with shift_jis alone it proposed nothing for it, and gb18030 misread the export
CANDIDATES = ("utf_8", "gb18030", "cp1252", "cp1250", "cp1257", "latin_1", "big5", "shift_jis",
              "cp932", "cp1251", "cp949", "cp1253", "cp1254", "cp1255", "cp874", "cp1256",
              "koi8_r", "koi8_u")
#: how much more mess (charset-normalizer's chaos) than the best decoding a decoding may
#: show and still be weighed by the caller's ``judge``
_CLOSE = 0.1
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _refuse_irregular(mode: int, path: Path) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise InputError(f"is {kind}, not a statement file", path=path,
                         expected="a regular file")


@contextmanager
def open_statement(path: Path) -> Iterator[BinaryIO]:
    """Open a statement for reading; only a regular file (a named pipe would block forever,
    a device never end), checked before opening and again on what was opened.

    Raises:
        InputError: the path is missing, unreadable or not a regular file.
    """
    try:
        _refuse_irregular(os.stat(path).st_mode, path)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=path) from exc
    with os.fdopen(fd, "rb") as fh:
        _refuse_irregular(os.fstat(fd).st_mode, path)
        yield fh


def read_head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes of a statement (to identify its format)."""
    with open_statement(path) as fh:
        try:
            return fh.read(size)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", path=path) from exc


def read_bytes(path: Path) -> bytes:
    """Read a whole statement file, refusing folders, devices, empty and oversized files."""
    with open_statement(path) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", path=path) from exc
    if size > MAX_BYTES or len(data) > MAX_BYTES:
        raise InputError(
            f"file is {max(size, len(data)) >> 20} MB, larger than recon reads "
            f"({MAX_BYTES >> 20} MB)",
            path=path,
            hint="split the statement by date range",
        )
    if not data.strip():
        raise InputError("file is empty", path=path, expected="a statement with transactions")
    return data


def looks_binary(data: bytes) -> bool:
    """NUL bytes in text that is not UTF-16 mean a binary file."""
    head = data[:8192].rstrip(b"\x00")  # some banks pad the end of a file with NULs
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def decode(data: bytes, path: Path, declared: str | None = None,
           judge: Callable[[str], int] | None = None) -> tuple[str, str]:
    """Decode statement bytes: BOM, then a declared charset, then strict UTF-8, then detection.

    ``judge`` scores a decoding's first characters (the statement words it reads); among
    the decodings detection ranks close, the one it scores highest is kept (single-byte
    code pages decode the same bytes into different plausible letters: ``Számlaszám`` in
    cp1250, ``Szįmlaszįm`` in cp1257).

    Returns:
        The text and the name of the encoding used.

    Raises:
        InputError: the bytes are binary or fit no candidate encoding.
    """
    data = data.rstrip(b"\x00") if not data.startswith(codecs.BOM_UTF16_LE) else data
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if looks_binary(data):
        raise InputError(
            "file is binary, not a text statement",
            path=path,
            expected="OFX, QFX, CSV or XLSX",
        )
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    found = _detected(data, judge)
    if found is not None:
        text, encoding = found
        if encoding == "cp932":  # strict Shift-JIS where it reads (as recon always did)
            try:
                return data.decode("shift_jis"), "shift_jis"
            except UnicodeDecodeError:
                pass
        # Western code pages agree on most letters; name the common one when they do.
        try:
            if encoding != "cp1252" and data.decode("cp1252") == text:
                return text, "cp1252"
        except UnicodeDecodeError:
            pass
        return text, encoding
    raise InputError(
        "cannot tell the file's text encoding",
        path=path,
        expected="UTF-8, GB18030, or a Windows code page",
        hint="save the file as UTF-8",
    )


def _detected(data: bytes, judge: Callable[[str], int] | None) -> tuple[str, str] | None:
    """The text and encoding detection gives (weighed by ``judge`` among close ones)."""
    matches = list(from_bytes(data[: 1 << 20], cp_isolation=list(CANDIDATES)))
    if not matches:
        return None
    close = [m for m in matches if m.chaos <= matches[0].chaos + _CLOSE][:8]
    best: tuple[int, str, str] | None = None
    for m in close if judge else close[:1]:
        try:
            text = data.decode(m.encoding)
        except UnicodeDecodeError:
            continue
        if not text:
            continue
        score = judge(text[:20_000]) if judge else 0
        if best is None or score > best[0]:
            best = (score, text, m.encoding)
    return (best[1], best[2]) if best else None
