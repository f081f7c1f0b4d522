"""The library entry points: each chains the stages for one thing a user does."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import collector, detect, match, money, report, rulebook, schema, writer
from . import normalise as _normalise
from . import suggest as suggest_mod
from .errors import InputError, LedgerError, ReconError
from .lazy import lazy
from .parsers import ParseOptions, Profile, identify, parse_statement
from .parsers.base import Rejection, SignReading
from .report.marker import is_recon_report
from .rulebook import edit
from .store import Ledger, StoredRows, StoreResult, finish_pending
from .suggest import suggest

if TYPE_CHECKING:
    from . import review
else:  # openpyxl, only to read a report back
    review = lazy("recon.review")

log = logging.getLogger(__name__)

LEDGER_NAME = "ledger.sqlite"
STATEMENT_SUFFIXES = (".ofx", ".qfx", ".qbo", ".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")


@dataclass(frozen=True)
class Workspace:
    """A folder with ``rules/`` and the SQLite ledger."""

    root: Path
    _books: dict[tuple[object, ...], rulebook.Rulebook] = field(
        default_factory=dict, compare=False, repr=False)

    @property
    def rules(self) -> Path:
        return self.root / "rules"

    def book(self) -> rulebook.Rulebook:
        """The rules, loaded once and again only when a file under ``rules/`` changed (a
        ``Workspace`` kept open across calls does not re-read unchanged YAML).

        Raises:
            RulesError: the rules files have mistakes.
        """
        seen: list[tuple[str, int, int]] = []
        for path in self.rules.rglob("*"):
            try:
                info = path.stat()
            except OSError:  # a dangling link: the loader says what is wrong with it
                continue
            seen.append((str(path), info.st_mtime_ns, info.st_size))
        stamp = tuple(sorted(seen))
        if stamp not in self._books:
            self._books.clear()
            self._books[stamp] = rulebook.load_rulebook(self.rules)
        return self._books[stamp]

    @property
    def ledger_path(self) -> Path:
        return self.root / LEDGER_NAME

    def ledger(self) -> Ledger:
        self.root.mkdir(parents=True, exist_ok=True)
        return Ledger(self.ledger_path)

    @property
    def exists(self) -> bool:
        """True when the folder is a workspace (it has ``rules/``)."""
        return self.rules.is_dir()

    def check(self) -> Workspace:
        """This workspace, or an error naming the folder when it is not one (nothing is
        created: a mistyped ``-w`` must not leave a ledger behind).

        Raises:
            InputError: the folder has no ``rules/``.
        """
        if not self.exists:
            what = "does not exist" if not self.root.exists() else "is not a recon workspace"
            raise InputError(f"{self.root} {what} (no rules/ folder): create one with "
                             f"`recon init {self.root}`, or point -w (or RECON_HOME) at yours")
        return self

    # --- the library API: ws = recon.open("~/finances"); ws.import_files(...); ... ------

    def import_files(self, *paths: Path | str, account: str | None = None,
                     currency: str | None = None, profile: str | None = None,
                     skip_bad_rows: bool = False, fmt: str | None = None,
                     failfast: bool = False) -> list[FileReport]:
        """Import statement files or folders; one ``FileReport`` (row accounting) each."""
        options = ParseOptions(account=account, currency=currency.upper() if currency else None,
                               profile=profile)
        return import_files([Path(p).expanduser() for p in paths], self, options,
                            skip_bad_rows=skip_bad_rows, fmt=fmt, failfast=failfast)

    def transactions(self, *, month: str | None = None,
                     account: str | None = None) -> list[dict[str, object]]:
        """Stored transactions with their match, as plain records (``recon transactions``)."""
        from .output import transaction_rows

        return transaction_rows(list_transactions(self, month, account))

    def flags(self, *, month: str | None = None, types: Iterable[str] = (),
              as_of: dt.date | None = None, decided: bool = False) -> list[dict[str, object]]:
        """Open flags, most severe first, as plain records (``recon flags --format json``)."""
        from .output import flag_rows

        return flag_rows(list_flags(self, month, types, as_of, decided))

    def subscriptions(self, *, as_of: dt.date | None = None) -> list[dict[str, object]]:
        """Each catalogue entry's state (``recon subs --format json``)."""
        from .output import subscription_rows

        return subscription_rows(analyse(self, as_of))

    def upcoming(self, *, days: int | None = None,
                 as_of: dt.date | None = None) -> list[Renewal]:
        """Renewals due soon (``recon upcoming``)."""
        return upcoming_renewals(self, days, as_of)

    def discover(self, *, write: bool = False, names: Iterable[str] = (),
                 everything: bool = False,
                 as_of: dt.date | None = None) -> list[tuple[detect.Series, dict[str, object]]]:
        """Recurring charges in no catalogue entry; with ``write``, add those ``names``
        (or ``everything``) to the catalogue (``recon discover``)."""
        return discover_series(self, write, as_of, names, everything)

    def report(self, path: Path | str, *, month: str | None = None,
               start: dt.date | None = None, end: dt.date | None = None,
               as_of: dt.date | None = None, force: bool = False) -> report.Report:
        """Write the Excel report (``recon report``) and return its content."""
        return write_report(self, Path(path).expanduser(), month, start, end, as_of,
                            force=force)

    def apply_review(self, path: Path | str, *, dry_run: bool = False) -> review.Outcome:
        """Apply a report's Review column (``recon review apply``)."""
        return apply_review(self, Path(path).expanduser(), dry_run)


