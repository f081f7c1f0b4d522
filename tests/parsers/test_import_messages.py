"""Through the CLI: what the import says about the mechanisms of this session (the money
moved with fee and tax columns; a currency word several currencies write), and the rows
stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from recon.cli import cli


def _import(workspace: Path, path: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-w", str(workspace), "import", str(path), *extra])
    return result.exit_code, result.output


def _amounts(workspace: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        return db.execute("SELECT currency, amount_minor FROM transactions "
                          "ORDER BY posted_date").fetchall()


def test_fee_and_tax_columns_say_what_was_assumed(workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "broker.csv"
    path.write_text("date,description,amount,fee,tax,currency\n"
                    "2024-03-04,Buy,-425.00,-1.00,,EUR\n"
                    "2024-03-18,Sell,180.00,-1.00,-2.85,EUR\n"
                    "2024-04-01,Interest,4.12,,-1.09,EUR\n", encoding="utf-8")
    code, output = _import(workspace, path)
    assert code == 0
    assert "amount + fee + tax imported as the money moved" in output
    assert "rules/profiles.yaml" in output
    assert _amounts(workspace) == [("EUR", -42600), ("EUR", 17615), ("EUR", 303)]


def test_a_rupee_file_in_a_euro_workspace_says_which_rupee(workspace: Path,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "statement.csv"
    path.write_text("Currency:,Rs.\n\nDate,Description,Amount\n"
                    "2024-03-02,SHOP,-4250.00\n2024-03-16,SALARY,85000.00\n",
                    encoding="utf-8")
    code, output = _import(workspace, path, "--currency", "EUR")
    assert code == 0
    assert "read as INR" in output and "--currency PKR" in output
    assert {c for c, _ in _amounts(workspace)} == {"INR"}
