"""The ``recon`` command: a thin click layer over ``recon.pipeline``."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from pathlib import Path
from typing import Any

import click
import pandas as pd

from . import __version__, money, pipeline
from .errors import ReconError
from .parsers import ParseOptions, parsers
from .pipeline import FileReport, Workspace


class _Group(click.Group):
    """Turns ``ReconError`` into one clear message and exit code 1 (traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReconError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            raise click.ClickException(str(exc)) from None


def _workspace(ctx: click.Context) -> Workspace:
    return Workspace(Path(ctx.obj["workspace"]))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="recon")
@click.option(
    "--workspace", "-w", envvar="RECON_HOME", default=".", show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (rules/ and the ledger). Also RECON_HOME.",
)
@click.option("-v", "--verbose", count=True, help="More detail on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option("--debug", is_flag=True, help="Show tracebacks for input errors too.")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, verbose: int, quiet: bool, debug: bool) -> None:
    """recon: reconcile bank and card statements against your subscriptions.

    Import statements (OFX/QFX, CSV, XLSX, Alipay and WeChat Pay exports) into one ledger,
    then review what needs a look.

    Example: recon import statements/
    """
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else
                                         logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"workspace": workspace, "debug": debug, "quiet": quiet, "verbose": verbose}


@cli.command()
@click.argument("directory", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a workspace: rules/ templates and an empty ledger.

    Existing files are left as they are.

    Example: recon init ~/finances
    """
    created = pipeline.init_workspace(directory)
    for path in created:
        click.echo(f"created {path}")
    if not created:
        click.echo(f"{directory} is already a workspace; nothing to do")


def _print_report(report: FileReport, verbose: int) -> None:
    name = report.path.name
    if report.error is not None:
        click.echo(f"Error: {report.error}", err=True)
        return
    bad = sum(1 for r in report.rejected if r.bad)
    click.echo(
        f"{name}: {report.parser} - read {report.rows_read}, imported {report.imported}, "
        f"already present {report.present}, rejected {len(report.rejected)}"
        + (f" ({bad} unreadable)" if bad else "")
    )
    if report.same_file_as and report.present:
        click.echo(f"  same file as {report.same_file_as}: every row already present")
    else:
        for source, n in report.present_from.items():
            how = "FITID" if report.parser == "ofx" else "account, date, amount and text"
            click.echo(f"  already present: {n} row(s), same {how} as rows from {source}")
    if report.account_guessed:
        click.echo(f"  no account in the file: using {report.account_guessed!r} "
                   "(name it with --account)")
    for r in report.rejected:
        click.echo(f"  rejected {name}:{r.location}: {r.reason}")
    if verbose:
        for note in report.notes:
            click.echo(f"  note: {note}")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--account", help="Account name for every row (overrides the file).")
@click.option("--currency", help="Currency for files that name none, e.g. EUR.")
@click.option("--profile", help="Read CSV/XLSX with this built-in or rules/profiles.yaml layout.")
@click.option("--format", "fmt", type=click.Choice([p.name for p in parsers()]),
              help="Force a parser instead of identifying the file.")
@click.option("--skip-bad-rows", is_flag=True,
              help="Import the readable rows of a file and list the rest as rejected.")
@click.option("--failfast", is_flag=True, help="Stop at the first bad file.")
@click.pass_context
def import_(ctx: click.Context, paths: tuple[Path, ...], account: str | None,
            currency: str | None, profile: str | None, fmt: str | None,
            skip_bad_rows: bool, failfast: bool) -> None:
    """Import statement files (or folders of them) into the ledger.

    Prints, per file, the rows read, imported, already present and rejected (with line and
    reason). Re-importing a file or an overlapping statement adds nothing twice. A bad file
    is refused whole; the others are still imported, and the exit code is 1.

    \b
    Example: recon import ~/Downloads/statement-2024-03.ofx --account "Visa 1234"
    """
    if currency and not money.is_currency(currency):
        raise click.BadParameter(f"{currency!r} is not an ISO 4217 code", param_hint="--currency")
    options = ParseOptions(account=account, currency=currency.upper() if currency else None,
                           profile=profile)
    verbose = ctx.obj["verbose"]
    reports = pipeline.import_files(
        paths, _workspace(ctx), options, skip_bad_rows=skip_bad_rows, fmt=fmt,
        failfast=failfast, on_file=lambda r: _print_report(r, verbose),
    )
    failed = [r for r in reports if r.error]
    if len(reports) > 1:
        click.echo(
            f"{len(reports)} files: imported {sum(r.imported for r in reports)}, "
            f"already present {sum(r.present for r in reports)}, "
            f"rejected {sum(len(r.rejected) for r in reports)}"
            + (f"; {len(failed)} file(s) refused" if failed else "")
        )
    if failed:
        ctx.exit(1)


def _rows_for_output(frame: pd.DataFrame) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for raw in frame.to_dict("records"):
        rec = {str(k): v for k, v in raw.items()}
        rec["posted_date"] = rec["posted_date"].isoformat()
        rec["amount"] = money.format_minor(int(rec["amount_minor"]), rec["currency"])
        rec["amount_minor"] = int(rec["amount_minor"])
        rows.append(rec)
    return rows


@cli.command()
@click.option("--month", help="Only this month, YYYY-MM.")
@click.option("--account", help="Only this account.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.pass_context
def transactions(ctx: click.Context, month: str | None, account: str | None, fmt: str) -> None:
    """List stored transactions, oldest first.

    JSON gives the canonical columns, with amounts as exact decimal strings.

    Example: recon transactions --month 2024-03 --format csv
    """
    frame = pipeline.list_transactions(_workspace(ctx), month, account)
    rows = _rows_for_output(frame)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        out = pd.DataFrame(rows, columns=[*frame.columns, "amount"])
        click.echo(out.to_csv(index=False), nl=False)
    else:
        if not rows:
            click.echo("no transactions")
            return
        for r in rows:
            click.echo(
                f"{r['posted_date']}  {r['account'][:18]:18}  {r['amount']:>12} {r['currency']}"
                f"  {r['description_raw'][:60]}"
            )
        click.echo(f"{len(rows)} transaction(s)")


def main() -> None:  # pragma: no cover - console script entry
    cli()
