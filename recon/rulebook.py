"""Loads the workspace's ``rules/*.yaml`` into frozen dataclasses, reporting every mistake.

YAML is read with ruamel.yaml (YAML 1.2: ``NO`` and ``ON`` stay strings) so each value keeps
its line for error messages, and amounts are read from their source text, never as floats.
No module past this one sees a raw YAML dict.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .errors import RulesError
from .parsers.profiles import ROLES, SIGNS, Profile

PROFILE_KEYS = ("name", "headers", "first_line", "columns", "date_format", "decimal", "sign",
                "directions", "skip_status", "currency", "account")


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.version = (1, 2)
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
    """Collects every mistake in a rules file, then raises them together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[tuple[int | None, str]] = []

    def add(self, line: int | None, message: str) -> None:
        self.items.append((line, message))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        first_line, first = self.items[0]
        details = [f"{self.path.name}:{ln}: {msg}" for ln, msg in self.items[1:]]
        raise RulesError(
            first + (f" (and {len(details)} more)" if details else ""),
            path=self.path, line=first_line, details=details,
        )


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),)


def load_profiles(path: Path) -> tuple[Profile, ...]:
    """User statement layouts from ``rules/profiles.yaml`` (a list of profiles)."""
    doc = load_yaml(path)
    if doc is None:
        return ()
    problems = Problems(path)
    if not isinstance(doc, list):
        problems.add(1, "expected a list of profiles (each starting with '- name: ...')")
        problems.raise_if_any()
    profiles = []
    for i, item in enumerate(doc):
        line = line_of(doc, i)
        if not isinstance(item, dict):
            problems.add(line, "each profile must be a mapping with name, headers, columns")
            continue
        for key in item:
            if key not in PROFILE_KEYS:
                problems.add(line_of(item, key), f"unknown key {key!r}: {nearest(key, PROFILE_KEYS)}")
        if "name" not in item:
            problems.add(line, "a profile needs a name")
            continue
        if not item.get("headers") and not item.get("first_line"):
            problems.add(line, f"profile {item['name']!r} needs headers (or first_line)")
        columns: dict[str, tuple[str | int, ...]] = {}
        for role, cols in (item.get("columns") or {}).items():
            if role not in ROLES:
                problems.add(line_of(item["columns"], role),
                             f"unknown column role {role!r}: {nearest(role, ROLES)}")
                continue
            raw = cols if isinstance(cols, list) else [cols]
            columns[role] = tuple(c if isinstance(c, int) else str(c) for c in raw)
        if "date" not in columns:
            problems.add(line, f"profile {item['name']!r} needs columns: {{date: ...}}")
        sign = str(item.get("sign", "signed"))
        if sign not in SIGNS:
            problems.add(line_of(item, "sign"), f"unknown sign {sign!r}: {nearest(sign, SIGNS)}")
        decimal = item.get("decimal")
        if decimal is not None and str(decimal) not in (".", ","):
            problems.add(line_of(item, "decimal"), "decimal must be '.' or ','")
        profiles.append(
            Profile(
                name=str(item["name"]),
                headers=_strings(item.get("headers")),
                first_line=item.get("first_line"),
                columns=columns,
                date_format=item.get("date_format"),
                decimal=str(decimal) if decimal is not None else None,
                sign=sign,
                directions={str(k): int(v) for k, v in (item.get("directions") or {}).items()},
                skip_status=_strings(item.get("skip_status")),
                currency=item.get("currency"),
                account=item.get("account"),
                source=f"{path.name}:{line}",
            )
        )
    problems.raise_if_any()
    return tuple(profiles)


def load_default_currency(path: Path) -> str | None:
    """``currency:`` from ``rules/settings.yaml``: used for statements that name none."""
    doc = load_yaml(path)
    if isinstance(doc, dict) and doc.get("currency"):
        return str(doc["currency"]).upper()
    return None