def open_workspace(root: Path | str) -> Workspace:
    """The workspace in ``root`` (``~`` expanded).

    Raises:
        InputError: ``root`` is not a workspace (see ``recon init``).
    """
    return Workspace(Path(root).expanduser()).check()


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
    skipped: str | None = None  # why a file found in a folder is not a statement recon reads
    charges_positive: bool = False  # charges were positive in the file: read as money out
    #: readings the parser chose where the file could not decide, with the option that
    #: forces the other (sign, day/month order): shown without -v
    warnings: list[str] = field(default_factory=list)
    #: the currency given to the file's rows because it names none (the default)
    currency_fallback: str | None = None
    #: the layout the rows were read with (a ``Profile``; ``source`` "inferred" when recon
    #: inferred it): ``-v`` prints it as a profile the user can paste
    layout: object | None = None
    money_in: int = 0  # rows read as money in (positive amounts)
    #: how the parser read the amounts' signs (``parsers.base.SignReading``)
    sign_readings: list[SignReading] = field(default_factory=list)

    def sign_warning(self) -> str | None:
        """A line when the reading of the file's signs deserves a look, else None: its
        charges were positive numbers turned into money out, or nearly every row came out
        as money in (a card export whose charges are positive, read as payments)."""
        rows = self.imported + self.present
        if self.charges_positive:
            return (f"{self.path.name}: charges were positive numbers in the file and were read "
                    "as money out (a card export); check that its payments show as money in")
        if any(r.warned for r in self.sign_readings):
            return None  # the parser said which reading it took and how to force the other
        if rows >= 5 and self.money_in * 10 >= rows * 9:
            return (f"{self.path.name}: {self.money_in} of {rows} rows were read as money in; "
                    "if its charges are positive numbers (a card export), import it again "
                    "with --sign charges-positive")
        return None
    added: StoredRows | None = None  # the rows imported, when ``keep_rows`` asked for them


def init_workspace(root: Path, currency: str | None = None) -> list[Path]:
    """Create ``rules/`` from the templates (an empty, commented catalogue) and an empty
    ledger; existing files are kept. ``currency``: the workspace currency (of statements that
    name none); without it, it is taken from the first statements imported.

    Returns:
        The files created.

    Raises:
        InputError: ``currency`` is not an ISO 4217 code.
    """
    if currency and not money.is_currency(currency):
        raise InputError(f"{currency!r} is not an ISO 4217 code",
                         expected="a currency code such as EUR")
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
    if currency and rulebook.load_default_currency(rules / "settings.yaml") is None:
        set_currency(Workspace(root), currency.upper())
    ws = Workspace(root)
    if not ws.ledger_path.exists():
        ws.ledger().close()
        created.append(ws.ledger_path)
    return created


_CURRENCY_LINE = re.compile(r"^#? ?currency:.*$", re.M)


