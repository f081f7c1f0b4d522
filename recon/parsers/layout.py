"""An inferred layout as a profile (the same object as a user's entry in
rules/profiles.yaml), and its YAML, for ``-v`` and ``--dry-run`` to print."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..dates import DateColumn
from .base import ParseOptions, ParseResult
from .cells import cell_text
from .grid import GridRow
from .preamble import preamble_currency
from .profiles import Profile


def as_profile(path: Path, roles: dict[str, list[int]], header: GridRow | None,
                profile: Profile | None, dates: DateColumn, decimal: str, result: ParseResult,
                options: ParseOptions, preamble: Sequence[GridRow], first_date: str = ""
                ) -> Profile:
    """The layout read, as a profile: what ``layout_yaml`` prints for rules/profiles.yaml."""
    if profile is not None:
        return profile

    def name(i: int) -> str | int:
        text = cell_text(header.cells[i]) if header is not None and i < len(header.cells) else ""
        return text or i

    columns = {role: tuple(name(i) for i in cols) for role, cols in roles.items()}
    negated = any(r.charges_positive for r in result.sign_readings)
    stem = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_") or "statement"
    return Profile(
        name=stem,
        headers=tuple(str(c) for c in columns.get("date", ()) + columns.get("amount", ())
                      + columns.get("debit", ()) + columns.get("credit", ())
                      if isinstance(c, str)) if header is not None else (),
        first_line=None if header is not None else _shape(first_date, roles["date"][0]),
        columns=columns,
        date_format=dates.explicit_format,
        decimal=decimal,
        sign="charges_positive" if negated else "signed",
        currency=None if result.currency_fallback else preamble_currency(preamble),
        account=options.account,
        source="inferred",
        date_order=None if dates.explicit_format else dates.order,
    )


def _shape(text: str, column: int) -> str:
    r"""A regular expression for a headerless file's first line: the date's shape in its
    column (``12/03/2024`` in the first column -> ``^\d{2}/\d{2}/\d{4}``)."""
    parts = re.split(r"(\d+)", text)
    shape = "".join(f"\\d{{{len(p)}}}" if p.isdigit() else re.escape(p) for p in parts)
    return "^" + "[^,;\t|]*[,;\t|]" * column + shape


def layout_yaml(profile: Profile) -> str:
    """A profile as the YAML entry of rules/profiles.yaml (the user pastes it, names it)."""
    def scalar(v: object) -> str:
        if isinstance(v, int):
            return str(v)
        text = str(v)
        return "'" + text.replace("'", "''") + "'"

    lines = [f"- name: {scalar(profile.name)}"]
    if profile.headers:
        lines.append("  headers: [" + ", ".join(scalar(h) for h in profile.headers) + "]")
    if profile.first_line:
        lines.append(f"  first_line: {scalar(profile.first_line)}")
    lines.append("  columns:")
    for role, cols in profile.columns.items():
        lines.append(f"    {role}: " + ("[" + ", ".join(scalar(c) for c in cols) + "]"
                                         if len(cols) > 1 else scalar(cols[0])))
    for key in ("date_format", "date_order", "decimal", "currency", "account"):
        value = getattr(profile, key)
        if value:
            lines.append(f"  {key}: {scalar(value)}")
    if profile.sign != "signed":
        lines.append(f"  sign: {profile.sign}")
    if profile.directions:
        lines.append("  directions: {" + ", ".join(
            f"{scalar(k)}: {v}" for k, v in profile.directions.items()) + "}")
    return "\n".join(lines) + "\n"


def inferred_yaml(layout: object) -> list[str]:
    """The lines of a layout recon inferred, as a profile entry the user can paste (none
    for a built-in or user profile: those are already written down)."""
    if isinstance(layout, Profile) and layout.source == "inferred":
        return layout_yaml(layout).splitlines()
    return []
