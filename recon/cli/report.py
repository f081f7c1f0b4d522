"""``recon run``, ``recon report`` and ``recon review apply``: the monthly round trip
(registered on the ``recon`` group by ``recon.cli``)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import shown
from ..lazy import lazy
from .common import AS_OF, Date, day, print_report, reading_options, say, workspace_of

if TYPE_CHECKING:
    from .. import money, parsers, pipeline, report
    from ..pipeline import FileReport
else:  # imported on first use (see recon.lazy)
    money, parsers, pipeline = lazy("recon.money"), lazy("recon.parsers"), lazy("recon.pipeline")
    report = lazy("recon.report")


class Progress:
    """One updating status line on stderr, only when stderr is a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.on = not quiet and sys.stderr.isatty()
        self.width = 0

    def __call__(self, text: str) -> None:
        if self.on:
            line = text[:100]
            sys.stderr.write("\r" + line.ljust(self.width))
            sys.stderr.flush()
            self.width = len(line)

    def done(self) -> None:
        if self.on and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0


PERIOD_OPTIONS = (
    click.option("--month", help="Report this month, YYYY-MM (default: the latest month in "
                 "the ledger)."),
    click.option("--from", "start", type=Date(),
                 help="Report from this day, YYYY-MM-DD (with --to)."),
    click.option("--to", "end", type=Date(),
                 help="Report up to this day, YYYY-MM-DD."),
    AS_OF,
    click.option("--force", is_flag=True,
                 help="Write over a report even if it holds Review choices not applied yet "
                      "or is open in a spreadsheet."),
)


def _period_options(func):  # type: ignore[no-untyped-def]
    for option in reversed(PERIOD_OPTIONS):
        func = option(func)
    return func


def _summary_lines(content: report.Report, out: Path,
                   imported: list[FileReport] | None = None) -> list[str]:
    flags = content.flags
    lines = [f"report for {content.period.label}: {out}"]
    for r in imported or []:
        warning = r.sign_warning() if r.imported else None
        if warning:
            lines.append(warning)
    if len(flags):
        counts = flags["type"].value_counts()
        kinds = ", ".join(f"{n} {t}" for t, n in counts.items())
        lines.append(f"{len(flags)} open flag(s): {kinds}")
        disputed = int(flags["decision"].eq("dispute").sum())
        if disputed:
            lines.append(f"{disputed} of them disputed, still open")
    else:
        lines.append("no open flags: nothing needs a look")
    for cur, minor in sorted(content.subscription_spend.items()):
        lines.append(f"subscription spend in the period: {money.format_minor(minor, cur)} {cur}")
    if len(content.suggestions):
        lines.append(f"{len(content.suggestions)} recurring charge(s) not in the catalogue: "
                     "see the Suggestions sheet")
    lines.extend(content.notes)
    lines.append(f"next: fill in the Review column, then `recon review apply {out}`")
    return lines