def set_currency(workspace: Workspace, code: str) -> None:
    """Write ``currency: CODE`` in ``rules/settings.yaml`` (in place of the template's
    commented line, or appended), keeping every other line as it is."""
    path = workspace.rules / "settings.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    line = f"currency: {code}"
    found = _CURRENCY_LINE.search(text)
    if found:
        text = text[:found.start()] + line + text[found.end():]
    else:
        text = text + ("" if text.endswith("\n") or not text else "\n") + line + "\n"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def settle_currency(workspace: Workspace, kept: Iterable[StoredRows] = ()) -> str | None:
    """Give a workspace with no currency the one its ledger's statements are in (rows
    ``kept`` by this process's import are counted from memory: a writer process may still be
    storing them).

    Returns a line for the user: the currency set, or why none was (several in the
    ledger); None when the workspace already has one or the ledger is empty.
    """
    if rulebook.load_default_currency(workspace.rules / "settings.yaml"):
        return None
    kept = list(kept)
    outside = "".join(f" AND rowid NOT BETWEEN {int(k.first_rowid)} AND {int(k.last_rowid)}"
                      for k in kept)
    with workspace.ledger() as ledger:
        tally = Counter(dict(ledger.db.execute(
            f"SELECT currency, count(*) FROM transactions WHERE 1{outside} GROUP BY currency")))
    for part in kept:
        tally.update(part.rows["currency"].value_counts().to_dict())
    counts = tally.most_common()
    if not counts:
        return None
    if len(counts) > 1:
        listed = ", ".join(f"{c} ({n} rows)" for c, n in counts)
        return (f"the statements are in several currencies ({listed}): the workspace "
                "currency is not set; set `currency:` in rules/settings.yaml")
    code = str(counts[0][0])
    set_currency(workspace, code)
    return (f"workspace currency: {code}, as in the statements (rules/settings.yaml; "
            "used for files that name none and for catalogue amounts)")


def template_rules(workspace: Workspace) -> bool:
    """True when the workspace's catalogue and rules are still the empty templates."""
    templates = resources.files("recon") / "templates" / "rules"
    for name in ("subscriptions.yaml", "rules.yaml"):
        mine = workspace.rules / name
        if mine.exists() and mine.read_bytes() != (templates / name).read_bytes():
            return False
    return True


def bundled_rules(paths: Iterable[Path]) -> Path | None:
    """A ``rules/`` folder travelling with the statements (``samples/rules``): the first
    folder given that holds ``rules/subscriptions.yaml``."""
    for p in paths:
        if p.is_dir() and (p / "rules" / "subscriptions.yaml").is_file():
            return p / "rules"
    return None


