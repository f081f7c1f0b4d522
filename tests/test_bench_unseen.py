"""bench.unseen: the held-out files and EXPECTED.tsv agree, and the classifier runs (both sets)."""

from __future__ import annotations

import zlib
from decimal import Decimal
from pathlib import Path

import pytest

from bench import unseen
from recon import money

SET_DIRS = [unseen.HERE, unseen.HERE.parent / "unseen2"]
NOT_STATEMENTS = ("EXPECTED.tsv", "DIAGNOSIS.md", "README.md", "sketch-fixes.diff")


@pytest.mark.parametrize("here", SET_DIRS, ids=lambda p: p.name)
def test_expected_lists_every_file_once(here: Path) -> None:
    rows = unseen.expected(here)
    listed = [r["file"] for r in rows]
    on_disk = sorted(p.name for p in here.iterdir()
                     if p.is_file() and not p.name.startswith("_")
                     and p.name not in NOT_STATEMENTS)
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)


@pytest.mark.parametrize("here", SET_DIRS, ids=lambda p: p.name)
def test_expected_rows_are_well_formed(here: Path) -> None:
    for r in unseen.expected(here):
        if here.name == "unseen":
            assert r["set"] == ("dev" if zlib.crc32(r["file"].encode()) % 2 == 0 else "held")
        else:
            assert r["set"] == "held2"
        assert int(r["rows"]) >= 4
        assert money.is_currency(r["currency"])
        assert r["currency_named"] in ("yes", "no")
        for key in ("first_amount", "last_amount", "net"):
            Decimal(r[key])
        assert 0 <= int(r["money_in_rows"]) <= int(r["rows"])


@pytest.mark.parametrize(("here", "name"), [(SET_DIRS[0], "uk_monzo.csv"),
                                            (SET_DIRS[1], "uk_amex.csv")],
                         ids=["unseen", "unseen2"])
def test_classify_names_a_class(here: Path, name: str) -> None:
    row = next(r for r in unseen.expected(here) if r["file"] == name)
    outcome = unseen.classify(row, here)
    assert outcome.cls in unseen.CLASSES
    assert outcome.file == name


def test_dir_option_measures_the_other_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert unseen.main(["--dir", str(SET_DIRS[1]), "--set", "nothing"]) == 0
    assert "files" in capsys.readouterr().out
