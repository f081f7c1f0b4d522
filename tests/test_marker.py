"""recon's reports carry a mark (a custom document property) so that recon never reads one
as a statement; detecting it is cheap and never raises. Reports keep their permissions."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import openpyxl

from recon.report import is_recon_report, marker
from tests.conftest import CORPUS, ROOT
from tests.test_report import make_report


def test_a_report_carries_the_mark_and_keeps_it_when_saved_again(report: Path,
                                                                 tmp_path: Path) -> None:
    assert is_recon_report(report)
    wb = openpyxl.load_workbook(report)
    wb["Flags"]["F2"] = "ok"  # the Review column
    saved = tmp_path / "saved.xlsx"
    wb.save(saved)
    assert is_recon_report(saved)


def test_statements_and_other_files_are_not_reports(tmp_path: Path) -> None:
    statements = sorted((ROOT / "samples").glob("*.xlsx"))
    if CORPUS.is_dir():
        statements += sorted(CORPUS.rglob("*.xls*"))[:40]
    assert statements
    assert not any(is_recon_report(p) for p in statements)
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    assert not is_recon_report(plain)
    (tmp_path / "text.xlsx").write_text("Date,Amount\n")
    assert not is_recon_report(tmp_path / "text.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 50)
    assert not is_recon_report(tmp_path / "broken.xlsx")
    assert not is_recon_report(tmp_path / "missing.xlsx")
    assert not is_recon_report(tmp_path)
    fifo = tmp_path / "fifo.xlsx"
    os.mkfifo(fifo)
    assert not is_recon_report(fifo)  # returns at once, never blocks


def test_an_oversized_properties_part_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("docProps/custom.xml", b" " * (marker.MAX_PROPERTIES + 1)
                    + f'name="{marker.PROPERTY}"'.encode())
    assert not is_recon_report(path)


def test_a_report_keeps_the_permissions_of_the_one_it_replaces(workspace: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    old = os.umask(0o022)
    try:
        make_report(workspace, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o644  # was 0600 (mkstemp's)
        out.chmod(0o640)
        make_report(workspace, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_a_symlinked_report_is_written_through(workspace: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    target = elsewhere / "october.xlsx"
    target.write_bytes(b"old")
    link = tmp_path / "report.xlsx"
    link.symlink_to(target)
    make_report(workspace, link, "--force")  # "old" is no report: overwriting is asked for
    assert link.is_symlink() and is_recon_report(target)
    assert sorted(os.listdir(elsewhere)) == ["october.xlsx"]
