"""The ledger: a SQLite file in the workspace holding imports and transactions.

Each statement file is stored in one database transaction (``BEGIN IMMEDIATE``), so a failed
import leaves the ledger as it was and two ``recon import`` processes queue instead of
corrupting it. Rows are keyed by ``txn_id``; a row whose id is present is counted as already
present, with the import that brought it.

Each row keeps the ``merchant_key`` its import computed; ``meta.merchant_key_version`` says
which cleaner made the stored keys, so an analysis recomputes them only after the cleaner
changed (``update_merchant_keys``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from . import crashpoint, journal
from .errors import LedgerError
from .schema import CANONICAL_COLUMNS, date_texts

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
#: Seconds to wait for another process that is writing the ledger before giving up
#: (``RECON_LEDGER_WAIT`` overrides it).
LOCK_WAIT = 60.0
#: Seconds of waiting before recon says that it is waiting.
_NOTICE_AFTER = 1.0
_TRANSACTIONS = """
CREATE TABLE IF NOT EXISTS {name} (
    txn_id TEXT NOT NULL,
    account TEXT NOT NULL REFERENCES accounts(name),
    posted_date TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    description_raw TEXT NOT NULL,
    merchant_key TEXT NOT NULL,
    ref TEXT,
    source_file TEXT NOT NULL,
    source_row TEXT NOT NULL,
    parser TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id)
)"""
#: Rows of the ledger read in one query (about 200 MB of JSON for typical statement text).
READ_WINDOW = 1_000_000
#: Rows inserted from one set of Python lists: a million rows' values as Python objects
#: would be about half a gigabyte, for no gain in speed.
INSERT_ROWS = 65_536
#: The canonical columns as the ledger is read: rowid, then the canonical columns as stored.
_COLUMN_TYPES = pa.schema([
    (name, pa.int64() if name in ("rowid", "amount_minor") else pa.string())
    for name in ("rowid", *CANONICAL_COLUMNS)])
#: ... as ``_columns`` reads them: one JSON array of each.
_COLUMN_LISTS = pa.schema([(f.name, pa.list_(f.type)) for f in _COLUMN_TYPES])
#: ... as ``transactions`` sorts them: dates as dates (they sort and convert as numbers).
_FRAME_TYPES = pa.schema([pa.field("posted_date", pa.date32()) if f.name == "posted_date"
                          else f for f in _COLUMN_TYPES])
#: The ledger's indexes on transactions. ``store`` drops and rebuilds them around a load at
#: least as big as the ledger: one sort instead of a random B-tree insert per row. (Reads are
#: of the whole ledger, by rowid windows: an index on the date, which older ledgers have,
#: was never used and cost a sort per load; ``_migrate`` drops it.)
_INDEXES = {
    "transactions_id": "CREATE UNIQUE INDEX IF NOT EXISTS transactions_id"
                       " ON transactions(txn_id)",
}
_UNUSED_INDEXES = ("transactions_date",)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, first_seen TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY,
    source_file TEXT NOT NULL,
    source_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    parser TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    imported INTEGER NOT NULL,
    present INTEGER NOT NULL,
    rejected INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS matches (
    txn_id TEXT PRIMARY KEY REFERENCES transactions(txn_id),
    subscription TEXT,
    match_score INTEGER NOT NULL,
    match_method TEXT NOT NULL,
    category TEXT,
    rule_source TEXT
);
CREATE TABLE IF NOT EXISTS flags (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    severity TEXT NOT NULL,
    posted_date TEXT NOT NULL,
    subscription TEXT,
    txn_ids TEXT NOT NULL,
    message TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    decision TEXT,
    note TEXT,
    decided_on TEXT
);
CREATE TABLE IF NOT EXISTS rejections (
    import_id INTEGER NOT NULL REFERENCES imports(id),
    location TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""


@dataclass
class StoredRows:
    """The rows one ``store`` added, as they were stored, and the rowid of the first (the
    rest follow it): an analysis in the same process takes them from here instead of
    reading them back (``Ledger.transactions(stored=...)``)."""

    first_rowid: int
    rows: pd.DataFrame  # canonical columns
    #: set while another process is still storing the rows (``recon.writer``): waits for it
    #: and raises its error; the rows are at their rowids once it returns
    settle: Callable[[], None] | None = None

    @property
    def last_rowid(self) -> int:
        return self.first_rowid + len(self.rows) - 1


@dataclass(frozen=True)
class Expected:
    """What a store planned outside its transaction (``Ledger.plan``) must find inside it:
    the import's id, the rowid of its first row and how many of its rows were present."""

    import_id: int
    first_rowid: int
    present: int


