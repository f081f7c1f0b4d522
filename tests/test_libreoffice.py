"""The report in a real spreadsheet application: LibreOffice reads it, saves it, and recon
reads the decisions back from LibreOffice's copy. CI installs LibreOffice Calc (.ci/run)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.test_cli import run
from tests.test_report import AS_OF, PLANTED, flag_keys, hostile_csv, make_report, set_review

SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
if SOFFICE is None and os.environ.get("RECON_REQUIRE_LIBREOFFICE"):
    raise RuntimeError("RECON_REQUIRE_LIBREOFFICE is set but LibreOffice is not installed")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed "
                                "(CI installs libreoffice-calc in .ci/run)")
#: every sheet to CSV, UTF-8, values as stored (not as formatted)
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def convert(path: Path, to: str, outdir: Path, profile: Path) -> None:
    outdir.mkdir(exist_ok=True)
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", to, "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=180)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_libreoffice_reads_the_flags(workspace: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    make_report(workspace, report)
    convert(report, ALL_SHEETS_CSV, tmp_path / "csv", tmp_path / "profile")
    flags = read_csv(tmp_path / "csv" / "report-Flags.csv")
    assert sorted((r["Type"], (r["Subscription"] or r["Description"]).split(".")[0])
                  for r in flags) == sorted(PLANTED)
    netflix = next(r for r in flags if r["Type"] == "price_change")
    assert (netflix["Amount"], netflix["Expected"], netflix["Change"]) == ("-12.99", "10.99", "2")
    assert netflix["Date"] == "2026-10-03"
    assert netflix["Why"] == ("Netflix price up 2.00 GBP (+18.2%): 12.99 GBP instead of "
                              "10.99 GBP")
    assert all(r["Flag id"].startswith("F") and r["Review"] == "" for r in flags)
    assert {r["Severity"] for r in flags} == {"high", "medium"}


def test_libreoffice_shows_statement_text_as_text(workspace: Path, tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)"]
    path = hostile_csv(tmp_path, hostile)
    report = tmp_path / "report.xlsx"
    run(workspace, "run", str(path), "-o", str(report), "--as-of", AS_OF)
    convert(report, ALL_SHEETS_CSV, tmp_path / "csv", tmp_path / "profile")
    rows = read_csv(tmp_path / "csv" / "report-Transactions.csv")
    assert [r["Description"] for r in rows] == hostile


def test_review_apply_reads_a_report_saved_by_libreoffice(workspace: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    make_report(workspace, report)
    set_review(report, "Flags", {"price_change": "ok", "missed": "cancel",
                                 "NOWTV": "not a subscription", "2026-09-02": "dispute"},
               notes={"2026-09-02": "called the gym"})
    convert(report, "xlsx", tmp_path / "saved", tmp_path / "profile")
    saved = tmp_path / "saved" / "report.xlsx"
    flags = openpyxl.load_workbook(saved)["Flags"]
    assert flags.column_dimensions["O"].hidden  # LibreOffice kept the hidden id column
    assert flags.data_validations.dataValidation  # and the drop-down

    output = run(workspace, "review", "apply", str(saved)).output
    assert "Netflix: amount 10.99 -> 12.99 GBP" in output
    assert "iCloud+: status cancelled" in output
    assert "ignore merchant 'nowtv'" in output
    assert "called the gym" in output

    again = tmp_path / "again.xlsx"
    run(workspace, "report", "-o", str(again), "--as-of", AS_OF)
    assert sorted(flag_keys(again)) == sorted([
        ("unexpected", "PureGym"), ("unexpected", "PureGym"), ("duplicate", "Spotify"),
        ("trial_conversion", "Disney+")])
