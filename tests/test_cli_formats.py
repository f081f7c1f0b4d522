"""QIF, MT940 and camt through the CLI: imported, idempotent, refused in one line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from recon.cli import cli
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"
FILES = [DATA / "qif" / "card_charges_positive.qif", DATA / "mt940" / "two_statements.sta",
         DATA / "camt" / "two_statements.053.xml"]


def _run(workspace: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-w", str(workspace), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_each_format_imports_once_and_is_recognised_again(workspace: Path) -> None:
    code, out = _run(workspace, "-v", "import", "--currency", "EUR", *map(str, FILES))
    assert code == 0, out
    assert "card_charges_positive.qif: qif - read 4, imported 4" in out
    assert "two_statements.sta: mt940 - read 6, imported 5" in out
    assert "rejected two_statements.sta:23: zero amount" in out
    assert "two_statements.053.xml: camt - read 7, imported 6" in out
    assert "rejected two_statements.053.xml:42: entry status PDNG (pending)" in out
    code, out = _run(workspace, "import", "--currency", "EUR", *map(str, FILES))
    assert code == 0, out
    assert "3 files: imported 0, already present 15, rejected 2" in out


def test_an_unbalanced_mt940_is_refused_in_one_line(workspace: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sta"
    bad.write_bytes(FILES[1].read_bytes().replace(b"EUR112,99", b"EUR113,99"))
    code, out = _run(workspace, "import", str(bad))
    assert code != 0
    [line] = [x for x in out.splitlines() if "does not add up" in x]
    assert line.startswith("Error: bad.sta:25: statement STARTUMS does not add up")
    assert "Traceback" not in out


def test_format_can_be_forced(workspace: Path) -> None:
    code, out = _run(workspace, "import", "--format", "camt", str(FILES[2]))
    assert code == 0 and "camt - read 7" in out, out