def adopt_rules(workspace: Workspace, paths: Iterable[Path]) -> str | None:
    """Take the rules that travel with the statements into a workspace whose rules are
    still the empty templates (the demo: ``recon run samples/``). A workspace with rules of
    its own keeps them. Returns a line saying what happened, or None."""
    folder = bundled_rules(paths)
    if folder is None:
        return None
    if all((workspace.rules / f.name).is_file()
           and (workspace.rules / f.name).read_bytes() == f.read_bytes()
           for f in folder.glob("*.yaml")):
        return None  # adopted before
    if not template_rules(workspace):
        return f"{folder} not used: the workspace has rules of its own"
    workspace.rules.mkdir(parents=True, exist_ok=True)
    has_currency = rulebook.load_default_currency(workspace.rules / "settings.yaml")
    for src in sorted(folder.glob("*.yaml")):
        if src.name == "settings.yaml" and has_currency:
            continue  # the workspace's own currency stays
        shutil.copyfile(src, workspace.rules / src.name)
    return f"using the rules that came with the statements: {folder} copied to {workspace.rules}"


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and files inside directories (sorted, recursively; hidden files and
    a ``rules/`` folder travelling with the statements left out)."""
    return [path for path, _named in gather(paths)]


def gather(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """Each file to import, and whether the user named it (False: found in a folder). A
    file found in a folder that is not a statement is skipped with a reason, not an error."""
    out: list[tuple[Path, bool]] = []
    for p in paths:
        if not p.is_dir():
            out.append((p, True))
            continue
        bundled = bundled_rules([p])
        for f in sorted(p.rglob("*")):
            rel = f.relative_to(p).parts
            if any(part.startswith((".", "~$")) for part in rel) or not f.is_file():
                continue  # hidden files, lock files and what is inside hidden folders
            if bundled is not None and f.is_relative_to(bundled):
                continue
            out.append((f, False))
    return out


def _refuse_own_report(path: Path) -> None:
    """A report recon wrote, named as a statement, is refused (in a folder it is skipped)."""
    if is_recon_report(path):
        raise InputError("a report recon wrote, not a statement", path=path,
                         expected="a bank or card statement (recon never reads its own reports)")


def _not_a_statement(path: Path, profiles: tuple[Profile, ...], fmt: str | None) -> str | None:
    """Why a file found in a folder is not one recon reads (None: it is a statement)."""
    if is_recon_report(path):
        return "a report recon wrote"
    try:
        identify(path, profiles, fmt)
    except InputError as exc:
        return exc.message
    if path.suffix.lower() not in STATEMENT_SUFFIXES and not fmt:  # text read as a table
        return f"not a statement file type ({path.suffix or 'no extension'})"
    return None


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
            options = dataclasses.replace(options, currency=default)
    return options, profiles


def import_file(
    path: Path,
    ledger: Ledger,
    options: ParseOptions,
    profiles: tuple[Profile, ...] = (),
    skip_bad_rows: bool = False,
    fmt: str | None = None,
    keep_rows: bool = False,
    again: bool = False,
) -> FileReport:
    """Parse, normalise and store one statement; the ledger changes only if all goes well.

    Raises:
        ReconError: the file cannot be read, or has bad rows and ``skip_bad_rows`` is off.
    """
    report = FileReport(path=path)
    _refuse_own_report(path)
    result = parse_statement(path, options, profiles, fmt)
    report.parser, report.notes = result.parser, result.notes
    # hook: the parser says when it read a file's charges as positive numbers (a card
    # export) and turned them into money out; the summary tells the user so they can check
    # charges turned on the file's words or payments alone (a balance or OFX types cross-check
    # the reading; the user's option or profile chose it): the summary says so once
    report.charges_positive = any(
        r.charges_positive and r.by in ("payments", "words") and not r.warned
        for r in result.sign_readings)
    report.warnings = list(result.warnings)
    report.sign_readings = list(result.sign_readings)
    report.currency_fallback = result.currency_fallback
    report.layout = result.layout
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
    stored = store_rows(ledger, canonical, path, result.parser,
                        rows_read=len(canonical) + len(result.rejected),
                        rejections=[(r.location, r.reason) for r in result.rejected],
                        keep=keep_rows, again=again)
    report.added = stored.added
    report.money_in = int((canonical["amount_minor"] > 0).sum())
    report.rows_read = len(canonical) + len(result.rejected)
    report.imported, report.present = stored.imported, stored.present
    report.present_from, report.same_file_as = stored.present_from, stored.same_file_as
    report.rejected = result.rejected
    return report


def store_rows(ledger: Ledger, canonical: pd.DataFrame, path: Path, parser: str,
               rows_read: int, rejections: list[tuple[str, str]], keep: bool = False,
               again: bool = False) -> StoreResult:
    """Store one file's canonical rows. Rows kept for an analysis that follows (``keep``)
    are stored by a writer process when there are many (``recon.writer``): the analysis
    runs meanwhile, and the ledger's next write waits for the writer."""
    if keep:
        behind = writer.store_behind(ledger, canonical, path, parser, rows_read, rejections,
                                     _normalise.CLEANER_VERSION, again)
        if behind is not None:
            return behind
    return ledger.store(canonical, path, parser, rows_read, rejections,
                        key_version=_normalise.CLEANER_VERSION, keep=keep, again=again)


def _stored(report: FileReport, on_file: Callable[[FileReport], None] | None) -> bool:
    """Wait for the writer process storing ``report``'s rows; when it failed, the report
    says so (nothing of the file was stored) and is told again to ``on_file``."""
    try:
        settle_stores([report])
    except LedgerError as exc:
        report.error, report.added = exc, None
        report.imported = report.present = 0
        report.present_from, report.same_file_as = {}, None
        if on_file:
            on_file(report)
        return False
    return True


def settle_stores(reports: Iterable[FileReport]) -> None:
    """Wait for the writer processes still storing these reports' rows; raises the first
    error (a command that stops before its analysis wrote must not end before them)."""
    for r in reports:
        if r.added is not None and r.added.settle is not None:
            r.added.settle()


