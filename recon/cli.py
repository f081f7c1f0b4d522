"""The ``recon`` command: a thin click layer over ``recon.pipeline``."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__, cli_report
from .cli_common import AS_OF, Date, LazyChoice, day, print_report, say, workspace_of
from .errors import ReconError
from .lazy import lazy

if TYPE_CHECKING:
    import pandas as pd

    from . import money, output, parsers, pipeline, rulebook
    from .rulebook import edit
else:  # imported on first use: `recon --help` loads none of them
    pd, output = lazy("pandas"), lazy("recon.output")
    money, parsers, pipeline = lazy("recon.money"), lazy("recon.parsers"), lazy("recon.pipeline")
    rulebook, edit = lazy("recon.rulebook"), lazy("recon.rulebook.edit")

__all__ = ["cli", "csv_text", "main"]


def csv_text(records: list[dict[str, Any]], columns: list[str],
             numbers: tuple[str, ...]) -> str:
    """See ``recon.output.csv_text``."""
    return str(output.csv_text(records, columns, numbers))


class _Group(click.Group):
    """Turns ``ReconError`` into one clear message and exit code 1 (traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReconError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="recon")
@click.option(
    "--workspace", "-w", envvar="RECON_HOME", default=".", show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (rules/ and the ledger). Also RECON_HOME.",
)
@click.option("-v", "--verbose", count=True, help="More detail on stderr.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print only errors and the listings asked for (no progress or summaries).")
@click.option("--debug", is_flag=True, help="Show tracebacks for input errors too.")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, verbose: int, quiet: bool, debug: bool) -> None:
    """recon: reconcile bank and card statements against your subscriptions.

    Import statements (OFX/QFX, CSV, XLSX, Alipay and WeChat Pay exports) into one ledger,
    link charges to your catalogue of subscriptions (rules/subscriptions.yaml), and list
    what needs a look: duplicates, price changes, unexpected charges, missed and upcoming
    renewals, trials turning paid.

    Example: recon import statements/ && recon flags
    """
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else
                                         logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"workspace": workspace, "debug": debug, "quiet": quiet, "verbose": verbose}


@cli.command()
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


