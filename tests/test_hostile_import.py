"""Every file in ../shared/hostile/import is a regression test: a clean refusal (or a correct
import) within seconds and well under 1 GB, each run in a forked child under a time and
memory bound (``bench.sandbox``). The table of times and peak memory is printed at the end
(``pytest -s`` shows it; ``python -m bench.hostile`` prints the same table)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bench.hostile import HOSTILE, measure, table
from bench.sandbox import Outcome, run_limited
from recon import textio
from recon.errors import InputError, ReconError
from recon.parsers import ParseOptions, parse_statement

#: what each file must give; every other file must be refused
IMPORTED = {
    # the hazard is in the workspace's rules (rules/redos_*.yaml), not in the statement
    "redos.csv": "3 imported, 0 rejected (0 bad)",
    # the garbage DateTime is in the Settlement column, which recon does not read; every
    # row has a zero amount, as in the corpus original (beangulp's example.xls)
    "ValueError__m1-00401_example.xls": "0 imported, 6 rejected (0 bad)",
    # the amount beyond 10^15 minor units is rejected with its reason; the other row is fine
    "huge_amount.csv": "1 imported, 1 rejected (0 bad)",
}
#: files whose outcome the table engine decides (a clean import or a refusal, either is fine):
#: a header row shorter than the role columns (a traceback before)
IMPORTER: dict[str, str] = {
    "IndexError__m1-01419_addebito_diretto.csv": "header row shorter than the role columns",
}
SECONDS = 10.0
MEMORY_MB = 1024
_MEASURED: dict[str, Outcome] = {}


def hostile_files() -> list[Path]:
    return sorted(HOSTILE.iterdir()) if HOSTILE.is_dir() else []


def _param(path: Path) -> object:
    marks = []
    return pytest.param(path, id=path.name, marks=marks)


@pytest.mark.skipif(not HOSTILE.is_dir(), reason=f"{HOSTILE} is absent (../shared not mounted)")
@pytest.mark.parametrize("path", [_param(p) for p in hostile_files()])
def test_hostile_file_ends_cleanly_in_bounded_time_and_memory(path: Path) -> None:
    out = measure(path, seconds=SECONDS * 2, memory=MEMORY_MB << 20)
    _MEASURED[path.name] = out
    assert not out.defect, f"{path.name}: {out.kind} after {out.seconds:.1f} s\n{out.detail}"
    assert out.cpu < SECONDS, f"{path.name}: {out.cpu:.1f} s of CPU"  # wall time is load
    assert out.peak_mb < MEMORY_MB, f"{path.name}: {out.peak_mb} MB"
    if path.name in IMPORTED:
        assert (out.kind, out.detail) == ("ok", IMPORTED[path.name])
    elif path.name in IMPORTER:
        pass  # a clean import or refusal, whichever the importer's table engine gives
    else:
        assert out.kind == "refused", f"{path.name} was imported: {out.detail}"
        headline = out.detail.splitlines()[0]
        assert headline.startswith(f"{path.name}:"), headline[:400]  # names the file


@pytest.mark.skipif(not HOSTILE.is_dir(), reason=f"{HOSTILE} is absent (../shared not mounted)")
def test_print_the_hostile_table(capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + table(sorted(_MEASURED.items())))


def _refused(path: Path) -> str:
    try:
        parse_statement(path, ParseOptions(currency="EUR"))
    except InputError as exc:
        return str(exc)
    return "parsed"


@pytest.mark.parametrize("fmt", [None, "csv", "ofx", "xlsx"])
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path, fmt: str | None) -> None:
    fifo = tmp_path / "statement.csv"
    os.mkfifo(fifo)

    def parse() -> str:
        parse_statement(fifo, ParseOptions(currency="EUR"), fmt=fmt)
        return "parsed"

    out = run_limited(parse, (InputError,), seconds=5)
    assert out.kind == "refused", out
    assert out.detail.startswith("statement.csv: is a named pipe, not a statement file "
                                 "(expected a regular file)")


@pytest.mark.parametrize(("path", "kind"), [("/dev/null", "a device"), ("/dev/zero", "a device"),
                                            (".", "a folder")])
def test_devices_and_folders_are_refused_before_reading(path: str, kind: str) -> None:
    for fmt in (None, "csv"):
        def parse(fmt: str | None = fmt) -> str:
            parse_statement(Path(path), ParseOptions(currency="EUR"), fmt=fmt)
            return "parsed"

        out = run_limited(parse, (InputError,), seconds=5)
        assert out.kind == "refused", out
        assert f"is {kind}, not a statement file" in out.detail


def test_a_file_above_the_size_limit_is_refused_unread(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textio, "MAX_BYTES", 1 << 20)
    big = tmp_path / "big.csv"
    big.write_bytes(b"Date,Description,Amount\n" + b"2026-01-01,x,1.00\n" * 70_000)
    with pytest.raises(InputError, match=r"file is 1 MB, larger than recon reads \(1 MB\)"):
        textio.read_bytes(big)
    assert "larger than recon reads" in _refused(big)
    assert stat.S_ISREG(big.stat().st_mode)


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("Date,Description,Amount\n2026-01-05,NETFLIX.COM,-9.99\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert len(parse_statement(link, ParseOptions(currency="EUR")).frame) == 1


def test_reconerror_is_what_the_sandbox_counts_as_a_refusal() -> None:
    def refuse() -> str:
        raise InputError("no", path="x.csv")

    assert run_limited(refuse, (ReconError,), seconds=5).kind == "refused"
    assert run_limited(lambda: str(1 // 0), (ReconError,), seconds=5).kind == "traceback"


SAMPLE_OFX = Path(__file__).resolve().parent.parent / "samples" / "card-2026-08.ofx"


def _ofx_with(tmp_path: Path, before_close: str, name: str = "hostile.ofx") -> Path:
    text = SAMPLE_OFX.read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(text.replace("</OFX>", before_close + "</OFX>"), encoding="utf-8")
    return path


def test_an_ofx_entity_declaration_is_refused_anywhere_in_the_file(tmp_path: Path) -> None:
    path = _ofx_with(tmp_path, "<!--" + "x" * 100_000 + '--><!DOCTYPE x [<!ENTITY a "b">]>')
    with pytest.raises(InputError, match="declares a DOCTYPE or XML entities") as err:
        parse_statement(path, ParseOptions())
    assert err.value.line == SAMPLE_OFX.read_text().count("\n")  # the line of </OFX>


@pytest.mark.parametrize("opener", ["<STMTTRN>", "<X>", "<![CDATA["])
def test_deeply_nested_or_unclosed_ofx_is_scanned_in_linear_time(tmp_path: Path,
                                                                 opener: str) -> None:
    path = _ofx_with(tmp_path, opener * 20_000)

    def parse() -> str:
        result = parse_statement(path, ParseOptions())
        return f"{len(result.frame)} rows; {result.notes[0]}"

    out = run_limited(parse, (InputError,), seconds=10)
    assert out.kind in ("ok", "refused"), out
    assert out.seconds < 5, out
    if out.kind == "ok":  # read by the linear scanner, not by ofxparse's tree
        assert "read with scanner" in out.detail
