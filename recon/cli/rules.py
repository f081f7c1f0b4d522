"""``recon rules check|list|test``: the rules files."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from ..lazy import lazy
from .common import Date, day, workspace_of

if TYPE_CHECKING:
    import pandas as pd

    from .. import money, output, parsers, pipeline, rulebook
    from ..rulebook import edit
else:  # imported on first use: `recon --help` loads none of them
    pd, output = lazy("pandas"), lazy("recon.output")
    money, parsers, pipeline = lazy("recon.money"), lazy("recon.parsers"), lazy("recon.pipeline")
    rulebook, edit = lazy("recon.rulebook"), lazy("recon.rulebook.edit")


@click.group(short_help="Check, list and try out the rules files.")
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
    click.echo("subscriptions (patterns and aliases together; a longer name wins, then the "
               "amount; ties go to score, account, longer name, amount):")
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
