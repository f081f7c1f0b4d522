"""Lay a ``Report`` out as an Excel workbook (xlsxwriter, constant memory, saved atomically).

Sheets: Summary, Flags, Subscriptions, Upcoming, Suggestions, Transactions. Money is written
as exact decimal numbers with the currency in the number format, dates as real dates. Every
string is written as a string cell - text from a statement that starts with ``=``, ``+``,
``-`` or ``@`` is stored as text with Excel's quote prefix, never as a formula - and
characters XML cannot hold are replaced. A period with more rows than a sheet holds is split
over several Transactions sheets, with a note on the Summary.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter import Workbook
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from .. import __version__, collector, files, money
from . import FLAG_CHOICES, SUGGESTION_CHOICES
from .content import Report
from .marker import mark

#: the control characters XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, without
#: importing openpyxl for it)
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
#: Rows a sheet holds, the header included (Excel's limit; tests lower it).
MAX_ROWS = 1_048_576
MAX_TEXT = 32_767
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

_HEADER_FILL = "#1F3864"
_SEVERITY = {  # fill, font colour
    "high": ("#F8CBAD", "#9C0006"),
    "medium": ("#FFE699", "#7F6000"),
    "low": ("#DDEBF7", "#1F3864"),
}
_RULE = "#D9D9D9"  # the thin line under each table cell
#: Excel's day 0, for the days after its phantom 1900-02-29 (a date is that many days on)
_EPOCH, _SERIAL_FROM = dt.date(1899, 12, 30), dt.date(1900, 3, 1)


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: header, frame column, kind and width bounds."""

    header: str
    key: str
    kind: str = "text"  # text, date, money, int, percent
    width: int = 0  # 0: fit the content
    hidden: bool = False
    wrap: bool = False  # long text wraps inside ``width`` (the row grows, up to MAX_LINES)


def safe_text(value: object) -> str:
    """Text a cell can hold: no XML-illegal characters, at most 32,767 characters. A
    carriage return becomes a line feed (the writer would store it as ``_x000D_``, which
    Excel reads back as a CR but openpyxl and pandas do not)."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def money_format(currency: str) -> str:
    """``#,##0.00 "GBP"`` with the currency's minor digits; negatives in red. A digit's
    width of space closes each section, so the next column's text never touches it."""
    digits = money.exponent(currency) if money.is_currency(currency) else 2
    number = "#,##0" + ("." + "0" * digits if digits else "")
    unit = f' "{currency}"' if currency else ""
    return f'{number}{unit}{PAD};[Red]-{number}{unit}{PAD}'


#: a digit's width of space after a number (a format code), before the next column
PAD = "_0"


#: lines a wrapped cell may take before the row stops growing (the rest stays in the cell)
MAX_LINES = 4
_LINE_HEIGHT = 15  # points per line of 11-point text


_Cell = tuple[Callable[..., int], object, Format]  # a Worksheet.write_* method, value, format
_BLANK = Worksheet.write_blank


