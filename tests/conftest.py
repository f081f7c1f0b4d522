from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite expected files from the current output (review the diff).")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace with the demo's rules (``samples/rules``), as `recon run samples/` makes."""
    import shutil

    from recon.pipeline import init_workspace

    init_workspace(tmp_path / "ws")
    for src in (ROOT / "samples" / "rules").glob("*.yaml"):
        shutil.copyfile(src, tmp_path / "ws" / "rules" / src.name)
    return tmp_path / "ws"
