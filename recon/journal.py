"""Rules-file edits that land together with a ledger transaction (``recon review apply``).

A review changes two things that must agree: decisions in the ledger and the rules files.
SQLite can commit only the first atomically, so the new text of each file is written into
the ledger in the same transaction as the decisions (``record``). Then each file is
replaced in one step, and the records are deleted (``finish``). A crash before the commit
leaves the old files and no decisions; after it, the ledger holds what the files must
become, and the next recon command that opens the ledger completes the edit (and says so).

A file that changed after the crash (the user edited it) is not overwritten: the review's
version is put beside it as ``NAME.review-pending`` and the note says so.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from . import crashpoint, files
from .errors import RulesError

SCHEMA = """
CREATE TABLE IF NOT EXISTS pending_files (
    path TEXT PRIMARY KEY,
    old_sha256 TEXT,
    new_text TEXT NOT NULL,
    made_by TEXT NOT NULL
);
"""
PENDING_SUFFIX = ".review-pending"


def _sha(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(db: sqlite3.Connection, changes: dict[Path, tuple[str | None, str]],
           made_by: str) -> None:
    """Inside the caller's transaction: the new text of each file, keyed by its real path.
    ``changes`` maps a file to (the text the edit was made from, the new text).

    Raises:
        RulesError: a file no longer holds the text the edit was made from (another
            program changed it meanwhile); the caller's transaction is rolled back.
    """
    for path, (old, new) in changes.items():
        if files.read_text(path) != old:
            raise RulesError(f"{path.name} changed while the review was being applied; "
                             "nothing was changed", path=path, hint="apply the review again")
        db.execute("INSERT OR REPLACE INTO pending_files VALUES (?, ?, ?, ?)",
                   (str(files.real(path)), _sha(old), new, made_by))


def pending(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM pending_files LIMIT 1").fetchone() is not None


def finish(db: sqlite3.Connection) -> list[str]:
    """Write every recorded file and delete the records, in one transaction (a second
    process that finishes at the same time waits, then finds nothing to do).

    Returns:
        One line saying what was completed (none when nothing was pending).
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        rows = db.execute("SELECT path, old_sha256, new_text, made_by FROM pending_files"
                          " ORDER BY path").fetchall()
        written, kept, makers = [], [], set()
        for name, old_sha, new, made_by in rows:
            path = Path(name)
            makers.add(made_by)
            now = files.read_text(path)
            if now == new:
                continue
            aside = path.with_name(path.name + PENDING_SUFFIX)
            try:
                if _sha(now) == old_sha:
                    files.replace_text(path, new)
                    written.append(path.name)
                    crashpoint.reached("journal:replace")
                else:
                    files.replace_text(aside, new)
                    kept.append(f"{path.name} changed since, so the review's version is in "
                                f"{aside.name}")
            except OSError as exc:
                raise RulesError(f"cannot write {path.name}: {exc.strerror or exc}; the review "
                                 "is recorded and the next recon command completes it",
                                 path=path) from exc
        for folder in {Path(name).parent for name, *_ in rows}:
            files.sweep(folder)
        crashpoint.reached("journal:clear")
        db.execute("DELETE FROM pending_files")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    if not rows:
        return []
    done = ", ".join(written) + " updated" if written else "the rules files were already updated"
    return [f"completed the interrupted {' and '.join(sorted(makers))}: "
            + "; ".join([done, *kept])]
