"""The ``jamlik`` command: one table of sub-commands, each declared in its own module.

``serve`` (the dashboard), ``check-data`` (a data package), ``import``/``history``/
``withdraw`` (yearly files as versions), ``boundaries`` (editors' own divisions),
``add-editor``, ``gaps`` (gap measures of any table), ``export`` (the pages' figures as
files) and ``audit`` (the locked dependencies). The command line is the top layer: it may
import every layer below it, and nothing below imports it.
"""

from __future__ import annotations

import argparse
from importlib import import_module

#: Every sub-command's module, in the order ``jamlik --help`` lists them. Each module has
#: ``register(subparsers)``; heavy imports stay inside the command functions, so building
#: the parser stays fast.
COMMANDS: tuple[str, ...] = (
    "dashboard.cli.serve",
    "dashboard.cli.check",
    "dashboard.cli.uploads",
    "dashboard.cli.boundaries",
    "dashboard.cli.editors",
    "dashboard.cli.gaps",
    "dashboard.cli.export",
    "dashboard.cli.audit",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jamlik", description="Jämlik stad")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
