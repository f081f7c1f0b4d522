"""recon: statement reconciliation for recurring charges.

The public API; the ``recon`` command is a thin layer over these functions. Names are
imported on first use (PEP 562), so ``import recon`` and ``recon --help`` stay fast: pandas,
pyarrow, openpyxl and xlsxwriter load only with the code that needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    **dict.fromkeys(("InputError", "LedgerError", "ReconError", "RulesError", "SchemaError"),
                    "recon.errors"),
    **dict.fromkeys(("ParseOptions", "parse_statement"), "recon.parsers"),
    **dict.fromkeys((
        "Analysis", "FileReport", "Renewal", "Workspace", "analyse", "apply_review",
        "build_report", "check_rules", "discover_series", "explain_match", "import_files",
        "init_workspace", "list_flags", "list_transactions", "match_ledger", "open_workspace",
        "upcoming_renewals", "write_report"), "recon.pipeline"),
    "open": "recon.pipeline",
    **dict.fromkeys(("Rulebook", "load_rulebook"), "recon.rulebook"),
}

__all__ = [
    "Analysis", "FileReport", "InputError", "LedgerError", "ParseOptions", "ReconError",
    "Renewal", "Rulebook", "RulesError", "SchemaError", "Workspace", "analyse", "apply_review",
    "build_report", "check_rules", "discover_series", "explain_match", "import_files",
    "init_workspace", "list_flags", "list_transactions", "load_rulebook", "match_ledger",
    "open", "open_workspace", "parse_statement", "upcoming_renewals", "write_report", "__version__",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'recon' has no attribute {name!r}")
    value = getattr(import_module(module), "open_workspace" if name == "open" else name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # what the names are, for type checkers and IDEs
    from .errors import InputError, LedgerError, ReconError, RulesError, SchemaError
    from .parsers import ParseOptions, parse_statement
    from .pipeline import (
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
        open_workspace,
        upcoming_renewals,
        write_report,
    )
    from .rulebook import Rulebook, load_rulebook

    open = open_workspace  # noqa: A001 - recon.open(path), as the README shows
