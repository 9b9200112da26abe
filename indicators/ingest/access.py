"""Who may change data from which request: the loopback check, login back-off, server-side
editor sessions with expiry, and an audit log of logins.

Everything here is plain Python, so the decisions are tested without a server; the dashboard
(``dashboard/app/auth.py``) only gathers what a request says and asks these functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import logging
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from indicators.core import settings

#: Host names that can only mean this computer. A DNS-rebinding page has its own name in the
#: Host header even though its address is 127.0.0.1, so the name is checked, not the address.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
#: Headers a reverse proxy adds. Behind one, every request reaches a loopback server from
#: 127.0.0.1, so "local" must also mean "not forwarded".
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host")

log = logging.getLogger("jamlik.auth")


def loopback_address(address: str | None) -> bool:
    """Whether an IP address (or ``localhost``) only reaches this computer.

    >>> loopback_address("127.0.0.2"), loopback_address("::1"), loopback_address("0.0.0.0")
    (True, True, False)
    >>> loopback_address(""), loopback_address("evil.example")
    (False, False)
    """
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(host: str | None) -> str | None:
    """The name in a Host header or an Origin, without port or brackets; None if unreadable.

    >>> host_name("localhost:8501"), host_name("[::1]:8501"), host_name("http://127.0.0.1:85")
    ('localhost', '::1', '127.0.0.1')
    >>> host_name("evil.example:8501"), host_name("a@b"), host_name(None)
    ('evil.example', None, None)
    """
    if not host:
        return None
    try:
        parts = urlsplit(host if "://" in host else f"//{host}")
        parts.port  # noqa: B018 -- raises for a port that is no number
    except ValueError:
        return None
    if parts.username is not None or parts.path or parts.query or not parts.hostname:
        return None
    return parts.hostname.lower().rstrip(".")


def local_request(
    bind_address: str | None,
    peer: str | None,
    headers: Mapping[str, str],
) -> bool:
    """Whether a request certainly comes from this computer, for this computer's dashboard.

    All of these must hold (anything unknown counts as "no"): the server listens on a loopback
    address; the socket peer is a loopback address; the Host header is a loopback *name*
    (DNS rebinding keeps the attacker's name); an Origin, if sent, is a loopback name too; and
    no proxy forwarded the request.

    >>> ok = {"host": "localhost:8501", "origin": "http://localhost:8501"}
    >>> local_request("127.0.0.1", "127.0.0.1", ok)
    True
    >>> local_request("127.0.0.1", "127.0.0.1", {"host": "evil.example:8501"})
    False
    >>> local_request("127.0.0.1", "127.0.0.1", {**ok, "origin": "http://evil.example"})
    False
    >>> local_request("127.0.0.1", None, ok), local_request("0.0.0.0", "127.0.0.1", ok)
    (False, False)
    """
    lower = {k.lower(): v for k, v in headers.items()}
    if not (loopback_address(bind_address) and loopback_address(peer)):
        return False
    if host_name(lower.get("host")) not in LOOPBACK_NAMES:
        return False
    if "origin" in lower and host_name(lower["origin"]) not in LOOPBACK_NAMES:
        return False
    return not any(h in lower for h in FORWARDING_HEADERS)


@dataclass
class Throttle:
    """Back-off after failed logins, per client and for the whole server.

    After ``free`` failures a client waits 2, 4, 8 … seconds (at most ``cap``) before its next
    try; a success clears it. More than ``global_limit`` failures from everyone within
    ``window`` seconds make every client wait until the window has room again, so many clients
    (or many tabs) gain nothing and the server's CPU is not spent on scrypt for them.
    """

    free: int = 3
    cap: float = 300.0
    global_limit: int = 30
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _recent: deque[float] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, client: str) -> float:
        """Seconds before ``client`` may try again (0: now)."""
        with self._lock:
            now = self.clock()
            while self._recent and self._recent[0] <= now - self.window:
                self._recent.popleft()
            waits = [0.0]
            if len(self._recent) >= self.global_limit:
                waits.append(self._recent[0] + self.window - now)
            count, last = self._failures.get(client, (0, now))
            if count >= self.free:
                waits.append(last + min(self.cap, 2.0 ** (count - self.free + 1)) - now)
            return max(waits)

    def failed(self, client: str) -> None:
        with self._lock:
            now = self.clock()
            count, _ = self._failures.get(client, (0, now))
            self._failures[client] = (count + 1, now)
            self._recent.append(now)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


@dataclass
class Sessions:
    """Editor logins held by the server: a random token per login, bound to the browser that
    logged in, ending after ``idle`` seconds without use or ``lifetime`` seconds in all.

    A Streamlit session id that leaks is not enough: whoever reattaches it comes with another
    browser (no XSRF cookie, another address), so ``editor`` finds no matching binding.
    """

    idle: float = 30 * 60
    lifetime: float = 8 * 60 * 60
    clock: Callable[[], float] = time.monotonic
    _tokens: dict[str, tuple[str, str, float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, name: str, binding: str) -> str:
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._lock:
            self._tokens[token] = (name, binding, now, now)
        return token

    def editor(self, token: str | None, binding: str) -> str | None:
        """The editor behind a token presented by this browser, or None (expired, unknown,
        another browser); a valid token's idle time starts again."""
        if not token:
            return None
        now = self.clock()
        with self._lock:
            entry = self._tokens.get(token)
            if entry is None:
                return None
            name, bound, born, last = entry
            if now - last > self.idle or now - born > self.lifetime:
                del self._tokens[token]
                return None
            if not secrets.compare_digest(bound, binding):
                return None
            self._tokens[token] = (name, bound, born, now)
            return name

    def revoke(self, token: str | None) -> None:
        with self._lock:
            self._tokens.pop(token or "", None)


def binding(cookies: Mapping[str, str], headers: Mapping[str, str], peer: str | None) -> str:
    """A digest of what identifies the browser behind a request: its XSRF cookie (set by the
    server, unknown to anyone replaying a session id), its user agent and its address."""
    lower = {k.lower(): v for k, v in headers.items()}
    parts = (cookies.get("_streamlit_xsrf", ""), lower.get("user-agent", ""), peer or "")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def audit_path() -> Path:
    """``auth.log`` in the var folder: one JSON line per login attempt and sign-out."""
    return settings.var_dir() / "auth.log"


def audit(event: str, name: str, client: str, path: Path | None = None) -> None:
    """Record a login event (never a password or a session id) in the server log and in
    ``auth.log`` (mode 0600)."""
    log.warning("login %s: editor=%r client=%s", event, name[:100], client)
    path = audit_path() if path is None else path
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    line = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "event": event,
        "editor": name[:100],
        "client": client,
    }
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


#: The dashboard's one throttle and session table (one server process).
THROTTLE = Throttle()
SESSIONS = Sessions()
