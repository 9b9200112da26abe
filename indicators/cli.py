"""Command line: ``jamlik serve``, ``jamlik check-data PATH``, uploads and the analysts' tools.

Uploads: ``jamlik import PATH`` (exit 0 imported or valid, 1 refused, 2 usage error),
``jamlik history``, ``jamlik withdraw VERSION`` and ``jamlik add-editor NAME``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from indicators import settings
from indicators.gaps.cli import register as register_gaps

#: Problems and changed cells listed in text output; JSON output lists every problem.
SHOWN = 20


def streamlit_command(address: str = "127.0.0.1", port: int = 8501) -> list[str]:
    """The command that serves the dashboard (run it with cwd = the repository root, so that
    .streamlit/config.toml applies); tests and benchmarks start their servers with it too."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(settings.REPO_ROOT / "dashboard" / "app.py"),
        "--server.address",
        address,
        "--server.port",
        str(port),
        # Never open a browser or ask for an e-mail, never send usage statistics.
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def _serve(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.data:
        env["JAMLIK_DATA"] = str(Path(args.data).resolve())
    return subprocess.call(
        streamlit_command(args.address, args.port), env=env, cwd=settings.REPO_ROOT
    )


def _check_data(args: argparse.Namespace) -> int:
    from indicators.check import check_package

    report = check_package(Path(args.path))
    print(report.render(args.lang))
    return 0 if report.ok else 1


def _text(lang: str, sv: str, en: str) -> str:
    return en if lang == "en" else sv


def _open_for_upload(lang: str):
    """The store with the data package loaded first (as the dashboard does on start), its
    catalog, and the known areas (``None`` without a readable package).

    Loading the package before an upload keeps their order: a package loaded later would
    be a newer version than the upload.
    """
    from geodata.problems import ProblemsError
    from indicators.areas import AreaIndex
    from indicators.loading import sync_package
    from indicators.package import read_package
    from indicators.store import Store

    store = Store.open(settings.database_url())
    try:
        package = read_package(settings.data_dir())
    except ProblemsError as err:
        print(err.problems[0].text(lang), file=sys.stderr)
        return store, store.catalog(), None
    report = sync_package(store, package)
    for problems in report.refused.values():
        for problem in problems[:SHOWN]:
            print(problem.text(lang), file=sys.stderr)
    return store, store.catalog(), AreaIndex.from_package(package, store)


def _editor_name(given: str | None) -> str:
    if given:
        return given
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "cli"


def _import(args: argparse.Namespace) -> int:
    from geodata.problems import Problem, ProblemsError, Reason
    from indicators import importing
    from indicators.reading import UploadDefaults

    lang = args.lang
    path = Path(args.path)
    if not path.is_file():
        print(f"jamlik import: {_text(lang, 'ingen fil', 'no file')} {path}", file=sys.stderr)
        return 2
    data = path.read_bytes()
    store, catalog, areas = _open_for_upload(lang)
    defaults = UploadDefaults(
        municipality_code=args.municipality,
        area_type=args.area_type,
        indicator=args.indicator,
        year=args.year,
        sex=args.sex,
        source=args.source,
    )
    out: dict[str, object] = {
        "status": "refused",
        "rows": 0,
        "new": 0,
        "changed": 0,
        "unchanged": 0,
        "version": None,
        "problems": [],
    }
    problems: list[Problem] = []
    preview = None
    try:
        if not catalog:
            raise ProblemsError(
                [
                    Problem(
                        path.name,
                        None,
                        None,
                        None,
                        Reason.MISSING_FILE,
                        "lagret har ingen indikatorkatalog; ange datapaketet i JAMLIK_DATA",
                        "the store has no indicator catalog; set JAMLIK_DATA to the data package",
                    )
                ]
            )
        if areas is None:
            rows = importing.read(data, path.name, catalog)
        else:
            rows = importing.read(
                data,
                path.name,
                catalog,
                areas=areas,
                defaults=defaults,
                sheet=args.sheet,
                max_bytes=args.max_mb * 2**20,
            )
        preview = importing.preview(
            store, rows, file_name=path.name, sha256=importing.sha256_bytes(data)
        )
    except ProblemsError as err:
        problems = err.problems
    if preview is not None:
        out.update(
            rows=preview.n_rows,
            new=preview.n_new,
            changed=preview.n_changed,
            unchanged=preview.n_unchanged,
            identical_version=preview.identical_version,
        )
        if args.dry_run:
            out["status"] = "valid"
        else:
            result = importing.commit(store, preview, editor=_editor_name(args.editor))
            out.update(
                status=result.status,
                rows=result.n_rows,
                new=result.n_new,
                changed=result.n_changed,
                unchanged=result.n_unchanged,
                version=result.version,
            )
    out["problems"] = [
        {"row": p.row, "column": p.column, "value": p.value, "message": p.message(lang)}
        for p in problems
    ]
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False))
    else:
        _print_import(out, problems, preview, path.name, lang)
    return 1 if out["status"] == "refused" else 0


