"""The ``recon`` command: a package of thin click commands over ``recon.pipeline``.

``recon.cli`` holds the group and its global options; each module holds a few commands
(``ledger``: init, import, transactions; ``findings``: flags, subs, upcoming, discover;
``rules``; ``report``: run, report, review) and ``common`` what they share. Nothing heavy is
imported here: ``recon --help`` loads click and this package only.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from ..errors import ReconError
from ..lazy import lazy
from . import findings, ledger, report, rules

if TYPE_CHECKING:
    from .. import output
else:
    output = lazy("recon.output")

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


for _command in (ledger.init, ledger.import_, ledger.transactions, findings.flags,
                 findings.subs, findings.upcoming, findings.discover, rules.rules, report.run,
                 report.report_, report.review):
    cli.add_command(_command)


def main() -> None:  # pragma: no cover - console script entry
    cli()
