"""The import options and notes the CLI wires to the parsers and the ledger: recon never
reads its own report, --sign and --date-order reach the parser, --again stores the same
bytes twice on purpose, and a reading recon chose is said without -v."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from recon.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def run(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-w", str(workspace), *args])


def count(workspace: Path) -> int:
    result = run(workspace, "transactions", "--format", "json")
    return result.output.count('"txn_id"')


def test_a_report_in_the_statements_folder_is_skipped_and_refused_when_named(
        workspace: Path, tmp_path: Path) -> None:
    folder = tmp_path / "statements"
    shutil.copytree(SAMPLES, folder)
    first = run(workspace, "run", str(folder), "-o", str(folder / "report.xlsx"))
    assert first.exit_code == 0, first.output
    stored = count(workspace)
    second = run(workspace, "run", str(folder), "-o", str(folder / "report.xlsx"))
    assert second.exit_code == 0, second.output
    assert "skipped" in second.output and "a report recon wrote" in second.output
    assert count(workspace) == stored  # no Flags row became a transaction
    named = run(workspace, "import", str(folder / "report.xlsx"))
    assert named.exit_code == 1
    assert "a report recon wrote, not a statement" in named.output
    assert count(workspace) == stored


def _card_csv(path: Path) -> Path:
    path.write_text("Date,Description,Amount\n"
                    "2026-03-02,NETFLIX.COM,15.99\n"
                    "2026-03-05,TESCO STORES,42.10\n"
                    "2026-03-09,SPOTIFY,11.99\n", encoding="utf-8")
    return path


def test_sign_option_reads_charges_printed_positive_as_money_out(
        workspace: Path, tmp_path: Path) -> None:
    path = _card_csv(tmp_path / "card.csv")
    result = run(workspace, "import", str(path), "--currency", "USD",
                 "--sign", "charges-positive")
    assert result.exit_code == 0, result.output
    listing = run(workspace, "transactions", "--format", "csv").output
    assert "-15.99" in listing and "-42.10" in listing
    assert ",15.99" not in listing


def test_again_stores_the_same_bytes_under_another_account(
        workspace: Path, tmp_path: Path) -> None:
    path = _card_csv(tmp_path / "card.csv")
    assert run(workspace, "import", str(path), "--currency", "USD",
               "--account", "A").exit_code == 0
    copy = shutil.copy(path, tmp_path / "card (1).csv")
    same = run(workspace, "import", str(copy), "--currency", "USD", "--account", "B")
    assert "same file as" in same.output
    assert count(workspace) == 3
    again = run(workspace, "import", str(copy), "--currency", "USD", "--account", "B",
                "--again")
    assert again.exit_code == 0, again.output
    assert count(workspace) == 6


def test_statement_text_cannot_send_escape_codes_to_the_terminal(
        workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "card.csv"
    path.write_text("Date,Description,Amount\n"
                    "2026-03-02,\"EVIL\x1b[2J\x1b]0;pwned\x07 SHOP\",-15.99\n", encoding="utf-8")
    assert run(workspace, "import", str(path), "--currency", "USD").exit_code == 0
    listing = run(workspace, "transactions").output
    assert "\x1b" not in listing and "\x07" not in listing
    assert "\\x1b" in listing


def test_the_default_currency_is_said_once_per_file(workspace: Path, tmp_path: Path) -> None:
    path = _card_csv(tmp_path / "card.csv")
    result = run(workspace, "import", str(path), "--currency", "USD")
    assert result.exit_code == 0, result.output
    assert result.output.count("names no currency") == 1
    assert "USD" in result.output


def test_an_undecidable_sign_is_said_with_the_option_that_settles_it(
        workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "card.csv"
    path.write_text("Date,Description,Card amount\n"
                    "2026-03-02,NETFLIX.COM,15.99\n"
                    "2026-03-05,TESCO STORES,42.10\n"
                    "2026-03-09,SPOTIFY,11.99\n"
                    "2026-03-19,PAYMENT THANK YOU,-60.00\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(workspace), "import", str(path),
                                      "--currency", "USD"])
    assert result.exit_code == 0, result.output
    listing = run(workspace, "transactions", "--format", "csv").output
    assert "-15.99" in listing and ",60.00" in listing  # charges out, the payment in


def test_dry_run_shows_the_layout_and_rows_and_stores_nothing(
        workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("Buchungstag;Verwendungszweck;Betrag;Saldo\n"
                    "02.03.2026;NETFLIX.COM;-15,99;984,01\n"
                    "05.03.2026;GEHALT;2.000,00;2.984,01\n", encoding="utf-8")
    result = run(workspace, "import", "--dry-run", str(path), "--currency", "EUR")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing stored" in result.output
    assert "layout (paste into rules/profiles.yaml" in result.output
    assert "date: 'Buchungstag'" in result.output
    assert "-15.99 EUR" in result.output and "2000.00 EUR" in result.output
    assert count(workspace) == 0


def test_dry_run_needs_no_workspace_and_creates_none(tmp_path: Path) -> None:
    path = _card_csv(tmp_path / "card.csv")
    result = CliRunner().invoke(cli, ["-w", str(tmp_path / "nowhere"), "import", "--dry-run",
                                      str(path), "--currency", "USD"])
    assert result.exit_code == 0, result.output
    assert "3 row(s) to import" in result.output
    assert not (tmp_path / "nowhere").exists()


def test_verbose_import_prints_the_inferred_layout_as_a_profile(
        workspace: Path, tmp_path: Path) -> None:
    path = _card_csv(tmp_path / "card.csv")
    result = CliRunner().invoke(cli, ["-v", "-w", str(workspace), "import", str(path),
                                      "--currency", "USD"])
    assert result.exit_code == 0, result.output
    assert "layout (paste into rules/profiles.yaml" in result.output
    assert "amount: 'Amount'" in result.output


def test_a_repeated_fitid_is_said(workspace: Path, tmp_path: Path) -> None:
    body = (SAMPLES / "card-2026-08.ofx").read_text(encoding="utf-8")
    start, end = body.index("<STMTTRN>"), body.index("</STMTTRN>") + len("</STMTTRN>")
    path = tmp_path / "repeated.ofx"
    path.write_text(body[:start] + body[start:end] * 30 + body[end:], encoding="utf-8")
    result = run(workspace, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "30 rows share 1 FITID(s)" in result.output


def test_a_rejection_quoting_a_huge_cell_stays_short() -> None:
    from recon.parsers.base import MAX_REASON, Rejection

    rejection = Rejection("3", "could not read '" + "9" * 1_000_000 + "' as an amount",
                          text="9" * 1_000_000)
    assert len(rejection.reason) < MAX_REASON + 60 and rejection.reason.endswith("an amount")
    assert "characters]" in rejection.reason and len(rejection.text) < MAX_REASON + 10


def test_an_undecidable_date_order_is_said_and_settled_by_the_option(
        workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("Date,Description,Amount\n03/02/2026,NETFLIX.COM,-15.99\n"
                    "04/03/2026,TESCO,-4.10\n", encoding="utf-8")
    said = run(workspace, "import", "--dry-run", str(path), "--currency", "USD")
    assert "--date-order" in said.output
    day_first = run(workspace, "import", "--dry-run", str(path), "--currency", "USD",
                    "--date-order", "DMY")
    assert "2026-02-03" in day_first.output and "--date-order" not in day_first.output
    month_first = run(workspace, "import", "--dry-run", str(path), "--currency", "USD",
                      "--date-order", "MDY")
    assert "2026-03-02" in month_first.output


def test_charges_turned_on_the_files_own_words_are_said_once(workspace: Path,
                                                             tmp_path: Path) -> None:
    """A card export whose charges are positive and whose payments are its only negative
    rows is read as money out; nothing but its words decided it, so the import says so."""
    card = tmp_path / "card.csv"
    card.write_text("Date,Description,Amount\n2026-11-03,NETFLIX.COM,15.49\n"
                    "2026-11-05,GROCER 10234,82.17\n2026-11-07,AUTOPAY PAYMENT - THANK YOU,-450.00\n"
                    "2026-11-09,FUEL 57442,45.02\n2026-11-12,SPOTIFY USA,11.99\n")
    said = run(workspace, "import", str(card), "--currency", "USD")
    assert said.exit_code == 0, said.output
    assert said.output.count("charges were positive numbers in the file") == 1
    listing = run(workspace, "transactions", "--format", "csv").output
    assert "-15.49" in listing and ",450.00" in listing
    chosen = run(workspace, "import", str(card), "--currency", "USD", "--account", "other",
                 "--again", "--sign", "charges-positive")
    assert chosen.exit_code == 0, chosen.output
    assert "charges were positive numbers" not in chosen.output  # the user said so
