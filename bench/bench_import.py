"""Benchmark of an upload of a 1,000,000-row long CSV: dry run and commit (a script, not a test).

The file is generated valid against the package's catalog and areas: every stadsdel of
Stockholm, primärområde of Göteborg and delområde of Malmö (from the crosswalks) × 3 sexes ×
every catalog indicator × years from 1968, values inside each indicator's plausible range,
cut at 1,000,000 rows. Each step runs in a fresh process, so that its peak memory is its
own: the peak resident set (VmHWM) of that process, interpreter and imports included.

- dry run: read + validate (``versions.read``) and ``preview`` against an empty store;
- commit: the same, then ``commit`` into a new store (SQLite; PostgreSQL if installed);
- identical re-upload: preview + commit of the same file into the store that holds it.

Budget (issue #4): ≤ 15 s and ≤ 1.5 GB. Run from the repository root::

    .venv/bin/python bench/bench_import.py [--rows 1000000] [--no-postgres]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core import settings
from indicators.ingest import versions
from indicators.table import schema
from indicators.table.catalog import read_catalog
from indicators.table.store import Store

CITIES = (("0180", "stadsdel", "stockholm"), ("1480", "primaromrade", "goteborg"))
CITIES += (("1280", "delomrade", "malmo"),)
BUDGET_S, BUDGET_MB = 15, 1536


def generate(path: Path, n_rows: int, data: Path) -> None:
    """Write an n-row long tidy CSV that the validator accepts."""
    catalog = read_catalog(data / "indicators" / "catalog.csv")
    areas = []
    for city, area_type, name in CITIES:
        xw = pd.read_csv(data / "crosswalks" / f"{name}_areas.csv", dtype=str)
        for code, area_name in zip(xw[f"{area_type}_code"], xw[f"{area_type}_name"], strict=True):
            areas.append((city, area_type, code, area_name))
    area = pd.DataFrame(areas, columns=["municipality_code", "area_type", "area_code", "area_name"])
    ids = list(catalog)
    per_year = len(area) * 3 * len(ids)
    years = np.arange(schema.YEAR_MIN, schema.YEAR_MIN + -(-n_rows // per_year))
    idx = np.arange(n_rows)
    a, s = idx % len(area), (idx // len(area)) % 3
    ind = (idx // (len(area) * 3)) % len(ids)
    year = years[idx // per_year]
    rng = np.random.default_rng(4)
    low, high, whole = [], [], []
    for i in ids:
        rule = schema.plausible(catalog[i]) if hasattr(schema, "plausible") else None
        lo = rule.low if rule and rule.low is not None else 0.0
        low.append(lo)
        high.append(rule.high if rule and rule.high is not None else lo + 100)
        whole.append(bool(rule and rule.whole))
    lo, hi, wh = np.array(low)[ind], np.array(high)[ind], np.array(whole)[ind]
    value = lo + rng.random(n_rows) * (hi - lo)
    value = np.where(wh, np.floor(value), np.round(value, 1))
    frame = area.iloc[a].reset_index(drop=True)
    frame["indicator"] = np.array(ids)[ind]
    frame["sex"] = np.array(["total", "women", "men"])[s]
    frame["year"] = year
    frame["value"] = value
    frame["ci_low"] = ""
    frame["ci_high"] = ""
    frame["flag"] = ""
    frame["source"] = "Benchmark, synthetic"
    frame[list(schema.TIDY_COLUMNS)].to_csv(path, index=False)


def _rss_mb() -> float:
    """Peak resident memory of this process so far (VmHWM), in MB.

    Not ``ru_maxrss``: Linux carries that over from the parent through fork and exec, so a
    step would report the generator's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(url: str, csv: str, commit: bool) -> dict:
    """One process's work: read, preview and maybe commit; times in seconds, memory in MB."""
    out: dict[str, float | int | str] = {"rss_after_imports_mb": _rss_mb()}
    store = Store.open(url)
    catalog = store.catalog()
    t0 = time.perf_counter()
    data = Path(csv).read_bytes()
    rows = versions.read(data, Path(csv).name, catalog)
    t1 = time.perf_counter()
    preview = versions.preview(
        store, rows, file_name=Path(csv).name, sha256=versions.sha256_bytes(data)
    )
    t2 = time.perf_counter()
    out.update(read_s=t1 - t0, preview_s=t2 - t1, rows=preview.n_rows, new=preview.n_new)
    if commit:
        result = versions.commit(store, preview, editor="bench")
        out.update(commit_s=time.perf_counter() - t2, status=result.status)
    out["total_s"] = time.perf_counter() - t0
    out["peak_rss_mb"] = _rss_mb()
    return out


