"""What a statement layout is: the roles a column can have, the sign conventions, and the
``Profile`` that declares them. A user's ``rules/profiles.yaml`` entry, a built-in profile
and a layout the table engine inferred are all one ``Profile`` (``parsers`` reads files with
it; the rulebook loads the user's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ROLES = (
    "date", "payee", "description", "amount", "debit", "credit", "direction", "fee",
    "currency", "account", "ref", "status", "balance", "tax", "roundup", "cashback", "net",
)
SIGNS = ("signed", "charges_positive")

Column = str | int


@dataclass(frozen=True)
class Profile:
    """One statement layout. Only ``name`` and either ``headers`` or ``first_line`` identify it.

    Attributes:
        headers: header cells that must all be present (case and spacing ignored).
        first_line: for headerless files, a regular expression the first data line matches.
        columns: role -> header text or 0-based column index (``payee``/``description``
            may list several; their texts are joined).
        date_format: strptime format; inferred from the column when empty.
        decimal: ``.`` or ``,``; inferred from the column when empty.
        sign: ``signed`` (negative = money out) or ``charges_positive`` (card files).
        directions: direction-column value -> +1 in, -1 out, 0 neutral (not imported).
        skip_status: status values meaning the row is not a booked transaction.
        currency, account: fixed values when the file names none.
        date_order: the field order of the dates (DMY, MDY, YMD) without a full format.
    """

    name: str
    headers: tuple[str, ...] = ()
    first_line: str | None = None
    columns: Mapping[str, tuple[Column, ...]] = field(default_factory=dict)
    date_format: str | None = None
    decimal: str | None = None
    sign: str = "signed"
    directions: Mapping[str, int] = field(default_factory=dict)
    skip_status: tuple[str, ...] = ()
    currency: str | None = None
    account: str | None = None
    source: str = "built-in"
    date_order: str | None = None  # "DMY", "MDY" or "YMD" when date_format is not given

    @property
    def headerless(self) -> bool:
        return not self.headers
