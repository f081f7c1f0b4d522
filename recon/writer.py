"""Storing a large file's rows in a second process while this one analyses them.

`recon run` imports and then analyses the rows it imported, which it holds in memory. Storing
a million rows is seconds of work for Python's sqlite3 (each value is bound on its own, under
the interpreter lock), and nothing in the analysis needs them in the ledger until it writes
its matches. So for a large file the store is planned here (``Ledger.plan``: which rows are
new, the import's id, the rowid of its first row), the rows go to a writer process as an
Arrow file (in shared memory where there is room), and the analysis goes on with the planned
result. The writer runs the ordinary ``Ledger.store`` in its own transaction, told what the
plan found (``Expected``): if the ledger changed in between (another recon command wrote to
it), it stores nothing and the command fails with that reason. The ledger's next write in
this process waits for the writer and raises its error (``Ledger.settle``), so matches and
flags are never stored before the rows they name, and a failed store fails the command,
leaving the ledger as it was. A writer that ends before reading its job (it could not start
here) leaves the store to this process, with the same check; one killed after reading it
fails the command, unless it had committed.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .errors import LedgerError, ReconError
from .store import Expected, Ledger, StoredRows, StoreResult

log = logging.getLogger(__name__)

#: Rows to add from one file from which the store is handed to a writer process: storing
#: them here takes about a second, starting a writer (its imports) half of one.
BEHIND_ROWS = 200_000

#: Linux's shared memory file system (absent elsewhere: the temporary directory is used)
SHARED_MEMORY = "/dev/shm"

_running: list[Writer] = []


class Writer:
    """A store running in a writer process: ``settle`` waits for it, once."""

    def __init__(self, proc: subprocess.Popen[bytes], job: Path, source: Path,
                 ledger: Path, import_id: int, sha256: str) -> None:
        self.proc, self.job, self.source, self.ledger = proc, job, source, ledger
        self.import_id, self.sha256 = import_id, sha256
        self.error: ReconError | None = None
        self.done = False
        self.seconds = 0.0  # the writer's own time, from its start to its commit

    def settle(self) -> None:
        """Wait for the writer; raise its error (again, if asked again)."""
        if not self.done:
            out, err = self.proc.communicate()
            self.done = True
            if self in _running:
                _running.remove(self)
            try:
                self.error = self._outcome(self.proc.returncode, out, err)
            finally:
                self.job.unlink(missing_ok=True)  # the writer's to remove, unless it never ran
        if self.error is not None:
            raise self.error

    def _outcome(self, code: int, out: bytes, err: bytes) -> ReconError | None:
        try:
            said = json.loads(out.decode("utf-8") or "{}")
        except ValueError:
            said = {}
        if code == 0 and said.get("ok"):
            self.seconds = float(said.get("seconds", 0.0))
            return None
        if said.get("error"):
            return LedgerError(str(said["error"]), path=self.ledger,
                               hint=said.get("hint") or None)
        last = (err.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        ended = f"ended with code {code}" + (f" ({last})" if last else "")
        if self.job.exists():  # it never read its job (it could not start here): do it here
            log.warning("the process to store %s %s: storing it here instead",
                        self.source.name, ended)
            try:
                _store(self.job)
            except ReconError as exc:
                return exc
            return None
        with Ledger(self.ledger) as ledger:  # it ended after reading its job (killed)
            if ledger.db.execute("SELECT 1 FROM imports WHERE id = ? AND sha256 = ?",
                                 (self.import_id, self.sha256)).fetchone():
                return None  # ... after its commit
        return LedgerError(f"storing {self.source.name} failed: the process storing it {ended}; "
                           "nothing of it was stored", path=self.ledger,
                           hint="run the command again")


def store_behind(ledger: Ledger, frame: pd.DataFrame, source: Path, parser: str,
                 rows_read: int, rejections: list[tuple[str, str]], key_version: str | None,
                 again: bool = False) -> StoreResult | None:
    """Plan the store of ``frame`` (canonical rows of ``source``) and hand it to a writer
    process; the result is the plan's, its ``added`` rows settle with the writer. None when
    the store is better done here: fewer than ``BEHIND_ROWS`` new rows, or no writer could
    be started."""
    if len(frame) < BEHIND_ROWS:  # (the plan would be made twice)
        return None
    ledger.settle()  # the plan reads the ledger as the earlier files left it
    plan = ledger.plan(frame, source, again)
    if len(plan.new) < BEHIND_ROWS:
        return None
    import_id, first_rowid = ledger.next_ids()
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError):  # a column arrow cannot hold as it is
        return None
    try:
        fd, name = tempfile.mkstemp(prefix="recon-store-", suffix=".arrow",
                                    dir=_scratch(table.nbytes))
    except OSError:  # no temporary space: store here
        return None
    rows = Path(name)
    job = {"ledger": str(ledger.path), "rows": str(rows), "source": str(source),
           "parser": parser, "rows_read": rows_read, "rejections": rejections,
           "key_version": key_version, "again": again, "sha256": plan.sha256,
           "expect": [import_id, first_rowid, len(plan.existing)]}
    try:
        with os.fdopen(fd, "wb") as sink:
            sink.write(json.dumps(job).encode("utf-8") + b"\n")  # the job, then the rows
            with pa.ipc.new_stream(sink, table.schema) as out:
                out.write_table(table)
        proc = subprocess.Popen(
            [sys.executable, "-c", "from recon.writer import main; main()", str(rows)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(
                [str(Path(__file__).resolve().parent.parent),
                 *filter(None, [os.environ.get("PYTHONPATH")])])})
    except OSError:  # no temporary space, no process: store here
        rows.unlink(missing_ok=True)
        return None
    writer = Writer(proc, rows, source, ledger.path, import_id, plan.sha256)
    _running.append(writer)
    added = StoredRows(first_rowid, plan.new, writer.settle)
    ledger.wait_for([added])
    return StoreResult(
        import_id=import_id, imported=len(plan.new), present=len(plan.existing),
        present_from=plan.present_from,
        same_file_as=plan.same.label if plan.same else None, added=added)


def _scratch(size: int) -> str | None:
    """Where the rows go for the writer: shared memory where there is room for them twice
    over (it is never written to disk; the writer removes the file once read), else the
    temporary directory."""
    try:
        if shutil.disk_usage(SHARED_MEMORY).free > 2 * size:
            return SHARED_MEMORY
    except OSError:  # no such place here
        pass
    return None


@atexit.register
def finish() -> None:
    """A command that ends before its ledger waited for a writer still waits for it (its
    rows are stored or not, never half); an error then is only logged."""
    for writer in list(_running):
        try:
            writer.settle()
        except ReconError as exc:
            print(f"error: {exc.headline()}", file=sys.stderr)


def _store(path: Path) -> float:
    """Do the store a job file (a line of JSON, then the rows as an Arrow stream) describes,
    checked against its plan; the file is removed once read. Returns the seconds it took."""
    started = time.perf_counter()
    try:
        with path.open("rb") as fh:
            job = json.loads(fh.readline())
            frame = pa.ipc.open_stream(fh).read_all().to_pandas()  # pandas metadata: the types
    finally:
        path.unlink(missing_ok=True)
    with Ledger(Path(job["ledger"])) as ledger:
        ledger.store(frame, Path(job["source"]), job["parser"], job["rows_read"],
                     [tuple(r) for r in job["rejections"]], key_version=job["key_version"],
                     again=job["again"], sha256=job["sha256"], expect=Expected(*job["expect"]))
    return time.perf_counter() - started


def main() -> None:
    """The writer process: the job file is its argument, the outcome goes to standard
    output as a line of JSON."""
    if hasattr(os, "nice"):  # the analysis it runs beside has the cores first: it waits later
        os.nice(5)
    try:
        seconds = _store(Path(sys.argv[1]))
    except ReconError as exc:
        print(json.dumps({"ok": False, "error": exc.message, "hint": exc.hint}))
        sys.exit(1)
    print(json.dumps({"ok": True, "seconds": round(seconds, 3)}))
