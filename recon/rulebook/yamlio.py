"""Reading YAML for the rules files: line marks, exact numbers, and collected problems.

YAML is read with ruamel.yaml (YAML 1.2: ``NO`` and ``ON`` stay strings) so each value keeps
its line for error messages. Numbers with a fraction are built as ``Decimal`` from their
source text, never as floats, so ``amount: 10.99`` is exactly 10.99.
"""

from __future__ import annotations

import difflib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError

from ..errors import RulesError


class _ExactConstructor(RoundTripConstructor):
    """Round-trip constructor that reads ``10.99`` as ``Decimal("10.99")``."""


def _exact_float(self: RoundTripConstructor, node: object) -> Decimal | str:
    text = str(getattr(node, "value", "")).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return value if value.is_finite() else text


_ExactConstructor.add_constructor("tag:yaml.org,2002:float", _exact_float)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.version = (1, 2)
    y.Constructor = _ExactConstructor
    return y


def load_yaml(path: Path) -> Any:
    """Parse one YAML file, keeping line marks. A missing file is an empty document."""
    if not path.exists():
        return None
    try:
        return _yaml().load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RulesError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from exc
    except UnicodeDecodeError as exc:
        raise RulesError("rules files must be UTF-8", path=path) from exc


def line_of(node: Any, key: str | int | None = None) -> int | None:
    """1-based line of a mapping key or sequence item in a ruamel node."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is None:
            return int(lc.line) + 1
        if isinstance(key, int):
            return int(lc.item(key)[0]) + 1
        return int(lc.key(key)[0]) + 1
    except (KeyError, IndexError, TypeError):
        return int(lc.line) + 1


def nearest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """``", did you mean 'amount'?"`` for a near miss, else the list of valid words."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.5)
    if close:
        return f"did you mean {close[0]!r}?"
    return "valid: " + ", ".join(choices)


class Problems:
    """Collects every mistake in the rules files, then raises them together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[tuple[Path, int | None, str]] = []

    def add(self, line: int | None, message: str, path: Path | None = None) -> None:
        self.items.append((path or self.path, line, message))

    def lines(self) -> list[str]:
        """Each problem as ``file:line: message``."""
        return [f"{p.name}:{ln}: {msg}" if ln else f"{p.name}: {msg}" for p, ln, msg in self.items]

    def raise_if_any(self) -> None:
        if not self.items:
            return
        path, first_line, first = self.items[0]
        details = self.lines()[1:]
        raise RulesError(
            first + (f" (and {len(details)} more)" if details else ""),
            path=path, line=first_line, details=details,
        )


def load_list(path: Path, problems: Problems, what: str,
              _seen: tuple[Path, ...] = ()) -> list[tuple[Any, Path, int | None]]:
    """The items of a YAML list file, each with its file and line; ``- include: other.yaml``
    items are replaced by the items of that file (relative to this one)."""
    doc = load_yaml(path)
    if doc is None:
        return []
    if not isinstance(doc, list):
        problems.add(1, f"expected a list of {what} (each starting with '- ')", path)
        return []
    out: list[tuple[Any, Path, int | None]] = []
    for i, item in enumerate(doc):
        line = line_of(doc, i)
        if isinstance(item, dict) and "include" in item:
            target = (path.parent / str(item["include"])).resolve()
            if len(item) > 1:
                problems.add(line, "an include item has only the key 'include'", path)
            if target in _seen or target == path.resolve():
                problems.add(line, f"include {item['include']!r} includes itself", path)
            elif not target.exists():
                problems.add(line, f"include {item['include']!r}: no such file", path)
            else:
                out.extend(load_list(target, problems, what, (*_seen, path.resolve())))
            continue
        out.append((item, path, line))
    return out
