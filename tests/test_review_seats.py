"""Review decisions on the flags of seats and renamed descriptors change the catalogue for
good: ``ok`` on an extra seat records it (``seats``), ``ok`` on "may now bill as" adds the
alias and the new price. Through the CLI: statements, run, Review column, review apply."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from recon.cli import cli
from tests.test_report import set_review


def run(workspace: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["-w", str(workspace), *args])
    assert result.exit_code == 0, result.output
    return result


def _statement(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("Date,Description,Amount\n"
                    + "".join(f"{d},{text},{amount}\n" for d, text, amount in rows),
                    encoding="utf-8")
    return path


def _months(text: str, amount: str, day: int, months: range) -> list[tuple[str, str, str]]:
    return [(f"2026-{m:02d}-{day:02d}", text, amount) for m in months]


def test_ok_on_an_extra_seat_records_it_and_the_flag_does_not_come_back(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run(ws.parent, "init", str(ws), "--currency", "USD")
    (ws / "rules" / "subscriptions.yaml").write_text(
        "- {name: Netflix, match: netflix, every: month}\n", encoding="utf-8")
    folder = tmp_path / "statements"
    folder.mkdir()
    _statement(folder / "visa.csv", _months("NETFLIX.COM", "-15.99", 3, range(1, 7)))
    _statement(folder / "amex.csv", _months("NETFLIX.COM", "-15.99", 12, range(2, 7)))
    out = tmp_path / "report.xlsx"
    first = run(ws, "run", str(folder), "-o", str(out), "--as-of", "2026-06-20")
    assert first.output.count("one seat more than expected") <= 1
    flags = run(ws, "flags", "--format", "json").output
    assert flags.count('"unexpected"') == 1  # one flag for the extra seat, not one per cycle
    set_review(out, "Flags", {"one seat more": "ok"})
    applied = run(ws, "review", "apply", str(out))
    assert "seats 1 -> 2" in applied.output
    assert "seats: 2" in (ws / "rules" / "subscriptions.yaml").read_text(encoding="utf-8")
    # the seat is in the catalogue now: no flag raises it again, decided or not
    assert "one seat more" not in run(ws, "flags", "--all", "--as-of", "2026-06-20").output


def test_ok_on_renamed_adds_the_alias_and_the_new_price(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run(ws.parent, "init", str(ws), "--currency", "USD")
    (ws / "rules" / "subscriptions.yaml").write_text(
        "- {name: Netflix, match: netflix, amount: 15.99, every: month}\n", encoding="utf-8")
    rows = (_months("NETFLIX.COM", "-15.99", 3, range(1, 5))
            + _months("NFLX DIGITAL NTFLX", "-16.49", 3, range(5, 10)))
    statement = _statement(tmp_path / "visa.csv", rows)
    out = tmp_path / "report.xlsx"
    run(ws, "run", str(statement), "-o", str(out), "--as-of", "2026-09-20")
    flags = run(ws, "flags", "--as-of", "2026-09-20").output
    assert "may now bill as" in flags, flags
    set_review(out, "Flags", {"may now bill as": "ok"})
    applied = run(ws, "review", "apply", str(out))
    assert "also matches" in applied.output and "15.99 -> 16.49" in applied.output
    catalogue = (ws / "rules" / "subscriptions.yaml").read_text(encoding="utf-8")
    assert "nflx" in catalogue and "16.49" in catalogue and "history" in catalogue
    after = run(ws, "flags", "--all", "--as-of", "2026-09-20").output
    assert "may now bill as" not in after and "missed" not in after


def test_ok_on_a_seat_billing_off_its_account_moves_the_entry(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run(ws.parent, "init", str(ws), "--currency", "USD")
    (ws / "rules" / "subscriptions.yaml").write_text(
        "- {name: Netflix, match: netflix, every: month, account: visa}\n", encoding="utf-8")
    folder = tmp_path / "statements"
    folder.mkdir()
    _statement(folder / "amex.csv", _months("NETFLIX.COM", "-15.99", 12, range(2, 7)))
    out = tmp_path / "report.xlsx"
    run(ws, "run", str(folder), "-o", str(out), "--as-of", "2026-06-20")
    set_review(out, "Flags", {"belongs on visa": "ok"})
    applied = run(ws, "review", "apply", str(out))
    assert "account visa -> amex" in applied.output
    assert "account: amex" in (ws / "rules" / "subscriptions.yaml").read_text(encoding="utf-8")
    assert "belongs on" not in run(ws, "flags", "--all", "--as-of", "2026-06-20").output
