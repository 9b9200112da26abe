"""``jamlik import``, ``jamlik history`` and ``jamlik withdraw``: yearly files as versions.

Exit codes of ``import``: 0 imported (or valid with ``--dry-run``), 1 refused (also when the
data package cannot be read: without it no area or city can be checked), 2 usage error,
3 busy (another writer held the store's lock too long; nothing was stored, try again).
``withdraw`` uses 0, 1 and 3 the same way.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard.report.i18n import t
from indicators.core import settings

if TYPE_CHECKING:
    from indicators.ingest.versions import CommitResult, Preview
    from indicators.table.areas import AreaIndex
    from indicators.table.catalog import Indicator
    from indicators.table.store import Store

#: Problems and changed cells listed in text output; JSON output lists every problem.
SHOWN = 20
#: The exit code for "the store is busy": not a refusal of the file.
BUSY = 3
EDITOR_HELP = "name recorded with the version (default: your login name)"


def _open_for_upload(lang: str):
    """The store with the data package loaded first (as the dashboard does on start), its
    catalog, and the known areas (``None`` without a readable package).

    Loading the package before an upload keeps their order: a package loaded later would
    be a newer version than the upload.
    """
    from indicators.core.problems import ProblemsError
    from indicators.ingest import divisions
    from indicators.ingest.sync import sync_package
    from indicators.table.areas import AreaIndex, boundaryless_types
    from indicators.table.package import read_package
    from indicators.table.store import Store

    store = Store.open(settings.database_url())
    try:
        package = read_package(settings.data_dir())
    except ProblemsError as err:
        # Fail closed: ``_preview`` refuses every file when there are no known areas.
        print(err.problems[0].text(lang), file=sys.stderr)
        return store, store.catalog(), None
    report = sync_package(store, package)
    for problems in report.refused.values():
        for problem in problems[:SHOWN]:
            print(problem.text(lang), file=sys.stderr)
    package = divisions.package_view(package, store)  # editors' divisions too
    return (
        store,
        store.catalog(),
        AreaIndex.from_package(package, store.current(area_type=boundaryless_types())),
    )


def _editor_name(given: str | None) -> str:
    if given:
        return given
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "cli"


def _preview(
    args: argparse.Namespace,
    path: Path,
    data: bytes,
    store: Store,
    catalog: dict[str, Indicator],
    areas: AreaIndex | None,
) -> Preview:
    """The file's rows read and compared with the store: new, changed and unchanged rows.

    Raises ``ProblemsError`` when the store has no catalog or the file is refused.
    """
    from indicators.core.problems import Problem, ProblemsError, Reason
    from indicators.core.text import Text
    from indicators.ingest import versions
    from indicators.ingest.upload import UploadDefaults

    if not catalog:
        raise ProblemsError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    Reason.MISSING_FILE,
                    Text(
                        "lagret har ingen indikatorkatalog; ange datapaketet i JAMLIK_DATA",
                        "the store has no indicator catalog; set JAMLIK_DATA to the data package",
                    ),
                )
            ]
        )
    if areas is None:
        raise ProblemsError([_no_package(path.name)])
    defaults = UploadDefaults(
        municipality_code=args.municipality,
        area_type=args.area_type,
        indicator=args.indicator,
        year=args.year,
        sex=args.sex,
        source=args.source,
    )
    rows = versions.read(
        data,
        path.name,
        catalog,
        areas=areas,
        defaults=defaults,
        sheet=args.sheet,
        max_bytes=args.max_mb * 2**20,
    )
    return versions.preview(store, rows, file_name=path.name, sha256=versions.sha256_bytes(data))


def _no_package(name: str):
    """Every file is refused without a readable data package: with no known cities and areas
    nothing could be checked (failing open imported unknown cities with exit 0)."""
    from indicators.core.problems import Problem, Reason
    from indicators.core.text import Text

    return Problem(
        name,
        None,
        None,
        str(settings.data_dir()),
        Reason.MISSING_FILE,
        Text(
            "datapaketet kan inte läsas, så kommuner och områden kan inte kontrolleras;"
            " ange datapaketet i JAMLIK_DATA",
            "the data package cannot be read, so cities and areas cannot be checked;"
            " set JAMLIK_DATA to the data package",
        ),
    )


def _store_preview(
    args: argparse.Namespace, store: Store, preview: Preview, out: dict[str, object]
) -> None:
    """The preview's counts into ``out``; with ``--dry-run`` the file is only valid, else it
    is committed as a new version (or found unchanged) and ``out`` holds the result."""
    from indicators.ingest import versions

    out.update(_counts(preview), identical_version=preview.identical_version)
    if args.dry_run:
        out["status"] = "valid"
        return
    result = versions.commit(store, preview, editor=_editor_name(args.editor))
    out.update(_counts(result), status=result.status, version=result.version)


def _counts(found: Preview | CommitResult) -> dict[str, int]:
    """The rows of a preview or a commit: all, new, changed and unchanged."""
    return {
        "rows": found.n_rows,
        "new": found.n_new,
        "changed": found.n_changed,
        "unchanged": found.n_unchanged,
    }


def _busy(err: Exception) -> bool:
    """Whether a database error means another writer held the lock past the wait."""
    text = str(getattr(err, "orig", err)).lower()
    return any(s in text for s in ("database is locked", "database is busy", "lock timeout"))


def _when_not_busy(command):
    """Run a store command; a lock held too long by another writer gives a clear message and
    exit code ``BUSY`` (nothing was stored), not a traceback and not the "refused" code."""

    def run(args: argparse.Namespace) -> int:
        import sqlalchemy as sa

        try:
            return command(args)
        except sa.exc.OperationalError as err:
            if not _busy(err):
                raise
            message = t("cli_busy", args.lang)
            if args.format == "json":
                print(json.dumps({"status": "busy", "message": message}, ensure_ascii=False))
            else:
                print(message, file=sys.stderr)
            return BUSY

    return run


def _import(args: argparse.Namespace) -> int:
    from indicators.core.problems import Problem, ProblemsError

    lang = args.lang
    path = Path(args.path)
    if not path.is_file():
        print(f"jamlik import: {t('cli_no_file', lang)} {path}", file=sys.stderr)
        return 2
    data = path.read_bytes()
    store, catalog, areas = _open_for_upload(lang)
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
        preview = _preview(args, path, data, store, catalog, areas)
    except ProblemsError as err:
        problems = err.problems
    if preview is not None:
        _store_preview(args, store, preview, out)
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
        print(t("cli_refused", lang, name=name, n=len(problems)))
        for problem in problems[:SHOWN]:
            print("  " + problem.text(lang))
        if len(problems) > SHOWN:
            print(t("cli_more", lang, n=len(problems) - SHOWN))
        return
    counts = t(
        "cli_import_counts",
        lang,
        rows=out["rows"],
        new=out["new"],
        changed=out["changed"],
        unchanged=out["unchanged"],
    )
    label = {
        "valid": t("cli_valid", lang),
        "imported": t("cli_imported", lang, version=out["version"]),
        "unchanged": t("cli_unchanged", lang),
    }[status]
    print(f"{name}: {label}; {counts}")
    if out.get("identical_version") is not None:
        v = out["identical_version"]
        print(t("cli_same_file", lang, version=v))
    if preview is not None and len(preview.changed):
        print(t("cli_changed_values", lang))
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
    from indicators.ingest import versions
    from indicators.table.store import Store

    frame = versions.history(Store.open(settings.database_url()))
    if args.format == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        print(json.dumps(records, ensure_ascii=False))
        return 0
    if frame.empty:
        print(t("cli_no_versions", args.lang))
        return 0
    for rec in frame.to_dict("records"):
        withdrawn = ""
        if rec["withdrawn_at"] is not None:
            withdrawn = t("cli_withdrawn_mark", args.lang)
            withdrawn += f" {rec['withdrawn_at']} ({rec['withdrawn_by']})"
        counts = t(
            "cli_history_counts",
            args.lang,
            rows=rec["n_rows"],
            new=rec["n_new"],
            changed=rec["n_changed"],
        )
        print(
            f"{rec['version']:>5}  {rec['imported_at']}  {rec['origin']:<7}  {rec['editor']:<12}  "
            f"{rec['file_name']}  {counts}{withdrawn}"
        )
    return 0


def withdrawal_outcome(
    args: argparse.Namespace, refused: str | None, message: str, **extra: object
) -> int:
    """Print how a withdrawal of ``args.version`` went (a JSON line or its sentence) and
    return the exit code: 1 with the ``refused`` reason, else 0. ``jamlik withdraw`` and
    ``jamlik boundaries withdraw`` answer alike."""
    if refused is not None:
        out = {"status": "refused", "version": args.version, "message": refused}
    else:
        out = {"status": "withdrawn", "version": args.version, **extra, "message": message}
    print(json.dumps(out, ensure_ascii=False) if args.format == "json" else out["message"])
    return 0 if refused is None else 1


def _withdraw(args: argparse.Namespace) -> int:
    from dashboard.report.uploads import withdraw_effect
    from indicators.ingest import versions
    from indicators.table.store import Store

    store = Store.open(settings.database_url())
    try:
        if args.dry_run:
            told = versions.withdraw_preview(store, args.version)
            return withdrawal_outcome(
                args,
                None,
                withdraw_effect(told, args.lang),
                status="dry-run",
                cells=told.n_cells,
                reverted=told.n_reverted,
                emptied=told.n_emptied,
                kept=told.n_kept,
            )
        versions.withdraw(store, args.version, editor=_editor_name(args.editor))
    except versions.WithdrawError as err:
        return withdrawal_outcome(args, err.message(args.lang), "")
    finally:
        store.engine.dispose()
    return withdrawal_outcome(
        args, None, t("cli_version_withdrawn", args.lang, version=args.version)
    )


def register(subparsers: Any) -> None:
    """Add ``import``, ``history`` and ``withdraw`` to an argparse subparsers object."""
    lang = {"choices": ["sv", "en"], "default": settings.default_lang()}
    fmt = {"choices": ["text", "json"], "default": "text"}

    imp = subparsers.add_parser(
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
    imp.add_argument("--editor", help=EDITOR_HELP)
    imp.add_argument("--format", **fmt)
    imp.add_argument("--lang", **lang)
    imp.set_defaults(func=_when_not_busy(_import))

    hist = subparsers.add_parser("history", help="list dataset versions / lista dataversioner")
    hist.add_argument("--format", **fmt)
    hist.add_argument("--lang", **lang)
    hist.set_defaults(func=_history)

    wd = subparsers.add_parser(
        "withdraw", help="withdraw an uploaded version / dra tillbaka en version"
    )
    wd.add_argument("version", type=int)
    wd.add_argument("--dry-run", action="store_true", help="say what would change; change nothing")
    wd.add_argument("--editor", help=EDITOR_HELP)
    wd.add_argument("--format", **fmt)
    wd.add_argument("--lang", **lang)
    wd.set_defaults(func=_when_not_busy(_withdraw))
