"""The bulk reader of plain rows agrees with the row-by-row reader, row for row.

Each file is parsed twice: as recon does (plain rows in bulk, the rest row by row) and with
the bulk reader switched off. Frames, rejections and notes must be identical.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon.errors import InputError
from recon.parsers import ParseOptions, bulk, parse_statement
from recon.parsers.base import ParseResult
from tests.conftest import CORPUS, ROOT

_real_plain_rows = bulk.plain_rows
EUR = ParseOptions(currency="EUR")


def _off(*args: object, **kwargs: object) -> tuple[np.ndarray, pd.DataFrame]:
    return np.zeros(0, dtype=np.int64), pd.DataFrame()


def outcome(path: Path, monkeypatch: pytest.MonkeyPatch, with_bulk: bool
            ) -> tuple[ParseResult | str, int]:
    """The parse (or the refusal's message) with or without the bulk reader, and the
    rows the bulk reader took."""
    taken = [0]

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        done, frame = _real_plain_rows(*args, **kwargs)
        taken[0] += len(done)
        return done, frame

    with monkeypatch.context() as patch:
        patch.setattr(bulk, "plain_rows", counting if with_bulk else _off)
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
            "pending", "Date", f"{d} Mar {y}", f" {plain} "]))
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
    assert bulk._strip(values).to_pylist() == [v.strip() for v in values.to_pylist()]
