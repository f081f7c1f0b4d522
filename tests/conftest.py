from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite expected files from the current output (review the diff).")
    parser.addoption("--run-slow", action="store_true",
                     help="Also run the slow tests (equivalence over generated files, "
                          "LibreOffice, benchmarks); CI (CI=true) always runs them.")


#: Tests that take seconds each (measured with --durations: equivalence checks over generated
#: files, LibreOffice round trips, benchmarks, multiprocess locking). Marked ``slow`` here,
#: in one place, so the default run stays under a few minutes; CI runs them all.
SLOW_FILES = ("tests/test_libreoffice.py", "tests/test_bench.py", "tests/test_accuracy.py")
SLOW_TESTS = (
    "tests/parsers/test_grid.py::test_generated_files_read_the_same_from_columns",
    "tests/parsers/test_grid.py::test_every_statement_file_reads_the_same_from_columns",
    "tests/parsers/test_bulk.py::test_generated_files_read_the_same",
    "tests/parsers/test_bulk.py::test_every_statement_file_reads_the_same",
    "tests/parsers/test_bulk.py::test_the_bulk_strip_removes_what_str_strip_removes",
    "tests/parsers/test_xlsx_reader.py::test_typed_sheets_read_the_same_in_bulk",
    "tests/parsers/test_xlsx_reader.py::test_any_cells_read_as_openpyxl_reads_them",
    "tests/test_fuzzy.py::test_pairs_are_the_scores_at_or_above_the_cutoff",
    "tests/test_detect.py::test_a_repeated_charge_is_not_judged_again",
    "tests/test_cli.py::test_two_imports_at_once_do_not_corrupt_the_ledger",
    "tests/test_normalise.py::test_vectorised_cleaning_equals_the_reference",
    "tests/test_normalise.py::test_vectorised_cleaning_on_the_noise_forms_and_the_corpus",
    "tests/test_normalise.py::test_txn_ids_equal_the_reference_definition",
    "tests/test_store.py::test_rows_kept_by_imports_read_as_the_ledger_gives_them",
    "tests/test_store.py::test_the_ledger_reads_back_as_sql_gives_it",
)


def run_slow(config: pytest.Config) -> bool:
    """Slow tests run with --run-slow, with ``-m slow``, and always in CI (the CI
    environment sets CI=true; .ci/run also sets RECON_REQUIRE_LIBREOFFICE)."""
    ci = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
    return bool(config.getoption("--run-slow") or ci
                or os.environ.get("RECON_REQUIRE_LIBREOFFICE")
                or "slow" in (config.getoption("markexpr", "") or ""))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes seconds; skipped by default, run in CI "
                                       "or with --run-slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run = run_slow(config)
    skip = pytest.mark.skip(reason="slow: run with --run-slow (CI runs it)")
    for item in items:
        path, _, name = item.nodeid.partition("::")
        if path in SLOW_FILES or f"{path}::{name.split('[')[0]}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        if not run and item.get_closest_marker("slow"):
            item.add_marker(skip)


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


@pytest.fixture
def report(workspace: Path, tmp_path: Path) -> Path:
    """A report of ``workspace`` (the samples imported and flagged), ready for a review."""
    from tests.test_report import make_report

    out = tmp_path / "report.xlsx"
    make_report(workspace, out)
    return out
