"""Rule flags: a rule's ``flag`` action."""

from __future__ import annotations

import pandas as pd

from ...detectors import Detector
from ...rulebook import Rulebook
from ...schema import records
from ..flags import Flag, raise_flag
from ..state import CHARGE_FIELDS

DETECTOR = Detector(
    "rule", "from the rule", (), "a rule's `flag` action"
)


def rule_flags(matched: pd.DataFrame, book: Rulebook) -> list[Flag]:
    flags = []
    for row in records(matched[matched["raised"].ne("")], (*CHARGE_FIELDS, "raised")):
        for index in str(row["raised"]).split(","):
            rule = book.rules[int(index)]
            if rule.flag is None:
                continue
            flags.append(raise_flag("rule", rule.flag.severity, row, (row["txn_id"],),
                               rule.flag.message, rule.source,
                               key=(rule.flag.message, row["txn_id"])))
    return flags


CHECKS = (rule_flags,)
