"""``recon review apply`` is one unit: decisions and rules edits commit together or not at
all; rules files are written through symlinks with their permissions kept."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from recon import files, review
from recon.errors import RulesError
from tests.test_cli import run
from tests.test_ledger_lock import HOLD
from tests.test_report import set_review

CHOICES = {"price_change": "ok", "missed": "cancel", "NOWTV": "not a subscription"}


def rules_state(workspace: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((workspace / "rules").iterdir())
            if p.is_file()}


def decided(workspace: Path) -> int:
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        return int(db.execute("SELECT count(*) FROM flags WHERE decision IS NOT NULL")
                   .fetchone()[0])


def pending(workspace: Path) -> int:
    with sqlite3.connect(workspace / "ledger.sqlite") as db:
        return int(db.execute("SELECT count(*) FROM pending_files").fetchone()[0])


@pytest.fixture
def reviewed(report: Path) -> Path:
    """The report with the decisions in ``CHOICES`` typed in its Review column."""
    set_review(report, "Flags", CHOICES)
    return report


def test_a_ledger_locked_at_the_commit_changes_no_rules_file(
        workspace: Path, reviewed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program takes the ledger's lock after the decisions were checked: the rules
    files stay as they were (they used to be edited, then the decisions were lost)."""
    before = rules_state(workspace)
    holders: list[subprocess.Popen[str]] = []
    planned = review.apply

    def apply_then_lock(*args: Any, **kwargs: Any) -> review.Outcome:
        outcome = planned(*args, **kwargs)
        proc = subprocess.Popen([sys.executable, "-c", HOLD, str(workspace / "ledger.sqlite"),
                                 "30"], stdout=subprocess.PIPE, text=True)
        holders.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        return outcome

    monkeypatch.setattr(review, "apply", apply_then_lock)
    monkeypatch.setenv("RECON_LEDGER_WAIT", "0.5")
    try:
        result = run(workspace, "review", "apply", str(reviewed), ok=False)
    finally:
        for proc in holders:
            proc.kill()
            proc.wait()
    assert result.exit_code == 1
    assert "another recon or program is writing the ledger" in result.output
    assert rules_state(workspace) == before and decided(workspace) == 0


