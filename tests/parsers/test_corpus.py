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
    "frankIT__ofxstatement-fineco/tests__my-cards.xls": (1, 2),
    "gpaulissen__ofxstatement-dutch/tests__samples__Account_20190101_20200317.csv": (27, 3),
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
    "reubano__csv2ofx/data__test__xero.csv": (13, 0),  # NetAmount read (camelCase split)
    "trim21__china-beancount-importers/tests__fixtures__wechat__微信支付账单(20200830-20200906).csv": (7, 0),
}

# The 152 MANIFEST-2 files (# = manifest data row: expected_transactions), pinned as they
# import today; DEVIATIONS_2 says why a count differs, KNOWN_WRONG which values are wrong.
EXPECTED_2: dict[str, tuple[int, int] | str] = {
    'deb-sig__double-entry-generator/example__alipay__example-alipay-records.csv': (7, 3),  # 0: 10
    'deb-sig__double-entry-generator/example__wechat__example-wechat-records.csv': (19, 8),  # 1: 27
    'deb-sig__double-entry-generator/example__wechat__example-wechat-records.xlsx': (19, 8),  # 2: 27
    'deb-sig__double-entry-generator/example__jd__example-jd-records.csv': (23, 3),  # 3: 26
    'deb-sig__double-entry-generator/example__mt__example-mt-records.csv': (29, 0),  # 4: 29
    'deb-sig__double-entry-generator/example__abc_debit__example-abc_debit-records.csv': (4, 1),  # 5: 5
    'deb-sig__double-entry-generator/example__boc__credit__example-boc-records.csv': (14, 0),  # 6: 14
    'deb-sig__double-entry-generator/example__boc__debit__example-boc-records.csv': (17, 0),  # 7: 17
    'deb-sig__double-entry-generator/example__bocom_credit__example-bocom_credit-records.csv': (8, 0),  # 8: 8
    'deb-sig__double-entry-generator/example__bocom_debit__example-bocom_debit-records.csv': (6, 0),  # 9: 6
    'deb-sig__double-entry-generator/example__ccb__交易明细_xxxx_2025xxxx_2025xxxx.xls': (6, 0),  # 10: 6
    'deb-sig__double-entry-generator/example__cgb_credit__example-cgb_credit-records.csv': (4, 0),  # 11: 4
    'deb-sig__double-entry-generator/example__citic__credit__example-citic-records.xls': (13, 0),  # 12: 13
    'deb-sig__double-entry-generator/example__cmb__credit__example-cmb-records.csv': (6, 0),  # 13: 6
    'deb-sig__double-entry-generator/example__cmb__debit__example-cmb-records.csv': (5, 0),  # 14: 5
    'deb-sig__double-entry-generator/example__icbc__credit__example-icbc-credit-records.csv': (9, 1),  # 15: 9
    'deb-sig__double-entry-generator/example__icbc__debit-v1__example-icbc-debit-v1-records.csv': (11, 1),  # 16: 11
    'deb-sig__double-entry-generator/example__icbc__debit-v2__example-icbc-debit-v2-records.csv': (11, 1),  # 17: 11
    'deb-sig__double-entry-generator/example__spdb_debit__example-spdb_debit-records.xls': (4, 0),  # 18: 4
    'deb-sig__double-entry-generator/example__hsbchk__credit__example-hsbchk-credit-records.csv': (11, 0),  # 19: 11
    'deb-sig__double-entry-generator/example__hsbchk__debit__example-hsbchk-debit-records.csv': (10, 0),  # 20: 10
    'deb-sig__double-entry-generator/example__bmo__credit__example-bmo-records.csv': (3, 0),  # 21: 3
    'deb-sig__double-entry-generator/example__bmo__debit__example-bmo-records.csv': (4, 0),  # 22: 4
    'deb-sig__double-entry-generator/example__td__example-td-records.csv': (9, 0),  # 23: 9
    'deb-sig__double-entry-generator/example__htsec__example-htsec-records.xlsx': (8, 2),  # 24: 10
    'deb-sig__double-entry-generator/example__hxsec__example-hxsec-records.xls': (7, 6),  # 25: 13
    'bank2ynab__bank2ynab/test__test-data__20171001-20171106.csv': (1, 0),  # 26: 1
    'bank2ynab__bank2ynab/test__test-data__2018-04-14_10-52-13_bunq-transactieoverzicht.csv': (3, 0),  # 27: 3
    'bank2ynab__bank2ynab/test__test-data__2019-03-02_11-50-46_bunq-statement.csv': (7, 0),  # 28: 7
    'bank2ynab__bank2ynab/test__test-data__20180226-1000594757-umsatz.CSV': (1, 0),  # 29: 1
    'bank2ynab__bank2ynab/test__test-data__umsatz-1234________1234-20180227.CSV': (1, 0),  # 30: 1
    'bank2ynab__bank2ynab/test__test-data__Umsaetze_KtoNr538917600_EUR_02-03-2018_1503.CSV': (1, 0),  # 31: 1
    'bank2ynab__bank2ynab/test__test-data__20180226_12345678.csv': (1, 0),  # 32: 1
    'bank2ynab__bank2ynab/test__test-data__CSV_A_20180414_112204.csv': (3, 0),  # 33: 3
    'bank2ynab__bank2ynab/test__test-data__MS_JANE_SMITH_01-12-2019_14-12-2019.csv': (10, 3),  # 34: 13 (10 posted + 3 pending)
    'bank2ynab__bank2ynab/test__test-data__MonzoDataExport_February2018_2018-02-26_174335.csv': (1, 0),  # 35: 1
    'bank2ynab__bank2ynab/test__test-data__Movements_1234512345_201805271848.csv': (1, 0),  # 36: 1
    'bank2ynab__bank2ynab/test__test-data__TH_20180101-20180523_page_1.csv': (0, 9),  # 37: 9
    'bank2ynab__bank2ynab/test__test-data__TH_20180101-20180523_strana_1.csv': (0, 9),  # 38: 9
    'bank2ynab__bank2ynab/test__test-data__TH_20180521-20180523.csv': (0, 1),  # 39: 1
    'bank2ynab__bank2ynab/test__test-data__TransactionHistory_20180418043121.csv': (8, 0),  # 40: 8
    'bank2ynab__bank2ynab/test__test-data__W80844_EBH_201945.202122.csv': (2, 0),  # 41: 2
    'bank2ynab__bank2ynab/test__test-data__dba33fceecd62c3c727893361e0ba4d3.P000000027355791.csv': (1, 0),  # 42: 1
    'bank2ynab__bank2ynab/test__test-data__statement_1.csv': (1, 0),  # 43: 1
    'bank2ynab__bank2ynab/test__test-data__export_BE11123456789012_20180304_1422.csv': (1, 0),  # 44: 1
    'bank2ynab__bank2ynab/test__test-data__export_KBC-Mastercard Business Essential_20200204_1604.csv': (3, 0),  # 45: 3
    'bank2ynab__bank2ynab/test__test-data__test_BOI_TransactionExport.csv': (27, 0),  # 46: 27
    'bank2ynab__bank2ynab/test__test-data__test_headers.csv': (73, 0),  # 47: 73
    'bank2ynab__bank2ynab/test__test-data__test_raiffeisen_01.csv': (73, 0),  # 48: 73
    'bank2ynab__bank2ynab/test__test-data__test_delimiter_tab.csv': (73, 0),  # 49: 73
    'bank2ynab__bank2ynab/test__test-data__test_row_format_CD_flag.csv': (70, 3),  # 50: 73
    'bank2ynab__bank2ynab/test__test-data__test_row_format_default.csv': (73, 0),  # 51: 73
    'bank2ynab__bank2ynab/test__test-data__test_swedebank_statement.xls': (13, 4),  # 52: 13
    'c-vigo__beancount-importers/tests__n26__N26_Sample.csv': (86, 1),  # 53: 87
    'c-vigo__beancount-importers/tests__neon__Neon_Sample.csv': (47, 0),  # 54: 47
    'c-vigo__beancount-importers/tests__revolut__Revolut_CHF_Sample.csv': (7, 0),  # 55: 7
    'c-vigo__beancount-importers/tests__revolut__Revolut_EUR_Sample.csv': (7, 0),  # 56: 7
    'c-vigo__beancount-importers/tests__zkb__ZKB_Sample.csv': (7, 0),  # 57: 7
    'wesabe__fixofx/test__fixtures__checking.ofx': (106, 0),  # 58: 106
    'wesabe__fixofx/test__fixtures__creditcard.ofx': (135, 0),  # 59: 135
    'wesabe__fixofx/test__fixtures__savings.ofx': (118, 0),  # 60: 118
    'aclindsa__ofxgo/samples__valid_responses__moneymrkt1_v103.ofx': (0, 3),  # 61: 3
    'aclindsa__ofxgo/samples__valid_responses__moneymrkt1_v103_TYPE1.ofx': (0, 3),  # 62: 3
    'aclindsa__ofxgo/samples__valid_responses__moneymrkt1_v203.ofx': (0, 3),  # 63: 3
    'aclindsa__ofxgo/samples__valid_responses__401k_v203.ofx': (0, 7),  # 64: 7 (INVTRAN)
    'aclindsa__ofxgo/samples__valid_responses__inv_v202.ofx': (0, 74),  # 65: 74 (70 INVTRAN + 4 INVBANKTRAN)
    'aclindsa__ofxgo/samples__valid_responses__ira_v202.ofx': (0, 60),  # 66: 60 (59 INVTRAN + 1 INVBANKTRAN)
    'aclindsa__ofxgo/samples__busted_responses__bmo_v102__no_header_newline.qfx': (1, 0),  # 67: 1
    'aclindsa__ofxgo/samples__busted_responses__wellsfargo.qfx': (1, 0),  # 68: 1
    'libofx__libofx/doc__ofx_sample_files__ofx_spec160_stmtrs_example.sgml': (2, 0),  # 69: 2
    'libofx__libofx/doc__ofx_sample_files__example-listing1.xml': (2, 0),  # 70: 2
    'libofx__libofx/doc__ofx_sample_files__example-listing2.xml': (2, 0),  # 71: 2
    'libofx__libofx/doc__ofx_sample_files__another-example.xml': (1, 0),  # 72: 1 (INCOME)
    'libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-13.12.ofx': (1, 1),  # 73: 2 (1 INVTRAN + 1 INVBANKTRAN)
    'libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-13.13.ofx': (0, 3),  # 74: 3 (INVTRAN)
    'libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-16.5.3.2.ofx': (3, 0),  # 75: 3
    'libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-16.5.4.2.ofx': (1, 0),  # 76: 1
    'libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-16.5.6.2.ofx': (0, 1),  # 77: 1 (INVTRAN)
    'libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-16.5.6.5.ofx': (0, 1),  # 78: 1 (INVTRAN)
    'libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-8.5.5.ofx': (0, 0),  # 79: 0
    'libofx__libofx/doc__ofx_sample_files__heap-buffer-overflow-1.ofx': (0, 0),  # 80: 0
    'libofx__libofx/doc__ofx_sample_files__heap-buffer-overflow-2.ofx': 'not a statement format recon reads',  # 81: 0
    'libofx__libofx/doc__ofx_sample_files__null-ptr-deref-1.ofx': 'file ends before </OFX> (truncated downl',  # 82: 0
    'libofx__libofx/doc__ofx_sample_files__null-ptr-deref-2.ofx': 'file ends before </OFX> (truncated downl',  # 83: 0
    'libofx__libofx/doc__ofx_sample_files__use-after-free.ofx': 'not a statement format recon reads',  # 84: 0
    'libofx__libofx/doc__ofx_sample_files__downcast.ofx': (0, 0),  # 85: 0
    'libofx__libofx/doc__ofx_sample_files__failing-ofx-file1.xml': 'not a statement format recon reads',  # 86: 0
    'libofx__libofx/doc__ofx_sample_files__failing-ofx-file2.xml': (0, 0),  # 87: 0
    'egh__ledger-autosync/fixtures__accented_characters_latin1.ofx': (1, 0),  # 88: 1
    'egh__ledger-autosync/fixtures__apostrophe.ofx': (1, 0),  # 89: 1
    'egh__ledger-autosync/fixtures__comments.ofx': (1, 1),  # 90: 2
    'egh__ledger-autosync/fixtures__cusip.ofx': (1, 1),  # 91: 2 (INCOME + INVTRAN)
    'egh__ledger-autosync/fixtures__fidelity_fee.ofx': (3, 2),  # 92: 5 (2 INVTRAN + 3 INVBANKTRAN)
    'egh__ledger-autosync/fixtures__income.ofx': (1, 0),  # 93: 1 (INCOME)
    'egh__ledger-autosync/fixtures__paypal.csv': (2, 0),  # 94: 2
    'egh__ledger-autosync/fixtures__paypal_alternate.csv': (2, 0),  # 95: 2
    'egh__ledger-autosync/fixtures__venmo.csv': (4, 0),  # 96: 4
    'egh__ledger-autosync/fixtures__mint.csv': (2, 0),  # 97: 2
    'egh__ledger-autosync/fixtures__amazon.csv': (1, 0),  # 98: 1
    'egh__ledger-autosync/fixtures__amazon2.csv': (1, 0),  # 99: 1
    'jbms__beancount-import/testdata__source__ofx__amex.ofx': (3, 0),  # 100: 3
    'jbms__beancount-import/testdata__source__ofx__checking2.ofx': (13, 0),  # 101: 13 (INVBANKTRAN)
    'jbms__beancount-import/testdata__source__ofx__fidelity-ira.ofx': (0, 10),  # 102: 10 (INVTRAN)
    'jbms__beancount-import/testdata__source__ofx__fidelity_treasury.ofx': (1, 2),  # 103: 3 (2 INVTRAN + 1 INVBANKTRAN)
    'jbms__beancount-import/testdata__source__ofx__investment_buy_sell_income.ofx': (0, 20),  # 104: 20 (19 INVTRAN + 1 INVBANKTRAN)
    'jbms__beancount-import/testdata__source__ofx__vanguard_roth_ira.ofx': (0, 1),  # 105: 1 (INVTRAN)
    'jbms__beancount-import/testdata__source__ofx__vanguard_xfer_in.ofx': (0, 2),  # 106: 2 (INVTRAN)
    'jbms__beancount-import/examples__data__importers__bank.csv': (7, 0),  # 107: 7
    'jbms__beancount-import/examples__data__importers__creditcard.csv': (2, 0),  # 108: 2
    'jbms__beancount-import/examples__data__mint__mint.csv': (7, 0),  # 109: 7
    'jbms__beancount-import/examples__data__venmo__transactions.csv': (50, 0),  # 110: 50
    'jbms__beancount-import/testdata__source__schwab_csv__test_basic__transactions__EAC_Checking_Transactions_20201223-160009.CSV': (12, 0),  # 111: 12
    'jbms__beancount-import/testdata__source__schwab_csv__test_basic__transactions__Brokerage_Transactions_20201115-180021.CSV': (16, 5),  # 112: 21
    'jbms__beancount-import/testdata__source__schwab_csv__test_basic__transactions__Brokerage_Transactions_20201130-180000.CSV': (0, 0),  # 113: 0
    'jbms__beancount-import/testdata__source__schwab_csv__test_basic__transactions__Intelligent_Transactions_20201115-180120.CSV': (22, 3),  # 114: 25
    'redstreet__beancount_reds_importers/beancount_reds_importers__example__OfxDownload.qfx': (0, 2),  # 115: 2 (INVTRAN)
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__ally__tests__transactions.qfx': (2, 0),  # 116: 2
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__capitalonebank__tests__360Checking.qfx': (4, 0),  # 117: 4
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__etrade__tests__etrade_09092023.QFX': (2, 2),  # 118: 4 (INCOME, INVEXPENSE + INVTRAN)
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__vanguard__tests__OfxDownload-401k.qfx': (0, 5),  # 119: 5 (INVTRAN)
    'redstreet__beancount_reds_importers/beancount_reds_importers__libtransactionbuilder__tests__seclist_fund_info__no_seclist.qfx': (0, 1),  # 120: 1 (INVTRAN)
    'redstreet__beancount_reds_importers/beancount_reds_importers__libreader__tests__ofxstatement_test__ofxstatementGenerated.n26.ofx': (1, 0),  # 121: 1
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__dcu__tests__Main_Checking_Account_Transactions.csv': (10, 0),  # 122: 10
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__fidelity__fidelity_cma_csv_examples__History_for_Account_X8YYYYYYY.csv': (11, 1),  # 123: 11
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__fidelity__tests__fidelity_all_accounts_csv__fidelity_csv_all_accounts_transactions_20251204.csv': (21, 1),  # 124: 21
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__schwab__tests__schwab_csv_brokerage__schwab_csv_brokerage_XX876_Transactions_20220731.csv': (11, 0),  # 125: 11
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__schwab__tests__schwab_csv_checking__schwab_XXX234_Checking_Transactions_20220203.csv': (2, 0),  # 126: 2
    'redstreet__beancount_reds_importers/beancount_reds_importers__libreader__tests__csv_delimiter_test__semicolon_delimited.csv': (2, 0),  # 127: 2
    'redstreet__beancount_reds_importers/beancount_reds_importers__importers__unitedoverseas__tests__ACC_TXN_History_1234_clean.xls': (8, 0),  # 128: 8
    'redstreet__beancount_reds_importers/beancount_reds_importers__libreader__tests__xlsx_test__gains_losses_test.xlsx': 'no transaction table found',  # 129: 3
    'gpaulissen__ofxstatement-french/tests__samples__BPACA_OP_20220717.ofx': (63, 0),  # 130: 63
    'gpaulissen__ofxstatement-french/tests__samples__BPACA_OP_20220717-2.ofx': (14, 0),  # 131: 14
    'gpaulissen__ofxstatement-french/tests__samples__BPACA_OP_20220802.ofx': (38, 0),  # 132: 38
    'gpaulissen__ofxstatement-french/tests__samples__BPACA_OP_20220828.ofx': (69, 0),  # 133: 69
    'gpaulissen__ofxstatement-french/tests__samples__46297554894_02092025_04102025.ofx': (0, 0),  # 134: 0
    'gpaulissen__ofxstatement-french/tests__samples__Extrait_de_compte_balance.txt.ofx': (4, 0),  # 135: 4
    'fabolhak__ofxstatement-de-ing/test__test_with_saldo_1.csv': (9, 0),  # 136: 9
    'fabolhak__ofxstatement-de-ing/test__test_with_saldo_2.csv': (9, 0),  # 137: 9
    'fabolhak__ofxstatement-de-ing/test__test_without_saldo_1.csv': (6, 0),  # 138: 6
    'fabolhak__ofxstatement-de-ing/test__test_without_saldo_2.csv': (6, 0),  # 139: 6
    'omarkohl__ofxstatement-sparkasse-freiburg/tests__data__simple1.csv': (2, 0),  # 140: 2
    'omarkohl__ofxstatement-sparkasse-freiburg/tests__data__simple2.csv': (17, 1),  # 141: 18
    'omarkohl__ofxstatement-sparkasse-freiburg/tests__data__simple2.ofx': (17, 1),  # 142: 18
    'simonmichael__hledger/examples__sample.fr.cp1252.csv': (3, 0),  # 143: 3
    'simonmichael__hledger/examples__sample.fr.iso88591.csv': (3, 0),  # 144: 3
    'simonmichael__hledger/examples__sample.fr.utf8.csv': (3, 0),  # 145: 3
    'simonmichael__hledger/examples__csv__banking__csb43.csv': (2, 0),  # 146: 2
    'simonmichael__hledger/examples__csv__other__paypal-custom.csv': (4, 3),  # 147: 7
    'mbourmaud__imanisa-finance/src__tests__fixtures__csv__boursorama.csv': (5, 0),  # 148: 5
    'mbourmaud__imanisa-finance/src__tests__fixtures__csv__caisse_epargne.csv': (5, 0),  # 149: 5
    'mbourmaud__imanisa-finance/src__tests__fixtures__csv__caisse_epargne_entreprise.csv': (5, 0),  # 150: 5
    'mbourmaud__imanisa-finance/src__tests__fixtures__csv__credit_mutuel.csv': (6, 0),  # 151: 6
}
EXPECTED.update(EXPECTED_2)

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
    "frankIT__ofxstatement-fineco/tests__my-cards.xls":
        "one row is 'autorizzato' (pending); 'Totale movimenti' is a summary row",
    "jseutter__ofxparse/tests__fixtures__fidelity-savings.ofx":
        "three cash amounts have 4 decimals (115.8331 USD): not exact in cents, rejected",
    "mlaitinen__ofxstatement-revolut/tests__samples__2022-january.csv":
        "the 0.00 'temporary hold' row is rejected as a zero amount",
    "nblock__ofxstatement-austrian/src__ofxstatement__plugins__tests__samples__livebank.csv":
        "three 0,00 'Verständigung' rows are notices, not transactions",
    "gpaulissen__ofxstatement-dutch/tests__samples__NL99INGB9999999999_25-11-2019_30-05-2020.csv":
        "a daily-balance export with no transactions: refused (no amount column)",
}


