"""``recon init``, ``recon import`` and ``recon transactions``: the ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import shown
from ..lazy import lazy
from .common import LazyChoice, print_report, reading_options, say, workspace_of

if TYPE_CHECKING:
    import pandas as pd

    from .. import money, output, parsers, pipeline, rulebook
    from ..rulebook import edit
else:  # imported on first use: `recon --help` loads none of them
    pd, output = lazy("pandas"), lazy("recon.output")
    money, parsers, pipeline = lazy("recon.money"), lazy("recon.parsers"), lazy("recon.pipeline")
    rulebook, edit = lazy("recon.rulebook"), lazy("recon.rulebook.edit")


@click.command()
@click.argument("directory", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--currency", help="Currency of statements that name none, e.g. EUR "
              "[default: the currency of the first statements imported].")
@click.pass_context
def init(ctx: click.Context, directory: Path, currency: str | None) -> None:
    """Create a workspace: an empty, commented catalogue, rules and settings in rules/, and
    an empty ledger.

    Existing files are left as they are. The workspace currency is the one of the first
    statements you import, unless you give --currency.

    Example: recon init ~/finances --currency EUR
    """
    if currency and not money.is_currency(currency):
        raise click.BadParameter(f"{currency!r} is not an ISO 4217 code", param_hint="--currency")
    created = pipeline.init_workspace(directory, currency.upper() if currency else None)
    for path in created:
        say(ctx, f"created {path}")
    if not created:
        say(ctx, f"{directory} is already a workspace; nothing to do")
    elif currency:
        say(ctx, f"workspace currency: {currency.upper()}")
    else:
        say(ctx, "the catalogue is empty: `recon discover` lists your recurring charges once "
                 "statements are imported")


@click.command("import")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--account", help="Account name for every row (overrides the file).")
@click.option("--currency", help="Currency for files that name none, e.g. EUR.")
@click.option("--profile", help="Read CSV/XLSX with this built-in or rules/profiles.yaml layout.")
@click.option("--format", "fmt", type=LazyChoice(lambda: [p.name for p in parsers.parsers()]),
              help="Force a parser instead of identifying the file.")
@click.option("--skip-bad-rows", is_flag=True,
              help="Import the readable rows of a file and list the rest as rejected.")
@click.option("--failfast", is_flag=True, help="Stop at the first bad file.")
@click.option("--dry-run", is_flag=True,
              help="Show how each file would be read (its layout, as a profile you can paste "
                   "into rules/profiles.yaml) and its first rows as they would be stored; "
                   "store nothing.")
@reading_options
@click.pass_context
def import_(ctx: click.Context, paths: tuple[Path, ...], account: str | None,
            currency: str | None, profile: str | None, fmt: str | None,
            skip_bad_rows: bool, failfast: bool, dry_run: bool, sign: str | None,
            date_order: str | None, again: bool) -> None:
    """Import statement files (or folders of them) into the ledger.

    Prints, per file, the rows read, imported, already present and rejected (with line and
    reason). Re-importing a file or an overlapping statement adds nothing twice. A bad file
    is refused whole; the others are still imported, and the exit code is 1.

    \b
    Example: recon import ~/Downloads/statement-2024-03.ofx --account "Visa 1234"
    """
    if currency and not money.is_currency(currency):
        raise click.BadParameter(f"{currency!r} is not an ISO 4217 code", param_hint="--currency")
    options = parsers.ParseOptions(account=account, currency=currency.upper() if currency else None,
                                   profile=profile, sign=sign,
                                   date_order=date_order.upper() if date_order else None)
    verbose, quiet = ctx.obj["verbose"], ctx.obj["quiet"]
    if dry_run:  # works before `recon init` too: nothing is stored
        previews = pipeline.preview_files(paths, pipeline.Workspace(Path(ctx.obj["workspace"])),
                                          options, fmt)
        for _path, text in previews:
            if isinstance(text, str):
                for line in text.splitlines():  # each line escaped, the layout kept
                    click.echo(shown(line))
            else:
                click.echo(f"Error: {text}", err=True)
        if any(not isinstance(text, str) for _path, text in previews):
            ctx.exit(1)
        return
    ws = workspace_of(ctx)
    adopted = pipeline.adopt_rules(ws, paths)
    if adopted:
        say(ctx, adopted)
    reports = pipeline.import_files(
        paths, ws, options, skip_bad_rows=skip_bad_rows, fmt=fmt,
        failfast=failfast, on_file=lambda r: print_report(r, verbose, quiet), again=again,
        on_note=lambda line: say(ctx, line),
    )
    failed = [r for r in reports if r.error]
    skipped = [r for r in reports if r.skipped]
    reports = [r for r in reports if not r.skipped]
    if len(reports) > 1 or skipped:
        say(ctx,
            f"{len(reports)} files: imported {sum(r.imported for r in reports)}, "
            f"already present {sum(r.present for r in reports)}, "
            f"rejected {sum(len(r.rejected) for r in reports)}"
            + (f"; {len(failed)} file(s) refused" if failed else "")
            + (f"; {len(skipped)} skipped (not statements)" if skipped else "")
        )
    if failed:
        ctx.exit(1)


@click.command(short_help="List stored transactions with their match.")
@click.option("--month", help="Only this month, YYYY-MM.")
@click.option("--account", help="Only this account.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.pass_context
def transactions(ctx: click.Context, month: str | None, account: str | None, fmt: str) -> None:
    """List stored transactions, oldest first, with the subscription each is linked to.

    The match shows how it was linked (rule, pattern, fuzzy) and the score. JSON and CSV give
    the canonical columns plus subscription, match_score, match_method and category, with
    amounts as exact decimal strings.

    Example: recon transactions --month 2024-03 --format csv
    """
    frame = pipeline.list_transactions(workspace_of(ctx), month, account)
    rows = output.transaction_rows(frame)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(output.csv_text(rows, list(output.transaction_fields()),
                            ("amount", "amount_minor", "match_score")), nl=False)
    else:
        if not rows:
            click.echo("no transactions")
            return
        for r in rows:
            linked = (f"{shown(r['subscription'])} ({r['match_method']} {r['match_score']})"
                      if r["subscription"] else "")
            click.echo(
                f"{r['posted_date']}  {shown(r['account'])[:14]:14}  {r['amount']:>10} "
                f"{r['currency']}  {shown(r['description_raw'])[:40]:40}  {linked}".rstrip()
            )
        click.echo(f"{len(rows)} transaction(s)")
