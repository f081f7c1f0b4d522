"""The merchant cleaner, on real descriptors from the corpus and on the common noise forms."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.errors import InputError
from recon.normalise import clean_descriptor, clean_many, merchant_key, merchant_keys, txn_ids
from recon.parsers import ParseOptions, parse_statement
from tests.conftest import CORPUS

BOFA = "beancount__beangulp/examples__documents__Liabilities__US__CreditCard__2013-12-03.bofa.ofx"

# (corpus file, text that picks the row, expected merchant key)
REAL = [
    (BOFA, "SPOTIFY USA", "spotify"),                       # card number + memo with a URL
    (BOFA, "CAFE MOGADOR", "cafe mogador"),                 # store no., city, phone in memo
    (BOFA, "UNION MARKET", "union market hous"),            # city glued to a 20-char name
    (BOFA, "AMAZON.COM", "amazon amzn"),
    ("reubano__csv2ofx/data__test__pcmastercard.csv", "APL*ITUNES", "apple com bill"),
    ("Metasaura__ofxstatement-lloyds/tests__sample-statement.csv", "HOTEL MARAIS",
     "hotel marais visaxr"),                                # EUROS 78.80 ... 1.0724 CD 1425
    ("Metasaura__ofxstatement-lloyds/tests__sample-statement.csv", "HHHHH LTD", "hhhhh"),
    ("gpaulissen__ofxstatement-dutch/tests__samples__ing_ok.csv", "Kosten OranjePakket",
     "kosten oranjepakket met korting"),                                # payee | memo with dates
    ("reubano__csv2ofx/data__test__capitalone.csv", "CAPITAL ONE AUTOPAY",
     "capital one autopay pymt"),
    ("jseutter__ofxparse/tests__fixtures__bank_medium.ofx", "CONNIE'S HAIR D", "connie's hair"),
    ("TinySnow__beancount-importer-rust/testsets__京东交易流水测试数据集.csv", "京东基线商户",
     "京东基线商户"),                                         # CJK payee | product
    ("gpaulissen__ofxstatement-dutch/tests__samples__"
     "transactie-historie_NL00ASNB9999999999_20220717204133.csv", "Optimal BV", "optimal"),
]


@pytest.mark.parametrize(("name", "needle", "expected"), REAL, ids=[r[1] for r in REAL])
def test_real_descriptors_from_the_corpus(name: str, needle: str, expected: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not available (../shared/corpus)")
    frame = parse_statement(path, ParseOptions(currency="EUR")).frame
    found = [d for d in frame["description_raw"] if needle in d]
    assert found, f"{needle!r} not in {name}"
    assert merchant_key(found[0]) == expected


NOISE = [
    ("NETFLIX.COM 866-579-7172 CA", "netflix"),
    ("SPOTIFY P1A2B3C4D5 STOCKHOLM", "spotify"),
    ("SQ *BLUE BOTTLE COFFEE", "blue bottle coffee"),
    ("PAYPAL *SPOTIFY", "spotify"),
    ("AMZN Mktp US*2K4LL1", "amazon marketplace"),
    ("AMAZON.CO.UK MKTPLACE", "amazon marketplace"),
    ("GOOGLE *YouTubePremium g.co/helppay#", "google youtubepremium"),
    ("APPLE.COM/BILL 866-712-7753 IE", "apple com bill"),
    ("PUREGYM LTD DD 0098812", "puregym"),
    ("CARD 4321 TESCO STORES 3217 14JAN24", "tesco stores"),
    ("NOWTV.COM LONDON", "nowtv"),
    ("ＮＥＴＦＬＩＸ．ＣＯＭ", "netflix"),                       # full-width
    ("财付通-美团外卖", "美团外卖"),                                # WeChat Pay processor form
    ("支付宝-饿了么", "饿了么"),                                    # Alipay processor form
    ("美团外卖（北京）科技有限公司", "美团外卖 科技"),
    ("Transfer | HGA ZGIIQCHU - 5468", "transfer hga zgiiqchu"),  # generic payee keeps memo
    ("REF: 998877 DISNEY PLUS 10:22", "disney plus"),
    ("WWW.LYSTA360.COM", "lysta"),                                # a name with its number
    ("PAYPAL *LYSTA360", "lysta"),                                # glued, as ``Lysta 360`` cleans
    ("JOORI99.COM 850-196-9509", "joori"),
    ("RP555000111 NETFLIX", "netflix"),                           # a reference code still goes
]


@pytest.mark.parametrize(("raw", "expected"), NOISE)
def test_noise_forms(raw: str, expected: str) -> None:
    assert merchant_key(raw) == expected


def test_clean_never_returns_empty() -> None:
    assert clean_descriptor("1234") == "1234"
    assert clean_descriptor("***") == "***"


def test_merchant_keys_maps_uniques_back() -> None:
    keys = merchant_keys(pd.Series(["NETFLIX.COM 1", "SPOTIFY AB", "NETFLIX.COM 1"]))
    assert keys.tolist() == ["netflix", "spotify", "netflix"]


def test_every_corpus_descriptor_gets_a_key() -> None:
    if not CORPUS.exists():
        pytest.skip("corpus not available (../shared/corpus)")
    for path in sorted(Path(CORPUS).rglob("*.ofx"))[:40]:
        try:
            frame = parse_statement(path, ParseOptions(currency="USD")).frame
        except InputError:
            continue  # refused files are test_corpus's business; this test is about keys
        for text in frame["description_raw"]:
            if text.strip():
                assert merchant_key(text).strip(), (path.name, text)


# Pieces of real descriptors (prefixes, cities, countries, references, dates, legal forms)
# so the generated texts exercise every rule of the table, not only random letters.
_PIECES = ["SQ *", "PAYPAL *", "APL*", "AMZN Mktp US*2K4LL1", "AMAZON.CO.UK MKTPLACE",
           "APPLE.COM/BILL", "GOOGLE *", "NETFLIX.COM", "HELP.UBER.COM", "EUROS 78.80",
           "VISAXR 1.0724", "CD 1425", "XXXX1234", "****1234", "XXXXXXXXXXXXIT", "2024-01-05",
           "05/01/24", "14JAN24", "1 jan 2020", "16:05", "866-579-7172", "REF: 998877",
           "#112", "P1A2B3C4D5", "(FR)", "LTD", "GMBH", "B.V.", "DD", "STO", "LONDON",
           "HOUSNEW YORK", "SAN FRANCISCO CA", "US", "IE", "7", "12", "x", "&", "+", "Spotify",
           "Tesco Stores", "cafe", "www.shop.io/x", "  ", "-", ".", "_", "CAFE MOGADOR"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES),
                          st.text(st.characters(min_codepoint=32, max_codepoint=126),
                                  max_size=12)), min_size=1, max_size=7))
def test_vectorised_cleaning_equals_the_reference(parts: list[str]) -> None:
    texts = [" ".join(parts), "".join(parts)]
    assert clean_many(texts) == [merchant_key(t) for t in texts]


def test_vectorised_cleaning_on_the_noise_forms_and_the_corpus() -> None:
    texts = [raw for raw, _ in NOISE]
    if CORPUS.exists():
        for path in sorted(Path(CORPUS).rglob("*.ofx")) + sorted(Path(CORPUS).rglob("*.csv")):
            try:
                texts += parse_statement(path, ParseOptions(currency="USD")).frame[
                    "description_raw"].tolist()
            except Exception:  # noqa: BLE001 - files the parsers reject are not the point
                continue
    assert len(texts) > 15
    assert clean_many(texts) == [merchant_key(t) for t in texts]


def _reference_ids(frame: pd.DataFrame) -> list[str]:
    """The txn_id definition, written plainly: ids in existing ledgers were made by it, so
    the fast version must give the same bytes or a re-import would double the rows."""
    account = frame["account"].astype(str)
    ref = frame["ref"].fillna("").astype(str)
    content = (account + "\x1f" + frame["posted_date"].astype(str) + "\x1f"
               + frame["amount_minor"].astype(str) + "\x1f" + frame["currency"].astype(str)
               + "\x1f" + frame["description_raw"].astype(str))
    use_ref = frame["parser"].eq("ofx") & ref.ne("")
    key = ("fitid\x1f" + account + "\x1f" + ref).where(use_ref, "content\x1f" + content)
    keys = (key + "\x1f" + key.groupby(key).cumcount().astype(str)).tolist()
    return [hashlib.sha256(k.encode("utf-8")).hexdigest()[:20] for k in keys]


_ROW = st.tuples(st.sampled_from(["Card 1", "current", "Amex ✓", ""]),
                 st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
                 st.integers(-10**12, 10**12), st.sampled_from(["GBP", "JPY", "EUR"]),
                 st.text(max_size=12), st.sampled_from([None, "", "FIT1", "fit 2", "ü"]),
                 st.sampled_from(["ofx", "csv", "alipay"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=30).flatmap(
    lambda rows: st.lists(st.sampled_from(rows), min_size=len(rows), max_size=2 * len(rows))))
def test_txn_ids_equal_the_reference_definition(rows: list[tuple[object, ...]]) -> None:
    frame = pd.DataFrame(rows, columns=["account", "posted_date", "amount_minor", "currency",
                                        "description_raw", "ref", "parser"])
    frame["amount_minor"] = frame["amount_minor"].astype("int64")
    for column in ("account", "currency", "description_raw", "parser"):
        frame[column] = frame[column].astype("str")
    frame["ref"] = frame["ref"].astype(object)
    assert txn_ids(frame).tolist() == _reference_ids(frame)
