"""``recon flags``, ``subs``, ``upcoming`` and ``discover``: what needs a look."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import click

from ..errors import shown
from ..lazy import lazy
from .common import AS_OF, LazyChoice, day, say, workspace_of

if TYPE_CHECKING:
    import pandas as pd

    from .. import money, output, parsers, pipeline, rulebook
    from ..rulebook import edit
else:  # imported on first use: `recon --help` loads none of them
    pd, output = lazy("pandas"), lazy("recon.output")
    money, parsers, pipeline = lazy("recon.money"), lazy("recon.parsers"), lazy("recon.pipeline")
    rulebook, edit = lazy("recon.rulebook"), lazy("recon.rulebook.edit")


@click.command(short_help="List what needs a look, most severe first.")
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
                   f"{shown(r['account'])[:12]:12}  {amount:>14}  {r['id']}")
        click.echo(f"        {shown(r['message'])}")
        if r["decision"]:
            click.echo(f"        reviewed: {r['decision']}"
                       + (f" - {shown(r['note'])}" if r["note"] else ""))
    counts = pd.Series([r["severity"] for r in records]).value_counts()
    summary = ", ".join(f"{counts[s]} {s}" for s in rulebook.SEVERITIES if s in counts)
    click.echo(f"{len(records)} flag(s): {summary}")


@click.command(short_help="Each subscription: last charge, next renewal, cost.")
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
        click.echo(f"{shown(r['name'])[:18]:18} {r['status']:9} {r['every']:8} "
                   f"{r['last_charge'] or 'no charges':10} {r['next_expected'] or '-':10} "
                   f"{(r['annual_cost'] or '-'):>10}  {prices}")
        annual = found_annual(st, found.as_of)
        if annual is not None:
            total[r["currency"]] = total.get(r["currency"], 0) + annual
    for cur, minor in sorted(total.items()):
        click.echo(f"annual cost of live subscriptions: {money.format_minor(minor, cur)} {cur}")


@click.command(short_help="Renewals due soon, with cancel-by dates.")
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
        click.echo(f"{r.date}  {shown(r.subscription.name)[:24]:24} {price:>14}  "
                   f"{shown(r.account or '')[:14]:14}{note}".rstrip())


@click.command(short_help="Suggest catalogue entries for recurring charges.")
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
        click.echo(f"{shown(entry['name'])}: {entry['amount']} {entry['currency']} every "
                   f"{entry['every']} on {shown(entry['account'])}, {len(series.txn_ids)} charges "
                   f"{series.dates[0]} to {series.dates[-1]}, next {series.next_expected}")
        click.echo(f"    {shown(edit.flow_item(entry))}")
    if write:
        say(ctx, f"added {len(pairs)} entr{'y' if len(pairs) == 1 else 'ies'} to "
                 f"{ws.rules / 'subscriptions.yaml'}")
    else:
        say(ctx, "add the ones you pay for: `recon discover --write NAME...` (or --all)")
