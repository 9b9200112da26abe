"""Benchmark of figure and data export (a script, not a test): kaleido with Debian's chromium.

Times, on the bundled package (Göteborg, life expectancy 2024):

- the start of the process's one kaleido browser (the first image of a server process);
- warm export time per figure type and format: median of repeated runs, the figure laid
  out for export and rendered (PNG 2×, SVG, PDF at A4 width; PNG on a 16:9 slide), the
  description embedded; CSV and XLSX;
- the Göteborg city report end to end: 96 primärområden, one A4 PDF page each, merged;
- ``jamlik export`` as a new process (store already loaded), a map as PNG and CSV.

Run from the repository root::

    .venv/bin/python bench/bench_export.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per cell (median)")
    args = parser.parse_args()
    var = Path(os.environ.get("JAMLIK_VAR_DIR") or tempfile.mkdtemp(prefix="jamlik-bench-"))
    os.environ["JAMLIK_VAR_DIR"] = str(var)

    from dashboard.report import exporting, render
    from dashboard.report.figures import MAP_PLOT_SIZE
    from indicators.core import settings
    from indicators.ingest.sync import sync_package
    from indicators.table.package import read_package
    from indicators.table.store import Store
    from indicators.views import compare, trends
    from indicators.views.factsheet import CityFacts
    from indicators.views.map import map_view
    from indicators.views.selection import Selection

    if not render.available():
        print(f"no chromium at {render.CHROMIUM}: image export cannot be measured", file=sys.stderr)
        return 1
    store = Store.open(settings.database_url())
    package = read_package(settings.data_dir())
    sync_package(store, package)
    cat = store.catalog()
    life = cat["life_expectancy"]

    def build() -> dict[str, exporting.FigureExport]:
        sel = Selection("1480", "primaromrade", "life_expectancy", "2024", "total")
        cache_dir = settings.var_dir() / "boundaries"
        shown = map_view(store, package, sel, cache_dir=cache_dir, plot_size=MAP_PLOT_SIZE)
        layer, view = shown.layer, shown.data
        series = trends.district_series(store, "1480", "primaromrade", "life_expectancy", "total")
        refs = trends.reference_series(store, "1480", "life_expectancy", "total")
        tv = exporting.TrendView(
            "1480", "primaromrade", life, "total", False, series, refs,
            trends.highlight_defaults(series), [],
        )  # fmt: skip
        chain = ["stadsdelsnamnd_10", "stadsomrade_4"]
        gv = exporting.TrendView(
            "1480", "stadsomrade_4", life, "total", False,
            trends.district_series(store, "1480", "stadsomrade_4", "life_expectancy", "total"),
            refs, [], [(2021, "ny indelning 2021")],
        )  # fmt: skip
        gaps = trends.gaps_by_year(
            store, "1480", chain, life, "total", measures=("d", "sii"),
            stratifier=cat["median_income"],
        )  # fmt: skip
        rows = compare.districts(
            store, {"0180": "stadsdel", "1480": "primaromrade", "1280": "delomrade"},
            "life_expectancy", 2024, "total",
        )  # fmt: skip
        facts = CityFacts.load(store, "1480", "primaromrade")
        return {
            "map": exporting.map_export(layer.geojson, layer.center, layer.zoom, view, life, "sv"),
            "ranking": exporting.ranking_export(view, life, "sv"),
            "trend": exporting.trend_export(tv, "sv"),
            "gap": exporting.gap_export(gv, gaps, ["d", "sii"], chain, cat["median_income"], "sv"),
            "compare": exporting.compare_export(rows, life, "2024", "total", "sv"),
            "factsheet": exporting.factsheet_export(facts.sheet("604"), cat, "sv"),
        }

    exports = build()
    started = time.perf_counter()
    exports["trend"].file("png")
    browser_start = time.perf_counter() - started

    cells = [
        ("png", "a4"),
        ("png", "slide"),
        ("svg", "a4"),
        ("pdf", "a4"),
        ("csv", ""),
        ("xlsx", ""),
    ]
    table: dict[str, dict[str, str]] = {}
    sizes: dict[str, str] = {}
    for kind, export in exports.items():
        table[kind] = {}
        for fmt, size in cells:
            if kind == "factsheet" and size == "slide":
                table[kind][f"{fmt} {size}"] = "–"
                continue
            times = []
            for _ in range(args.runs):
                export._images.clear()
                t0 = time.perf_counter()
                data = export.file(fmt, size or "a4")
                times.append(time.perf_counter() - t0)
            table[kind][f"{fmt} {size}".strip()] = _ms(statistics.median(times))
            if fmt == "pdf":
                sizes[kind] = f"{len(data) / 1024:.0f} KB"

    facts = CityFacts.load(store, "1480", "primaromrade")
    t0 = time.perf_counter()
    facts = CityFacts.load(store, "1480", "primaromrade")
    pdf, name = exporting.city_report(facts, cat, "sv")
    report = time.perf_counter() - t0

    out = Path(tempfile.mkdtemp(prefix="jamlik-bench-out-"))
    cmd = [
        sys.executable, "-m", "dashboard.cli.export", "export", "--municipality", "1480",
        "--area-type", "primaromrade", "--indicator", "life_expectancy", "--year", "2024",
        "--figure", "map", "--format", "png,csv", "--out", str(out),
    ]  # fmt: skip
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO, capture_output=True)
    cli = time.perf_counter() - t0

    print("## Export (bench_export.py)\n")
    print(f"Start of the process's kaleido browser (first image): {browser_start:.1f} s.\n")
    heads = [f"{f} {s}".strip() for f, s in cells]
    print("| figure | " + " | ".join(heads) + " | PDF size |")
    print("|---|" + "---:|" * (len(heads) + 1))
    for kind, row in table.items():
        print(f"| {kind} | " + " | ".join(row[h] for h in heads) + f" | {sizes.get(kind, '')} |")
    print(f"\nMedian of {args.runs} warm runs; PNG at 2× (A4: 1210 px wide; slide: 2560 × 1440).\n")
    print("| whole job | time | output |")
    print("|---|---:|---|")
    n_pages = len(facts.areas())
    print(
        f"| Göteborg city report, {n_pages} primärområden, one A4 PDF page each | "
        f"{report:.1f} s ({report / n_pages * 1000:.0f} ms per page) | "
        f"{name}, {len(pdf) / 1024 / 1024:.1f} MB |"
    )
    print(
        f"| `python -m dashboard.cli.export export … --figure map --format png,csv` "
        f"(new process, store loaded) | {cli:.1f} s | {', '.join(sorted(p.name.rsplit('.', 1)[1] for p in out.iterdir()))} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
