"""Lay a ``Report`` out as an Excel workbook (openpyxl, write-only, saved atomically).

Sheets: Summary, Flags, Subscriptions, Upcoming, Suggestions, Transactions. Money is written
as exact decimal numbers with the currency in the number format, dates as real dates. Every
string is written as a string cell - text from a statement that starts with ``=``, ``+``,
``-`` or ``@`` is stored as text with Excel's quote prefix, never as a formula - and
characters XML cannot hold are replaced. A period with more rows than a sheet holds is split
over several Transactions sheets, with a note on the Summary.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import __version__, money
from .content import Report

#: Review choices in the Flags and Suggestions sheets (what ``recon review apply`` reads).
FLAG_CHOICES = ("ok", "dispute", "cancel", "not a subscription")
SUGGESTION_CHOICES = ("add", "not a subscription")
#: Rows a sheet holds, the header included (Excel's limit; tests lower it).
MAX_ROWS = 1_048_576
MAX_TEXT = 32_767
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

_HEADER_FILL = PatternFill("solid", start_color="1F3864")
_SEVERITY = {
    "high": (PatternFill("solid", start_color="F8CBAD"), "9C0006"),
    "medium": (PatternFill("solid", start_color="FFE699"), "7F6000"),
    "low": (PatternFill("solid", start_color="DDEBF7"), "1F3864"),
}
_RULE = Border(bottom=Side(style="thin", color="D9D9D9"))


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: header, frame column, kind and width bounds."""

    header: str
    key: str
    kind: str = "text"  # text, date, money, int, percent
    width: int = 0  # 0: fit the content
    hidden: bool = False


def safe_text(value: object) -> str:
    """Text a cell can hold: no XML-illegal characters, at most 32,767 characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def money_format(currency: str) -> str:
    """``#,##0.00 "GBP"`` with the currency's minor digits; negatives in red."""
    digits = money.exponent(currency) if money.is_currency(currency) else 2
    number = "#,##0" + ("." + "0" * digits if digits else "")
    unit = f' "{currency}"' if currency else ""
    return f'{number}{unit};[Red]-{number}{unit}'


