"""Performance benchmark: `recon run` stage by stage against the floors, in one process.

    python -m bench.run            # 1M-row CSV (and 250k for growth), 100k OFX 1.x/2.x, XLSX
    python -m bench.run --quick    # 100k-row CSV (and 25k for growth), 20k OFX/XLSX: < 1 min
    python -m bench.run --rows N   # another size

Each size is run with the catalogue written with ``match`` aliases and with the same
catalogue written with ``patterns`` (regular expressions, as users write them for shared
descriptors); the targets are checked for both. Each run, and the floor pipeline's, is done
``--repeat`` times (default 2), the two sides taking turns: the ratio is of each side's
shortest run, a stage's growth of its shortest times, the peak RSS the highest of any run
(this machine's speed moves by a fifth within minutes).

Generates seeded statements (bench/data.py), then times each stage of `recon run` on the CSV
(parse, normalise, store, match, detect, wait, save, report of the last month) with seconds, rows/s
and the peak RSS while the stage ran (with recon's writer process). As in `recon run`, a file
of many rows is stored by a writer process while match and detect run: "store" is the time
to plan the store and hand it over, "save" the time to write the matches and flags, which
first waits for the writer if it is still storing ("wait"). The writer's own time, from its
start to its commit, is printed under the total (it is not part of it: it runs beside match
and detect); the store's growth is that of the hand-off and the writer together, and the
wait, which is no work, has none. The floors are measured in the same run on the same file:
`pandas.read_csv` with typed dates and amounts, and the "floor pipeline" (read_csv, vectorised
cleaning with pandas string ops, rapidfuzz cdist of the unique keys against the catalogue, a
bulk SQLite insert). It prints the ratio of recon's total to the floor pipeline, the growth
factor of each stage between the small and the large size (linear: the size ratio), matching
against a naive per-row extractOne loop (timed on a sample, extrapolated), re-import of the
same file, OFX/XLSX parse times next to ofxtools (when installed) and python-calamine, and
recon next to `hledger print` with equivalent CSV rules (when hledger is installed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from bench import data


class Stage:
    """Wall time and the peak RSS while it ran (sampled from /proc every 20 ms)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.peak_mb = 0.0


