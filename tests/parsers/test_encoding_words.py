"""Single-byte code pages decode the same bytes into different plausible letters: among the
decodings detection ranks close, the one whose first lines read the most statement words
is kept; Cyrillic and Korean code pages are candidates."""

from __future__ import annotations

from pathlib import Path

from recon.parsers.base import ParseOptions
from recon.parsers.csv import CsvParser, statement_words
from recon.textio import decode

HUNGARIAN = (
    "Számlaszám;Könyvelés dátuma;Tranzakció típusa;Összeg;Pénznem;Egyenleg;Partner neve;Közlemény\n"
    "11773016-12345678-00000000;2024.07.02.;Kártyatranzakció;-12 990;HUF;141 330;;NETFLIX.COM\n"
    "11773016-12345678-00000000;2024.07.05.;Jóváírás;685 000;HUF;826 330;;ACME KFT munkabér\n"
    "11773016-12345678-00000000;2024.07.09.;Csoportos beszedés;-18 450;HUF;807 880;;MVM NEXT\n"
)
RUSSIAN = ("Дата операции;Описание;Сумма операции;Валюта операции;Статус\n"
           "02.09.2024;Кафе у дома;-799,00;RUB;OK\n"
           "03.09.2024;Такси;-349,00;RUB;OK\n")
KOREAN = ("거래일시,적요,보낸분/받는분,출금액(원),입금액(원),잔액(원)\n"
          "2024.03.04 14:23:01,체크카드,넷플릭스,\"13,500\",0,\"1,236,500\"\n")


def test_the_statement_words_choose_among_close_code_pages() -> None:
    data = HUNGARIAN.encode("cp1250")
    text, _ = decode(data, Path("otp.csv"), judge=statement_words)
    assert text == HUNGARIAN
    assert statement_words(HUNGARIAN) > statement_words(data.decode("cp1257"))


def test_cyrillic_and_korean_code_pages_are_candidates() -> None:
    for sample, code in ((RUSSIAN, "cp1251"), (KOREAN, "cp949")):
        text, _ = decode(sample.encode(code), Path("s.csv"), judge=statement_words)
        assert text == sample


def test_a_cp1250_file_imports_its_account_column(tmp_path: Path) -> None:
    path = tmp_path / "otp.csv"
    path.write_bytes(HUNGARIAN.encode("cp1250"))
    result = CsvParser().parse(path, ParseOptions(currency="EUR"))
    assert set(result.frame["account"]) == {"11773016-12345678-00000000"}
    assert result.frame["description_raw"].str.contains("munkabér").any()