def test_a_failed_file_write_is_completed_by_the_next_command(
        workspace: Path, reviewed: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """The decisions are committed, then writing a rules file fails: the ledger holds the
    new texts and the next command completes them, saying so in one line."""
    before = rules_state(workspace)
    real_replace = files.replace_text
    calls = []

    def fail_second(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(path, text)

    monkeypatch.setattr(files, "replace_text", fail_second)
    result = run(workspace, "review", "apply", str(reviewed), ok=False)
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert "the next recon command completes it" in result.output
    assert decided(workspace) == 3 and pending(workspace) == 2
    monkeypatch.setattr(files, "replace_text", real_replace)

    with caplog.at_level(logging.WARNING):
        run(workspace, "flags")
    said = [r.getMessage() for r in caplog.records if "completed" in r.getMessage()]
    assert said == ["completed the interrupted review of report.xlsx: subscriptions.yaml "
                    "updated"]
    assert pending(workspace) == 0
    after = rules_state(workspace)
    assert after["subscriptions.yaml"] != before["subscriptions.yaml"]
    assert after["rules.yaml"] != before["rules.yaml"]
    again = run(workspace, "review", "apply", str(reviewed)).output
    assert "3 decision(s) were already applied" in again
    assert rules_state(workspace) == after


def test_a_file_edited_after_the_crash_is_not_overwritten(
        workspace: Path, reviewed: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(files, "replace_text", _refuse)
    run(workspace, "review", "apply", str(reviewed), ok=False)
    monkeypatch.undo()
    rules = workspace / "rules" / "rules.yaml"
    rules.write_text(rules.read_text() + "# my own edit\n")
    with caplog.at_level(logging.WARNING):
        run(workspace, "flags")
    output = caplog.text
    assert "rules.yaml changed since, so the review's version is in " \
           "rules.yaml.review-pending" in output
    assert rules.read_text().endswith("# my own edit\n")
    assert "nowtv" in (workspace / "rules" / "rules.yaml.review-pending").read_text()


def _refuse(path: Path, text: str) -> None:
    raise OSError(13, "Permission denied")


def test_a_rules_file_changed_meanwhile_is_refused(workspace: Path, reviewed: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    planned = review.apply
    subs = workspace / "rules" / "subscriptions.yaml"

    def apply_then_edit(*args: Any, **kwargs: Any) -> review.Outcome:
        outcome = planned(*args, **kwargs)
        subs.write_text(subs.read_text() + "# edited meanwhile\n")
        return outcome

    monkeypatch.setattr(review, "apply", apply_then_edit)
    before_decided = decided(workspace)
    result = run(workspace, "review", "apply", str(reviewed), ok=False)
    assert "subscriptions.yaml changed while the review was being applied" in result.output
    assert decided(workspace) == before_decided and pending(workspace) == 0
    assert subs.read_text().endswith("# edited meanwhile\n")


def test_symlinked_rules_are_written_through_with_their_modes(workspace: Path, reviewed: Path,
                                                              tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    subs = workspace / "rules" / "subscriptions.yaml"
    target = shared / "subscriptions.yaml"
    target.write_bytes(subs.read_bytes())
    subs.unlink()
    subs.symlink_to(target)
    target.chmod(0o640)
    rules = workspace / "rules" / "rules.yaml"
    rules.chmod(0o664)
    run(workspace, "review", "apply", str(reviewed))
    assert subs.is_symlink() and subs.resolve() == target
    assert "history" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert stat.S_IMODE(rules.stat().st_mode) == 0o664
    assert "nowtv" in rules.read_text()
    leftovers = [p.name for p in (workspace / "rules").iterdir() if p.name.startswith(".")]
    assert leftovers == [] and os.listdir(shared) == ["subscriptions.yaml"]


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    old = os.umask(0o027)
    try:
        files.replace_text(path, "[]\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_the_dry_run_writes_nothing(workspace: Path, reviewed: Path) -> None:
    before = rules_state(workspace)
    assert "dry run" in run(workspace, "review", "apply", str(reviewed), "--dry-run").output
    assert rules_state(workspace) == before and decided(workspace) == 0


def test_rules_error_is_raised_before_anything_changes(workspace: Path, reviewed: Path) -> None:
    rules = workspace / "rules" / "rules.yaml"
    rules.write_text("[{if: {merchant: {equals: x}}, then: {ignore: true}}]\n")
    subs_before = (workspace / "rules" / "subscriptions.yaml").read_bytes()
    result = run(workspace, "review", "apply", str(reviewed), ok=False)
    assert "cannot append to a list written in [...] style" in result.output
    assert (workspace / "rules" / "subscriptions.yaml").read_bytes() == subs_before
    assert decided(workspace) == 0
    assert RulesError  # the type the CLI shows as one message


def test_finish_pending_completes_before_the_rules_are_read(
        workspace: Path, reviewed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from recon.store import finish_pending
    monkeypatch.setattr(files, "replace_text", _refuse)
    run(workspace, "review", "apply", str(reviewed), ok=False)
    monkeypatch.undo()
    assert pending(workspace) == 2
    done = finish_pending(workspace / "ledger.sqlite")
    assert done == ["completed the interrupted review of report.xlsx: rules.yaml, "
                    "subscriptions.yaml updated"]
    assert pending(workspace) == 0 and finish_pending(workspace / "ledger.sqlite") == []
    assert finish_pending(workspace / "nowhere" / "ledger.sqlite") == []
    assert not (workspace / "nowhere").exists()


def test_old_temp_files_of_a_killed_write_are_swept(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    old = tmp_path / f".report.xlsx.abc{files.TEMP_SUFFIX}"
    young = tmp_path / f".report.xlsx.def{files.TEMP_SUFFIX}"
    other = tmp_path / f".rules.yaml.abc{files.TEMP_SUFFIX}"
    for p in (old, young, other):
        p.write_text("half")
    os.utime(old, (1, 1))
    os.utime(other, (1, 1))
    files.replace_text(path, "new")
    assert not old.exists() and young.exists() and other.exists()
    assert path.read_text() == "new"
