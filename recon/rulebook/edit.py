"""Changes recon itself makes to the rules files, keeping the user's comments and order.

New catalogue entries and rules are appended as one-line flow mappings after everything the
user wrote, so not a byte of the existing file changes. A changed key of an existing entry
(``amount``, ``status``...) is edited in place at the position ruamel.yaml reports for it, so
the rest of the line - alignment, quoting, comments - stays as the user wrote it; when the
result does not read back as intended (an unusual layout), the file is written by ruamel's
round-trip dumper instead, which keeps comments and order but not alignment.

``appended`` and ``with_fields`` work on a file's text, so that several edits of one file
are made in memory and written together (``recon review apply`` writes them with its
decisions, see ``journal``); ``append_items`` and ``set_fields`` edit a file in place, and
files are replaced in one step through ``files.replace_text`` (symlinks written through,
permissions kept).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError

from .. import files
from ..errors import RulesError
from .yamlio import _yaml

_PLAIN = re.compile(r"^[A-Za-z\u00c0-\uffff][\w .&+'/\u00c0-\uffff-]*$")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def scalar(value: object) -> str:
    """A YAML scalar for ``value``: plain when that reads back as the same string."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, int | Decimal) or re.fullmatch(r"-?\d+(\.\d+)?", text) or (
        _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" ")
        and ": " not in text and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: object) -> str:
    """``value`` in YAML flow style: scalars, ``[...]`` lists and ``{...}`` mappings."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items() if v is not None) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(x) for x in value) + "]"
    return scalar(value)


def flow_item(fields: dict[str, object], comment: str = "") -> str:
    """``- {name: NOW TV, match: nowtv, amount: 9.99}  # comment``"""
    return f"- {flow(fields)}" + (f"  # {comment}" if comment else "")


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (a half-written file is never seen; a
    symlink is written through; permissions are kept)."""
    files.replace_text(path, text)


def _load(text: str, path: Path) -> Any:
    """``text`` (the content of ``path``) parsed with line marks; '' is an empty document."""
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RulesError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path=path,
                         line=mark.line + 1 if mark else None) from exc


def append_items(path: Path, lines: list[str]) -> None:
    """Append list items (already formatted) to a YAML list file.

    Raises:
        RulesError: the file is not a block list that lines can be appended to.
    """
    write_atomic(path, appended(files.read_text(path) or "", path, lines))


def appended(text: str, path: Path, lines: list[str]) -> str:
    """``text`` (of the list file ``path``) with list items appended.

    Raises:
        RulesError: the text is not a block list that lines can be appended to.
    """
    doc = _load(text, path) if text else None
    if doc is not None and not isinstance(doc, list):
        raise RulesError("expected a list of subscriptions", path=path, line=1)
    body = text
    if doc is not None and not doc and re.search(r"^\[\]\s*$", text, re.M):
        body = re.sub(r"^\[\]\s*$\n?", "", text, count=1, flags=re.M)  # an empty `[]` list
    elif doc is not None and getattr(getattr(doc, "fa", None), "flow_style", lambda: False)():
        raise RulesError("cannot append to a list written in [...] style", path=path, line=1,
                         hint="write the list as lines starting with '- '")
    if body and not body.endswith("\n"):
        body += "\n"
    return body + "".join(line + "\n" for line in lines)


# --- editing one entry in place ----------------------------------------------------------


def _plain(value: Any) -> Any:
    """ruamel nodes as plain Python values, for comparing two readings of a file."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _read_back(text: str) -> Any:
    try:
        return _plain(_yaml().load(text))
    except YAMLError:
        return None


def _find(doc: Any, name: str, path: Path) -> int:
    for i, item in enumerate(doc if isinstance(doc, list) else []):
        if isinstance(item, dict) and str(item.get("name", "")).casefold() == name.casefold():
            return i
    raise RulesError(f"no subscription named {name!r} in {path.name}", path=path)


def _skip_quoted(text: str, i: int) -> int:
    quote = text[i]
    i += 1
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return i


def _value_end(text: str, start: int, in_flow: bool) -> int:
    """Offset just past the value that starts at ``start`` (a scalar or a flow collection)."""
    if text[start] in "\"'":
        return _skip_quoted(text, start)
    if text[start] in "[{":
        depth, i = 0, start
        while i < len(text):
            c = text[i]
            if c in "\"'":
                i = _skip_quoted(text, i)
                continue
            depth += (c in "[{") - (c in "]}")
            i += 1
            if depth == 0:
                return i
        return i
    stop = re.compile(r"[,}\]]|\s#|\n" if in_flow else r"\s#|\n")
    found = stop.search(text, start)
    end = found.start() if found else len(text)
    return len(text[start:end].rstrip()) + start


def _offset(lines: list[str], line: int, col: int) -> int:
    return sum(len(x) for x in lines[:line]) + col


def _edit_text(text: str, doc: Any, index: int, fields: dict[str, object]) -> str:
    """The file with ``fields`` set on entry ``index``, edited at ruamel's positions."""
    entry = doc[index]
    in_flow = bool(entry.fa.flow_style())
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    new: dict[str, object] = {}
    for key, value in fields.items():
        if key in entry:
            start = _offset(lines, *entry.lc.value(key))
            edits.append((start, _value_end(text, start, in_flow), flow(value)))
        else:
            new[key] = value
    if new:
        if in_flow:
            opening = _offset(lines, entry.lc.line, entry.lc.col)
            closing = _value_end(text, opening, True) - 1
            at = len(text[:closing].rstrip())
            edits.append((at, at, "".join(f", {k}: {flow(v)}" for k, v in new.items())))
        else:
            indent = entry.lc.col
            following = doc.lc.item(index + 1)[0] if index + 1 < len(doc) else len(lines)
            last = following - 1
            while last > entry.lc.line and not lines[last].split("#")[0].strip():
                last -= 1
            at = _offset(lines, last + 1, 0)
            lead = "" if text[:at].endswith("\n") or not at else "\n"
            edits.append((at, at, lead + "".join(
                f"{' ' * indent}{k}: {flow(v)}\n" for k, v in new.items())))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _dumped(doc: Any, index: int, fields: dict[str, object]) -> str:
    """The file written by ruamel's round-trip dumper with ``fields`` set (the fallback)."""
    y = _yaml()
    y.width = 4096
    y.representer.add_representer(
        Decimal, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", str(d)))
    for key, value in fields.items():
        doc[index][key] = _yaml().load(f"v: {flow(value)}")["v"]
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()


def set_fields(path: Path, name: str, fields: dict[str, object]) -> None:
    """Set keys of the catalogue entry called ``name`` in ``path`` (in place, atomically).

    Raises:
        RulesError: the file does not read, or holds no entry of that name.
    """
    write_atomic(path, with_fields(files.read_text(path) or "", path, name, fields))


def with_fields(text: str, path: Path, name: str, fields: dict[str, object]) -> str:
    """``text`` (of the catalogue file ``path``) with keys of the entry ``name`` set.

    Raises:
        RulesError: the text does not read, or holds no entry of that name.
    """
    doc = _load(text, path)
    index = _find(doc, name, path)
    wanted = _plain(doc)
    for key, value in fields.items():
        wanted[index][key] = _read_back(f"v: {flow(value)}")["v"]
    try:
        result = _edit_text(text, doc, index, fields)
    except (KeyError, IndexError, TypeError, AttributeError):
        result = ""
    if _read_back(result) != wanted:
        result = _dumped(_load(text, path), index, fields)
    if _read_back(result) != wanted:  # pragma: no cover - the dumper reads back by design
        raise RulesError(f"could not update {name!r}", path=path)
    return result
