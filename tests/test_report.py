"""The Excel report and the review round trip, end to end through the CLI."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from recon.report import workbook
from tests.test_cli import SAMPLES, run

AS_OF = "2026-11-21"
PLANTED = [  # (type, subscription or description start) of every planted problem
    ("unexpected", "PureGym"), ("unexpected", "PureGym"), ("duplicate", "Spotify"),
    ("trial_conversion", "Disney+"), ("price_change", "Netflix"), ("unexpected", "NOWTV"),
    ("missed", "iCloud+"),
]


def make_report(workspace: Path, out: Path, *extra: str) -> str:
    result = run(workspace, "run", str(SAMPLES), "-o", str(out), "--as-of", AS_OF, *extra)
    return result.output


def sheet_rows(path: Path, name: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def flag_keys(path: Path) -> list[tuple[str, str]]:
    return [(str(r["Type"]), str(r["Subscription"] or r["Description"]).split(".")[0])
            for r in sheet_rows(path, "Flags")]


def set_review(path: Path, sheet: str, choose: dict[str, str],
               notes: dict[str, str] | None = None) -> None:
    """Write a Review choice (and Note) on the rows whose text contains a key."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    review = header.index("Review")
    note = header.index("Note") if "Note" in header else None
    notes = notes or {}
    for row in ws.iter_rows(min_row=2):
        text = " ".join(str(c.value) for i, c in enumerate(row) if i not in (review, note))
        for key, choice in choose.items():
            if key in text:
                row[review].value = choice
                if key in notes:
                    row[header.index("Note")].value = notes[key]
    wb.save(path)


def test_run_writes_every_planted_problem_once(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    output = make_report(workspace, out)
    assert "9 file(s): read 66 rows, imported 62, already present 4, rejected 0" in output
    assert "7 open flag(s): 3 unexpected, 1 duplicate" in output
    assert f"report for October 2026: {out}" in output
    assert "\r" not in output  # no progress line when not a terminal
    assert sorted(flag_keys(out)) == sorted(PLANTED)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Flags", "Subscriptions", "Upcoming", "Suggestions",
                             "Transactions"]
    flags = wb["Flags"]
    severities = [flags.cell(r, 1).value for r in range(2, flags.max_row + 1)]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    why = [c.value for c in flags[1]].index("Why") + 1
    assert all(flags.cell(r, why).value for r in range(2, flags.max_row + 1))  # a reason each


def test_flags_sheet_layout(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    ws = openpyxl.load_workbook(out)["Flags"]
    header = [c.value for c in ws[1]]
    # what to decide on comes first: all of it within the first screen (~1280 px)
    assert header[:8] == ["Severity", "Type", "Date", "Subscription", "Amount", "Review", "Note",
                          "Why"]
    first_screen = sum(ws.column_dimensions[chr(65 + i)].width for i in range(7))
    assert first_screen * 7 < 1100, first_screen  # ~7 px per character of width
    assert header[-1] == "Flag id" and ws.column_dimensions["O"].hidden
    assert ws.freeze_panes == "C2"  # the header row and Severity, Type stay in view
    assert ws.auto_filter.ref == f"A1:O{ws.max_row}"
    assert not ws.sheet_view.showGridLines
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"ok,dispute,cancel,not a subscription"'
    assert str(dv.sqref) == f"F2:F{ws.max_row}"
    netflix = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "price_change")
    cell = {h: c for h, c in zip(header, netflix, strict=True)}
    # the amount is signed as in `recon flags` (a charge is money out)
    assert (cell["Amount"].value, cell["Expected"].value, cell["Change"].value) == (
        -12.99, 10.99, 2.0)
    assert round(cell["Change %"].value, 3) == 0.182
    assert cell["Amount"].number_format == '#,##0.00 "GBP"_0;[Red]-#,##0.00 "GBP"_0'
    assert cell["Amount"].alignment.horizontal == "right"
    assert cell["Date"].value == dt.datetime(2026, 10, 3) and cell["Date"].is_date
    assert netflix[0].fill.start_color.rgb.endswith("FFE699")  # medium: amber
    why = cell["Why"]
    assert why.alignment.wrap_text and ws.column_dimensions["H"].width <= 62
    assert why.value.startswith("Netflix price up")  # the whole sentence stays in the cell
    # printed: landscape, the header row on every page, sheet name and page number
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows in ("1:1", "$1:$1")
    assert "&A" in ws.oddHeader.left.text and "&P" in ws.oddFooter.center.text
    suggestions = openpyxl.load_workbook(out)["Suggestions"]
    (dv,) = suggestions.data_validations.dataValidation
    assert dv.formula1 == '"add,not a subscription"'


