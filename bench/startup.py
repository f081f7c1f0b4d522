"""Start-up time of the command line: ``recon --help``, ``recon --version`` and ``recon flags``
on the samples' workspace, each the median of N fresh processes (wall seconds).

    python -m bench.startup [-n 7] [--floors]

``--floors`` exits 1 when a median is above its floor (0.3 s for --help/--version, 1 s for
flags). For the import-by-import breakdown: ``python -X importtime -m recon --help``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {"--help": 0.3, "--version": 0.3, "flags": 1.0}


def _time(args: list[str], runs: int, env: dict[str, str]) -> float:
    walls = []
    for _ in range(runs + 1):  # the first run warms the disk cache and is not counted
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "recon", *args], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=7, help="runs per command (median)")
    parser.add_argument("--floors", action="store_true", help="fail above the floors")
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        subprocess.run([sys.executable, "-m", "recon", "-q", "init", str(ws)], check=True, env=env)
        subprocess.run([sys.executable, "-m", "recon", "-q", "-w", str(ws), "run",
                        str(ROOT / "samples"), "-o", str(Path(tmp) / "r.xlsx")], check=True,
                       env=env)
        results = {
            "--help": _time(["--help"], args.n, env),
            "--version": _time(["--version"], args.n, env),
            "flags": _time(["-w", str(ws), "flags"], args.n, env),
        }
    slow = []
    for name, seconds in results.items():
        mark = "" if seconds <= FLOORS[name] else f"  (floor {FLOORS[name]} s)"
        print(f"recon {name:10} {seconds:6.3f} s median of {args.n}{mark}")
        if mark:
            slow.append(name)
    return 1 if args.floors and slow else 0


if __name__ == "__main__":
    sys.exit(main())
