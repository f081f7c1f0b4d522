"""Changes recon itself makes to the rules files, keeping the user's comments and order.

New catalogue entries are appended as one-line flow mappings after everything the user
wrote, so not a byte of the existing file changes. The file is replaced atomically.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path

from ..errors import RulesError
from .yamlio import load_yaml

_PLAIN = re.compile(r"^[A-Za-z\u00c0-\uffff][\w .&+'/\u00c0-\uffff-]*$")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def scalar(value: object) -> str:
    """A YAML scalar for ``value``: plain when that reads back as the same string."""
    text = str(value)
    if isinstance(value, int | Decimal) or re.fullmatch(r"-?\d+(\.\d+)?", text) or (
        _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" ")
        and ": " not in text and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_item(fields: dict[str, object], comment: str = "") -> str:
    """``- {name: NOW TV, match: nowtv, amount: 9.99}  # comment``"""
    body = ", ".join(
        f"{k}: [{', '.join(scalar(x) for x in v)}]" if isinstance(v, list | tuple)
        else f"{k}: {scalar(v)}"
        for k, v in fields.items() if v is not None
    )
    return f"- {{{body}}}" + (f"  # {comment}" if comment else "")


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (a half-written file is never seen)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def append_items(path: Path, lines: list[str]) -> None:
    """Append list items (already formatted) to a YAML list file.

    Raises:
        RulesError: the file is not a block list that lines can be appended to.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    doc = load_yaml(path) if path.exists() else None
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
    write_atomic(path, body + "".join(line + "\n" for line in lines))
