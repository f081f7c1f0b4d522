"""Report: the Excel workbook of one period (``content`` computes, ``workbook`` lays out).

``workbook`` (xlsxwriter) is imported only when a report is written."""

from typing import TYPE_CHECKING, Any

from .content import Period, Report, build, choose_period, month_period, suggestion_id
from .marker import is_recon_report

#: Review choices in the Flags and Suggestions sheets (what ``recon review apply`` reads).
FLAG_CHOICES = ("ok", "dispute", "cancel", "not a subscription")
SUGGESTION_CHOICES = ("add", "not a subscription")

__all__ = ["FLAG_CHOICES", "SUGGESTION_CHOICES", "Period", "Report", "build", "choose_period",
           "is_recon_report",
           "month_period", "suggestion_id", "write"]

if TYPE_CHECKING:
    from .workbook import write


def __getattr__(name: str) -> Any:
    if name == "write":
        from .workbook import write

        return write
    raise AttributeError(f"module 'recon.report' has no attribute {name!r}")
