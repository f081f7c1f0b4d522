"""Japanese exports: Shift-JIS (cp932) text is detected as such (gb18030 misread it), the
bank's header words (入出金, 取引後残高, 入出金内容) are known, and a headerless card export
in whole yen (a title line with the holder and the masked card above the rows) is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.errors import InputError
from recon.parsers import ParseOptions, parse_statement

BANK = ("取引日,入出金(円),取引後残高(円),入出金内容\n"
        "20240302,-1280,151060,デビット　ローソン\n"
        "20240308,-3300,147760,口座振替　カ－ド\n"
        "20240325,245300,393060,給与　カ）アクメ\n"
        "20240331,12,393072,利息\n")

CARD = ("山田　太郎　様,4980-****-****-1234,ＸＸカード（ＮＬ）\n"
        "2024/03/02,コンビニ新宿西口店,480,１,１,480,\n"
        "2024/03/05,ＡＭＡＺＯＮ．ＣＯ．ＪＰ,3280,１,１,3280,\n"
        "2024/03/09,モバイルＳｕｉｃａ,12800,１,１,12800,\n"
        "2024/03/28,ＮＥＴＦＬＩＸ．ＣＯＭ,2178,１,１,2178,\n"
        ",,,,,18738,\n")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "meisai.csv"
    path.write_bytes(text.encode("cp932"))
    return path


def test_a_shift_jis_bank_export_with_its_header_words(tmp_path: Path) -> None:
    result = parse_statement(_write(tmp_path, BANK), ParseOptions(currency="EUR"))
    assert result.frame["amount_minor"].tolist() == [-1280, -3300, 245300, 12]
    assert set(result.frame["currency"]) == {"JPY"}  # 円 in the header


def test_a_headerless_card_export_in_whole_yen(tmp_path: Path) -> None:
    result = parse_statement(_write(tmp_path, CARD), ParseOptions(currency="JPY"))
    assert result.frame["amount_minor"].tolist() == [-480, -3280, -12800, -2178]
    assert set(result.frame["account"]) == {"1234"}
    assert len(result.rejected) == 1 and not result.rejected[0].bad  # the total line


def test_bare_whole_numbers_are_no_money_in_a_currency_with_cents(tmp_path: Path) -> None:
    # 480 could be a count or an id where amounts carry cents: refused, not guessed
    with pytest.raises(InputError):
        parse_statement(_write(tmp_path, CARD), ParseOptions(currency="USD"))