class Raced(LedgerError):
    """Another process wrote to the ledger between a store's plan and its transaction."""


@dataclass
class Plan:
    """Which of a file's rows a store adds, read from the ledger (``Ledger.plan``)."""

    sha256: str
    same: EarlierImport | None
    existing: dict[str, int]  # txn_id -> the import that holds it
    present_from: dict[str, int]
    new: pd.DataFrame


@dataclass
class StoreResult:
    """What storing one file did."""

    import_id: int
    imported: int
    present: int
    present_from: dict[str, int] = field(default_factory=dict)  # "file (import #n)" -> rows
    same_file_as: str | None = None
    added: StoredRows | None = None  # the rows imported, when they were asked to be kept


@dataclass(frozen=True)
class EarlierImport:
    """An import recorded in the ledger (``Ledger.earlier_import``)."""

    id: int
    source_file: str
    imported_at: str  # ISO UTC timestamp

    @property
    def label(self) -> str:
        """``statement.csv (import #3 on 2026-11-30)``"""
        return f"{self.source_file} (import #{self.id} on {self.imported_at[:10]})"


def _lock_wait() -> float:
    try:
        return max(float(os.environ.get("RECON_LEDGER_WAIT", LOCK_WAIT)), 0.0)
    except ValueError:
        return LOCK_WAIT


def _is_locked(exc: sqlite3.OperationalError) -> bool:
    return "database is locked" in str(exc) or "database is busy" in str(exc)