def run_step(url: str, csv: Path, commit: bool) -> dict:
    args = [sys.executable, __file__, "--step", url, str(csv)] + (["--commit"] if commit else [])
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def new_store(url: str, data: Path) -> None:
    """A store with the catalog only (no package rows: an empty store to compare against)."""
    from indicators.table.package import read_package

    store = Store.open(url)
    with store.engine.begin() as conn:
        store.replace_catalog(conn, read_catalog(read_package(data).catalog.path))
    store.engine.dispose()


class Postgres:
    """A throwaway PostgreSQL on 127.0.0.1, as the tests start it."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise FileNotFoundError("PostgreSQL is not installed")
        self.bin = Path(found[-1]).parent
        self.user = "postgres" if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="jamlik-bench-pg-"))
        if self.user:
            shutil.chown(self.root, self.user)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        data = str(self.root / "data")
        self._run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8")
        # Production settings except the socket folder: durability costs are measured.
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", data, "-l", str(self.root / "log"), "-w", "-o", opts, "start")

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin / tool), *args]
        subprocess.run(cmd, user=self.user, capture_output=True, check=True)

    def database(self) -> str:
        import psycopg

        name = f"bench_{uuid.uuid4().hex[:8]}"
        base = f"postgresql://postgres@127.0.0.1:{self.port}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"{base}/{name}"

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "fast", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--step", nargs=2, metavar=("URL", "CSV"), help=argparse.SUPPRESS)
    parser.add_argument("--commit", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(step(*args.step, commit=args.commit)))
        return 0

    data = settings.data_dir()
    tmp = Path(tempfile.mkdtemp(prefix="jamlik-bench-import-"))
    pg = None
    try:
        csv = tmp / "long.csv"
        t = time.perf_counter()
        generate(csv, args.rows, data)
        print(
            f"{args.rows:,} rows, {csv.stat().st_size / 2**20:.0f} MiB CSV "
            f"(generated in {time.perf_counter() - t:.1f} s); Python {platform.python_version()}; "
            f"peak memory = VmHWM of the step's own process.\n"
        )
        engines = [("SQLite", lambda: f"sqlite:///{tmp / f'{uuid.uuid4().hex}.sqlite'}")]
        if not args.no_postgres:
            try:
                pg = Postgres()
                engines.append(("PostgreSQL", pg.database))
            except (FileNotFoundError, subprocess.CalledProcessError) as err:
                print(f"(PostgreSQL skipped: {err})\n")
        results = []
        for label, make_url in engines:
            url = make_url()
            new_store(url, data)
            if label == "SQLite":
                results.append(("dry run (read + validate + preview)", label, run_step(url, csv, False)))  # fmt: skip
            results.append(("commit (read + validate + preview + commit)", label, run_step(url, csv, True)))  # fmt: skip
            results.append(("identical re-upload (… + commit → unchanged)", label, run_step(url, csv, True)))  # fmt: skip
        print(
            "| step | store | read + validate | preview | commit | total | peak memory | status |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for name, label, r in results:
            commit = f"{r['commit_s']:.1f} s" if "commit_s" in r else "–"
            ok = r["total_s"] <= BUDGET_S and r["peak_rss_mb"] <= BUDGET_MB
            print(
                f"| {name} | {label} | {r['read_s']:.1f} s | {r['preview_s']:.1f} s | {commit} | "
                f"**{r['total_s']:.1f} s** | **{r['peak_rss_mb']:.0f} MB** | "
                f"{r.get('status', 'valid')}{'' if ok else ' (over budget)'} |"
            )
        base = results[0][2]["rss_after_imports_mb"]
        print(f"\nMemory after imports, before reading: {base:.0f} MB. Budget: ≤ {BUDGET_S} s, "
              f"≤ {BUDGET_MB / 1024:.1f} GB.")  # fmt: skip
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
