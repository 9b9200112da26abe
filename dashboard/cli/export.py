"""``jamlik export``: the dashboard's figures and their data as files, for scripted yearly reports.

    jamlik export --municipality 1480 --area-type primaromrade --indicator life_expectancy \\
        --year 2024 --figure map --format png,pdf,csv --out rapport/

The figures are built by ``dashboard/report/exporting.py``, as on the pages, without Streamlit.
An impossible selection (a city, area type, indicator, year, sex or area without values)
stops with exit code 1 and says what is possible instead.

It is one entry of the command table in ``dashboard/cli/__init__.py``; the command line is
the top layer, so it may use every view and figure below it (tests/test_layers.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

FIGURES = ("map", "ranking", "trend", "gap", "factsheet")
FORMATS = ("png", "svg", "pdf", "csv", "xlsx")


class SelectionError(Exception):
    """What was asked for has no values; the message says what is possible."""


def _formats(text: str) -> list[str]:
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(
            f"unknown format '{','.join(unknown) or text}'; choose from {','.join(FORMATS)}"
        )
    return list(dict.fromkeys(wanted))


def register(subparsers: Any) -> None:
    """Add the ``export`` sub-command to an argparse subparsers object."""
    from indicators.core import settings

    p = subparsers.add_parser(
        "export",
        help="figures and data as files / figurer och data som filer",
        description="Export the dashboard's figures (PNG, SVG, PDF) and the data behind them "
        "(CSV for Swedish Excel, XLSX with metadata), each image with its description "
        "beside it (.txt). Exit 1 on a selection without values.",
    )
    p.add_argument(
        "--municipality", required=True, help="municipality code (SCB), e.g. 0180, 1480, 1280"
    )
    p.add_argument("--area-type", required=True, help="area type, e.g. primaromrade")
    p.add_argument(
        "--indicator", help="indicator id (default life_expectancy; not used by factsheet)"
    )
    p.add_argument(
        "--year",
        help="year, or a period such as 2006-2010 (default: the latest); trend, gap and "
        "factsheet show the years up to it",
    )
    p.add_argument("--sex", choices=["total", "women", "men"], help="default total")
    p.add_argument("--figure", required=True, choices=FIGURES)
    p.add_argument(
        "--area",
        help="factsheet: the area's code; without it, every area of the area type "
        "(the city report: one PDF page per area)",
    )
    p.add_argument(
        "--format",
        type=_formats,
        default=["png", "csv"],
        help=f"comma-separated, any of {','.join(FORMATS)} (default png,csv)",
    )
    p.add_argument("--size", choices=["a4", "slide"], default="a4", help="a4 (16 cm) or slide")
    p.add_argument("--out", required=True, help="folder for the files (created if missing)")
    p.add_argument("--lang", choices=["sv", "en"], default=settings.default_lang())
    p.set_defaults(func=run)


def open_store():
    """The store and the package as the dashboard sees them: the package loaded into the
    store first, and editors' divisions beside the package's (with their names)."""
    from dashboard.report.i18n import name_added_area_types
    from indicators.core import settings
    from indicators.ingest import divisions
    from indicators.ingest.sync import sync_package
    from indicators.table.package import read_package
    from indicators.table.store import Store

    store = Store.open(settings.database_url())
    package = read_package(settings.data_dir())
    sync_package(store, package)
    name_added_area_types(divisions.area_type_names(store))
    return store, divisions.package_view(package, store)


def _resolve(store, package, args: argparse.Namespace, lang: str):
    """The selection, or SelectionError naming the first choice that has no values."""
    from indicators.views.selection import resolve

    request = {
        "city": args.municipality,
        "area_type": args.area_type,
        "indicator": args.indicator,
        "year": args.year,
        "sex": args.sex,
    }
    choices = resolve(store.inventory(), package, request)
    for note in choices.notes:
        what = note.key.removeprefix("note_").removesuffix("_unavailable")
        options = {
            "city": choices.cities,
            "area_type": choices.area_types,
            "indicator": choices.indicators,
            "year": choices.years,
            "sex": choices.sexes,
        }[what]
        raise _impossible(what, note.params["requested"], options, lang)
    return choices.selection


def _impossible(what: str, requested: str, options: list[str], lang: str) -> SelectionError:
    """The error for a choice ``what`` (a key of ``t``) that has no values, naming the
    possible ones."""
    from dashboard.report.i18n import t

    return SelectionError(
        t(
            "cli_impossible",
            lang,
            what=t(what, lang).lower(),
            requested=requested,
            options=", ".join(options),
        )
    )


def _link(page: str, params: dict[str, str], lang: str) -> str:
    from dashboard.report.exports import permalink
    from indicators.core import settings

    return permalink(settings.public_url(), page, {**params, "lang": lang})


def _map_view(store, package, sel):
    """The map page's view of ``sel`` (``views.map.map_view``), as the page builds it."""
    from dashboard.report.figures import MAP_PLOT_SIZE
    from indicators.core import settings
    from indicators.views.map import map_view

    cache_dir = settings.var_dir() / "boundaries"
    return map_view(store, package, sel, cache_dir=cache_dir, plot_size=MAP_PLOT_SIZE)


