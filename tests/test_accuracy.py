"""The accuracy benchmark, small, as a regression guard: every line at least 0.95."""

from __future__ import annotations

import pytest

from bench.accuracy import measure, ratios


@pytest.mark.parametrize("seed", [5, 23])
def test_precision_and_recall_hold(seed: int) -> None:
    table, _ = measure(subs=120, oneoffs=4000, seed=seed)
    for kind, tp, n_pred, n_true in table:
        precision, recall = ratios(tp, n_pred, n_true)
        assert n_true > 0, kind
        assert precision >= 0.95 and recall >= 0.95, (kind, tp, n_pred, n_true)
