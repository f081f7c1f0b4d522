"""``python -m bench.manifest2``: each MANIFEST-2 corpus file against its expected count.

Classes: EXACT (rows imported == expected_transactions), COUNT_DIFF (imported, another
count), REFUSED (the file was refused: one line), ERROR (anything else: a bug). Counts alone
do not prove values right; tests/parsers/test_corpus.py lists the files known to import
wrong values (KNOWN_WRONG) and checks every balance column reconciles.
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

from recon.errors import InputError
from recon.parsers import ParseOptions, parse_statement

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def corpus_path(repo: str, path: str) -> Path:
    """``owner/repo`` + ``a/b/x.csv`` -> ``corpus/owner__repo/a__b__x.csv``."""
    return CORPUS / repo.replace("/", "__") / path.replace("/", "__")


def manifest() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST-2.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def expected_count(cell: str) -> int:
    m = re.match(r"\s*(\d+)", cell)
    return int(m.group(1)) if m else -1


def classify(row: dict[str, str]) -> tuple[str, str]:
    path = corpus_path(row["repo"], row["path"])
    want = expected_count(row["expected_transactions"])
    try:
        result = parse_statement(path, ParseOptions(currency="USD"))
    except InputError as exc:
        return "REFUSED", exc.message
    except Exception as exc:  # noqa: BLE001 - a measurement: name the bug, go on
        return "ERROR", f"{type(exc).__name__}: {exc}"
    got, rej = len(result.frame), len(result.rejected)
    bad = sum(1 for r in result.rejected if r.bad)
    if bad:  # the import refuses the file unless --skip-bad-rows
        first = next(r for r in result.rejected if r.bad)
        return "REFUSED", f"{first.location}: {first.reason} (and {bad - 1} more bad rows)"
    cls = "EXACT" if got == want else "COUNT_DIFF"
    return cls, f"{got}/{want} imported, {rej} rejected ({bad} bad)"


def pin_lines() -> list[str]:
    """The current behaviour of each file as ``tests/parsers/test_corpus.py`` pins it."""
    out = []
    for n, row in enumerate(manifest()):
        path = corpus_path(row["repo"], row["path"])
        key = f"{path.parent.name}/{path.name}"
        try:
            result = parse_statement(path, ParseOptions(currency="USD"))
            value = repr((len(result.frame), len(result.rejected)))
        except InputError as exc:
            value = repr(exc.message[:40])
        out.append(f"    {key!r}: {value},  # {n}: {row['expected_transactions']}")
    return out


def main(argv: list[str]) -> None:
    if "--pin" in argv:
        print("\n".join(pin_lines()))
        return
    verbose = "-v" in argv
    counts: Counter[str] = Counter()
    start = time.perf_counter()
    for row in manifest():
        cls, detail = classify(row)
        counts[cls] += 1
        if verbose or cls != "EXACT":
            print(f"{cls:10} {row['repo']}/{row['path']}: {detail}")
    print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
          f"({sum(counts.values())} files, {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
