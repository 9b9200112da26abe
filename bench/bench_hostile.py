"""Benchmark of the red team's hostile uploads (issue 12 F1): time and peak memory to refuse.

Builds the files in a temporary folder, then reads each with ``read_upload`` in a fresh
process capped at 3 GB of address space and 300 s (so that the old reader cannot take the
machine down), and prints wall time, peak resident set and the first problem:

- ``corner.xlsx``: A1, B1 and one cell at XFD1048576 (about 5 KB, made with openpyxl);
- ``bomb_10m.xlsx`` and ``bomb_2m.xlsx``: zip bombs of 10,000,000 and 2,000,000 cells of
  ``<c><v>1</v></c>``, 10,000 to a row (about 0.6 and 0.13 MB, as the review's);
- ``wide.csv``: 300,000 columns (2.9 MB);
- ``detect_columns`` alone on 10k/20k/40k/80k columns (the quadratic part before).

Run from the repository root (``--repo`` points at another checkout, to measure "before")::

    .venv/bin/python bench/bench_hostile.py [--repo /work/main]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CAP_BYTES = 3 * 10**9
TIMEOUT_S = 300

_READ = """
import json, resource, sys, time
from pathlib import Path
from indicators.ingest.upload import UploadDefaults, read_upload
from indicators.core.problems import ProblemsError
from indicators.table.package import read_package
from indicators.table.catalog import read_catalog
from indicators.table.areas import AreaIndex
import os
package = read_package(Path(os.environ["JAMLIK_DATA"]))
catalog, areas = read_catalog(package.catalog.path), AreaIndex.from_package(package)
path = Path(sys.argv[1])
defaults = UploadDefaults("1480", "primaromrade", "life_expectancy", source="SCB")
start = time.perf_counter()
try:
    read_upload(path.read_bytes(), path.name, catalog=catalog, areas=areas, defaults=defaults)
    said = "accepted"
except ProblemsError as err:
    said = err.problems[0].text("en")[:110]
except MemoryError:
    said = "MemoryError"
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "said": said}))
"""

_DETECT = """
import json, sys, time
import pandas as pd
from indicators.ingest.columns import detect_columns, structure_problems
n = int(sys.argv[1])
raw = pd.DataFrame([["1"] * n], columns=[f"c{i}" for i in range(n)])
start = time.perf_counter()
guess = detect_columns(raw)
structure_problems(guess, list(raw.columns), "wide.csv")
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def corner_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["XFD1048576"] = "Område", "År", 1
    wb.save(path)


def bomb_xlsx(path: Path, cells: int = 10_000_000, per_row: int = 10_000) -> None:
    """A minimal workbook whose one sheet holds ``cells`` ones, ``per_row`` to a row."""
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    row = "<c><v>1</v></c>" * per_row
    rows = "".join(f'<row r="{r}">{row}</row>' for r in range(1, cells // per_row + 1))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else None
            out.writestr(item.filename, data if data is not None else src.read(item.filename))


def bomb_2m_xlsx(path: Path) -> None:
    bomb_xlsx(path, 2_000_000)


def wide_csv(path: Path, n: int = 300_000) -> None:
    path.write_text(",".join(f"c{i}" for i in range(n)) + "\n" + ",".join("1" * n) + "\n")


def _run(repo: Path, code: str, *args: str) -> dict:
    cmd = ["prlimit", f"--as={CAP_BYTES}", sys.executable, "-c", code, *args]
    env = {"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"}
    env["JAMLIK_DATA"] = os.environ.get("JAMLIK_DATA", str(repo / "data"))
    start = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
    except subprocess.TimeoutExpired:
        return {"seconds": TIMEOUT_S, "said": f"not finished after {TIMEOUT_S} s"}
    if out.returncode:
        return {"seconds": time.perf_counter() - start, "said": out.stderr.strip()[-110:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "corner.xlsx": corner_xlsx,
            "bomb_10m.xlsx": bomb_xlsx,
            "bomb_2m.xlsx": bomb_2m_xlsx,
            "wide.csv": wide_csv,
        }
        print(f"reader of {args.repo}\n")
        print("| file | size | time (s) | peak RSS (MB) | result |\n|---|---:|---:|---:|---|")
        for name, make in files.items():
            path = Path(tmp) / name
            make(path)
            r = _run(args.repo, _READ, str(path))
            size = f"{path.stat().st_size / 1024:.1f} KB"
            peak = f"{r['peak_mb']:.0f}" if "peak_mb" in r else "–"
            print(f"| {name} | {size} | {r['seconds']:.1f} | {peak} | {r['said']} |")
        print("\n| detect_columns + structure_problems | time (s) |\n|---|---:|")
        for n in (10_000, 20_000, 40_000, 80_000):
            r = _run(args.repo, _DETECT, str(n))
            print(f"| {n:,} columns | {r['seconds']:.2f} |")


if __name__ == "__main__":
    main()
