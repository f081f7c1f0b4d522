"""Every file in ../shared/corpus is imported, or refused with a reason listed here.

Counts are pinned per file as (imported, rejected-with-reason). Where the import differs
from the transaction count in SOURCES.md, DEVIATIONS says why. The corpus is not shipped
with recon (some files are GPL); without ../shared the tests skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from recon.errors import InputError
from recon.parsers import ParseOptions, parse_statement
from tests.conftest import CORPUS

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not here")

# file -> (rows imported, rows rejected with a reason) or the start of the refusal message
EXPECTED: dict[str, tuple[int, int] | str] = {
    "Metasaura__ofxstatement-lloyds/tests__sample-statement.csv": (12, 0),
    "TinySnow__beancount-importer-rust/testsets__京东交易流水测试数据集.csv": (19, 3),
    "TinySnow__beancount-importer-rust/testsets__工商银行交易明细测试数据集.csv": (22, 1),
    "TinySnow__beancount-importer-rust/testsets__建设银行交易明细测试数据集.csv": (22, 1),
    "TinySnow__beancount-importer-rust/testsets__微信支付账单测试数据集.csv": (20, 3),
    "TinySnow__beancount-importer-rust/testsets__支付宝交易明细测试数据集.csv": (20, 3),
    "TinySnow__beancount-importer-rust/testsets__美团账单测试数据集.csv": (20, 2),
    "abarbatei__bankreader/test__statements__Extras_de_cont_12345678_20012018_31012018.xls": (5, 0),
    "actualbudget__actual/packages__desktop-client__e2e__data__test-account.ofx": (2, 0),
    "actualbudget__actual/packages__desktop-client__e2e__data__test.csv": (7, 1),
    "actualbudget__actual/packages__loot-core__src__mocks__files__1252.qfx": (1, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__8859-1.qfx": (1, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__data-multi-decimal.ofx": (2, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__data-payee-memo.csv": (4, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__data-payee-memo.ofx": (4, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__data-payee-memo.qif": (4, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__data.sta": (6, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__html-vals.qfx": (2, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__qif-account.qif": (1, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__tracking-number.ofx": (2, 0),
    "actualbudget__actual/packages__loot-core__src__mocks__files__utf-8.qfx": (1, 0),
    "beancount__beangulp/beangulp__file_type_testdata__example.csv": (4, 2),
    "beancount__beangulp/beangulp__file_type_testdata__example.ofx": (17, 0),
    "beancount__beangulp/beangulp__file_type_testdata__example.qbo": (23, 0),
    "beancount__beangulp/beangulp__file_type_testdata__example.qfx": (0, 18),
    "beancount__beangulp/beangulp__file_type_testdata__example.xls": (0, 6),
    "beancount__beangulp/examples__Downloads__UTrade20160215.csv": (12, 0),
    "beancount__beangulp/examples__Downloads__ofxdownload.ofx": (12, 0),
    "beancount__beangulp/examples__documents__Liabilities__US__CreditCard__2013-12-03.bofa.ofx": (27, 0),
    "beancount__beangulp/examples__tests__csvbank__statement.csv": (6, 0),
    "csingley__ofxtools/tests__data__br_nubank_cc.ofx": (6, 0),
    "csingley__ofxtools/tests__data__invstmtrs.ofx": (1, 1),
    "csingley__ofxtools/tests__data__stmtrs.ofx": (2, 0),
    "csingley__ofxtools/tests__data__stmtrs_euro.ofx": (2, 0),
    "frankIT__ofxstatement-fineco/tests__movements.xlsx": (1, 1),
    "frankIT__ofxstatement-fineco/tests__my-cards.xls": (2, 0),
    "gpaulissen__ofxstatement-dutch/tests__samples__Account_20190101_20200317.csv": "no amount column",
    "gpaulissen__ofxstatement-dutch/tests__samples__Knab_transactieoverzicht_no_lines.csv": (0, 0),
    "gpaulissen__ofxstatement-dutch/tests__samples__Knab_transactieoverzicht_ok.csv": (28, 0),
    "gpaulissen__ofxstatement-dutch/tests__samples__NL99INGB9999999999_25-11-2019_30-05-2020.csv": "no amount column",
    "gpaulissen__ofxstatement-dutch/tests__samples__icscards.txt": "no transaction table found",
    "gpaulissen__ofxstatement-dutch/tests__samples__ing_fail.csv": (2, 0),
    "gpaulissen__ofxstatement-dutch/tests__samples__ing_ok.csv": (5, 1),
    "gpaulissen__ofxstatement-dutch/tests__samples__ing_ok_Mutatiesoort_Extra.csv": (5, 1),
    "gpaulissen__ofxstatement-dutch/tests__samples__ing_ok_Mutatiesoort_Extra_Unquoted.csv": (5, 1),
    "gpaulissen__ofxstatement-dutch/tests__samples__transactie-historie_NL00ASNB9999999999_20220717204133.csv": (11, 0),
    "gyp__ofxstatement-otp/manual_test__sample-new-format-2026-06.xlsx": (8, 2),
    "gyp__ofxstatement-otp/manual_test__sample-old-format-pre-2026-06.xlsx": (8, 2),
    "jseutter__ofxparse/tests__fixtures__account_listing_aggregation.ofx": (0, 0),
    "jseutter__ofxparse/tests__fixtures__anzcc.ofx": (1, 0),
    "jseutter__ofxparse/tests__fixtures__bank_medium.ofx": (3, 0),
    "jseutter__ofxparse/tests__fixtures__bank_small.ofx": (0, 0),
    "jseutter__ofxparse/tests__fixtures__checking.ofx": (3, 0),
    "jseutter__ofxparse/tests__fixtures__error_message.ofx": (0, 0),
    "jseutter__ofxparse/tests__fixtures__fail_nice__date_missing.ofx": (0, 3),
    "jseutter__ofxparse/tests__fixtures__fail_nice__decimal_error.ofx": (0, 1),
    "jseutter__ofxparse/tests__fixtures__fail_nice__empty_balance.ofx": (1, 0),
    "jseutter__ofxparse/tests__fixtures__fidelity-savings.ofx": (1, 3),
    "jseutter__ofxparse/tests__fixtures__fidelity.ofx": (7, 10),
    "jseutter__ofxparse/tests__fixtures__investment_401k.ofx": (0, 3),
    "jseutter__ofxparse/tests__fixtures__investment_medium.ofx": (3, 0),
    "jseutter__ofxparse/tests__fixtures__multiple_accounts.ofx": (0, 0),
    "jseutter__ofxparse/tests__fixtures__ofx-v102-empty-tags.ofx": (1, 0),
    "jseutter__ofxparse/tests__fixtures__suncorp.ofx": (1, 0),
    "jseutter__ofxparse/tests__fixtures__td_ameritrade.ofx": (0, 0),
    "jseutter__ofxparse/tests__fixtures__tiaacref.ofx": (0, 1),
    "jseutter__ofxparse/tests__fixtures__vanguard.ofx": (0, 1),
    "jseutter__ofxparse/tests__fixtures__vanguard401k.ofx": (0, 5),
    "kedder__ofxstatement/doc__ofx_sample_files__ofx_spec201_invest_transactions_example.xml": (1, 2),
    "kedder__ofxstatement/doc__ofx_sample_files__ofx_spec201_stmtrs_example.xml": (2, 0),
    "kedder__ofxstatement-lithuanian/src__ofxstatement__plugins__tests__samples__danske.csv": (4, 0),
    "kedder__ofxstatement-lithuanian/src__ofxstatement__plugins__tests__samples__swedbank.csv": (5, 6),
    "lorenzogiudici5__ofxstatement-bancoposta/tests__samples__bancoposta.csv": (4, 2),
    "lorenzogiudici5__ofxstatement-bancoposta/tests__samples__transactions__addebito_diretto.csv": (3, 2),
    "lorenzogiudici5__ofxstatement-bancoposta/tests__samples__transactions__atm.csv": (2, 2),
    "lorenzogiudici5__ofxstatement-bancoposta/tests__samples__transactions__bonifico.csv": (8, 2),
    "lorenzogiudici5__ofxstatement-bancoposta/tests__samples__transactions__commissione.csv": (3, 2),
    "lorenzogiudici5__ofxstatement-bancoposta/tests__samples__transactions__pagamento_postamat.csv": (1, 2),
    "lorenzogiudici5__ofxstatement-bancoposta/tests__samples__transactions__postagiro.csv": (6, 2),
    "mayswind__ezbookkeeping/testdata__feidee_mymoney_elecloud_test_file.xlsx": (7, 0),
    "mayswind__ezbookkeeping/testdata__feidee_mymoney_test_file.xls": (8, 0),
    "mlaitinen__ofxstatement-revolut/tests__samples__2021-october.csv": (7, 0),
    "mlaitinen__ofxstatement-revolut/tests__samples__2022-january.csv": (6, 3),
    "nblock__ofxstatement-austrian/src__ofxstatement__plugins__tests__samples__easybank-creditcard.csv": (3, 0),
    "nblock__ofxstatement-austrian/src__ofxstatement__plugins__tests__samples__easybank-giro.csv": (10, 0),
    "nblock__ofxstatement-austrian/src__ofxstatement__plugins__tests__samples__ing-diba.csv": (6, 0),
    "nblock__ofxstatement-austrian/src__ofxstatement__plugins__tests__samples__livebank.csv": (3, 3),
    "nblock__ofxstatement-austrian/src__ofxstatement__plugins__tests__samples__oberbank.csv": (5, 0),
    "nblock__ofxstatement-austrian/src__ofxstatement__plugins__tests__samples__raiffeisen.csv": (7, 0),
    "reubano__csv2ofx/data__converted__creditunion.qif": (8, 0),
    "reubano__csv2ofx/data__converted__default.ofx": (8, 0),
    "reubano__csv2ofx/data__converted__default.qif": (8, 0),
    "reubano__csv2ofx/data__converted__ingesp.ofx": (10, 0),
    "reubano__csv2ofx/data__converted__schwab-checking-msmoney.ofx": (4, 0),
    "reubano__csv2ofx/data__test__amazon.csv": (3, 3),
    "reubano__csv2ofx/data__test__capitalone.csv": (2, 0),
    "reubano__csv2ofx/data__test__creditunion.csv": (8, 0),
    "reubano__csv2ofx/data__test__default.csv": (8, 0),
    "reubano__csv2ofx/data__test__gls.csv": (1, 0),
    "reubano__csv2ofx/data__test__ingesp.csv": (10, 0),
    "reubano__csv2ofx/data__test__mint.csv": (4, 0),
    "reubano__csv2ofx/data__test__mint_extra.csv": (4, 0),
    "reubano__csv2ofx/data__test__mint_headerless.csv": (4, 0),
    "reubano__csv2ofx/data__test__n26-fr.csv": (2, 0),
    "reubano__csv2ofx/data__test__outbank.csv": (4, 0),
    "reubano__csv2ofx/data__test__payoneer.csv": (2, 0),
    "reubano__csv2ofx/data__test__pcmastercard.csv": (2, 0),
    "reubano__csv2ofx/data__test__schwab-checking-baltest-case3.csv": (4, 0),
    "reubano__csv2ofx/data__test__schwab-checking.csv": (4, 0),
    "reubano__csv2ofx/data__test__stripe-all.csv": (5, 0),
    "reubano__csv2ofx/data__test__ubs-ch-fr_trimmed.csv": (3, 0),
    "reubano__csv2ofx/data__test__xero.csv": "no date or amount column",
    "trim21__china-beancount-importers/tests__fixtures__wechat__微信支付账单(20200830-20200906).csv": (7, 0),
}

_STATUS = "rows whose status says the money never moved (closed, failed) are rejected with the status"
DEVIATIONS = {
    "TinySnow__beancount-importer-rust/testsets__京东交易流水测试数据集.csv": _STATUS,
    "TinySnow__beancount-importer-rust/testsets__微信支付账单测试数据集.csv": _STATUS,
    "TinySnow__beancount-importer-rust/testsets__支付宝交易明细测试数据集.csv": _STATUS,
    "TinySnow__beancount-importer-rust/testsets__美团账单测试数据集.csv": _STATUS,
    "TinySnow__beancount-importer-rust/testsets__工商银行交易明细测试数据集.csv":
        "one row has the direction '未知方向' (unknown): rejected as unreadable",
    "TinySnow__beancount-importer-rust/testsets__建设银行交易明细测试数据集.csv":
        "one row has the direction '未知方向' (unknown): rejected as unreadable",
    "actualbudget__actual/packages__desktop-client__e2e__data__test.csv":
        "the 'Starting Balance' row is a balance line, not a transaction",
    "beancount__beangulp/beangulp__file_type_testdata__example.csv":
        "two MONEY MARKET PURCHASE rows have amount 0.00",
    "beancount__beangulp/beangulp__file_type_testdata__example.xls":
        "every amount in the obfuscated sample is 0",
    "frankIT__ofxstatement-fineco/tests__movements.xlsx": "one row is 'Autorizzato' (pending)",
    "jseutter__ofxparse/tests__fixtures__fidelity-savings.ofx":
        "three cash amounts have 4 decimals (115.8331 USD): not exact in cents, rejected",
    "mlaitinen__ofxstatement-revolut/tests__samples__2022-january.csv":
        "the 0.00 'temporary hold' row is rejected as a zero amount",
    "nblock__ofxstatement-austrian/src__ofxstatement__plugins__tests__samples__livebank.csv":
        "three 0,00 'Verständigung' rows are notices, not transactions",
    "gpaulissen__ofxstatement-dutch/tests__samples__NL99INGB9999999999_25-11-2019_30-05-2020.csv":
        "a daily-balance export with no transactions: refused (no amount column)",
}


def _sources_counts() -> dict[str, int]:
    counts = {}
    for line in (CORPUS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 8 and cells[1].startswith("`"):
            m = re.match(r"(\d+)", cells[7])
            if m:
                counts[cells[1].strip("`")] = int(m.group(1))
    return counts


def _files() -> list[Path]:
    if not CORPUS.exists():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md")


def _key(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_every_corpus_file_is_listed() -> None:
    assert sorted(_key(p) for p in _files()) == sorted(EXPECTED)


@pytest.mark.parametrize("path", _files(), ids=_key)
def test_corpus_file(path: Path) -> None:
    expected = EXPECTED[_key(path)]
    if isinstance(expected, str):
        with pytest.raises(InputError) as info:
            parse_statement(path, ParseOptions(currency="USD"))
        assert info.value.message.startswith(expected)
        assert info.value.path is not None
        return
    result = parse_statement(path, ParseOptions(currency="USD"))
    assert (len(result.frame), len(result.rejected)) == expected
    assert all(r.location and r.reason for r in result.rejected)
    assert result.frame["amount_minor"].dtype == "int64"


def test_counts_agree_with_sources_or_say_why() -> None:
    sources = _sources_counts()
    for key, expected in EXPECTED.items():
        if key not in sources or isinstance(expected, str) or key in DEVIATIONS:
            continue
        imported, rejected = expected
        trades_or_filtered = imported + rejected
        assert sources[key] in (imported, trades_or_filtered), (
            f"{key}: SOURCES.md says {sources[key]}, recon imports {imported} "
            f"and rejects {rejected}; add the reason to DEVIATIONS"
        )