def _rss_mb() -> float:
    """This process's resident size with its child processes' (recon's ledger writer)."""
    try:
        pids = ["self"]
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children") as fh:
                pids += fh.read().split()
        pages = 0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/statm") as fh:
                    pages += int(fh.read().split()[1])
            except OSError:  # a child that just ended
                pass
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # not Linux
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed() -> Iterator[Stage]:
    stage = Stage()
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            stage.peak_mb = max(stage.peak_mb, _rss_mb())
            stop.wait(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    t0 = time.perf_counter()
    try:
        yield stage
    finally:
        stage.seconds = time.perf_counter() - t0
        stop.set()
        thread.join()
        stage.peak_mb = max(stage.peak_mb, _rss_mb())


def recon_run(csv: Path, work: Path, subs: list[data.Plan],
              catalogue: str = "aliases") -> dict[str, Stage]:
    """`recon run csv -o report.xlsx` split into its stages (the same calls the CLI makes),
    with the catalogue written with ``match`` aliases or with ``patterns``."""
    from recon import detect, match, pipeline, report, rulebook, schema
    from recon import normalise as norm
    from recon.parsers import ParseOptions, parse_statement

    ws = pipeline.Workspace(work)
    pipeline.init_workspace(work)
    (ws.rules / "subscriptions.yaml").write_text(CATALOGUES[catalogue](subs))
    stages: dict[str, Stage] = {}
    with timed() as stages["parse"]:
        parsed = parse_statement(csv, ParseOptions(currency="GBP"))
    with timed() as stages["normalise"]:
        canonical = schema.validate(norm.normalise(parsed.frame))
    with timed() as stages["store"], ws.ledger() as ledger:  # a writer process, for many rows
        added = pipeline.store_rows(ledger, canonical, csv, parsed.parser, len(canonical), [],
                                    keep=True).added
    book = rulebook.load_rulebook(ws.rules)
    kept = [added] if added else []
    added_settle = added.settle if added else None
    del parsed, canonical, added  # as in `recon run`: only the rows the import kept live on
    with ws.ledger() as ledger:  # as `pipeline.analyse` does
        with timed() as stages["match"]:
            matched = pipeline.match_stored(ledger, book, kept, save=False)
        with timed() as stages["matcher"]:  # the matcher alone, again: what the naive loop does
            match.match_subscriptions(matched[list(schema.CANONICAL_COLUMNS)], book)
        as_of = matched["posted_date"].max() + dt.timedelta(days=1)
        with timed() as stages["detect"]:
            found = detect.detect(matched, book, as_of)
        with timed() as stages["wait"]:  # for the writer, if it is still storing
            ledger.settle()
        with timed() as stages["save"]:
            ledger.save_matches(matched)
            ledger.save_flags(found.flags)
            records = ledger.flag_records(list(found.flags["id"]))
    with timed() as stages["report"]:
        analysis = pipeline.Analysis(book, matched, found, as_of, records)
        period = report.choose_period(matched["posted_date"].max())
        content = report.build(analysis, period, pipeline.renewals(analysis),
                               pipeline.suggestions(analysis))
        report.write(content, work / "report.xlsx")
    stages["writer"] = Stage()  # the writer process's own time (beside match and detect)
    behind = getattr(added_settle, "__self__", None)
    stages["writer"].seconds = behind.seconds if behind is not None else 0.0
    # re-importing is another `recon import` (another process): nothing of the run is held
    del matched, found, records, analysis, content
    gc.collect()
    with timed() as stages["re-import"], ws.ledger() as ledger:
        again = parse_statement(csv, ParseOptions(currency="GBP"))
        ledger.store(schema.validate(norm.normalise(again.frame)), csv, again.parser,
                     len(again.frame), [], key_version=norm.CLEANER_VERSION)
    return stages


#: The bench's two catalogues of the same plans: one written with aliases, one with patterns.
CATALOGUES: dict[str, Callable[[list[data.Plan]], str]] = {
    "aliases": data.catalogue_yaml, "patterns": data.pattern_catalogue_yaml}


_CLEAN = [(r"^(?:SQ \*|PAYPAL \*|APL\*|GOOGLE \*)", ""), (r"\b\d{3,}\b", " "),
          (r"\b(?:LONDON|DUBLIN|AMSTERDAM|SEATTLE|BERLIN|PARIS)$", ""), (r"\s+", " ")]


def floor_pipeline(csv: Path, work: Path, subs: list[data.Plan]) -> dict[str, Stage]:
    """The least any tool must do: read, clean vectorised, score unique keys, insert.

    Reading and cleaning use pyarrow's CSV engine and string type, as the targets assume.
    """
    from rapidfuzz import fuzz, process

    stages: dict[str, Stage] = {}
    with timed() as stages["read_csv"]:
        frame = pd.read_csv(csv, dtype={"Account": str, "Description": str, "Currency": str,
                                        "Amount": str}, engine="pyarrow")
        frame["Date"] = pd.to_datetime(frame["Date"], format="%Y-%m-%d")
        frame["minor"] = (frame["Amount"].str.replace(".", "", regex=False)).astype("int64")
    with timed() as stages["clean+cdist"]:
        text = frame["Description"].astype("string[pyarrow]").str.upper()
        for pattern, repl in _CLEAN:
            text = text.str.replace(pattern, repl, regex=True)
        keys = text.str.strip().str.lower()
        unique = keys.unique()
        scores = process.cdist(list(unique), [p.descriptor.lower() for p in subs],
                               scorer=fuzz.token_set_ratio, workers=-1)
        best = scores.argmax(axis=1)
        frame["sub"] = pd.Series(best, index=unique)[keys].to_numpy()
    with timed() as stages["sqlite"]:
        db = sqlite3.connect(work / "floor.sqlite")
        db.execute("CREATE TABLE t (d TEXT, a TEXT, x TEXT, m INTEGER, k TEXT)")
        with db:
            db.executemany("INSERT INTO t VALUES (?,?,?,?,?)", zip(
                frame["Date"].dt.strftime("%Y-%m-%d"), frame["Account"], frame["Description"],
                frame["minor"].tolist(), keys.tolist(), strict=True))
        db.close()
    return stages


def naive_match_rate(csv: Path, subs: list[data.Plan], sample: int = 2000) -> float:
    """Rows per second of a per-row extractOne loop (the naive matcher), on a sample."""
    from rapidfuzz import fuzz, process

    texts = pd.read_csv(csv, nrows=sample)["Description"].str.lower().tolist()
    choices = [p.descriptor.lower() for p in subs]
    t0 = time.perf_counter()
    for text in texts:
        process.extractOne(re.sub(r"\d+", " ", text), choices, scorer=fuzz.token_set_ratio)
    return len(texts) / (time.perf_counter() - t0)


def parse_peers(frame: pd.DataFrame, work: Path) -> list[tuple[str, float, str, float | None]]:
    """recon's parse of OFX 1.x, OFX 2.x and XLSX next to ofxtools / python-calamine (the
    median of three runs each)."""
    from recon.parsers import ParseOptions, parse_statement

    out = []
    files = {"OFX 1.x (SGML)": work / "s1.ofx", "OFX 2.x (XML)": work / "s2.ofx",
             "XLSX": work / "s.xlsx"}
    data.write_ofx(frame, files["OFX 1.x (SGML)"], xml=False)
    data.write_ofx(frame, files["OFX 2.x (XML)"], xml=True)
    data.write_xlsx(frame, files["XLSX"])
    for label, path in files.items():  # each side's median of three: sub-second reads vary
        mine, theirs = [], []
        for _ in range(3):  # both sides timed alike: no RSS sampler, a collected heap
            gc.collect()
            t0 = time.perf_counter()
            parse_statement(path, ParseOptions(currency="GBP", account="bench"))
            mine.append(time.perf_counter() - t0)
            gc.collect()
            peer, seconds = _peer(label, path)
            theirs.append(seconds)
        out.append((label, statistics.median(mine), peer,
                    None if None in theirs else statistics.median(theirs)))  # type: ignore[type-var]
    return out


def _peer(label: str, path: Path) -> tuple[str, float | None]:
    try:
        if label.startswith("OFX"):
            from ofxtools.Parser import OFXTree  # type: ignore[import-not-found]

            t0 = time.perf_counter()
            tree = OFXTree()
            tree.parse(str(path))
            tree.convert()
            return "ofxtools parse+convert", time.perf_counter() - t0
        from python_calamine import CalamineWorkbook  # type: ignore[import-not-found]

        t0 = time.perf_counter()
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        return "python-calamine", time.perf_counter() - t0
    except ImportError:
        return "(peer not installed: pip install -e '.[bench]')", None


def _table(rows: list[list[Any]], head: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    line = lambda r: "| " + " | ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *(line(r) for r in rows)])


def run_size(rows: int, work: Path, subs: list[data.Plan], seed: int,
             say: Callable[[str], None], repeat: int = 2
             ) -> tuple[dict[str, list[dict[str, Stage]]], list[dict[str, Stage]], Path]:
    """recon with each catalogue and the floor pipeline on one generated CSV, ``repeat``
    times each, taking turns (a slow spell of the machine falls on both sides)."""
    import shutil

    csv = work / f"statements-{rows}.csv"
    data.write_csv(data.generate(rows, seed, n_subs=len(subs)), csv)
    say(f"{rows:,} rows: {csv.stat().st_size / 2**20:.0f} MB CSV")
    ours: dict[str, list[dict[str, Stage]]] = {name: [] for name in CATALOGUES}
    floor = []
    for n in range(repeat):
        for name in CATALOGUES:
            ws = work / f"ws-{rows}-{name}-{n}"
            ours[name].append(recon_run(csv, ws, subs, name))
            shutil.rmtree(ws, ignore_errors=True)
        (work / f"floor-{rows}-{n}").mkdir()
        floor.append(floor_pipeline(csv, work / f"floor-{rows}-{n}", subs))
        shutil.rmtree(work / f"floor-{rows}-{n}", ignore_errors=True)
    return ours, floor, csv


#: the stages of `recon run`, in order: their sum is the run's time
STAGES = ["parse", "normalise", "store", "match", "detect", "wait", "save", "report"]


def _best(runs: list[dict[str, Stage]], stages: list[str] | None = None) -> dict[str, Stage]:
    """The run with the shortest total (of ``stages``, or of all)."""
    return min(runs, key=lambda r: sum(st.seconds for k, st in r.items()
                                       if stages is None or k in stages))


def _fastest(runs: list[dict[str, Stage]]) -> dict[str, Stage]:
    """Each stage's shortest time over the runs (for growth: a stage against itself)."""
    out = {}
    for name in runs[0]:
        out[name] = Stage()
        out[name].seconds = min(r[name].seconds for r in runs)
    return out


def report_catalogue(name: str, runs: list[dict[str, Stage]], small_runs: list[dict[str, Stage]],
                     floor_runs: list[dict[str, Stage]], floor_small_runs: list[dict[str, Stage]],
                     big: int, small: int, naive: float) -> None:
    """The stage table and the targets of one catalogue's runs: the table and the ratio are
    of the shortest run of each side, the growth of each stage's shortest time at each size,
    the peak RSS the highest of any run."""
    stages = STAGES
    ours, ours_small = _best(runs, stages), _best(small_runs, stages)
    floor = _best(floor_runs)
    fast, fast_small = _fastest(runs), _fastest(small_runs)
    # growth is of work: waiting for the writer is none; the store's is the hand-off and the
    # writer's own time (a hand-off alone is a few tenths of a second of noisy timing)
    grown = [s for s in stages if s != "wait"]
    total = sum(ours[s].seconds for s in stages)
    floor_total = sum(s.seconds for s in floor.values())

    def grew(s: str) -> float:
        def work(run: dict[str, Stage]) -> float:
            return run[s].seconds + (run["writer"].seconds if s == "store" else 0.0)
        return work(fast) / max(work(fast_small), 1e-9)

    def growth_of(s: str) -> str:
        return f"{grew(s):.2f}" if s in grown else ""

    rows = [[s, f"{ours[s].seconds:.2f}",
             f"{big / ours[s].seconds:,.0f}" if s in grown else "",
             f"{ours[s].peak_mb:,.0f}", growth_of(s)] for s in stages]
    rows.append(["recon run total", f"{total:.2f}", f"{big / total:,.0f}",
                 f"{max(st.peak_mb for run in runs for st in run.values()):,.0f}",
                 f"{total / sum(ours_small[s].seconds for s in stages):.2f}"])
    if ours["writer"].seconds:
        rows.append(["(writer process)", f"{ours['writer'].seconds:.2f}",
                     f"{big / ours['writer'].seconds:,.0f}", "(above)", "(in store)"])
    floor_fast, floor_fast_small = _fastest(floor_runs), _fastest(floor_small_runs)
    for stage, st in floor.items():
        floor_grew = floor_fast[stage].seconds / max(floor_fast_small[stage].seconds, 1e-9)
        rows.append([f"floor: {stage}", f"{st.seconds:.2f}", f"{big / st.seconds:,.0f}",
                     f"{st.peak_mb:,.0f}", f"{floor_grew:.2f}"])
    rows.append(["floor pipeline total", f"{floor_total:.2f}", f"{big / floor_total:,.0f}",
                 "", ""])
    print()
    print(f"catalogue written with {name}:")
    print(_table(rows, ["stage", "seconds", "rows/s", "peak RSS MB",
                        f"growth {small // 1000}k->{big // 1000}k"]))
    reimport = ours["re-import"].seconds
    first = sum(ours[s].seconds for s in ("parse", "normalise", "store"))
    peak = max(st.peak_mb for run in runs for st in run.values())
    growth = max(grew(s) for s in grown)
    print()
    targets = [
        ("recon run <= 2x floor pipeline", total / floor_total, 2.0),
        ("peak RSS <= 2 GB", peak / 1024, 2.0),
        ("matching >= 20x naive per-row loop (the matcher on the same rows; the match "
         f"stage with its ledger read and write: {(big / naive) / ours['match'].seconds:.1f}x)",
         (big / naive) / ours["matcher"].seconds, None),
        ("re-import <= 1.5x first import", reimport / first, 1.5),
        (f"no stage grows faster than rows (x{big / small:.0f})", growth / (big / small),
         1.25),
    ]
    for label, value, limit in targets:
        if limit is None:
            ok = value >= 20
            print(f"{'MET ' if ok else 'MISS'}  {name}: {label}: {value:.1f}x")
        else:
            ok = value <= limit
            print(f"{'MET ' if ok else 'MISS'}  {name}: {label}: {value:.2f} (limit {limit})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k rows: under a minute")
    parser.add_argument("--rows", type=int, help="rows of the large CSV (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each side at each size; the shortest counts (default 2)")
    args = parser.parse_args(argv)
    big = args.rows or (100_000 if args.quick else 1_000_000)
    small = big // 4
    peer_rows = min(20_000 if args.quick else 100_000, big)
    subs = data.plans(300, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        say = lambda s: print(s, flush=True)  # noqa: E731
        ours_small, floor_small, _ = run_size(small, work, subs, args.seed, say, args.repeat)
        ours, floor, csv = run_size(big, work, subs, args.seed, say, args.repeat)
        naive = naive_match_rate(csv, subs)
        print(f"naive extractOne loop: {naive:,.0f} rows/s -> {big / naive:,.0f} s for "
              f"{big:,} rows (extrapolated from a 2,000-row sample)")
        for name in CATALOGUES:
            report_catalogue(name, ours[name], ours_small[name], floor, floor_small, big, small,
                             naive)
        print()
        peers = parse_peers(data.generate(peer_rows, args.seed + 1, n_accounts=1), work)
        for label, ours_s, peer, seconds in peers:
            if seconds is None:
                print(f"{label} {peer_rows:,} rows: recon {ours_s:.2f} s; {peer}")
                continue
            limit = 2.0 if label == "XLSX" else 1.0
            ratio = ours_s / seconds
            print(f"{'MET ' if ratio <= limit else 'MISS'}  {label} {peer_rows:,} rows: recon "
                  f"{ours_s:.2f} s, {peer} {seconds:.2f} s: {ratio:.2f}x (limit {limit}x)")
        hledger_line(data.generate(peer_rows, args.seed, n_subs=len(subs)), work, subs)


def hledger_rules(subs: list[data.Plan]) -> str:
    """hledger CSV rules equivalent to the catalogue: one ``if`` block per subscription."""
    head = ("skip 1\nfields date, card, description, amount, currency\n"
            "date-format %Y-%m-%d\naccount1 assets:cards:%card\naccount2 expenses:unknown\n\n")
    return head + "".join(f"if {p.descriptor}\n  account2 expenses:subscriptions:"
                          f"{p.name.replace(' ', '-')}\n\n" for p in subs)


def hledger_line(frame: pd.DataFrame, work: Path, subs: list[data.Plan]) -> None:
    """recon against hledger's CSV import of the same file with the same rules, in rows/s."""
    import shutil
    import subprocess

    if shutil.which("hledger") is None:
        print("hledger: not installed (apt-get install hledger); comparison skipped")
        return
    csv = work / "hledger.csv"
    data.write_csv(frame, csv)
    rules = work / "hledger.rules"
    rules.write_text(hledger_rules(subs))
    t0 = time.perf_counter()
    done = subprocess.run(["hledger", "-f", str(csv), "--rules-file", str(rules), "print"],
                          capture_output=True, text=True, check=False)
    theirs = time.perf_counter() - t0
    if done.returncode != 0:
        print(f"hledger: failed ({done.stderr.strip()[:200]}); comparison skipped")
        return
    stages = recon_run(csv, work / "ws-hledger", subs)
    rows = len(frame)
    # hledger print reads the CSV, applies the rules and writes the journal: recon's import
    # and match do that job; the whole run also runs the detectors and writes the workbook
    job = sum(stages[s].seconds for s in ("parse", "normalise", "store", "match", "save"))
    run = job + stages["detect"].seconds + stages["report"].seconds
    ratio = (rows / job) / (rows / theirs)
    print(f"{'MET ' if ratio >= 20 else 'MISS'}  recon >= 20x hledger's rows/s on {rows:,} rows "
          f"({len(subs)} if-rules): recon import+match {rows / job:,.0f} rows/s ({job:.2f} s), "
          f"hledger print {rows / theirs:,.0f} rows/s ({theirs:.2f} s): {ratio:.1f}x "
          f"(the whole recon run, with detectors and report: {rows / run:,.0f} rows/s, "
          f"{theirs / run:.1f}x)")

if __name__ == "__main__":
    main()
