"""The app's own settings: each declared once, with its default and help text."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Refused before parsing, for indicator and boundary files alike; the same limit as
# Streamlit's server.maxUploadSize (in MiB).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help_sv: str
    help_en: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default


# The README's configuration table is checked against this list by a test, so a setting
# cannot be added without being documented.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "JAMLIK_DATA",
        str(REPO_ROOT.parent / "shared" / "data"),
        "Sökväg till datapaketet (datapackage.json) som läses vid start.",
        "Path of the data package (datapackage.json) read at start.",
    ),
    Setting(
        "JAMLIK_DATABASE_URL",
        "",
        "Databas för lagret. Tomt = SQLite-fil i JAMLIK_VAR_DIR; postgresql://… för en delad server.",
        "Database of the store. Empty = SQLite file in JAMLIK_VAR_DIR; postgresql://… for a shared server.",
    ),
    Setting(
        "JAMLIK_VAR_DIR",
        str(REPO_ROOT / "var"),
        "Mapp för lagrets SQLite-fil och cache av förenklade gränser.",
        "Folder for the store's SQLite file and the cache of simplified boundaries.",
    ),
    Setting(
        "JAMLIK_LANG",
        "sv",
        "Förvalt språk i gränssnittet: sv eller en.",
        "Default interface language: sv or en.",
    ),
    Setting(
        "JAMLIK_PUBLIC_URL",
        "http://127.0.0.1:8501",
        "Instrumentpanelens adress för läsarna, i länkar på figurer som exporteras från "
        "kommandoraden (i appen används webbläsarens adress).",
        "The dashboard's address as readers reach it, used in the links printed on figures "
        "exported from the command line (the app uses the browser's address).",
    ),
)

_BY_ENV = {s.env: s for s in SETTINGS}


def get(env: str) -> str:
    return _BY_ENV[env].value()


def data_dir() -> Path:
    return Path(get("JAMLIK_DATA")).expanduser().resolve()


def var_dir() -> Path:
    """The var folder, private to the account that runs the app (mode 0700): it holds the
    store, uploads not yet published, editors' hashes and the login log."""
    path = Path(get("JAMLIK_VAR_DIR")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    _tighten(path, 0o700)
    return path


def _tighten(path: Path, mode: int) -> None:
    """Take group and other rights off a file or folder of ours (older installs made them
    0644/0755); one that belongs to someone else is left alone."""
    info = path.stat()
    if info.st_uid == os.getuid() and info.st_mode & 0o077:
        path.chmod(mode)


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists, and take group and other rights
    off it and its SQLite companions (``-wal``, ``-shm``, ``-journal``). SQLite gives the
    companions the database file's mode, so they are born private too."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    for companion in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        if companion.exists():
            _tighten(companion, 0o600)


def database_url() -> str:
    return get("JAMLIK_DATABASE_URL") or f"sqlite:///{var_dir() / 'jamlik.sqlite'}"


def public_url() -> str:
    return get("JAMLIK_PUBLIC_URL").rstrip("/")


def default_lang() -> str:
    lang = get("JAMLIK_LANG")
    return lang if lang in ("sv", "en") else "sv"
