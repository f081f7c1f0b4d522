"""A file whose bytes were imported before is recognised as imported, under any name or
account, naming the earlier import (issue 16, item 5)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd

from recon.schema import CANONICAL_COLUMNS
from recon.store import Ledger, file_sha256
from tests.conftest import ROOT
from tests.test_cli import count, run

SAMPLE = ROOT / "samples" / "current-2026-09.csv"


def test_the_same_bytes_under_another_name_and_account_add_nothing(workspace: Path,
                                                                  tmp_path: Path) -> None:
    run(workspace, "import", str(SAMPLE))
    before = count(workspace)
    renamed = tmp_path / "statement (1).csv"
    shutil.copyfile(SAMPLE, renamed)
    result = run(workspace, "import", str(renamed), "--account", "Joint")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert f"same file as {SAMPLE.name} (import #1 on {today})" in result.output
    assert "imported 0, already present 10" in result.output
    assert count(workspace) == before


def test_again_stores_the_rows_of_the_same_bytes(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("bytes")
    rows = pd.DataFrame([{
        "txn_id": "1", "account": "card", "posted_date": dt.date(2024, 1, 2),
        "amount_minor": -5, "currency": "GBP", "description_raw": "x", "merchant_key": "x",
        "ref": None, "source_file": "a.csv", "source_row": "2", "parser": "csv"}],
        columns=list(CANONICAL_COLUMNS))
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        assert ledger.earlier_import(file_sha256(source)) is None
        first = ledger.store(rows, source, "csv", 1, [])
        earlier = ledger.earlier_import(file_sha256(source))
        assert earlier is not None and earlier.id == first.import_id
        other = rows.assign(txn_id="2", account="joint")
        same = ledger.store(other, source, "csv", 1, [])
        assert (same.imported, same.present) == (0, 1)
        assert same.same_file_as == earlier.label
        forced = ledger.store(other, source, "csv", 1, [], again=True)
        assert (forced.imported, forced.present) == (1, 0)
