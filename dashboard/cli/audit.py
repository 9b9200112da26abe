"""``jamlik audit``: the locked dependencies checked for known vulnerabilities (pip-audit).

Exit 0 when no known vulnerability is found *or* when no advisory database could be reached
(it then says plainly that the dependencies are unaudited, not clean: an offline machine must
still build); exit 1 when a locked package has a known vulnerability.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from typing import Any

from indicators.core import settings
from indicators.core.text import Text

LOCK = settings.REPO_ROOT / "requirements.lock"


def summarise(returncode: int, stdout: str, stderr: str) -> tuple[int, Text]:
    """The exit code and the sentence for a ``pip-audit -f json`` run.

    >>> summarise(1, "", "Failed to resolve 'api.osv.dev'")[1].en.split(":")[0]
    'NOT AUDITED'
    >>> code, text = summarise(0, '{"dependencies": [{"name": "a", "version": "1", "vulns": []}]}', "")
    >>> code, text.en
    (0, 'no known vulnerabilities in 1 locked packages')
    """
    try:
        deps = json.loads(stdout)["dependencies"]
    except (ValueError, KeyError, TypeError):
        last = (stderr.strip().splitlines() or [f"exit {returncode}"])[-1][:200]
        return 0, Text(
            f"EJ GRANSKAT: ingen sårbarhetsdatabas kunde nås ({last}); beroendena är ogranskade,"
            " inte rena",
            f"NOT AUDITED: no vulnerability database could be reached ({last}); the dependencies"
            " are unaudited, not clean",
        )
    skipped = [d for d in deps if "skip_reason" in d]
    found = [
        f"{d['name']} {d['version']}: {v['id']} (fix: {', '.join(v.get('fix_versions') or ['–'])})"
        for d in deps
        for v in d.get("vulns") or []
    ]
    if found:
        return 1, Text(
            "kända sårbarheter:\n  " + "\n  ".join(found),
            "known vulnerabilities:\n  " + "\n  ".join(found),
        )
    if skipped and len(skipped) == len(deps):
        return 0, Text(
            f"EJ GRANSKAT: inget av {len(deps)} paket fanns i sårbarhetsdatabasen (den kan inte"
            " nås härifrån); beroendena är ogranskade, inte rena",
            f"NOT AUDITED: none of {len(deps)} packages could be looked up in the vulnerability"
            " database (it cannot be reached from here); the dependencies are unaudited, not clean",
        )
    checked = len(deps) - len(skipped)
    note_sv = f"; {len(skipped)} kunde inte granskas" if skipped else ""
    note_en = f"; {len(skipped)} could not be checked" if skipped else ""
    return 0, Text(
        f"inga kända sårbarheter i {checked} låsta paket{note_sv}",
        f"no known vulnerabilities in {checked} locked packages{note_en}",
    )


def _audit(args: argparse.Namespace) -> int:
    command = [
        *(sys.executable, "-m", "pip_audit", "-r", str(args.lock), "--require-hashes"),
        *("--disable-pip", "-f", "json", "--progress-spinner", "off"),
    ]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
        code, text = summarise(run.returncode, run.stdout, run.stderr)
    except subprocess.TimeoutExpired:
        code, text = summarise(1, "", f"no answer within {args.timeout} s")
    print(f"jamlik audit: {text(args.lang)}")
    return code


def register(subparsers: Any) -> None:
    """Add ``audit`` to an argparse subparsers object."""
    audit = subparsers.add_parser(
        "audit", help="check the locked dependencies for vulnerabilities / granska beroendena"
    )
    audit.add_argument("--lock", default=str(LOCK), help="the lock file (requirements.lock)")
    audit.add_argument("--timeout", type=int, default=300, help="seconds to wait (300)")
    audit.add_argument("--lang", choices=["sv", "en"], default=settings.default_lang())
    audit.set_defaults(func=_audit)
