"""A seeded mutation fuzzer over ../shared/corpus (``bench.fuzz``): every mutant must be
imported or refused cleanly, each in a forked child bounded in time and memory; a traceback,
a hang, a memory blow-up or a death fails the test, which prints the seed and the mutant.

``RECON_FUZZ_N`` sets the number of mutants (default 240, about a minute on two CPUs;
thousands for a deeper run) and ``RECON_FUZZ_SEED`` the seed. One mutant again:
``python -m bench.fuzz --seed S --only I --keep DIR``.
"""

from __future__ import annotations

import os

import pytest

from bench import fuzz
from bench.sandbox import run_limited

N = int(os.environ.get("RECON_FUZZ_N", "240"))
SEED = int(os.environ.get("RECON_FUZZ_SEED", "19"))


@pytest.mark.skipif(not fuzz.CORPUS.is_dir(), reason=f"{fuzz.CORPUS} is absent")
def test_no_mutant_of_the_corpus_crashes_hangs_or_blows_up(
        capsys: pytest.CaptureFixture[str]) -> None:
    summary = fuzz.fuzz(N, SEED, fuzz.corpus_files())
    report = summary.report(SEED)
    with capsys.disabled():
        print("\n" + report)
    assert len(summary.outcomes) == N
    assert not summary.defects(), report


@pytest.mark.skipif(not fuzz.CORPUS.is_dir(), reason=f"{fuzz.CORPUS} is absent")
def test_a_mutant_is_made_again_from_its_seed_and_index() -> None:
    files = fuzz.corpus_files()
    first, again = fuzz.mutant(files, 7, 123), fuzz.mutant(files, 7, 123)
    assert (first.source, first.how, first.data) == (again.source, again.how, again.data)
    assert {fuzz.kind(fuzz.mutant(files, 7, i).source) for i in range(60)} >= {
        "ofx", "text", "xlsx"}


def test_the_sandbox_reports_hangs_blowups_and_tracebacks() -> None:
    def hang() -> str:
        while True:
            pass

    def blow_up() -> str:
        return str(len(bytearray(4 << 30)))

    def crash() -> str:
        return str([][0])

    assert run_limited(hang, (ValueError,), seconds=0.5).kind == "timeout"
    assert run_limited(blow_up, (ValueError,), memory=256 << 20).kind == "memory"
    out = run_limited(crash, (ValueError,))
    assert out.kind == "traceback" and "IndexError" in out.detail
    assert out.defect and not run_limited(lambda: "fine", (ValueError,)).defect