_WALLET = ("8 rows with 收/支 '/' are moves between the user's own wallet, bank cards and funds "
           "(零钱通 moves, a top-up, a card repayment, 理财通 purchases): neutral for the wallet; "
           "the 3 withdrawals (收/支 '/') are imported as the 服务费 they charged (-0.10, -0.10, "
           "-1.00), the sums withdrawn to the user's own bank are not")
_BROKER = "a brokerage trade export: rows without a cash amount are not cash movements"
_PLACEHOLDER = "placeholder dates 1111/11/11 in an anonymised sample: rejected per row"
_DECIMALS = "synthetic amounts with 13 decimals are not exact in cents: rejected"
_TRADES = "investment trades (INVTRAN) are not cash movements: rejected by design"
_FUZZ = "a malformed (fuzzer) file: refused with a reason"
_NO_CASH = "rows with no amount (stock splits, journaled shares) moved no cash"

#: MANIFEST-2 files whose imported count differs from expected_transactions, and why
DEVIATIONS_2: dict[str, str] = {
    "deb-sig__double-entry-generator/example__alipay__example-alipay-records.csv":
        "2 交易关闭 (closed) rows never moved money; the 不计收支 fund sale to 余额宝 is a move "
        "between the user's own accounts (the two 不计收支 refunds are imported)",
    "deb-sig__double-entry-generator/example__wechat__example-wechat-records.csv": _WALLET,
    "deb-sig__double-entry-generator/example__wechat__example-wechat-records.xlsx":
        _WALLET + "; the second sheet repeats the first and is read once",
    "deb-sig__double-entry-generator/example__jd__example-jd-records.csv":
        "a 0.00 refund row is a zero amount; two 不计收支 先享后付 (pay-later) rows are neutral",
    "deb-sig__double-entry-generator/example__abc_debit__example-abc_debit-records.csv":
        "the +0.00 利息税 row is a zero amount",
    "deb-sig__double-entry-generator/example__htsec__example-htsec-records.xlsx": _BROKER,
    "deb-sig__double-entry-generator/example__hxsec__example-hxsec-records.xls": _BROKER,
    "bank2ynab__bank2ynab/test__test-data__MS_JANE_SMITH_01-12-2019_14-12-2019.csv":
        "the 3 'Pending' rows have no posting date: rejected as pending",
    "bank2ynab__bank2ynab/test__test-data__TH_20180101-20180523_page_1.csv": _PLACEHOLDER,
    "bank2ynab__bank2ynab/test__test-data__TH_20180101-20180523_strana_1.csv": _PLACEHOLDER,
    "bank2ynab__bank2ynab/test__test-data__TH_20180521-20180523.csv": _PLACEHOLDER,
    "bank2ynab__bank2ynab/test__test-data__test_row_format_CD_flag.csv":
        "3 rows have 'EUR' where the O/I direction belongs: unreadable (the import refuses the "
        "file unless --skip-bad-rows)",
    "c-vigo__beancount-importers/tests__n26__N26_Sample.csv": "the 0.00 row is a zero amount",
    "aclindsa__ofxgo/samples__valid_responses__moneymrkt1_v103.ofx": _DECIMALS,
    "aclindsa__ofxgo/samples__valid_responses__moneymrkt1_v103_TYPE1.ofx": _DECIMALS,
    "aclindsa__ofxgo/samples__valid_responses__moneymrkt1_v203.ofx":
        "declares utf-16 on single-byte text (read as it is); " + _DECIMALS,
    "aclindsa__ofxgo/samples__valid_responses__401k_v203.ofx": _TRADES,
    "aclindsa__ofxgo/samples__valid_responses__inv_v202.ofx": _TRADES + "; " + _DECIMALS,
    "aclindsa__ofxgo/samples__valid_responses__ira_v202.ofx": _TRADES + "; " + _DECIMALS,
    "libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-13.12.ofx": _TRADES,
    "libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-13.13.ofx": _TRADES,
    "libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-16.5.6.2.ofx": _TRADES,
    "libofx__libofx/doc__ofx_sample_files__ofx-2.1.1-sect-16.5.6.5.ofx": _TRADES,
    "libofx__libofx/doc__ofx_sample_files__heap-buffer-overflow-2.ofx": _FUZZ,
    "libofx__libofx/doc__ofx_sample_files__null-ptr-deref-1.ofx": _FUZZ,
    "libofx__libofx/doc__ofx_sample_files__null-ptr-deref-2.ofx": _FUZZ,
    "libofx__libofx/doc__ofx_sample_files__use-after-free.ofx": _FUZZ,
    "libofx__libofx/doc__ofx_sample_files__failing-ofx-file1.xml": _FUZZ,
    "egh__ledger-autosync/fixtures__comments.ofx": "the <TRNAMT>-0 row is a zero amount",
    "egh__ledger-autosync/fixtures__cusip.ofx": _TRADES,
    "egh__ledger-autosync/fixtures__fidelity_fee.ofx": _TRADES,
    "jbms__beancount-import/testdata__source__ofx__fidelity-ira.ofx": _TRADES,
    "jbms__beancount-import/testdata__source__ofx__fidelity_treasury.ofx": _TRADES,
    "jbms__beancount-import/testdata__source__ofx__investment_buy_sell_income.ofx":
        _TRADES + "; the one cash leg -8.4850 has 4 decimals",
    "jbms__beancount-import/testdata__source__ofx__vanguard_roth_ira.ofx": _TRADES,
    "jbms__beancount-import/testdata__source__ofx__vanguard_xfer_in.ofx": _TRADES,
    "jbms__beancount-import/testdata__source__schwab_csv__test_basic__transactions__"
    "Brokerage_Transactions_20201115-180021.CSV": _NO_CASH,
    "jbms__beancount-import/testdata__source__schwab_csv__test_basic__transactions__"
    "Intelligent_Transactions_20201115-180120.CSV": _NO_CASH,
    "redstreet__beancount_reds_importers/beancount_reds_importers__example__OfxDownload.qfx":
        _TRADES,
    "redstreet__beancount_reds_importers/beancount_reds_importers__importers__etrade__tests__"
    "etrade_09092023.QFX": _TRADES,
    "redstreet__beancount_reds_importers/beancount_reds_importers__importers__vanguard__tests__"
    "OfxDownload-401k.qfx": _TRADES,
    "redstreet__beancount_reds_importers/beancount_reds_importers__libtransactionbuilder__tests__"
    "seclist_fund_info__no_seclist.qfx": _TRADES,
    "redstreet__beancount_reds_importers/beancount_reds_importers__libreader__tests__xlsx_test__"
    "gains_losses_test.xlsx": "a realised gains/losses report, not a statement",
    "omarkohl__ofxstatement-sparkasse-freiburg/tests__data__simple2.csv":
        "the 0,00 row is a zero amount",
    "omarkohl__ofxstatement-sparkasse-freiburg/tests__data__simple2.ofx":
        "the 0.00 row is a zero amount",
    "simonmichael__hledger/examples__csv__other__paypal-custom.csv":
        "3 rows are PayPal holds/conversions with a status that never moved money",
}

