"""``jamlik add-editor NAME``: someone who may upload and withdraw versions."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from indicators.core import settings
from indicators.core.text import Text


def _add_editor(args: argparse.Namespace) -> int:
    from indicators.ingest import editors

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(Text("Lösenord: ", "Password: ").text(args.lang))
        again = getpass.getpass(Text("Lösenord igen: ", "Password again: ").text(args.lang))
        if password != again:
            print(
                Text("lösenorden skiljer sig åt", "the passwords differ").text(args.lang),
                file=sys.stderr,
            )
            return 1
    try:
        if args.secrets:
            print(editors.secrets_toml(args.name, password), end="")
            return 0
        path = editors.add_editor(args.name, password)
    except editors.EditorError as err:
        print(err.message(args.lang), file=sys.stderr)
        return 1
    print(
        Text(f"redaktören {args.name} sparad i {path}", f"editor {args.name} saved in {path}").text(
            args.lang
        )
    )
    return 0


def register(subparsers: Any) -> None:
    """Add ``add-editor`` to an argparse subparsers object."""
    lang = {"choices": ["sv", "en"], "default": settings.default_lang()}
    add = subparsers.add_parser(
        "add-editor", help="let someone upload / ge någon rätt att ladda upp"
    )
    add.add_argument("name")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.add_argument(
        "--secrets",
        action="store_true",
        help="print an entry for .streamlit/secrets.toml instead of writing var/editors.json",
    )
    add.add_argument("--lang", **lang)
    add.set_defaults(func=_add_editor)
