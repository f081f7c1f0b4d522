"""The error gallery: each file in tests/errors/ triggers one message, pinned exactly.

The set doubles as documentation of what recon says when input is bad.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from tests.conftest import ROOT

ERRORS = ROOT / "tests" / "errors"
CASES = sorted(p for p in ERRORS.iterdir() if not p.name.endswith(".expected.txt"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_error_message(path: Path, workspace: Path, update_golden: bool) -> None:
    result = CliRunner().invoke(cli, ["-w", str(workspace), "import", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"Error: {path.name}"), first
    expected = path.with_name(path.stem + ".expected.txt")
    if update_golden:
        expected.write_text(result.output, encoding="utf-8")
    assert result.output == expected.read_text(encoding="utf-8")
