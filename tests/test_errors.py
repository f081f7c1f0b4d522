"""The error gallery: each file in tests/errors/ triggers one message, pinned exactly.

The set doubles as documentation of what recon says when input is bad.
"""

from __future__ import annotations

import shlex
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from recon.cli import cli
from recon.errors import InputError, cause, command, shown
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


# --- output that cannot lie (issue 19 item 5) -------------------------------------------

_BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def _acts_on_terminal(char: str) -> bool:
    """A character a terminal acts on rather than shows (defined independently of the code
    under test): controls, line/paragraph separators, bidirectional controls and marks."""
    import unicodedata

    return (unicodedata.category(char) in ("Cc", "Zl", "Zp")
            or unicodedata.bidirectional(char) in _BIDI_CONTROLS
            or char in "\u200e\u200f\u061c")


_TEXT = st.text(st.characters(codec="utf-8"), max_size=60) | st.text(
    st.sampled_from("a\n\r\t\x1b\x07\x08\x7f\x9b\u2028\u2029\u202e\u2066\u200f[]31m;:E"),
    max_size=30)


@given(_TEXT)
def test_shown_lets_no_control_character_through(text: str) -> None:
    out = shown(text)
    assert not any(_acts_on_terminal(c) for c in out)
    if not any(_acts_on_terminal(c) for c in text):
        assert out == text  # ordinary text (any script, emoji) is left alone


@given(message=_TEXT, name=_TEXT, value=_TEXT, hint=_TEXT, detail=_TEXT)
def test_an_error_renders_one_line_per_part_whatever_it_holds(
        message: str, name: str, value: str, hint: str, detail: str) -> None:
    error = InputError(message, path=Path("/tmp") / (name.replace("/", "") or "x"), line=3,
                       value=value, hint="h" + hint, details=[detail])
    lines = str(error).split("\n")
    assert len(lines) == 4
    assert lines[1].startswith("  row: ") and lines[2].startswith("  hint: ")
    assert not any(_acts_on_terminal(c) for line in lines for c in line)
    assert "\n" not in error.headline()


@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_a_suggested_command_is_one_pasteable_line(words: list[str]) -> None:
    line = command(*words)
    assert not any(_acts_on_terminal(c) for c in line)
    if not any(_acts_on_terminal(c) for w in words for c in w):
        assert shlex.split(line) == words


def test_command_quotes_what_the_shell_would_read() -> None:
    assert command("recon", "review", "apply", "my report.xlsx") == (
        "recon review apply 'my report.xlsx'")
    assert command("recon", "import", "it's $(rm -rf ~).csv") == (
        "recon import 'it'\"'\"'s $(rm -rf ~).csv'")
    assert command("recon", "import", "a\nb\x1b[2J'") == "recon import $'a\\nb\\x1b[2J\\''"


def test_a_file_name_cannot_print_a_fake_error_line(tmp_path: Path, workspace: Path) -> None:
    bad = tmp_path / "x\nError: all fine\x1b[2J.csv"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["-w", str(workspace), "import", str(bad)])
    assert result.exit_code == 1
    assert result.output == ("Error: x\\nError: all fine\\x1b[2J.csv: file is empty (expected a "
                             "statement with transactions)\n")


def test_statement_text_in_an_error_is_escaped(tmp_path: Path, workspace: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Description,Amount\n01/03/2024,NETFLIX,-15.49\n"
                   "02/03/2024,SHOP\x1b]0;pwned\x07 Error: ok,nine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(workspace), "import", str(bad)])
    assert result.exit_code == 1, result.output
    assert result.output == (
        "Error: bad.csv:3: could not read 'nine' as an amount (expected an amount with "
        "decimal mark '.')\n"
        "  row: 02/03/2024,SHOP\\x1b]0;pwned\\x07 Error: ok,nine\n"
        "  hint: fix the row, or import the rest with --skip-bad-rows\n")


# --- causes, not class names ------------------------------------------------------------


def _raised(outer: BaseException, inner: BaseException | None = None) -> BaseException:
    try:
        try:
            raise inner if inner is not None else outer
        except BaseException as exc:
            if inner is None:
                raise
            raise outer from exc
    except BaseException as exc:  # noqa: BLE001 - the test builds the chain to inspect
        return exc


@pytest.mark.parametrize(("exc", "expected"), [
    (_raised(zipfile.BadZipFile()), "bad zip file"),
    (_raised(ValueError("()")), "value error"),
    (_raised(ValueError(""), KeyError("xl/workbook.xml")), "missing 'xl/workbook.xml'"),
    (_raised(ValueError("could not read\nsee the log")), "could not read"),
    (_raised(OSError("disk \x1b[2J full")), "disk \\x1b[2J full"),
    (_raised(MemoryError()), "too large to read in memory"),
])
def test_cause_says_what_happened(exc: BaseException, expected: str) -> None:
    assert cause(exc) == expected


HOSTILE_REVIEW = ROOT.parent / "shared" / "hostile" / "review"


@pytest.mark.skipif(not (HOSTILE_REVIEW / "b1_billion_laughs_in_flags_sheet.xlsx").exists(),
                    reason=f"{HOSTILE_REVIEW} is absent (the shared hostile files)")
def test_cause_of_a_billion_laughs_workbook() -> None:
    """openpyxl says "Unable to read workbook ... see the exception"; the cause is the entity
    defusedxml refused (the review reader said "not an Excel workbook (ValueError)")."""
    from openpyxl import load_workbook

    with pytest.raises(ValueError) as info:
        load_workbook(HOSTILE_REVIEW / "b1_billion_laughs_in_flags_sheet.xlsx", read_only=True)
    assert cause(info.value) == ("it declares the XML entity 'lol' (refused: entities can "
                                 "expand without bound)")
