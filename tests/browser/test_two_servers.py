"""Two dashboard servers on one PostgreSQL: a file uploaded on one shows on the other's next rerun.

This is the deployment that scales past one server (docs/DEPLOYMENT.md): stateless
Streamlit processes with caches of their own, keyed on the store's revision. Server A takes
the upload in Chromium; server B already has a visitor whose page was drawn (its caches
filled) before the upload, and that same session's next run must show the new version.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

from dashboard.cli.serve import free_port, healthy, stop, streamlit_command
from indicators.table.store import Store
from tests.browser.conftest import DATA, MAP_TIMEOUT_MS, REPO, STARTUP_TIMEOUT
from tests.conftest import _admin

pytestmark = pytest.mark.browser

FILE_NAME = f"medellivslangd_1996_{uuid.uuid4().hex[:6]}.csv"
CONTENT = (
    "kommun;områdestyp;område;år;värde;indikator;källa\n"
    "0180;stadsdel;Akalla;1996;76,3;life_expectancy;Två servrar\n"
    "0180;stadsdel;Abrahamsberg;1996;80,2;life_expectancy;Två servrar\n"
)


@pytest.fixture
def shared_database(postgres_server) -> Iterator[str]:
    """A new PostgreSQL database for both servers, dropped afterwards."""
    name = f"jamlik_two_{uuid.uuid4().hex[:12]}"
    _admin(postgres_server, f"CREATE DATABASE {name}")
    url = postgres_server.set(database=name).render_as_string(hide_password=False)
    # The package is loaded once, here, as a deployment would before starting its servers
    # (both servers then find it unchanged instead of racing to load it).
    from indicators.ingest.sync import sync_package
    from indicators.table.package import read_package

    store = Store.open(url)
    assert sync_package(store, read_package(DATA)).ok
    store.engine.dispose()
    try:
        yield url
    finally:
        _admin(postgres_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _start(database_url: str, var_dir: Path) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "JAMLIK_VAR_DIR": str(var_dir),
        "JAMLIK_DATA": str(DATA),
        "JAMLIK_DATABASE_URL": database_url,
    }
    env.pop("JAMLIK_LANG", None)
    port = free_port()
    with (var_dir / "server.log").open("wb") as out:
        process = subprocess.Popen(
            streamlit_command("127.0.0.1", port),
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture
def two_servers(shared_database, tmp_path) -> Iterator[tuple[str, str]]:
    """Servers A and B, each with a var dir (caches) of its own, on one store."""
    started = []
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            started.append(_start(shared_database, tmp_path / name))
        deadline = time.monotonic() + STARTUP_TIMEOUT
        for process, url in started:
            while not healthy(url):
                assert process.poll() is None, f"server {url} exited"
                assert time.monotonic() < deadline, f"server {url} did not start"
                time.sleep(0.2)
        yield started[0][1], started[1][1]
    finally:
        for process, _ in started:
            stop(process)


def _run(ws: ClientConnection, page: str, query: str = "") -> list[ForwardMsg]:
    """Ask the open session for one run of ``page``; the messages of that run."""
    request = BackMsg()
    request.rerun_script.page_name = page
    request.rerun_script.query_string = query
    ws.send(request.SerializeToString())
    messages = []
    for frame in ws:
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        messages.append(msg)
        if msg.WhichOneof("type") == "script_finished":
            return messages
    raise AssertionError("the session closed before the page had run")


def _years_offered(messages: list[ForwardMsg]) -> list[str]:
    """The options of the map page's year selector, as the browser would list them."""
    for msg in messages:
        element = msg.delta.new_element
        if element.WhichOneof("type") == "selectbox" and element.selectbox.label == "År":
            return list(element.selectbox.options)
    raise AssertionError("the map page has no year selector")


def _upload(browser, url: str, path: Path) -> None:
    """Upload and save ``path`` on the server at ``url``, as an official does in Chromium."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{url}/ladda-upp")
        page.get_by_text("127.0.0.1", exact=False).first.wait_for(timeout=MAP_TIMEOUT_MS)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(path)
        page.get_by_role("button", name="Spara").click(timeout=MAP_TIMEOUT_MS)
        page.get_by_text("sparades som version").wait_for(timeout=MAP_TIMEOUT_MS)
    finally:
        context.close()


def test_an_upload_on_one_server_shows_on_the_other_at_its_next_rerun(
    browser, two_servers, tmp_path
):
    url_a, url_b = two_servers
    path = tmp_path / FILE_NAME
    path.write_text(CONTENT, encoding="utf-8")

    ws_url = url_b.replace("http://", "ws://") + "/_stcore/stream"
    link = "city=0180&area_type=stadsdel&indicator=life_expectancy"
    # A visitor on B as the browser connects (no ping: the session waits through the upload).
    with connect(
        ws_url, subprotocols=["streamlit"], origin=url_b, max_size=None, ping_interval=None
    ) as ws:
        # B's caches (years on offer, the map's data) now hold the store before the upload.
        before = _years_offered(_run(ws, "karta", link))
        history_before = b"".join(m.SerializeToString() for m in _run(ws, "historik"))
        _upload(browser, url_a, path)
        # The same visitor's next runs on B.
        history_after = b"".join(m.SerializeToString() for m in _run(ws, "historik"))
        after = _years_offered(_run(ws, "karta", link))

    assert "1996" not in before and FILE_NAME.encode() not in history_before
    # B's history table (the version list, as Arrow) names A's upload, and B's map offers
    # the year it added: its cached inventory was keyed on the store's old revision.
    assert FILE_NAME.encode() in history_after
    assert "1996" in after and set(before) < set(after)
