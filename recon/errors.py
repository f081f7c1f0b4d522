"""The error types users see.

Library code raises these; only ``cli.py`` turns them into a message and an exit code.
A ``ReconError`` carries its location and context as fields and renders them in the
hledger-style layout: location first, then the excerpt, what was expected and a hint.

Output cannot lie: every part of a rendered error passes through :func:`shown`, which
escapes the characters a terminal would act on (a file name holding a newline cannot print
a fake ``Error:`` line); :func:`command` shell-quotes a suggested command; :func:`cause`
turns a caught exception into its real cause in words, never ``()`` or ``(ValueError)``.
The CLI uses ``shown`` for every file name and statement text it prints itself.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

# Characters a terminal acts on instead of showing: C0/C1 controls and DEL (escape sequences,
# carriage return, backspace, newline), the line and paragraph separators, and the
# bidirectional overrides that reorder what is shown ("Trojan Source").
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    char = m.group(0)
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def shown(text: object) -> str:
    """``text`` (a file name, a path, statement text) safe to print on a terminal.

    Control characters are shown as escapes (``\\n``, ``\\x1b``, ``\\u202e``), never sent:
    a file name holding a newline cannot start a fake ``Error:`` line, and one holding
    escape codes cannot recolour or clear the screen.
    """
    return _UNSAFE.sub(_escape, str(text))


def command(*words: object) -> str:
    """A command line the user can paste: every word shell-quoted (``shlex.quote``); a word
    with control characters is written as ``$'...'`` (bash/zsh) so it stays on one line."""
    out = []
    for word in map(str, words):
        if _UNSAFE.search(word):
            body = _UNSAFE.sub(_escape, word.replace("\\", "\\\\").replace("'", "\\'"))
            out.append(f"$'{body}'")
        else:
            out.append(shlex.quote(word))
    return " ".join(out)


def _humanised(name: str) -> str:
    """``BadZipFile`` -> ``bad zip file``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


#: Causes whose own text is empty or a repr, said in words (matched by class name, so this
#: module imports no parser library).
_CAUSES = {
    "MemoryError": "too large to read in memory",
    "RecursionError": "nested too deeply",
    "EntitiesForbidden": "it declares the XML entity {name!r} (refused: entities can expand "
                         "without bound)",
    "DTDForbidden": "it has an XML document type declaration (refused)",
    "ExternalReferenceForbidden": "it refers to an outside file or address {system_id!r} "
                                  "(refused)",
}


def _innermost(exc: BaseException) -> BaseException:
    seen = {id(exc)}
    while True:
        nxt = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        if nxt is None or id(nxt) in seen or len(seen) > 20:
            return exc
        seen.add(id(nxt))
        exc = nxt


def cause(exc: BaseException) -> str:
    """The real cause of ``exc`` in words, for a message: the innermost exception of the
    chain (``raise ... from``), its own text where it has one, never an empty ``()`` or a
    bare class name such as ``ValueError``."""
    inner = _innermost(exc)
    name = type(inner).__name__
    if name in _CAUSES:
        fields = {k: getattr(inner, k, None) for k in ("name", "system_id")}
        return shown(_CAUSES[name].format(**fields))
    if isinstance(inner, KeyError) and inner.args:
        return shown(f"missing {inner.args[0]!r}")
    text = str(inner).strip()
    if text.startswith(f"{name}(") or not text.strip("()'\" "):
        text = ""
    first = text.splitlines()[0].strip() if text else ""
    return shown(first[:300] or _humanised(name))


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
        """The one-line form: ``file:line: message (expected ...)``, control characters
        escaped (see :func:`shown`)."""
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return shown(text)

    def __str__(self) -> str:
        lines = [self.headline()]
        if self.value is not None:
            lines.append(f"  row: {shown(str(self.value)[:200])}")
        if self.hint:
            lines.append(f"  hint: {shown(self.hint)}")
        lines.extend(f"  {shown(d)}" for d in self.details)
        return "\n".join(lines)


class InputError(ReconError):
    """A statement file that cannot be read as a statement."""


class RulesError(ReconError):
    """A rules, catalogue, settings or profiles file with mistakes."""


class SchemaError(ReconError):
    """A frame that does not have the canonical columns."""


class LedgerError(ReconError):
    """The ledger cannot be opened or written (locked, not a recon ledger)."""
