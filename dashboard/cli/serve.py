"""``jamlik serve``: the dashboard on a loopback port, as ``make run`` starts it."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from indicators.core import settings
from indicators.ingest import access, editors

#: The Streamlit entry point, run with cwd = the repository root so that
#: .streamlit/config.toml applies.
APP = Path(__file__).resolve().parents[1] / "app" / "main.py"


def allowed_hosts(address: str, extra: Sequence[str] = ()) -> list[str]:
    """The Host names the server accepts: on a loopback address with no editor configured
    (uploads then need no login), only loopback names, so that a DNS-rebinding page, whose
    name resolves to 127.0.0.1 but stays its own, cannot open the app's websocket. ``extra``
    adds the names a reverse proxy uses; an empty list means any name (editors must log in).
    """
    if extra or (access.loopback_address(address) and not editors.editors_configured()):
        return [*access.LOOPBACK_NAMES, *extra]
    return []


def streamlit_command(
    address: str = "127.0.0.1", port: int = 8501, extra_hosts: Sequence[str] = ()
) -> list[str]:
    """The command that serves the dashboard (run it with cwd = the repository root, so that
    .streamlit/config.toml applies); tests and benchmarks start their servers with it too."""
    hosts = [
        arg for h in allowed_hosts(address, extra_hosts) for arg in ("--server.allowedHosts", h)
    ]
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        address,
        "--server.port",
        str(port),
        # Never open a browser or ask for an e-mail, never send usage statistics.
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *hosts,
    ]


def _serve(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.data:
        env["JAMLIK_DATA"] = str(Path(args.data).resolve())
    return subprocess.call(
        streamlit_command(args.address, args.port, args.allowed_host),
        env=env,
        cwd=settings.REPO_ROOT,
    )


def register(subparsers: Any) -> None:
    """Add ``serve`` to an argparse subparsers object."""
    serve = subparsers.add_parser("serve", help="start the dashboard / starta instrumentpanelen")
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--data", help="data package folder (default: JAMLIK_DATA)")
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        help="a Host name a reverse proxy uses (repeatable); loopback names are always allowed",
    )
    serve.set_defaults(func=_serve)


def free_port() -> int:
    """A loopback port nobody listens on now: the kernel picks it when binding to port 0."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether the server at ``url`` answers Streamlit's health check with "ok"."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen) -> None:
    """Terminate a server, and kill it when it does not end within ten seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
