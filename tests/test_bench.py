"""The performance benchmark still runs (a tiny size: the figures come from `python -m bench`)."""

from __future__ import annotations

import pytest

from bench import data, run


def test_generator_is_seeded_and_shaped() -> None:
    frame = data.generate(5000, seed=3, n_accounts=50, n_subs=30)
    assert len(frame) == 5000
    assert list(frame.columns) == ["Date", "Account", "Description", "Amount", "Currency"]
    assert frame.equals(data.generate(5000, seed=3, n_accounts=50, n_subs=30))
    assert frame["Amount"].str.fullmatch(r"-\d+\.\d\d").all()
    assert frame["Account"].nunique() <= 50


def test_benchmark_runs_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    run.main(["--rows", "2000"])
    out = capsys.readouterr().out
    for stage in ("parse", "normalise", "store", "match", "detect", "report",
                  "floor pipeline total", "recon run <= 2x floor pipeline", "OFX 1.x (SGML)",
                  "XLSX"):
        assert stage in out
