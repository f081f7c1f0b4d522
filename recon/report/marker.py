"""The mark recon puts in its own reports, so that it never reads one as a statement.

A report carries the custom document property ``recon-report`` (the version of recon that
wrote it). Excel and LibreOffice keep custom properties when the user saves the file, so a
reviewed report still carries it. ``is_recon_report`` looks only at the zip's directory and
at ``docProps/custom.xml`` (a few hundred bytes; read only when under ``MAX_PROPERTIES``),
so it costs next to nothing on any file, statement or not.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path
from typing import Any

#: The custom document property that marks a report.
PROPERTY = "recon-report"
_PART = "docProps/custom.xml"
#: Bytes of ``docProps/custom.xml`` read at most (a report's holds one property).
MAX_PROPERTIES = 64 * 1024


def mark(workbook: Any) -> None:
    """Mark an xlsxwriter ``Workbook`` as a recon report (call before ``close``)."""
    from .. import __version__

    workbook.set_custom_property(PROPERTY, __version__)


def is_recon_report(path: Path) -> bool:
    """True when ``path`` is an xlsx workbook that recon wrote (it carries the mark).

    Never raises: anything that is not a readable regular zip file is not a report.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(_PART)
            if info.file_size > MAX_PROPERTIES:
                return False
            with zf.open(info) as part:
                data = part.read(MAX_PROPERTIES)
    except (OSError, KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError,
            NotImplementedError, RuntimeError, ValueError):
        return False
    return f'name="{PROPERTY}"'.encode() in data or f"name='{PROPERTY}'".encode() in data
