"""QIF, MT940 and camt: golden files, the decisions they state, and hostile variants.

Each input under tests/data/{qif,mt940,camt} parses to ``<name>.expected.txt`` (the canonical
rows, the rejections with line and reason, then the notes), claimed by exactly one parser.
Hostile variants are built in tmp_path: each gives one clean InputError naming the file and
line, or a rejected row with its reason, in bounded time.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon.errors import InputError
from recon.parsers import ParseOptions, ParseResult, parse_statement, parsers
from tests.conftest import CORPUS, ROOT
from tests.golden import compare, render

DATA = ROOT / "tests" / "data"
INPUTS = sorted(p for d in ("qif", "mt940", "camt") for p in (DATA / d).iterdir()
                if p.is_file() and not p.name.endswith(".expected.txt"))


def _render(result: ParseResult) -> str:
    return (render(result) + "".join(f"# warning: {n}\n" for n in result.warnings)
            + "".join(f"# note: {n}\n" for n in result.notes)
            + (f"# currency from --currency: {result.currency_fallback}\n"
               if result.currency_fallback else ""))


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(path: Path, update_golden: bool) -> None:
    head = path.read_bytes()[:4096]
    claims = [p.name for p in parsers() if p.identify(path, head)]
    # the record formats announce themselves; the CSV reader, tried last, claims any text
    records = [c for c in claims if c in ("ofx", "camt", "mt940", "qif")]
    assert records == [path.parent.name] == claims[:1], f"{path.name} is claimed by {claims}"
    result = parse_statement(path, ParseOptions(currency="EUR"))
    assert all(r.location.isdigit() and r.reason for r in result.rejected)
    compare(_render(result), path.with_name(path.name + ".expected.txt"), update_golden)


def _parse(tmp_path: Path, name: str, data: bytes, **options: str) -> ParseResult:
    path = tmp_path / name
    path.write_bytes(data)
    return parse_statement(path, ParseOptions(**options))  # type: ignore[arg-type]


def _refused(tmp_path: Path, name: str, data: bytes, seconds: float = 10.0) -> InputError:
    path = tmp_path / name
    path.write_bytes(data)
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        parse_statement(path, ParseOptions(currency="EUR"))
    assert time.perf_counter() - start < seconds
    err = info.value
    assert err.path is not None and Path(err.path).name == name
    assert err.line is not None, err.headline()
    assert "\n" not in err.headline()
    return err


# --- QIF -----------------------------------------------------------------------------------

QIF = b"!Type:Bank\nD01/23/2019\nPShop\nT-10.00\n^\nD01/24/2019\nPOther\nT-20.00\n^\n"


def test_qif_date_order_option_settles_an_undecidable_file(tmp_path: Path) -> None:
    data = b"!Type:Bank\nD01/02/2024\nPA\nT-1.00\n^\nD01/03/2024\nPB\nT-2.00\n^\n"
    default = _parse(tmp_path, "a.qif", data, currency="EUR")
    assert [str(d) for d in default.frame["posted_date"]] == ["2024-01-02", "2024-01-03"]
    assert any("--date-order DMY" in n for n in default.warnings)
    forced = _parse(tmp_path, "b.qif", data, currency="EUR", date_order="DMY")
    assert [str(d) for d in forced.frame["posted_date"]] == ["2024-02-01", "2024-03-01"]
    assert not any("date order" in n for n in forced.warnings + forced.notes)


def test_qif_a_day_above_12_decides_for_the_whole_file(tmp_path: Path) -> None:
    data = b"!Type:Bank\nD03/04/2024\nPA\nT-1.00\n^\nD20/04/2024\nPB\nT-2.00\n^\n"
    result = _parse(tmp_path, "a.qif", data, currency="EUR")
    assert [str(d) for d in result.frame["posted_date"]] == ["2024-04-03", "2024-04-20"]
    assert not any("not certain" in n for n in result.warnings + result.notes)


def test_qif_truncated_record_is_rejected_not_guessed(tmp_path: Path) -> None:
    result = _parse(tmp_path, "t.qif", QIF[:-10], currency="EUR")
    assert len(result.frame) == 1
    [bad] = result.rejected
    assert bad.bad and bad.location == "6" and "not closed by ^" in bad.reason


def test_qif_huge_amount_is_a_rejected_row(tmp_path: Path) -> None:
    data = QIF.replace(b"T-20.00", b"T-" + b"9" * 40)
    result = _parse(tmp_path, "h.qif", data, currency="EUR")
    [bad] = result.rejected
    assert bad.bad and "too large" in bad.reason and bad.location == "6"


def test_qif_cp1252_text_is_decoded(tmp_path: Path) -> None:
    data = QIF.replace(b"PShop", "PCafé Müller".encode("cp1252"))
    result = _parse(tmp_path, "w.qif", data, currency="EUR")
    assert result.frame["description_raw"].iloc[0] == "Café Müller"


@pytest.mark.parametrize("data, message", [
    (b"!Type:Bank\n" + b"\x00\x01garbage" * 100, "binary"),
    (b"!Type:Nonsense\nD1/1/2020\nT1\n^\n", "unknown QIF section"),
    (b"!Type:Bank\n!Frobnicate\n", "unknown QIF header"),
])
def test_qif_hostile_files_are_refused_with_a_line(tmp_path: Path, data: bytes,
                                                   message: str) -> None:
    path = tmp_path / "x.qif"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        parse_statement(path, ParseOptions(currency="EUR"), fmt="qif")
    assert message in info.value.message
    assert "\n" not in info.value.headline()


def test_qif_large_file_reads_in_bounded_time(tmp_path: Path) -> None:
    record = b"D12/31/2023\nPShop\nMmemo\nT-1,234.56\n^\n"
    result = _parse(tmp_path, "big.qif", b"!Type:Bank\n" + record * 50_000, currency="USD")
    assert len(result.frame) == 50_000
    assert int(result.frame["amount_minor"].sum()) == -123456 * 50_000


# --- MT940 ---------------------------------------------------------------------------------

MT940 = (DATA / "mt940" / "two_statements.sta").read_bytes()


def test_mt940_unbalanced_statement_is_refused_at_that_statement(tmp_path: Path) -> None:
    data = MT940.replace(b":62F:D240103EUR112,99", b":62F:D240103EUR113,99")
    err = _refused(tmp_path, "u.sta", data)
    assert "does not add up" in err.message and "-113.99" in err.message
    assert err.line == 25


def test_mt940_truncated_statement_is_refused(tmp_path: Path) -> None:
    data = MT940[: MT940.index(b":62F:D240103")]
    err = _refused(tmp_path, "t.sta", data)
    assert "no :62F: closing balance" in err.message


def test_mt940_malformed_61_names_its_line(tmp_path: Path) -> None:
    data = MT940.replace(b":61:240102D12,99NTRFREF123//", b":61:24x102D12,99NTRF")
    err = _refused(tmp_path, "m.sta", data)
    assert err.message.startswith(":61:") and err.line == 21


def test_mt940_huge_amount_is_rejected_and_breaks_the_balance(tmp_path: Path) -> None:
    data = MT940.replace(b"D12,99NTRFREF123", b"D999999999999999NTRFREF123")
    err = _refused(tmp_path, "h.sta", data)
    assert "does not add up" in err.message


def test_mt940_in_a_legacy_code_page(tmp_path: Path) -> None:
    data = MT940.replace(b"Storno Gutschrift", "Rückbuchung Gutschrift".encode("cp1252"))
    result = _parse(tmp_path, "c.sta", data, currency="EUR")
    assert "Rückbuchung Gutschrift" in set(result.frame["description_raw"])


def test_mt940_corpus_file_reconciles() -> None:
    path = CORPUS / "actualbudget__actual" / "packages__loot-core__src__mocks__files__data.sta"
    if not path.exists():
        pytest.skip("../shared/corpus is not here")
    result = parse_statement(path, ParseOptions())
    # opening C1500,00 + entries = closing C2496,71 (SOURCES.md)
    assert 150000 + int(result.frame["amount_minor"].sum()) == 249671
    assert set(result.frame["currency"]) == {"EUR"}
    assert set(result.frame["account"]) == {"****0189"}


# --- camt ----------------------------------------------------------------------------------

CAMT = (DATA / "camt" / "two_statements.053.xml").read_bytes()


def test_camt_truncated_file_names_the_line(tmp_path: Path) -> None:
    err = _refused(tmp_path, "t.xml", CAMT[: CAMT.index(b"<Ntry>", 3000)])
    assert err.message.startswith("not well-formed XML")


def test_camt_entities_are_refused(tmp_path: Path) -> None:
    bomb = CAMT.replace(
        b'<?xml version="1.0" encoding="UTF-8"?>',
        b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    err = _refused(tmp_path, "bomb.xml", bomb)
    assert "DOCTYPE" in err.message and err.line == 2


def test_camt_deep_nesting_is_refused_quickly(tmp_path: Path) -> None:
    deep = CAMT.replace(b"<AddtlNtryInf>SEPA Lastschrift</AddtlNtryInf>",
                        b"<X>" * 100_000 + b"</X>" * 100_000)
    err = _refused(tmp_path, "deep.xml", deep, seconds=5)
    assert err.message.startswith("not well-formed XML")


def test_camt_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    latin = CAMT.replace(b"ACME Corp", "Jürgen".encode("latin-1"))
    err = _refused(tmp_path, "enc.xml", latin)
    assert err.line == CAMT[: CAMT.index(b"ACME Corp")].count(b"\n") + 1


def test_camt_huge_amount_is_a_rejected_row(tmp_path: Path) -> None:
    data = CAMT.replace(b'<Amt Ccy="USD">30.00</Amt>', b'<Amt Ccy="USD">' + b"9" * 30 + b"</Amt>")
    result = _parse(tmp_path, "h.xml", data)
    [bad] = [r for r in result.rejected if r.bad]
    assert "could not read amount" in bad.reason and bad.location == "88"


def test_camt_unbalanced_statement_is_refused(tmp_path: Path) -> None:
    data = CAMT.replace(b"<Amt Ccy=\"EUR\">3447.01</Amt>", b"<Amt Ccy=\"EUR\">3447.02</Amt>")
    err = _refused(tmp_path, "u.xml", data)
    assert "does not add up" in err.message and err.line == 5


def test_camt_every_version_namespace_is_read(tmp_path: Path) -> None:
    for version in ("02", "04", "06", "08", "10"):
        data = CAMT.replace(b"camt.053.001.02", b"camt.053.001." + version.encode())
        result = _parse(tmp_path, f"v{version}.xml", data)
        assert len(result.frame) == 6


def test_camt_large_file_streams_in_bounded_time(tmp_path: Path) -> None:
    from bench.formats import camt_file

    path = tmp_path / "big.xml"
    path.write_bytes(camt_file(20_000))
    start = time.perf_counter()
    result = parse_statement(path, ParseOptions())
    assert len(result.frame) == 20_000
    assert time.perf_counter() - start < 20


# --- OFX signs and cash legs ---------------------------------------------------------------

OFX_HEAD = (DATA / "ofx" / "card_charges_positive.ofx").read_text().split("<OFX>")[0]


def _ofx(kind: str, rows: list[tuple[str, str, str]]) -> bytes:
    """A one-statement OFX file: ``kind`` STMTRS or CCSTMTRS, rows (TRNTYPE, TRNAMT, NAME)."""
    acct = "CCACCTFROM" if kind == "CCSTMTRS" else "BANKACCTFROM"
    txns = "".join(f"<STMTTRN><TRNTYPE>{t}<DTPOSTED>202403{i + 1:02d}<TRNAMT>{a}"
                   f"<FITID>F{i}<NAME>{n}</STMTTRN>\n" for i, (t, a, n) in enumerate(rows))
    return (f"{OFX_HEAD}<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1<{kind}><CURDEF>USD"
            f"<{acct}><ACCTID>99990000</{acct}><BANKTRANLIST>\n{txns}</BANKTRANLIST></{kind}>"
            "</CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>\n").encode()


def test_ofx_signed_against_trntype_is_turned_with_a_note(tmp_path: Path) -> None:
    result = _parse(tmp_path, "c.ofx", (DATA / "ofx" / "card_charges_positive.ofx").read_bytes())
    assert list(result.frame["amount_minor"]) == [-1299, -420, 20000, -2500]
    assert any("signed against their TRNTYPE" in n and "turned" in n for n in result.warnings)


def test_ofx_mixed_trntype_signs_are_kept_and_said(tmp_path: Path) -> None:
    data = _ofx("STMTRS", [("DEBIT", "-10.00", "A"), ("DEBIT", "5.00", "B"),
                           ("CREDIT", "100.00", "C")])
    result = _parse(tmp_path, "m.ofx", data)
    assert list(result.frame["amount_minor"]) == [-1000, 500, 10000]
    assert any("1 of 3 typed transactions" in n for n in result.notes)


def test_ofx_card_mostly_positive_without_evidence_is_said(tmp_path: Path) -> None:
    data = _ofx("CCSTMTRS", [("OTHER", "10.00", "A"), ("OTHER", "20.00", "B")])
    result = _parse(tmp_path, "p.ofx", data)
    assert list(result.frame["amount_minor"]) == [1000, 2000]
    assert any("nothing in the file confirms" in n and "--sign" in n for n in result.warnings)


def test_ofx_unclosed_income_is_a_bad_row(tmp_path: Path) -> None:
    data = (DATA / "ofx" / "investment_income.ofx").read_bytes().replace(
        b"<SUBACCTFUND>CASH</INCOME>", b"<SUBACCTFUND>CASH")
    result = _parse(tmp_path, "i.ofx", data)
    [bad] = [r for r in result.rejected if r.bad]
    assert bad.location == "15" and "<INCOME> is never closed" in bad.reason
    assert "I1" not in set(result.frame["ref"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from(["DEBIT", "POS", "CREDIT", "DEP"]),
                               st.integers(1, 10**7)), min_size=2, max_size=12),
       card=st.booleans())
def test_ofx_typed_statement_reads_the_same_either_sign(tmp_path: Path, rows: list[tuple[str, int]],
                                                        card: bool) -> None:
    """A statement whose rows all carry a direction type gives the same amounts whether the
    bank signs them by the OFX convention or the other way round."""
    kind = "CCSTMTRS" if card else "STMTRS"

    def text(cents: int) -> str:
        return f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"

    signed = [(t, -c if t in ("DEBIT", "POS") else c) for t, c in rows]
    right = _parse(tmp_path, "r.ofx", _ofx(kind, [(t, text(c), "X") for t, c in signed]))
    wrong = _parse(tmp_path, "w.ofx", _ofx(kind, [(t, text(-c), "X") for t, c in signed]))
    assert list(right.frame["amount_minor"]) == [c for _, c in signed]
    assert list(wrong.frame["amount_minor"]) == [c for _, c in signed]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)), min_size=1,
                     max_size=20))
def test_qif_dates_read_the_same_in_either_order_when_a_day_decides(
        tmp_path: Path, days: list[dt.date]) -> None:
    days = sorted(days)
    if all(d.day <= 12 or d.day == d.month for d in days):
        days.append(dt.date(2024, 1, 13))
    for fmt in ("%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"):
        body = "".join(f"D{d.strftime(fmt)}\nPX\nT-1.00\n^\n" for d in days)
        result = _parse(tmp_path, "d.qif", ("!Type:Bank\n" + body).encode(), currency="EUR")
        assert list(result.frame["posted_date"]) == days, fmt


def test_ofx_declared_utf16_on_single_byte_text_is_not_believed(tmp_path: Path) -> None:
    body = _ofx("STMTRS", [("DEBIT", "-10.00", "A")]).decode().split("<OFX>", 1)[1]
    data = ('<?xml version="1.0" encoding="utf-16"?>\n<?OFX OFXHEADER="200" VERSION="203"?>\n'
            "<OFX>" + body).encode("ascii")
    result = _parse(tmp_path, "u.ofx", data)
    assert list(result.frame["amount_minor"]) == [-1000]


@pytest.mark.parametrize("sign, expected", [
    (None, [-1299, -420, 20000, -2500]),               # inferred: payments the only negatives
    ("charges-positive", [-1299, -420, 20000, -2500]),
    ("charges-negative", [1299, 420, -20000, 2500]),    # as printed
])
def test_sign_option_settles_a_qif_card(tmp_path: Path, sign: str | None,
                                        expected: list[int]) -> None:
    data = (DATA / "qif" / "card_charges_positive.qif").read_bytes()
    path = tmp_path / "c.qif"
    path.write_bytes(data)
    result = parse_statement(path, ParseOptions(currency="EUR", sign=sign))
    assert list(result.frame["amount_minor"]) == expected
    assert bool(result.warnings) == (sign is None) or "not certain" in result.warnings[0]


@pytest.mark.parametrize("sign, expected", [
    (None, [1000, 2000]), ("charges-positive", [-1000, -2000]),
    ("charges-negative", [1000, 2000])])
def test_sign_option_settles_an_ofx_card(tmp_path: Path, sign: str | None,
                                         expected: list[int]) -> None:
    path = tmp_path / "p.ofx"
    path.write_bytes(_ofx("CCSTMTRS", [("OTHER", "10.00", "A"), ("OTHER", "20.00", "B")]))
    result = parse_statement(path, ParseOptions(sign=sign))
    assert list(result.frame["amount_minor"]) == expected
    assert bool(result.warnings) == (sign is None)


def test_currency_fallback_is_reported_only_when_used(tmp_path: Path) -> None:
    qif = _parse(tmp_path, "a.qif", QIF, currency="EUR")
    assert qif.currency_fallback == "EUR"
    sta = parse_statement(DATA / "mt940" / "two_statements.sta", ParseOptions(currency="USD"))
    assert sta.currency_fallback is None and set(sta.frame["currency"]) == {"EUR"}


def test_mt940_account_with_a_currency_suffix(tmp_path: Path) -> None:
    data = MT940.replace(b":25:NL91ABNA0417164300", b":25:NL91ABNA0417164300EUR")
    result = _parse(tmp_path, "s.sta", data)
    assert set(result.frame["account"]) == {"****7890", "****4300"}


def _swift(cents: int) -> str:
    return f"{abs(cents) // 100},{abs(cents) % 100:02d}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opening=st.integers(-10**9, 10**9),
       amounts=st.lists(st.integers(-10**8, 10**8).filter(bool), max_size=15),
       error=st.sampled_from([0, 0, 1, -1, 100]))
def test_mt940_imports_exactly_when_the_balances_add_up(tmp_path: Path, opening: int,
                                                        amounts: list[int], error: int) -> None:
    closing = opening + sum(amounts) + error
    lines = [":20:REF", ":25:DE89370400440532013000", ":28C:1/1",
             f":60F:{'C' if opening >= 0 else 'D'}240101EUR{_swift(opening)}"]
    for i, a in enumerate(amounts):
        lines += [f":61:2401{i + 1:02d}{'C' if a > 0 else 'D'}{_swift(a)}NTRFNONREF//B{i}",
                  f":86:line {i}"]
    lines.append(f":62F:{'C' if closing >= 0 else 'D'}240131EUR{_swift(closing)}")
    path = tmp_path / "p.sta"
    path.write_text("\n".join(lines) + "\n")
    if error:
        with pytest.raises(InputError, match="does not add up"):
            parse_statement(path, ParseOptions())
        return
    result = parse_statement(path, ParseOptions())
    assert list(result.frame["amount_minor"]) == amounts
    assert [int(r.location) for r in result.rejected] == []


@pytest.mark.parametrize("source", [DATA / "camt" / "two_statements.053.xml",
                                    DATA / "mt940" / "two_statements.sta",
                                    DATA / "qif" / "bank_day_first.qif"], ids=lambda p: p.name)
def test_utf16_files_with_a_bom_are_recognised(tmp_path: Path, source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".xml":
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / source.name
    path.write_bytes(text.encode("utf-16"))
    original = parse_statement(source, ParseOptions(currency="EUR")).frame
    recoded = parse_statement(path, ParseOptions(currency="EUR")).frame
    assert recoded.drop(columns="source_file").equals(original.drop(columns="source_file"))


def test_mt942_interim_report_is_named(tmp_path: Path) -> None:
    data = (b":20:INTRADAY\n:25:DE89370400440532013000\n:28C:1/1\n:34F:EUR0,\n"
            b":13D:2401151200+0100\n:61:240115D12,99NTRFNONREF//X\n:86:Shop\n")
    err = _refused(tmp_path, "i.sta", data)
    assert "MT942" in err.message and err.line == 1


@pytest.mark.parametrize("stamp", ["20240702000000.000[+1:CET]", "20240702235959[-5:EST]",
                                   "20240702"])
def test_ofx_posted_date_is_the_date_as_written(tmp_path: Path, stamp: str) -> None:
    # ofxparse converts to UTC: 00:00 CET on July 2 is 23:00 UTC on July 1
    data = _ofx("STMTRS", [("DEBIT", "-9.99", "Coffee"), ("DEBIT", "-5.00", "Tea")])
    data = data.replace(b"<DTPOSTED>20240301", f"<DTPOSTED>{stamp}".encode())
    result = _parse(tmp_path, "s.ofx", data)
    assert str(result.frame["posted_date"].iloc[0])[:10] == "2024-07-02"
