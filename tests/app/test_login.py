"""Editor login through the app (AppTest): back-off after failures, the audit log, a session
that is the server's token and not the Streamlit session."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from indicators.ingest import access, editors
from tests.app.conftest import APP

PASSWORD = "korrekt-hast-batteri"


@pytest.fixture
def var(tmp_path, monkeypatch):
    """An editor in a var folder of its own, and fresh login state for this test."""
    monkeypatch.setenv("JAMLIK_VAR_DIR", str(tmp_path))
    editors.add_editor("anna", PASSWORD, editors.default_path())
    monkeypatch.setattr(access, "THROTTLE", access.Throttle())
    monkeypatch.setattr(access, "SESSIONS", access.Sessions())
    return tmp_path


def _upload_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("screens/upload.py").run()
    assert [e.value for e in at.exception] == []
    return at


def _login(at: AppTest, password: str) -> AppTest:
    at.text_input(key="auth_name").input("anna")
    at.text_input(key="auth_password").input(password)
    (button,) = [b for b in at.button if b.label == "Logga in"]
    return button.click().run()


def test_repeated_wrong_passwords_are_slowed_down_and_logged(var):
    at = _upload_page()
    for _ in range(3):
        _login(at, "fel-lösenord")
        assert "Fel namn eller lösenord." in [e.value for e in at.error]
    # The fourth try, even with the right password, has to wait: guessing gains nothing.
    _login(at, PASSWORD)
    assert any("Försök igen om 2 sekunder" in e.value for e in at.error)
    assert len(at.file_uploader) == 0
    events = [json.loads(x) for x in (var / "auth.log").read_text(encoding="utf-8").splitlines()]
    assert [e["event"] for e in events] == ["failure"] * 3 + ["throttled"]
    assert {e["editor"] for e in events} == {"anna"}
    assert PASSWORD not in (var / "auth.log").read_text(encoding="utf-8")


def test_the_login_is_a_server_token_that_ends_when_revoked(var):
    at = _upload_page()
    _login(at, PASSWORD)
    assert len(at.file_uploader) == 1
    # The session holds only a token; the name is not in it, so setting it does nothing.
    token = at.session_state["auth_token"]
    assert "anna" not in token
    access.SESSIONS.revoke(token)
    at.run()
    assert len(at.file_uploader) == 0
    assert [json.loads(x)["event"] for x in (var / "auth.log").read_text().splitlines()] == [
        "success"
    ]
