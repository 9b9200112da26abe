"""Benchmark in Debian's chromium: server start to map drawn, and the server's memory per city map.

A script, not a test: it prints markdown tables and asserts nothing about time. Each run
starts ``streamlit run dashboard/app/main.py`` on a free loopback port and times from the
process start until MapLibre reports the map of /karta?city=0180 loaded. A cold run has an
empty JAMLIK_VAR_DIR (so the package is loaded into a new store and the outlines are
simplified); a warm run reuses a var dir a cold run filled. Then the resident memory of
the server process is read from /proc after the map of each city. Targets (issue): cold
start to map visible ≤ 6 s.

Then the dashboard against a floor, side by side on warm servers (issue 10): a bare
Streamlit page with the same simplified map and a year box (``bench/floor_app.py``) and
the same figure as a static HTML page with a local ``plotly.min.js`` (the physical limit).
Each of ``--rounds`` rounds visits, each in a new browser context, the floor, the root URL
(clicking "Karta" if the map is not the landing page), a direct /karta link and the static
page, in an order that alternates between rounds; then picks years on the floor and on
the map page in turn. It prints medians and the median of the per-round ratios against the
floor. Targets: ratios ≤ 1.2. Run from the repository root::

    .venv/bin/python bench/bench_browser.py [--repeat 3] [--rounds 5] [--only floor]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.cli.serve import free_port, healthy, stop, streamlit_command

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dashboard" / "app" / "main.py"
FLOOR_APP = REPO / "bench" / "floor_app.py"
RATIO_TARGET = 1.2
CHROMIUM = "/usr/bin/chromium"
# No sandbox in containers, no GPU here, and no calls to the network (FEASIBILITY.md).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CITIES = {"0180": "Stockholm", "1480": "Göteborg", "1280": "Malmö"}
START_TARGET_S = 6.0
FIGURE_FRAME_BYTES = 50_000
TIMEOUT_S = 120.0
# True once MapLibre has drawn the first chart's map (before that the frame is empty).
MAP_LOADED_JS = """() => {
    const el = document.querySelector('.js-plotly-plot');
    const map = el && el._fullLayout && el._fullLayout.map && el._fullLayout.map._subplot
        && el._fullLayout.map._subplot.map;
    return Boolean(map && map.loaded());
}"""
# The same, and the map no longer moving: the end of a visit in the side-by-side rounds.
MAP_IDLE_JS = """() => {
    const el = document.querySelector('.js-plotly-plot');
    const map = el && el._fullLayout && el._fullLayout.map && el._fullLayout.map._subplot
        && el._fullLayout.map._subplot.map;
    return Boolean(map && map.loaded() && !map.isMoving());
}"""
# Resolves after two animation frames: the browser has painted what was asked before.
PAINTED_JS = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
# On the root URL: once the page has its heading, click "Karta" in the navigation unless
# that page is the map (the landing page). Clicking as soon as the link was there, before the
# landing page had drawn its map, sent the root visit on to /karta and timed two pages.
CLICK_MAP_LINK_JS = """() => {
    if (document.querySelector('.js-plotly-plot')) return true;
    const heading = document.querySelector('h1');
    if (!heading) return false;
    if (heading.innerText.trim() === 'Karta') return true;
    const link = document.querySelector('[data-testid="stSidebarNav"] a[href$="/karta"]');
    if (link && !window.__clicked) { window.__clicked = true; link.click(); }
    return false;
}"""


@dataclass
class Run:
    kind: str
    healthy: float  # seconds from process start to /_stcore/health answering "ok"
    figure_sent: float  # seconds from process start to the map figure arriving in the browser
    map_drawn: float  # seconds from process start to the map loaded in the browser
    memory: dict[str, tuple[int, int]] = field(default_factory=dict)  # label → (RSS, peak) kB
    # Per year picked in the browser: seconds from the click to the URL, title and map.
    changes: list[tuple[float, float, float]] = field(default_factory=list)


def memory_kb(pid: int) -> tuple[int, int]:
    """Resident set size and its peak (VmRSS, VmHWM) of a process, in kB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]


