"""Command line: ``jamlik serve``, ``jamlik check-data PATH`` and the analysts' tools."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from indicators import settings
from indicators.gaps.cli import register as register_gaps


def _serve(args: argparse.Namespace) -> int:
    app = settings.REPO_ROOT / "dashboard" / "app.py"
    env = dict(os.environ)
    if args.data:
        env["JAMLIK_DATA"] = str(Path(args.data).resolve())
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        args.address,
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    # cwd = repo root so that .streamlit/config.toml is found.
    return subprocess.call(cmd, env=env, cwd=settings.REPO_ROOT)


def _check_data(args: argparse.Namespace) -> int:
    from indicators.check import check_package

    report = check_package(Path(args.path))
    print(report.render(args.lang))
    return 0 if report.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jamlik", description="Jämlik stad")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the dashboard / starta instrumentpanelen")
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--data", help="data package folder (default: JAMLIK_DATA)")
    serve.set_defaults(func=_serve)

    check = sub.add_parser("check-data", help="validate a data package / kontrollera ett datapaket")
    check.add_argument("path", help="folder with datapackage.json")
    check.add_argument("--lang", choices=["sv", "en"], default=settings.default_lang())
    check.set_defaults(func=_check_data)

    register_gaps(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
