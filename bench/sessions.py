"""Headless viewer sessions for the memory and load benchmarks: Streamlit's websocket, no browser.

One session opens ``/_stcore/stream`` as the browser does, asks for one page run (the page and
its query string, as a link would), waits for the run's ``script_finished`` and closes. That
is the whole server-side cost of a visitor (script run, figures, session state) without a
browser drawing anything, so many sessions fit on a 2-core machine. Servers are started with
``dashboard.cli.serve.streamlit_command`` on free loopback ports; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.cli.serve import free_port, healthy, stop, streamlit_command

REPO = Path(__file__).resolve().parents[1]
#: The map of Stockholm's districts, the page most visitors open.
MAP_PAGE = ("karta", "city=0180")
START_TIMEOUT_S = 300.0


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class Server:
    """A dashboard server on a free loopback port, stopped on exit of the ``with`` block."""

    def __init__(
        self, var_dir: Path, *options: str, env: dict[str, str | None] | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = var_dir.parent / f"server-{self.port}.log"
        # A variable set to None in ``env`` is removed from the server's environment.
        merged = {**os.environ, "JAMLIK_VAR_DIR": str(var_dir), **(env or {})}
        self.env = {k: v for k, v in merged.items() if v is not None}
        self.options = options
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        cmd = [*streamlit_command("127.0.0.1", self.port), *self.options]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                cmd, cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        start = time.monotonic()
        while not healthy(self.url):
            if self.process.poll() is not None or time.monotonic() - start > START_TIMEOUT_S:
                stop(self.process)
                raise RuntimeError(f"server did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            stop(self.process)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def rss_mb(self) -> float:
        return rss_mb(self.pid)


def _rerun(page: str, query: str) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    return msg.SerializeToString()


async def session(url: str, page: str = MAP_PAGE[0], query: str = MAP_PAGE[1]) -> float:
    """One visitor: connect, run ``page`` with ``query``, wait for the run to finish, leave.

    Returns the seconds from connecting to ``script_finished``. Raises if the run ended with
    an exception shown on the page.
    """
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    start = time.perf_counter()
    async with websockets.connect(
        ws_url,
        subprotocols=["streamlit"],
        origin=url,
        max_size=None,
        open_timeout=120,
        # A busy server answers pings late; a visitor waits, so the session does too.
        ping_interval=None,
    ) as ws:
        await ws.send(_rerun(page, query))
        async for frame in ws:
            msg = ForwardMsg()
            msg.ParseFromString(frame)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
                raise RuntimeError(msg.delta.new_element.exception.message)
            if kind == "script_finished":
                return time.perf_counter() - start
    raise RuntimeError("the server closed the session before the page had run")


async def sessions(url: str, n: int, concurrent: int = 1) -> list[float]:
    """``n`` sessions, ``concurrent`` at a time; their times in order of finishing."""
    gate = asyncio.Semaphore(concurrent)

    async def one() -> float:
        async with gate:
            return await session(url)

    return list(await asyncio.gather(*(one() for _ in range(n))))