def serve(
    var_dir: Path, data_dir: Path, log: Path, app: Path = APP
) -> tuple[subprocess.Popen, str, float]:
    """Start the server of ``app``; return it, its URL and the start time (perf_counter)."""
    env = {**os.environ, "JAMLIK_VAR_DIR": str(var_dir), "JAMLIK_DATA": str(data_dir)}
    env.pop("JAMLIK_DATABASE_URL", None)
    env.pop("JAMLIK_LANG", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    port = free_port()
    cmd = streamlit_command("127.0.0.1", port)
    cmd[cmd.index(str(APP))] = str(app)
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}", start


def pick_years(
    page: Page, n: int, *, in_url: bool, done_js: str = MAP_LOADED_JS
) -> list[tuple[float, float, float]]:
    """Pick ``n`` other years in the "År" box; seconds from each click until the URL holds
    the year (NaN unless ``in_url``), the map's title names it, and ``done_js`` is true."""
    box = page.get_by_role("combobox", name="År", exact=True)
    box.click()
    years = [y for y in page.locator('[role="option"]').all_inner_texts() if y.isdigit()]
    box.press("Escape")
    out = []
    for i in range(n):
        # Never the first option: it is the year shown, and picking it changes nothing.
        year = years[(i + 1) % len(years)]
        box.click()
        option = page.locator('[role="option"]').get_by_text(year, exact=True)
        option.wait_for()
        start = time.perf_counter()
        option.click()
        t_url = float("nan")
        if in_url:
            page.wait_for_function(
                "y => new URLSearchParams(location.search).get('year') === y", arg=year, polling=20
            )
            t_url = time.perf_counter() - start
        # The floor mounts a new chart with the year in its title and MapLibre draws a new
        # map; the map page's live map recolours the map that is there (Plotly.react).
        page.locator(".js-plotly-plot .gtitle").first.filter(has_text=year).wait_for(
            timeout=TIMEOUT_S * 1000
        )
        t_title = time.perf_counter() - start
        page.wait_for_function(done_js, timeout=TIMEOUT_S * 1000, polling=20)
        # A recoloured map can count as loaded before its next frame shows the new colours:
        # for both pages, the end is after two more frames, and the map still idle.
        page.evaluate(PAINTED_JS)
        page.wait_for_function(done_js, timeout=TIMEOUT_S * 1000, polling=20)
        out.append((t_url, t_title, time.perf_counter() - start))
    return out


def year_changes(page: Page, n: int) -> list[tuple[float, float, float]]:
    """Pick ``n`` other years on the Stockholm map; time the URL, the title and the map."""
    page.goto(page.url.split("/karta")[0] + "/karta?city=0180&lang=sv")
    page.wait_for_function(MAP_LOADED_JS, timeout=TIMEOUT_S * 1000)
    return pick_years(page, n, in_url=True)


def measure(
    browser: Browser,
    var_dir: Path,
    data_dir: Path,
    kind: str,
    *,
    memory: bool = False,
    changes: int = 0,
) -> Run:
    """One server start to the Stockholm map drawn; then optionally memory after each
    city's map and the time of year changes in the browser."""
    log = var_dir.parent / f"{var_dir.name}-{kind}.log"
    process, url, start = serve(var_dir, data_dir, log)
    # A new context per run: no browser cache, as for someone opening the link first.
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        while not healthy(url):
            if process.poll() is not None or time.perf_counter() - start > TIMEOUT_S:
                raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.05)
        t_healthy = time.perf_counter() - start
        page = context.new_page()
        received: list[float] = []

        def on_frame(payload: str | bytes) -> None:
            # The map figure is the first message of this size (≈ 75 KB); the ranking and
            # everything else are smaller. Splits server time from the browser's drawing.
            if len(payload) > FIGURE_FRAME_BYTES and not received:
                received.append(time.perf_counter() - start)

        page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
        page.goto(f"{url}/karta?city=0180")
        page.wait_for_function(MAP_LOADED_JS, timeout=TIMEOUT_S * 1000, polling=50)
        drawn = time.perf_counter() - start
        run = Run(kind, t_healthy, received[0] if received else float("nan"), drawn)
        if memory:
            run.memory["Stockholm map shown"] = memory_kb(process.pid)
            for city in ("1480", "1280"):
                page.goto(f"{url}/karta?city={city}")
                page.wait_for_function(MAP_LOADED_JS, timeout=TIMEOUT_S * 1000)
                run.memory[f"+ {CITIES[city]} map"] = memory_kb(process.pid)
        if changes:
            run.changes = year_changes(page, changes)
        return run
    finally:
        context.close()
        stop(process)