class _Formats:
    """Makes cells: each distinct look (kind, currency, bold, wrap, quote prefix, severity)
    is one xlsxwriter format, made once per workbook."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.looks: dict[tuple[object, ...], Format] = {}

    def look(self, look: tuple[object, ...]) -> Format:
        found = self.looks.get(look)
        if found is None:
            found = self.looks[look] = self.wb.add_format(self._properties(look))
        return found

    @staticmethod
    def _properties(look: tuple[object, ...]) -> dict[str, object]:
        kind = look[0]
        ruled: dict[str, object] = {"bottom": 1, "bottom_color": _RULE, "valign": "top"}
        numeric = {**ruled, "align": "right"}  # PAD keeps a gap before the next column
        if kind == "money":
            return {**numeric, "num_format": money_format(str(look[1])), "bold": bool(look[2])}
        if kind == "date":
            return {**ruled, "num_format": "yyyy-mm-dd", "align": "center"}
        if kind == "int":
            return {**numeric, "num_format": f"#,##0{PAD}", "bold": bool(look[1])}
        if kind == "percent":
            return {**numeric, "num_format": f"+0.0%{PAD};-0.0%{PAD}"}
        if kind == "severity":
            fill, colour = _SEVERITY[str(look[1])]
            return {"bottom": 1, "bottom_color": _RULE, "bg_color": fill, "pattern": 1,
                    "bold": True, "font_color": colour, "valign": "top"}
        if kind == "header":
            return {"bold": True, "font_color": "#FFFFFF", "bg_color": _HEADER_FILL,
                    "pattern": 1, "valign": "vcenter"}
        if kind == "title":
            return {"bold": True, "font_size": look[1], "font_color": "#1F3864"}
        if kind == "empty":
            return ruled
        if kind == "rule":  # a conditional format's: borders only
            return {"bottom": 1, "bottom_color": _RULE}
        bold, wrap, quoted = bool(look[1]), bool(look[2]), bool(look[3])  # text
        return {**ruled, "num_format": "@", "bold": bold, "text_wrap": wrap,
                "quote_prefix": quoted}

    def cell(self, value: Any, kind: str = "text", currency: str = "", bold: bool = False,
             wrap: bool = False) -> _Cell:
        """A typed cell: numbers as exact decimals, dates as dates, anything else as a
        string (whatever it starts with: never a formula)."""
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            # a blank cell of a wrapped column wraps what the user types into it (Note)
            return _BLANK, None, self.look(
                ("text", False, True, False) if wrap else ("empty",))
        if kind == "money":
            amount = (money.from_minor(int(value), currency) if money.is_currency(currency)
                      else Decimal(int(value)) / 100)
            return Worksheet.write_number, amount, self.look(("money", currency, bold))
        if kind == "date":
            if isinstance(value, dt.date) and value >= _SERIAL_FROM:  # a serial day, made once
                day = value.date() if isinstance(value, dt.datetime) else value
                return Worksheet.write_number, (day - _EPOCH).days, self.look(("date",))
            return Worksheet.write_datetime, value, self.look(("date",))
        if kind == "int":
            return Worksheet.write_number, int(value), self.look(("int", bold))
        if kind == "percent":
            return Worksheet.write_number, Decimal(value) / 100, self.look(("percent",))
        if kind == "severity" and value in _SEVERITY:
            return Worksheet.write_string, str(value), self.look(("severity", value))
        text = safe_text(value)
        return Worksheet.write_string, text, self.look(
            ("text", bold, wrap, text.startswith(_FORMULA_START)))

    def header(self, text: str) -> _Cell:
        return Worksheet.write_string, text, self.look(("header",))

    def title(self, text: str, size: int = 12) -> _Cell:
        return Worksheet.write_string, text, self.look(("title", size))


class _Sheet:
    """A worksheet written row after row (xlsxwriter's constant-memory mode)."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 0  # the next row, 0-based

    def append(self, cells: Sequence[_Cell], lines: int = 1, blanks: bool = True) -> None:
        """Write a row; without ``blanks``, blank cells are left out (a table's rule under
        them comes from its conditional format, ``_rule``)."""
        ws, row = self.ws, self.row
        if lines > 1:
            ws.set_row(row, _LINE_HEIGHT * lines)
        for col, (write, value, look) in enumerate(cells):
            if blanks or write is not _BLANK:
                write(ws, row, col, value, look)
        self.row += 1


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
    return min(max(longest + 2, 8), 60)


def _lines(text: object, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide (at most
    ``MAX_LINES``)."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(int(width * 1.3) - 2, 1)  # prose is narrower than the digit 0
    lines = sum(-(-max(len(part), 1) // per_line) for part in text.split("\n"))
    return min(lines, MAX_LINES)


def _table(sheet: _Sheet, cells: _Formats, frame: pd.DataFrame, columns: Sequence[Column],
           currency_key: str = "currency", freeze_columns: int = 0,
           first_page: int = 0, empty: str = "") -> int:
    """A header and one row per frame row; widths fit the content, long text wraps. The
    header row (and ``freeze_columns`` columns) stay in view and print on every page; the
    first ``first_page`` columns print on the first page (see ``_print_setup``).
    Returns rows written."""
    ws = sheet.ws
    sample = frame.head(2000)
    widths = []
    for i, column in enumerate(columns):
        width = _fit(sample[column.key] if column.key in sample else [], column.header, column)
        widths.append(0 if column.hidden else width)
        # an empty cell of a wrapped column wraps what the user types into it (a Note)
        typed = cells.look(("text", False, True, False)) if column.wrap else None
        ws.set_column(i, i, width, typed, {"hidden": column.hidden})
    ws.freeze_panes(1, freeze_columns)
    if freeze_columns:
        ws.repeat_columns(0, freeze_columns - 1)
    ws.hide_gridlines(2)
    _print_setup(ws, widths, first_page)
    sheet.append([cells.header(c.header) for c in columns])
    currencies = ([str(c or "") for c in frame[currency_key].tolist()] if currency_key in frame
                  else [""] * len(frame))
    values = [frame[c.key].tolist() if c.key in frame else [None] * len(frame) for c in columns]
    data = [_column(cells, v, c.kind, currencies, c.wrap) for v, c in zip(values, columns,
                                                                          strict=True)]
    wrapped = [(v, w) for v, c, w in zip(values, columns, widths, strict=True) if c.wrap]
    for n, row in enumerate(zip(*data, strict=True)):
        sheet.append(row, max((_lines(v[n], w) for v, w in wrapped), default=1), blanks=False)
    if frame.empty and empty:
        sheet.append([cells.cell(empty)])
    elif not frame.empty:
        _rule(ws, cells, len(frame), len(columns))
    ws.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
    return len(frame)


def _rule(ws: Worksheet, cells: _Formats, rows: int, columns: int) -> None:
    """The thin rule under every cell of a table's ``rows`` rows, empty ones included, as
    one conditional format: an empty cell is then not written at all (a third of a large
    table's cells, and of the time to write it)."""
    ws.conditional_format(1, 0, rows, columns - 1, {
        "type": "formula", "criteria": "=TRUE", "format": cells.look(("rule",))})


#: characters of column width a landscape page holds at 100% (A4 or Letter, 0.5" margins)
PAGE_CHARS = 96  # measured: ~100 in LibreOffice; 4 to spare
#: the smallest print scale: 60% of 11-point text is still read without a magnifier
MIN_SCALE = 60


def _print_setup(ws: Worksheet, widths: Sequence[float], first_page: int) -> None:
    """Print one page wide when the whole table fits at a legible scale; else at the scale
    that fits the first ``first_page`` columns (what to decide on), never below
    ``MIN_SCALE``, the rest on the pages after it (the frozen columns repeat there)."""
    total = sum(widths)
    if total * MIN_SCALE <= PAGE_CHARS * 100:
        ws.fit_to_pages(1, 0)
        return
    key = sum(widths[:first_page]) or total
    ws.set_print_scale(max(MIN_SCALE, min(100, int(PAGE_CHARS * 100 // key))))


def _column(cells: _Formats, values: list[Any], kind: str, currencies: list[str],
            wrap: bool = False) -> list[_Cell]:
    """The cells of one table column; a value repeated down the column (an account, a
    date, a subscription) is made into a cell once."""
    made: dict[tuple[object, ...], _Cell] = {}
    out = []
    for value, currency in zip(values, currencies, strict=True):
        key = (type(value), value, currency if kind == "money" else "")
        cell = made.get(key)
        if cell is None:
            cell = made[key] = cells.cell(value, kind, currency, wrap=wrap)
        out.append(cell)
    return out


def _review(ws: Worksheet, column: int, rows: int, choices: Sequence[str], what: str) -> None:
    """A drop-down of ``choices`` in ``column`` (0-based) of the ``rows`` table rows."""
    ws.data_validation(1, column, max(rows, 1), column, {
        "validate": "list", "source": list(choices), "ignore_blank": True,
        "show_error": True, "error_title": "Review",
        "error_message": f"Choose one of: {', '.join(choices)}",
        "show_input": True, "input_title": "Review", "input_message": f"Your decision on this {what}",
    })


FLAG_COLUMNS = (  # what to decide on first: the Review and Note are on the first screen
    Column("Severity", "severity", "severity"), Column("Type", "type"),
    Column("Date", "posted_date", "date"), Column("Subscription", "subscription", width=20),
    Column("Amount", "amount", "money"), Column("Review", "decision", width=18),
    Column("Note", "note", width=20, wrap=True), Column("Why", "message", width=48, wrap=True),
    Column("Expected", "expected", "money"), Column("Change", "change", "money"),
    Column("Change %", "change_pct", "percent"), Column("Account", "account"),
    Column("Description", "description", width=40), Column("First seen", "first_seen", "date"),
    Column("Flag id", "id", hidden=True),
)
#: 0-based position of the Review column on the Flags sheet
FLAG_REVIEW = next(i for i, c in enumerate(FLAG_COLUMNS) if c.header == "Review")
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
    Column("Charges", "charges", "int"),
    Column("Price history", "prices", width=24, wrap=True),
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
    Column("Subscription", "subscription"),
    Column("Score", "match_score", "int"), Column("Matched by", "match_method"),
    Column("Category", "category"), Column("File", "source_file"), Column("Line", "source_row"),
)


def _flags_frame(report: Report) -> pd.DataFrame:
    flags = report.flags
    return flags.assign(  # amounts signed as everywhere else (a charge is negative)
        amount=flags["amount_minor"], expected=flags["expected_minor"],
        # a charge no entry covers is named by its statement text, not left blank
        subscription=flags["subscription"].where(flags["subscription"].notna(),
                                                 flags["description"]),
        change=flags["change_minor"],
        first_seen=pd.Series([dt.date.fromisoformat(d) if isinstance(d, str) else None
                              for d in flags["first_seen"]], index=flags.index, dtype=object),
    )


def _transactions_frame(part: pd.DataFrame) -> pd.DataFrame:
    """An unlinked row shows no score and no method (not ``0`` and ``none``)."""
    if "match_method" not in part:
        return part
    unlinked = part["match_method"].isna() | part["match_method"].eq("none")
    return part.assign(
        match_method=part["match_method"].where(~unlinked, None),
        match_score=part["match_score"].astype(object).where(~unlinked, None))


def _title(sheet: _Sheet, cells: _Formats, text: str) -> None:
    sheet.append([])
    sheet.append([cells.title(text)])


def _summary(sheet: _Sheet, wb: Workbook, cells: _Formats, report: Report) -> None:
    ws = sheet.ws
    ws.hide_gridlines(2)
    for col, width in enumerate((30, 14, 14, 16, 16, 16, 16)):
        ws.set_column(col, col, width)
    line = sheet.append
    line([cells.title(f"recon report: {report.period.label}", 16)])
    line([cells.cell(f"{report.period.start} to {report.period.end}, as of "
                     f"{report.as_of}; made by recon {__version__}")])

    def heads(*names: str) -> None:
        line([cells.header(n) for n in names])

    _title(sheet, cells, "Statements in the period")
    heads("Account", "Currency", "Rows", "Money in", "Money out", "Net")
    for a in report.accounts.to_dict("records"):
        line([cells.cell(a["account"]), cells.cell(a["currency"]), cells.cell(a["rows"], "int"),
              *(cells.cell(a[k], "money", str(a["currency"]))
                for k in ("money_in", "money_out", "net"))])
    if report.accounts.empty:
        line([cells.cell("no transactions in this period")])

    _title(sheet, cells, "Subscription spend in the period")
    for cur, minor in sorted(report.subscription_spend.items()) or [("", 0)]:
        line([cells.cell(cur or "none linked"), cells.cell(minor, "money", cur, bold=True)])

    _title(sheet, cells, "Open flags")
    severities = ["high", "medium", "low"]
    heads("Type", *severities, "Total")
    counts = report.flag_counts
    for kind in counts.index:
        per = [int(counts.loc[kind].get(s, 0)) for s in severities]
        line([cells.cell(kind), *(cells.cell(n, "int") for n in per),
              cells.cell(sum(per), "int", bold=True)])
    if counts.empty:
        line([cells.cell("nothing needs a look")])
    for d in report.disputes.to_dict("records"):
        line([cells.cell(f"disputed: {d['posted_date']} {d['subscription'] or d['description']}"),
              cells.cell(d["amount_minor"] or None, "money", str(d["currency"])),
              cells.cell(d["note"] or "")])

    _title(sheet, cells, "Annual cost per subscription")
    heads("Subscription", "Category", "Every", "Price", "Annual cost")
    for s in report.annual.to_dict("records"):
        line([cells.cell(s["name"]), cells.cell(s["category"]), cells.cell(s["every"]),
              cells.cell(s["amount"], "money", s["currency"]),
              cells.cell(s["annual"], "money", s["currency"], bold=True)])
    _title(sheet, cells, "Annual cost per category")
    heads("Category", "Currency", "Annual cost")
    for c in report.categories.to_dict("records"):
        line([cells.cell(c["category"]), cells.cell(c["currency"]),
              cells.cell(c["annual"], "money", c["currency"])])
    totals = report.categories.groupby("currency")["annual"].sum()
    for code, total in totals.items():
        line([cells.cell("all subscriptions", bold=True), cells.cell(code),
              cells.cell(total, "money", str(code), bold=True)])

    _title(sheet, cells, "Monthly subscription spend")
    monthly = report.monthly
    currencies = [str(c) for c in monthly.columns]
    heads("Month", *currencies)
    first = sheet.row  # 0-based row of the first month
    for month, values in monthly.iterrows():
        line([cells.cell(month), *(cells.cell(v, "money", c)
                                   for v, c in zip(values.tolist(), currencies, strict=True))])
    if currencies and len(monthly):
        last = first + len(monthly) - 1
        chart = wb.add_chart({"type": "column"})
        for col in range(1, len(currencies) + 1):
            chart.add_series({"name": [ws.name, first - 1, col],
                              "categories": [ws.name, first, 0, last, 0],
                              "values": [ws.name, first, col, last, col]})
        chart.set_title({"name": "Subscription spend per month"})
        chart.set_y_axis({"name": " / ".join(currencies)})
        if len(currencies) == 1:
            chart.set_legend({"none": True})
        chart.set_size({"width": 605, "height": 283})  # 16 x 7.5 cm
        ws.insert_chart("H4", chart)
    for note in report.notes:
        _title(sheet, cells, "Note")
        line([cells.cell(note)])


def _sheet(wb: Workbook, name: str, title: str = "") -> _Sheet:
    """A new sheet that prints (and converts to PDF) landscape, with the header row on
    every page, the report and sheet named at the top and the page number at the foot."""
    ws = wb.add_worksheet(name)
    ws.set_landscape()
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    ws.set_header(f"&L&\"-,Bold\"&A&R{_header_text(title)}")
    ws.set_footer("&CPage &P of &N")
    if name == "Summary":
        ws.fit_to_pages(1, 0)
    else:
        ws.repeat_rows(0)
    return _Sheet(ws)


def _header_text(text: str) -> str:
    return text.replace("&", "&&")


def _chunks(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [frame.iloc[i : i + size] for i in range(0, len(frame), size)] or [frame]


def write(report: Report, path: Path) -> None:
    """Write the workbook to ``path`` atomically (a temp file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(files.temp_beside(path))  # beside the real file: a symlink is written through
    try:
        with collector.paused():  # a cell is a few small objects, never in a cycle
            _write(report, tmp)
        files.install(Path(tmp), path)  # keeps the old report's permissions (not 0600)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write(report: Report, target: str) -> None:
    # constant memory: each row goes to a temporary file as the next begins; strings inline
    wb = Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                           "strings_to_formulas": False, "strings_to_urls": False,
                           "tmpdir": str(Path(target).parent)})
    mark(wb)  # never read back as a statement (marker.is_recon_report)
    cells = _Formats(wb)
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
    title = f"recon report: {report.period.label}"
    _summary(_sheet(wb, "Summary", title), wb, cells, report)

    sheet = _sheet(wb, "Flags", title)
    flags = _flags_frame(report).head(per_sheet)
    _table(sheet, cells, flags, FLAG_COLUMNS, freeze_columns=2, first_page=FLAG_REVIEW + 3,
           empty="no open flags: nothing needs a look")
    _review(sheet.ws, FLAG_REVIEW, len(flags), FLAG_CHOICES, "flag")

    _table(_sheet(wb, "Subscriptions", title), cells, report.subscriptions,
           SUBSCRIPTION_COLUMNS, freeze_columns=1, first_page=len(SUBSCRIPTION_COLUMNS) - 1)
    _table(_sheet(wb, "Upcoming", title), cells, report.upcoming, UPCOMING_COLUMNS,
           empty=f"no renewal due in the reminder window as of {report.as_of}")
    sheet = _sheet(wb, "Suggestions", title)
    suggestions = report.suggestions.assign(review=None)
    _table(sheet, cells, suggestions, SUGGESTION_COLUMNS, freeze_columns=1)
    _review(sheet.ws, 10, len(suggestions), SUGGESTION_CHOICES, "suggestion")
    for i, part in enumerate(parts, 1):
        name = "Transactions" if i == 1 else f"Transactions ({i})"
        _table(_sheet(wb, name, title), cells, _transactions_frame(part), TRANSACTION_COLUMNS)
    try:
        wb.close()
    except XlsxWriterException as exc:  # the file could not be made: an OSError to callers
        raise OSError(str(exc)) from exc
