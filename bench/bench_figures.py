"""Benchmark of the map page's figures: bytes sent per city, and server time for a view change.

A script, not a test: it prints markdown tables and asserts nothing about time. The map is
built as dashboard/screens/map.py builds it, from the same functions but without
Streamlit's caches, for each city at its finest area type, the latest year and
life_expectancy. Targets (issue): a map figure ≤ 100 KB, a view change ≤ 300 ms.
Run from the repository root::

    .venv/bin/python bench/bench_figures.py [--repeat 20] [--apptest-repeat 10]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

from dashboard.report.exporting import map_export, ranking_export
from dashboard.report.figures import MAP_PLOT_SIZE
from indicators.core.places import MUNICIPALITIES
from indicators.ingest.sync import sync_package
from indicators.table.catalog import Indicator
from indicators.table.package import Package, read_package
from indicators.table.store import Store
from indicators.views.map import Layer, MapData, map_data, map_layer
from indicators.views.selection import Selection, resolve

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dashboard" / "app" / "main.py"
# Each city's finest division with a map, as the package lists them.
FINEST = {"0180": "stadsdel", "1480": "primaromrade", "1280": "delomrade"}
INDICATOR = "life_expectancy"
# Another indicator that every city has at its finest area type.
OTHER_INDICATOR = "median_income"
FIGURE_TARGET_KB = 100
VIEW_CHANGE_TARGET_MS = 300


def load_layer(package: Package, city: str, area_type: str, cache_dir: Path) -> Layer:
    """The layer as dashboard.app.cache.layer() builds it (JSON cache of the simplified file)."""
    layer = map_layer(package, city, area_type, cache_dir, MAP_PLOT_SIZE)
    assert layer is not None, f"no boundaries for {city} {area_type}"
    return layer


def page_figures(
    view: MapData, layer: Layer, ind: Indicator, lang: str = "sv"
) -> tuple[go.Figure, go.Figure]:
    """The map and the ranking exactly as dashboard/screens/map.py builds them."""
    the_map = map_export(layer.geojson, layer.center, layer.zoom, view, ind, lang).figure
    return the_map, ranking_export(view, ind, lang).figure


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def kb(n_bytes: int) -> str:
    return f"{n_bytes / 1000:.1f} KB"


def view_change(
    store: Store, sel: Selection, layer: Layer, catalog: dict[str, Indicator], repeat: int
) -> dict[str, float]:
    """Medians of the three steps a rerun does for a new selection, without caches."""
    steps: dict[str, list[float]] = {"data": [], "build": [], "json": [], "total": []}
    for _ in range(repeat + 1):
        t_data, view = timed(lambda: map_data(store, sel, layer.names))
        t_build, figures = timed(lambda v=view: page_figures(v, layer, catalog[sel.indicator]))
        t_json, _ = timed(lambda f=figures: [fig.to_json() for fig in f])
        steps["data"].append(t_data)
        steps["build"].append(t_build)
        steps["json"].append(t_json)
        steps["total"].append(t_data + t_build + t_json)
    # The first run warms imports and SQLite's page cache; it is left out.
    return {key: statistics.median(values[1:]) for key, values in steps.items()}


def apptest_year_changes(var_dir: Path, data_dir: Path, years: list[str], repeat: int) -> dict:
    """Wall time of AppTest reruns of the map page after the year selectbox changes.

    The first visit of each year misses the page's ``st.cache_data`` for the view's data;
    a second visit finds it there, as a busy server would.
    """
    os.environ["JAMLIK_VAR_DIR"] = str(var_dir)
    os.environ["JAMLIK_DATA"] = str(data_dir)
    os.environ.pop("JAMLIK_DATABASE_URL", None)
    os.environ.pop("JAMLIK_LANG", None)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    t_first, _ = timed(lambda: at.run())
    t_switch, _ = timed(lambda: at.switch_page("screens/map.py").run())
    assert not at.exception, [e.value for e in at.exception]
    current = at.selectbox(key="map_year").value
    others = [y for y in reversed(years) if y != current][:repeat]

    def change(year: str) -> float:
        elapsed, _ = timed(lambda: at.selectbox(key="map_year").set_value(year).run())
        assert not at.exception, [e.value for e in at.exception]
        # The page writes the new view into the address, as it would in the browser.
        assert at.query_params.get("year") == year, at.query_params
        return elapsed

    new = [change(y) for y in others]
    again = [change(y) for y in others]
    return {
        "first": t_first,
        "switch": t_switch,
        "new": new,
        "again": again,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="median of N warm runs")
    parser.add_argument("--apptest-repeat", type=int, default=10, help="year changes in AppTest")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("JAMLIK_DATA") or REPO.parent / "shared" / "data"),
    )
    args = parser.parse_args(argv)
    data_dir = args.data.resolve()

    with tempfile.TemporaryDirectory(prefix="jamlik-bench-") as tmp:
        var_dir = Path(tmp)
        t_read, package = timed(lambda: read_package(data_dir))
        # The same file name as the app's default, so that AppTest below finds it loaded.
        store = Store.open(f"sqlite:///{var_dir / 'jamlik.sqlite'}")
        t_sync, report = timed(lambda: sync_package(store, package))
        assert report.ok, report.refused
        inventory, catalog = store.inventory(), store.catalog()

        sizes, changes, setup = [], [], []
        apptest_years: list[str] = []
        for city, area_type in FINEST.items():
            t_layer, layer = timed(
                lambda c=city, a=area_type: load_layer(package, c, a, var_dir / "boundaries")
            )
            t_cached, _ = timed(
                lambda c=city, a=area_type: load_layer(package, c, a, var_dir / "boundaries")
            )
            setup.append((city, area_type, t_layer, t_cached))
            choices = resolve(
                inventory, package, {"city": city, "area_type": area_type, "indicator": INDICATOR}
            )
            sel = choices.selection
            assert (sel.area_type, sel.indicator) == (area_type, INDICATOR), choices.notes
            view = map_data(store, sel, layer.names)
            the_map, the_ranking = page_figures(view, layer, catalog[sel.indicator])
            map_json = the_map.to_json()
            outlines_json = to_json_plotly(layer.geojson)
            sizes.append(
                (
                    city,
                    area_type,
                    sel.year,
                    len(layer.names),
                    len(map_json.encode()),
                    len(outlines_json.encode()),
                    len(gzip.compress(map_json.encode())),
                    len(the_ranking.to_json().encode()),
                )
            )
            singles = [y for y in choices.years if "-" not in y and y != sel.year]
            if city == "0180":
                apptest_years = choices.years
            for label, other in (
                (f"year {sel.year} → {singles[-1]}", {"year": singles[-1]}),
                (f"indicator → {OTHER_INDICATOR}", {"indicator": OTHER_INDICATOR}),
            ):
                new = resolve(inventory, package, {**sel.as_params(), **other}).selection
                assert new != sel and all(getattr(new, k) == v for k, v in other.items()), new
                changes.append((city, label, view_change(store, new, layer, catalog, args.repeat)))

        apptest = apptest_year_changes(var_dir, data_dir, apptest_years, args.apptest_repeat)

    print("### Figure size (JSON sent to the browser)\n")
    print(
        f"Map of life expectancy, latest year, finest area type. Target: map figure "
        f"≤ {FIGURE_TARGET_KB} KB.\n"
    )
    print(
        "| city | area type | year | districts | map figure | of which outlines | "
        "map gzipped | ranking figure | target |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for city, area_type, year, n, map_b, geo_b, gz_b, rank_b in sizes:
        verdict = "met" if map_b <= FIGURE_TARGET_KB * 1000 else "**missed**"
        print(
            f"| {MUNICIPALITIES[city]} | {area_type} | {year} | {n} | {kb(map_b)} | "
            f"{kb(geo_b)} | {kb(gz_b)} | {kb(rank_b)} | ≤ {FIGURE_TARGET_KB} KB: {verdict} |"
        )

    print("\n### View change, server side without caches\n")
    print(
        f"`map_data` + building the map and the ranking + `to_json()` of both, median of "
        f"{args.repeat} warm runs. Target: ≤ {VIEW_CHANGE_TARGET_MS} ms.\n"
    )
    print("| city | change | map_data | build figures | to_json | total | target |")
    print("|---|---|---:|---:|---:|---:|---|")
    for city, label, m in changes:
        verdict = "met" if m["total"] * 1000 <= VIEW_CHANGE_TARGET_MS else "**missed**"
        print(
            f"| {MUNICIPALITIES[city]} | {label} | {ms(m['data'])} | {ms(m['build'])} | "
            f"{ms(m['json'])} | {ms(m['total'])} | ≤ {VIEW_CHANGE_TARGET_MS} ms: {verdict} |"
        )

    print("\n### View change through Streamlit (AppTest, whole map page)\n")
    print(
        'Stockholm, stadsdel, life expectancy; `at.selectbox(key="map_year").set_value(y)'
        ".run()`; the store and the outlines already cached, as on a running server.\n"
    )
    print("| case | runs | median | min | max | target |")
    print("|---|---:|---:|---:|---:|---|")
    for label, runs in (
        ("year not shown before (view data not cached)", apptest["new"]),
        ("year shown before (view data cached)", apptest["again"]),
    ):
        med = statistics.median(runs)
        verdict = "met" if med * 1000 <= VIEW_CHANGE_TARGET_MS else "**missed**"
        print(
            f"| {label} | {len(runs)} | {ms(med)} | {ms(min(runs))} | {ms(max(runs))} | "
            f"≤ {VIEW_CHANGE_TARGET_MS} ms: {verdict} |"
        )

    print("\n### Setup steps (once per server, for reference)\n")
    print("| step | time |")
    print("|---|---:|")
    print(f"| read_package | {ms(t_read)} |")
    print(f"| sync_package into an empty SQLite store | {ms(t_sync)} |")
    for city, area_type, t_layer, t_cached in setup:
        print(
            f"| outlines of {MUNICIPALITIES[city]} {area_type}: simplify / from cache | "
            f"{ms(t_layer)} / {ms(t_cached)} |"
        )
    print(f"| AppTest: start page, first run (store already loaded) | {ms(apptest['first'])} |")
    print(f"| AppTest: switch to the map page | {ms(apptest['switch'])} |")
    print(
        f"\nCommand: `{Path(sys.executable).name} bench/bench_figures.py "
        f"--repeat {args.repeat} --apptest-repeat {args.apptest_repeat}` "
        f"(JAMLIK_DATA={data_dir})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
