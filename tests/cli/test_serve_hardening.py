"""A real server in the default mode: DNS-rebinding hosts refused, no tracebacks shown.

The server is started exactly as ``jamlik serve`` starts it (``streamlit_command``), and the
attack is replayed at the socket: a websocket upgrade whose Host is the attacker's name, as a
browser sends it after the name was rebound to 127.0.0.1.
"""

from __future__ import annotations

import socket
import subprocess
import time
import tomllib
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard.cli.serve import allowed_hosts, free_port, healthy, stop, streamlit_command

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory, data_dir):
    var_dir = tmp_path_factory.mktemp("serve-var")
    with pytest.MonkeyPatch.context() as mp:
        # No editor configured: the default mode, the one DNS rebinding attacked.
        mp.setenv("JAMLIK_VAR_DIR", str(var_dir))
        mp.setenv("JAMLIK_DATA", str(data_dir))
        mp.delenv("JAMLIK_DATABASE_URL", raising=False)
        port = free_port()
        command = streamlit_command("127.0.0.1", port)
        log = (var_dir / "server.log").open("wb")
        process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while not healthy(url):
            assert process.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        try:
            yield port
        finally:
            stop(process)
            log.close()


def _upgrade(port: int, host: str, origin: str | None = None) -> str:
    """The status line the server answers a websocket upgrade with."""
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return sock.recv(4096).decode("latin-1").split("\r\n", 1)[0]


def test_the_app_opens_under_loopback_names(server):
    for host in (f"127.0.0.1:{server}", f"localhost:{server}"):
        assert " 101 " in _upgrade(server, host, f"http://{host}")


@pytest.mark.parametrize("name", ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io"])
def test_a_rebound_name_cannot_open_the_app(server, name):
    # Same-origin from the browser's view: Origin and Host both carry the attacker's name.
    host = f"{name}:{server}"
    status = _upgrade(server, host, f"http://{host}")
    assert " 101 " not in status
    assert " 403 " in status


def test_a_foreign_origin_cannot_open_the_app(server):
    assert " 403 " in _upgrade(server, f"127.0.0.1:{server}", "http://evil.example")


def test_reverse_proxy_names_are_added_to_the_loopback_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("JAMLIK_VAR_DIR", str(tmp_path))
    assert allowed_hosts("127.0.0.1") == ["localhost", "127.0.0.1", "::1"]
    assert allowed_hosts("127.0.0.1", ["stat.intra.example"])[-1] == "stat.intra.example"
    command = streamlit_command("127.0.0.1", 8501)
    assert command[command.index("--server.allowedHosts") + 1] == "localhost"


SCRIPT = 'raise ValueError("hemlig sökväg /srv/jamlik/var")\n'


def test_visitors_see_no_traceback_or_error_text(tmp_path):
    served = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert served["client"]["showErrorDetails"] == "none"
    saved = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", served["client"]["showErrorDetails"])
    try:
        script = tmp_path / "boom.py"
        script.write_text(SCRIPT, encoding="utf-8")
        at = AppTest.from_file(str(script)).run()
    finally:
        config.set_option("client.showErrorDetails", saved)
    (shown,) = at.exception
    assert "hemlig" not in shown.message
    assert not any("/srv/jamlik" in line for line in shown.stack_trace)
