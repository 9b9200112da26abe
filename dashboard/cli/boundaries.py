"""``jamlik boundaries add|list|withdraw``: an editor's own divisions of any municipality.

Exit codes of ``add``: 0 stored (or valid with ``--dry-run``), 1 refused, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from dashboard.cli.uploads import EDITOR_HELP, SHOWN, _editor_name, withdrawal_outcome
from dashboard.report.i18n import t
from indicators.core import settings


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: YYYY-MM-DD") from exc


def _add(args: argparse.Namespace) -> int:
    from dashboard.cli.export import open_store
    from indicators.ingest import divisions

    path = Path(args.path)
    if not path.is_file():
        print(f"jamlik boundaries add: {t('cli_no_file', args.lang)} {path}", file=sys.stderr)
        return 2
    store, package = open_store()
    request = divisions.DivisionRequest(
        municipality=args.municipality,
        area_type=args.area_type,
        name_sv=args.name_sv or "",
        name_en=args.name_en or "",
        valid_from=args.valid_from,
        valid_to=args.valid_to,
        id_field=args.id_field,
        name_field=args.name_field,
        parent=args.parent,
        crs=args.crs,
    )
    checked = divisions.check(path, request, package, store)
    if checked.status == "valid" and not args.dry_run:
        checked = divisions.save(store, checked, editor=_editor_name(args.editor))
    if args.format == "json":
        print(json.dumps(checked.as_json(args.lang), ensure_ascii=False))
    else:
        _print_add(checked, path.name, args.lang)
    return 1 if checked.status == "refused" else 0


def _print_add(checked, name: str, lang: str) -> None:
    if checked.status == "refused":
        print(t("cli_refused", lang, name=name, n=len(checked.problems)))
        for problem in checked.problems[:SHOWN]:
            print("  " + problem.text(lang))
        if len(checked.problems) > SHOWN:
            print(t("cli_more", lang, n=len(checked.problems) - SHOWN))
        return
    key = "cli_division_valid" if checked.status == "valid" else "cli_division_stored"
    print(t(key, lang, name=name, n=checked.n_features, version=checked.version))


def _list(args: argparse.Namespace) -> int:
    from indicators.table.store import Store

    frame = Store.open(settings.database_url()).divisions()
    if args.format == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        print(json.dumps(records, ensure_ascii=False))
        return 0
    if frame.empty:
        print(t("cli_no_divisions", args.lang))
        return 0
    for rec in frame.to_dict("records"):
        withdrawn = ""
        if rec["withdrawn_at"] is not None:
            withdrawn = f"  {t('cli_withdrawn_mark', args.lang)} {rec['withdrawn_at']}"
        parent = f" ⊂ {rec['parent_type']}" if rec["parent_type"] else ""
        print(
            f"{rec['id']:>5}  {rec['imported_at']}  {rec['municipality_code']}  "
            f"{rec['area_type']}{parent}  {rec['n_features']}  {rec['file_name']}  "
            f"{rec['imported_by']}{withdrawn}"
        )
    return 0


def _withdraw(args: argparse.Namespace) -> int:
    from indicators.ingest import divisions
    from indicators.table.store import Store

    store = Store.open(settings.database_url())
    try:
        divisions.withdraw(store, args.version, editor=_editor_name(args.editor))
    except divisions.DivisionWithdrawError as err:
        return withdrawal_outcome(args, err.problem.message(args.lang), "")
    finally:
        store.engine.dispose()
    return withdrawal_outcome(
        args, None, t("cli_division_withdrawn", args.lang, version=args.version)
    )


def register(subparsers: Any) -> None:
    """Add ``boundaries`` with ``add``, ``list`` and ``withdraw`` to an argparse subparsers."""
    lang = {"choices": ["sv", "en"], "default": settings.default_lang()}
    fmt = {"choices": ["text", "json"], "default": "text"}
    top = subparsers.add_parser(
        "boundaries", help="add, list or withdraw district boundaries / områdesindelningar"
    )
    sub = top.add_subparsers(dest="boundaries_command", required=True)

    add = sub.add_parser(
        "add", help="check and store a division (GeoJSON, GeoPackage, zipped Shapefile)"
    )
    add.add_argument("path", help="GeoJSON, GeoPackage (.gpkg) or zipped Shapefile (.zip)")
    add.add_argument("--municipality", required=True, help="SCB municipality code, e.g. 0580")
    add.add_argument("--area-type", required=True, help="id of the division, e.g. deso_2025")
    add.add_argument("--name-sv", help="Swedish name shown in the app")
    add.add_argument("--name-en", help="English name shown in the app")
    add.add_argument("--valid-from", type=_date, help="first day in force, YYYY-MM-DD")
    add.add_argument("--valid-to", type=_date, help="last day in force, YYYY-MM-DD")
    add.add_argument("--id-field", default="area_code", help="property holding the area code")
    add.add_argument("--name-field", default="area_name", help="property holding the area name")
    add.add_argument("--parent", help="area type of the stored division each area lies in")
    add.add_argument("--crs", help="CRS of a file that declares none, e.g. EPSG:3006")
    add.add_argument("--dry-run", action="store_true", help="check only; store nothing")
    add.add_argument("--editor", help=EDITOR_HELP)
    add.add_argument("--format", **fmt)
    add.add_argument("--lang", **lang)
    add.set_defaults(func=_add)

    lst = sub.add_parser("list", help="every stored division version")
    lst.add_argument("--format", **fmt)
    lst.add_argument("--lang", **lang)
    lst.set_defaults(func=_list)

    wd = sub.add_parser("withdraw", help="withdraw a stored division version")
    wd.add_argument("version", type=int)
    wd.add_argument("--editor", help=EDITOR_HELP)
    wd.add_argument("--format", **fmt)
    wd.add_argument("--lang", **lang)
    wd.set_defaults(func=_withdraw)
