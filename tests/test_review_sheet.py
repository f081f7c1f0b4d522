"""The Review sheet (Review in column F, Note in G, the flag id in O) is checked whole before anything changes: every bad cell named,
contradictions refused, formulas and oversized notes refused, hostile workbooks refused
before openpyxl reads them (``../shared/hostile/review``)."""

from __future__ import annotations

import sqlite3
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from recon.review import sheet
from tests.conftest import ROOT
from tests.test_cli import run
from tests.test_report import set_review

HOSTILE = ROOT.parent / "shared" / "hostile" / "review"
HOSTILE_FILES = sorted(HOSTILE.glob("*.xlsx")) if HOSTILE.is_dir() else []


def state(workspace: Path) -> tuple[dict[str, bytes], int]:
    rules = {p.name: p.read_bytes() for p in sorted((workspace / "rules").iterdir())}
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        decided = db.execute("SELECT count(*) FROM flags WHERE decision IS NOT NULL").fetchone()
    return rules, int(decided[0])


def test_every_invalid_review_cell_is_named(workspace: Path, report: Path) -> None:
    before = state(workspace)
    set_review(report, "Flags", {"price_change": "okay", "missed": "cancel", "NOWTV": "nope",
                                 "duplicate": "maybe"})
    result = run(workspace, "review", "apply", str(report), ok=False)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("Error: report.xlsx:Flags!F")
    assert "3 cells of the review cannot be applied; nothing was changed" in lines[0]
    assert sum("is not a review choice" in line for line in lines) == 3
    assert {"'okay'", "'nope'", "'maybe'"} <= {w for line in lines for w in line.split()}
    assert state(workspace) == before


def test_contradictory_decisions_on_one_flag_are_refused(workspace: Path, report: Path) -> None:
    before = state(workspace)
    wb = openpyxl.load_workbook(report)
    ws = wb["Flags"]
    ws.append([None] * 5 + ["ok"] + [None] * 8 + [ws["O2"].value])  # a copy of row 2's id
    ws["F2"] = "dispute"
    wb.save(report)
    result = run(workspace, "review", "apply", str(report), ok=False)
    assert result.exit_code == 1
    assert "contradicts F2 on the same flag" in result.output
    assert "('dispute' vs 'ok')" in result.output
    assert state(workspace) == before


def test_the_same_decision_twice_counts_once(workspace: Path, report: Path) -> None:
    wb = openpyxl.load_workbook(report)
    ws = wb["Flags"]
    for _ in range(3):
        ws.append([None] * 5 + ["dispute"] + [None] * 8 + [ws["O2"].value])
    ws["F2"] = "dispute"
    wb.save(report)
    output = run(workspace, "review", "apply", str(report)).output
    assert output.count("recorded 'dispute'") == 1
    assert output.count("disputes (still open):") == 1


def test_a_note_beyond_the_limit_is_one_line(workspace: Path, report: Path) -> None:
    before = state(workspace)
    set_review(report, "Flags", {"price_change": "dispute"},
               notes={"price_change": "x" * (sheet.MAX_NOTE + 1)})
    result = run(workspace, "review", "apply", str(report), ok=False)
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith(
        f"the Note is {sheet.MAX_NOTE + 1:,} characters long, over the limit of "
        f"{sheet.MAX_NOTE:,}")
    assert state(workspace) == before


def test_formulas_are_refused_never_read_from_their_cached_value(workspace: Path,
                                                                 report: Path) -> None:
    before = state(workspace)
    wb = openpyxl.load_workbook(report)
    ws = wb["Flags"]
    ws["F2"] = '="o"&"k"'
    ws["F3"] = "dispute"
    ws["G3"] = "=1+1"
    wb.save(report)
    result = run(workspace, "review", "apply", str(report), ok=False)
    assert "Flags!F2: the Review cell holds a formula" in result.output
    assert "Flags!G3: the Note cell holds a formula" in result.output
    assert state(workspace) == before


def test_a_dtd_in_a_report_part_is_refused_unread(workspace: Path, report: Path,
                                                  tmp_path: Path) -> None:
    hostile = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(report) as src, zipfile.ZipFile(hostile, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "e">]>', 1)
            dst.writestr(info, data)
    result = run(workspace, "review", "apply", str(hostile), ok=False)
    assert result.output.startswith("Error: dtd.xlsx: xl/workbook.xml declares a DTD")


def test_a_lock_file_beside_the_report_is_warned_about(workspace: Path, report: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    (report.parent / f".~lock.{report.name}#").write_text("user,host")
    run(workspace, "review", "apply", str(report))
    assert "is open in another program (.~lock.report.xlsx#)" in caplog.text


@pytest.mark.skipif(not HOSTILE_FILES, reason="../shared/hostile/review is not here")
@pytest.mark.parametrize("path", HOSTILE_FILES, ids=lambda p: p.name)
def test_hostile_review_files_end_clean(workspace: Path, report: Path, path: Path) -> None:
    before = state(workspace)
    started = time.monotonic()
    result = run(workspace, "review", "apply", str(path), ok=False)
    took = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.output.startswith(f"Error: {path.name}")
    assert "Traceback" not in result.output
    assert took < 5, f"{path.name} took {took:.1f} s"
    assert state(workspace) == before
    print(path.name, f"{took:.2f} s:", result.output.splitlines()[0])