def _map_exports(store, package, sel, catalog, args, lang):
    from dashboard.report import exporting
    from dashboard.report.i18n import t

    ind = catalog[sel.indicator]
    link = _link("karta", {**sel.as_params(), "since": "-"}, lang)
    view = _map_view(store, package, sel)
    if args.figure == "ranking":
        return [exporting.ranking_export(view.data, ind, lang, link=link)]
    if view.layer is None:
        raise SelectionError(t("cli_no_boundaries", lang, area_type=sel.area_type))
    layer = view.layer
    return [
        exporting.map_export(
            layer.geojson, layer.center, layer.zoom, view.data, ind, lang, link=link
        )
    ]


def _trend_exports(store, package, sel, catalog, args, lang):
    from dashboard.report import exporting
    from dashboard.report.i18n import t
    from indicators.views import trends

    ind = catalog[sel.indicator]
    until = sel.year_number
    trend = trends.trend_view(
        store, package, sel.city, sel.area_type, sel.indicator, sel.sex, until=until
    )
    breaks = [(year, t("division_break", lang, year=year)) for year in trend.breaks]
    highlight = trends.highlight_defaults(trend.series)
    view = exporting.TrendView(
        sel.city, sel.area_type, ind, sel.sex, False, trend.series, trend.references,
        highlight, breaks,
    )  # fmt: skip
    measures = list(trends.DEFAULT_MEASURES)
    strat = "median_income" if "median_income" in catalog else None
    params = {
        "city": sel.city,
        "area_type": sel.area_type,
        "indicator": sel.indicator,
        "sex": sel.sex,
        "strat": strat or "",
        "recalc": "0",
        "highlight": ",".join(highlight),
        "measures": ",".join(measures),
    }
    link = _link("utveckling", params, lang)
    if args.figure == "trend":
        return [exporting.trend_export(view, lang, link=link)]
    chain = trend.chain
    gaps = trends.trend_gaps(
        store,
        package,
        sel.city,
        chain,
        sel.indicator,
        sel.sex,
        measures=tuple(measures),
        stratifier=strat,
        areas={a: n for a in chain if (n := trends.division_areas(package, sel.city, a))},
        until=until,
    )
    return [
        exporting.gap_export(
            view, gaps, measures, chain, catalog.get(strat) if strat else None, lang, link=link
        )
    ]


def _factsheet(store, args, catalog, lang, out: Path, formats: list[str]) -> list[Path]:
    """The fact sheet of ``args.area``, or of every area of the area type (``_city_files``)."""
    from dashboard.report import exporting
    from dashboard.report.i18n import t

    facts = _city_facts(store, args, lang)
    codes = sorted(c for c, _ in facts.areas())
    if args.area is not None and args.area not in codes:
        raise SelectionError(
            t(
                "cli_no_area",
                lang,
                area=args.area,
                area_type=args.area_type,
                options=", ".join(codes[:30]) + (" …" if len(codes) > 30 else ""),
            )
        )

    def link(code: str) -> str:
        params = {"city": args.municipality, "area_type": args.area_type, "area": code}
        return _link("omradesfakta", params, lang)

    if args.area is None:
        return _city_files(facts, codes, catalog, lang, link, formats, args.size, out)
    sheet = facts.sheet(args.area)
    export = exporting.factsheet_export(sheet, catalog, lang, link=link(args.area))
    return _write_export(export, formats, args.size, out)


