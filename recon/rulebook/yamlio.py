"""Reading YAML for the rules files: line marks, exact numbers, and collected problems.

YAML is read with ruamel.yaml (YAML 1.2: ``NO`` and ``ON`` stay strings) so each value keeps
its line for error messages. Numbers with a fraction are built as ``Decimal`` from their
source text, never as floats, so ``amount: 10.99`` is exactly 10.99.

Rules files are hand-written text, so the reader bounds the work any file can cause, each
limit refused in one line naming the file, the line and the limit:

- a file is a regular file of at most ``MAX_BYTES`` with the files it includes (a FIFO or
  a device is never opened for a blocking read), and holds at most ``MAX_VALUES`` values;
- aliases (``*name``) may repeat at most ``MAX_ALIAS_VALUES`` values in all (a "billion
  laughs" file repeats an anchor of anchors until it is billions of values), and an alias
  inside its own anchor is refused;
- nesting is at most ``MAX_DEPTH`` levels;
- only the plain YAML types are read: an explicit tag such as ``!!python/object`` or
  ``!custom`` is refused, never constructed;
- ``- include: FILE`` names a regular file inside the workspace, each file at most once,
  ``MAX_INCLUDES`` files in all.
"""

from __future__ import annotations

import difflib
import os
import stat
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter

from ..errors import RulesError, shown

#: Largest rules file, counting the files it includes (a hand-written catalogue is a few KB;
#: 3,000 entries are ~250 KB). ruamel reads ~100 KB a second, so this bounds the time too.
MAX_BYTES = 256 << 10
#: Most values (texts, numbers, lists, mappings) in one file.
MAX_VALUES = 50_000
#: Values that aliases may repeat in one file, counted as the aliased value expands.
MAX_ALIAS_VALUES = 10_000
#: Deepest nesting of lists and mappings (conditions nest any/all/not a few levels).
MAX_DEPTH = 64
#: Files that ``include:`` may bring into one rules file, counting nested includes.
MAX_INCLUDES = 100
#: The plain YAML 1.2 types (and ``<<`` merge keys); any other explicit tag is refused.
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in (
    "str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge"))
_DIGITS = 40  # integers longer than this stay text (the readers refuse them by range)


class _Refused(YAMLError):
    """A limit of the reader, with the 1-based line where it was reached (a ``YAMLError``,
    so callers that load fragments with ``_yaml()`` treat it as unreadable YAML)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message, self.line = message, line


class _BoundedComposer(Composer):
    """Composer that refuses explicit non-plain tags, recursive aliases and aliases that
    repeat more than ``MAX_ALIAS_VALUES`` values."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False  # YAML allows redefining an anchor; no stderr noise
        self._open: set[str] = set()
        self._sizes: dict[int, int] = {}
        self._repeated = 0
        self._values = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):
            if event.anchor in self._open:
                raise _Refused(f"alias *{event.anchor} is inside its own anchor "
                               f"&{event.anchor} (a value cannot contain itself)", line)
            node = super().compose_node(parent, index)
            self._repeated += self._size(node)
            if self._repeated > MAX_ALIAS_VALUES:
                raise _Refused(f"aliases (*{event.anchor}) repeat more than "
                               f"{MAX_ALIAS_VALUES:,} values (the limit for a rules file); "
                               "write the values out instead", line)
            return node
        tag = getattr(event, "ctag", None)
        if tag is not None and str(tag) not in ("!", *PLAIN_TAGS):
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise _Refused(f"the tag {shown} is not allowed in rules files (only plain "
                           "text, numbers, dates, lists and mappings)", line)
        self._values += 1
        if self._values > MAX_VALUES:
            raise _Refused(f"more than {MAX_VALUES:,} values (the limit for a rules file)",
                           line)
        if self.depth >= MAX_DEPTH:
            raise _Refused(f"nested more than {MAX_DEPTH} levels deep (the limit for a "
                           "rules file)", line)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._open.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            if anchor is not None:
                self._open.discard(anchor)

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        for key, _value in node.value:
            if isinstance(key, MappingNode | SequenceNode):
                raise _Refused("a key must be a plain word or number, not a list or mapping",
                               key.start_mark.line + 1)
        return node

    def _size(self, node: Any) -> int:
        """Values in ``node`` with every alias inside it expanded (memoised per node)."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        if isinstance(node, SequenceNode):
            size = 1 + sum(self._size(n) for n in node.value)
        elif isinstance(node, MappingNode):
            size = 1 + sum(self._size(k) + self._size(v) for k, v in node.value)
        else:
            size = 1
        self._sizes[id(node)] = size
        return size


class _ExactConstructor(RoundTripConstructor):
    """Round-trip constructor that reads ``10.99`` as ``Decimal("10.99")``, and leaves as
    text what it cannot build (a 5,000-digit integer, the date 2026-13-45) for the readers
    to refuse with the value's line."""


