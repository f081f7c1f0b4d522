"""A CSV body read by arrow as columns (``Block``) reads exactly as the csv module's rows.

Each file is parsed with the body read by arrow and with ``Block.read`` switched off (the csv
module reads every row); frames, rejections and notes must be identical, and the same as
when the whole file goes through the csv module (a file no longer than the header search).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from recon.parsers import csv as csv_parser
from recon.parsers import grid
from recon.parsers.grid import Block
from recon.parsers.grid import filled as _filled
from tests.parsers.test_bulk import outcome, same, statement_files

_real_read = Block.read


def parsed(path: Path, monkeypatch: pytest.MonkeyPatch, head: int, arrow: bool
           ) -> tuple[object, int]:
    """The parse (or refusal) with ``head`` rows before the body, the body read by arrow
    or not, and the rows arrow read."""
    taken = [0]

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        block = _real_read(*args, **kwargs)
        taken[0] += len(block) if block is not None else 0
        return block

    with monkeypatch.context() as patch:
        patch.setattr(csv_parser, "HEAD_ROWS", head)
        patch.setattr(Block, "read", counting if arrow else lambda *a, **k: None)
        result, _ = outcome(path, monkeypatch, with_bulk=True)
    return result, taken[0]


def agree(a: object, b: object) -> None:
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
    else:
        same(a, b)  # type: ignore[arg-type]


def test_every_statement_file_reads_the_same_from_columns(
        monkeypatch: pytest.MonkeyPatch) -> None:
    taken = 0
    for path in (p for p in statement_files() if p.suffix == ".csv"):
        for head in (1, 3, csv_parser.HEAD_ROWS):
            fast, n = parsed(path, monkeypatch, head, arrow=True)
            slow, _ = parsed(path, monkeypatch, head, arrow=False)
            agree(fast, slow)
            taken += n
    assert taken >= 100  # arrow did read bodies (the samples alone have over 100 rows)


_CELL = st.sampled_from([
    "NETFLIX.COM", "", " ", "\u3000", "\x1c", "Caf\u00e9", '"quoted, with comma"', 'say ""hi""',
    '"open', 'mid"quote', "=SUM(A1)", '"two\nlines"', '"cr\rinside"', "\t", "Opening balance",
    "Total", "12", "-3.10", "EUR", "pending"])


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """Date,Description,Amount,Currency files: plain rows, and blank, ragged, quoted and
    odd ones, with any line ending."""
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = ["Date,Description,Amount,Currency"]
    for _ in range(draw(st.integers(1, 20))):
        kind = draw(st.integers(0, 9))
        if kind < 6:
            day = draw(st.integers(1, 28))
            lines.append(f"2026-03-{day:02d},{draw(_CELL)},{draw(st.integers(-999, 999))}.50,"
                         f"{draw(st.sampled_from(['EUR', 'GBP', '']))}")
        elif kind == 6:
            lines.append(draw(st.sampled_from(["", " ", ",,,", " , , ,"])))
        elif kind == 7:
            lines.append(",".join(draw(st.lists(_CELL, min_size=1, max_size=6))))
        else:
            lines.append(f"2026-03-01,{draw(_CELL)},{draw(_CELL)},{draw(_CELL)}")
    return end.join(lines) + draw(st.sampled_from(["", end, end + end]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(csv_texts())
@example("Date,Description,Amount,Currency\n2026-03-01,A,1.00,EUR\n\n2026-03-02,B,2.00,EUR\n")
@example("Date,Description,Amount,Currency\n=SUM(A1),=SUM(A1)\n2026-03-01,NETFLIX.COM,0.50,EUR")
@example("Date,Description,Amount,Currency\nOpening balance")  # no second header line
@example("Date,Description,Amount,Currency\n\n\n2026-03-01,NETFLIX.COM,0.50,EUR\n"
         "NETFLIX.COM,=SUM(A1),=SUM(A1)\n2026-03-01,NETFLIX.COM,0.50,EUR")
@example("Date,Description,Amount,Currency\r2026-03-01,A,1.00,EUR\r2026-03-02,\"x\ny\",2.00,EUR\r")
def test_generated_files_read_the_same_from_columns(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        text: str) -> None:
    path = tmp_path_factory.mktemp("grid") / "statement.csv"
    path.write_bytes(text.encode("utf-8"))
    whole, _ = parsed(path, monkeypatch, csv_parser.HEAD_ROWS, arrow=True)
    for head in (1, 2):
        fast, _ = parsed(path, monkeypatch, head, arrow=True)
        slow, _ = parsed(path, monkeypatch, head, arrow=False)
        agree(fast, slow)
        agree(fast, whole)


def test_arrow_leaves_the_rows_it_might_read_differently_to_the_csv_module() -> None:
    assert Block.read("a,b,c\n1,2,3\n", 2, ",") is not None
    assert Block.read("a,b,c\n1,2\n", 2, ",") is None  # ragged
    assert Block.read('a,"b\nc",d\n1,2,3\n', 2, ",") is None  # a value over two lines
    assert Block.read('a,"b,c\n', 2, ",") is None  # a quote left open
    block = Block.read('x,"y,z",w\r\n\r\n ,\u3000,\x1c\r\nq,r,s', 7, ",")
    assert block is not None
    assert [(r.cells, r.loc) for r in block] == [
        (["x", "y,z", "w"], "7"), (["", "", ""], "8"), ([" ", "\u3000", "\x1c"], "9"),
        (["q", "r", "s"], "10")]
    assert [r.loc for r in block.filled()] == ["7", "10"]
    assert block[1:].locations(np.array([0, 2])) == ["8", "10"]


def test_blank_cells_are_what_str_isspace_calls_blank() -> None:
    spaces = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    assert grid.SPACES == spaces
    rows = [f"{c},{c}" for c in map(chr, range(0x20, 0x3100)) if c not in ',"\r\n']
    block = Block.read("\n".join(rows), 1, ",")
    assert block is not None
    assert [r.cells for r in block.filled()] == [r.cells for r in block if _filled(r.cells)]


def test_a_field_over_the_csv_modules_limit_is_left_to_it(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    import csv

    monkeypatch.setattr(csv_parser, "HEAD_ROWS", 1)
    path = tmp_path / "big.csv"
    path.write_text("Date,Description,Amount\n2026-03-01,x,1.00\n2026-03-02," + "y" * 200
                    + ",2.00\n")
    old = csv.field_size_limit(100)
    try:
        assert Block.read(path.read_text().split("\n", 1)[1], 2, ",") is None
        fast, _ = parsed(path, monkeypatch, 1, arrow=True)
    finally:
        csv.field_size_limit(old)
    assert isinstance(fast, str) and "field larger than field limit" in fast and ":3" in fast
