"""Benchmark: the server's memory across rounds of visitor sessions, which must stay flat.

A script, not a test. Each variant starts its own server on a free loopback port (a
temporary var dir, filled once by a warm-up visit) and runs ``--rounds`` rounds of
``--sessions`` map visits (``bench/sessions.py``: Streamlit's websocket, no browser),
``--concurrent`` at a time. After each round it waits until the closed sessions have
expired (``server.disconnectedSessionTTL``, shortened to ``--ttl`` seconds so that a run
takes minutes, not hours) and reads the server's resident memory from /proc. Flat means
round 3 holds no more than round 1 plus a few MB. Run from the repository root::

    .venv/bin/python bench/bench_memory.py [--rounds 3 --sessions 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from sessions import Server, session, sessions

#: (label, extra environment of the server): variants to compare side by side.
VARIANTS: tuple[tuple[str, dict[str, str | None]], ...] = (
    ("as `jamlik serve` starts it", {}),
    ("MALLOC_ARENA_MAX=2 (two glibc heaps)", {"MALLOC_ARENA_MAX": "2"}),
)


def run(variant: str, env: dict[str, str | None], args: argparse.Namespace, tmp: Path) -> list[str]:
    var_dir = tmp / f"var-{len(list(tmp.iterdir()))}"
    var_dir.mkdir()
    ttl = ("--server.disconnectedSessionTTL", str(args.ttl))
    with Server(var_dir, *ttl, env=env) as server:
        asyncio.run(session(server.url))  # loads the package into the store: not counted
        time.sleep(args.ttl + 3)
        rss = [server.rss_mb()]
        times: list[float] = []
        for _ in range(args.rounds):
            times += asyncio.run(sessions(server.url, args.sessions, args.concurrent))
            time.sleep(args.ttl + 3)  # the round's sessions expire and are dropped
            rss.append(server.rss_mb())
    per_round = [f"{b - a:+.0f}" for a, b in zip(rss, rss[1:], strict=False)]
    return [
        variant,
        f"{rss[0]:.0f}",
        " / ".join(f"{x:.0f}" for x in rss[1:]),
        " / ".join(per_round),
        f"{(rss[-1] - rss[1]) / (args.sessions * (args.rounds - 1)) * 1024:.0f} kB",
        f"{statistics.median(times):.2f} s",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=30, help="sessions per round")
    parser.add_argument("--concurrent", type=int, default=3, help="sessions at a time")
    parser.add_argument("--ttl", type=int, default=5, help="seconds a closed session is kept")
    parser.add_argument("--only", type=int, help="run only this variant (0 = as served)")
    args = parser.parse_args(argv)
    chosen = VARIANTS if args.only is None else (VARIANTS[args.only],)
    print(
        f"Server RSS in MB: after a warm-up visit, then after each of {args.rounds} rounds of "
        f"{args.sessions} map sessions ({args.concurrent} at a time; closed sessions expired "
        f"after {args.ttl} s).\n"
    )
    print(
        "| server | warm | after each round | change per round | kept per session "
        "after round 1 | median session |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="jamlik-bench-memory-") as tmp:
        for variant, env in chosen:
            print("| " + " | ".join(run(variant, env, args, Path(tmp))) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