#: file -> reference values from MANIFEST-2/RESULTS-2 (amounts in minor units that must be
#: among the imported rows, the number of money-out rows, the currency, dates)
REFERENCE: dict[str, dict[str, object]] = {
    "deb-sig__double-entry-generator/example__bocom_debit__example-bocom_debit-records.csv":
        {"sum": -10275},
    "deb-sig__double-entry-generator/example__citic__credit__example-citic-records.xls":
        {"contains": (-80789, 121)},
    "deb-sig__double-entry-generator/example__bmo__credit__example-bmo-records.csv":
        {"contains": (-327, -8506, -600)},
    "deb-sig__double-entry-generator/example__td__example-td-records.csv":
        {"contains": (-196, 1, 33222)},
    "bank2ynab__bank2ynab/test__test-data__dba33fceecd62c3c727893361e0ba4d3.P000000027355791.csv":
        {"contains": (-780,)},
    "bank2ynab__bank2ynab/test__test-data__statement_1.csv": {"contains": (-2059,)},
    "bank2ynab__bank2ynab/test__test-data__test_delimiter_tab.csv": {"negative": 64, "count": 73},
    "bank2ynab__bank2ynab/test__test-data__test_row_format_default.csv":
        {"negative": 64, "count": 73},
    "bank2ynab__bank2ynab/test__test-data__test_row_format_CD_flag.csv":
        {"negative": 61, "count": 70},
    "egh__ledger-autosync/fixtures__mint.csv":
        {"dates": ("2016-08-02", "2016-06-02"), "date_order": "MDY"},
    "deb-sig__double-entry-generator/example__cgb_credit__example-cgb_credit-records.csv":
        {"contains": (-1590, 9720, -38742, 113068)},
    "deb-sig__double-entry-generator/example__alipay__example-alipay-records.csv":
        {"contains": (1603, 5000, -4974, -2000, 22222850)},
    "deb-sig__double-entry-generator/example__wechat__example-wechat-records.csv":
        {"contains": (-2816, 35, -10, -100), "fees": (-10, -10, -100)},
    "deb-sig__double-entry-generator/example__wechat__example-wechat-records.xlsx":
        {"contains": (-2816, 35, -10, -100), "fees": (-10, -10, -100)},
    "c-vigo__beancount-importers/tests__zkb__ZKB_Sample.csv":
        {"contains": (500000, -2550), "currency": "CHF"},
    "bank2ynab__bank2ynab/test__test-data__test_swedebank_statement.xls": {"count": 13},
    "deb-sig__double-entry-generator/example__cmb__credit__example-cmb-records.csv":
        {"contains": (123, 34567, 3000, -5678, -800000), "currency": "CNY"},
    "bank2ynab__bank2ynab/test__test-data__CSV_A_20180414_112204.csv": {"currency": "EUR"},
    "bank2ynab__bank2ynab/test__test-data__export_BE11123456789012_20180304_1422.csv":
        {"currency": "EUR"},
    "redstreet__beancount_reds_importers/beancount_reds_importers__importers__unitedoverseas__"
    "tests__ACC_TXN_History_1234_clean.xls": {"currency": "SGD"},
    "deb-sig__double-entry-generator/example__boc__debit__example-boc-records.csv":
        {"contains": (-260000, 577100)},
    "deb-sig__double-entry-generator/example__cmb__debit__example-cmb-records.csv":
        {"contains": (-100000,)},
    "c-vigo__beancount-importers/tests__revolut__Revolut_CHF_Sample.csv": {"contains": (-4260,)},
}

