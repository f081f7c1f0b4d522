"""The header and preamble words of statements nobody here has seen: how a header cell is
folded for the vocabulary, which date column is the posting date, where the statement's own
account and currency are written (preamble lines, header suffixes), and which column is the
account, the payee and the description.

Each test builds a small statement in the shape the mechanism is about; properties vary what
must not matter (column order, marks around a header word, row count).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon.parsers import ParseOptions, parse_statement
from recon.parsers.vocabulary import header_fold, header_roles, vocabulary

EUR = ParseOptions(currency="EUR")
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _write(tmp: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def _roles(cell: str) -> set[str]:
    return {role for role, _ in header_roles(cell)}


# -- folding a header cell -------------------------------------------------------------

@pytest.mark.parametrize(("cell", "role"), [
    ("Account #", "account"),          # a trailing number sign
    ("Card No.", "account"),
    ("Compte n°", "account"),
    ("accountNum", "account"),         # camelCase
    ("dateOp", "date"),
    ("#Kwota", "amount"),              # a leading marker
    ("#Saldo po operacji", "balance"),
    ("Withdrawal Amt.", "debit"),      # an abbreviation's dot
    ("Deposit Amt.", "credit"),
])
def test_header_cells_fold_to_their_role(cell: str, role: str) -> None:
    assert role in _roles(cell)


synonyms = st.sampled_from(sorted({(role, w) for role, words in vocabulary().synonyms.items()
                                   for w in words if role != "time"}))


@SETTINGS
@given(pair=synonyms, mark=st.sampled_from(["#", "*", "# ", '"', "="]),
       upper=st.booleans())
def test_marks_and_case_around_a_synonym_do_not_change_its_role(
        pair: tuple[str, str], mark: str, upper: bool) -> None:
    role, word = pair
    written = word.upper() if upper else word
    assert role in _roles(mark + written + (mark if mark == '"' else ""))


def test_a_number_sign_alone_is_not_dropped() -> None:
    assert header_fold("No.") == "no"
    assert header_fold("#") == "#"


# -- the posting date ------------------------------------------------------------------

@SETTINGS
@given(posted_first=st.booleans(), trans=st.sampled_from(
    ["Transaction Date", "Trans. Date", "Tran Date"]), post=st.sampled_from(
    ["Post Date", "Posted Date", "Posting Date", "Date Posted"]))
def test_the_posting_date_is_stored_whatever_the_column_order(
        tmp_path: Path, posted_first: bool, trans: str, post: str) -> None:
    """DESIGN.md: posted_date is the posting date, whichever column comes first."""
    cols = [post, trans] if posted_first else [trans, post]
    rows = [("2024-03-02", "2024-03-01"), ("2024-03-06", "2024-03-05"),
            ("2024-03-10", "2024-03-08")]
    lines = [",".join([*cols, "Description", "Amount"])]
    for posted, spent in rows:
        pair = [posted, spent] if posted_first else [spent, posted]
        lines.append(",".join([*pair, "Shop", "-12.50"]))
    result = parse_statement(_write(tmp_path, "card.csv", lines), EUR)
    assert list(result.frame["posted_date"].astype(str)) == [p for p, _ in rows]
