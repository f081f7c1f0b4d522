"""Statement layouts as declarations: built-in profiles and the user's ``rules/profiles.yaml``.

A profile names the columns by role, and says what the table engine cannot infer for that
bank: the date format, the decimal mark, the sign convention, statuses that mean "not booked".
Adding a bank is adding one entry here (and one sample with its golden file).
"""

from __future__ import annotations

from ..rulebook.layouts import ROLES, SIGNS, Column, Profile

__all__ = ["ROLES", "SIGNS", "Column", "Profile", "by_name"]


_CN_DIRECTIONS = {"支出": -1, "收入": 1, "转出": -1, "转入": 1, "expense": -1, "income": 1, "不计收支": 0, "/": 0, "": 0}

BUILTIN: tuple[Profile, ...] = (
    Profile(
        name="alipay",
        headers=("交易时间", "交易对方", "商品说明", "收/支", "金额", "交易状态", "交易订单号"),
        columns={
            "date": ("交易时间",), "payee": ("交易对方",), "description": ("商品说明", "商品名称"),
            "direction": ("收/支",), "amount": ("金额", "金额（元）", "金额(元)"),
            "status": ("交易状态",), "ref": ("交易订单号", "交易号"),
        },
        directions=_CN_DIRECTIONS,
        skip_status=("交易关闭", "已关闭", "支付失败", "失败", "等待付款"),
        currency="CNY",
        account="Alipay",
    ),
    Profile(
        name="wechat",
        headers=("交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "当前状态"),
        columns={
            "date": ("交易时间",), "payee": ("交易对方",), "description": ("商品",),
            "direction": ("收/支",), "amount": ("金额(元)", "金额（元）", "金额"),
            "status": ("当前状态",), "ref": ("交易单号",),
        },
        directions=_CN_DIRECTIONS,
        skip_status=("支付失败", "已关闭", "交易关闭", "对方已退还"),
        currency="CNY",
        account="WeChat Pay",
    ),
    Profile(
        # Lloyds Bank (UK): Metasaura/ofxstatement-lloyds tests/sample-statement.csv
        name="lloyds",
        headers=("transaction date", "transaction type", "sort code", "account number",
                 "transaction description", "debit amount", "credit amount", "balance"),
        columns={
            "date": ("transaction date",), "description": ("transaction description",),
            "debit": ("debit amount",), "credit": ("credit amount",),
            "account": ("account number",), "balance": ("balance",),
        },
        date_format="%d/%m/%Y",
        decimal=".",
        currency="GBP",
    ),
    Profile(
        # Revolut: mlaitinen/ofxstatement-revolut tests/samples (pending rows have no
        # Completed Date; Fee is charged on top of Amount)
        name="revolut",
        headers=("type", "product", "started date", "completed date", "description",
                 "amount", "fee", "currency", "state"),
        columns={
            "date": ("completed date",), "description": ("description",),
            "amount": ("amount",), "fee": ("fee",), "currency": ("currency",),
            "status": ("state",), "balance": ("balance",),
        },
        skip_status=("pending", "reverted", "declined", "failed"),
        decimal=".",
        account="Revolut",
    ),
    Profile(
        # ING Netherlands: gpaulissen/ofxstatement-dutch tests/samples/ing_ok*.csv
        name="ing_nl",
        headers=("datum", "naam / omschrijving", "rekening", "af bij", "bedrag (eur)"),
        columns={
            "date": ("datum",), "payee": ("naam / omschrijving",),
            "description": ("mededelingen",), "account": ("rekening",),
            "direction": ("af bij",), "amount": ("bedrag (eur)",),
        },
        date_format="%Y%m%d",
        decimal=",",
        directions={"af": -1, "bij": 1},
        currency="EUR",
    ),
    Profile(
        # Knab (NL): preamble "KNAB EXPORT", C/D flag, comma decimals
        name="knab",
        headers=("rekeningnummer", "transactiedatum", "valutacode", "creditdebet", "bedrag"),
        columns={
            "date": ("boekdatum", "transactiedatum"), "payee": ("tegenrekeninghouder",),
            "description": ("omschrijving",), "account": ("rekeningnummer",),
            "currency": ("valutacode",), "direction": ("creditdebet",), "amount": ("bedrag",),
            "ref": ("referentie",),
        },
        date_format="%d-%m-%Y",
        decimal=",",
        directions={"d": -1, "c": 1},
    ),
    Profile(
        # BancoPosta (IT): lorenzogiudici5/ofxstatement-bancoposta tests/samples; balance
        # rows carry a stray "|" after the figure
        name="bancoposta",
        headers=("data", "valuta", "addebiti", "accrediti", "descrizione operazioni"),
        columns={
            "date": ("data",), "description": ("descrizione operazioni",),
            "debit": ("addebiti",), "credit": ("accrediti",),
        },
        date_format="%d/%m/%y",
        decimal=",",
        currency="EUR",
    ),
    Profile(
        # ASN Bank (NL), headerless: gpaulissen/ofxstatement-dutch transactie-historie_*.csv
        name="asn",
        first_line=r"^\d{2}-\d{2}-\d{4},NL\d{2}ASNB",
        columns={
            "date": (0,), "account": (1,), "payee": (3,), "currency": (7,), "amount": (10,),
            "description": (17,), "ref": (15,),
        },
        date_format="%d-%m-%Y",
        decimal=".",
    ),
    Profile(
        # easybank (AT) card and giro exports, headerless: nblock/ofxstatement-austrian
        name="easybank",
        first_line=r"^(?:[A-Z]{2}\d{10,}|\d{5,});[^;]*;\d{2}\.\d{2}\.\d{4};\d{2}\.\d{2}\.\d{4};[-+]?[\d.]+,\d{2};[A-Z]{3}",
        columns={"account": (0,), "description": (1,), "date": (2,), "amount": (4,),
                 "currency": (5,)},
        date_format="%d.%m.%Y",
        decimal=",",
    ),
    Profile(
        # Schwab checking: "$1,036.47" amounts, Withdrawal/Deposit columns, newest first
        name="schwab",
        headers=("date", "type", "checknumber", "description", "withdrawal", "deposit",
                 "runningbalance"),
        columns={"date": ("date",), "description": ("description",),
                 "debit": ("withdrawal",), "credit": ("deposit",), "balance": ("runningbalance",)},
        date_format="%m/%d/%Y",
        decimal=".",
        currency="USD",
    ),
)


def by_name(name: str, user: tuple[Profile, ...] = ()) -> Profile | None:
    """The user's or built-in profile called ``name``."""
    for p in (*user, *BUILTIN):
        if p.name == name:
            return p
    return None
