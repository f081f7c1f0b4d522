"""``rules/settings.yaml``: every detector threshold, each with a documented default.

The table ``KNOWN`` is the single list of settings: section, key, reader, default and what it
does. ``docs/rules.md`` and ``recon rules list`` show the same table, so no threshold is hidden.
Per-account overrides go under ``accounts:`` (``accounts: {"Visa 1234": {missed: {grace_days: 5}}}``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import values
from .yamlio import Problems, line_of, load_yaml, nearest


@dataclass(frozen=True)
class Settings:
    """Detector thresholds (see ``KNOWN`` for what each does)."""

    currency: str | None = None
    min_score: int = 90
    within_days: int = 1  # real repeat purchases come days apart; a double posting does not
    refund_days: int = 30
    match_days: int = 3
    tolerance: values.Tolerance = values.ZERO
    fx_tolerance: values.Tolerance = values.Tolerance(percent=Decimal(5))
    grace_days: int = 3
    remind_days: int = 7
    remind_days_yearly: int = 30
    min_charges: int = 3
    min_charges_yearly: int = 2
    amount_tolerance: values.Tolerance = values.Tolerance(percent=Decimal(10))
    date_tolerance_days: int = 4
    replaces: tuple[str, ...] = ()  # earlier numbers of this account (a replaced card)
    accounts: dict[str, Settings] = field(default_factory=dict, compare=False)

    def for_account(self, account: str | None) -> Settings:
        """These settings with the overrides for ``account``, if it has any."""
        return self.accounts.get(account or "", self)

    def holders(self) -> dict[str, str]:
        """account -> the account that now holds its seats (following ``replaces:``)."""
        return holders({name: own.replaces for name, own in self.accounts.items()})


def holders(replaced: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """account -> the account that now holds it, following ``replaces:`` chains
    (``replaced``: each account and the earlier numbers it replaces)."""
    newer = {old: name for name, olds in replaced.items() for old in olds}
    out = {}
    for old in newer:
        new, seen = newer[old], {old}
        while new in newer and new not in seen:
            seen.add(new)
            new = newer[new]
        out[old] = new
    return out


def _int(low: int, high: int) -> Callable[[object], int]:
    return lambda v: values.whole(v, low, high)


def _tolerance(v: object) -> values.Tolerance:
    return values.Tolerance.parse(v)


#: (section, key, reader, what it does). Defaults come from ``Settings``.
KNOWN: tuple[tuple[str, str, Callable[[object], Any], str], ...] = (
    ("", "currency", values.currency, "currency of statements that name none"),
    ("match", "min_score", _int(50, 100),
     "lowest fuzzy score (0-100) that links a charge to a catalogue entry"),
    ("duplicate", "within_days", _int(0, 366),
     "identical postings (same account, amount and statement text) this many days apart "
     "are duplicates"),
    ("duplicate", "refund_days", _int(0, 366),
     "a refund of the same amount within this many days cancels a charge"),
    ("transfer", "match_days", _int(0, 31),
     "a payment out matched by the same amount into another of your accounts within this "
     "many days is a transfer (a card repayment), never a subscription or a duplicate"),
    ("price_change", "tolerance", _tolerance,
     "drift allowed before a charge is a price change, unless the entry sets its own"),
    ("price_change", "fx_tolerance", _tolerance,
     "drift allowed when the charge's currency is not the entry's (exchange rates move)"),
    ("missed", "grace_days", _int(0, 60),
     "days after the expected date before a renewal counts as missed"),
    ("upcoming", "remind_days", _int(0, 366), "days ahead to list renewals"),
    ("upcoming", "remind_days_yearly", _int(0, 366),
     "days ahead to list yearly renewals (and cancel-by dates)"),
    ("discover", "min_charges", _int(2, 100), "charges needed to call a series recurring"),
    ("discover", "min_charges_yearly", _int(2, 100),
     "charges needed for a yearly series"),
    ("discover", "amount_tolerance", _tolerance,
     "how much a series' amounts may vary around their median"),
    ("discover", "date_tolerance_days", _int(0, 15),
     "days a charge may fall from its cycle's date (weekends, processing)"),
)
SECTIONS = tuple(dict.fromkeys(s for s, *_ in KNOWN if s))
_BY_SECTION = {s: {k: r for sec, k, r, _ in KNOWN if sec == s} for s in SECTIONS}


def default_of(key: str) -> object:
    value = getattr(Settings(), key)
    return value.label() if isinstance(value, values.Tolerance) else value


def _read(doc: Any, problems: Problems, base: Settings, allow_accounts: bool) -> Settings:
    changes: dict[str, Any] = {}
    for key, value in doc.items():
        line = line_of(doc, key)
        if key == "currency":
            try:
                changes["currency"] = values.currency(value)
            except ValueError as exc:
                problems.add(line, f"currency: {value!r}: {exc}")
            continue
        if key == "accounts" and allow_accounts:
            continue
        if key == "replaces" and not allow_accounts:  # a card that took over from another
            items = value if isinstance(value, list) else [value]
            if not items or any(v is None or isinstance(v, dict | list) or not str(v).strip()
                                for v in items):
                problems.add(line, f"replaces: {value!r}: expected an account name (or a list)")
            else:
                changes["replaces"] = tuple(str(v).strip() for v in items)
            continue
        if key not in _BY_SECTION:
            valid = (*SECTIONS, "currency", *(("accounts",) if allow_accounts else ()))
            problems.add(line, f"unknown setting {key!r}: {nearest(key, valid)}")
            continue
        if not isinstance(value, dict):
            problems.add(line, f"{key}: expected a mapping such as "
                               f"{{{next(iter(_BY_SECTION[key]))}: ...}}")
            continue
        for sub, v in value.items():
            reader = _BY_SECTION[key].get(sub)
            if reader is None:
                problems.add(line_of(value, sub), f"unknown setting {key}.{sub}: "
                             f"{nearest(sub, tuple(_BY_SECTION[key]))}")
                continue
            try:
                changes[sub] = reader(v)
            except ValueError as exc:
                problems.add(line_of(value, sub), f"{key}.{sub}: {v!r}: {exc}")
    return dataclasses.replace(base, **changes)


def load_settings(path: Path, problems: Problems | None = None) -> Settings:
    """Read ``settings.yaml`` (a missing file gives the defaults).

    Raises:
        RulesError: every mistake in the file, when no ``problems`` collector is given.
    """
    own = problems is None
    problems = problems or Problems(path)
    doc = load_yaml(path)
    if doc is None:
        return Settings()
    if not isinstance(doc, dict):
        problems.add(1, "expected a mapping of settings such as 'missed: {grace_days: 3}'", path)
        if own:
            problems.raise_if_any()
        return Settings()
    sub = Problems(path)
    settings = _read(doc, sub, Settings(), allow_accounts=True)
    accounts = doc.get("accounts") or {}
    if not isinstance(accounts, dict):
        sub.add(line_of(doc, "accounts"), "accounts: expected a mapping of account name to settings")
        accounts = {}
    per_account = {}
    for name, overrides in accounts.items():
        if not isinstance(overrides, dict):
            sub.add(line_of(accounts, name), f"accounts.{name}: expected a mapping of settings")
            continue
        per_account[str(name)] = _read(overrides, sub, settings, allow_accounts=False)
    problems.items.extend(sub.items)
    if own:
        problems.raise_if_any()
    return dataclasses.replace(settings, accounts=per_account)


def load_default_currency(path: Path) -> str | None:
    """``currency:`` from ``rules/settings.yaml``: used for statements that name none."""
    return load_settings(path).currency
