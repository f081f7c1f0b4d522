"""``python -m recon``."""

from .cli import cli

cli(prog_name="recon")
