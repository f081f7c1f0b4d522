"""Rows a wallet export marks neutral (``不计收支``, ``/``) that move money are imported:
refunds as money in, fees as money out; the rest stay rejected as neutral transfers."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement

HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"


def _wechat(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "wechat.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_withdrawal_with_a_service_fee_imports_the_fee_as_money_out(tmp_path: Path) -> None:
    path = _wechat(
        tmp_path,
        "2021-07-15 16:29:37,零钱提现,招商银行(),/,/,¥100.10,工商银行,提现已到账,1,/,服务费¥0.10",
        "2021-07-16 10:00:00,零钱提现,招商银行(),/,/,¥50.00,工商银行,提现已到账,2,/,/",
        "2021-07-17 10:00:00,商户消费,商店,咖啡,支出,¥28.16,零钱,支付成功,3,4,/",
    )
    result = parse_statement(path, ParseOptions())
    assert result.frame["amount_minor"].tolist() == [-10, -2816]
    assert result.frame["description_raw"].tolist()[0] == "招商银行() | 服务费¥0.10"
    assert [(r.location, r.reason) for r in result.rejected] == [
        ("3", "neutral transfer (neither in nor out)")]
    assert any("fee" in n and "money out" in n for n in result.notes)


@pytest.mark.parametrize(("kind", "note", "minor"), [
    ("手续费", "/", -200),  # the row is the fee: its whole amount
    ("零钱提现", "手续费：0.50元", -50),
    ("零钱提现", "免服务费", None),  # a waived fee is no fee
    ("零钱提现", "服务费¥0.00", None),
    ("零钱提现", "服务费¥9.00", None),  # more than the row moved: not a fee of it
])
def test_what_counts_as_a_fee(tmp_path: Path, kind: str, note: str, minor: int | None) -> None:
    path = _wechat(tmp_path, f"2021-07-15 16:29:37,{kind},银行,/,/,¥2.00,零钱,支付成功,1,/,{note}")
    result = parse_statement(path, ParseOptions())
    assert result.frame["amount_minor"].tolist() == ([] if minor is None else [minor])
    if minor is None:
        assert [r.reason for r in result.rejected] == ["neutral transfer (neither in nor out)"]


def test_a_neutral_refund_is_money_in(tmp_path: Path) -> None:
    path = _wechat(tmp_path, "2023-02-04 18:21:04,退款,商户,退款-商品,不计收支,16.03,卡,退款成功,1,2,/")
    assert parse_statement(path, ParseOptions()).frame["amount_minor"].tolist() == [1603]


def test_a_neutral_row_with_a_fee_column_imports_the_fee(tmp_path: Path) -> None:
    path = tmp_path / "wallet.csv"
    path.write_text("Date,Description,Type,Amount,Fee,Currency\n"
                    "2024-03-01,To savings,不计收支,100.00,1.50,CNY\n"
                    "2024-03-02,To savings,不计收支,100.00,0.00,CNY\n"
                    "2024-03-03,Coffee,支出,3.00,,CNY\n", encoding="utf-8")
    result = parse_statement(path, ParseOptions())
    assert result.frame["amount_minor"].tolist() == [-150, -300]
    assert [r.reason for r in result.rejected] == ["neutral transfer (neither in nor out)"]
