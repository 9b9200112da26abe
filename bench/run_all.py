"""Run every benchmark script in bench/ and print their markdown tables under a machine header.

``make bench`` runs this. Each script runs in its own process (so one's imports and caches
do not flatter the next); its tables go to stdout, its log only shows if it fails. Run
from the repository root::

    .venv/bin/python bench/run_all.py [figures browser gaps]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# In this order: the quick in-process figures first, the slow server starts after.
SCRIPTS = ("figures", "browser", "gaps", "import", "export", "memory", "load", "journey")
CHROMIUM = "/usr/bin/chromium"


def _field(path: str, key: str, sep: str = ":") -> str:
    """The value of the first ``key<sep>value`` line of a /proc or /etc file, or '?'."""
    try:
        for line in Path(path).read_text().splitlines():
            name, found, value = line.partition(sep)
            if found and name.strip() == key:
                return value.strip().strip('"')
    except OSError:
        pass
    return "?"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _chromium() -> str:
    try:
        out = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
        return out.stdout.strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        return "not found"


def machine() -> str:
    """The markdown header: when, on what, with which versions."""
    mem_kb = int(_field("/proc/meminfo", "MemTotal").split()[0])
    os_name = _field("/etc/os-release", "PRETTY_NAME", "=")
    rows = [
        ("date", dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("machine", f"{os.cpu_count()} cores ({_field('/proc/cpuinfo', 'model name')})"),
        ("memory", f"{mem_kb / 1024 / 1024:.1f} GiB"),
        ("system", f"{os_name}, {platform.machine()}"),
        ("Python", platform.python_version()),
        ("streamlit", _version("streamlit")),
        ("plotly", _version("plotly")),
        ("pandas", _version("pandas")),
        ("geopandas", _version("geopandas")),
        ("playwright", _version("playwright")),
        ("chromium", _chromium()),
        ("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]
    return "\n".join(["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help=f"scripts to run, of {', '.join(SCRIPTS)}")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.only) - set(SCRIPTS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {SCRIPTS}")
    chosen = args.only or list(SCRIPTS)

    print("# Benchmarks of Jämlik stad\n")
    print(machine())
    failed = []
    for name in chosen:
        script = BENCH / f"bench_{name}.py"
        if not script.is_file():
            continue  # bench_gaps.py is written elsewhere and may not be there yet
        print(f"\n## {script.relative_to(REPO)}\n", flush=True)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, check=False
        )
        print(done.stdout.rstrip())
        print(f"\n_{script.name} took {time.perf_counter() - start:.0f} s._", flush=True)
        if done.returncode != 0:
            failed.append(script.name)
            print(f"\n**{script.name} failed with exit code {done.returncode}:**\n")
            print("```\n" + done.stderr[-4000:].rstrip() + "\n```")
    if failed:
        print(f"\nFailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
