"""Another process holding the ledger's write lock: recon waits (saying so once), then fails
in one line naming the real cause; never "is this a recon workspace?", never a traceback."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from recon.errors import LedgerError
from recon.schema import CANONICAL_COLUMNS
from recon.store import Ledger
from tests.conftest import ROOT
from tests.test_cli import run

HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def held(tmp_path: Path) -> Iterator[Path]:
    """A ledger whose write lock another process holds for 30 s."""
    path = tmp_path / "ledger.sqlite"
    Ledger(path).close()
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), "30"],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield path
    proc.kill()
    proc.wait()


def test_writing_a_locked_ledger_waits_then_names_the_cause(
        held: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("RECON_LEDGER_WAIT", "1.5")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING), pytest.raises(LedgerError) as exc:
        with Ledger(held) as ledger:
            ledger.decide([("x", "ok", None)], dt.date.today())
    waited = time.monotonic() - started
    assert 1.4 < waited < 10
    text = str(exc.value)
    assert "another recon or program is writing the ledger" in text
    assert "recon init" not in text and "\n" not in text
    said = [r.getMessage() for r in caplog.records if "locked" in r.getMessage()]
    assert len(said) == 1 and "waiting up to 1.5 s" in said[0]


def test_storing_into_a_locked_ledger_is_a_ledger_error(
        held: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECON_LEDGER_WAIT", "0.5")
    frame = pd.DataFrame({c: pd.Series([], dtype="object") for c in CANONICAL_COLUMNS})
    source = tmp_path / "a.csv"
    source.write_text("x")
    with Ledger(held) as ledger:
        with pytest.raises(LedgerError, match="another recon or program is writing"):
            ledger.store(frame, source, "csv", 0, [])
        started = time.monotonic()  # a second write does not wait all over again
        with pytest.raises(LedgerError, match="another recon or program is writing"):
            ledger.store(frame, source, "csv", 0, [])
        assert time.monotonic() - started < 0.3


def test_a_ledger_that_frees_up_in_time_is_used(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.sqlite"
    Ledger(path).close()
    monkeypatch.setenv("RECON_LEDGER_WAIT", "20")
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), "1.5"],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with Ledger(path) as ledger:
        ledger.decide([("x", "ok", None)], dt.date.today())
    assert time.monotonic() - started < 15
    proc.wait()


def test_import_into_a_locked_ledger_is_one_clean_line(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workspace / "ledger.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), "30"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        monkeypatch.setenv("RECON_LEDGER_WAIT", "0.5")
        result = run(workspace, "import", str(ROOT / "samples" / "card-2026-08.ofx"),
                     str(ROOT / "samples" / "card-2026-09.ofx"), ok=False)
    finally:
        proc.kill()
        proc.wait()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "another recon or program is writing the ledger" in result.output
    assert "recon init" not in result.output and "Traceback" not in result.output


def test_a_plain_sqlite_error_is_not_taken_for_a_lock(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(LedgerError, match="cannot open the ledger") as exc:
        Ledger(path)
    assert "another recon" not in str(exc.value)
