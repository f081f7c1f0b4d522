"""What the commands share: the workspace option's checks, quiet output, DATE options and
the row accounting of an imported file. Heavy modules are stand-ins loaded on first use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import shown
from ..lazy import lazy

if TYPE_CHECKING:
    from .. import pipeline
    from ..pipeline import FileReport, Workspace
else:  # imported on first use: `recon --help` loads none of them
    pipeline = lazy("recon.pipeline")


class LazyChoice(click.Choice):
    """A choice whose values come from a module loaded only when they are needed (parsing
    the option, or its own ``--help``)."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        self._loaded: Sequence[str] | None = None
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        if self._loaded is None:
            self._loaded = tuple(self._load())
        return self._loaded

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        pass


def workspace_of(ctx: click.Context) -> Workspace:
    """The workspace of ``-w``/``RECON_HOME``; a folder that is not one is refused in one
    line (and nothing is created there). A review interrupted after its commit is completed
    first (and said), so the command reads the rules the review wrote."""
    ws = pipeline.Workspace(Path(ctx.obj["workspace"])).check()
    pipeline.finish_pending_review(ws)
    return ws


def reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--sign``, ``--date-order`` and ``--again``: how to read files whose own evidence
    cannot decide, and importing the same bytes twice on purpose."""
    command = click.option(
        "--again", is_flag=True,
        help="Import a file whose bytes were imported before (e.g. under another "
             "--account) as new rows.")(command)
    command = click.option(
        "--date-order", type=click.Choice(["DMY", "MDY", "YMD"], case_sensitive=False),
        help="Day/month order for dates the file cannot decide (e.g. 01/02/2024).")(command)
    command = click.option(
        "--sign", type=click.Choice(["charges-positive", "charges-negative"]),
        help="Card statements: charges printed as positive numbers (read them as money "
             "out) or as printed. recon infers this and says when it cannot.")(command)
    return command


def say(ctx: click.Context, text: str) -> None:
    """A progress or summary line on stdout; ``-q`` silences it (listings still print)."""
    if not ctx.obj.get("quiet"):
        click.echo(text)


class Date(click.DateTime):
    """A YYYY-MM-DD day, shown as DATE in the help."""

    name = "date"

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def get_metavar(self, *args: Any, **kwargs: Any) -> str:
        return "DATE"


def print_report(report: FileReport, verbose: int, quiet: bool = False,
                  signs: bool = True) -> None:
    name = shown(report.path.name)
    if report.error is not None:
        click.echo(f"Error: {report.error}", err=True)
        return
    for chosen in report.warnings:  # a reading recon chose: never silenced
        click.echo(f"warning: {name}: {shown(chosen)}", err=True)
    if quiet:
        return
    if report.skipped is not None:
        click.echo(f"skipped {shown(report.path)}: {shown(report.skipped)}")
        return
    bad = sum(1 for r in report.rejected if r.bad)
    line = (f"{name}: {report.parser} - read {report.rows_read}, imported {report.imported}, "
            f"already present {report.present}, rejected {len(report.rejected)}"
            + (f" ({bad} unreadable)" if bad else ""))
    if report.same_file_as and report.present and not report.imported:
        click.echo(f"{line}: same file as {shown(report.same_file_as)}")
    else:
        click.echo(line)
        for source, n in report.present_from.items():
            how = ("FITID" if report.parser == "ofx" else "bank reference" if report.parser == "camt"
                   else "account, date, amount and text")
            click.echo(f"  already present: {n} row(s), same {how} as rows from {shown(source)}")
    if report.currency_fallback and report.imported:
        click.echo(f"  the file names no currency: its amounts were read as "
                   f"{report.currency_fallback} (the workspace's; say --currency if not)")
    if report.account_guessed and report.imported:
        click.echo(f"  no account in the file: using {report.account_guessed!r} "
                   "(name it with --account)")
    warning = report.sign_warning() if signs else None
    if warning:
        click.echo(f"  {warning}")
    for r in report.rejected:
        click.echo(f"  rejected {name}:{r.location}: {shown(r.reason)}")
    if verbose:
        for note in report.notes:
            click.echo(f"  note: {shown(note)}")
        from ..parsers.layout import inferred_yaml  # only with -v: not loaded for --help
        layout_lines = inferred_yaml(report.layout)
        if layout_lines:
            click.echo("  layout (paste into rules/profiles.yaml to read it this way for good):")
            for text in layout_lines:
                click.echo(f"    {shown(text)}")



AS_OF = click.option(
    "--as-of", "as_of", type=Date(),
    help="Judge as of this day (YYYY-MM-DD) instead of today.")


def day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None
