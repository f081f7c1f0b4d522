"""Every file under tests/data/ and samples/ parses to its golden file, by exactly one parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement, parsers
from tests.conftest import ROOT
from tests.golden import compare, render

DATA = ROOT / "tests" / "data"
SUFFIXES = (".ofx", ".qfx", ".csv", ".xlsx")
INPUTS = sorted(
    p
    for p in [*DATA.rglob("*"), *(ROOT / "samples").iterdir()]
    if p.is_file() and p.suffix in SUFFIXES and not p.name.endswith(".expected.csv")
)


def _expected(path: Path) -> Path:
    if path.parent == ROOT / "samples":
        return DATA / "samples" / f"{path.name}.expected.csv"
    return path.with_name(path.name + ".expected.csv")


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(path: Path, update_golden: bool) -> None:
    head = path.read_bytes()[:4096]
    claims = [p.name for p in parsers() if p.identify(path, head)]
    assert len(claims) == 1, f"{path.name} is claimed by {claims}"
    result = parse_statement(path, ParseOptions(currency="EUR"))
    compare(render(result), _expected(path), update_golden)


def test_every_sample_has_a_golden_file() -> None:
    samples = [p for p in (ROOT / "samples").iterdir() if p.suffix in (".ofx", ".csv", ".xlsx")]
    assert len(samples) == 9
    for p in samples:
        assert _expected(p).exists(), p