class Number(Decimal):
    """A YAML number with a fraction, exact; shown as written in messages (``1e999999``,
    not ``Decimal('1E+999999')``)."""

    text: str | None = None

    def __repr__(self) -> str:
        return self.text or str(self)


RoundTripRepresenter.add_representer(  # written back as the number it is (rules edits)
    Number, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", str(d)))


def _exact_float(self: RoundTripConstructor, node: object) -> Decimal | str:
    text = str(getattr(node, "value", "")).replace("_", "")
    try:
        value = Number(text)
    except InvalidOperation:
        return text
    value.text = text
    return value if value.is_finite() else text


def _exact_int(self: RoundTripConstructor, node: object) -> int | str:
    text = str(getattr(node, "value", ""))
    if len(text) > _DIGITS:
        return text
    try:
        return RoundTripConstructor.construct_yaml_int(self, node)  # type: ignore[no-any-return]
    except ValueError:
        return text


def _lenient_timestamp(self: RoundTripConstructor, node: object) -> object:
    try:
        return RoundTripConstructor.construct_yaml_timestamp(self, node)
    except (ValueError, OverflowError):
        return str(getattr(node, "value", ""))


_ExactConstructor.add_constructor("tag:yaml.org,2002:float", _exact_float)
_ExactConstructor.add_constructor("tag:yaml.org,2002:int", _exact_int)
_ExactConstructor.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.version = (1, 2)
    y.Constructor = _ExactConstructor
    y.Composer = _BoundedComposer
    return y


def _size_label(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB" if n >= 1 << 20 else f"{n / 1024:.0f} KB"


def read_text(path: Path, limit: int = MAX_BYTES) -> str | None:
    """The text of a rules file, or None when there is none.

    Raises:
        RulesError: not a regular file (a FIFO, a device, a folder), a link to nothing,
            over ``MAX_BYTES``, or not UTF-8.
    """
    if not path.exists():
        if path.is_symlink():
            raise RulesError("is a link to a file that does not exist", path=path)
        return None
    try:  # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise RulesError(f"cannot be read: {exc.strerror}", path=path) from exc
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise RulesError("is not a regular file (a rules file must be a plain text file)",
                             path=path)
        data = f.read(limit + 1)
    if len(data) > limit:
        raise RulesError(f"is larger than {_size_label(MAX_BYTES)} with the files it includes "
                         "(the limit for a rules file)", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RulesError("rules files must be UTF-8", path=path, line=line) from exc


def load_yaml(path: Path, limit: int = MAX_BYTES) -> Any:
    """Parse one YAML file, keeping line marks. A missing file is an empty document.

    Raises:
        RulesError: not valid YAML, or past one of the limits above (with the line).
    """
    text = read_text(path, limit)
    if text is None:
        return None
    try:
        return _yaml().load(text)
    except _Refused as exc:
        raise RulesError(exc.message, path=path, line=exc.line) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RulesError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from exc


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


_LONGEST = 300


def _clipped(text: str) -> str:
    if len(text) <= _LONGEST:
        return text
    cut = len(text) - _LONGEST
    return f"{text[:200]} ...({cut:,} characters)... {text[-100:]}"


class Problems:
    """Collects every mistake in the rules files, then raises them together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[tuple[Path, int | None, str]] = []

    def add(self, line: int | None, message: str, path: Path | None = None) -> None:
        self.items.append((path or self.path, line, message))

    def lines(self) -> list[str]:
        """Each problem as ``file:line: message``, printable: control characters escaped
        and a long quoted value cut in the middle (the reason at the end stays)."""
        return [shown(_clipped(f"{p.name}:{ln}: {msg}" if ln else f"{p.name}: {msg}"))
                for p, ln, msg in self.items]

    def raise_if_any(self) -> None:
        if not self.items:
            return
        path, first_line, first = self.items[0]
        details = self.lines()[1:]
        raise RulesError(
            _clipped(first) + (f" (and {len(details)} more)" if details else ""),
            path=path, line=first_line, details=details,
        )


def load_list(path: Path, problems: Problems, what: str) -> list[tuple[Any, Path, int | None]]:
    """The items of a YAML list file, each with its file and line; ``- include: other.yaml``
    items are replaced by the items of that file (relative to this one).

    An included file must be a regular file inside the workspace (the folder holding
    ``rules/``, or the rules folder itself where that is a link elsewhere), included once;
    the file and all it includes are read within one ``MAX_BYTES``.
    """
    rules_dir = path.parent
    tree = _Tree((rules_dir.parent.resolve(), rules_dir.resolve()))
    return _load_list(path, problems, what, tree, (path.resolve(),))


class _Tree:
    """What one rules file and its includes have used so far."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        self.roots = roots
        self.included: set[Path] = set()
        self.left = MAX_BYTES

    def refused(self, target: Path, chain: tuple[Path, ...]) -> str | None:
        """Why ``target`` cannot be included, or None."""
        if target in chain:
            return "includes itself"
        if not any(target == root or root in target.parents for root in self.roots):
            return f"only files inside the workspace ({self.roots[0]}) can be included"
        if not target.exists():
            return "no such file"
        if not target.is_file():
            return "not a regular file"
        if target in self.included:
            return "is already included (each file may be included once)"
        if len(self.included) >= MAX_INCLUDES:
            return f"more than {MAX_INCLUDES} included files (the limit for a rules file)"
        if target.stat().st_size > self.left:
            return (f"the file and its includes pass {_size_label(MAX_BYTES)} (the limit for "
                    "a rules file)")
        return None


def _load_list(path: Path, problems: Problems, what: str, tree: _Tree,
               chain: tuple[Path, ...]) -> list[tuple[Any, Path, int | None]]:
    doc = load_yaml(path, max(tree.left, 0))
    if path.exists():
        tree.left -= path.stat().st_size
    if doc is None:
        return []
    if not isinstance(doc, list):
        problems.add(1, f"expected a list of {what} (each starting with '- ')", path)
        return []
    out: list[tuple[Any, Path, int | None]] = []
    for i, item in enumerate(doc):
        line = line_of(doc, i)
        if isinstance(item, dict) and "include" in item:
            name = item["include"]
            if len(item) > 1:
                problems.add(line, "an include item has only the key 'include'", path)
            if not isinstance(name, str) or not name.strip():
                problems.add(line, "include: expected a file name such as more.yaml", path)
                continue
            target = (path.parent / name).resolve()
            why = tree.refused(target, chain)
            if why:
                problems.add(line, f"include {name!r}: {why}", path)
                continue
            tree.included.add(target)
            try:
                out.extend(_load_list(target, problems, what, tree, (*chain, target)))
            except RulesError as exc:  # the included file's own first problem, with its line
                problems.add(exc.line if isinstance(exc.line, int) else None, exc.message,
                             target)
            continue
        out.append((item, path, line))
    return out
