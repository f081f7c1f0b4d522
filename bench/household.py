"""The household scenario of the accuracy benchmark: many cards, many seats, a sparse catalogue.

A household's or small company's cards (17 per 20,000 rows, in four currencies), each
subscribing on its own to services the others also pay for, at its own plan and in its own
currency; a catalogue that mostly names services and cadences without prices. Planted, each
with the flags it should raise (and nothing else):

- price changes (some under 2%), a double charge in one cycle, a refunded double charge;
- two seats of one service on one card (one ``unexpected`` flag), a single-seat service paid
  on a second card (one flag for the extra seat);
- a renewal skipped and resumed (one ``missed``), a seat that stops (one ``missed``);
- a card replaced by a new card (declared with ``replaces:``): its seats move, no flag;
- FX drift on a card paying a service priced in another currency (no flag), and a real price
  change through it (a flag);
- annual plans on several cards (an ``upcoming`` reminder per seat), weekly plans;
- repeat one-off purchases days apart (no flag), identical postings the same day (a
  ``duplicate``), brand merchandise from a subscription brand (not linked, no flag);
- shared descriptors told apart by amount, names one letter apart, names inside other names,
  names with digits (the linking line);
- uncatalogued subscriptions printed two ways, and variable bills (one ``unexpected`` each).

Discover is scored on the same ledger with an empty catalogue: every seat is a series to find.
The generator keeps its own calendar; it shares no code with recon's detectors.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz

START, END = dt.date(2025, 1, 1), dt.date(2026, 2, 28)
AS_OF = END + dt.timedelta(days=1)
CURRENCIES = (("GBP", 6, Decimal(1)), ("EUR", 5, Decimal("1.17")), ("USD", 4, Decimal("1.27")),
              ("CNY", 2, Decimal("9.1")))
SYLLABLES = ("ka", "lo", "mi", "zen", "tri", "vor", "qua", "pex", "ly", "nor", "sta", "bri",
             "cor", "dex", "fu", "gal", "hex", "jo", "lum", "mar", "nex", "ori", "pul", "ros",
             "sol", "tav", "umb", "vex", "wil", "yo", "zar", "bel", "cin", "dor", "elm", "quo",
             "rav", "sim", "tor", "ux", "vin", "wex", "xan", "yel", "zop")
CITIES = ("LONDON", "DUBLIN", "AMSTERDAM", "LUXEMBOURG", "SAN FRANCISCO", "SEATTLE", "")
CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def add_months(d: dt.date, months: int, day: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(y, m + 1, min(day, calendar.monthrange(y, m + 1)[1]))


def step(start: dt.date, every: str, day: int, k: int) -> dt.date:
    if every in ("month", "quarter", "year"):
        return add_months(start, k * {"month": 1, "quarter": 3, "year": 12}[every], day)
    return start + dt.timedelta(days=k * {"week": 7, "2 weeks": 14}[every])


class Names:
    """Invented brand names, far apart unless a scenario wants them close."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.taken = rng, set[str]()

    def word(self, low: int = 2, high: int = 3) -> str:
        while True:
            w = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high)))
            if len(w) >= 5 and not any(w in t or t in w or fuzz.ratio(w, t) > 75
                                       for t in self.taken):
                self.taken.add(w)
                return w.capitalize()


def form_of(rng: random.Random) -> int:
    return rng.randrange(8)


def descriptor(rng: random.Random, name: str, form: int) -> str:
    """How a card statement prints ``name``, in one of several forms; the codes vary."""
    up = name.upper()
    code = "".join(rng.choice(CODE) for _ in range(rng.randint(6, 10)))
    phone = f"{rng.randint(800, 899)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    forms = (
        f"{up} {code}",
        f"{up.replace(' ', '')}.COM {phone}",
        f"PAYPAL *{up.replace(' ', '')[:14]}",
        f"{up} {CITIES[form % len(CITIES)]}",
        f"{up}*{code[:6]}",
        f"WWW.{up.replace(' ', '')}.COM",
        f"{up} LTD DD {rng.randint(100000, 999999)}",
        f"SQ *{up}",
    )
    return forms[form % len(forms)].strip()


@dataclass
class Service:
    name: str
    alias: str
    every: str
    base: int  # GBP minor units of the basic plan
    seats: str = "per_account"  # per_account | one
    priced: bool = False  # the catalogue states amount and currency
    currency: str | None = None  # the catalogue's currency
    amount: int | None = None  # the catalogue's amount (minor units of currency)
    patterns: tuple[str, ...] = ()
    status: str = "active"
    cancelled: dt.date | None = None
    account: str | None = None