def _print_import(out: dict, problems: list, preview, name: str, lang: str) -> None:
    status = out["status"]
    if status == "refused":
        print(
            _text(
                lang,
                f"{name}: vägrad, {len(problems)} problem",
                f"{name}: refused, {len(problems)} problem(s)",
            )
        )
        for problem in problems[:SHOWN]:
            print("  " + problem.text(lang))
        if len(problems) > SHOWN:
            print(
                _text(
                    lang,
                    f"  … och {len(problems) - SHOWN} till",
                    f"  … and {len(problems) - SHOWN} more",
                )
            )
        return
    counts = _text(
        lang,
        f"{out['rows']} rader: {out['new']} nya, {out['changed']} ändrade, {out['unchanged']} oförändrade",
        f"{out['rows']} rows: {out['new']} new, {out['changed']} changed, {out['unchanged']} unchanged",
    )
    label = {
        "valid": _text(
            lang, "giltig (provkörning, inget sparat)", "valid (dry run, nothing stored)"
        ),
        "imported": _text(
            lang,
            f"importerad som version {out['version']}",
            f"imported as version {out['version']}",
        ),
        "unchanged": _text(lang, "oförändrad, inget sparat", "unchanged, nothing stored"),
    }[status]
    print(f"{name}: {label}; {counts}")
    if out.get("identical_version") is not None:
        v = out["identical_version"]
        print(_text(lang, f"  samma fil som version {v}", f"  the same file as version {v}"))
    if preview is not None and len(preview.changed):
        print(_text(lang, "  ändrade värden (gammalt → nytt):", "  changed values (old → new):"))
        for rec in preview.changed.head(SHOWN).to_dict("records"):
            where = " ".join(str(rec[k]) for k in ("municipality_code", "area_type", "area_code"))
            what = f"{rec['indicator']} {rec['sex']} {rec['year']}"
            print(
                f"    {where} {what}: {_cell(rec['old_value'], rec['old_flag'])} → {_cell(rec['new_value'], rec['new_flag'])}"
            )


def _cell(value: object, flag: object) -> str:
    text = "–" if value is None or value != value else f"{value:g}"
    return f"{text} ({flag})" if flag else text


def _history(args: argparse.Namespace) -> int:
    from indicators import importing
    from indicators.store import Store

    frame = importing.history(Store.open(settings.database_url()))
    if args.format == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        print(json.dumps(records, ensure_ascii=False))
        return 0
    if frame.empty:
        print(_text(args.lang, "inga versioner", "no versions"))
        return 0
    for rec in frame.to_dict("records"):
        withdrawn = ""
        if rec["withdrawn_at"] is not None:
            withdrawn = _text(args.lang, "  TILLBAKADRAGEN", "  WITHDRAWN")
            withdrawn += f" {rec['withdrawn_at']} ({rec['withdrawn_by']})"
        counts = _text(
            args.lang,
            f"{rec['n_rows']} rader, {rec['n_new']} nya, {rec['n_changed']} ändrade",
            f"{rec['n_rows']} rows, {rec['n_new']} new, {rec['n_changed']} changed",
        )
        print(
            f"{rec['version']:>5}  {rec['imported_at']}  {rec['origin']:<7}  {rec['editor']:<12}  "
            f"{rec['file_name']}  {counts}{withdrawn}"
        )
    return 0


