"""Review: read the decisions a user wrote into the report, and apply them."""

from .apply import Outcome, apply
from .sheet import Decision, read_decisions

__all__ = ["Decision", "Outcome", "apply", "read_decisions"]