class _Cells:
    """Makes styled write-only cells.

    Each distinct look (kind, currency, bold, wrap, quote prefix, severity) is set up once on
    a template cell, with a named style registered once per workbook; every other cell of
    that look shares the template's style array. A write-only sheet serialises a row as it
    is appended, so cells are plain value holders and nothing else touches their style.
    """

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.styles: set[str] = set()
        self.looks: dict[tuple[object, ...], Any] = {}  # look -> StyleArray

    def _style(self, name: str, number_format: str = "General", bold: bool = False,
               wrap: bool = False, align: str | None = None) -> str:
        if name not in self.styles:
            style = NamedStyle(name=name, number_format=number_format, border=_RULE,
                               font=Font(bold=bold), alignment=Alignment(
                                   horizontal=align, vertical="top", wrap_text=wrap))
            self.wb.add_named_style(style)
            self.styles.add(name)
        return name

    def _look(self, ws: Any, look: tuple[object, ...]) -> Any:
        found = self.looks.get(look)
        if found is not None:
            return found
        template = WriteOnlyCell(ws)
        kind = look[0]
        if kind == "money":
            currency, bold = str(look[1]), bool(look[2])
            template.style = self._style(f"recon money {currency}", money_format(currency), bold)
        elif kind == "date":
            template.style = self._style("recon date", "yyyy-mm-dd", align="center")
        elif kind == "int":
            bold = bool(look[1])
            template.style = self._style("recon int" + (" bold" if bold else ""), "#,##0", bold)
        elif kind == "percent":
            template.style = self._style("recon percent", "+0.0%;-0.0%")
        elif kind == "severity":
            fill, colour = _SEVERITY[str(look[1])]
            template.fill, template.font, template.border = fill, Font(bold=True, color=colour), _RULE
        elif kind == "empty":
            template.style = self._style("recon text")
        else:  # text
            bold, wrap, quoted = bool(look[1]), bool(look[2]), bool(look[3])
            template.style = self._style("recon text" + (" bold" if bold else "")
                                         + (" wrap" if wrap else ""), "@", bold, wrap)
            if quoted:
                template.quotePrefix = True
        self.looks[look] = template._style
        return template._style

    def _made(self, ws: Any, value: Any, data_type: str, look: tuple[object, ...]) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws)
        cell._value, cell.data_type = value, data_type  # typed here: no guessing, no formula
        cell._style = self._look(ws, look)
        return cell

    def cell(self, ws: Any, value: Any, kind: str = "text", currency: str = "",
             bold: bool = False, wrap: bool = False) -> WriteOnlyCell:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return self._made(ws, None, "n", ("empty",))
        if kind == "money":
            amount = (money.from_minor(int(value), currency) if money.is_currency(currency)
                      else Decimal(int(value)) / 100)
            return self._made(ws, amount, "n", ("money", currency, bold))
        if kind == "date":
            return self._made(ws, value, "d", ("date",))
        if kind == "int":
            return self._made(ws, int(value), "n", ("int", bold))
        if kind == "percent":
            return self._made(ws, Decimal(value) / 100, "n", ("percent",))
        if kind == "severity" and value in _SEVERITY:
            return self._made(ws, str(value), "s", ("severity", value))
        text = safe_text(value)  # a string, whatever it starts with: never a formula
        return self._made(ws, text, "s", ("text", bold, wrap, text.startswith(_FORMULA_START)))

    def header(self, ws: Any, text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        return cell


def _fit(values: Iterable[Any], header: str, column: Column) -> float:
    if column.width:
        return column.width
    longest = len(header)
    for value in values:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        if column.kind == "date":
            longest = max(longest, 11)
        elif column.kind == "money":
            longest = max(longest, len(f"{abs(int(value)):,}") + 6)  # digits, mark, code
        else:
            longest = max(longest, len(str(value)))
    return min(max(longest + 2, 8), 120 if column.key == "message" else 60)


def _table(ws: Any, cells: _Cells, frame: pd.DataFrame, columns: Sequence[Column],
           currency_key: str = "currency") -> int:
    """A header and one row per frame row; widths fit the content. Returns rows written."""
    sample = frame.head(2000)
    for i, column in enumerate(columns, 1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = _fit(sample[column.key] if column.key in sample else [], column.header,
                         column)
        dim.hidden = column.hidden
    ws.freeze_panes = "A2"  # the sheet view goes out with the first row: set it before
    ws.sheet_view.showGridLines = False
    ws.append([cells.header(ws, c.header) for c in columns])
    currencies = frame[currency_key].tolist() if currency_key in frame else [""] * len(frame)
    data = [frame[c.key].tolist() if c.key in frame else [None] * len(frame) for c in columns]
    for r in range(len(frame)):
        cur = str(currencies[r] or "")
        ws.append([cells.cell(ws, data[i][r], c.kind, cur) for i, c in enumerate(columns)])
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{max(len(frame) + 1, 2)}"
    return len(frame)


def _review(ws: Any, column: int, rows: int, choices: Sequence[str], what: str) -> None:
    letter = get_column_letter(column)
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Review",
                        error=f"Choose one of: {', '.join(choices)}", promptTitle="Review",
                        prompt=f"Your decision on this {what}", showInputMessage=True)
    dv.add(f"{letter}2:{letter}{max(rows + 1, 2)}")
    ws.data_validations.append(dv)


FLAG_COLUMNS = (
    Column("Severity", "severity", "severity"), Column("Type", "type"), Column("Date", "posted_date", "date"),
    Column("Account", "account"), Column("Description", "description", width=40),
    Column("Amount", "amount", "money"), Column("Expected", "expected", "money"),
    Column("Change", "change", "money"), Column("Change %", "change_pct", "percent"),
    Column("Subscription", "subscription"), Column("Why", "message"),
    Column("Review", "decision", width=20), Column("Note", "note", width=30),
    Column("First seen", "first_seen", "date"), Column("Flag id", "id", hidden=True),
)
SUGGESTION_COLUMNS = (
    Column("Name", "name"), Column("Match", "match"), Column("Amount", "amount", "money"),
    Column("Every", "every"), Column("Account", "account"), Column("Charges", "charges", "int"),
    Column("First", "first", "date"), Column("Last", "last", "date"),
    Column("Next expected", "next_expected", "date"), Column("Example", "example", width=40),
    Column("Review", "review", width=20), Column("Suggestion id", "id", hidden=True),
)
SUBSCRIPTION_COLUMNS = (
    Column("Name", "name"), Column("Status", "status"), Column("Category", "category"),
    Column("Every", "every"), Column("Price", "amount", "money"), Column("Account", "account"),
    Column("Last charge", "last_charge", "date"), Column("Next expected", "next_expected", "date"),
    Column("Cancel by", "cancel_by", "date"), Column("Annual cost", "annual", "money"),
    Column("Charges", "charges", "int"), Column("Price history", "prices", width=45),
    Column("Defined at", "source"),
)
UPCOMING_COLUMNS = (
    Column("Date", "date", "date"), Column("Subscription", "name"), Column("Every", "every"),
    Column("Amount", "amount", "money"), Column("Account", "account"),
    Column("Cancel by", "cancel_by", "date"),
)
TRANSACTION_COLUMNS = (
    Column("Date", "posted_date", "date"), Column("Account", "account"),
    Column("Description", "description_raw", width=45), Column("Amount", "amount_minor", "money"),
    Column("Currency", "currency"), Column("Subscription", "subscription"),
    Column("Score", "match_score", "int"), Column("Matched by", "match_method"),
    Column("Category", "category"), Column("File", "source_file"), Column("Line", "source_row"),
)


def _flags_frame(report: Report) -> pd.DataFrame:
    flags = report.flags
    return flags.assign(
        amount=flags["amount_minor"].abs(), expected=flags["expected_minor"],
        change=flags["change_minor"],
        first_seen=pd.Series([dt.date.fromisoformat(d) if isinstance(d, str) else None
                              for d in flags["first_seen"]], index=flags.index, dtype=object),
    )


def _title(ws: Any, cells: _Cells, text: str, row: int) -> int:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = Font(bold=True, size=12, color="1F3864")
    ws.append([])
    ws.append([cell])
    return row + 2


def _summary(ws: Any, cells: _Cells, report: Report) -> None:
    ws.sheet_view.showGridLines = False
    for letter, width in zip("ABCDEFG", (30, 14, 14, 16, 16, 16, 16), strict=True):
        ws.column_dimensions[letter].width = width
    head = WriteOnlyCell(ws, value=f"recon report: {report.period.label}")
    head.font = Font(bold=True, size=16, color="1F3864")
    ws.append([head])
    ws.append([cells.cell(ws, f"{report.period.start} to {report.period.end}, as of "
                          f"{report.as_of}; made by recon {__version__}")])
    row = 2

    def line(*values: Any) -> None:
        nonlocal row
        ws.append(list(values))
        row += 1

    def heads(*names: str) -> None:
        line(*(cells.header(ws, n) for n in names))

    row = _title(ws, cells, "Statements in the period", row)
    heads("Account", "Currency", "Rows", "Money in", "Money out", "Net")
    for a in report.accounts.to_dict("records"):
        line(cells.cell(ws, a["account"]), cells.cell(ws, a["currency"]),
             cells.cell(ws, a["rows"], "int"),
             *(cells.cell(ws, a[k], "money", str(a["currency"]))
               for k in ("money_in", "money_out", "net")))
    if report.accounts.empty:
        line(cells.cell(ws, "no transactions in this period"))

    row = _title(ws, cells, "Subscription spend in the period", row)
    for cur, minor in sorted(report.subscription_spend.items()) or [("", 0)]:
        line(cells.cell(ws, cur or "none linked"), cells.cell(ws, minor, "money", cur, bold=True))

    row = _title(ws, cells, "Open flags", row)
    severities = [s for s in ("high", "medium", "low")]
    heads("Type", *severities, "Total")
    counts = report.flag_counts
    for kind in counts.index:
        per = [int(counts.loc[kind].get(s, 0)) for s in severities]
        line(cells.cell(ws, kind), *(cells.cell(ws, n, "int") for n in per),
             cells.cell(ws, sum(per), "int", bold=True))
    if counts.empty:
        line(cells.cell(ws, "nothing needs a look"))
    for d in report.disputes.to_dict("records"):
        line(cells.cell(ws, f"disputed: {d['posted_date']} {d['subscription'] or d['description']}"),
             cells.cell(ws, d["note"] or ""))

    row = _title(ws, cells, "Annual cost per subscription", row)
    heads("Subscription", "Category", "Every", "Price", "Annual cost")
    for s in report.annual.to_dict("records"):
        line(cells.cell(ws, s["name"]), cells.cell(ws, s["category"]), cells.cell(ws, s["every"]),
             cells.cell(ws, s["amount"], "money", s["currency"]),
             cells.cell(ws, s["annual"], "money", s["currency"], bold=True))
    row = _title(ws, cells, "Annual cost per category", row)
    heads("Category", "Currency", "Annual cost")
    for c in report.categories.to_dict("records"):
        line(cells.cell(ws, c["category"]), cells.cell(ws, c["currency"]),
             cells.cell(ws, c["annual"], "money", c["currency"]))
    totals = report.categories.groupby("currency")["annual"].sum()
    for code, total in totals.items():
        line(cells.cell(ws, "all subscriptions", bold=True), cells.cell(ws, code),
             cells.cell(ws, total, "money", str(code), bold=True))

    row = _title(ws, cells, "Monthly subscription spend", row)
    monthly = report.monthly
    currencies = [str(c) for c in monthly.columns]
    heads("Month", *currencies)
    first = row + 1
    for month, values in monthly.iterrows():
        line(cells.cell(ws, month), *(cells.cell(ws, v, "money", c)
                                      for v, c in zip(values.tolist(), currencies, strict=True)))
    if currencies:
        chart = BarChart()
        chart.title = "Subscription spend per month"
        chart.y_axis.title = " / ".join(currencies)
        chart.legend = None if len(currencies) == 1 else chart.legend
        chart.height, chart.width = 7.5, 16
        data = Reference(ws, min_col=2, max_col=1 + len(currencies), min_row=first - 1,
                         max_row=first + len(monthly) - 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=first,
                                       max_row=first + len(monthly) - 1))
        ws.add_chart(chart, "H4")
    for note in report.notes:
        row = _title(ws, cells, "Note", row)
        line(cells.cell(ws, note))


