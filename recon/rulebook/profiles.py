"""``rules/profiles.yaml``: the user's own statement layouts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .layouts import ROLES, SIGNS, Profile
from .yamlio import Problems, line_of, load_yaml, nearest

PROFILE_KEYS = ("name", "headers", "first_line", "columns", "date_format", "decimal", "sign",
                "directions", "skip_status", "currency", "account", "date_order")


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
        date_order = item.get("date_order")
        if date_order is not None and str(date_order).upper() not in ("DMY", "MDY", "YMD"):
            problems.add(line_of(item, "date_order"), "date_order must be DMY, MDY or YMD")
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
                date_order=str(date_order).upper() if date_order is not None else None,
            )
        )
    problems.raise_if_any()
    return tuple(profiles)
