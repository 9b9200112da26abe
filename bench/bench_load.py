"""Benchmark: how many viewers one server holds with a median map page under 2x one viewer's time.

A script, not a test. One server on a free loopback port (a temporary var dir, warmed by
one visit); then, for each level, that many viewers open the Stockholm map at the same
moment (``bench/sessions.py``: Streamlit's websocket, no browser), each timed from
connecting to the page run's ``script_finished``. This is the server's share of a first
map: on this machine a browser per viewer would compete with the server for the same two
cores and measure the machine, not the server (SECURITY-REVIEW "Load"). Run from the
repository root::

    .venv/bin/python bench/bench_load.py [--levels 1 2 4 8 16] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
from pathlib import Path

from sessions import Server, session, sessions

#: The issue's bar: the median first map under this many times the single viewer's.
LIMIT = 2.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 2, 3, 4, 6, 8, 12, 16])
    parser.add_argument("--rounds", type=int, default=3, help="bursts per level")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jamlik-bench-load-") as tmp:
        var_dir = Path(tmp) / "var"
        var_dir.mkdir()
        with Server(var_dir) as server:
            asyncio.run(session(server.url))  # loads the package into the store
            asyncio.run(session(server.url))  # and fills the caches
            rows, single, held = [], None, 0
            for level in args.levels:
                times: list[float] = []
                for _ in range(args.rounds):
                    times += asyncio.run(sessions(server.url, level, concurrent=level))
                median = statistics.median(times)
                single = single or median
                ratio = median / single
                held = level if ratio < LIMIT else held
                rows.append((level, median, max(times), ratio, server.rss_mb()))
                if ratio > 2 * LIMIT:
                    break  # far past the bar: higher levels only take longer
    print(
        f"Viewers opening the Stockholm map at the same moment, {args.rounds} bursts per "
        "level; seconds from connecting to the end of the page run (server side).\n"
    )
    print("| viewers at once | median | slowest | median ÷ one viewer's | server RSS |")
    print("|---:|---:|---:|---:|---:|")
    for level, median, slowest, ratio, rss in rows:
        mark = "" if ratio < LIMIT else " (over 2×)"
        print(f"| {level} | {median:.2f} s | {slowest:.2f} s | {ratio:.2f}{mark} | {rss:.0f} MB |")
    print(f"\nOne server holds **{held}** viewers at once under {LIMIT:.0f}× one viewer's time.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