class _Connection(sqlite3.Connection):
    """A connection that, when another process holds the ledger's lock, says once that it
    waits, waits up to ``wait`` seconds, and then fails with the real cause.

    A statement that finds the database busy has done nothing, so it is run again. After
    one wait has run out the ledger is taken as held: later statements fail at once.
    """

    wait = LOCK_WAIT
    where: Path = Path("ledger.sqlite")
    said = False
    gave_up = False

    def _again(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except sqlite3.OperationalError as exc:
            if not _is_locked(exc):
                raise
            if self.gave_up or self.wait <= _NOTICE_AFTER:
                self.gave_up = True
                super().execute("PRAGMA busy_timeout = 0")
                raise self._held(exc) from exc
            cause = exc
        if not self.said:
            self.said = True
            log.warning("the ledger %s is locked by another recon or program: waiting up to "
                        "%g s", self.where, self.wait)
        super().execute(f"PRAGMA busy_timeout = {int((self.wait - _NOTICE_AFTER) * 1000)}")
        try:
            return call(*args)
        except sqlite3.OperationalError as exc:
            if not _is_locked(exc):
                raise
            self.gave_up = True
            raise self._held(exc) from cause
        finally:  # once given up, later statements do not wait at all
            after = 0 if self.gave_up else int(_NOTICE_AFTER * 1000)
            super().execute(f"PRAGMA busy_timeout = {after}")

    def _held(self, exc: sqlite3.OperationalError) -> LedgerError:
        return LedgerError(f"another recon or program is writing the ledger ({exc} after "
                           f"waiting {self.wait:g} s); try again when it has finished",
                           path=self.where)

    def execute(self, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        return self._again(super().execute, *args)  # type: ignore[no-any-return]

    def executemany(self, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        return self._again(super().executemany, *args)  # type: ignore[no-any-return]

    def executescript(self, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        return self._again(super().executescript, *args)  # type: ignore[no-any-return]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Ledger:
    """The SQLite ledger of one workspace."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            db = sqlite3.connect(path, timeout=min(_NOTICE_AFTER, _lock_wait()),
                                 isolation_level=None, factory=_Connection)
            assert isinstance(db, _Connection)
            db.wait, db.where = _lock_wait(), path
            self.db: sqlite3.Connection = db
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: still never corrupt
            self.db.execute("PRAGMA cache_size=-262144")  # 256 MB: id lookups stay in memory
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA + journal.SCHEMA)
            self.db.execute(_TRANSACTIONS.format(name="transactions"))
            self._migrate()
            for sql in _INDEXES.values():
                self.db.execute(sql)
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"cannot open the ledger: {exc}", path=path,
                              hint="is this a recon workspace? run `recon init`") from exc
        #: What opening the ledger completed (an interrupted review), one line each.
        self.completed: list[str] = []
        #: stores another process is doing for this one (``wait_for``)
        self._behind: list[Callable[[], None]] = []
        if journal.pending(self.db):
            self.completed = journal.finish(self.db)
            for line in self.completed:
                log.warning("%s", line)

    def _migrate(self) -> None:
        """Bring a ledger made by an older recon up to ``SCHEMA_VERSION``."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(flags)")}
        for column in ("decision", "note", "decided_on"):  # version 2: review decisions
            if column not in columns:
                self.db.execute(f"ALTER TABLE flags ADD COLUMN {column} TEXT")
        if any(row[3] == "pk" for row in self.db.execute("PRAGMA index_list(transactions)")):
            self._unkey_transactions()
        indexes = {row[1] for row in self.db.execute("PRAGMA index_list(transactions)")}
        for name in indexes.intersection(_UNUSED_INDEXES):
            self.db.execute(f"DROP INDEX {name}")
        if self.meta("schema_version") != str(SCHEMA_VERSION):  # a reader takes no lock
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                            (str(SCHEMA_VERSION),))

    def _unkey_transactions(self) -> None:
        """Version 3: ``txn_id`` is unique through the named index ``transactions_id``
        instead of the table's primary key, so a bulk load can rebuild it. The table is
        copied with its rowids (SQLite's documented way to change a table's constraints)."""
        self.db.execute("PRAGMA foreign_keys=OFF")
        try:
            with self._transaction() as db:
                db.execute(_TRANSACTIONS.format(name="transactions_v3"))
                db.execute("INSERT INTO transactions_v3 SELECT * FROM transactions ORDER BY rowid")
                db.execute("DROP TABLE transactions")
                db.execute("ALTER TABLE transactions_v3 RENAME TO transactions")
                for sql in _INDEXES.values():
                    db.execute(sql)
                if db.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise sqlite3.DatabaseError("foreign keys broken by the version 3 migration")
        finally:
            self.db.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            crashpoint.reached("ledger:before-commit")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
            crashpoint.reached("ledger:commit")

    def store(
        self,
        frame: pd.DataFrame,
        source: Path,
        parser: str,
        rows_read: int,
        rejections: list[tuple[str, str]],
        key_version: str | None = None,
        keep: bool = False,
        again: bool = False,
        sha256: str | None = None,
        expect: Expected | None = None,
    ) -> StoreResult:
        """Store one file's canonical rows in one transaction; rows already present are kept.

        A file whose bytes were imported before (under any name, with any account) adds
        nothing: all its rows count as present from that import (``same_file_as`` names
        it), unless ``again`` (then its rows are stored as any other file's).

        ``key_version`` names the cleaner that made the rows' merchant keys; it becomes the
        ledger's when the ledger was empty or already had it. With ``keep``, the result holds
        the rows it added (``StoreResult.added``) for an analysis that follows. ``sha256`` is
        the file's (``file_sha256``) when known; with ``expect`` (what ``plan`` found before
        the transaction), a ledger that changed since stores nothing and raises ``Raced``.
        """
        self.settle()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._transaction() as db:
            if key_version is not None and (
                    db.execute("SELECT 1 FROM transactions LIMIT 1").fetchone() is None):
                self._set_meta("merchant_key_version", key_version)
            plan = self.plan(frame, source, again, sha256)
            cur = db.execute(
                "INSERT INTO imports (source_file, source_path, sha256, parser, imported_at,"
                " rows_read, imported, present, rejected) VALUES (?,?,?,?,?,?,0,0,?)",
                (source.name, str(source.resolve()), plan.sha256, parser, now, rows_read,
                 len(rejections)),
            )
            import_id = int(cur.lastrowid or 0)
            new, existing = plan.new, plan.existing
            if expect is not None and (
                    expect.import_id, expect.first_rowid, expect.present) != (
                    import_id, self._next_rowid(), len(existing)):
                raise Raced(f"another recon command wrote to the ledger while {source.name} "
                            "was being stored: nothing of it was stored", path=self.path,
                            hint="run the command again")
            for account in new["account"].unique().tolist():
                db.execute("INSERT OR IGNORE INTO accounts VALUES (?, ?)", (account, now))
            first_rowid = _insert_transactions(db, new, import_id)
            db.executemany(
                "INSERT INTO rejections VALUES (?,?,?)",
                [(import_id, loc, reason) for loc, reason in rejections],
            )
            db.execute(
                "UPDATE imports SET imported = ?, present = ? WHERE id = ?",
                (len(new), len(existing), import_id),
            )
        return StoreResult(
            import_id=import_id,
            imported=len(new),
            present=len(existing),
            present_from=plan.present_from,
            same_file_as=plan.same.label if plan.same else None,
            added=StoredRows(first_rowid, new) if keep and first_rowid is not None else None,
        )

    def plan(self, frame: pd.DataFrame, source: Path, again: bool = False,
             sha256: str | None = None) -> Plan:
        """Which of ``frame``'s rows a store of ``source`` adds, as the ledger is now: ``store``
        calls it in its transaction; ``recon.writer`` before handing the store to another
        process (which finds the same inside its transaction, or stores nothing)."""
        sha = sha256 or file_sha256(source)
        same = self.earlier_import(sha)
        if same is not None and not again:  # the same bytes: every row is there already
            existing = {i: same.id for i in frame["txn_id"].tolist()}
            present_from = {same.label: len(existing)} if existing else {}
        else:
            existing = _existing(self.db, frame["txn_id"].tolist())
            files = dict(self.db.execute("SELECT id, source_file FROM imports"))
            present_from = {f"{files[i]} (import #{i})": n
                            for i, n in Counter(existing.values()).items()}
        new = (frame.iloc[:0] if len(existing) == len(frame)
               else frame[~frame["txn_id"].isin(list(existing))] if existing else frame)
        return Plan(sha, same, existing, present_from, new)

    def next_ids(self) -> tuple[int, int]:
        """The id the next import gets and the rowid of the next transaction stored, as
        SQLite gives them (one past the largest: neither table is AUTOINCREMENT)."""
        last = self.db.execute("SELECT max(id) FROM imports").fetchone()[0] or 0
        return last + 1, self._next_rowid()

    def _next_rowid(self) -> int:
        return int(self.db.execute("SELECT max(rowid) FROM transactions").fetchone()[0] or 0) + 1

    def wait_for(self, parts: Iterable[StoredRows]) -> None:
        """Rows another process is still storing (``StoredRows.settle``): this ledger's
        next write waits for it first (``settle``)."""
        self._behind.extend(p.settle for p in parts if p.settle is not None)

    def settle(self) -> None:
        """Wait for every store another process is doing for this one (``wait_for``);
        raises the first one's error."""
        while self._behind:
            self._behind.pop(0)()

    def earlier_import(self, sha256: str) -> EarlierImport | None:
        """The first import of a file with these bytes (``file_sha256``), if any: the
        pipeline can call it before parsing a file, to say at once that it is imported."""
        row = self.db.execute("SELECT id, source_file, imported_at FROM imports WHERE sha256 = ?"
                              " ORDER BY id LIMIT 1", (sha256,)).fetchone()
        return None if row is None else EarlierImport(int(row[0]), str(row[1]), str(row[2]))

    def transactions(
        self,
        month: str | None = None,
        account: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        stored: Sequence[StoredRows] = (),
    ) -> pd.DataFrame:
        """Stored rows in canonical columns, oldest first, optionally for one month/account.

        ``stored``: rows this process added (``StoreResult.added``); they are taken from
        memory instead of being read back, when the ledger still holds them at their rowids.
        """
        where: list[str] = []
        args: list[object] = []
        if month:
            where.append("substr(posted_date, 1, 7) = ?")
            args.append(month)
        if account:
            where.append("account = ?")
            args.append(account)
        if start:
            where.append("posted_date >= ?")
            args.append(start.isoformat())
        if end:
            where.append("posted_date <= ?")
            args.append(end.isoformat())
        if where and stored:
            raise ValueError("rows kept in memory are for reading the whole ledger")
        # a window of rowids at a time: one JSON document stays far below arrow's 2 GB limits
        where.append("rowid BETWEEN ? AND ?")
        sql = (f"SELECT rowid, {', '.join(CANONICAL_COLUMNS)} FROM transactions"
               " WHERE " + " AND ".join(where))
        first, last = self.db.execute("SELECT min(rowid), max(rowid) FROM transactions").fetchone()
        # rows another process is still storing are at their planned rowids once it is done:
        # this ledger's next write waits for that (``wait_for``)
        self.wait_for(stored)
        kept = sorted((s for s in stored if s.settle is not None or self._holds(s)),
                      key=lambda s: s.first_rowid)
        gaps, low = [], first or 0
        for part in kept:
            gaps.append((low, part.first_rowid - 1))
            low = part.last_rowid + 1
        gaps.append((low, last or 0))
        tables = [self._columns(sql, [*args, w, min(w + READ_WINDOW - 1, high)])
                  for low, high in gaps for w in range(low, high + 1, READ_WINDOW)]
        tables += [_as_table(part) for part in kept]
        table = pa.concat_tables(tables)  # never empty: a gap (maybe of no rows) is read
        # oldest first; rowid (import order) breaks ties, as it did in SQL
        table = table.take(pc.sort_indices(table, sort_keys=[
            (key, "ascending") for key in ("posted_date", "account", "source_file", "rowid")]))
        frame = table.drop_columns("rowid").to_pandas()  # dates as datetime.date
        frame["ref"] = frame["ref"].astype("object").where(frame["ref"].notna(), None)
        return frame

    def _holds(self, part: StoredRows) -> bool:
        """The ledger holds ``part`` at its rowids (its first and last ids are there)."""
        if part.rows.empty:
            return False
        ids = part.rows["txn_id"]
        found = dict(self.db.execute(
            "SELECT rowid, txn_id FROM transactions WHERE rowid IN (?, ?)",
            (part.first_rowid, part.last_rowid)))
        return (found.get(part.first_rowid) == ids.iloc[0]
                and found.get(part.last_rowid) == ids.iloc[-1])

    def _columns(self, select: str, args: list[object]) -> pa.Table:
        """The rows of ``select`` (rowid and the canonical columns) as an arrow table.

        Python's sqlite3 makes an object per value, which is most of the time of reading a
        large ledger. Instead SQLite gathers each column into one JSON array, in one
        aggregate query (every aggregate of a query steps through the same rows in the same
        order, so the columns stay aligned row by row), and arrow parses the document.
        """
        names = ("rowid", *CANONICAL_COLUMNS)
        sql = ("SELECT json_object(" + ", ".join(f"'{c}', json_group_array({c})" for c in names)
               + f") FROM ({select})")
        self.db.text_factory = bytes  # the document goes to arrow as it is
        try:
            (doc,) = self.db.execute(sql, args).fetchone()
        finally:
            self.db.text_factory = str
        try:
            table = pajson.read_json(
                io.BytesIO(doc), read_options=pajson.ReadOptions(block_size=len(doc) + 1),
                parse_options=pajson.ParseOptions(explicit_schema=_COLUMN_LISTS))
        except pa.ArrowInvalid as exc:
            raise LedgerError("the ledger's transactions hold a value of the wrong type (was it "
                              f"edited by hand?): {exc}", path=self.path) from exc
        columns = {name: table.column(name).chunk(0).flatten() for name in names}
        try:
            columns["posted_date"] = columns["posted_date"].cast(pa.date32())
        except pa.ArrowInvalid as exc:
            raise LedgerError(f"the ledger's transactions hold a date that is not one (was it "
                              f"edited by hand?): {exc}", path=self.path) from exc
        return pa.table(columns, schema=_FRAME_TYPES)

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def update_merchant_keys(self, keys: pd.DataFrame, version: str) -> None:
        """Store recomputed merchant keys (``txn_id``, ``merchant_key``) made by ``version``."""
        self.settle()
        with self._transaction() as db:
            db.executemany("UPDATE transactions SET merchant_key = ? WHERE txn_id = ?",
                           zip(keys["merchant_key"].tolist(), keys["txn_id"].tolist(),
                               strict=True))
            self._set_meta("merchant_key_version", version)

    def save_matches(self, matched: pd.DataFrame) -> None:
        """Replace the stored matches: one row per transaction linked to a subscription or
        given a category (a transaction with no row matched nothing)."""
        names = ["txn_id", "subscription", "match_score", "match_method", "category",
                 "rule_source"]
        linked = matched.loc[matched["subscription"].notna() | matched["category"].notna(), names]
        # key order, each index probe near the last (sorted in arrow: numpy compares objects)
        linked = linked.iloc[pc.sort_indices(pa.array(linked["txn_id"], pa.string())).to_numpy()]
        texts = {c: [v if isinstance(v, str) else None for v in linked[c].tolist()]
                 for c in ("subscription", "category", "rule_source")}
        columns = [linked["txn_id"].tolist(), texts["subscription"],
                   linked["match_score"].astype("int64").tolist(),
                   linked["match_method"].tolist(), texts["category"], texts["rule_source"]]
        self.settle()
        # the matches name rows read from this ledger or stored for this run (committed, the
        # writer's too: ``settle``), so SQLite's check of each id against the transactions'
        # index is left out: a third of the write, and growing faster than the rows
        self.db.execute("PRAGMA foreign_keys=OFF")
        try:
            with self._transaction() as db:
                db.execute("DELETE FROM matches")
                if len(linked):
                    _insert(db, "matches", columns)
        finally:
            self.db.execute("PRAGMA foreign_keys=ON")

    def save_flags(self, flags: pd.DataFrame) -> None:
        """Record the flags of this run (``flag_records`` reads them back with first seen)."""
        today = dt.date.today().isoformat()
        self.settle()
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO flags (id, type, severity, posted_date, subscription, txn_ids,"
                " message, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET"
                " severity=excluded.severity, message=excluded.message,"
                " last_seen=excluded.last_seen",
                [(f.id, f.type, f.severity, str(f.posted_date), f.subscription,
                  " ".join(map(str, f.txn_ids)),  # type: ignore[arg-type]
                  f.message, today, today) for f in flags.itertuples(index=False)],
            )

    def flag_records(self, ids: list[str] | None = None) -> dict[str, dict[str, str | None]]:
        """Stored flags (all, or these ids) as id -> record, decisions included."""
        sql = "SELECT * FROM flags"
        rows = self.db.execute(sql).fetchall() if ids is None else [
            row for i in range(0, len(ids), 500)
            for row in self.db.execute(
                f"{sql} WHERE id IN ({','.join('?' * len(ids[i:i + 500]))})", ids[i:i + 500])]
        names = [d[0] for d in self.db.execute(f"{sql} LIMIT 0").description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in rows}

    def decide(self, decisions: list[tuple[str, str, str | None]], on: dt.date,
               files: dict[Path, tuple[str | None, str]] | None = None,
               made_by: str = "recon review apply") -> None:
        """Record review decisions: (flag id, decision, note), and with ``files`` the rules
        files' new texts (file -> (text the edit was made from, new text)), as one unit.

        Decisions and the files' new texts are committed in one transaction; then the
        files are replaced. A crash after the commit leaves the texts in the ledger, and
        the next opening of the ledger completes the files (``journal``).

        Raises:
            RulesError: a file changed since the edit was made from it (nothing changed).
        """
        self.settle()
        with self._transaction() as db:
            if files:
                journal.record(db, files, made_by)
            db.executemany("UPDATE flags SET decision = ?, note = ?, decided_on = ? WHERE id = ?",
                           [(d, n, on.isoformat(), i) for i, d, n in decisions])
            crashpoint.reached("review:before-commit")
        crashpoint.reached("review:commit")
        if files:
            journal.finish(self.db)

    def imports(self) -> pd.DataFrame:
        return pd.read_sql_query("SELECT * FROM imports ORDER BY id", self.db)


def finish_pending(path: Path) -> list[str]:
    """Complete a review that was interrupted after its commit (``journal``), before a
    command reads the rules files; returns what was done, one line each (also logged).
    A ledger that does not exist is not created."""
    if not path.is_file():
        return []
    with Ledger(path) as ledger:
        return ledger.completed


def _insert_transactions(db: sqlite3.Connection, rows: pd.DataFrame,
                         import_id: int) -> int | None:
    """Insert canonical rows, column-wise; returns the rowid of the first (the others follow
    it), or None when there were none or another writer's rows came between them.

    A load at least as big as the ledger drops the indexes and rebuilds them after (a sort),
    rather than inserting each row into them; a duplicate id then fails the rebuild and the
    transaction, as it would fail its insert."""
    if rows.empty:
        return None
    before = db.execute("SELECT max(rowid) FROM transactions").fetchone()[0] or 0
    bulk = len(rows) >= before
    if bulk:
        for name in _INDEXES:
            db.execute(f"DROP INDEX IF EXISTS {name}")
    for start in range(0, len(rows), INSERT_ROWS):  # Python values for a slice at a time
        part = rows.iloc[start:start + INSERT_ROWS]
        _insert(db, "transactions", [
            date_texts(part[c]).tolist() if c == "posted_date" else part[c].tolist()
            for c in CANONICAL_COLUMNS], f", {int(import_id)}")
    if bulk:
        for sql in _INDEXES.values():
            db.execute(sql)
    after = db.execute("SELECT max(rowid) FROM transactions").fetchone()[0]
    return before + 1 if after - before == len(rows) else None


def _insert(db: sqlite3.Connection, table: str, columns: list[list[Any]], more: str = "") -> None:
    """Insert rows given column-wise (``more``: SQL for the values after them). A column
    with one value in every row (a file's name, its parser, no category) is written into
    the statement once: Python's sqlite3 binds each value on its own, most of an insert's
    time."""
    values, varying = [], []
    for column in columns:
        literal = _literal(column)
        values.append("?" if literal is None else literal)
        if literal is None:
            varying.append(column)
    rows = zip(*varying, strict=True) if varying else repeat((), len(columns[0]))
    db.executemany(f"INSERT INTO {table} VALUES ({', '.join(values)}{more})", rows)


def _literal(column: list[Any]) -> str | None:
    """The column's one value as an SQL literal (text without NUL, a whole number, NULL),
    if every row holds that value (and its type)."""
    first = column[0] if column else None
    if first is None:
        text = "NULL"
    elif type(first) is int:
        text = str(first)
    elif type(first) is str and "\0" not in first:
        text = "'" + first.replace("'", "''") + "'"
    else:
        return None
    # list.count compares in C; a text or None equals only a text or None, a number also
    # equals a bool or a float, so numbers are checked for their type too
    if column.count(first) != len(column) or (
            type(first) is int and not all(type(v) is int for v in column)):
        return None
    return text


def _as_table(part: StoredRows) -> pa.Table:
    """Rows kept in memory as ``_columns`` reads them from the ledger."""
    rows = part.rows
    columns = {"rowid": pa.array(np.arange(part.first_rowid, part.last_rowid + 1))}
    for name in CANONICAL_COLUMNS:
        columns[name] = pa.array(rows[name], _FRAME_TYPES.field(name).type, from_pandas=True)
    return pa.table(columns, schema=_FRAME_TYPES)


def _existing(db: sqlite3.Connection, ids: list[str]) -> dict[str, int]:
    """txn_id -> import id for ids already stored: one query, the ids passed as one JSON
    array in key order (no limit on host parameters; one index probe per id, each near the
    last)."""
    if db.execute("SELECT 1 FROM transactions LIMIT 1").fetchone() is None:
        return {}
    return dict(db.execute(
        "SELECT txn_id, import_id FROM transactions"
        " WHERE txn_id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),)))
