"""``jamlik check-data PATH``: validate a data package and print every problem."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from indicators.core import settings


def _check_data(args: argparse.Namespace) -> int:
    from indicators.ingest.check import check_package

    report = check_package(Path(args.path))
    print(report.render(args.lang))
    return 0 if report.ok else 1


def register(subparsers: Any) -> None:
    """Add ``check-data`` to an argparse subparsers object."""
    check = subparsers.add_parser(
        "check-data", help="validate a data package / kontrollera ett datapaket"
    )
    check.add_argument("path", help="folder with datapackage.json")
    check.add_argument("--lang", choices=["sv", "en"], default=settings.default_lang())
    check.set_defaults(func=_check_data)
