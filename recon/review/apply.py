"""Turn review decisions into rules changes and recorded decisions.

Every decision is checked before anything is written, so a mistake in one cell changes
nothing (and every such cell is named, not only the first). ``apply`` writes nothing: it
gives the new text of each rules file to edit (keeping the user's comments and order) and
the decisions to record by flag id, and ``Ledger.decide`` commits both as one unit. A
decided flag stays out of later reports; an undecided or disputed one comes back.

=====================  ==========================================================
``ok``                 settled; on a price change the catalogue takes the new price
                       and keeps the old one in ``history``
``cancel``             the subscription is marked cancelled from today (an
                       uncatalogued series is added to the catalogue as cancelled,
                       so a later charge is flagged)
``not a subscription`` an ignore rule for the merchant goes into ``rules.yaml``
``dispute``            kept open, listed under disputes
``add`` (suggestions)  the suggested entry goes into ``subscriptions.yaml``
=====================  ==========================================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import files as _files
from .. import money
from ..detect import Series
from ..detect.flags import flag_id
from ..detect.kinds.unexpected import seat_count
from ..detect.seats import holders
from ..errors import InputError
from ..report import suggestion_id
from ..rulebook import Subscription, edit
from ..rulebook.rules import Rule
from ..suggest import entry_for, suggest
from .sheet import Decision

if TYPE_CHECKING:
    from ..pipeline import Analysis


@dataclass
class Outcome:
    """What applying a review did (or, in a dry run, would do)."""

    changes: list[str] = field(default_factory=list)
    disputes: list[str] = field(default_factory=list)
    recorded: list[tuple[str, str, str | None]] = field(default_factory=list)  # id, choice, note
    unchanged: int = 0  # decisions already applied by an earlier run
    #: The rules files to change: file -> (the text the edits were made from, the new text).
    files: dict[Path, tuple[str | None, str]] = field(default_factory=dict)


@dataclass
class _Plan:
    """Edits gathered from all decisions, written together at the end."""

    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # entry name -> keys
    files: dict[str, Path] = field(default_factory=dict)  # entry name -> its file
    entries: list[str] = field(default_factory=list)  # new catalogue lines
    rules: list[str] = field(default_factory=list)  # new rules.yaml lines
    ignored: set[str] = field(default_factory=set)  # merchant keys given an ignore rule
    names: set[str] = field(default_factory=set)  # catalogue names, casefolded


def _entry_file(rules_dir: Path, sub: Subscription) -> Path:
    name = sub.source.rsplit(":", 1)[0] or "subscriptions.yaml"
    direct = rules_dir / name
    if direct.exists():
        return direct
    found = sorted(rules_dir.rglob(name))
    return found[0] if found else rules_dir / "subscriptions.yaml"


def _existing_ignores(rules: tuple[Rule, ...]) -> set[str]:
    """Merchant keys that an ``ignore: true`` rule of the form recon writes already covers."""
    keys: set[str] = set()
    for rule in rules:
        test = rule.condition.test
        if rule.ignore == ("all",) and test is not None and test.field == "merchant" and (
                test.op == "equals"):
            keys.update(t.casefold() for t in test.texts)
    return keys


class _Review:
    def __init__(self, rules_dir: Path, found: Analysis, today: dt.date,
                 stored: dict[str, dict[str, Any]]) -> None:
        self.rules_dir, self.found, self.today, self.stored = rules_dir, found, today, stored
        self.book = found.book
        self.flags: dict[str, dict[str, Any]] = {str(f["id"]): {str(k): (None if not isinstance(v, tuple | str) and pd.isna(v)
                                         else v) for k, v in f.items()}
                      for f in found.flags.to_dict("records")}
        transactions = found.transactions  # merchant keys as the analysis cleaned them
        self.keys = dict(zip(transactions["txn_id"], transactions["merchant_key"], strict=True))
        self.series: dict[str, Series] = {s.txn_ids[-1]: s for s in found.detection.series}
        self.suggested = {suggestion_id(s.account, s.merchant_key, s.currency): (s, e)
                          for s, e in suggest(found.detection.series,
                                              (s.name for s in self.book.subscriptions))}
        self.plan = _Plan(names={s.name.casefold() for s in self.book.subscriptions},
                          ignored=_existing_ignores(self.book.rules))
        self.out = Outcome()

    def _error(self, d: Decision, message: str, hint: str | None = None) -> InputError:
        return InputError(message, line=d.where, hint=hint)

    def _fields(self, sub: Subscription) -> dict[str, Any]:
        self.plan.files[sub.name] = _entry_file(self.rules_dir, sub)
        return self.plan.fields.setdefault(sub.name, {})

    # --- flags -----------------------------------------------------------------------

    def flag(self, d: Decision) -> None:
        if d.key not in self.flags:
            self._gone(d)
            return
        f = self.flags[d.key]
        if f["decision"] == d.choice and (f["note"] or None) == d.note:
            self.out.unchanged += 1
            return
        what = f"{f['type']} {f['posted_date']} {f['subscription'] or f['description']}"
        if d.choice == "ok" and f["type"] == "price_change" and f["subscription"]:
            self._new_price(d, f)
        elif d.choice == "ok" and f["type"] == "renamed" and f["subscription"]:
            self._renamed(d, f)
        elif d.choice == "ok" and f["type"] == "unexpected" and self._seat_flag(f):
            self._seat(d, f)
        elif d.choice == "cancel":
            self._cancel(d, f)
        elif d.choice == "not a subscription":
            self._ignore(self._merchant(f), f"{f['description']} (flag {d.key})")
        if d.choice == "dispute":
            amount = (f", {money.format_minor(int(f['amount_minor']), f['currency'])} "
                      f"{f['currency']}" if f["amount_minor"] else "")
            self.out.disputes.append(f"{what}{amount}" + (f": {d.note}" if d.note else ""))
        self.out.recorded.append((d.key, d.choice, d.note))
        self.out.changes.append(f"{d.where}: {what}: recorded {d.choice!r}"
                                + (f" ({d.note})" if d.note else ""))

    def _gone(self, d: Decision) -> None:
        """A flag of the report that the current rules no longer raise."""
        record = self.stored.get(d.key)
        if record is None:
            raise self._error(d, f"flag {d.key} is not in this workspace's ledger",
                              "was the report made from another workspace (-w)?")
        if record["decision"] == d.choice and (record["note"] or None) == d.note:
            self.out.unchanged += 1
            return
        self.out.recorded.append((d.key, d.choice, d.note))
        self.out.changes.append(f"{d.where}: {record['type']} {record['posted_date']}: recorded "
                                f"{d.choice!r} (the current rules no longer raise this flag)")

    def _merchant(self, f: dict[str, Any]) -> str:
        key = self.keys.get(f["txn_id"])
        return str(key) if key is not None else str(f["description"]).casefold()

    def _new_price(self, d: Decision, f: dict[str, Any]) -> None:
        sub = self.book.subscription(str(f["subscription"]))
        if sub is None:
            raise self._error(d, f"{f['subscription']!r} is no longer in the catalogue")
        currency = str(f["currency"])
        new = money.from_minor(abs(int(f["amount_minor"])), currency)
        fields = self._fields(sub)
        history = fields.setdefault("history", [
            {"amount": a, "until": u} for u, a in sub.history])
        old = fields.get("amount", sub.amount)
        if f["expected_minor"] is not None and (sub.currency or currency) == currency:
            old = money.from_minor(int(f["expected_minor"]), currency)
        until = f["posted_date"] - dt.timedelta(days=1)
        if old is not None and old != new and all(h["until"] != until for h in history):
            history.append({"amount": old, "until": until})
            history.sort(key=lambda h: h["until"])
        fields["amount"] = new
        if sub.currency and sub.currency != currency:
            fields["currency"] = currency
        self.out.changes.append(
            f"{d.where}: {sub.name}: amount {old} -> {new} {currency}"
            + (f" ({old} kept in history until {until})" if old is not None else "")
            + f" [{self.plan.files[sub.name].name}]")

    def _renamed(self, d: Decision, f: dict[str, Any]) -> None:
        """``ok`` on "X may now bill as ...": the new descriptor becomes an alias of the entry
        and its price the entry's price (the old one kept in ``history``)."""
        rename = next((r for r in self.found.detection.renames if r.flag_id == d.key), None)
        sub = self.book.subscription(str(f["subscription"]))
        if rename is None or sub is None:
            raise self._error(d, f"{f['subscription']!r} is no longer in the catalogue")
        fields = self._fields(sub)
        aliases = list(fields.get("match", sub.match))
        if rename.alias.casefold() not in {a.casefold() for a in aliases}:
            aliases.append(rename.alias)
        fields["match"] = aliases
        self.out.changes.append(f"{d.where}: {sub.name}: also matches {rename.alias!r} "
                                f"[{self.plan.files[sub.name].name}]")
        self._new_price(d, {**f, "amount_minor": -rename.amount_minor,
                            "currency": rename.currency, "posted_date": rename.since})

    def _seat_flag(self, f: dict[str, Any]) -> bool:
        """The flag says an entry is paid by one seat more than it expects (or off its
        account), not that a charge is unexpected."""
        ids = f.get("txn_ids") or ()
        return bool(f["subscription"] and ids
                    and f["id"] == flag_id("unexpected", "seat", f["subscription"], ids[0]))

    def _seat(self, d: Decision, f: dict[str, Any]) -> None:
        """``ok`` on an extra seat records it for good: the entry's seats grow by one (or,
        off its account, the entry moves to the account that pays it now)."""
        sub = self.book.subscription(str(f["subscription"]))
        if sub is None:
            raise self._error(d, f"{f['subscription']!r} is no longer in the catalogue")
        fields = self._fields(sub)
        where = self.plan.files[sub.name].name
        held = holders(self.book.settings).get(sub.account or "", "")
        if sub.account and str(f["account"]).casefold() not in (sub.account.casefold(),
                                                               held.casefold()):
            # the seat bills off the entry's account (as detect judged it): it moved
            fields["account"] = str(f["account"])
            self.out.changes.append(f"{d.where}: {sub.name}: account {sub.account} -> "
                                    f"{f['account']} [{where}]")
            return
        allowed = seat_count(sub)
        if allowed is None:  # one per account already: nothing to widen
            return
        seats = int(fields.get("seats", allowed)) + 1
        fields["seats"] = seats
        self.out.changes.append(f"{d.where}: {sub.name}: seats {seats - 1} -> {seats} [{where}]")

    def _cancel(self, d: Decision, f: dict[str, Any]) -> None:
        sub = self.book.subscription(str(f["subscription"])) if f["subscription"] else None
        if sub is not None:
            if sub.status == "cancelled" and sub.cancelled is not None:
                self.out.changes.append(f"{d.where}: {sub.name} was already cancelled on "
                                        f"{sub.cancelled}")
                return
            self._fields(sub).update(status="cancelled", cancelled=self.today)
            self.out.changes.append(f"{d.where}: {sub.name}: status cancelled, cancelled "
                                    f"{self.today} [{self.plan.files[sub.name].name}]")
            return
        series = self.series.get(str(f["txn_id"]))
        if series is None:
            raise self._error(d, "cancel needs a subscription, and this flag is not linked to "
                              "one", "choose 'not a subscription', 'ok' or 'dispute'")
        entry = entry_for(series, set(self.plan.names))
        entry.update(status="cancelled", cancelled=self.today)
        self._add(d, entry, "cancelled in review")

    def _ignore(self, key: str, why: str) -> None:
        if key.casefold() in self.plan.ignored:
            self.out.changes.append(f"{why}: {key!r} already has an ignore rule")
            return
        self.plan.ignored.add(key.casefold())
        self.plan.rules.append(edit.flow_item(
            {"if": {"merchant": {"equals": key}}, "then": {"ignore": True}},
            f"recon review {self.today}: {why} is not a subscription"))
        self.out.changes.append(f"rules.yaml: ignore merchant {key!r} (not a subscription)")

    def _add(self, d: Decision, entry: dict[str, object], why: str) -> None:
        name = str(entry["name"])
        if name.casefold() in self.plan.names:
            raise self._error(d, f"a subscription named {name!r} is already in the catalogue",
                              "give the suggestion another Name")
        self.plan.names.add(name.casefold())
        self.plan.entries.append(edit.flow_item(entry, f"{why} {self.today} ({d.where})"))
        self.out.changes.append(f"{d.where}: subscriptions.yaml: added {name!r} "
                                f"({entry['amount']} {entry['currency']} every "
                                f"{entry['every']}" + (", cancelled" if "cancelled" in entry
                                                       else "") + ")")

    # --- suggestions -----------------------------------------------------------------

    def suggestion(self, d: Decision) -> None:
        pair = self.suggested.get(d.key)
        if pair is None:
            self.out.unchanged += 1  # added earlier, or no longer recurring
            return
        series, entry = pair
        if d.choice == "add":
            entry = dict(entry)
            if d.name:
                entry["name"] = d.name
            self._add(d, entry, "added in review")
        else:
            self._ignore(series.merchant_key, f"{series.description} ({d.where})")