#: files imported with wrong values today (their REFERENCE check is an expected failure)
KNOWN_WRONG: dict[str, str] = {
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
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS)


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


def _manifest_2() -> dict[str, int]:
    """corpus key -> MANIFEST-2's expected_transactions (``repo/a/b.csv`` is stored as
    ``owner__repo/a__b.csv``)."""
    out = {}
    path = CORPUS / "MANIFEST-2.tsv"
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        key = f"{cells[0].replace('/', '__')}/{cells[2].replace('/', '__')}"
        m = re.match(r"\s*(\d+)", cells[4])
        out[key] = int(m.group(1)) if m else -1
    return out


def test_manifest_2_counts_agree_or_say_why() -> None:
    """Every MANIFEST-2 file imports its expected count, or DEVIATIONS_2 says why; an entry
    there for a file that now imports exactly is stale."""
    manifest = _manifest_2()
    assert set(manifest) == set(EXPECTED_2)
    differ = {key for key, want in manifest.items()
              if isinstance(EXPECTED_2[key], str) or EXPECTED_2[key][0] != want}
    assert sorted(differ - set(DEVIATIONS_2)) == [], "add the reason to DEVIATIONS_2"
    assert sorted(set(DEVIATIONS_2) - differ) == [], "stale DEVIATIONS_2 entries"


