"""A seeded mutation fuzzer over the statement corpus: each mutant is imported into a fresh
workspace in a forked child under a time and memory bound (``bench.sandbox``).

    python -m bench.fuzz [-n 5000] [--seed 1] [--only I] [--keep DIR] [CORPUS]

Mutant ``i`` of seed ``s`` is made from ``random.Random(f"{s}:{i}")`` alone, so any one can be
made again (``--only i``). Mutations: byte flips, truncation, line duplication and deletion,
NULs, re-encodings, huge and non-finite numbers, deep nesting, long lines, and for XLSX
packages damage to the zip and to the XML inside it. A mutant is ``ok`` (imported),
``refused`` (a clean recon error) or a defect: a traceback, a hang, a memory blow-up, or a
death. The summary counts them by format; each defect is printed with its seed and index.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import select
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.sandbox import Child, Outcome

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SUFFIXES = (".csv", ".tsv", ".txt", ".ofx", ".qfx", ".qbo", ".sgml", ".xls", ".xlsx", ".xml",
            ".qif", ".sta")
SECONDS = 10.0
MEMORY = 1 << 30

Mutator = Callable[[random.Random, bytes], tuple[bytes, str]]


def corpus_files(root: Path = CORPUS) -> list[Path]:
    """Every statement file of the corpus (not the manifests), in a fixed order."""
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and p.suffix.lower() in SUFFIXES and p.name != "MANIFEST-2.tsv")


def kind(path: Path) -> str:
    """The format family a file's mutants are counted under."""
    suffix = path.suffix.lower()
    if suffix in (".ofx", ".qfx", ".qbo", ".sgml"):
        return "ofx"
    if suffix in (".xlsx", ".xls", ".xml"):
        return suffix[1:]
    return "text"


# --- mutations of any bytes ---------------------------------------------------------------

def flip_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    out = bytearray(data)
    n = rng.choice((1, 2, 8, 64))
    for _ in range(n):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out), f"flip {n} bytes"