def import_files(
    paths: Iterable[Path],
    workspace: Workspace,
    options: ParseOptions | None = None,
    skip_bad_rows: bool = False,
    fmt: str | None = None,
    failfast: bool = False,
    on_file: Callable[[FileReport], None] | None = None,
    keep_rows: bool = False,
    on_note: Callable[[str], None] | None = None,
    again: bool = False,
) -> list[FileReport]:
    """Import statement files (and directories of them) into the workspace ledger.

    Each file is stored in its own database transaction. A bad file is reported in its
    ``FileReport.error`` and the others are still imported, unless ``failfast``. With
    ``keep_rows`` each report holds the rows it added, for an analysis that follows
    (``analyse(..., imported=reports)``) to take instead of reading them back. Files found
    in a folder that are not statements are reported as ``skipped``, not as errors. A
    workspace with no currency takes the one of its statements (``on_note`` hears of it).

    Raises:
        InputError: no statement files were given.
    """
    options = options or ParseOptions()
    files = gather(paths)
    if not files:
        raise InputError("no statement files found", expected="files or folders of statements")
    options, profiles = _with_workspace_rules(workspace, options)
    reports = []
    with workspace.ledger() as ledger:
        behind: FileReport | None = None  # the file a writer process is storing
        for path, named in files:
            if behind is not None and not _stored(behind, on_file):
                break
            why = None if named else _not_a_statement(path, profiles, fmt)
            if why is not None:
                report = FileReport(path=path, skipped=why)
            else:
                try:
                    report = import_file(path, ledger, options, profiles, skip_bad_rows, fmt,
                                         keep_rows, again)
                except ReconError as exc:
                    if exc.path is None:
                        exc.path = path
                    if not named and exc.line is None and path.suffix.lower() == ".txt":
                        # a text file in a folder that holds no transaction table: notes
                        reports.append(FileReport(path=path, skipped=exc.message))
                        if on_file:
                            on_file(reports[-1])
                        continue
                    if options.currency is None and "currency" in exc.message:
                        exc.hint = ("the file names no currency and the workspace has none "
                                    "yet: give --currency CODE (or `recon init --currency`)")
                    report = FileReport(path=path, error=exc)
            reports.append(report)
            if on_file:
                on_file(report)
            behind = report if report.added is not None and report.added.settle else None
            if report.error and (failfast or isinstance(report.error, LedgerError)):
                break  # a locked ledger: the next file would wait and fail the same way
    if any(r.imported for r in reports):
        note = settle_currency(workspace, [r.added for r in reports if r.added is not None])
        if note:
            (on_note or log.info)(note)
    return reports


def list_transactions(
    workspace: Workspace, month: str | None = None, account: str | None = None
) -> pd.DataFrame:
    """Stored transactions, oldest first, with their match (subscription, score, method).

    Raises:
        RulesError: the rules files have mistakes.
    """
    _check_month(month)
    frame = match_ledger(workspace)
    if month:
        frame = frame[_in_month(frame["posted_date"], month)]
    if account:
        frame = frame[frame["account"] == account]
    return frame.reset_index(drop=True)


# --- match and detect -------------------------------------------------------------------


@dataclass
class Analysis:
    """The ledger matched against the rules, and what the detectors found."""

    book: rulebook.Rulebook
    transactions: pd.DataFrame  # canonical columns + match columns
    detection: detect.Detection
    as_of: dt.date
    records: dict[str, dict[str, str | None]] = field(default_factory=dict)  # id -> stored flag

    @property
    def flags(self) -> pd.DataFrame:
        """Every flag found, decided or not, with ``first_seen``, ``decision`` and ``note``."""
        flags = self.detection.flags
        return flags.assign(**{
            column: pd.Series([self.records.get(i, {}).get(column) for i in flags["id"]],
                              index=flags.index, dtype=object)
            for column in ("first_seen", "decision", "note")})

    @property
    def open_flags(self) -> pd.DataFrame:
        """Flags not yet decided in a review, and disputed ones (they stay open)."""
        flags = self.flags
        keep = flags["decision"].isna() | flags["decision"].eq("dispute")
        return flags[keep].reset_index(drop=True)


def match_stored(ledger: Ledger, book: rulebook.Rulebook,
                 kept: list[StoredRows] | None = None, save: bool = True) -> pd.DataFrame:
    """The whole ledger matched, and the matches stored (unless not ``save``: the caller
    stores them with ``Ledger.save_matches``). Rows ``kept`` by this process's import are
    taken from memory rather than read back; the list is emptied once they are in the
    ledger's frame, so they are not held twice.

    Merchant keys come from the current cleaner: when the ledger's keys were made by an
    older one, they are recomputed and stored, so an improved normaliser helps old imports.
    """
    in_memory = sum(len(part.rows) for part in kept or ())
    frame = ledger.transactions(stored=kept or ())
    if kept:
        kept.clear()
    # rows this process imported have keys by this cleaner; the others may need new ones
    # (a ledger that held none before the import has none to redo)
    if len(frame) > in_memory and (
            ledger.meta("merchant_key_version") != _normalise.CLEANER_VERSION):
        frame["merchant_key"] = _normalise.merchant_keys(frame["description_raw"])
        ledger.update_merchant_keys(frame[["txn_id", "merchant_key"]],
                                    _normalise.CLEANER_VERSION)
    with collector.paused():  # candidate lists and pairs: many objects, no cycles
        matched = match.match_subscriptions(frame, book)
    if save:
        ledger.save_matches(matched)
    return matched