@pytest.mark.parametrize("key", sorted(REFERENCE))
def test_reference_values(key: str, request: pytest.FixtureRequest) -> None:
    """The values MANIFEST-2/RESULTS-2 name for a file; KNOWN_WRONG ones are expected to
    fail (strictly: a fix makes the test fail until the entry is removed)."""
    if key in KNOWN_WRONG:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_WRONG[key], strict=True))
    ref = REFERENCE[key]
    order = ref.get("date_order")
    frame = parse_statement(CORPUS / key, ParseOptions(currency="USD", date_order=order)  # type: ignore[arg-type]
                            ).frame
    amounts = frame["amount_minor"].tolist()
    for value in ref.get("contains", ()):  # type: ignore[attr-defined]
        assert value in amounts
    if "sum" in ref:
        assert sum(amounts) == ref["sum"]
    if "negative" in ref:
        assert sum(1 for a in amounts if a < 0) == ref["negative"]
    if "count" in ref:
        assert len(amounts) == ref["count"]
    if "currency" in ref:
        assert set(frame["currency"]) == {ref["currency"]}
    if "dates" in ref:
        assert [str(d) for d in frame["posted_date"]] == list(ref["dates"])  # type: ignore[call-overload]
    if "fees" in ref:  # neutral rows imported as the fee they charged, in file order
        fees = frame[frame["description_raw"].str.contains("服务费")]["amount_minor"]
        assert fees.tolist() == list(ref["fees"])  # type: ignore[call-overload]


