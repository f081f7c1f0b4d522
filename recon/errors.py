"""The error types users see.

Library code raises these; only ``cli.py`` turns them into a message and an exit code.
A ``ReconError`` carries its location and context as fields and renders them in the
hledger-style layout: location first, then the excerpt, what was expected and a hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ReconError(Exception):
    """Bad input from the user: a statement, a rules file or an option."""

    message: str
    path: str | Path | None = None
    line: int | str | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    hint: str | None = None
    details: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        loc = Path(self.path).name
        if self.line is not None:
            loc += f":{self.line}"
        return loc

    def headline(self) -> str:
        """The one-line form: ``file:line: message (expected ...)``."""
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return text

    def __str__(self) -> str:
        lines = [self.headline()]
        if self.value is not None:
            lines.append(f"  row: {self.value[:200]}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        lines.extend(f"  {d}" for d in self.details)
        return "\n".join(lines)


class InputError(ReconError):
    """A statement file that cannot be read as a statement."""


class RulesError(ReconError):
    """A rules, catalogue, settings or profiles file with mistakes."""


class SchemaError(ReconError):
    """A frame that does not have the canonical columns."""


class LedgerError(ReconError):
    """The ledger cannot be opened or written (locked, not a recon ledger)."""
