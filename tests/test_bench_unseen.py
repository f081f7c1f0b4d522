"""bench.unseen: the held-out files and EXPECTED.tsv agree, and the classifier runs."""

from __future__ import annotations

import zlib
from decimal import Decimal

from bench import unseen
from recon import money


def test_expected_lists_every_file_once() -> None:
    rows = unseen.expected()
    listed = [r["file"] for r in rows]
    on_disk = sorted(p.name for p in unseen.HERE.iterdir()
                     if p.is_file() and not p.name.startswith("_")
                     and p.name not in ("EXPECTED.tsv", "DIAGNOSIS.md", "sketch-fixes.diff"))
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)


def test_expected_rows_are_well_formed() -> None:
    for r in unseen.expected():
        assert r["set"] == ("dev" if zlib.crc32(r["file"].encode()) % 2 == 0 else "held")
        assert int(r["rows"]) >= 4
        assert money.is_currency(r["currency"])
        assert r["currency_named"] in ("yes", "no")
        for key in ("first_amount", "last_amount", "net"):
            Decimal(r[key])
        assert 0 <= int(r["money_in_rows"]) <= int(r["rows"])


def test_classify_names_a_class() -> None:
    row = next(r for r in unseen.expected() if r["file"] == "uk_monzo.csv")
    outcome = unseen.classify(row)
    assert outcome.cls in unseen.CLASSES
    assert outcome.file == "uk_monzo.csv"
