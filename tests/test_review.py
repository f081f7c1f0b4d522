"""``recon review apply``: decisions read from the report change the rules and stick."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from recon import rulebook
from recon.errors import RulesError
from recon.rulebook import edit
from recon.store import Ledger
from tests.test_cli import run
from tests.test_report import AS_OF, flag_keys, make_report, set_review

TODAY = dt.date.today().isoformat()


def snapshot(workspace: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((workspace / "rules").iterdir())}


def test_round_trip_settles_decided_flags_and_keeps_the_rest(workspace: Path,
                                                            report: Path) -> None:
    before = snapshot(workspace)
    set_review(report, "Flags", {"price_change": "ok", "missed": "cancel",
                                 "NOWTV": "not a subscription", "2026-09-02": "dispute"},
               notes={"2026-09-02": "asked the bank for a refund"})
    dry = run(workspace, "review", "apply", str(report), "--dry-run").output
    assert "would change: Flags!F" in dry and "dry run: nothing was written" in dry
    assert snapshot(workspace) == before

    output = run(workspace, "review", "apply", str(report)).output
    assert "Netflix: amount 10.99 -> 12.99 GBP (10.99 kept in history until 2026-10-02)" in output
    assert f"iCloud+: status cancelled, cancelled {TODAY}" in output
    assert "rules.yaml: ignore merchant 'nowtv' (not a subscription)" in output
    assert "disputes (still open):" in output and "asked the bank for a refund" in output

    subs = (workspace / "rules" / "subscriptions.yaml").read_text()
    old = before["subscriptions.yaml"].decode()
    # the user's comments and every untouched line are kept byte for byte
    assert [line for line in old.splitlines() if "Netflix" not in line and "iCloud" not in line] \
        == [line for line in subs.splitlines() if "Netflix" not in line and "iCloud" not in line]
    assert ("amount: 12.99, every: month, account: \"****4321\", category: streaming, "
            "history: [{amount: 10.99, until: 2026-10-02}]}") in subs
    assert f"category: cloud, status: cancelled, cancelled: {TODAY}}}" in subs
    rules = (workspace / "rules" / "rules.yaml").read_text()
    assert rules.startswith(before["rules.yaml"].decode())
    assert "- {if: {merchant: {equals: nowtv}}, then: {ignore: true}}" in rules

    book = rulebook.load_rulebook(workspace / "rules")  # the edited files read back
    netflix = book.subscription("Netflix")
    assert netflix and netflix.amount == Decimal("12.99")
    assert netflix.history == ((dt.date(2026, 10, 2), Decimal("10.99")),)

    # next month: decided flags are gone, the disputed and undecided ones come back,
    # and the rule changes raise nothing new
    again = report.with_name("again.xlsx")
    run(workspace, "report", "-o", str(again), "--as-of", AS_OF)
    assert sorted(flag_keys(again)) == sorted([
        ("unexpected", "PureGym"), ("unexpected", "PureGym"), ("duplicate", "Spotify"),
        ("trial_conversion", "Disney+")])
    disputed = [r for r in openpyxl.load_workbook(again)["Flags"].iter_rows(values_only=True)
                if r[5] == "dispute"]
    assert len(disputed) == 1 and disputed[0][6] == "asked the bank for a refund"
    flags = run(workspace, "flags", "--as-of", AS_OF).output
    assert "reviewed: dispute - asked the bank for a refund" in flags
    assert "4 flag(s)" in flags
    # --all adds the settled price change; the missed iCloud+ renewal and NOWTV are no longer
    # found at all, since the catalogue and rules now say why
    settled_too = run(workspace, "flags", "--all", "--as-of", AS_OF).output
    assert "5 flag(s)" in settled_too and "reviewed: ok" in settled_too

    # applying the same report again changes nothing
    settled = snapshot(workspace)
    output = run(workspace, "review", "apply", str(report)).output
    assert "4 decision(s) were already applied" in output
    assert snapshot(workspace) == settled


def test_add_a_suggestion_under_the_users_name(workspace: Path, report: Path) -> None:
    wb = openpyxl.load_workbook(report)
    ws = wb["Suggestions"]
    assert ws["A2"].value == "Nowtv" and ws["C2"].value == 9.99
    ws["A2"], ws["K2"] = "NOW TV", "add"
    wb.save(report)
    output = run(workspace, "review", "apply", str(report)).output
    assert "subscriptions.yaml: added 'NOW TV' (9.99 GBP every month)" in output
    book = rulebook.load_rulebook(workspace / "rules")
    now = book.subscription("NOW TV")
    assert now and now.amount == Decimal("9.99") and now.match == ("nowtv",)
    again = report.with_name("again.xlsx")
    run(workspace, "report", "-o", str(again), "--as-of", AS_OF)
    assert ("unexpected", "NOWTV") not in flag_keys(again)
    assert openpyxl.load_workbook(again)["Suggestions"].max_row == 1


def test_cancel_of_an_uncatalogued_series_adds_it_as_cancelled(workspace: Path,
                                                               report: Path) -> None:
    set_review(report, "Flags", {"NOWTV": "cancel"})
    run(workspace, "review", "apply", str(report))
    now = rulebook.load_rulebook(workspace / "rules").subscription("Nowtv")
    assert now and now.status == "cancelled" and now.cancelled == dt.date.today()


def test_unknown_review_value_names_the_cell_and_changes_nothing(workspace: Path,
                                                                 report: Path) -> None:
    before = snapshot(workspace)
    set_review(report, "Flags", {"price_change": "ok", "missed": "okay"})
    result = run(workspace, "review", "apply", str(report), ok=False)
    assert result.exit_code == 1
    assert result.output.startswith("Error: report.xlsx:Flags!F8: 'okay' is not a review "
                                    "choice (expected one of ok, dispute, cancel, not a "
                                    "subscription)")
    assert "Traceback" not in result.output
    assert snapshot(workspace) == before
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        assert db.execute("SELECT count(*) FROM flags WHERE decision IS NOT NULL").fetchone() == (0,)


def test_choices_are_read_leniently(workspace: Path, report: Path) -> None:
    set_review(report, "Flags", {"price_change": "  OK ", "missed": "Not a  Subscription"})
    output = run(workspace, "review", "apply", str(report)).output
    assert "recorded 'ok'" in output and "recorded 'not a subscription'" in output


def test_cancel_needs_something_to_cancel(workspace: Path, report: Path) -> None:
    set_review(report, "Flags", {"duplicate": "cancel"})  # Spotify: fine, it is linked
    assert "Spotify: status cancelled" in run(workspace, "review", "apply", str(report)).output


def test_a_report_from_another_workspace_is_refused(tmp_path: Path, report: Path) -> None:
    other = tmp_path / "other"
    run(other, "init", str(other))
    set_review(report, "Flags", {"price_change": "ok"})
    result = run(other, "review", "apply", str(report), ok=False)
    assert result.exit_code == 1
    assert "is not in this workspace's ledger" in result.output
    assert "Flags!F6" in result.output


@pytest.mark.parametrize("content, message", [
    (b"Date,Description\n", "not an Excel workbook"),
    (b"PK\x03\x04 truncated", "not an Excel workbook"),
])
def test_not_a_report(workspace: Path, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(content)
    result = run(workspace, "review", "apply", str(path), ok=False)
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


def test_a_workbook_without_flags_sheet_or_columns(workspace: Path, tmp_path: Path,
                                                   report: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.save(tmp_path / "other.xlsx")
    result = run(workspace, "review", "apply", str(tmp_path / "other.xlsx"), ok=False)
    assert "no Flags sheet: is this a recon report?" in result.output
    wb = openpyxl.load_workbook(report)
    wb["Flags"].delete_cols(15)  # the hidden id column
    wb.save(report)
    result = run(workspace, "review", "apply", str(report), ok=False)
    assert "the Flags sheet has no 'Flag id' column" in result.output


def test_moved_columns_are_still_read(workspace: Path, report: Path) -> None:
    wb = openpyxl.load_workbook(report)
    ws = wb["Flags"]
    ws.insert_cols(1)
    ws["A1"] = "My notes"
    wb.save(report)
    set_review(report, "Flags", {"price_change": "ok"})
    assert "Netflix: amount 10.99 -> 12.99" in run(workspace, "review", "apply",
                                                   str(report)).output


# --- editing the rules files --------------------------------------------------------------


def test_set_fields_in_a_block_mapping_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("# mine\n- name: Netflix   # the family plan\n  match: netflix\n"
                    "  amount: 10.99    # price\n\n# between\n- name: Spotify\n  match: spotify\n")
    edit.set_fields(path, "netflix", {"amount": Decimal("12.99")})
    edit.set_fields(path, "Spotify", {"status": "cancelled", "cancelled": dt.date(2026, 11, 21)})
    assert path.read_text() == (
        "# mine\n- name: Netflix   # the family plan\n  match: netflix\n"
        "  amount: 12.99    # price\n\n# between\n- name: Spotify\n  match: spotify\n"
        "  status: cancelled\n  cancelled: 2026-11-21\n")


def test_set_fields_falls_back_to_the_round_trip_dumper(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("# odd layout\n- {name: Netflix,\n   match: netflix,  # here\n"
                    "   amount: 10.99}\n")
    edit.set_fields(path, "Netflix", {"history": [{"amount": Decimal("9.99"),
                                                   "until": dt.date(2026, 1, 31)}]})
    text = path.read_text()
    assert text.startswith("# odd layout\n")
    problems = rulebook.yamlio.Problems(path)
    (entry,) = rulebook.catalogue.load_catalogue(path, problems, "GBP")
    assert not problems.lines()
    assert entry.amount == Decimal("10.99")
    assert entry.history == ((dt.date(2026, 1, 31), Decimal("9.99")),)
    assert entry.amount_on(dt.date(2026, 1, 31)) == Decimal("9.99")
    assert entry.amount_on(dt.date(2026, 2, 1)) == Decimal("10.99")


def test_set_fields_on_a_missing_entry_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("- {name: Netflix, match: netflix}\n")
    with pytest.raises(RulesError, match="no subscription named 'Hulu'"):
        edit.set_fields(path, "Hulu", {"amount": Decimal("1")})


def test_history_must_be_amounts_with_dates(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "subscriptions.yaml").write_text(
        "- {name: Netflix, match: netflix, history: [{amount: 9.99, from: 2026-01-01}]}\n")
    _, problems = rulebook.check_rulebook(rules)
    assert any("history" in line and "until" in line for line in problems.lines())


def test_an_old_ledger_gains_the_decision_columns(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE flags (id TEXT PRIMARY KEY, type TEXT NOT NULL, severity TEXT"
                   " NOT NULL, posted_date TEXT NOT NULL, subscription TEXT, txn_ids TEXT NOT"
                   " NULL, message TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT"
                   " NOT NULL)")
        db.execute("INSERT INTO flags VALUES ('F1','missed','medium','2026-10-12',NULL,'',"
                   "'m','2026-11-01','2026-11-01')")
    with Ledger(path) as ledger:
        ledger.decide([("F1", "ok", "fine")], dt.date(2026, 11, 21))
        record = ledger.flag_records(["F1"])["F1"]
    assert (record["decision"], record["note"], record["decided_on"]) == ("ok", "fine",
                                                                          "2026-11-21")


def test_writing_a_report_changes_no_rules_file(workspace: Path, tmp_path: Path) -> None:
    before = snapshot(workspace)
    make_report(workspace, tmp_path / "r.xlsx")
    assert snapshot(workspace) == before


def test_adding_a_suggestion_under_a_taken_name_is_an_error(workspace: Path,
                                                            report: Path) -> None:
    before = snapshot(workspace)
    wb = openpyxl.load_workbook(report)
    wb["Suggestions"]["A2"], wb["Suggestions"]["K2"] = "netflix", "add"
    wb.save(report)
    result = run(workspace, "review", "apply", str(report), ok=False)
    assert result.exit_code == 1
    assert ("report.xlsx:Suggestions!K2: a subscription named 'netflix' is already in the "
            "catalogue") in result.output
    assert snapshot(workspace) == before
