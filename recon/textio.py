"""Reading statement bytes safely: size limits, binary detection, encoding detection."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import InputError

#: Largest statement file recon reads (a year of a busy account is a few MB).
MAX_BYTES = 1 << 30

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings a statement is likely to be in, in the order a tie is broken.
CANDIDATES = ("utf_8", "gb18030", "cp1252", "cp1250", "cp1257", "latin_1", "big5", "shift_jis")


def read_bytes(path: Path) -> bytes:
    """Read a whole statement file, refusing directories, empty and oversized files."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"file is {size // (1 << 20)} MB, larger than recon reads "
                f"({MAX_BYTES >> 20} MB)",
                path=path,
                hint="split the statement by date range",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=path) from exc
    if not data.strip():
        raise InputError("file is empty", path=path, expected="a statement with transactions")
    return data


def looks_binary(data: bytes) -> bool:
    """NUL bytes in text that is not UTF-16 mean a binary file."""
    head = data[:8192].rstrip(b"\x00")  # some banks pad the end of a file with NULs
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def decode(data: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """Decode statement bytes: BOM, then a declared charset, then strict UTF-8, then detection.

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
    best = from_bytes(data[: 1 << 20], cp_isolation=list(CANDIDATES)).best()
    if best is not None:
        try:
            text = data.decode(best.encoding)
        except UnicodeDecodeError:
            text = ""
        if text:
            # Western code pages agree on most letters; name the common one when they do.
            try:
                if best.encoding != "cp1252" and data.decode("cp1252") == text:
                    return text, "cp1252"
            except UnicodeDecodeError:
                pass
            return text, best.encoding
    raise InputError(
        "cannot tell the file's text encoding",
        path=path,
        expected="UTF-8, GB18030, or a Windows code page",
        hint="save the file as UTF-8",
    )