def test_known_wrong_have_a_reference() -> None:
    assert set(KNOWN_WRONG) <= set(REFERENCE)


#: corpus files whose balance column is not a running balance of their rows (anonymised or
#: synthetic samples): imported as their header names the columns, with a warning
_INVENTED = "an anonymised sample whose balance figures were edited apart from its amounts"
UNRECONCILED: dict[str, str] = {
    "Metasaura__ofxstatement-lloyds/tests__sample-statement.csv":
        "10 of 11 steps add up; line 6 (5.97) was edited (6029.49 -> 6039.58 is 10.09)",
    "bank2ynab__bank2ynab/test__test-data__CSV_A_20180414_112204.csv": _INVENTED,
    "bank2ynab__bank2ynab/test__test-data__test_BOI_TransactionExport.csv":
        "the balance is a placeholder '100' on some rows and empty on the others",
    "deb-sig__double-entry-generator/example__abc_debit__example-abc_debit-records.csv":
        _INVENTED,
    "deb-sig__double-entry-generator/example__bocom_debit__example-bocom_debit-records.csv":
        "rows from different years in no order, balances invented",
    "deb-sig__double-entry-generator/example__ccb__交易明细_xxxx_2025xxxx_2025xxxx.xls": _INVENTED,
    "deb-sig__double-entry-generator/example__icbc__credit__example-icbc-credit-records.csv":
        _INVENTED,
    "deb-sig__double-entry-generator/example__td__example-td-records.csv":
        "7 of 8 steps add up; the SFCA 0.01 credit lowers the balance by 0.01",
    "jbms__beancount-import/testdata__source__schwab_csv__test_basic__transactions__"
    "EAC_Checking_Transactions_20201223-160009.CSV": "the first 5 steps add up, the rest were edited",
    "mlaitinen__ofxstatement-revolut/tests__samples__2022-january.csv": _INVENTED,
    "redstreet__beancount_reds_importers/beancount_reds_importers__importers__unitedoverseas__"
    "tests__ACC_TXN_History_1234_clean.xls": _INVENTED,
    "reubano__csv2ofx/data__test__ingesp.csv": "rows in no date order, balances scrambled",
    "simonmichael__hledger/examples__csv__banking__csb43.csv": _INVENTED,
    "simonmichael__hledger/examples__csv__other__paypal-custom.csv":
        "PayPal's balance moves with holds and conversions that are not rows of the table",
}


def _table_files() -> list[Path]:
    return [p for p in _files() if p.suffix.lower() in (".csv", ".xls", ".xlsx", ".txt", ".tsv")]


@pytest.mark.parametrize("path", _table_files(), ids=_key)
def test_amounts_reconcile_with_the_balance_column(path: Path) -> None:
    """Every corpus table with a balance column: the imported amounts add up to it, or the
    file is listed in UNRECONCILED and the import says so in a warning."""
    try:
        result = parse_statement(path, ParseOptions(currency="USD"))
    except InputError:
        return
    layout = result.layout
    if layout is None or "balance" not in getattr(layout, "columns", {}) or not len(result.frame):
        return
    key = _key(path)
    followed = any(n.startswith(("the amounts add up to the balance column",
                                 "the balance column: fewer than two values")) for n in result.notes)
    warned = any("balance column does not follow" in w for w in result.warnings)
    if key in UNRECONCILED:
        assert warned, f"{key} reconciles now: remove it from UNRECONCILED"
    else:
        assert followed and not warned, (
            f"{key}: the amounts do not add up to its balance column: {result.warnings}")