def _withdraw(args: argparse.Namespace) -> int:
    from indicators import importing
    from indicators.store import Store

    store = Store.open(settings.database_url())
    try:
        importing.withdraw(store, args.version, editor=_editor_name(args.editor))
    except importing.WithdrawError as err:
        out = {"status": "refused", "version": args.version, "message": err.message(args.lang)}
        code = 1
    else:
        message = _text(
            args.lang,
            f"version {args.version} har dragits tillbaka",
            f"version {args.version} has been withdrawn",
        )
        out = {"status": "withdrawn", "version": args.version, "message": message}
        code = 0
    print(json.dumps(out, ensure_ascii=False) if args.format == "json" else out["message"])
    return code


def _add_editor(args: argparse.Namespace) -> int:
    from indicators import editors

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(_text(args.lang, "Lösenord: ", "Password: "))
        again = getpass.getpass(_text(args.lang, "Lösenord igen: ", "Password again: "))
        if password != again:
            print(
                _text(args.lang, "lösenorden skiljer sig åt", "the passwords differ"),
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
        _text(
            args.lang,
            f"redaktören {args.name} sparad i {path}",
            f"editor {args.name} saved in {path}",
        )
    )
    return 0


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

    lang = {"choices": ["sv", "en"], "default": settings.default_lang()}
    fmt = {"choices": ["text", "json"], "default": "text"}
    editor_help = "name recorded with the version (default: your login name)"

    imp = sub.add_parser(
        "import", help="validate and import an indicator file / läs in en indikatorfil"
    )
    imp.add_argument("path", help="CSV or Excel file")
    imp.add_argument("--sheet", help="Excel sheet to read (default: the first)")
    imp.add_argument("--municipality", help="municipality code when the file has none, e.g. 0180")
    imp.add_argument("--area-type", help="area type when the file has none, e.g. stadsdel")
    imp.add_argument("--indicator", help="indicator id when the file has none")
    imp.add_argument("--year", type=int, help="year when the file has none")
    imp.add_argument("--sex", choices=["total", "women", "men"], help="sex when the file has none")
    imp.add_argument("--source", help="source citation when the file has none")
    imp.add_argument("--dry-run", action="store_true", help="validate and count; store nothing")
    # The browser refuses files over 50 MB; on the server a yearly bulk file may be larger.
    imp.add_argument("--max-mb", type=int, default=1024, help="largest file in MB (1024)")
    imp.add_argument("--editor", help=editor_help)
    imp.add_argument("--format", **fmt)
    imp.add_argument("--lang", **lang)
    imp.set_defaults(func=_import)

    hist = sub.add_parser("history", help="list dataset versions / lista dataversioner")
    hist.add_argument("--format", **fmt)
    hist.add_argument("--lang", **lang)
    hist.set_defaults(func=_history)

    wd = sub.add_parser("withdraw", help="withdraw an uploaded version / dra tillbaka en version")
    wd.add_argument("version", type=int)
    wd.add_argument("--editor", help=editor_help)
    wd.add_argument("--format", **fmt)
    wd.add_argument("--lang", **lang)
    wd.set_defaults(func=_withdraw)

    add = sub.add_parser("add-editor", help="let someone upload / ge någon rätt att ladda upp")
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

    register_gaps(sub)
    for command in entry_points(group="jamlik.commands"):
        command.load()(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