@click.command(short_help="Import, match, detect and write the Excel report.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("report.xlsx"), show_default=True, help="Where to write the report.")
@click.option("--account", help="Account name for every row (overrides the files).")
@click.option("--currency", help="Currency for files that name none, e.g. EUR.")
@click.option("--skip-bad-rows", is_flag=True,
              help="Import the readable rows of a file and list the rest as rejected.")
@reading_options
@_period_options
@click.pass_context
def run(ctx: click.Context, paths: tuple[Path, ...], output: Path, account: str | None,
        currency: str | None, skip_bad_rows: bool, sign: str | None, date_order: str | None,
        again: bool, month: str | None, start: dt.datetime | None, end: dt.datetime | None,
        as_of: dt.datetime | None, force: bool) -> None:
    """The main job: import statements, link charges to your subscriptions, find what needs
    a look, and write the Excel report of the latest month.

    The workspace is created if it has no rules/ yet (a statements folder that carries a
    rules/ folder, like samples/, gives a new workspace its rules). Files already imported
    add nothing. Files in a folder that are not statements are listed as skipped; a file
    that cannot be read is listed and the report covers the rest (exit code 1). A report
    holding Review choices not applied yet is not overwritten (--force does).

    \b
    Example: recon run ~/Downloads/statements/ -o report.xlsx
    """
    if currency and not money.is_currency(currency):
        raise click.BadParameter(f"{currency!r} is not an ISO 4217 code", param_hint="--currency")
    ws = pipeline.Workspace(Path(ctx.obj["workspace"]))
    if not ws.exists:
        pipeline.init_workspace(ws.root)
        say(ctx, f"created a workspace in {shown(ws.root)} (rules/ and the ledger)")
    else:
        pipeline.finish_pending_review(ws)
    adopted = pipeline.adopt_rules(ws, paths)
    if adopted:
        say(ctx, adopted)
    if not force:
        pipeline.refuse_open_report(output)
    quiet, verbose = ctx.obj["quiet"], ctx.obj["verbose"]
    progress = Progress(quiet)
    started = time.monotonic()
    files = pipeline.gather(paths)
    done: list[FileReport] = []

    def on_file(r: FileReport) -> None:
        done.append(r)
        progress(f"imported {len(done)}/{len(files)} files: {r.path.name}")
        new = r.imported and r.account_guessed
        if (verbose or r.error or r.skipped or r.rejected and not r.same_file_as or new
                or r.warnings or r.currency_fallback and r.imported):
            progress.done()
            print_report(r, verbose, quiet, signs=False)

    def on_note(line: str) -> None:
        progress.done()
        say(ctx, line)

    options = parsers.ParseOptions(account=account, currency=currency.upper() if currency else None,
                                   sign=sign, date_order=date_order.upper() if date_order else None)
    reports = pipeline.import_files(paths, ws, options, skip_bad_rows=skip_bad_rows,
                                    on_file=on_file, keep_rows=True, on_note=on_note, again=again)
    progress("matching, detecting and writing the report...")
    try:
        content = pipeline.write_report(ws, output, month, day(start), day(end), day(as_of),
                                        imported=reports, force=force)
    except BaseException:
        progress.done()
        pipeline.writer.finish()  # a file still being stored is stored whole, or its error is said
        raise
    finally:
        progress.done()
    failed = [r for r in reports if r.error]
    skipped = [r for r in reports if r.skipped]
    read = [r for r in reports if not r.skipped]
    say(ctx,
        f"{len(read)} file(s): read {sum(r.rows_read for r in read)} rows, imported "
        f"{sum(r.imported for r in read)}, already present "
        f"{sum(r.present for r in read)}, rejected {sum(len(r.rejected) for r in read)}"
        + (f"; {len(failed)} file(s) refused (listed above)" if failed else "")
        + (f"; {len(skipped)} skipped (not statements)" if skipped else ""))
    for line in _summary_lines(content, output, read):
        say(ctx, line)
    if verbose:
        say(ctx, f"took {time.monotonic() - started:.1f} s")
    if failed:
        ctx.exit(1)


@click.command("report", short_help="Write the Excel report from the ledger.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("report.xlsx"), show_default=True, help="Where to write the report.")
@_period_options
@click.pass_context
def report_(ctx: click.Context, output: Path, month: str | None, start: dt.datetime | None,
            end: dt.datetime | None, as_of: dt.datetime | None, force: bool) -> None:
    """Write the Excel report of one period from what is in the ledger: a Summary, the
    open Flags with a Review column, Subscriptions, Upcoming renewals, Suggestions and the
    period's Transactions. A report holding Review choices not applied yet (or open in a
    spreadsheet) is not overwritten unless you give --force.

    \b
    Example: recon report --month 2026-10 -o october.xlsx
    """
    ws = workspace_of(ctx)
    progress = Progress(ctx.obj["quiet"])
    progress("matching, detecting and writing the report...")
    try:
        content = pipeline.write_report(ws, output, month, day(start), day(end),
                                        day(as_of), force=force)
    finally:
        progress.done()
    for line in _summary_lines(content, output):
        say(ctx, line)


@click.group(short_help="Apply the decisions written in a report.")
def review() -> None:
    """Read your decisions from a report's Review column and update the rules.

    \b
    Example: recon review apply report.xlsx --dry-run
    """


@review.command("apply")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.pass_context
def review_apply(ctx: click.Context, path: Path, dry_run: bool) -> None:
    """Apply the Review column of a report (saved by Excel or LibreOffice).

    \b
    On the Flags sheet:
      ok                  settled; on a price change the catalogue takes the new
                          price and keeps the old one in its history
      cancel              the subscription is marked cancelled from today
      not a subscription  rules.yaml gets an ignore rule for that merchant
      dispute             stays open and is listed as disputed
    On the Suggestions sheet:
      add                 the suggested entry (with your Name) joins the catalogue
      not a subscription  an ignore rule, as above

    Decisions are stored by flag id: decided flags stay out of later reports. Comments
    and order in your rules files are kept. Nothing changes if any cell is wrong.

    \b
    Example: recon review apply report.xlsx
    """
    ws = workspace_of(ctx)
    lock = pipeline.lock_file(path)
    if lock is not None:
        click.echo(f"Warning: {path.name} is open in a spreadsheet application ({lock.name} "
                   "beside it): only what was saved is read; save it to include unsaved "
                   "edits", err=True)
    outcome = pipeline.apply_review(ws, path, dry_run)
    prefix = "would change" if dry_run else "changed"
    for line in outcome.changes:
        click.echo(f"{prefix}: {line}")
    if outcome.disputes:
        click.echo("disputes (still open):")
        for line in outcome.disputes:
            click.echo(f"  {line}")
    if outcome.unchanged:
        click.echo(f"{outcome.unchanged} decision(s) were already applied")
    if not outcome.changes:
        click.echo("no new decisions in the Review column")
    elif dry_run:
        click.echo("dry run: nothing was written")
