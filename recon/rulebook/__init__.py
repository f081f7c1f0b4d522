"""Loads the workspace's ``rules/*.yaml`` into frozen dataclasses, reporting every mistake.

- ``subscriptions.yaml``: the catalogue (``Subscription``)
- ``rules.yaml``: ordered if/then rules (``Rule``)
- ``settings.yaml``: detector thresholds (``Settings``)
- ``profiles.yaml``: statement layouts (``Profile``, used by import)

Every file is validated as a whole: all mistakes come back together, each with file:line,
the value, what was expected and, for an unknown key, the nearest valid one. No module past
this package sees a raw YAML dict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from ..errors import RulesError
from .catalogue import STATUSES, Subscription, load_catalogue
from .profiles import load_profiles
from .rules import FLAG_TYPES, SEVERITIES, Condition, FlagAction, Rule, Test, load_rules
from .settings import KNOWN as KNOWN_SETTINGS
from .settings import Settings, load_default_currency, load_settings
from .values import Tolerance
from .yamlio import Problems, line_of, load_yaml, nearest

T = TypeVar("T")

__all__ = [
    "FLAG_TYPES", "KNOWN_SETTINGS", "SEVERITIES", "STATUSES", "Condition", "FlagAction",
    "Problems", "Rule", "Rulebook", "Settings", "Subscription", "Test", "Tolerance",
    "line_of", "load_catalogue", "load_default_currency", "load_profiles", "load_rulebook",
    "load_rules", "load_settings", "load_yaml", "nearest",
]


@dataclass(frozen=True)
class Rulebook:
    """The catalogue, the rules and the settings of one workspace."""

    subscriptions: tuple[Subscription, ...] = ()
    rules: tuple[Rule, ...] = ()
    settings: Settings = field(default_factory=Settings)

    @cached_property
    def _by_name(self) -> dict[str, Subscription]:
        return {s.name.casefold(): s for s in self.subscriptions}

    def subscription(self, name: str) -> Subscription | None:
        """The catalogue entry called ``name`` (any case), or None."""
        return self._by_name.get(name.casefold())


def _each(problems: Problems, load: Callable[..., T], *args: Any) -> T | None:
    """``load(*args)``, or None: a file that cannot be read at all (not YAML, past a limit)
    becomes one problem, so the other files are still checked."""
    try:
        return load(*args)
    except RulesError as exc:
        problems.add(exc.line if isinstance(exc.line, int) else None, exc.message,
                     Path(exc.path) if exc.path is not None else None)
        return None


def check_rulebook(rules_dir: Path) -> tuple[Rulebook, Problems]:
    """Read all three files, returning what could be read and every problem found."""
    problems = Problems(rules_dir / "subscriptions.yaml")
    settings = (_each(problems, load_settings, rules_dir / "settings.yaml", problems)
                or Settings())
    read = _each(problems, load_catalogue, rules_dir / "subscriptions.yaml", problems,
                 settings.currency)
    rules = _each(problems, load_rules, rules_dir / "rules.yaml", problems) or ()
    subs = read or ()
    names = [s.name for s in subs]
    known = {n.casefold() for n in names}
    for rule in rules if read is not None else ():
        if rule.subscription and rule.subscription.casefold() not in known:
            problems.add(rule.line, f"subscription {rule.subscription!r} is not in the "
                         f"catalogue: {nearest(rule.subscription, names or ['(none)'])}",
                         rule.path)
    return Rulebook(subs, rules, settings), problems


def load_rulebook(rules_dir: Path) -> Rulebook:
    """The workspace's rules, validated.

    Raises:
        RulesError: every mistake in the three files, the first as the headline.
    """
    book, problems = check_rulebook(rules_dir)
    problems.raise_if_any()
    return book