def match_ledger(workspace: Workspace) -> pd.DataFrame:
    """Every stored transaction linked to the catalogue (and stored with its match).

    Raises:
        RulesError: the rules files have mistakes.
    """
    book = workspace.book()
    with workspace.ledger() as ledger:
        return match_stored(ledger, book)


def analyse(workspace: Workspace, as_of: dt.date | None = None,
            imported: Iterable[FileReport] = ()) -> Analysis:
    """Match the whole ledger and run the detectors, as of ``as_of`` (default today).
    ``imported``: reports of an import just done with ``keep_rows``; the analysis takes the
    rows they hold instead of reading them back (see ``match_stored``).

    Flags are recorded in the ledger with the date each was first seen.

    Raises:
        RulesError: the rules files have mistakes.
    """
    book = workspace.book()
    day = as_of or dt.date.today()
    kept = []
    for r in imported:  # the analysis takes the rows from the reports
        if r.added is not None:
            kept.append(r.added)
            r.added = None
    with workspace.ledger() as ledger:
        matched = match_stored(ledger, book, kept, save=False)
        found = detect.detect(matched, book, day)
        # the first write: it waits for a writer process still storing the imported rows
        ledger.save_matches(matched)
        ledger.save_flags(found.flags)
        records = ledger.flag_records(list(found.flags["id"]))
    return Analysis(book, matched, found, day, records)


def _check_month(month: str | None) -> None:
    if month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise InputError(f"month {month!r} is not YYYY-MM", expected="a month such as 2024-03")


def _in_month(dates: pd.Series, month: str) -> pd.Series:
    return dates.map(lambda d: d.isoformat()[:7] == month).astype(bool)


def list_flags(workspace: Workspace, month: str | None = None,
               types: Iterable[str] = (), as_of: dt.date | None = None,
               decided: bool = False) -> pd.DataFrame:
    """Open flags (most severe first), optionally of one month (by date) and some types;
    with ``decided``, also those settled in a review."""
    _check_month(month)
    found = analyse(workspace, as_of)
    flags = found.flags if decided else found.open_flags
    if month and len(flags):
        flags = flags[_in_month(flags["posted_date"], month)]
    wanted = tuple(types)
    if wanted and len(flags):
        flags = flags[flags["type"].isin(wanted)]
    return flags.reset_index(drop=True)


@dataclass(frozen=True)
class Renewal:
    """A renewal expected in the coming days."""

    date: dt.date
    subscription: rulebook.Subscription
    amount_minor: int | None
    currency: str | None
    account: str | None
    cancel_by: dt.date | None


def upcoming_renewals(workspace: Workspace, days: int | None = None,
                      as_of: dt.date | None = None) -> list[Renewal]:
    """Renewals due from ``as_of`` (default today) for ``days`` (default: the reminder
    windows of settings.yaml, longer for yearly plans), or whose cancel-by date falls in
    that window; soonest first."""
    return renewals(analyse(workspace, as_of), days)


def renewals(found: Analysis, days: int | None = None) -> list[Renewal]:
    """The renewals due soon of an analysis (see ``upcoming_renewals``)."""
    settings = found.book.settings
    out = []
    for state in found.detection.states:
        sub = state.subscription
        window = days if days is not None else (
            settings.remind_days_yearly if sub.every.is_yearly else settings.remind_days)
        soon = detect.renewal_soon(state, found.as_of, window)
        if soon is None:
            continue
        out.append(Renewal(soon[0], sub, state.expected_amount, state.currency, state.account,
                           soon[1]))
    return sorted(out, key=lambda r: (r.date, r.subscription.name))


def suggestions(found: Analysis) -> list[tuple[detect.Series, dict[str, object]]]:
    """Each discovered series with the catalogue entry recon suggests for it."""
    return suggest(found.detection.series, (s.name for s in found.book.subscriptions))


