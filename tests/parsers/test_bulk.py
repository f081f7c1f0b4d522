"""The two readers of ``readers.Reader`` agree, row for row and rejection for rejection.

Each file is parsed twice: as recon does (``choose_readers``: plain rows by the columnar
reader, the rest by the row reader) and with the row reader alone. Frames, rejections (the
one policy: same reasons, same texts) and notes must be identical.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon.errors import InputError
from recon.parsers import ParseOptions, bulk, cells, parse_statement, readers, reading
from recon.parsers.base import ParseResult
from recon.parsers.row_reader import RowReader
from tests.conftest import CORPUS, ROOT

_real_choose = readers.choose_readers
_real_read = bulk.ColumnarReader.read
EUR = ParseOptions(currency="EUR")


def _rows_only(layout: reading.Reading) -> tuple[list[reading.Reader], str]:
    return [RowReader()], "the row reader alone (test)"


def outcome(path: Path, monkeypatch: pytest.MonkeyPatch, with_bulk: bool
            ) -> tuple[ParseResult | str, int]:
    """The parse (or the refusal's message) with the readers recon chooses or the row
    reader alone, and the rows the columnar reader read or rejected."""
    taken = [0]

    def counting(self, body, at, layout):  # type: ignore[no-untyped-def]
        batch = _real_read(self, body, at, layout)
        taken[0] += len(batch.positions) + len(batch.rejected)
        return batch

    with monkeypatch.context() as patch:
        patch.setattr(bulk.ColumnarReader, "read", counting)
        patch.setattr(readers, "choose_readers", _real_choose if with_bulk else _rows_only)
        try:
            return parse_statement(path, EUR), taken[0]
        except InputError as exc:
            return str(exc), taken[0]


def same(fast: ParseResult, slow: ParseResult) -> None:
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert fast.rejected == slow.rejected
    assert fast.notes == slow.notes


def readers_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With or without the bulk reader, a file reads the same (or is refused alike)."""
    fast, _ = outcome(path, monkeypatch, with_bulk=True)
    slow, _ = outcome(path, monkeypatch, with_bulk=False)
    if isinstance(fast, str) or isinstance(slow, str):  # both refuse, with the same message
        assert fast == slow
        return
    same(fast, slow)


def statement_files() -> list[Path]:
    found = sorted((ROOT / "tests" / "data").rglob("*.csv")) + sorted(ROOT.glob("samples/*.csv"))
    if CORPUS.exists():
        found += sorted(CORPUS.rglob("*.csv")) + sorted(CORPUS.rglob("*.xlsx"))
    return found


def test_every_statement_file_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = 0
    for path in statement_files():
        fast, n = outcome(path, monkeypatch, with_bulk=True)
        slow, _ = outcome(path, monkeypatch, with_bulk=False)
        if isinstance(fast, str) or isinstance(slow, str):  # a file both refuse alike
            assert fast == slow, path.name
            continue
        same(fast, slow)
        taken += n
    # the bulk reader did read plain rows of these files (the samples alone have a few)
    assert taken >= (50 if CORPUS.exists() else 1)


@st.composite
def rows(draw: st.DrawFn) -> list[str]:
    """Rows of a Date,Description,Amount,Currency,Status file: plain and every odd kind."""
    order = draw(st.sampled_from(["ymd", "dmy", "mdy"]))
    out = []
    for _ in range(draw(st.integers(1, 25))):
        y, m, d = draw(st.integers(1950, 2069)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
        plain = {"ymd": f"{y}-{m:02d}-{d:02d}", "dmy": f"{d:02d}/{m:02d}/{y}",
                 "mdy": f"{m}/{d}/{y % 100:02d}"}[order]
        date = plain if draw(st.integers(0, 9)) < 8 else draw(st.sampled_from([
            f"{y}-{m:02d}-{d:02d} 10:22", "2026-13-45", "31/02/2026", f"{y}{m:02d}{d:02d}", "",
            "pending", "Date", f"{d} Mar {y}", f" {plain} ", "9999-11-11", "1111-11-11",
            "0000-00-00", "9999-09-09", "11/11/1111", f"{y}-{m:02d}-{d:02d}T08:00"]))
        amount = draw(st.sampled_from([
            f"-{draw(st.integers(0, 99999))}.{draw(st.integers(0, 99)):02d}",
            str(draw(st.integers(-5000, 5000))), "+12.5", "1,234.56", "0.00", "12.345",
            "12.3400", "(4.20)", "5.00 CR", "€3.10", "", "abc", "-7|5", " -3.10 "]))
        text = draw(st.sampled_from(["NETFLIX.COM", "Opening balance", "Total", "/", "",
                                     " Café  ", "=SUM(A1)", "SALDO FINALE 12", " / ",
                                     "\x1cSHOP\x85", "\u3000Spotify\u3000", "\u200bX\u200b"]))
        currency = draw(st.sampled_from(["GBP", "gbp", "", "EURO", "XYZ", "JPY", " USD "]))
        status = draw(st.sampled_from(["", "", "pending", "Booked"]))
        out.append(",".join([date, text, amount, currency, status]))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows())
def test_generated_files_read_the_same(tmp_path_factory: pytest.TempPathFactory,
                                       monkeypatch: pytest.MonkeyPatch, body: list[str]) -> None:
    path = tmp_path_factory.mktemp("bulk") / "statement.csv"
    path.write_text("Date,Description,Amount,Currency,Status\n" + "\n".join(body) + "\n")
    readers_agree(path, monkeypatch)


def test_a_plain_file_is_read_in_bulk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("Date,Account,Description,Amount,Currency\n" + "".join(
        f"2026-03-{d:02d},Card 1,SHOP {d},-{d}.50,GBP\n" for d in range(1, 29)))
    fast, taken = outcome(path, monkeypatch, with_bulk=True)
    slow, _ = outcome(path, monkeypatch, with_bulk=False)
    assert isinstance(fast, ParseResult) and isinstance(slow, ParseResult)
    same(fast, slow)
    assert taken == 28
    assert fast.frame["amount_minor"].tolist()[:2] == [-150, -250]


def test_the_bulk_strip_removes_what_str_strip_removes() -> None:
    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    values = pa.array([f"{c}x{c}" for c in chars])
    assert cells.strip(values).to_pylist() == [v.strip() for v in values.to_pylist()]


def test_a_placeholder_date_is_rejected_by_either_reader(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # 9999-11-11 is a valid date of a numeric shape: the columnar reader read it as a
    # transaction while the row reader rejected it (found when the two became one policy)
    path = tmp_path / "placeholder.csv"
    path.write_text("Date,Description,Amount,Currency\n2024-01-02,SHOP,-1.00,GBP\n"
                    "9999-11-11,SHOP,-2.00,GBP\n2024-01-03,SHOP,0.00,GBP\n")
    fast, taken = outcome(path, monkeypatch, with_bulk=True)
    slow, _ = outcome(path, monkeypatch, with_bulk=False)
    assert isinstance(fast, ParseResult) and isinstance(slow, ParseResult)
    same(fast, slow)
    assert taken == 3  # one row read, two rejected by the columnar reader
    assert fast.frame["amount_minor"].tolist() == [-100]
    assert [(r.location, r.reason) for r in fast.rejected] == [
        ("3", "placeholder date '9999-11-11'"), ("4", "zero amount")]


@pytest.mark.parametrize(("header", "why"), [
    ("Date,Description,Amount", "columnar reader for plain rows"),
    ("Date,Description,Debit,Credit", "row reader only: amounts in debit and credit columns"),
    ("Date,Description,Amount,Dr/Cr", "row reader only: a direction column"),
])
def test_one_place_chooses_the_readers_and_says_why(tmp_path: Path, header: str,
                                                    why: str) -> None:
    chosen: list[str] = []

    def spy(layout: reading.Reading) -> tuple[list[reading.Reader], str]:
        found, said = _real_choose(layout)
        chosen.append(said)
        return found, said

    path = tmp_path / "s.csv"
    row = {"Amount": "12.00", "Debit": "12.00", "Credit": "", "Dr/Cr": "DR"}
    path.write_text(header + "\n" + "\n".join(
        ",".join(["2024-01-0" + str(d), "SHOP", *(row[c] for c in header.split(",")[2:])])
        for d in range(1, 4)) + "\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(readers, "choose_readers", spy)
        parse_statement(path, EUR)
    assert chosen and chosen[0].startswith(why)
