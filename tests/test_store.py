"""The ledger read back: the arrow read, and rows kept in memory by an import, give exactly
what a plain SQL read gives."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from recon import store
from recon.errors import LedgerError
from recon.schema import CANONICAL_COLUMNS
from recon.store import Ledger

_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)  # NUL, quotes, emoji
_ROW = st.fixed_dictionaries({
    "txn_id": st.uuids().map(str),
    "account": st.sampled_from(["card", "Card", "café", "z", "card 2"]),
    "posted_date": st.sampled_from(["1999-12-31", "2024-02-29", "2024-03-01", "2030-01-09"]),
    "amount_minor": st.integers(-(2**63), 2**63 - 1),
    "currency": st.sampled_from(["GBP", "JPY", "EUR"]),
    "description_raw": _TEXT,
    "merchant_key": _TEXT,
    "ref": st.none() | _TEXT,
    "source_file": st.sampled_from(["a.csv", "b.ofx", "B.csv", "ä.xlsx"]),
    "source_row": st.integers(1, 10**6).map(str) | _TEXT,
    "parser": st.sampled_from(["csv", "ofx"]),
})


def _insert(path: Path, rows: list[dict[str, object]]) -> None:
    with Ledger(path) as ledger, ledger.db:
        ledger.db.execute("BEGIN")
        ledger.db.execute("INSERT INTO imports VALUES (1, 'a', 'a', 'x', 'csv', 'now', 0, 0, 0, 0)")
        for name in {str(r["account"]) for r in rows}:
            ledger.db.execute("INSERT INTO accounts VALUES (?, 'now')", (name,))
        ledger.db.executemany(
            f"INSERT INTO transactions ({', '.join(CANONICAL_COLUMNS)}, import_id) "
            f"VALUES ({', '.join('?' * len(CANONICAL_COLUMNS))}, 1)",
            [tuple(r[c] for c in CANONICAL_COLUMNS) for r in rows])
        ledger.db.execute("COMMIT")


def _plain_read(path: Path, where: str = "", args: tuple[object, ...] = ()) -> list[tuple]:
    db = sqlite3.connect(path)
    rows = db.execute(f"SELECT {', '.join(CANONICAL_COLUMNS)} FROM transactions {where} "
                      "ORDER BY posted_date, account, source_file, rowid", args).fetchall()
    db.close()
    return [(r[0], r[1], dt.date.fromisoformat(r[2]), *r[3:]) for r in rows]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, max_size=40, unique_by=lambda r: r["txn_id"]))
@pytest.mark.parametrize("window", [store.READ_WINDOW, 3])  # 3: several windows, some empty
def test_the_ledger_reads_back_as_sql_gives_it(tmp_path_factory: pytest.TempPathFactory,
                                               monkeypatch: pytest.MonkeyPatch, window: int,
                                               rows: list[dict[str, object]]) -> None:
    monkeypatch.setattr(store, "READ_WINDOW", window)
    path = tmp_path_factory.mktemp("ledger") / "ledger.sqlite"
    _insert(path, rows)
    with Ledger(path) as ledger:
        frame = ledger.transactions()
        assert list(frame.columns) == list(CANONICAL_COLUMNS)
        assert list(frame.itertuples(index=False, name=None)) == _plain_read(path)
        assert frame["amount_minor"].dtype == "int64"
        if rows:
            month = str(rows[0]["posted_date"])[:7]
            part = ledger.transactions(month=month, account=str(rows[0]["account"]))
            assert list(part.itertuples(index=False, name=None)) == _plain_read(
                path, "WHERE substr(posted_date, 1, 7) = ? AND account = ?",
                (month, rows[0]["account"]))


def test_a_value_of_the_wrong_type_is_a_ledger_error(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    row = {"txn_id": "1", "account": "card", "posted_date": "2024-01-02", "amount_minor": "ten",
           "currency": "GBP", "description_raw": "x", "merchant_key": "x", "ref": None,
           "source_file": "a.csv", "source_row": "2", "parser": "csv"}
    _insert(path, [row])
    with Ledger(path) as ledger, pytest.raises(LedgerError, match="wrong type"):
        ledger.transactions()

#: a row that ties with its copies on every sort key but the rowid
_TIED = {"txn_id": "1", "account": "card", "posted_date": "2024-01-02", "amount_minor": 5,
         "currency": "GBP", "description_raw": "x", "merchant_key": "x", "ref": None,
         "source_file": "a.csv", "source_row": "2", "parser": "csv"}


def _stored(ledger: Ledger, rows: list[dict[str, object]], source: Path) -> store.StoredRows:
    """``rows`` stored as one import that keeps them."""
    frame = pd.DataFrame(rows, columns=list(CANONICAL_COLUMNS))
    frame["posted_date"] = [dt.date.fromisoformat(str(d)) for d in frame["posted_date"]]
    frame["amount_minor"] = frame["amount_minor"].astype("int64")
    for name in ("account", "currency", "description_raw", "source_file", "source_row",
                 "parser"):  # the dtypes the parsers give
        frame[name] = frame[name].astype("str")
    source.write_text(" ".join(str(r["txn_id"]) for r in rows))  # bytes of its own
    result = ledger.store(frame, source, "csv", len(frame), [], keep=True)
    assert result.added is not None and len(result.added.rows) == len(rows)
    return result.added


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, min_size=1, max_size=40, unique_by=lambda r: r["txn_id"]),
       cuts=st.lists(st.integers(0, 40), min_size=1, max_size=3))
@example(rows=[_TIED, {**_TIED, "txn_id": "2"}, {**_TIED, "txn_id": "0"}], cuts=[0])
@pytest.mark.parametrize("window", [store.READ_WINDOW, 3])
def test_rows_kept_by_imports_read_as_the_ledger_gives_them(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, window: int,
        rows: list[dict[str, object]], cuts: list[int]) -> None:
    """Rows already in the ledger, then imports whose rows are kept (or not): the frame is
    the one a plain SQL read gives, whichever rows came from memory."""
    monkeypatch.setattr(store, "READ_WINDOW", window)
    folder = tmp_path_factory.mktemp("ledger")
    path = folder / "ledger.sqlite"
    bounds = [*sorted(min(c, len(rows)) for c in cuts), len(rows)]
    _insert(path, rows[:bounds[0]])  # present before: read from the ledger
    kept = []
    with Ledger(path) as ledger:
        for n, (low, high) in enumerate(zip(bounds, bounds[1:], strict=False)):
            if high > low:
                kept.append(_stored(ledger, rows[low:high], folder / f"{n}.csv"))
        frame = ledger.transactions(stored=kept[::2])  # some kept, the others read back
    assert list(frame.itertuples(index=False, name=None)) == _plain_read(path)
    with Ledger(path) as ledger:
        assert_frame_equal(ledger.transactions(stored=kept), ledger.transactions())


def test_kept_rows_the_ledger_no_longer_holds_are_read_from_it(tmp_path: Path) -> None:
    """Rows kept from an import but since changed in the ledger (another process) are not
    taken from memory."""
    path = tmp_path / "ledger.sqlite"
    with Ledger(path) as ledger:
        kept = _stored(ledger, [_TIED, {**_TIED, "txn_id": "2"}], tmp_path / "a.csv")
        ledger.db.execute("UPDATE transactions SET txn_id = '3' WHERE txn_id = '2'")
        assert ledger.transactions(stored=[kept])["txn_id"].tolist() == ["1", "3"]
        with pytest.raises(ValueError, match="whole ledger"):
            ledger.transactions(month="2024-01", stored=[kept])