def discover_series(workspace: Workspace, write: bool = False,
                    as_of: dt.date | None = None, names: Iterable[str] = (),
                    everything: bool = False) -> list[tuple[detect.Series, dict[str, object]]]:
    """Recurring charges that no catalogue entry covers, each with a suggested entry.

    With ``write``, the suggestions ``names`` (suggested name or merchant, any case), or
    with ``everything`` all of them, are appended to ``rules/subscriptions.yaml`` (the
    user's comments and order are kept; nothing already there changes). Returns the
    suggestions, or with ``write`` the ones written.

    Raises:
        InputError: ``write`` without names or ``everything``, or a name no suggestion has.
    """
    pairs = suggestions(analyse(workspace, as_of))
    if not write:
        return pairs
    wanted = list(names)
    if not wanted and not everything:
        listed = ", ".join(repr(str(e["name"])) for _, e in pairs) or "none"
        raise InputError("say which suggestions to add: `recon discover --write NAME...` "
                         f"(suggested: {listed}), or --all for every one")
    picked, unknown = (pairs, []) if everything else suggest_mod.chosen(pairs, wanted)
    if unknown:
        listed = ", ".join(repr(str(e["name"])) for _, e in pairs) or "none"
        raise InputError(f"no suggestion named {', '.join(map(repr, unknown))}",
                         expected=f"one of {listed}")
    if picked:
        lines = [edit.flow_item(entry, f"found by recon discover: {len(s.txn_ids)} charges "
                                f"since {s.dates[0]}") for s, entry in picked]
        edit.append_items(workspace.rules / "subscriptions.yaml", lines)
    return picked


def latest_date(workspace: Workspace, imported: Iterable[FileReport] = ()) -> dt.date | None:
    """The newest posted date in the ledger (None when it is empty), with the rows the
    ``imported`` reports hold (a writer process may still be storing them)."""
    with workspace.ledger() as ledger:
        (value,) = ledger.db.execute("SELECT max(posted_date) FROM transactions").fetchone()
    dates = [r.added.rows["posted_date"].max() for r in imported
             if r.added is not None and len(r.added.rows)]
    if value:
        dates.append(dt.date.fromisoformat(value))
    return max(dates, default=None)


def build_report(workspace: Workspace, month: str | None = None, start: dt.date | None = None,
                 end: dt.date | None = None, as_of: dt.date | None = None,
                 imported: Iterable[FileReport] = ()) -> report.Report:
    """The report of a period (default: the latest month in the ledger). ``imported``: see
    ``analyse``.

    Raises:
        InputError: a bad or empty period. RulesError: the rules files have mistakes.
    """
    imported = list(imported)
    period = report.choose_period(latest_date(workspace, imported), month, start, end)
    found = analyse(workspace, as_of, imported)
    return report.build(found, period, renewals(found), suggestions(found))


def lock_file(path: Path) -> Path | None:
    """The lock file LibreOffice (``.~lock.NAME#``) or Excel (``~$NAME``) keeps beside a
    workbook it has open, or None."""
    for name in (f".~lock.{path.name}#", f"~${path.name}"):
        lock = path.with_name(name)
        if lock.exists():
            return lock
    return None


def refuse_open_report(out: Path) -> None:
    """Refuse to write over a report open in a spreadsheet application.

    Raises:
        InputError: a lock file sits beside ``out``.
    """
    lock = lock_file(out) if out.exists() else None
    if lock is not None:
        raise InputError(
            f"{out.name} is open in a spreadsheet application ({lock.name} beside it): "
            "writing over it would lose unsaved Review choices", path=out,
            hint=f"save and close it, run `recon review apply {out}`, then write the report "
                 "again (or overwrite it with --force)")


def pending_choices(workspace: Workspace, out: Path, found: Analysis | None = None) -> int:
    """How many Review choices in the report at ``out`` are not applied yet (0 when there is
    no report there).

    Raises:
        InputError: ``out`` is not a recon report, or holds a Review value that cannot be
        applied (naming the cell): it is the user's work either way.
    """
    if not out.exists():
        return 0
    decisions = review.read_decisions(out)
    if not decisions:
        return 0
    found = found or analyse(workspace)
    with workspace.ledger() as ledger:
        stored = ledger.flag_records()
    outcome = review.apply(decisions, found, workspace.rules, dt.date.today(), stored)
    return len(decisions) - outcome.unchanged


