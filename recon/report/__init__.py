"""Report: the Excel workbook of one period (``content`` computes, ``workbook`` lays out)."""

from .content import Period, Report, build, choose_period, month_period, suggestion_id
from .marker import is_recon_report
from .workbook import FLAG_CHOICES, SUGGESTION_CHOICES, write

__all__ = ["FLAG_CHOICES", "SUGGESTION_CHOICES", "Period", "Report", "build", "choose_period",
           "is_recon_report",
           "month_period", "suggestion_id", "write"]
