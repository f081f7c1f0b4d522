"""The library entry points: each chains the stages for one thing a user does."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from . import normalise as _normalise
from . import rulebook, schema
from .errors import InputError, ReconError
from .parsers import ParseOptions, Profile, parse_statement
from .parsers.base import Rejection
from .store import Ledger

log = logging.getLogger(__name__)

LEDGER_NAME = "ledger.sqlite"
STATEMENT_SUFFIXES = (".ofx", ".qfx", ".qbo", ".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")


@dataclass(frozen=True)
class Workspace:
    """A folder with ``rules/`` and the SQLite ledger."""

    root: Path

    @property
    def rules(self) -> Path:
        return self.root / "rules"

    @property
    def ledger_path(self) -> Path:
        return self.root / LEDGER_NAME

    def ledger(self) -> Ledger:
        self.root.mkdir(parents=True, exist_ok=True)
        return Ledger(self.ledger_path)


@dataclass
class FileReport:
    """The row accounting of one statement file."""

    path: Path
    parser: str = ""
    rows_read: int = 0
    imported: int = 0
    present: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    present_from: dict[str, int] = field(default_factory=dict)
    same_file_as: str | None = None
    notes: list[str] = field(default_factory=list)
    error: ReconError | None = None
    account_guessed: str | None = None


def init_workspace(root: Path) -> list[Path]:
    """Create ``rules/`` from the templates and an empty ledger; existing files are kept.

    Returns:
        The files created.
    """
    created = []
    rules = root / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    templates = resources.files("recon") / "templates" / "rules"
    for item in templates.iterdir():
        target = rules / item.name
        if item.name.endswith(".yaml") and not target.exists():
            with resources.as_file(item) as src:
                shutil.copyfile(src, target)
            created.append(target)
    ws = Workspace(root)
    if not ws.ledger_path.exists():
        ws.ledger().close()
        created.append(ws.ledger_path)
    return created


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and statement files inside directories (sorted, recursively)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in STATEMENT_SUFFIXES)
            )
        else:
            out.append(p)
    return out


def _account_from_name(path: Path) -> str:
    """``current-2024-03.csv`` -> ``current``: monthly files of one account share a stem."""
    stem = re.sub(r"[\d_\-. ]+", " ", path.stem).strip()
    return stem or path.stem


def _with_workspace_rules(
    workspace: Workspace, options: ParseOptions
) -> tuple[ParseOptions, tuple[Profile, ...]]:
    """The user's profiles, and the options with the workspace's default currency filled in."""
    profiles = rulebook.load_profiles(workspace.rules / "profiles.yaml")
    if options.currency is None:
        default = rulebook.load_default_currency(workspace.rules / "settings.yaml")
        if default:
            options = ParseOptions(options.account, default, options.profile)
    return options, profiles


def import_file(
    path: Path,
    ledger: Ledger,
    options: ParseOptions,
    profiles: tuple[Profile, ...] = (),
    skip_bad_rows: bool = False,
    fmt: str | None = None,
) -> FileReport:
    """Parse, normalise and store one statement; the ledger changes only if all goes well.

    Raises:
        ReconError: the file cannot be read, or has bad rows and ``skip_bad_rows`` is off.
    """
    report = FileReport(path=path)
    result = parse_statement(path, options, profiles, fmt)
    report.parser, report.notes = result.parser, result.notes
    bad = [r for r in result.rejected if r.bad]
    if bad and not skip_bad_rows:
        first = bad[0]
        raise InputError(
            first.reason + (f" (and {len(bad) - 1} more bad rows)" if len(bad) > 1 else ""),
            path=path,
            line=first.location,
            value=first.text or None,
            expected=first.expected or None,
            hint="fix the row, or import the rest with --skip-bad-rows",
        )
    frame = result.frame
    if len(frame) and (frame["account"] == "").any():
        guessed = _account_from_name(path)
        frame = frame.assign(account=frame["account"].replace("", guessed))
        report.account_guessed = guessed
    canonical = schema.validate(_normalise.normalise(frame))
    stored = ledger.store(
        canonical,
        path,
        result.parser,
        rows_read=len(canonical) + len(result.rejected),
        rejections=[(r.location, r.reason) for r in result.rejected],
    )
    report.rows_read = len(canonical) + len(result.rejected)
    report.imported, report.present = stored.imported, stored.present
    report.present_from, report.same_file_as = stored.present_from, stored.same_file_as
    report.rejected = result.rejected
    return report


def import_files(
    paths: Iterable[Path],
    workspace: Workspace,
    options: ParseOptions | None = None,
    skip_bad_rows: bool = False,
    fmt: str | None = None,
    failfast: bool = False,
    on_file: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Import statement files (and directories of them) into the workspace ledger.

    Each file is stored in its own database transaction. A bad file is reported in its
    ``FileReport.error`` and the others are still imported, unless ``failfast``.

    Raises:
        InputError: no statement files were given.
    """
    options = options or ParseOptions()
    files = expand_paths(paths)
    if not files:
        raise InputError("no statement files found", expected="files or folders of statements")
    options, profiles = _with_workspace_rules(workspace, options)
    reports = []
    with workspace.ledger() as ledger:
        for path in files:
            try:
                report = import_file(path, ledger, options, profiles, skip_bad_rows, fmt)
            except ReconError as exc:
                if exc.path is None:
                    exc.path = path
                report = FileReport(path=path, error=exc)
            reports.append(report)
            if on_file:
                on_file(report)
            if report.error and failfast:
                break
    return reports


def list_transactions(
    workspace: Workspace, month: str | None = None, account: str | None = None
) -> pd.DataFrame:
    """Stored transactions in canonical columns, oldest first."""
    if month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise InputError(f"month {month!r} is not YYYY-MM", expected="a month such as 2024-03")
    with workspace.ledger() as ledger:
        return ledger.transactions(month=month, account=account)
