"""A new user's first hour (issue 18): an empty catalogue, no silent currency, no stray
workspace, no lost review, files that are not statements skipped, safe CSV."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from recon import rulebook
from recon.cli import cli, csv_text
from tests.test_cli import SAMPLES, count, run
from tests.test_report import AS_OF, hostile_csv, make_report, set_review


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- 1. init: an empty catalogue, the currency from the statements ----------------------


def test_init_gives_an_empty_commented_catalogue_and_no_currency(tmp_path: Path) -> None:
    ws = tmp_path / "new"
    assert invoke("init", str(ws)).exit_code == 0
    text = (ws / "rules" / "subscriptions.yaml").read_text()
    assert text.lstrip().startswith("#") and "name" in text  # comments explain an entry
    book = rulebook.load_rulebook(ws / "rules")
    assert book.subscriptions == () or len(book.subscriptions) == 0
    assert len(book.rules) == 0
    assert book.settings.currency is None  # never a silent GBP


def test_a_new_workspace_raises_no_flag_made_by_the_sample_catalogue(tmp_path: Path) -> None:
    ws = tmp_path / "mine"
    invoke("init", str(ws))
    result = run(ws, "import", str(SAMPLES / "card-2026-10.ofx"))
    assert "workspace currency: GBP, as in the statements" in result.output
    assert rulebook.load_default_currency(ws / "rules" / "settings.yaml") == "GBP"
    flags = json.loads(run(ws, "flags", "--format", "json", "--as-of", AS_OF).output)
    assert not [f for f in flags if f["subscription"]]  # nothing linked to a catalogue entry


def test_init_currency_is_written_and_used(tmp_path: Path) -> None:
    ws = tmp_path / "usd"
    result = invoke("init", str(ws), "--currency", "usd")
    assert "workspace currency: USD" in result.output
    assert rulebook.load_default_currency(ws / "rules" / "settings.yaml") == "USD"
    (tmp_path / "plain.csv").write_text("Date,Description,Amount\n2026-10-01,COFFEE,-3.50\n")
    run(ws, "import", str(tmp_path / "plain.csv"))
    rows = json.loads(run(ws, "transactions", "--format", "json").output)
    assert [r["currency"] for r in rows] == ["USD"]
    assert invoke("init", str(tmp_path / "bad"), "--currency", "XX1").exit_code != 0


def test_a_file_naming_no_currency_in_a_workspace_with_none_is_refused(tmp_path: Path) -> None:
    ws = tmp_path / "none"
    invoke("init", str(ws))
    (tmp_path / "plain.csv").write_text("Date,Description,Amount\n2026-10-01,COFFEE,-3.50\n")
    result = run(ws, "import", str(tmp_path / "plain.csv"), ok=False)
    assert result.exit_code == 1
    assert "--currency" in result.output
    assert count(ws) == 0


def test_the_readme_demo_takes_the_catalogue_that_travels_with_the_samples(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("init", "demo").exit_code == 0
    result = invoke("-w", "demo", "run", str(SAMPLES), "-o", "report.xlsx", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "using the rules that came with the statements" in result.output
    assert "7 open flag(s)" in result.output
    assert (tmp_path / "demo" / "rules" / "subscriptions.yaml").read_text() == (
        SAMPLES / "rules" / "subscriptions.yaml").read_text()
    again = invoke("-w", "demo", "run", str(SAMPLES), "-o", "report.xlsx", "--as-of", AS_OF)
    assert "using the rules" not in again.output and "not used" not in again.output


def test_rules_of_its_own_are_kept(workspace: Path, tmp_path: Path) -> None:
    mine = workspace / "rules" / "subscriptions.yaml"
    mine.write_text("- {name: Gym, match: gym, amount: 20, every: month}\n")
    result = run(workspace, "run", str(SAMPLES), "-o", str(tmp_path / "r.xlsx"), "--as-of", AS_OF)
    assert "not used: the workspace has rules of its own" in result.output
    assert mine.read_text() == "- {name: Gym, match: gym, amount: 20, every: month}\n"


# --- 2. a folder that is not a workspace ---------------------------------------------------

NEEDS_A_WORKSPACE = [
    ["flags"], ["subs"], ["upcoming"], ["transactions"], ["discover"], ["rules", "check"],
    ["rules", "list"], ["rules", "test", "x", "--amount", "1"], ["report", "-o", "r.xlsx"],
    ["review", "apply", "r.xlsx"], ["import", str(SAMPLES / "card-2026-08.ofx")],
]


@pytest.mark.parametrize("args", NEEDS_A_WORKSPACE, ids=lambda a: " ".join(a[:2]))
def test_a_folder_that_is_not_a_workspace_is_refused(tmp_path: Path, args: list[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    for folder in ("typo", "empty"):
        result = CliRunner().invoke(cli, ["-w", folder, *args])
        assert result.exit_code == 1, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and folder in lines[0] and "recon init" in lines[0], lines
    assert not (tmp_path / "typo").exists()
    assert list((tmp_path / "empty").iterdir()) == []
    assert not (tmp_path / "ledger.sqlite").exists()


def test_recon_home_that_is_not_a_workspace_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["flags"], env={"RECON_HOME": str(tmp_path / "gone")})
    assert result.exit_code == 1 and "recon init" in result.output
    assert not (tmp_path / "gone").exists()


def test_run_creates_a_workspace_and_says_so(tmp_path: Path) -> None:
    result = run(tmp_path / "fresh", "run", str(SAMPLES / "card-2026-08.ofx"),
                 "-o", str(tmp_path / "r.xlsx"))
    assert f"created a workspace in {tmp_path / 'fresh'}" in result.output


# --- 3. a report with unapplied choices, or open in a spreadsheet --------------------------


def test_report_refuses_to_overwrite_unapplied_review_choices(workspace: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    set_review(out, "Flags", {"price_change": "ok", "2026-09-02": "dispute"})
    before = out.read_bytes()
    for args in (["report", "-o", str(out), "--as-of", AS_OF],
                 ["run", str(SAMPLES), "-o", str(out), "--as-of", AS_OF]):
        result = run(workspace, *args, ok=False)
        assert result.exit_code == 1
        assert "holds 2 Review choice(s) not applied yet" in result.output
        assert f"recon review apply {out}" in result.output
        assert out.read_bytes() == before
    run(workspace, "review", "apply", str(out))
    run(workspace, "report", "-o", str(out), "--as-of", AS_OF)  # applied: free to write
    assert out.read_bytes() != before


def test_force_overwrites_unapplied_choices(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    set_review(out, "Flags", {"price_change": "ok"})
    run(workspace, "report", "-o", str(out), "--as-of", AS_OF, "--force")
    flags = openpyxl.load_workbook(out)["Flags"]
    header = [c.value for c in flags[1]]
    assert all(r[header.index("Review")] is None
               for r in flags.iter_rows(min_row=2, values_only=True))


def test_a_bad_review_value_is_not_overwritten_either(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    set_review(out, "Flags", {"price_change": "okay"})
    result = run(workspace, "report", "-o", str(out), "--as-of", AS_OF, ok=False)
    assert result.exit_code == 1 and "'okay' is not a review choice" in result.output


@pytest.mark.parametrize("lock", [".~lock.report.xlsx#", "~$report.xlsx"])
def test_a_report_open_in_a_spreadsheet_is_not_overwritten(workspace: Path, tmp_path: Path,
                                                           lock: str) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    (tmp_path / lock).write_text("user,host\n")
    before = out.read_bytes()
    result = run(workspace, "report", "-o", str(out), "--as-of", AS_OF, ok=False)
    assert result.exit_code == 1 and lock in result.output and "--force" in result.output
    assert out.read_bytes() == before
    warned = run(workspace, "review", "apply", str(out))
    assert "Warning" in warned.output and "open in a spreadsheet" in warned.output
    run(workspace, "report", "-o", str(out), "--as-of", AS_OF, "--force")


# --- 4. signs: a file read as nearly all money in -------------------------------------------


def test_a_file_read_as_all_money_in_is_named_in_the_summary(workspace: Path,
                                                            tmp_path: Path) -> None:
    card = tmp_path / "card-export.csv"
    card.write_text("Date,Description,Amount\n" + "".join(
        f"2026-10-{d:02d},SHOP {d},{d}.50\n" for d in range(1, 11)))
    result = run(workspace, "run", str(card), "-o", str(tmp_path / "r.xlsx"), "--currency", "GBP")
    assert "card-export.csv" in result.output and "positive" in result.output
    assert "--sign charges-" in result.output  # the reading taken, and the option for the other
    samples = run(workspace, "run", str(SAMPLES), "-o", str(tmp_path / "s.xlsx"))
    assert "read as money in" not in samples.output


# --- 6. folders, quiet, reruns, CSV safety, small things ------------------------------------


def test_files_in_a_folder_that_are_not_statements_are_skipped(workspace: Path,
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "statements"
    folder.mkdir()
    (folder / "card.ofx").write_bytes((SAMPLES / "card-2026-08.ofx").read_bytes())
    (folder / "notes.txt").write_text("call the bank about the gym\n")
    (folder / "statement.pdf").write_bytes(b"%PDF-1.4\n...")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    result = run(workspace, "run", str(folder), "-o", str(tmp_path / "r.xlsx"))
    assert sum(line.startswith("skipped ") for line in result.output.splitlines()) == 2
    assert f"skipped {folder / 'notes.txt'}: " in result.output
    assert f"skipped {folder / 'statement.pdf'}: PDF statements cannot be read" in result.output
    assert "2 skipped (not statements)" in result.output
    named = run(workspace, "import", str(folder / "statement.pdf"), ok=False)
    assert named.exit_code == 1 and "PDF statements cannot be read" in named.output


def test_quiet_prints_only_what_was_asked_for(workspace: Path, tmp_path: Path) -> None:
    result = run(workspace, "-q", "run", str(SAMPLES), "-o", str(tmp_path / "r.xlsx"))
    assert result.output == ""
    assert run(workspace, "-q", "import", str(SAMPLES)).output == ""
    assert "flag(s)" in run(workspace, "-q", "flags").output  # a listing still lists


def test_a_rerun_prints_one_line_per_old_file_at_most(workspace: Path, tmp_path: Path) -> None:
    run(workspace, "run", str(SAMPLES), "-o", str(tmp_path / "r.xlsx"))
    again = run(workspace, "run", str(SAMPLES), "-o", str(tmp_path / "r.xlsx")).output
    assert "amex-2026-08" not in again and "no account in the file" not in again
    imported = run(workspace, "import", str(SAMPLES)).output
    for name in ("card-2026-08.ofx", "current-2026-09.csv"):
        assert sum(name in line for line in imported.splitlines()) == 1, imported


def test_csv_output_is_safe_in_a_spreadsheet(workspace: Path, tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x","y")', "+SUM(A1)", "-2+3", "@cmd|' /C calc'!A0",
               "plain"]
    run(workspace, "import", "--currency", "GBP", str(hostile_csv(tmp_path, hostile)))
    text = run(workspace, "transactions", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["description_raw"] for r in rows] == ["'" + h for h in hostile[:4]] + ["plain"]
    assert all(r["amount"] == "-1.00" for r in rows)  # numbers stay numbers
    as_json = json.loads(run(workspace, "transactions", "--format", "json").output)
    assert [r["description_raw"] for r in as_json] == hostile  # JSON unchanged
    flags = run(workspace, "flags", "--format", "csv").output
    assert "\n=" not in flags and ",=" not in flags
    text = csv_text([{"a": "\tx", "b": "\ry", "n": "-1.00"}], ["a", "b", "n"], ("n",))
    assert next(csv.DictReader(io.StringIO(text, newline=""))) == {
        "a": "'\tx", "b": "'\ry", "n": "-1.00"}


def test_rules_test_with_no_category_prints_none(workspace: Path) -> None:
    output = run(workspace, "rules", "test", "", "--amount", "1").output
    assert "nan" not in output


def test_help_shows_date_not_a_strptime_format() -> None:
    for args in (["flags", "--help"], ["report", "--help"], ["rules", "test", "--help"]):
        output = invoke(*args).output
        assert "%Y" not in output and "DATE" in output


def test_the_readme_quotes_the_review_error_at_the_right_cell(workspace: Path,
                                                              tmp_path: Path) -> None:
    import re

    from tests.conftest import ROOT

    quoted = re.search(r"report\.xlsx:Flags!([A-Z]+)(\d+): 'okay' is not a review choice",
                       (ROOT / "README.md").read_text())
    assert quoted
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    wb = openpyxl.load_workbook(out)
    flags = wb["Flags"]
    column = [c.value for c in flags[1]].index("Review") + 1
    flags.cell(int(quoted[2]), column).value = "okay"
    wb.save(out)
    result = run(workspace, "review", "apply", str(out), ok=False)
    assert f"Flags!{quoted[1]}{quoted[2]}: 'okay' is not a review choice" in result.output


def test_a_cancelled_subscription_has_no_annual_cost_on_any_view(workspace: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    subs = json.loads(run(workspace, "subs", "--format", "json", "--as-of", AS_OF).output)
    gym = next(s for s in subs if s["name"] == "PureGym")
    assert gym["status"] == "cancelled" and gym["annual_cost"] is None
    from tests.test_report import sheet_rows
    sheet = next(r for r in sheet_rows(out, "Subscriptions") if r["Name"] == "PureGym")
    assert sheet["Annual cost"] is None
    table = run(workspace, "subs", "--as-of", AS_OF).output
    live = sum(Decimal(str(s["annual_cost"])) for s in subs if s["annual_cost"])
    assert f"annual cost of live subscriptions: {live:,.2f} GBP".replace(",", "") in \
        table.replace(",", "")


def test_every_slow_test_named_in_conftest_exists() -> None:
    from tests.conftest import ROOT as root
    from tests.conftest import SLOW_FILES, SLOW_TESTS

    for name in SLOW_FILES:
        assert (root / name).is_file(), name
    for nodeid in SLOW_TESTS:
        path, _, function = nodeid.partition("::")
        assert f"def {function}(" in (root / path).read_text(encoding="utf-8"), nodeid


# --- discover --write NAME... / --all ----------------------------------------------------


def test_discover_write_adds_only_what_is_named(workspace: Path, tmp_path: Path) -> None:
    run(workspace, "import", str(SAMPLES))
    catalogue = workspace / "rules" / "subscriptions.yaml"
    before = catalogue.read_text()
    bare = run(workspace, "discover", "--write", ok=False)
    assert bare.exit_code == 1 and "'Nowtv'" in bare.output and "--all" in bare.output
    wrong = run(workspace, "discover", "--write", "Coffee", ok=False)
    assert wrong.exit_code == 1 and "no suggestion named 'Coffee'" in wrong.output
    assert catalogue.read_text() == before
    assert run(workspace, "discover", "Nowtv", ok=False).exit_code == 2  # names need --write
    run(workspace, "discover", "--write", "nowtv")
    assert catalogue.read_text().startswith(before) and "name: Nowtv" in catalogue.read_text()


def test_discover_write_all(workspace: Path) -> None:
    run(workspace, "import", str(SAMPLES))
    output = run(workspace, "discover", "--write", "--all").output
    assert "added 1 entry" in output
    assert run(workspace, "discover").output.startswith("no recurring charges")


@pytest.mark.parametrize(("key", "name"), [
    ("planet fitness boston ma", "Planet Fitness"), ("planet fitness ma", "Planet Fitness"),
    ("netflix", "Netflix"), ("gym on", "Gym On"), ("nowtv", "Nowtv"),
    ("blue bottle coffee oakland", "Blue Bottle Coffee Oakland"),
])
def test_suggested_names_leave_out_the_place(key: str, name: str) -> None:
    from recon.suggest import clean_name

    assert clean_name(key) == name


def test_the_disputes_list_has_amounts(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    set_review(out, "Flags", {"2026-09-02": "dispute"}, notes={"2026-09-02": "refund asked"})
    output = run(workspace, "review", "apply", str(out)).output
    assert "unexpected 2026-09-02 PureGym, -24.99 GBP: refund asked" in output
    again = tmp_path / "again.xlsx"
    run(workspace, "report", "-o", str(again), "--as-of", AS_OF)
    summary = openpyxl.load_workbook(again)["Summary"]
    row = next(r for r in summary.iter_rows(values_only=True)
               if str(r[0]).startswith("disputed: 2026-09-02"))
    assert row[1] == -24.99 and row[2] == "refund asked"


def test_a_decided_missed_flag_rearms_when_the_next_renewal_is_missed(tmp_path: Path) -> None:
    from tests.helpers import monthly
    from tests.helpers import run as detect_run

    gym = "- {name: Gym, match: gym, amount: 20.00, every: month}\n"
    rows = [*monthly("GYM", "-20.00", "2026-08-05", 2),  # Aug, Sep; nothing after
            *monthly("SHOP", "-3.00", "2026-08-01", 5)]  # statements run to December
    october = detect_run(tmp_path / "a", rows[:6], gym, as_of="2026-11-30")  # to 1 Nov
    december = detect_run(tmp_path / "b", rows, gym, as_of="2026-12-31")
    (oct_id,) = october.flags[october.flags["type"] == "missed"]["id"]
    (dec,) = december.flags[december.flags["type"] == "missed"].to_dict("records")
    assert str(dec["posted_date"]) == "2026-10-05" and dec["id"] != oct_id
    assert "the last due 2026-11-05" in dec["message"]


def test_rules_test_in_a_workspace_without_currency_asks_for_one(tmp_path: Path) -> None:
    invoke("init", str(tmp_path / "new"))
    result = run(tmp_path / "new", "rules", "test", "NETFLIX", "--amount", "9.99", ok=False)
    assert result.exit_code == 1 and "--currency" in result.output and "GBP" not in result.output
    ok = run(tmp_path / "new", "rules", "test", "NETFLIX", "--amount", "9.99", "--currency", "USD")
    assert "matched no subscription" in ok.output
