"""Thai statements write years in the Buddhist Era (2567 = 2024): read as common-era years
by both readers, leap days included; a year that is no date stays refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement


@pytest.mark.parametrize(("first", "second"), [
    ("02/03/2567", "29/02/2567"), ("2567-03-02", "2567-02-29")])
def test_buddhist_era_years(tmp_path: Path, first: str, second: str) -> None:
    path = tmp_path / "kbank.csv"
    path.write_text(f"วันที่,รายการ,จำนวนเงิน\n{first},ซื้อของ,-45.00\n{second},เงินเดือน,5000.00\n",
                    encoding="utf-8")
    result = parse_statement(path, ParseOptions(currency="THB"))
    assert [str(d)[:10] for d in result.frame["posted_date"]] == ["2024-03-02", "2024-02-29"]
