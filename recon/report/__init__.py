"""Report: the Excel workbook of one period (``content`` computes, ``workbook`` lays out)."""

from .content import Period, Report, build, choose_period, month_period, suggestion_id
from .workbook import FLAG_CHOICES, SUGGESTION_CHOICES, write

__all__ = ["FLAG_CHOICES", "SUGGESTION_CHOICES", "Period", "Report", "build", "choose_period",
           "month_period", "suggestion_id", "write"]