def wait_healthy(process: subprocess.Popen, url: str, start: float, log: Path) -> None:
    """Wait until the server answers its health check; fail with its log if it dies."""
    while not healthy(url):
        if process.poll() is not None or time.perf_counter() - start > TIMEOUT_S:
            raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        del format, args  # the benchmark's output is its tables


def static_server(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on a free loopback port in a thread (the static limit page)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def visit(browser: Browser, url: str, *, click_map: bool = False) -> float:
    """Seconds from ``goto`` in a new context (empty cache) to the map drawn and still."""
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        if click_map:
            page.wait_for_function(CLICK_MAP_LINK_JS, timeout=TIMEOUT_S * 1000, polling=20)
        page.wait_for_function(MAP_IDLE_JS, timeout=TIMEOUT_S * 1000, polling=20)
        return time.perf_counter() - start
    finally:
        context.close()


def redraws(browser: Browser, url: str, n: int) -> list[float]:
    """Pick ``n`` years in the "År" box; seconds from the click to the new map drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(MAP_IDLE_JS, timeout=TIMEOUT_S * 1000)
        return [done for _, _, done in pick_years(page, n, in_url=False, done_js=MAP_IDLE_JS)]
    finally:
        context.close()


@dataclass
class SideBySide:
    """Seconds per round for each variant; year changes per round for floor and project."""

    visits: dict[str, list[float]] = field(default_factory=dict)
    changes: dict[str, list[float]] = field(default_factory=dict)  # per round: median
    # Per round: the visit's first change alone (the map page's first map is Streamlit's
    # chart, which that change replaces by the live map: see components/live_map.py).
    first_changes: dict[str, list[float]] = field(default_factory=dict)


def side_by_side(browser: Browser, tmp: Path, var_dir: Path, data_dir: Path, rounds: int, n: int):
    """The floor, the dashboard (root and /karta) and the static page, ``rounds`` times."""
    sys.path.insert(0, str(REPO / "bench"))
    import floor_app

    static, static_url = static_server(floor_app.static_html(tmp / "static").parent)
    floor, floor_url, t0 = serve(var_dir, data_dir, tmp / "floor.log", FLOOR_APP)
    project, url, t1 = serve(var_dir, data_dir, tmp / "project.log")
    try:
        wait_healthy(floor, floor_url, t0, tmp / "floor.log")
        wait_healthy(project, url, t1, tmp / "project.log")
        variants = {
            "root → map": lambda: visit(browser, f"{url}/?city=0180", click_map=True),
            "/karta": lambda: visit(browser, f"{url}/karta?city=0180"),
            "static page": lambda: visit(browser, static_url),
        }
        # Warm both servers (imports, caches, the plotly chunk in the server's cache).
        visit(browser, floor_url)
        visit(browser, f"{url}/karta?city=0180")
        result = SideBySide(
            {"floor": [], **{k: [] for k in variants}},
            {"floor": [], "map": []},
            {"floor": [], "map": []},
        )
        for r in range(rounds):
            # The floor first in every round; the others forwards, then backwards.
            result.visits["floor"].append(visit(browser, floor_url))
            order = list(variants) if r % 2 == 0 else list(reversed(variants))
            for name in order:
                try:
                    result.visits[name].append(variants[name]())
                except PlaywrightTimeout:
                    # Counted as missing, and said so under the table, not as a time.
                    result.visits[name].append(float("nan"))
            pair = [("floor", floor_url), ("map", f"{url}/karta?city=0180&lang=sv")]
            for name, where in pair if r % 2 == 0 else reversed(pair):
                times = redraws(browser, where, n)
                result.changes[name].append(statistics.median(times))
                result.first_changes[name].append(times[0])
            # Each round on stderr as it ends: a run cut short still leaves its numbers.
            done = {k: round(v[-1], 2) for k, v in {**result.visits, **result.changes}.items()}
            print(f"round {r + 1}/{rounds}: {done}", file=sys.stderr, flush=True)
        return result
    finally:
        static.shutdown()
        stop(floor)
        stop(project)


def ratio_cells(values: list[float], floor: list[float]) -> str:
    """Median seconds, then the median of the per-round ratios and the ratio of medians."""
    pairs = [(v, f) for v, f in zip(values, floor, strict=True) if v == v and f == f]
    if not pairs:  # every visit failed (it prints why as it goes): say so, keep the table
        return "– | – | not measured"
    values = [v for v, _ in pairs]
    per_round = statistics.median(v / f for v, f in pairs)
    of_medians = statistics.median(values) / statistics.median(f for _, f in pairs)
    verdict = "met" if per_round <= RATIO_TARGET else "**missed**"
    if len(pairs) < len(floor):
        verdict += f" ({len(floor) - len(pairs)} visit(s) timed out)"
    return f"{statistics.median(values):.2f} s | **{per_round:.2f}** / {of_medians:.2f} | {verdict}"


def print_side_by_side(result: SideBySide, rounds: int, n: int) -> None:
    print("\n### First map and year change against a bare Streamlit floor\n")
    print(
        f"Warm servers, a new browser context per visit, {rounds} rounds alternating. Time from "
        "`goto` (or the click on a year) until MapLibre has drawn the map and stopped moving. "
        "Ratio: median of the per-round ratios to the floor / ratio of the medians. "
        f"Target ≤ {RATIO_TARGET}.\n"
    )
    floor = result.visits["floor"]
    print("| visit | median | ratio to floor | target |")
    print("|---|---:|---:|---|")
    print(f"| floor (`bench/floor_app.py`) | {statistics.median(floor):.2f} s | 1 | – |")
    for name, values in result.visits.items():
        if name != "floor":
            print(f"| {name} | {ratio_cells(values, floor)} |")
    changes = result.changes
    print(
        f"| year change, floor (median of {n} per round) | "
        f"{statistics.median(changes['floor']):.2f} s | 1 | – |"
    )
    print(f"| year change, map page | {ratio_cells(changes['map'], changes['floor'])} |")
    first = result.first_changes
    print(
        f"| a visit's first year change, floor | {statistics.median(first['floor']):.2f} s "
        "| 1 | – |"
    )
    print(
        f"| a visit's first year change, map page | {ratio_cells(first['map'], first['floor'])} |"
    )


def idle_memory(data_dir: Path, var_dir: Path) -> tuple[int, int]:
    """RSS of a started server before any page is opened (nothing loaded yet)."""
    log = var_dir.parent / "idle.log"
    process, url, start = serve(var_dir, data_dir, log)
    try:
        while not healthy(url):
            if process.poll() is not None or time.perf_counter() - start > TIMEOUT_S:
                raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.05)
        time.sleep(1)  # let start-up settle
        return memory_kb(process.pid)
    finally:
        stop(process)


def mb(rss_peak: tuple[int, int]) -> str:
    return f"{rss_peak[0] / 1024:.0f} MB ({rss_peak[1] / 1024:.0f} MB)"


def seconds(values: list[float], digits: int = 1) -> str:
    med = statistics.median(values)
    return f"{med:.{digits}f} s ({min(values):.{digits}f}–{max(values):.{digits}f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="server starts of each kind")
    parser.add_argument("--changes", type=int, default=10, help="years picked in the browser")
    parser.add_argument("--rounds", type=int, default=5, help="rounds against the floor")
    parser.add_argument(
        "--only", choices=("start", "floor"), help="only server starts, or only the floor rounds"
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("JAMLIK_DATA") or REPO.parent / "shared" / "data"),
    )
    args = parser.parse_args(argv)
    data_dir = args.data.resolve()

    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="jamlik-bench-") as tmp, sync_playwright() as pw:
        # The browser is started first and kept: the time measured is the server's.
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        if args.only == "floor":
            warm_dir = Path(tmp) / "warm"
            warm_dir.mkdir()
            result = side_by_side(browser, Path(tmp), warm_dir, data_dir, args.rounds, args.changes)
            browser.close()
            print_side_by_side(result, args.rounds, args.changes)
            print(
                f"\nCommand: `python bench/bench_browser.py --only floor --rounds {args.rounds} "
                f"--changes {args.changes}` (JAMLIK_DATA={data_dir}; chromium at {CHROMIUM})"
            )
            return 0
        warm_dir = Path(tmp) / "warm"
        for i in range(args.repeat):
            cold_dir = Path(tmp) / f"cold{i}"
            cold_dir.mkdir()
            # The last run of each kind also measures memory, city after city.
            last = i == args.repeat - 1
            runs.append(measure(browser, cold_dir, data_dir, "cold", memory=last))
            if i == 0:
                shutil.copytree(cold_dir, warm_dir)
        for i in range(args.repeat):
            last = i == args.repeat - 1
            runs.append(
                measure(
                    browser, warm_dir, data_dir, "warm", memory=last, changes=args.changes * last
                )
            )
        idle = idle_memory(data_dir, warm_dir)
        side = None
        if args.only is None:
            side = side_by_side(browser, Path(tmp), warm_dir, data_dir, args.rounds, args.changes)
        browser.close()

    cold = [r for r in runs if r.kind == "cold"]
    warm = [r for r in runs if r.kind == "warm"]
    print("### Server start to map drawn in Chromium\n")
    print(
        "`streamlit run` started → `/karta?city=0180` (Stockholm, stadsdel, 117 districts) "
        "drawn, i.e. MapLibre's `loaded()` true. Median (min–max) of "
        f"{args.repeat} starts. Target: ≤ {START_TARGET_S:.0f} s.\n"
    )
    print("| start | health answers | map figure received | map drawn | target |")
    print("|---|---:|---:|---:|---|")
    for label, group in (
        ("cold: empty var dir (package loaded into a new store, outlines simplified)", cold),
        ("warm: var dir of an earlier start (store loaded, outlines cached)", warm),
    ):
        drawn = [r.map_drawn for r in group]
        verdict = "met" if statistics.median(drawn) <= START_TARGET_S else "**missed**"
        print(
            f"| {label} | {seconds([r.healthy for r in group])} | "
            f"{seconds([r.figure_sent for r in group])} | {seconds(drawn)} | "
            f"≤ {START_TARGET_S:.0f} s: {verdict} |"
        )

    print("\n### Server memory (resident set of the `streamlit run` process)\n")
    print(
        "RSS now (peak so far), after each city's map at its finest area type. A cold server "
        "has loaded the package into its store itself; a warm one found it loaded.\n"
    )
    print("| state | cold server | warm server |")
    print("|---|---:|---:|")
    print(f"| started, no page opened | – | {mb(idle)} |")
    for label in warm[-1].memory:
        print(f"| {label} | {mb(cold[-1].memory[label])} | {mb(warm[-1].memory[label])} |")
    if warm[-1].changes:
        print("\n### View change in the browser\n")
        print(
            "Stockholm map (warm server); a year picked in the selectbox. Seconds from the "
            "click until the address carries the year, the map's title names it, and "
            f"MapLibre has drawn it again. Median (min–max) of {len(warm[-1].changes)}.\n"
        )
        print("| URL updated | map title updated | map drawn |")
        print("|---:|---:|---:|")
        columns = list(zip(*warm[-1].changes, strict=True))
        print("| " + " | ".join(seconds(list(c), 2) for c in columns) + " |")
    if side is not None:
        print_side_by_side(side, args.rounds, args.changes)
    print(
        f"\nCommand: `python bench/bench_browser.py --repeat {args.repeat} --changes {args.changes}` "
        f"(JAMLIK_DATA={data_dir}; chromium at {CHROMIUM})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
