"""Benchmark in Debian's chromium: server start to map drawn, and the server's memory per city map.

A script, not a test: it prints markdown tables and asserts nothing about time. Each run
starts ``streamlit run dashboard/app/main.py`` on a free loopback port and times from the
process start until MapLibre reports the map of /karta?city=0180 loaded. A cold run has an
empty JAMLIK_VAR_DIR (so the package is loaded into a new store and the outlines are
simplified); a warm run reuses a var dir a cold run filled. Then the resident memory of
the server process is read from /proc after the map of each city. Targets (issue): cold
start to map visible ≤ 6 s. Run from the repository root::

    .venv/bin/python bench/bench_browser.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from dashboard.cli.serve import free_port, healthy, stop, streamlit_command

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dashboard" / "app" / "main.py"
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


def serve(var_dir: Path, data_dir: Path, log: Path) -> tuple[subprocess.Popen, str, float]:
    """Start the server; return it, its URL and the start time (time.perf_counter)."""
    env = {**os.environ, "JAMLIK_VAR_DIR": str(var_dir), "JAMLIK_DATA": str(data_dir)}
    env.pop("JAMLIK_DATABASE_URL", None)
    env.pop("JAMLIK_LANG", None)
    port = free_port()
    cmd = streamlit_command("127.0.0.1", port)
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}", start


def year_changes(page: Page, n: int) -> list[tuple[float, float, float]]:
    """Pick ``n`` other years on the Stockholm map; time the URL, the title and the map."""
    page.goto(page.url.split("/karta")[0] + "/karta?city=0180&lang=sv")
    page.wait_for_function(MAP_LOADED_JS, timeout=TIMEOUT_S * 1000)
    box = page.get_by_role("combobox", name="År", exact=True)
    box.click()
    years = [y for y in page.locator('[role="option"]').all_inner_texts() if y.isdigit()]
    box.press("Escape")
    out = []
    for i in range(n):
        year = years[i % len(years)]
        box.click()
        option = page.locator('[role="option"]').get_by_text(year, exact=True)
        option.wait_for()
        start = time.perf_counter()
        option.click()
        page.wait_for_function(
            "y => new URLSearchParams(location.search).get('year') === y", arg=year, polling=20
        )
        t_url = time.perf_counter() - start
        page.locator(".js-plotly-plot .gtitle").first.filter(has_text=year).wait_for()
        t_title = time.perf_counter() - start
        page.wait_for_function(MAP_LOADED_JS, polling=20)
        out.append((t_url, t_title, time.perf_counter() - start))
    return out


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
    print(
        f"\nCommand: `python bench/bench_browser.py --repeat {args.repeat} --changes {args.changes}` "
        f"(JAMLIK_DATA={data_dir}; chromium at {CHROMIUM})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
