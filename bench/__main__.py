"""``python -m bench``: the performance benchmark (bench/run.py)."""

from bench.run import main

main()
