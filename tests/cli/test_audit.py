"""The dependency lock and its audit: every dependency pinned with hashes; an unreachable
advisory database is reported as "not audited", never as clean and never as a failed build."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from dashboard.cli import main
from dashboard.cli.audit import LOCK, summarise

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
MAKEFILE = PYPROJECT.with_name("Makefile")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, tuple[str, int]]:
    """Package → (version, number of hashes) in requirements.lock."""
    text = LOCK.read_text(encoding="utf-8")
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if m:
            found[_canonical(m.group(1))] = (m.group(2), block.count("--hash=sha256:"))
    return found


def test_every_dependency_is_pinned_with_hashes_and_installed_from_the_lock():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    locked = _locked()
    for spec in map(Requirement, wanted):
        version, hashes = locked[_canonical(spec.name)]
        assert spec.specifier.contains(version, prereleases=True), (spec, version)
        assert hashes >= 1, spec.name
    assert all(hashes >= 1 for _, hashes in locked.values())
    make = MAKEFILE.read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements.lock" in make
    assert "--no-deps --no-build-isolation -e ." in make
    assert "$(BIN)/jamlik audit" in make


DEPS = [
    {"name": "streamlit", "version": "1.67.0", "vulns": []},
    {"name": "pandas", "version": "3.1.1", "vulns": []},
]


def test_an_unreachable_database_is_not_audited_and_does_not_fail_the_build():
    code, text = summarise(1, "", "Failed to resolve 'api.osv.dev' ([Errno -2])")
    assert code == 0
    assert text("en").startswith("NOT AUDITED") and "unaudited, not clean" in text("en")
    assert text("sv").startswith("EJ GRANSKAT")
    skipped = [{"name": d["name"], "skip_reason": "Dependency not found on PyPI"} for d in DEPS]
    code, text = summarise(0, json.dumps({"dependencies": skipped}), "")
    assert code == 0 and text("en").startswith("NOT AUDITED: none of 2 packages")


def test_a_known_vulnerability_fails_and_is_named():
    bad = [DEPS[0], {**DEPS[1], "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["3.1.2"]}]}]
    code, text = summarise(1, json.dumps({"dependencies": bad}), "")
    assert code == 1
    assert "pandas 3.1.1: PYSEC-2099-1 (fix: 3.1.2)" in text("en")
    code, text = summarise(0, json.dumps({"dependencies": DEPS}), "")
    assert (code, text("en")) == (0, "no known vulnerabilities in 2 locked packages")


def test_the_real_audit_offline_says_so_and_exits_0(monkeypatch, capsys):
    # Every request goes to a closed loopback port: the advisory databases are unreachable,
    # as on an offline machine, and nothing leaves this computer.
    for var in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("no_proxy", "")
    assert main(["audit", "--lang", "en", "--timeout", "240"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("jamlik audit: NOT AUDITED")
