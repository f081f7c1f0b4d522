"""``rules/rules.yaml``: ordered ``if``/``then`` rules, read into a tree of frozen tests.

Nothing in a rules file is ever evaluated as code: conditions become ``Test`` values that the
match stage checks against each transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import detectors
from ..regex import Regex, compile_regex
from . import values
from .yamlio import Problems, line_of, load_list, nearest

TEXT_FIELDS = ("description", "merchant")
TEXT_OPS = ("contains", "regex", "fuzzy", "equals")
AMOUNT_OPS = ("equals", "approx", "between", "over", "under")
DATE_OPS = ("on", "after", "before", "between")
CONDITIONS = ("description", "merchant", "amount", "direction", "account", "currency", "date",
              "day", "any", "all", "not")
ACTIONS = ("subscription", "category", "ignore", "flag")
RULE_KEYS = ("if", "then", "name", "notes")
SEVERITIES = ("high", "medium", "low")
FLAG_TYPES = detectors.FLAG_TYPES  # the registry of flag types (recon/detectors.py)
DEFAULT_APPROX = values.Tolerance(percent=Decimal(5))


@dataclass(frozen=True)
class Test:
    """One check on one field: ``description contains "netflix"``, ``amount over 100``."""

    field: str
    op: str
    texts: tuple[str, ...] = ()
    regex: Regex | None = None
    score: int = 85
    low: Decimal | None = None
    high: Decimal | None = None
    tolerance: values.Tolerance | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    days: tuple[int, ...] = ()

    def describe(self) -> str:
        if self.field in TEXT_FIELDS:
            if self.op == "regex" and self.regex is not None:
                return f"{self.field} matches /{self.regex.pattern}/"
            shown = " or ".join(repr(t) for t in self.texts)
            extra = f" (score >= {self.score})" if self.op == "fuzzy" else ""
            return f"{self.field} {self.op} {shown}{extra}"
        if self.field == "amount":
            if self.op == "between":
                return f"amount between {self.low} and {self.high}"
            if self.op == "approx":
                return f"amount approx {self.low} (within {self.tolerance.label() if self.tolerance else ''})"
            return f"amount {self.op} {self.low if self.op != 'under' else self.high}"
        if self.field in ("account", "currency", "direction"):
            return f"{self.field} is " + " or ".join(repr(t) for t in self.texts)
        if self.field == "date":
            return f"date from {self.start or '...'} to {self.end or '...'}"
        return "day of month in " + ", ".join(str(d) for d in self.days)


@dataclass(frozen=True)
class Condition:
    """``all`` / ``any`` / ``not`` of sub-conditions, or one ``Test``."""

    kind: str
    children: tuple[Condition, ...] = ()
    test: Test | None = None

    def describe(self) -> str:
        """The condition as a sentence: ``merchant contains 'x' and (day ... or ...)``."""
        if self.kind == "test" and self.test is not None:
            return self.test.describe()
        parts = [c.describe() for c in self.children]
        if self.kind == "not":
            return f"not ({parts[0]})"
        return f" {'and' if self.kind == 'all' else 'or'} ".join(
            p if len(self.children) == 1 else f"({p})" if " and " in p or " or " in p else p
            for p in parts)


@dataclass(frozen=True)
class FlagAction:
    severity: str = "medium"
    message: str = ""


@dataclass(frozen=True)
class Rule:
    """``if`` these conditions hold, ``then`` these actions."""

    condition: Condition
    subscription: str | None = None
    category: str | None = None
    ignore: tuple[str, ...] = ()  # flag types, or ("all",)
    flag: FlagAction | None = None
    name: str | None = None
    source: str = ""
    line: int | None = None
    path: Path | None = field(default=None, compare=False)

    def describe_actions(self) -> str:
        parts = []
        if self.subscription:
            parts.append(f"link to {self.subscription!r}")
        if self.category:
            parts.append(f"category {self.category!r}")
        if self.ignore:
            parts.append("ignore " + ("all flags" if self.ignore == ("all",)
                                      else ", ".join(self.ignore)))
        if self.flag:
            parts.append(f"flag {self.flag.severity}: {self.flag.message}")
        return "; ".join(parts)


class _Bad(ValueError):
    """A mistake at a known line."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line


