"""``recon import --dry-run FILE``: the layout recon reads a statement with, and its first
rows exactly as they would be stored (sign, date, currency, account), storing nothing."""

from __future__ import annotations

from pathlib import Path

from .. import money
from . import parse_statement
from .base import ParseOptions
from .layout import inferred_yaml
from .profiles import Profile


def preview(path: Path, options: ParseOptions | None = None,
            user_profiles: tuple[Profile, ...] = (), fmt: str | None = None,
            rows: int = 10) -> str:
    """The dry-run text for ``path``: what recon decided (as a profile the user can paste
    into rules/profiles.yaml), what it could not decide, and the first ``rows`` rows.

    Raises:
        InputError: the file cannot be read (the same refusal the import gives).
    """
    result = parse_statement(path, options, user_profiles, fmt)
    frame = result.frame
    out = [f"{path.name}: {result.parser}, {len(frame)} row(s) to import, "
           f"{len(result.rejected)} rejected (dry run: nothing stored)"]
    out += [f"  note: {w}" for w in result.warnings]
    if result.currency_fallback:
        out.append(f"  note: no currency in the file: using {result.currency_fallback} "
                   "(--currency to set another)")
    inferred = inferred_yaml(result.layout)
    if inferred:
        out.append("layout (paste into rules/profiles.yaml to fix it):")
        out += ["  " + line for line in inferred]
    elif isinstance(result.layout, Profile):
        out.append(f"layout: profile {result.layout.name!r} ({result.layout.source})")
    out.append(f"first {min(rows, len(frame))} row(s) as they would be stored:")
    for rec in frame.head(rows).to_dict("records"):
        amount = money.format_minor(int(rec["amount_minor"]), str(rec["currency"]))
        account = str(rec["account"]) or "(named from the file name)"
        out.append(f"  {rec['posted_date']!s}  {amount:>14} {rec['currency']!s}  {account}  "
                   f"{rec['description_raw']!s}")
    for r in result.rejected[:rows]:
        out.append(f"  rejected {r.location}: {r.reason}")
    return "\n".join(out) + "\n"
