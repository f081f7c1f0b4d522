"""Replacing a user's file in one step, the way they would expect of an editor.

The new content goes to a temporary file beside the real file, is synced to disk, takes
the old file's permissions and then replaces it in one ``rename``. A symlink is written
through: the link stays and the file it points to changes. A crash at any moment leaves
the old file or the new one, and at worst a ``.NAME.*.recon-tmp`` file that nothing reads
(``sweep`` removes them, and so does the next write to the same file once they are old).
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
import time
from pathlib import Path

from . import crashpoint

TEMP_SUFFIX = ".recon-tmp"
#: Seconds after which a temporary file of ours is taken as left by a killed recon (a
#: write in progress is far younger) and removed by the next write to the same file.
STALE = 600


def real(path: Path) -> Path:
    """The file ``path`` names, through any symlinks (it may not exist yet)."""
    return Path(os.path.realpath(path))


def _mode(target: Path) -> int:
    """The permissions the file has, or those a new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def temp_beside(path: Path) -> Path:
    """A new empty temporary file in the folder of the file ``path`` names."""
    target = real(path)
    _sweep_stale(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                               suffix=TEMP_SUFFIX)
    os.close(fd)
    return Path(tmp)


def install(tmp: Path, path: Path) -> None:
    """Move the finished file ``tmp`` (from ``temp_beside(path)``) over ``path``, through a
    symlink, keeping ``path``'s permissions; ``tmp`` is gone afterwards, whatever happens."""
    target = real(path)
    try:
        os.chmod(tmp, _mode(target))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        crashpoint.reached("file:replace")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def replace_text(path: Path, text: str) -> None:
    """Replace the file ``path`` names with ``text`` (UTF-8) in one step."""
    tmp = temp_beside(path)
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    install(tmp, path)


def read_text(path: Path) -> str | None:
    """The text of the file ``path`` names, or None when there is none."""
    try:
        return real(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def sweep(folder: Path) -> int:
    """Remove the temporary files a killed recon left in ``folder``; returns how many."""
    gone = 0
    for leftover in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            gone += 1
    return gone


def _sweep_stale(target: Path) -> None:
    """Remove this file's temporary files that a killed recon left long ago."""
    now = time.time()
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - leftover.lstat().st_mtime > STALE:
                leftover.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
