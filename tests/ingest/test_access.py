"""Who may change data from which request: DNS rebinding, back-off, bound sessions, audit log."""

from __future__ import annotations

import json
import stat

import pytest

from indicators.ingest import access, editors

LOCAL = {"host": "127.0.0.1:8501", "origin": "http://127.0.0.1:8501", "user-agent": "Chromium"}


@pytest.mark.parametrize("host", ["127.0.0.1:8501", "localhost:8501", "[::1]:8501", "LOCALHOST"])
def test_this_computer_under_a_loopback_name_may_upload_without_an_editor(host):
    assert access.local_request("127.0.0.1", "127.0.0.1", {"Host": host})


@pytest.mark.parametrize(
    ("bind", "peer", "headers"),
    [
        # DNS rebinding: the attacker's page resolves to 127.0.0.1 but keeps its own name.
        (
            "127.0.0.1",
            "127.0.0.1",
            {"host": "evil.example:8501", "origin": "http://evil.example:8501"},
        ),
        ("127.0.0.1", "127.0.0.1", {"host": "localhost.evil.example"}),
        ("127.0.0.1", "127.0.0.1", {"host": "127.0.0.1.nip.io:8501"}),
        # A loopback Host sent by a page from another origin.
        ("127.0.0.1", "127.0.0.1", {**LOCAL, "origin": "http://evil.example"}),
        ("127.0.0.1", "127.0.0.1", {**LOCAL, "origin": "null"}),
        # No Host header at all, or one that is no host.
        ("127.0.0.1", "127.0.0.1", {}),
        ("127.0.0.1", "127.0.0.1", {"host": "user@localhost"}),
        # A peer that is not this computer, or unknown (a TCP forwarder shows its own peer).
        ("127.0.0.1", "192.0.2.2", LOCAL),
        ("127.0.0.1", None, LOCAL),
        # Listening on every interface, or on a LAN address.
        ("0.0.0.0", "127.0.0.1", LOCAL),
        ("", "127.0.0.1", LOCAL),
        ("192.0.2.1", "127.0.0.1", LOCAL),
        # Forwarded by a proxy.
        ("127.0.0.1", "127.0.0.1", {**LOCAL, "X-Forwarded-For": "192.0.2.2"}),
        ("127.0.0.1", "127.0.0.1", {**LOCAL, "Forwarded": "for=192.0.2.2"}),
        ("127.0.0.1", "127.0.0.1", {**LOCAL, "X-Forwarded-Host": "intranet"}),
    ],
)
def test_everything_else_needs_an_editor(bind, peer, headers):
    assert not access.local_request(bind, peer, headers)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failed_logins_back_off_per_client_and_a_success_clears_it():
    clock = Clock()
    throttle = access.Throttle(clock=clock)
    for _ in range(3):
        assert throttle.wait("a") == 0
        throttle.failed("a")
    assert throttle.wait("a") == 2
    throttle.failed("a")
    assert throttle.wait("a") == 4
    assert throttle.wait("b") == 0  # another client is not slowed by a's failures
    clock.now += 4
    assert throttle.wait("a") == 0
    for _ in range(20):
        throttle.failed("a")
    assert throttle.wait("a") == 300  # capped at five minutes
    throttle.succeeded("a")
    assert throttle.wait("a") == 0


def test_many_clients_together_meet_the_global_limit():
    clock = Clock()
    throttle = access.Throttle(clock=clock, global_limit=30, window=60)
    for i in range(30):
        throttle.failed(f"client-{i}")  # one failure each: no per-client back-off
        clock.now += 1
    assert throttle.wait("someone-new") == pytest.approx(30)
    clock.now += 31
    assert throttle.wait("someone-new") == 0


def test_an_editor_session_is_bound_to_its_browser_and_expires():
    clock = Clock()
    sessions = access.Sessions(idle=60, lifetime=600, clock=clock)
    browser = access.binding({"_streamlit_xsrf": "2|abc"}, LOCAL, None)
    token = sessions.issue("anna", browser)
    assert sessions.editor(token, browser) == "anna"
    # A replayed Streamlit session id arrives on another connection: no XSRF cookie.
    replay = access.binding({}, LOCAL, None)
    assert sessions.editor(token, replay) is None
    assert sessions.editor("guessed", browser) is None
    assert sessions.editor(None, browser) is None
    clock.now += 59
    assert sessions.editor(token, browser) == "anna"  # use restarts the idle time
    clock.now += 61
    assert sessions.editor(token, browser) is None  # idle too long
    fresh = sessions.issue("anna", browser)
    for _ in range(13):
        clock.now += 50
        sessions.editor(fresh, browser)
    assert sessions.editor(fresh, browser) is None  # past its lifetime, however busy
    other = sessions.issue("bo", browser)
    sessions.revoke(other)
    assert sessions.editor(other, browser) is None


def test_login_attempts_are_logged_privately_without_the_password(tmp_path, caplog):
    path = tmp_path / "var" / "auth.log"
    access.audit("failure", "anna", "192.0.2.2", path)
    access.audit("success", "anna", "192.0.2.2", path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(x["event"], x["editor"], x["client"]) for x in lines] == [
        ("failure", "anna", "192.0.2.2"),
        ("success", "anna", "192.0.2.2"),
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "login failure: editor='anna' client=192.0.2.2" in caplog.text


@pytest.mark.parametrize(
    "password",
    ["password", "Password1!", "lösenord2024", "qwertyuiop", "aaaaaaaaaaaa", "anna-anna"],
)
def test_common_passwords_and_the_name_itself_are_refused(password, tmp_path):
    with pytest.raises(editors.EditorError) as refused:
        editors.add_editor("anna-anna", password, tmp_path / "editors.json")
    assert refused.value.message("sv")
    assert not (tmp_path / "editors.json").exists()
