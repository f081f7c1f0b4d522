"""recon: statement reconciliation for recurring charges.

The public API; the ``recon`` command is a thin layer over these functions.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError, LedgerError, ReconError, RulesError, SchemaError  # noqa: E402
from .parsers import ParseOptions, parse_statement  # noqa: E402
from .pipeline import (  # noqa: E402
    FileReport,
    Workspace,
    import_files,
    init_workspace,
    list_transactions,
)

__all__ = [
    "FileReport", "InputError", "LedgerError", "ParseOptions", "ReconError", "RulesError",
    "SchemaError", "Workspace", "import_files", "init_workspace", "list_transactions",
    "parse_statement", "__version__",
]
