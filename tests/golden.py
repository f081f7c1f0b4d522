"""Render a parse result as text for golden-file comparison."""

from __future__ import annotations

import difflib
from pathlib import Path

from recon.parsers.base import ParseResult
from recon.schema import PARSED_COLUMNS


def render(result: ParseResult) -> str:
    frame = result.frame[list(PARSED_COLUMNS)].copy()
    text = frame.to_csv(index=False, lineterminator="\n")
    for r in result.rejected:
        text += f"# rejected {r.location}: {r.reason}\n"
    return text


def compare(actual: str, expected_path: Path, update: bool) -> None:
    if update:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
        return
    assert expected_path.exists(), f"no golden file {expected_path} (run pytest --update-golden)"
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(expected_path), "actual"))
        raise AssertionError(f"output differs from {expected_path.name}:\n{diff}")