@cli.command("import")
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
    options = parsers.ParseOptions(account=account, currency=currency.upper() if currency else None,
                           profile=profile)
    verbose, quiet = ctx.obj["verbose"], ctx.obj["quiet"]
    ws = workspace_of(ctx)
    adopted = pipeline.adopt_rules(ws, paths)
    if adopted:
        say(ctx, adopted)
    reports = pipeline.import_files(
        paths, ws, options, skip_bad_rows=skip_bad_rows, fmt=fmt,
        failfast=failfast, on_file=lambda r: print_report(r, verbose, quiet),
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


@cli.command(short_help="List stored transactions with their match.")
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
            linked = (f"{r['subscription']} ({r['match_method']} {r['match_score']})"
                      if r["subscription"] else "")
            click.echo(
                f"{r['posted_date']}  {r['account'][:14]:14}  {r['amount']:>10} {r['currency']}"
                f"  {r['description_raw'][:40]:40}  {linked}".rstrip()
            )
        click.echo(f"{len(rows)} transaction(s)")


@cli.command(short_help="List what needs a look, most severe first.")
@click.option("--month", help="Only flags dated in this month, YYYY-MM.")
@click.option("--type", "types", multiple=True, type=LazyChoice(lambda: rulebook.FLAG_TYPES),
              help="Only this type (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--all", "decided", is_flag=True,
              help="Also flags settled in a review (ok, cancel, not a subscription).")
@AS_OF
@click.pass_context
def flags(ctx: click.Context, month: str | None, types: tuple[str, ...], fmt: str,
          decided: bool, as_of: dt.datetime | None) -> None:
    """List what needs a look: duplicates, price changes, unexpected, missed and upcoming
    renewals, trial conversions, and flags your rules raise. Most severe first.

    Each flag has a stable id (the same finding keeps its id on every run) and one sentence
    saying why. Flags you settled in a review (`recon review apply`) are left out unless
    you ask for --all; disputed ones stay.

    Example: recon flags --month 2024-03 --type price_change
    """
    records = output.flag_rows(pipeline.list_flags(workspace_of(ctx), month, types, day(as_of),
                                                decided))
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        columns = list(records[0]) if records else ["id"]
        rows = [{**r, "txn_ids": " ".join(r["txn_ids"])} for r in records]
        click.echo(output.csv_text(rows, columns, ("amount", "expected", "change", "change_pct")),
                   nl=False)
        return
    if not records:
        click.echo("no flags")
        return
    for r in records:
        amount = (f"{r['amount']} {r['currency']}" if r["amount"] else
                  f"~{r['expected']} {r['currency']}" if r["expected"] else "")
        click.echo(f"{r['severity']:6}  {r['type']:16}  {r['posted_date']}  "
                   f"{r['account'][:12]:12}  {amount:>14}  {r['id']}")
        click.echo(f"        {r['message']}")
        if r["decision"]:
            click.echo(f"        reviewed: {r['decision']}" + (f" - {r['note']}" if r["note"]
                                                             else ""))
    counts = pd.Series([r["severity"] for r in records]).value_counts()
    summary = ", ".join(f"{counts[s]} {s}" for s in rulebook.SEVERITIES if s in counts)
    click.echo(f"{len(records)} flag(s): {summary}")


@cli.command(short_help="Each subscription: last charge, next renewal, cost.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@AS_OF
@click.pass_context
def subs(ctx: click.Context, fmt: str, as_of: dt.datetime | None) -> None:
    """Show the catalogue with each subscription's last charge, next renewal, annual cost
    and price history.

    Example: recon subs
    """
    found = pipeline.analyse(workspace_of(ctx), day(as_of))
    rows = output.subscription_rows(found)
    found_annual = output.content.annual_cost
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("the catalogue is empty: add subscriptions to rules/subscriptions.yaml "
                   "(or run `recon discover --write`)")
        return
    click.echo(f"{'NAME':18} {'STATUS':9} {'EVERY':8} {'LAST':10} {'NEXT':10} "
               f"{'ANNUAL':>10}  PRICES")
    total: dict[str, int] = {}
    for r, st in zip(rows, found.detection.states, strict=True):
        prices = " -> ".join(f"{p['amount']} ({p['from']})" for p in r["price_history"])
        click.echo(f"{r['name'][:18]:18} {r['status']:9} {r['every']:8} "
                   f"{r['last_charge'] or 'no charges':10} {r['next_expected'] or '-':10} "
                   f"{(r['annual_cost'] or '-'):>10}  {prices}")
        annual = found_annual(st, found.as_of)
        if annual is not None:
            total[r["currency"]] = total.get(r["currency"], 0) + annual
    for cur, minor in sorted(total.items()):
        click.echo(f"annual cost of live subscriptions: {money.format_minor(minor, cur)} {cur}")


@cli.command(short_help="Renewals due soon, with cancel-by dates.")
@click.option("--days", type=click.IntRange(0, 3660),
              help="Look this many days ahead [default: upcoming.remind_days, "
                   "remind_days_yearly for yearly plans].")
@AS_OF
@click.pass_context
def upcoming(ctx: click.Context, days: int | None, as_of: dt.datetime | None) -> None:
    """List renewals due soon, with cancel-by dates where a plan has a notice period.

    Example: recon upcoming --days 30
    """
    renewals = pipeline.upcoming_renewals(workspace_of(ctx), days, day(as_of))
    if not renewals:
        click.echo("no renewals due in the window")
        return
    for r in renewals:
        price = (f"{money.format_minor(r.amount_minor, r.currency)} {r.currency}"
                 if r.amount_minor is not None and r.currency else "")
        note = f"  cancel by {r.cancel_by}" if r.cancel_by else ""
        click.echo(f"{r.date}  {r.subscription.name[:24]:24} {price:>14}  "
                   f"{(r.account or '')[:14]:14}{note}".rstrip())


@cli.command(short_help="Suggest catalogue entries for recurring charges.")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--write", is_flag=True,
              help="Add the suggestions NAME... (or --all) to rules/subscriptions.yaml (your "
                   "comments and order are kept).")
@click.option("--all", "everything", is_flag=True, help="With --write: every suggestion.")
@AS_OF
@click.pass_context
def discover(ctx: click.Context, names: tuple[str, ...], write: bool, everything: bool,
             as_of: dt.datetime | None) -> None:
    """Find recurring charges that are not in your catalogue and suggest entries; add the
    ones you choose by name with --write.

    A series needs 3 charges on a regular cadence (2 for yearly), with a steady amount.
    Names leave out the place a card descriptor appends (PLANET FITNESS BOSTON MA: Planet
    Fitness); rename an entry in rules/subscriptions.yaml as you like.

    \b
    Example: recon discover --write Netflix "Planet Fitness"
    """
    if (names or everything) and not write:
        raise click.UsageError("NAME... and --all choose what --write adds: add --write")
    ws = workspace_of(ctx)
    pairs = pipeline.discover_series(ws, write=write, as_of=day(as_of), names=names,
                                     everything=everything)
    if not pairs:
        click.echo("no recurring charges outside the catalogue")
        return
    for series, entry in pairs:
        click.echo(f"{entry['name']}: {entry['amount']} {entry['currency']} every "
                   f"{entry['every']} on {entry['account']}, {len(series.txn_ids)} charges "
                   f"{series.dates[0]} to {series.dates[-1]}, next {series.next_expected}")
        click.echo(f"    {edit.flow_item(entry)}")
    if write:
        say(ctx, f"added {len(pairs)} entr{'y' if len(pairs) == 1 else 'ies'} to "
                 f"{ws.rules / 'subscriptions.yaml'}")
    else:
        say(ctx, "add the ones you pay for: `recon discover --write NAME...` (or --all)")


@cli.group(short_help="Check, list and try out the rules files.")
def rules() -> None:
    """Check, list and try out the rules: subscriptions.yaml, rules.yaml, settings.yaml.

    Example: recon rules test "NETFLIX.COM 866-579" --amount 15.49
    """


@rules.command("check")
@click.pass_context
def rules_check(ctx: click.Context) -> None:
    """Validate the rules files; every mistake is reported with file:line.

    Example: recon rules check
    """
    book, problems = pipeline.check_rules(workspace_of(ctx))
    for line in problems:
        click.echo(f"Error: {line}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {workspace_of(ctx).rules}")
    click.echo(f"ok: {len(book.subscriptions)} subscription(s), {len(book.rules)} rule(s), "
               "settings")


@rules.command("list")
@click.pass_context
def rules_list(ctx: click.Context) -> None:
    """Show the catalogue, the rules in evaluation order, and every setting in force.

    Example: recon rules list
    """
    book = rulebook.load_rulebook(workspace_of(ctx).rules)
    click.echo("subscriptions (patterns, then fuzzy aliases; ties go to account, then amount):")
    for sub in book.subscriptions:
        price = f"{sub.amount} {sub.currency or ''}".strip() if sub.amount is not None else "-"
        how = ", ".join([*sub.match, *(f"/{p.pattern}/" for p in sub.patterns)])
        click.echo(f"  {sub.source:24} {sub.name:18} {price:>12} every {sub.every.label():8} "
                   f"{sub.status:9} match {how}")
    click.echo("rules (top to bottom; the first to set a subscription or category wins):")
    for rule in book.rules:
        click.echo(f"  {rule.source:24} if {rule.condition.describe()} then "
                   f"{rule.describe_actions()}")
    click.echo("settings:")
    for section, key, _reader, doc in rulebook.KNOWN_SETTINGS:
        value = getattr(book.settings, key)
        shown = value.label() if isinstance(value, rulebook.Tolerance) else value
        name = f"{section}.{key}" if section else key
        click.echo(f"  {name:30} {shown!s:8} {doc}")


@rules.command("test")
@click.argument("description")
@click.option("--amount", required=True, help="The charge, e.g. 15.49.")
@click.option("--account", default="", help="Account it was charged to.")
@click.option("--currency", help="Currency [default: settings.yaml currency].")
@click.option("--date", "date", type=Date(),
              help="Posting date (YYYY-MM-DD) [default: today].")
@click.pass_context
def rules_test(ctx: click.Context, description: str, amount: str, account: str,
               currency: str | None, date: dt.datetime | None) -> None:
    """Explain how a statement line would be matched: which rule and catalogue entry
    matched, with the score, and the nearest ones that did not.

    Example: recon rules test "NETFLIX.COM 866-579" --amount 15.49
    """
    try:
        value = money.parse_amount(amount)
    except ValueError:
        raise click.BadParameter(f"{amount!r} is not an amount such as 15.49",
                                 param_hint="--amount") from None
    if currency and not money.is_currency(currency):
        raise click.BadParameter(f"{currency!r} is not an ISO 4217 code", param_hint="--currency")
    ex = pipeline.explain_match(workspace_of(ctx), description, value, account, day(date), currency)
    click.echo(f"merchant key: {ex.merchant_key!r}")
    for rule, failed in ex.rules:
        if failed:
            click.echo(f"  rule {rule.source}: no - {'; '.join(failed)}")
        else:
            click.echo(f"  rule {rule.source}: yes - {rule.describe_actions()}")
    if ex.subscription:
        click.echo(f"matched {ex.subscription!r} by {ex.method} (score {ex.score})")
    else:
        click.echo("matched no subscription")
    for sub, score, why in ex.candidates:
        click.echo(f"  not {sub.name!r} ({sub.source}, score {score}): {why}")
    if isinstance(ex.category, str) and ex.category:
        click.echo(f"category: {ex.category}")
    if ex.ignore:
        click.echo("ignored: " + ("all flags" if ex.ignore == "all" else ex.ignore))


for _command in (cli_report.run, cli_report.report_, cli_report.review):
    cli.add_command(_command)


def main() -> None:  # pragma: no cover - console script entry
    cli()
