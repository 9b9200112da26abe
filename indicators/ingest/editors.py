"""Who may upload: editors' names with salted scrypt hashes, kept outside the repository.

The credentials live in ``editors.json`` under the var folder (``JAMLIK_VAR_DIR``, file
mode 0600), written by ``jamlik add-editor NAME``; or in Streamlit secrets as a table per
editor with the same fields::

    [editors.anna]
    salt = "…"   # hex
    hash = "…"   # hex
    n = 16384
    r = 8
    p = 1

``verify`` and ``editors_configured`` take either the JSON file's path or such a mapping
(the dashboard passes ``st.secrets["editors"]``), so this module never imports streamlit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from indicators.core import settings
from indicators.core.text import Text

#: scrypt cost: 16 MiB and about 0.1 s per check, the usual setting for interactive logins.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 100

Source = Path | Mapping[str, Mapping[str, object]]


class EditorError(ValueError):
    """A name or password that cannot be stored; ``text`` says why in Swedish and English."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text

    def message(self, lang: str = "sv") -> str:
        return self.text(lang)


def default_path() -> Path:
    """``editors.json`` in the var folder."""
    return settings.var_dir() / "editors.json"


def _hash(password: str, salt: bytes, n: int, r: int, p: int, dklen: int = 32) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r, dklen=dklen
    )


def check_name(name: str) -> str:
    """The name as stored (trimmed, NFC); raises ``EditorError`` if it is empty or odd.

    >>> check_name("  Åsa ")
    'Åsa'
    """
    clean = unicodedata.normalize("NFC", (name or "").strip())
    if not clean or len(clean) > MAX_NAME_LENGTH:
        raise EditorError(
            Text(
                f"namnet ska ha 1–{MAX_NAME_LENGTH} tecken",
                f"the name must have 1–{MAX_NAME_LENGTH} characters",
            )
        )
    if any(unicodedata.category(c).startswith("C") for c in clean):
        raise EditorError(
            Text(
                "namnet får inte innehålla styrtecken",
                "the name must not contain control characters",
            )
        )
    return clean


#: Passwords that are among the first an attacker tries (the most common in breach lists,
#: in English and Swedish, plus this product's own names); NIST SP 800-63B asks for such a
#: check. Compared without case and without trailing digits and punctuation.
COMMON_PASSWORDS = frozenset(
    [
        "password",
        "passw0rd",
        "password1",
        "qwerty",
        "qwertyui",
        "qwertyuiop",
        "asdfghjk",
        "asdfghjkl",
        "zxcvbnm",
        "iloveyou",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "superman",
        "batman",
        "trustno1",
        "letmein",
        "welcome",
        "whatever",
        "dragon",
        "monkey",
        "shadow",
        "master",
        "michael",
        "jennifer",
        "computer",
        "internet",
        "starwars",
        "abcdefgh",
        "abcd1234",
        "abc12345",
        "changeme",
        "secret",
        "administrator",
        "admin123",
        "rootroot",
        "lösenord",
        "losenord",
        "hemligt",
        "hemlighet",
        "sommar",
        "vinter",
        "varen",
        "hösten",
        "hosten",
        "sverige",
        "stockholm",
        "göteborg",
        "goteborg",
        "malmö",
        "malmo",
        "uppsala",
        "kommunen",
        "kommun",
        "jämlik",
        "jamlik",
        "jämlikstad",
        "jamlikstad",
        "redaktör",
        "redaktor",
        "välkommen",
        "valkommen",
    ]
)


def check_password(password: str, name: str = "") -> None:
    """Raise ``EditorError`` if the password is too short, common, or the editor's name.

    >>> check_password("korrekt-hast-batteri")
    >>> check_password("Password123!")
    Traceback (most recent call last):
    indicators.ingest.editors.EditorError: the password is too common; choose another
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise EditorError(
            Text(
                f"lösenordet ska ha minst {MIN_PASSWORD_LENGTH} tecken",
                f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
            )
        )
    core = password.casefold().rstrip("0123456789!?.#*@$%&-_ ")
    if len(set(password)) < 3 or core in COMMON_PASSWORDS or core == name.casefold().strip():
        raise EditorError(
            Text(
                "lösenordet är för vanligt; välj ett annat",
                "the password is too common; choose another",
            )
        )


def load(source: Source) -> dict[str, Mapping[str, object]]:
    """The configured editors by name; an absent file means none."""
    if isinstance(source, Mapping):
        return {str(k): v for k, v in source.items()}
    if not source.is_file():
        return {}
    return json.loads(source.read_text(encoding="utf-8"))


def editors_configured(source: Source | None = None) -> bool:
    """Whether at least one editor may upload."""
    return bool(load(default_path() if source is None else source))


def add_editor(name: str, password: str, path: Path | None = None) -> Path:
    """Add an editor, or set a new password for one; returns the file written (mode 0600)."""
    name = check_name(name)
    check_password(password, name)
    path = default_path() if path is None else Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    editors = dict(load(path))
    editors[name] = credential(password)
    # Write a private temporary file and rename it over the old one: never a half-written
    # or world-readable file, even for a moment.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".editors-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(editors, out, ensure_ascii=False, indent=2, sort_keys=True)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def credential(password: str) -> dict[str, object]:
    """A new salted scrypt hash of a password, as stored per editor."""
    salt = secrets.token_bytes(16)
    digest = _hash(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {"salt": salt.hex(), "hash": digest.hex(), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}


def secrets_toml(name: str, password: str) -> str:
    """The same credential as a table for ``.streamlit/secrets.toml``."""
    name = check_name(name)
    check_password(password, name)
    entry = credential(password)
    key = json.dumps(name, ensure_ascii=False)  # a quoted TOML key takes any name
    lines = [f"[editors.{key}]"]
    lines += [f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v}" for k, v in entry.items()]
    return "\n".join(lines) + "\n"


def verify(name: str, password: str, source: Source | None = None) -> bool:
    """Whether the password is this editor's; as slow for an unknown name as for a known one."""
    editors = load(default_path() if source is None else source)
    try:
        entry = editors.get(check_name(name))
    except EditorError:
        entry = None
    if entry is None:
        # Spend the same time, so a wrong name cannot be told from a wrong password.
        _hash(password, b"\0" * 16, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return False
    try:
        salt = bytes.fromhex(str(entry["salt"]))
        expected = bytes.fromhex(str(entry["hash"]))
        n, r, p = int(entry["n"]), int(entry["r"]), int(entry["p"])
        if not 16 <= len(expected) <= 64:
            return False
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(_hash(password, salt, n, r, p, len(expected)), expected)