@dataclass
class Truth:
    rows: list[dict[str, object]] = field(default_factory=list)
    flags: dict[str, list[object]] = field(default_factory=dict)
    series: list[frozenset[int]] = field(default_factory=list)  # what discover should find
    accounts: dict[str, str] = field(default_factory=dict)  # account -> currency
    replaces: dict[str, str] = field(default_factory=dict)

    def flag(self, kind: str, key: object) -> None:
        self.flags.setdefault(kind, []).append(key)

    def row(self, account: str, date: dt.date, amount: int, text: str, sub: str | None,
            currency: str | None = None) -> int:
        self.rows.append({"account": account, "posted_date": date, "amount_minor": amount,
                          "currency": currency or self.accounts[account],
                          "description_raw": text, "ref": None, "source_file": "bench",
                          "source_row": str(len(self.rows) + 2), "parser": "csv", "_sub": sub})
        return len(self.rows) - 1


def price_in(base: int, currency: str) -> int:
    """A plan's list price in ``currency``: the converted base, ending in 99."""
    factor = next(f for c, _, f in CURRENCIES if c == currency)
    whole = int(Decimal(base) * factor) // 100
    return max(whole, 1) * 100 + 99 if currency != "CNY" else max(whole, 1) * 100


class Household:
    """Builds the ledger, the catalogue and the expected findings."""

    def __init__(self, rows: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = Names(self.rng)
        self.truth = Truth()
        self.services: list[Service] = []
        self.scale = max(1.0, rows / 20000)
        self.target = rows
        self.cards: list[str] = []
        self.last_plan: tuple[Service, str, dt.date, int] | None = None  # of the last _seat
        n = 0
        for currency, count, _ in CURRENCIES:
            for _ in range(round(count * self.scale)):
                n += 1
                self.cards.append(f"Card {n:03d}")
                self.truth.accounts[self.cards[-1]] = currency
        # one card is replaced half way by a new card number; its seats move
        self.old_card = self.cards[len(self.cards) // 3]
        self.new_card = f"Card {n + 1:03d}"
        self.truth.accounts[self.new_card] = self.truth.accounts[self.old_card]
        self.truth.replaces[self.new_card] = self.old_card
        self.move_on = add_months(START, 7, 15)

    # -- the catalogue ----------------------------------------------------------------
    def _service(self, every: str, **kw: object) -> Service:
        rng = self.rng
        name = kw.pop("name", None) or self.names.word()
        alias = str(kw.pop("alias", None) or name).lower()
        base = int(kw.pop("base", None) or rng.choice([299, 499, 599, 799, 999, 1099, 1299,
                                                       1499, 1999]) * (10 if every == "year" else 1))
        s = Service(name=str(name), alias=alias, every=every, base=base, **kw)  # type: ignore[arg-type]
        self.services.append(s)
        return s

    def build(self) -> Truth:
        rng, scale = self.rng, self.scale
        shared = [self._service(rng.choice(["month"] * 8 + ["year", "quarter"]))
                  for _ in range(round(40 * scale))]
        weekly = [self._service("week", base=rng.choice([399, 599, 899]))
                  for _ in range(round(3 * scale))]
        annual = [self._service("year") for _ in range(round(4 * scale))]
        # names with digits, names inside other names, one letter apart
        digits = [self._service("month", name=f"{self.names.word()} {d}")
                  for d in rng.sample(["365", "24", "360", "7", "99"], 3)]
        inner = self.names.word(2, 2)
        outer = self._service("month", name=rng.choice(("Bri", "Gal", "Nor")) + inner.lower())
        inside = self._service("month", name=inner)
        long_name = self._service("month", name=self.names.word(4, 4))
        near_miss = long_name.name[:-2] + ("a" if long_name.name[-2] != "a" else "e") + \
            long_name.name[-1]
        for card in self.cards:
            for s in rng.sample(shared, min(len(shared), rng.randint(8, 14))):
                self._seat(s, card)
            if rng.random() < 0.3:
                self._seat(rng.choice(weekly), card)
            if rng.random() < 0.4:
                self._seat(rng.choice(annual), card)
            for s in (*digits, outer, inside, long_name):
                if rng.random() < 0.25:
                    self._seat(s, card)
        self._single_seat_services()
        self._shared_descriptor()
        self._unknown_series()
        self._one_offs(shared, near_miss)
        return self.truth

    def _single_seat_services(self) -> None:
        rng = self.rng
        for i in range(round(30 * self.scale)):
            card = rng.choice(self.cards)
            currency = self.truth.accounts[card]
            priced = i % 3 != 0
            s = self._service(rng.choice(["month"] * 6 + ["year", "quarter"]), seats="one")
            if priced:
                s.priced, s.currency = True, currency
                s.amount = price_in(s.base, currency)
            event = i % 10
            if event == 1:  # a second card pays it too: one flag for the extra seat
                other = rng.choice([c for c in self.cards if c != card and c != self.old_card])
                paid = []
                for payer, late in ((card, False), (other, True)):
                    ids = self._seat(s, payer, plain=True, late=late, extra=True)
                    if ids:
                        paid.append((self._start(ids), ids, self.last_plan))
                # the extra seat is the one that began later: ``late`` shifts the second
                # card's start by 90 days, but the first card's may begin up to 120 days
                # in, and the ledger cannot tell which card was meant to pay
                paid.sort(key=lambda p: p[0])
                if paid:
                    self._upcoming(*paid[0][2])  # the seat kept: its reminder
                if len(paid) == 2:
                    self.truth.flag("unexpected", ("seat", frozenset(paid[1][1])))
            elif event == 2:  # cancelled, still charged: each charge after is unexpected
                ids = self._seat(s, card, plain=True, extra=True)
                dates = [self.truth.rows[i]["posted_date"] for i in ids]
                if len(ids) >= 5:
                    s.status, s.cancelled = "cancelled", dates[-3] - dt.timedelta(days=1)
                    for j in ids[-3:]:
                        self.truth.flag("unexpected", j)
                elif ids:  # still active: its reminder (a cancelled plan gets none)
                    self._upcoming(*self.last_plan)
            elif event == 3 and currency == "GBP":  # priced in USD, paid in GBP: FX drift
                s.priced, s.currency = True, "USD"
                s.amount = price_in(s.base, "USD")
                self._fx_seat(s, card, change=i % 20 == 3)
            else:
                self._seat(s, card)

    def _shared_descriptor(self) -> None:
        """Three services of one brand printing the same descriptor, told apart by price."""
        rng = self.rng
        brand = self.names.word(2, 2)
        text = f"{brand.upper()}.COM/BILL"
        amounts = rng.sample([299, 899, 1099, 1699, 2499], 3)
        for amount in amounts:
            card = rng.choice(self.cards)
            currency = self.truth.accounts[card]
            s = self._service("month", name=f"{brand} {self.names.word(2, 2)}", seats="one",
                              base=amount, priced=True, currency=currency,
                              amount=price_in(amount, currency),
                              patterns=(f"^{brand.upper()}\\.COM/BILL",))
            self._seat(s, card, plain=True, text=text)

    # -- seats ------------------------------------------------------------------------
    def _dates(self, every: str, first: dt.date, day: int) -> list[dt.date]:
        out, k = [], 0
        while (d := step(first, every, day, k)) <= END:
            out.append(d)
            k += 1
        return out

    def _post(self, due: dt.date) -> dt.date:
        return due + dt.timedelta(days=min(self.rng.choice([0, 0, 0, 1, 2]), (END - due).days))

    def _account_on(self, card: str, date: dt.date) -> str:
        if card == self.old_card and date >= self.move_on:
            return self.new_card
        return card

    def _seat(self, s: Service, card: str, plain: bool = False, late: bool = False,
              text: str | None = None, extra: bool = False) -> list[int]:
        """The charges of one seat of ``s`` on ``card``; returns their row numbers."""
        rng, truth = self.rng, self.truth
        currency = truth.accounts[card]
        plan = rng.choice([1, 1, 1, Decimal("1.5"), 2])
        amount = s.amount if s.priced and s.currency == currency and s.amount else \
            price_in(int(s.base * plan), currency)
        horizon = 300 if s.every == "year" else 120
        first = START + dt.timedelta(days=rng.randint(0, horizon) + (90 if late else 0))
        day = first.day if s.every not in ("month", "quarter", "year") else \
            rng.choice([first.day] * 5 + [29, 30, 31])
        if s.every in ("month", "quarter", "year"):
            first = add_months(first, 0, day)
        dues = self._dates(s.every, first, day)
        if len(dues) < (2 if s.every == "year" else 3):
            return []
        form = form_of(rng)
        event = "plain" if plain or len(dues) < 5 or s.every == "year" else rng.choices(
            ("plain", "price", "small_price", "skip", "stop", "double", "refunded", "two_seats"),
            (60, 5, 5, 6, 6, 5, 3, 2))[0]
        if card == self.old_card and event in ("skip", "stop"):
            event = "plain"
        skip_at = rng.randint(2, len(dues) - 3) if event == "skip" else None
        stop_at = rng.randint(3, len(dues) - 2) if event == "stop" else None
        change_at = rng.randint(2, len(dues) - 1) if event in ("price", "small_price") else None
        double_at = len(dues) // 2 if event in ("double", "refunded") else None
        ids: list[int] = []
        switch = rng.randint(1, len(dues) - 1) if rng.random() < 0.25 else None
        for j, due in enumerate(dues):
            if j == skip_at:
                truth.flag("missed", (s.name, card, due))
                continue
            if stop_at is not None and j >= stop_at:
                if j == stop_at:
                    truth.flag("missed", (s.name, card, due))
                continue
            posted = self._post(due)
            price = amount
            if change_at is not None and j >= change_at:
                price = amount + (max(20, amount // 5) if event == "price" else
                                  max(1, amount * (5 + change_at % 14) // 1000))
            f = form if switch is None or j < switch else (form + 1) % 8
            account = self._account_on(card, posted)
            idx = truth.row(account, posted, -price, text or descriptor(rng, s.name, f),
                            s.name, currency)
            ids.append(idx)
            if j == change_at:
                truth.flag("price_change", idx)
            if j == double_at:
                dup = truth.row(account, posted + dt.timedelta(days=rng.choice([0, 1])), -price,
                                text or descriptor(rng, s.name, f), s.name, currency)
                if event == "refunded":
                    truth.row(account, posted + dt.timedelta(days=rng.randint(2, 9)), price,
                              text or descriptor(rng, s.name, f), s.name, currency)
                else:
                    truth.flag("duplicate", dup)
        self._series_truth(ids, card, 2 if s.every == "year" else 3)
        if event == "two_seats" and s.seats == "per_account":
            second = self._second_seat(s, card, dues, price_in(int(s.base * 2), currency) + 100,
                                       form)
            truth.flag("unexpected", ("seat", frozenset(second)))
        self.last_plan = (s, card, first, day)
        if stop_at is None and s.status == "active" and not extra:
            self._upcoming(s, card, first, day)  # an extra seat: its one flag, no reminder
        return ids

    def _start(self, ids: list[int]) -> dt.date:
        return self.truth.rows[ids[0]]["posted_date"]  # type: ignore[return-value]

    def _second_seat(self, s: Service, card: str, dues: list[dt.date], amount: int,
                     form: int) -> list[int]:
        ids = []
        shift = self.rng.randint(3, 9)
        for due in dues:
            posted = min(due + dt.timedelta(days=shift), END)
            ids.append(self.truth.row(self._account_on(card, posted), posted, -amount,
                                      descriptor(self.rng, s.name, form), s.name))
        self._series_truth(ids, card)
        return ids

    def _fx_seat(self, s: Service, card: str, change: bool) -> None:
        """A GBP card paying a USD price: the GBP amount drifts with the rate each month."""
        rng, truth = self.rng, self.truth
        first = add_months(START + dt.timedelta(days=rng.randint(0, 60)), 0, rng.randint(1, 28))
        s.every = "month"
        dues = self._dates("month", first, first.day)
        assert s.amount is not None
        usd = s.amount
        change_at = rng.randint(3, len(dues) - 2) if change else None
        form, ids = form_of(rng), []
        for j, due in enumerate(dues):
            if change_at is not None and j >= change_at:
                usd = s.amount + max(100, s.amount // 5)
            gbp = int(usd * Decimal("0.79") * (1 + Decimal(rng.randint(-15, 15)) / 1000))
            posted = self._post(due)
            idx = truth.row(card, posted, -gbp, descriptor(rng, s.name, form), s.name)
            ids.append(idx)
            if j == change_at:
                truth.flag("price_change", idx)
        self._series_truth(ids, card)
        self._upcoming(s, card, first, first.day)

    def _series_truth(self, ids: list[int], card: str, least: int = 3) -> None:
        """Discover's truth: the seat's charges on each account (a move splits them), when
        there are ``least`` of them (two for a yearly plan)."""
        by_account: dict[str, list[int]] = {}
        for i in ids:
            by_account.setdefault(str(self.truth.rows[i]["account"]), []).append(i)
        for part in by_account.values():
            if len(part) >= least:
                self.truth.series.append(frozenset(part))

    def _upcoming(self, s: Service, card: str, first: dt.date, day: int) -> None:
        window = 30 if s.every == "year" else 7
        k = 0
        while step(first, s.every, day, k) < AS_OF:
            k += 1
        if step(first, s.every, day, k) <= AS_OF + dt.timedelta(days=window):
            self.truth.flag("upcoming", (s.name, self._account_on(card, END)))

    # -- not in the catalogue -----------------------------------------------------------
    def _unknown_series(self) -> None:
        rng, truth = self.rng, self.truth
        for i in range(round(12 * self.scale)):
            card = rng.choice([c for c in self.cards if c != self.old_card])
            name = self.names.word()
            variable = i % 3 == 0
            every = "month" if variable else rng.choice(["month", "month", "week", "quarter"])
            first = START + dt.timedelta(days=rng.randint(0, 100))
            dues = self._dates(every, first, first.day)
            base = rng.choice([399, 599, 899, 1499]) if not variable else rng.randint(3000, 9000)
            forms = (form_of(rng), form_of(rng))
            ids = []
            for j, due in enumerate(dues):
                amount = base if not variable else base * rng.randint(60, 150) // 100
                text = f"{name.upper()} ENERGY {rng.randint(10**7, 10**8 - 1)}" if variable \
                    else descriptor(rng, name, forms[j * 2 // len(dues)])
                ids.append(truth.row(card, self._post(due), -amount, text, None))
            truth.flag("unexpected", ("series", frozenset(ids)))
            truth.series.append(frozenset(ids))

    def _one_offs(self, shared: list[Service], near_miss: str) -> None:
        rng, truth = self.rng, self.truth
        shops = [self.names.word() for _ in range(round(300 * self.scale))]
        shops.append(near_miss)
        days = (END - START).days
        seen: set[tuple[str, str, int]] = set()
        while len(truth.rows) < self.target:
            card = rng.choice(self.cards)
            date = START + dt.timedelta(days=rng.randint(0, days))
            account = self._account_on(card, date)
            r = rng.random()
            if r < 0.03:  # brand merchandise: a subscription brand's shop, not a plan
                s = rng.choice(shared)
                amount = rng.randint(1500, 9000)
                text = f"{s.name.upper()} {rng.choice(['MERCH', 'STORE', 'SHOP'])} " \
                       f"{rng.randint(1000, 9999)}"
                truth.row(account, date, -amount, text, None)
                continue
            shop = rng.choice(shops[:30]) if rng.random() < 0.5 else rng.choice(shops)
            amount = rng.randint(100, 25000)
            text = f"{shop.upper()} {rng.randint(100, 9999)}"
            if (account, text, amount) in seen:
                continue
            seen.add((account, text, amount))
            truth.row(account, date, -amount, text, None)
            if r < 0.06:  # bought again a few days later: same text, same amount, no flag
                later = date + dt.timedelta(days=rng.randint(2, 6))
                if later <= END and self._account_on(card, later) == account:
                    truth.row(account, later, -amount, text, None)
            elif r < 0.063:  # the same posting twice: a duplicate
                again = date + dt.timedelta(days=rng.choice([0, 0, 1]))
                if again <= END and self._account_on(card, again) == account:
                    truth.flag("duplicate", truth.row(account, again, -amount, text, None))

    # -- files ------------------------------------------------------------------------
    def catalogue_yaml(self) -> str:
        lines = ["# generated by bench/household.py: names and cadences, few prices"]
        for s in self.services:
            parts = [f"name: {s.name}", f"every: {s.every}"]
            if s.patterns:
                parts.append("patterns: [" + ", ".join(f"'{p}'" for p in s.patterns) + "]")
            else:
                parts.append(f"match: {s.alias}")
            if s.priced and s.amount is not None and s.currency:
                exponent = 0 if s.currency == "JPY" else 2
                parts += [f"amount: {Decimal(s.amount).scaleb(-exponent)}",
                          f"currency: {s.currency}"]
            if s.seats == "per_account":
                parts.append("per_account: true")
            if s.status != "active":
                parts += [f"status: {s.status}", f"cancelled: {s.cancelled}"]
            lines.append("- {" + ", ".join(parts) + "}")
        return "\n".join(lines) + "\n"

    def settings_yaml(self) -> str:
        lines = ["currency: GBP", "accounts:"]
        for new, old in self.truth.replaces.items():
            lines.append(f'  "{new}": {{replaces: "{old}"}}')
        return "\n".join(lines) + "\n"
