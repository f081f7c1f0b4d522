"""Time and peak memory of importing each file in ../shared/hostile/import.

    python -m bench.hostile [--seconds 30] [--memory-mb 2048] [DIR]

Each file is imported into a fresh workspace in a forked child (``bench.sandbox``) with a
time and address-space bound, and one line per file says how it ended: ``ok`` (imported, with
the rows and rejections), ``refused`` (a clean recon error, its first line shown), or a defect:
``traceback``, ``timeout``, ``memory``, ``died``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bench.sandbox import Outcome, run_limited

HOSTILE = Path(__file__).resolve().parent.parent.parent / "shared" / "hostile" / "import"


def import_one(path: Path) -> str:
    """Import ``path`` into a new workspace; the summary of what was stored.

    Raises:
        ReconError: the file was refused.
    """
    from recon.pipeline import Workspace, import_files, init_workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        init_workspace(root, currency="EUR")  # as a user with a EUR workspace
        (report,) = import_files([path], Workspace(root))
        if report.error is not None:
            raise report.error
        return (f"{report.imported} imported, {len(report.rejected)} rejected "
                f"({sum(r.bad for r in report.rejected)} bad)")


def measure(path: Path, seconds: float, memory: int) -> Outcome:
    from recon.errors import ReconError

    return run_limited(lambda: import_one(path), (ReconError,), seconds, memory)


def table(rows: Iterable[tuple[str, Outcome]]) -> str:
    lines = [f"{'file':58} {'outcome':9} {'seconds':>8} {'cpu s':>6} {'peak MB':>8}  detail"]
    for name, out in rows:
        detail = out.detail.strip().splitlines()
        first = detail[-1 if out.kind == "traceback" else 0] if detail else ""
        lines.append(
            f"{name[:58]:58} {out.kind:9} {out.seconds:8.2f} {out.cpu:6.2f} {out.peak_mb:8d}  "
            f"{first[:110]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    ap.add_argument("folder", nargs="?", type=Path, default=HOSTILE)
    ap.add_argument("--seconds", type=float, default=30.0, help="time bound per file")
    ap.add_argument("--memory-mb", type=int, default=2048,
                    help="address space a file may add to the process")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder", file=sys.stderr)
        return 2
    results = [(p.name, measure(p, args.seconds, args.memory_mb << 20))
               for p in sorted(args.folder.iterdir())]
    print(table(results))
    return 1 if any(out.defect for _, out in results) else 0


if __name__ == "__main__":
    sys.exit(main())
