"""Every command has help text and appears in the README; the README's commands are true."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from recon.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_in_readme(name: str) -> None:
    command = cli.commands[name]
    assert command.help and "Example:" in command.help
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert f"recon {name}" in README


def test_readme_starts_with_the_two_setup_commands() -> None:
    blocks = [line.strip() for line in README.splitlines() if line.startswith("    ")]
    assert blocks[0] == ("pip install -e . && recon init demo && "
                         "recon -w demo run samples/ -o report.xlsx")
    assert blocks[1] == "pip install -e '.[test]' && python -m pytest"
    assert "python -m pytest" in (ROOT / ".ci" / "run").read_text()


def test_main_help_lists_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
    assert isinstance(cli, click.Group)