def test_numbers_stand_in_their_own_cells(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, (int, float)) and not c.is_date and c.row > 1:
                    assert c.alignment.horizontal == "right", (ws.title, c.coordinate)
                    assert c.number_format.endswith("_0"), (ws.title, c.coordinate)
                if isinstance(c.value, str):  # no amount written as text, no 'none' filler
                    assert not re.fullmatch(r"-?[\d,]+(\.\d+)? ?[A-Z]{3}|none", c.value), c.value
    header = [c.value for c in wb["Transactions"][1]]
    assert "Currency" not in header  # the currency is in the Amount's number format
    subs = sheet_rows(out, "Subscriptions")
    netflix = next(r for r in subs if r["Name"] == "Netflix")
    history = wb["Subscriptions"].cell(2 + subs.index(netflix), 12)
    assert history.alignment.wrap_text
    assert "10.99 GBP from 2026-08-03" in str(netflix["Price history"])


def test_summary_totals_equal_the_statements(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    ws = openpyxl.load_workbook(out)["Summary"]
    rows = [[c.value for c in r][:6] for r in ws.iter_rows()]
    start = rows.index(["Account", "Currency", "Rows", "Money in", "Money out", "Net"])
    table = {r[0]: r[2:6] for r in rows[start + 1 : start + 4]}
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        for account, (n, money_in, money_out, net) in table.items():
            got = db.execute(
                "SELECT count(*), sum(max(amount_minor, 0)), sum(min(amount_minor, 0)),"
                " sum(amount_minor) FROM transactions WHERE account = ? AND posted_date"
                " BETWEEN '2026-10-01' AND '2026-10-31'", (account,)).fetchone()
            assert (n, *(round(Decimal(str(v)) * 100) for v in (money_in, money_out, net))) == got
    # the exact decimal text is in the file, not a float approximation
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>-1842.17</v>" in xml
    assert any(name.startswith("xl/charts/chart") for name in zipfile.ZipFile(out).namelist())
    labels = [r[0] for r in rows]
    assert "Annual cost per subscription" in labels and "Monthly subscription spend" in labels


def hostile_csv(folder: Path, descriptions: list[str]) -> Path:
    """A statement whose descriptions look like formulas, one charge a day from 1 Oct."""
    path = folder / "hostile.csv"
    path.write_text("Date,Description,Amount\n" + "".join(
        f'2026-10-{i + 1:02d},"{d.replace(chr(34), chr(34) * 2)}",-1.00\n'
        for i, d in enumerate(descriptions)))
    return path


def test_statement_text_never_becomes_a_formula(workspace: Path, tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "=1+1\tx"]
    path = hostile_csv(tmp_path, hostile)
    out = tmp_path / "report.xlsx"
    run(workspace, "run", str(path), "-o", str(out), "--as-of", AS_OF)
    archive = zipfile.ZipFile(out)
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in archive.read(name).decode()
    ws = openpyxl.load_workbook(out)["Transactions"]
    cells = [r[2] for r in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == hostile
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_control_characters_and_tab_or_cr_starts_are_kept_as_text(tmp_path: Path) -> None:
    from xlsxwriter import Workbook

    wb = Workbook(str(tmp_path / "t.xlsx"), {"constant_memory": True})
    cells = workbook._Formats(wb)
    texts = ["\tTAB =1+1", "\rCR", "bell\x07inside", "x" * 40_000]
    workbook._Sheet(wb.add_worksheet("T")).append([cells.cell(t) for t in texts])
    wb.close()
    got = [c.value for c in next(openpyxl.load_workbook(tmp_path / "t.xlsx")["T"].iter_rows())]
    assert got[0] == "\tTAB =1+1" and got[1] in ("\rCR", "\nCR")
    assert got[2] == "bell\ufffdinside"
    assert len(got[3]) == workbook.MAX_TEXT and got[3].endswith("…")


def test_periods_beyond_the_sheet_limit_are_split_with_a_note(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_ROWS", 9)  # 8 rows a sheet
    out = tmp_path / "report.xlsx"
    output = make_report(workspace, out)
    wb = openpyxl.load_workbook(out)
    parts = [n for n in wb.sheetnames if n.startswith("Transactions")]
    assert parts == ["Transactions", "Transactions (2)", "Transactions (3)"]
    assert sum(wb[n].max_row - 1 for n in parts) == 20  # every row of October, none cut
    assert "split over 3 Transactions sheets" in output
    notes = [c.value for r in wb["Summary"].iter_rows() for c in r if c.value]
    assert any("split over 3 Transactions sheets" in str(v) for v in notes)


def test_report_is_written_atomically(workspace: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    before = out.read_bytes()

    def broken(src: str, dst: str) -> None:
        assert Path(src).stat().st_size > 0  # the whole new workbook is in the temp file
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook.files.os, "replace", broken)
    result = run(workspace, "report", "-o", str(out), ok=False)
    assert result.exit_code == 1
    assert "cannot write the report: No space left on device" in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx", "ws"]


def test_report_periods(workspace: Path, tmp_path: Path) -> None:
    run(workspace, "import", str(SAMPLES))
    out = tmp_path / "sep.xlsx"
    assert "report for September 2026" in run(workspace, "report", "--month", "2026-09",
                                              "-o", str(out)).output
    assert {r["Date"].month for r in sheet_rows(out, "Transactions")} == {9}
    result = run(workspace, "report", "--from", "2026-08-15", "--to", "2026-09-14", "-o", str(out))
    assert "report for 2026-08-15 to 2026-09-14" in result.output
    bad = run(workspace, "report", "--month", "2026-13", "-o", str(out), ok=False)
    assert bad.exit_code == 1 and "month '2026-13' is not YYYY-MM" in bad.output
    both = run(workspace, "report", "--month", "2026-09", "--from", "2026-09-01", ok=False)
    assert both.exit_code == 1 and "either --month or --from/--to" in both.output
    csv = run(workspace, "report", "-o", str(tmp_path / "r.csv"), ok=False)
    assert csv.exit_code == 1 and "should end in .xlsx" in csv.output


def test_report_of_an_empty_ledger_says_so(workspace: Path, tmp_path: Path) -> None:
    result = run(workspace, "report", "-o", str(tmp_path / "r.xlsx"), ok=False)
    assert result.exit_code == 1
    assert "the ledger is empty: nothing to report" in result.output


def test_run_creates_the_workspace(tmp_path: Path) -> None:
    output = make_report(tmp_path / "fresh", tmp_path / "r.xlsx")
    assert "created a workspace in" in output
    assert (tmp_path / "fresh" / "rules" / "subscriptions.yaml").exists()


def test_run_with_a_bad_file_reports_the_rest_and_exits_1(workspace: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Description,Amount\n2026-10-01,Coffee,abc\n")
    out = tmp_path / "r.xlsx"
    result = run(workspace, "run", str(SAMPLES), str(bad), "-o", str(out), ok=False)
    assert result.exit_code == 1
    assert "bad.csv:" in result.output and "1 file(s) refused" in result.output
    assert "Traceback" not in result.output
    assert out.exists()


def test_progress_is_shown_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from recon.cli.report import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = Progress(quiet=False)
    progress("imported 1/9 files: card-2026-08.ofx")
    progress("matching")
    progress.done()
    assert screen.getvalue().startswith("\rimported 1/9 files: card-2026-08.ofx")
    assert "\rmatching" in screen.getvalue() and screen.getvalue().endswith("\r")
    for quiet, stream in ((True, Terminal()), (False, io.StringIO())):
        monkeypatch.setattr(sys, "stderr", stream)
        Progress(quiet)("hidden")
        assert stream.getvalue() == ""