def _text_test(name: str, spec: Any, line: int | None) -> Test:
    if isinstance(spec, str | int | Decimal):
        return Test(name, "contains", texts=(str(spec).casefold(),))
    if isinstance(spec, list):
        if not spec or any(isinstance(v, dict | list) for v in spec):
            raise _Bad(line, f"{name}: expected text or a list of texts")
        return Test(name, "contains", texts=tuple(str(v).casefold() for v in spec))
    if not isinstance(spec, dict):
        raise _Bad(line, f"{name}: expected text, a list, or {{regex: ...}}")
    ops = [k for k in spec if k != "score"]
    for k in spec:
        if k not in (*TEXT_OPS, "score"):
            raise _Bad(line_of(spec, k), f"unknown operator {k!r} for {name}: "
                       f"{nearest(str(k), (*TEXT_OPS, 'score'))}")
    if len(ops) != 1:
        raise _Bad(line, f"{name}: use one of {', '.join(TEXT_OPS)}")
    op, arg = ops[0], spec[ops[0]]
    if "score" in spec and op != "fuzzy":
        raise _Bad(line_of(spec, "score"), f"{name}: score goes with fuzzy")
    if op == "regex":
        if arg is None or isinstance(arg, dict | list):
            raise _Bad(line_of(spec, op), f"{name}: regex: expected a regular expression (text)")
        try:
            return Test(name, op, regex=compile_regex(arg))
        except ValueError as exc:
            raise _Bad(line_of(spec, op), f"{name}: regex {arg!r} is not valid ({exc})") from None
    texts = tuple(str(v).casefold() for v in (arg if isinstance(arg, list) else [arg]))
    score = 85
    if "score" in spec:
        try:
            score = values.whole(spec["score"], 0, 100)
        except ValueError as exc:
            raise _Bad(line_of(spec, "score"), f"{name}.score: {exc}") from None
    return Test(name, op, texts=texts, score=score)


def _amount_tests(spec: Any, line: int | None) -> list[Test]:
    if not isinstance(spec, dict):
        try:
            return [Test("amount", "equals", low=values.amount(spec))]
        except ValueError as exc:
            raise _Bad(line, f"amount: {spec!r}: {exc}") from None
    tests = []
    for op, arg in spec.items():
        at = line_of(spec, op)
        if op == "within":
            continue
        if op not in AMOUNT_OPS:
            raise _Bad(at, f"unknown operator {op!r} for amount: "
                       f"{nearest(str(op), (*AMOUNT_OPS, 'within'))}")
        try:
            if op == "between":
                if not isinstance(arg, list) or len(arg) != 2:
                    raise ValueError("expected [low, high]")
                low, high = sorted((values.amount(arg[0]), values.amount(arg[1])))
                tests.append(Test("amount", op, low=low, high=high))
            elif op == "under":
                tests.append(Test("amount", op, high=values.amount(arg)))
            elif op == "approx":
                tol = values.Tolerance.parse(spec["within"]) if "within" in spec else DEFAULT_APPROX
                tests.append(Test("amount", op, low=values.amount(arg), tolerance=tol))
            else:
                tests.append(Test("amount", op, low=values.amount(arg)))
        except ValueError as exc:
            raise _Bad(at, f"amount.{op}: {arg!r}: {exc}") from None
    if "within" in spec and "approx" not in spec:
        raise _Bad(line_of(spec, "within"), "amount: within goes with approx")
    return tests


def _date_test(spec: Any, line: int | None) -> Test:
    try:
        if not isinstance(spec, dict):
            day = values.date(spec)
            return Test("date", "on", start=day, end=day)
        start = end = None
        for op, arg in spec.items():
            if op not in DATE_OPS:
                raise _Bad(line_of(spec, op), f"unknown operator {op!r} for date: "
                           f"{nearest(str(op), DATE_OPS)}")
            if op == "on":
                start = end = values.date(arg)
            elif op == "after":
                start = values.date(arg)
            elif op == "before":
                end = values.date(arg)
            else:
                if not isinstance(arg, list) or len(arg) != 2:
                    raise ValueError("expected [first, last] dates")
                start, end = values.date(arg[0]), values.date(arg[1])
        return Test("date", "between", start=start, end=end)
    except ValueError as exc:
        if isinstance(exc, _Bad):
            raise
        raise _Bad(line, f"date: {spec!r}: {exc}") from None


def _day_test(spec: Any, line: int | None) -> Test:
    try:
        if isinstance(spec, dict):
            if set(spec) != {"between"}:
                bad = next(k for k in spec if k != "between")
                raise _Bad(line_of(spec, bad), f"unknown operator {bad!r} for day: "
                           f"{nearest(str(bad), ('between',))}")
            low, high = (values.whole(v, 1, 31) for v in spec["between"])
            return Test("day", "in", days=tuple(range(low, high + 1)))
        items = spec if isinstance(spec, list) else [spec]
        return Test("day", "in", days=tuple(values.whole(v, 1, 31) for v in items))
    except (ValueError, TypeError) as exc:
        if isinstance(exc, _Bad):
            raise
        raise _Bad(line, f"day: {spec!r}: expected a day of month 1-31, a list, "
                   "or {between: [1, 5]}") from None