def truncate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data))
    return data[:at], f"truncate at {at}"


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def duplicate_lines(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    times = rng.choice((1, 2, 50, 3000))
    return b"".join(lines[:i] + [lines[i]] * (times + 1) + lines[i + 1:]), \
        f"line {i + 1} x{times + 1}"


def delete_lines(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    n = rng.choice((1, 1, 3, 20))
    return b"".join(lines[:i] + lines[i + n:]), f"delete lines {i + 1}..{i + n}"


def insert_nuls(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    n = rng.choice((1, 4, 5000))
    return data[:at] + b"\0" * n + data[at:], f"{n} NULs at {at}"


_CODECS = ("utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252", "gb18030", "shift_jis",
           "utf-32", "latin-1")


def reencode(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="replace") if rng.random() < 0.5 else data.decode("latin-1")
    codec = rng.choice(_CODECS)
    return text.encode(codec, errors="replace"), f"re-encoded as {codec}"


_NUMBER = re.compile(rb"-?\d+(?:[.,]\d+)?")
_HUGE = (b"9" * 40, b"1e999999", b"inf", b"-inf", b"nan", b"NaN", b"9223372036854775808",
         b"-9223372036854775809", b"1" * 5000, b"1E+308", b"0." + b"0" * 400 + b"1",
         b"99999999999999999999.99", b"-0", b"1" * 300_000)


def huge_number(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    found = list(_NUMBER.finditer(data[:200_000]))
    if not found:
        return flip_bytes(rng, data)
    m = rng.choice(found)
    new = rng.choice(_HUGE)
    return data[:m.start()] + new + data[m.end():], f"number at {m.start()} -> {new[:24]!r}"


def deep_nesting(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    tags = [m.start() for m in re.finditer(rb"<[A-Za-z]", data[:200_000])]
    depth = rng.choice((100, 5000, 50_000))
    if tags:
        at = rng.choice(tags)
        name = re.match(rb"<([A-Za-z][\w.:]*)", data[at:]).group(1)  # type: ignore[union-attr]
        opener = rng.choice((b"<" + name + b">", b"<STMTTRN>", b"<a>", b"<![CDATA["))
        return data[:at] + opener * depth + data[at:], f"{opener!r} x{depth} at {at}"
    at = rng.randrange(len(data) + 1)
    opener = rng.choice((b'"', b"(", b"["))
    return data[:at] + opener * depth + data[at:], f"{opener!r} x{depth} at {at}"


def long_line(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    fill = rng.choice((b",", b";", b"\t", b"x", b'"'))
    n = rng.choice((1000, 20_000, 100_000))
    return b"".join(lines[:i] + [fill * n + b"\n"] + lines[i:]), f"{fill!r} x{n} at line {i + 1}"


TEXT_MUTATORS: tuple[Mutator, ...] = (flip_bytes, truncate, duplicate_lines, delete_lines,
                                      insert_nuls, reencode, huge_number, deep_nesting, long_line)

# --- XLSX packages -------------------------------------------------------------------------

_XML_EDITS = (
    (rb'<c r="[A-Z]+\d+"', b'<c r="XFD1048576"'), (rb'<c r="([A-Z]+)\d+"', b'<c r="\\g<1>999999"'),
    (rb"<c r=\"[A-Z]+\d+\"", b"<c"), (rb't="s"', b't="e"'), (rb"<v>\d+</v>", b"<v>99999</v>"),
    (rb"<v>[^<]*</v>", b"<v>1e999999</v>"), (rb"<v>[^<]*</v>", b"<v>nan</v>"),
    (rb'<row r="\d+"', b'<row r="1048577"'), (rb'<row r="\d+"', b'<row r="x"'),
    (rb'ref="[A-Z0-9:]+"', b'ref="A1:XFD1048576"'),
    (rb"<\?xml[^>]*\?>", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'),
)


def _repack(members: list[tuple[zipfile.ZipInfo, bytes]], method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for info, body in members:
            archive.writestr(info.filename, body)
    return out.getvalue()


def damage_zip(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [(i, archive.read(i)) for i in archive.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return flip_bytes(rng, data)
    xml = [k for k, (i, _) in enumerate(members) if i.filename.endswith((".xml", ".rels"))]
    choice = rng.randrange(6)
    if choice == 0 and xml:  # mutate the text of one part, as any text file
        k = rng.choice(xml)
        mutator = rng.choice(TEXT_MUTATORS)
        body, how = mutator(rng, members[k][1])
        members[k] = (members[k][0], body)
        return _repack(members, zipfile.ZIP_DEFLATED), f"{members[k][0].filename}: {how}"
    if choice == 1 and xml:  # an edit that targets what spreadsheet readers allocate by
        k = rng.choice(xml)
        pattern, repl = rng.choice(_XML_EDITS)
        body = re.sub(pattern, repl, members[k][1], count=rng.choice((1, 0)))
        members[k] = (members[k][0], body)
        return _repack(members, zipfile.ZIP_DEFLATED), f"{members[k][0].filename}: {repl[:30]!r}"
    if choice == 2:  # a part removed
        k = rng.randrange(len(members))
        name = members[k][0].filename
        return _repack(members[:k] + members[k + 1:], zipfile.ZIP_DEFLATED), f"without {name}"
    if choice == 3:  # stored instead of deflated, then bytes flipped inside the XML
        body, how = flip_bytes(rng, _repack(members, zipfile.ZIP_STORED))
        return body, f"stored, {how}"
    if choice == 4:  # a padding part that expands a lot
        size = rng.choice((1 << 20, 300 << 20))
        members.append((zipfile.ZipInfo("xl/media/pad.bin"), b"\0" * size))
        return _repack(members, zipfile.ZIP_DEFLATED), f"padding part of {size >> 20} MB"
    body, how = rng.choice((flip_bytes, truncate))(rng, data)
    return body, f"zip bytes: {how}"


@dataclass
class Mutant:
    index: int
    source: Path
    how: str
    data: bytes
    currency: str | None = None  # as if given with --currency

    @property
    def kind(self) -> str:
        return kind(self.source)


def mutant(files: list[Path], seed: int, index: int) -> Mutant:
    """Mutant ``index`` of ``seed``: made from its own random stream, so alone reproducible."""
    rng = random.Random(f"{seed}:{index}")
    families: dict[str, list[Path]] = {}
    for f in files:
        families.setdefault(kind(f), []).append(f)
    source = rng.choice(families[rng.choice(sorted(families))])  # each format as often
    data = source.read_bytes() or b"\n"
    if source.suffix.lower() == ".xlsx" and data.startswith(b"PK") and rng.random() < 0.8:
        body, how = damage_zip(rng, data)
    else:
        mutator = rng.choice(TEXT_MUTATORS)
        body, how = mutator(rng, data)
    if rng.random() < 0.15:  # and sometimes a second mutation on top
        mutator = rng.choice(TEXT_MUTATORS)
        body, more = mutator(rng, body or b"\n")
        how += f"; {more}"
    return Mutant(index, source, how, body, rng.choice((None, "USD")))


def import_mutant(path: Path, ledger: Path, currency: str | None = None) -> str:
    """Parse, normalise and store one file into a copy of an empty ledger (the workspace's
    rules are not read: they are the same for every mutant).

    Raises:
        ReconError: the file was refused.
    """
    from recon.parsers import ParseOptions
    from recon.pipeline import import_file
    from recon.store import Ledger

    copy = path.with_suffix(".sqlite")
    copy.write_bytes(ledger.read_bytes())
    try:
        with Ledger(copy) as stored:
            report = import_file(path, stored, ParseOptions(currency=currency))
        return f"{report.imported} imported, {len(report.rejected)} rejected"
    finally:
        copy.unlink()


def start_mutant(m: Mutant, work: Path, ledger: Path, seconds: float = SECONDS,
                 memory: int = MEMORY) -> tuple[Child, Path]:
    from recon.errors import ReconError

    path = work / f"mutant-{m.index}{m.source.suffix}"
    path.write_bytes(m.data)
    return Child(lambda: import_mutant(path, ledger, m.currency), (ReconError,), seconds,
                 memory), path


@dataclass
class Summary:
    outcomes: list[tuple[Mutant, Outcome]]
    seconds: float

    def defects(self) -> list[tuple[Mutant, Outcome]]:
        return [(m, o) for m, o in self.outcomes if o.defect]

    def report(self, seed: int) -> str:
        counts: dict[str, Counter[str]] = {}
        for m, o in self.outcomes:
            counts.setdefault(m.kind, Counter())[o.kind] += 1
        total: Counter[str] = Counter(o.kind for _, o in self.outcomes)
        lines = [f"{'format':8} {'mutants':>8} {'refused':>8} {'accepted':>9} {'defects':>8}"]
        for name, c in [*sorted(counts.items()), ("all", total)]:
            defects = sum(c[k] for k in c if k not in ("ok", "refused"))
            lines.append(f"{name:8} {sum(c.values()):8d} {c['refused']:8d} {c['ok']:9d} "
                         f"{defects:8d}")
        slowest = max(self.outcomes, key=lambda mo: mo[1].seconds, default=None)
        biggest = max(self.outcomes, key=lambda mo: mo[1].peak_mb, default=None)
        lines.append(f"{len(self.outcomes)} mutants in {self.seconds:.0f} s (seed {seed})")
        if slowest and biggest:
            lines.append(f"slowest {slowest[1].seconds:.2f} s (mutant {slowest[0].index}, "
                         f"{slowest[0].source.name}: {slowest[0].how}); most memory "
                         f"{biggest[1].peak_mb} MB (mutant {biggest[0].index})")
        for m, o in self.defects():
            lines.append(f"DEFECT seed {seed} mutant {m.index} [{o.kind}, {o.seconds:.1f} s, "
                         f"{o.peak_mb} MB] {m.source.relative_to(m.source.parents[1])}: {m.how}"
                         f" (currency {m.currency})"
                         f"\n    " + "\n    ".join(o.detail.strip().splitlines()[-6:]))
        return "\n".join(lines)


def fuzz(n: int, seed: int, files: list[Path], only: int | None = None,
         keep: Path | None = None, progress: Callable[[str], None] | None = None,
         jobs: int = 0) -> Summary:
    """Run mutants ``0..n-1`` of ``seed`` (or just ``only``), ``jobs`` at a time (default:
    one per CPU)."""
    from recon.pipeline import init_workspace  # loaded once here, not again in every child

    started = time.monotonic()
    outcomes: list[tuple[Mutant, Outcome]] = []
    pending = [only] if only is not None else list(range(n))
    pending.reverse()
    jobs = jobs or max(1, len(os.sched_getaffinity(0)))
    running: list[tuple[Mutant, Child, Path]] = []
    with tempfile.TemporaryDirectory() as tmp:
        init_workspace(Path(tmp) / "ws")
        ledger = Path(tmp) / "ws" / "ledger.sqlite"
        while pending or running:
            while pending and len(running) < jobs:
                m = mutant(files, seed, pending.pop())
                running.append((m, *start_mutant(m, Path(tmp), ledger)))
            select.select([c.read_end for _, c, _ in running], [], [], 0.05)
            for entry in [e for e in running if e[1].done()]:
                running.remove(entry)
                m, child, path = entry
                path.unlink()
                assert child.outcome is not None
                outcomes.append((m, child.outcome))
                if child.outcome.defect and keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / f"seed{seed}-mutant{m.index}{m.source.suffix}").write_bytes(m.data)
                if progress and len(outcomes) % 100 == 0:
                    progress(f"{len(outcomes)} mutants, {time.monotonic() - started:.0f} s")
    outcomes.sort(key=lambda mo: mo[0].index)
    return Summary(outcomes, time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    ap.add_argument("-n", type=int, default=300, help="mutants to run (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", type=int, help="run just this mutant index")
    ap.add_argument("--keep", type=Path, help="write each defective mutant into this folder")
    ap.add_argument("--jobs", type=int, default=0, help="mutants at a time (default: CPUs)")
    args = ap.parse_args(argv)
    files = corpus_files(args.corpus)
    if not files:
        print(f"{args.corpus}: no statement files", file=sys.stderr)
        return 2
    summary = fuzz(args.n, args.seed, files, args.only, args.keep,
                   lambda s: print(s, file=sys.stderr, flush=True), args.jobs)
    print(summary.report(args.seed))
    return 1 if summary.defects() else 0


if __name__ == "__main__":
    sys.exit(main())
