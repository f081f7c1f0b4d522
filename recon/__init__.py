"""recon: statement reconciliation for recurring charges.

The public API; the ``recon`` command is a thin layer over these functions.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError, LedgerError, ReconError, RulesError, SchemaError  # noqa: E402
from .parsers import ParseOptions, parse_statement  # noqa: E402
from .pipeline import (  # noqa: E402
    Analysis,
    FileReport,
    Renewal,
    Workspace,
    analyse,
    apply_review,
    build_report,
    check_rules,
    discover_series,
    explain_match,
    import_files,
    init_workspace,
    list_flags,
    list_transactions,
    match_ledger,
    upcoming_renewals,
    write_report,
)
from .rulebook import Rulebook, load_rulebook  # noqa: E402

__all__ = [
    "Analysis", "FileReport", "InputError", "LedgerError", "ParseOptions", "ReconError",
    "Renewal", "Rulebook", "RulesError", "SchemaError", "Workspace", "analyse", "apply_review",
    "build_report", "check_rules",
    "discover_series", "explain_match", "import_files", "init_workspace", "list_flags",
    "list_transactions", "load_rulebook", "match_ledger", "parse_statement",
    "upcoming_renewals", "write_report", "__version__",
]
