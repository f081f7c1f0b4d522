"""End-to-end through the CLI: import accounting, idempotency, atomicity, listing."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from recon.cli import cli
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"
DATA = ROOT / "tests" / "data"


def run(workspace: Path, *args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, ["-w", str(workspace), *args], catch_exceptions=not ok)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def count(workspace: Path, table: str = "transactions") -> int:
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_init_creates_rules_and_ledger(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new")], catch_exceptions=False)
    assert result.exit_code == 0
    for name in ("subscriptions.yaml", "rules.yaml", "settings.yaml", "profiles.yaml"):
        assert (tmp_path / "new" / "rules" / name).exists()
    assert (tmp_path / "new" / "ledger.sqlite").exists()
    again = CliRunner().invoke(cli, ["init", str(tmp_path / "new")])
    assert "nothing to do" in again.output


def test_import_samples_accounts_for_every_row(workspace: Path) -> None:
    result = run(workspace, "import", str(SAMPLES))
    assert "card-2026-09.ofx: ofx - read 11, imported 11, already present 0, rejected 0" in result.output
    assert ("current-2026-09.csv: csv - read 10, imported 8, already present 2, rejected 0"
            in result.output)
    assert "same account, date, amount and text as rows from current-2026-08.csv" in result.output
    assert result.output.rstrip().endswith("9 files: imported 62, already present 4, rejected 0; "
                                           "1 skipped (not statements)")
    assert "skipped " + str(SAMPLES / "make_samples.py") in result.output
    assert count(workspace) == 62


def test_reimport_adds_nothing(workspace: Path) -> None:
    run(workspace, "import", str(SAMPLES))
    result = run(workspace, "import", str(SAMPLES / "card-2026-08.ofx"))
    assert "imported 0, already present 10" in result.output
    assert "same file as card-2026-08.ofx (import #" in result.output
    assert count(workspace) == 62


def test_overlapping_statements_store_each_row_once(workspace: Path, tmp_path: Path) -> None:
    lines = (SAMPLES / "current-2026-09.csv").read_text().splitlines()
    first = tmp_path / "a.csv"
    second = tmp_path / "b.csv"
    first.write_text("\n".join(lines[:7]) + "\n")
    second.write_text("\n".join([lines[0], *lines[4:]]) + "\n")  # overlaps rows 4-6
    run(workspace, "import", "--account", "Current", str(first))
    result = run(workspace, "import", "--account", "Current", str(second))
    assert "already present 3" in result.output
    assert ("already present: 3 row(s), same account, date, amount and text as rows from a.csv"
            " (import #1)") in result.output
    assert count(workspace) == len(lines) - 1


def test_identical_charges_on_one_day_are_both_kept(workspace: Path) -> None:
    path = DATA / "csv" / "identical_charges.csv"
    run(workspace, "import", str(path))
    run(workspace, "import", str(path))
    rows = json.loads(run(workspace, "transactions", "--format", "json").output)
    apple = [r for r in rows if r["description_raw"] == "APPLE.COM/BILL"]
    assert len(apple) == 2
    assert len({r["txn_id"] for r in apple}) == 2
    assert {r["source_row"] for r in apple} == {"2", "3"}


def test_bad_file_leaves_ledger_unchanged_and_others_import(workspace: Path) -> None:
    result = run(workspace, "import", str(ROOT / "tests/errors/bad_date.csv"),
                 str(SAMPLES / "card-2026-08.ofx"), ok=False)
    assert result.exit_code == 1
    assert "Error: bad_date.csv:3: could not read '31/02/2024' as a date" in result.output
    assert "card-2026-08.ofx: ofx - read 10, imported 10" in result.output
    assert "1 file(s) refused" in result.output
    assert count(workspace) == 10
    assert count(workspace, "imports") == 1


def test_skip_bad_rows_imports_the_rest_and_lists_them(workspace: Path) -> None:
    result = run(workspace, "import", "--skip-bad-rows", str(ROOT / "tests/errors/bad_date.csv"))
    assert "read 2, imported 1, already present 0, rejected 1 (1 unreadable)" in result.output
    assert "rejected bad_date.csv:3: could not read '31/02/2024' as a date" in result.output
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        assert db.execute("SELECT location, reason FROM rejections").fetchall() == [
            ("3", "could not read '31/02/2024' as a date")
        ]


def test_failure_while_storing_rolls_back(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from recon import store

    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_existing", broken)
    with pytest.raises(RuntimeError):
        CliRunner().invoke(cli, ["-w", str(workspace), "import", str(SAMPLES / "card-2026-08.ofx")],
                           catch_exceptions=False)
    assert count(workspace) == 0
    assert count(workspace, "imports") == 0


def test_failfast_stops_at_first_bad_file(workspace: Path) -> None:
    result = run(workspace, "import", "--failfast", str(ROOT / "tests/errors/empty.csv"),
                 str(SAMPLES / "card-2026-08.ofx"), ok=False)
    assert result.exit_code == 1
    assert "card-2026-08" not in result.output


def test_formula_text_is_stored_as_text(workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "formula.csv"
    path.write_text('Date,Description,Amount\n01/03/2024,"=HYPERLINK(""http://x"",""y"")",-1.00\n'
                    "02/03/2024,@SUM(A1),-2.00\n03/03/2024,+1,-3.00\n")
    run(workspace, "import", str(path))
    rows = json.loads(run(workspace, "transactions", "--format", "json").output)
    assert [r["description_raw"] for r in rows] == ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1"]


def test_huge_garbage_file_is_refused_quickly(workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "garbage.ofx"
    path.write_bytes(os.urandom(50 * 1024 * 1024))
    result = run(workspace, "import", str(path), ok=False)
    assert result.exit_code == 1
    assert result.output.startswith("Error: garbage.ofx: not a statement format recon reads")


def test_transactions_formats_and_month_filter(workspace: Path) -> None:
    run(workspace, "import", str(SAMPLES))
    rows = json.loads(run(workspace, "transactions", "--month", "2026-09", "--format", "json").output)
    assert rows and all(r["posted_date"].startswith("2026-09") for r in rows)
    netflix = next(r for r in rows if r["description_raw"].startswith("NETFLIX"))
    assert netflix["amount"] == "-10.99" and netflix["amount_minor"] == -1099
    assert netflix["source_file"] == "card-2026-09.ofx" and netflix["merchant_key"] == "netflix"
    csv_out = run(workspace, "transactions", "--month", "2026-09", "--format", "csv").output
    assert csv_out.splitlines()[0].startswith("txn_id,account,posted_date,amount_minor")
    assert len(csv_out.splitlines()) == len(rows) + 1
    table = run(workspace, "transactions", "--account", "amex").output
    assert table.rstrip().endswith("8 transaction(s)")
    bad = run(workspace, "transactions", "--month", "2026-13", ok=False)
    assert bad.exit_code == 1 and "month '2026-13' is not YYYY-MM" in bad.output


def _import_in_process(args: tuple[str, str]) -> int:
    workspace, path = args
    return CliRunner().invoke(cli, ["-w", workspace, "import", path]).exit_code


def test_two_imports_at_once_do_not_corrupt_the_ledger(workspace: Path) -> None:
    files = [str(p) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".ofx", ".csv", ".xlsx")]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        codes = pool.map(_import_in_process, [(str(workspace), f) for f in files * 2])
    assert codes == [0] * len(codes)
    assert count(workspace) == 62
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_python_api_matches_cli(workspace: Path) -> None:
    import recon

    reports = recon.import_files([SAMPLES], recon.Workspace(workspace))
    assert sum(r.imported for r in reports) == 62
    assert len(recon.list_transactions(recon.Workspace(workspace), month="2026-10")) > 0


def test_run_analyses_the_rows_it_imported_as_the_ledger_holds_them(workspace: Path) -> None:
    """`recon run` takes the rows it just imported from memory: the analysis is the one a
    later `recon report` makes from the ledger, and the reports let go of the rows."""
    import recon
    from recon import pipeline

    ws = recon.Workspace(workspace)
    first = pipeline.import_files([SAMPLES / "card-2026-08.ofx"], ws)  # read back below
    reports = pipeline.import_files([SAMPLES], ws, keep_rows=True)
    kept = [r for r in reports if r.added is not None]
    assert sum(len(r.added.rows) for r in kept) == 52 and not first[0].added  # type: ignore[union-attr]
    as_of = pipeline.latest_date(ws)
    fresh = pipeline.analyse(ws, as_of, imported=reports)
    assert all(r.added is None for r in reports)
    again = pipeline.analyse(ws, as_of)
    pd.testing.assert_frame_equal(fresh.transactions, again.transactions)
    pd.testing.assert_frame_equal(fresh.flags, again.flags)


def test_the_matches_table_holds_each_linked_transaction_once(workspace: Path) -> None:
    """The ledger's matches table, for SQL users: one row per transaction linked to a
    subscription or given a category, as the analysis matched it, in id order."""
    import recon

    run(workspace, "run", str(SAMPLES), "-o", str(workspace / "r.xlsx"))
    frame = recon.list_transactions(recon.Workspace(workspace))
    linked = frame[frame["subscription"].notna() | frame["category"].notna()]
    want = sorted(zip(linked["txn_id"], linked["subscription"], linked["match_score"],
                      linked["match_method"], linked["category"], linked["rule_source"],
                      strict=True))
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        stored = db.execute("SELECT * FROM matches ORDER BY rowid").fetchall()
    assert stored == [tuple(None if v is None or v != v else v for v in row) for row in want]
    assert "housing" in {row[4] for row in stored}  # the template's rent rule: a category only
    assert len(stored) > 10


def _indexes(workspace: Path) -> dict[str, tuple[int, str]]:
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        return {row[1]: (row[2], row[3]) for row in db.execute("PRAGMA index_list(transactions)")}


def test_a_version_2_ledger_keyed_by_primary_key_is_migrated(workspace: Path) -> None:
    run(workspace, "import", str(SAMPLES))
    listed = run(workspace, "transactions", "--format", "csv").output
    run(workspace, "flags")  # fills the matches table, which refers to transactions(txn_id)
    with sqlite3.connect(workspace / "ledger.sqlite", isolation_level=None) as db:
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'transactions'").fetchone()[0]
        db.executescript(  # the version 2 layout: txn_id is the table's primary key
            "PRAGMA foreign_keys=OFF; BEGIN; DROP INDEX transactions_id;"
            f" {sql.replace('transactions', 'v2', 1).replace('txn_id TEXT NOT NULL', 'txn_id TEXT PRIMARY KEY')};"
            " INSERT INTO v2 SELECT * FROM transactions ORDER BY rowid; DROP TABLE transactions;"
            " ALTER TABLE v2 RENAME TO transactions;"
            " CREATE INDEX transactions_date ON transactions(posted_date);"
            " UPDATE meta SET value = '2' WHERE key = 'schema_version'; COMMIT;")
    assert [origin for _, origin in _indexes(workspace).values()] == ["c", "pk"]
    result = run(workspace, "import", str(SAMPLES))
    assert "files: imported 0, already present" in result.output
    # txn_id is unique through its own index; the date index, never used, is dropped
    assert _indexes(workspace) == {"transactions_id": (1, "c")}
    assert run(workspace, "transactions", "--format", "csv").output == listed
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("3",)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("SELECT count(*) FROM matches").fetchone()[0] > 0


def test_a_bulk_load_that_fails_keeps_the_ledger_and_its_indexes(workspace: Path) -> None:
    from recon import normalise, schema
    from recon.parsers import ParseOptions, parse_statement
    from recon.store import Ledger

    path = SAMPLES / "card-2026-08.ofx"
    frame = schema.validate(normalise.normalise(parse_statement(path, ParseOptions()).frame))
    twice = pd.concat([frame, frame.iloc[:1]], ignore_index=True)  # one id twice
    with Ledger(workspace / "ledger.sqlite") as ledger, pytest.raises(sqlite3.IntegrityError):
        ledger.store(twice, path, "ofx", len(twice), [])
    assert count(workspace) == 0 and count(workspace, "imports") == 0
    assert set(_indexes(workspace)) == {"transactions_id"}
    run(workspace, "import", str(path))
    assert count(workspace) == len(frame)
