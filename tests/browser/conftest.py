"""Browser fixtures: one real dashboard server for the session, driven by Debian's chromium."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard.cli.serve import free_port, healthy, stop, streamlit_command

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "dashboard" / "app" / "main.py"
DATA = Path(os.environ.get("JAMLIK_DATA") or REPO.parent / "shared" / "data").resolve()
CHROMIUM = "/usr/bin/chromium"
# No sandbox inside containers, no GPU on these machines, and nothing that calls out to the
# network: the browser only ever talks to the loopback server.
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
STARTUP_TIMEOUT = 60.0
# The first map of a fresh server loads the package into the store and simplifies the
# boundaries (≈10 s on two cores); later maps come from the caches.
MAP_TIMEOUT_MS = 60_000
# "map" once MapLibre has drawn the first chart's map (before its load event a screenshot
# shows an empty frame, FEASIBILITY.md); what went wrong instead if the page failed, so
# that a broken page fails the test at once rather than after the timeout.
MAP_OR_FAILURE_JS = """() => {
    if (document.querySelector('[data-testid="stException"]')) return 'exception';
    if (document.body.innerText.includes('Page not found')) return 'page not found';
    const el = document.querySelector('.js-plotly-plot');
    const map = el && el._fullLayout && el._fullLayout.map && el._fullLayout.map._subplot
        && el._fullLayout.map._subplot.map;
    return map && map.loaded() ? 'map' : false;
}"""


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen
    log: Path


@pytest.fixture(scope="session")
def dashboard_server(tmp_path_factory) -> Iterator[Server]:
    """``streamlit run dashboard/app/main.py`` on a free loopback port, with a store of its own."""
    assert (DATA / "datapackage.json").is_file(), f"no data package at {DATA}; set JAMLIK_DATA"
    var_dir = tmp_path_factory.mktemp("browser-var")
    env = {**os.environ, "JAMLIK_VAR_DIR": str(var_dir), "JAMLIK_DATA": str(DATA)}
    # The server must use the temporary SQLite store and the default language, whatever
    # the developer's shell says.
    env.pop("JAMLIK_DATABASE_URL", None)
    env.pop("JAMLIK_LANG", None)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # Output goes to a file, not a pipe: a pipe nobody reads would block a chatty server.
    log = var_dir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            streamlit_command("127.0.0.1", port),
            cwd=REPO,  # so that .streamlit/config.toml applies
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                reason = (
                    f"exited with {process.returncode}"
                    if process.poll() is not None
                    else f"not healthy after {STARTUP_TIMEOUT:.0f} s"
                )
                pytest.fail(
                    f"dashboard server {reason}; its output:\n{log.read_text(errors='replace')}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield Server(url, process, log)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def base_url(dashboard_server) -> str:
    """pytest-playwright's contexts resolve ``page.goto("/karta?…")`` against this."""
    return dashboard_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args) -> dict:
    """Debian's chromium, never a browser Playwright would download."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args) -> dict:
    # Wide enough for the five selectors in one row, as on a laptop.
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


def wait_for_map(page, timeout_ms: int = MAP_TIMEOUT_MS) -> None:
    """Block until MapLibre has drawn the first chart's map; fail if the page broke instead."""
    outcome = page.wait_for_function(MAP_OR_FAILURE_JS, timeout=timeout_ms).json_value()
    if outcome == "exception":
        shown = page.locator('[data-testid="stException"]').first.inner_text()
        pytest.fail(f"the page shows an exception instead of the map:\n{shown}", pytrace=False)
    assert outcome == "map", f"the page shows '{outcome}' instead of the map ({page.url})"