def _sheet(wb: Workbook, name: str) -> Any:
    """A new sheet that prints (and converts to PDF) landscape, one page wide."""
    ws = wb.create_sheet(name)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if name != "Summary":
        ws.print_title_rows = "1:1"
    return ws


def _chunks(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [frame.iloc[i : i + size] for i in range(0, len(frame), size)] or [frame]


def write(report: Report, path: Path) -> None:
    """Write the workbook to ``path`` atomically (a temp file renamed into place)."""
    wb = Workbook(write_only=True)
    cells = _Cells(wb)
    per_sheet = MAX_ROWS - 1
    parts = _chunks(report.transactions, per_sheet)
    if len(parts) > 1:
        report.notes.append(
            f"The period has {len(report.transactions):,} transactions, more than one sheet "
            f"holds ({per_sheet:,}); they are split over {len(parts)} Transactions sheets.")
    flags_over = len(report.flags) > per_sheet
    if flags_over:
        report.notes.append(f"Only the {per_sheet:,} most severe of {len(report.flags):,} "
                            "flags fit on the Flags sheet; see `recon flags` for all.")
    _summary(_sheet(wb, "Summary"), cells, report)

    ws = _sheet(wb, "Flags")
    flags = _flags_frame(report).head(per_sheet)
    _table(ws, cells, flags, FLAG_COLUMNS)
    _review(ws, 12, len(flags), FLAG_CHOICES, "flag")

    _table(_sheet(wb, "Subscriptions"), cells, report.subscriptions, SUBSCRIPTION_COLUMNS)
    _table(_sheet(wb, "Upcoming"), cells, report.upcoming, UPCOMING_COLUMNS)
    ws = _sheet(wb, "Suggestions")
    suggestions = report.suggestions.assign(review=None)
    _table(ws, cells, suggestions, SUGGESTION_COLUMNS)
    _review(ws, 11, len(suggestions), SUGGESTION_CHOICES, "suggestion")
    for i, part in enumerate(parts, 1):
        name = "Transactions" if i == 1 else f"Transactions ({i})"
        _table(_sheet(wb, name), cells, part, TRANSACTION_COLUMNS)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
