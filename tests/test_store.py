"""The ledger read back: the arrow read gives exactly what a plain SQL read gives."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