def _names(name: str, spec: Any, line: int | None, allowed: tuple[str, ...] = ()) -> Test:
    items = spec if isinstance(spec, list) else [spec]
    if not items or any(isinstance(v, dict | list) or v is None for v in items):
        raise _Bad(line, f"{name}: expected a value or a list of values")
    texts = tuple(str(v).strip().casefold() for v in items)
    for t in texts:
        if allowed and t not in allowed:
            raise _Bad(line, f"{name}: {t!r}: expected {' or '.join(allowed)}")
    return Test(name, "is", texts=texts)


def condition(spec: Any, line: int | None) -> Condition:
    """The ``if:`` mapping as a tree; every key must hold (``all``)."""
    if not isinstance(spec, dict) or not spec:
        raise _Bad(line, "if: expected conditions such as {description: netflix}")
    parts: list[Condition] = []
    for key, arg in spec.items():
        at = line_of(spec, key)
        if key in ("any", "all"):
            if not isinstance(arg, list) or not arg:
                raise _Bad(at, f"{key}: expected a list of conditions")
            parts.append(Condition(key, tuple(condition(c, at) for c in arg)))
        elif key == "not":
            parts.append(Condition("not", (condition(arg, at),)))
        elif key in TEXT_FIELDS:
            parts.append(Condition("test", test=_text_test(key, arg, at)))
        elif key == "amount":
            parts.extend(Condition("test", test=t) for t in _amount_tests(arg, at))
        elif key == "date":
            parts.append(Condition("test", test=_date_test(arg, at)))
        elif key == "day":
            parts.append(Condition("test", test=_day_test(arg, at)))
        elif key == "direction":
            parts.append(Condition("test", test=_names(key, arg, at, ("out", "in"))))
        elif key in ("account", "currency"):
            parts.append(Condition("test", test=_names(key, arg, at)))
        else:
            raise _Bad(at, f"unknown condition {key!r}: {nearest(str(key), CONDITIONS)}")
    return parts[0] if len(parts) == 1 else Condition("all", tuple(parts))


def _actions(spec: Any, line: int | None) -> dict[str, Any]:
    if not isinstance(spec, dict) or not spec:
        raise _Bad(line, "then: expected actions such as {ignore: true}")
    out: dict[str, Any] = {}
    for key, arg in spec.items():
        at = line_of(spec, key)
        if key not in ACTIONS:
            raise _Bad(at, f"unknown action {key!r}: {nearest(str(key), ACTIONS)}")
        if key in ("subscription", "category"):
            if not isinstance(arg, str | int) or isinstance(arg, bool) or not str(arg).strip():
                raise _Bad(at, f"{key}: expected a name")
            out[key] = str(arg).strip()
        elif key == "ignore":
            if arg is True:
                out["ignore"] = ("all",)
            elif arg is False:
                continue
            else:
                types = tuple(str(t) for t in (arg if isinstance(arg, list) else [arg]))
                for t in types:
                    if t not in FLAG_TYPES:
                        raise _Bad(at, f"ignore: unknown flag type {t!r}: "
                                   f"{nearest(t, FLAG_TYPES)} (or true for all)")
                out["ignore"] = types
        else:
            out["flag"] = _flag(arg, at)
    return out


def _flag(arg: Any, line: int | None) -> FlagAction:
    if isinstance(arg, str):
        return FlagAction(message=arg)
    if not isinstance(arg, dict):
        raise _Bad(line, "flag: expected {severity: high, message: ...}")
    for k in arg:
        if k not in ("severity", "message"):
            raise _Bad(line_of(arg, k), f"unknown key {k!r} in flag: "
                       f"{nearest(str(k), ('severity', 'message'))}")
    severity = str(arg.get("severity", "medium")).lower()
    if severity not in SEVERITIES:
        raise _Bad(line_of(arg, "severity"), f"flag.severity: {severity!r}: expected "
                   f"{', '.join(SEVERITIES)}")
    return FlagAction(severity, str(arg.get("message", "flagged by a rule")))


def load_rules(path: Path, problems: Problems) -> tuple[Rule, ...]:
    """Every rule of ``rules.yaml`` (and the files it includes), in order."""
    rules = []
    for item, file, line in load_list(path, problems, "rules"):
        if not isinstance(item, dict):
            problems.add(line, "each rule is a mapping with if: and then:", file)
            continue
        try:
            for key in item:
                if key not in RULE_KEYS:
                    raise _Bad(line_of(item, key),
                               f"unknown key {key!r}: {nearest(str(key), RULE_KEYS)}")
            if "if" not in item or "then" not in item:
                raise _Bad(line, "a rule needs both if: and then:")
            cond = condition(item["if"], line_of(item, "if"))
            acts = _actions(item["then"], line_of(item, "then"))
        except _Bad as bad:
            problems.add(bad.line or line, str(bad), file)
            continue
        rules.append(Rule(condition=cond, name=str(item["name"]) if "name" in item else None,
                          source=f"{file.name}:{line}", line=line, path=file, **acts))
    return tuple(rules)