def _city_facts(store, args: argparse.Namespace, lang: str):
    """``CityFacts`` of the asked city and area type up to the asked year, or
    SelectionError when either has no key figures."""
    from indicators.views.factsheet import HEADLINE, CityFacts, area_types_with_facts
    from indicators.views.selection import cities_with_districts

    inventory = store.inventory()
    cities = [c for c in cities_with_districts(inventory) if area_types_with_facts(inventory, c)]
    if args.municipality not in cities:
        raise _impossible("city", args.municipality, cities, lang)
    types = area_types_with_facts(inventory, args.municipality)
    if args.area_type not in types:
        raise _impossible("area_type", args.area_type, types, lang)
    # A period such as 2006-2010 is a report as of its last year.
    until = int(str(args.year).split("-")[-1]) if args.year else None
    facts = CityFacts.load(store, args.municipality, args.area_type, until=until)
    if not facts.areas():
        # No area has a key figure by then (the division came later, say): name the years
        # that have one instead of writing an empty report.
        rows = inventory[
            (inventory["municipality_code"] == args.municipality)
            & (inventory["area_type"] == args.area_type)
            & (inventory["n_values"] > 0)
            & inventory["indicator"].isin(HEADLINE)
        ]
        raise _impossible("year", str(args.year), sorted({str(y) for y in rows["year"]}), lang)
    return facts


def _city_files(
    facts, codes: list[str], catalog, lang: str, link, formats: list[str], size: str, out: Path
) -> list[Path]:
    """Every area's fact sheet: PDF as one city report (one page per area), CSV and XLSX as
    one table of every sheet, each other format one file per area."""
    import pandas as pd

    from dashboard.report import exporting

    written: list[Path] = []
    if "pdf" in formats:
        pdf, name = exporting.city_report(facts, catalog, lang, link_for=link)
        written.append(_write(out / name, pdf))
    exports = [
        exporting.factsheet_export(facts.sheet(c), catalog, lang, link=link(c)) for c in codes
    ]
    tables = [f for f in ("csv", "xlsx") if f in formats]
    if tables:
        # One table for the whole city: every sheet's rows, one after the other.
        whole = exporting.FigureExport(
            "factsheet",
            exports[0].figure,
            pd.concat([e.table for e in exports], ignore_index=True),
            exports[0].meta,
            exporting.city_report_stem(facts, lang),
        )
        written += [_write(out / whole.file_name(fmt), whole.file(fmt)) for fmt in tables]
    rest = [f for f in formats if f not in ("pdf", "csv", "xlsx")]
    for export in exports:
        written += _write_export(export, rest, size, out)
    return written


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _write_export(export, formats: list[str], size: str, out: Path) -> list[Path]:
    written = []
    images = False
    for fmt in formats:
        written.append(_write(out / export.file_name(fmt, size), export.file(fmt, size)))
        images = images or fmt in ("png", "svg", "pdf")
    if images:
        # The description beside the image, for a report's alt text field.
        written.append(_write(out / export.file_name("txt"), export.file("txt")))
    return written


def run(args: argparse.Namespace) -> int:
    from dashboard.report.i18n import t
    from dashboard.report.render import RenderError
    from indicators.core.problems import ProblemsError

    lang = args.lang
    out = Path(args.out)
    try:
        store, package = open_store()
        catalog = store.catalog()
        out.mkdir(parents=True, exist_ok=True)
        if args.figure == "factsheet":
            written = _factsheet(store, args, catalog, lang, out, args.format)
        else:
            sel = _resolve(store, package, args, lang)
            build = _map_exports if args.figure in ("map", "ranking") else _trend_exports
            written = []
            for export in build(store, package, sel, catalog, args, lang):
                written += _write_export(export, args.format, args.size, out)
    except SelectionError as err:
        print(f"jamlik export: {err}", file=sys.stderr)
        return 1
    except ProblemsError as err:
        for problem in err.problems[:20]:
            print(f"jamlik export: {problem.text(lang)}", file=sys.stderr)
        return 1
    except RenderError as err:
        print(f"jamlik export: {err}", file=sys.stderr)
        return 1
    for path in written:
        print(t("cli_wrote", lang, path=path))
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m dashboard.cli.export export …``: the sub-command on its own."""
    parser = argparse.ArgumentParser(prog="jamlik", description="Jämlik stad")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