def _combined(errors: list[InputError]) -> InputError:
    """One error naming every decision that cannot be applied (the first in the headline)."""
    if len(errors) == 1:
        return errors[0]
    first = errors[0]
    return InputError(f"{len(errors)} review decisions cannot be applied; nothing was changed",
                      line=first.line, details=[
                          f"{e.line}: {e.message}" + (f" ({e.hint})" if e.hint else "")
                          for e in errors[:MAX_LISTED]]
                      + ([f"... and {len(errors) - MAX_LISTED} more"]
                         if len(errors) > MAX_LISTED else []))


#: Problems listed one per line; beyond this many, a count.
MAX_LISTED = 20


def _edited(plan: _Plan, rules_dir: Path) -> dict[Path, tuple[str | None, str]]:
    """Every rules file the plan changes: (its text now, its new text), edited in memory."""
    texts: dict[Path, tuple[Path, str | None, str]] = {}  # real path -> (path, old, new)

    def edit_file(path: Path, change: Any) -> None:
        key = _files.real(path)
        if key not in texts:
            old = _files.read_text(path)
            texts[key] = (path, old, old or "")
        _, old, new = texts[key]
        texts[key] = (path, old, change(new))

    for name, fields in plan.fields.items():
        edit_file(plan.files[name], lambda text, name=name, fields=fields: edit.with_fields(
            text, plan.files[name], name, fields))
    if plan.entries:
        path = rules_dir / "subscriptions.yaml"
        edit_file(path, lambda text: edit.appended(text, path, plan.entries))
    if plan.rules:
        path = rules_dir / "rules.yaml"
        edit_file(path, lambda text: edit.appended(text, path, plan.rules))
    return {path: (old, new) for path, old, new in texts.values() if new != old}


def apply(decisions: list[Decision], found: Analysis, rules_dir: Path, today: dt.date,
          stored: dict[str, dict[str, Any]]) -> Outcome:
    """Check every decision and work out the rules files' new texts; nothing is written.

    ``found`` is the current analysis; ``stored`` every flag recorded in the ledger (a flag
    of the report that the current rules no longer raise is looked up there).

    The caller commits ``Outcome.recorded`` and ``Outcome.files`` together with
    ``Ledger.decide`` (or shows them, in a dry run).

    Raises:
        InputError: decisions that cannot be applied, naming every such cell.
        RulesError: a rules file that cannot be edited.
    """
    review = _Review(rules_dir, found, today, stored)
    errors = []
    for d in decisions:
        try:
            if d.sheet == "Flags":
                review.flag(d)
            else:
                review.suggestion(d)
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise _combined(errors)
    review.out.files = _edited(review.plan, rules_dir)
    return review.out
