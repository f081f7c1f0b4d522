"""The registry of flag types: each detector's name, severity, settings and documentation.

This module imports nothing from recon, so the rulebook (``ignore:`` validation), the CLI
(``--type`` choices), the report (its type list) and ``docs/rules.md`` (the flag table, kept
equal by a test) all read the same list. The checks themselves live in ``recon.detect``
(``recon.detect.CHECKS`` maps each type here to its function; a test keeps the two equal).
A new detector is one entry here, its check, and its test.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Detector:
    """One flag type."""

    name: str
    severity: str  # as shown in the docs: "high", "medium (up), low (down)", ...
    settings: tuple[str, ...]  # the ``section.key`` settings it reads
    doc: str  # when it is raised (one paragraph, Markdown)


DETECTORS: tuple[Detector, ...] = (
    Detector("duplicate", "high", ("duplicate.within_days", "duplicate.refund_days"),
             "a second charge in one cycle of one seat (a subscription on one account) at its "
             "price; an identical posting (same account, amount and statement text) within "
             "`duplicate.within_days`. A charge reversed by a refund of the same amount is "
             "neither; a partial refund does not reverse; a purchase at a different amount is "
             "not a renewal and is not flagged"),
    Detector("price_change", "medium (up), low (down)",
             ("price_change.tolerance", "price_change.fx_tolerance"),
             "a seat's charge differs from its own baseline beyond the tolerance: the "
             "catalogue's price when it is in the charge's currency (an entry without "
             "`currency` takes its charges') and near the seat's plan, else the seat's first "
             "charge; then the last flagged price. A seat that changes currency. Charges in "
             "another currency than the entry's are compared with the previous charge using "
             "`fx_tolerance`"),
    Detector("unexpected", "high / medium", ("discover.min_charges",),
             "a charge after `cancelled` or `ends`, before `started`, or while `paused`; a "
             "charge or a seat on another account than the entry's; a seat more than the entry "
             "expects (one, `seats: N`, or one per account with `per_account`): one flag per "
             "extra seat, not per cycle; a recurring series (see `recon discover`) in no "
             "catalogue entry"),
    Detector("missed", "medium", ("missed.grace_days",),
             "a seat's renewal that has not come `grace_days` after it was due, judged only "
             "as far as that account's statements reach: once for a renewal skipped and then "
             "resumed, once when a seat stops (it shows as lapsed). A seat that moves to a "
             "card that `replaces:` its card is one seat"),
    Detector("upcoming", "low", ("upcoming.remind_days", "upcoming.remind_days_yearly"),
             "a live seat's next renewal, or its cancel-by date, falls within `remind_days` "
             "(`remind_days_yearly` for yearly plans) from today (`--as-of`); one reminder per "
             "seat"),
    Detector("trial_conversion", "high", (),
             "the first paid charge after `trial_ends` while the entry still says "
             "`status: trial`"),
    Detector("renamed", "medium", ("discover.min_charges",),
             "a seat stopped, and a new recurring series in no catalogue entry started on the "
             "same account when it was due, with a similar merchant name or price: the "
             "subscription may now bill under another name (one flag instead of a missed "
             "renewal and an unknown series)"),
    Detector("rule", "from the rule", (), "a rule's `flag` action"),
)

FLAG_TYPES: tuple[str, ...] = tuple(d.name for d in DETECTORS)


def flag_table() -> str:
    """The Markdown table of flag types for ``docs/rules.md``."""
    lines = ["| type | severity | raised when |", "| --- | --- | --- |"]
    lines += [f"| `{d.name}` | {d.severity} | {d.doc} |" for d in DETECTORS]
    return "\n".join(lines)