def write_report(workspace: Workspace, out: Path, month: str | None = None,
                 start: dt.date | None = None, end: dt.date | None = None,
                 as_of: dt.date | None = None,
                 imported: Iterable[FileReport] = (), force: bool = False) -> report.Report:
    """Write the Excel report of a period to ``out`` (atomically) and return its content.
    ``imported``: see ``analyse``. Unless ``force``, a report at ``out`` that is open in a
    spreadsheet application or holds Review choices not yet applied is not overwritten.

    Raises:
        InputError: a bad or empty period, ``out`` cannot be written, or (without ``force``)
        it holds unapplied choices or is open.
        RulesError: the rules files have mistakes.
    """
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"the report is an Excel file: {out.name} should end in .xlsx",
                         path=out)
    if not force:
        refuse_open_report(out)
    imported = list(imported)
    period = report.choose_period(latest_date(workspace, imported), month, start, end)
    found = analyse(workspace, as_of, imported)
    if not force and out.exists():
        try:
            pending = pending_choices(workspace, out, found)
        except InputError as exc:
            raise InputError(f"not writing over {out.name}: {exc.message}", path=out,
                             line=exc.line, hint="fix or apply it with `recon review apply "
                             f"{out}`, write elsewhere with -o, or overwrite with --force"
                             ) from exc
        if pending:
            raise InputError(
                f"{out.name} holds {pending} Review choice(s) not applied yet; writing over "
                "it would lose them", path=out,
                hint=f"apply them with `recon review apply {out}` first (or overwrite with "
                     "--force)")
    content = report.build(found, period, renewals(found), suggestions(found))
    try:
        report.write(content, out)
    except OSError as exc:
        raise InputError(f"cannot write the report: {exc.strerror or exc}", path=out) from exc
    return content


def apply_review(workspace: Workspace, path: Path, dry_run: bool = False,
                 today: dt.date | None = None) -> review.Outcome:
    """Apply the decisions written in a report's Review column.

    Rules files are edited and decisions recorded in the ledger by flag id, unless
    ``dry_run``. Nothing changes when any decision is wrong.

    Raises:
        InputError: not a report, or a decision that cannot be applied (naming its cell).
        RulesError: the rules files have mistakes.
    """
    decisions = review.read_decisions(path)
    day = today or dt.date.today()
    found = analyse(workspace)
    with workspace.ledger() as ledger:
        stored = ledger.flag_records()
    try:
        outcome = review.apply(decisions, found, workspace.rules, day, stored)
    except InputError as exc:
        exc.path = path
        raise
    if not dry_run and (outcome.recorded or outcome.files):  # decisions and rules: one unit
        with workspace.ledger() as ledger:
            ledger.decide(outcome.recorded, day, outcome.files, f"review of {path.name}")
    return outcome


def preview_files(paths: Iterable[Path], workspace: Workspace,
                  options: ParseOptions | None = None, fmt: str | None = None,
                  rows: int = 10) -> list[tuple[Path, str | ReconError]]:
    """``recon import --dry-run``: per statement file, the layout recon would read it with
    and its first ``rows`` rows exactly as they would be stored (or the refusal), storing
    nothing. The workspace's profiles and currency are used when it is one."""
    from .parsers.preview import preview

    options = options or ParseOptions()
    profiles: tuple[Profile, ...] = ()
    if workspace.exists:
        options, profiles = _with_workspace_rules(workspace, options)
    out: list[tuple[Path, str | ReconError]] = []
    for path, named in gather(paths):
        if not named and _not_a_statement(path, profiles, fmt) is not None:
            continue
        try:
            _refuse_own_report(path)
            out.append((path, preview(path, options, profiles, fmt, rows)))
        except ReconError as exc:
            if exc.path is None:
                exc.path = path
            out.append((path, exc))
    return out


def finish_pending_review(workspace: Workspace) -> list[str]:
    """Complete a review interrupted after its commit (the journal in the ledger) before the
    rules are read; returns what was done (also logged as a warning)."""
    return finish_pending(workspace.ledger_path)


def check_rules(workspace: Workspace) -> tuple[rulebook.Rulebook, list[str]]:
    """The rulebook and every problem in it (as ``file:line: message``)."""
    book, problems = rulebook.check_rulebook(workspace.rules)
    return book, problems.lines()


def explain_match(workspace: Workspace, description: str, amount: Decimal,
               account: str = "", date: dt.date | None = None,
               currency: str | None = None) -> match.Explanation:
    """Explain how one transaction would be matched (``recon rules test``).

    Raises:
        RulesError: the rules files have mistakes.
    """
    book = workspace.book()
    if not (currency or book.settings.currency):
        raise InputError("the workspace has no currency yet (rules/settings.yaml)",
                         hint="give --currency CODE, or import a statement first")
    code = str(currency or book.settings.currency).upper()
    row = pd.DataFrame([{
        "txn_id": "test", "account": account, "posted_date": date or dt.date.today(),
        "amount_minor": -abs(money.to_minor(amount, code)) if amount else 0,
        "currency": code, "description_raw": description,
        "merchant_key": _normalise.merchant_key(description), "ref": None,
        "source_file": "", "source_row": "", "parser": "",
    }])
    return match.explain(row, book)
