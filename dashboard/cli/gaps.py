"""``jamlik gaps FILE.csv``: every applicable gap measure for a small table, as JSON or text."""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path
from typing import Any

from indicators.core import settings
from indicators.core.problems import Problem, ProblemsError, Reason
from indicators.core.text import Text
from indicators.ingest.dialect import sniff_dialect
from indicators.measures.compute import as_mapping, compute_all
from indicators.measures.ordered import PHE_REPS
from indicators.measures.registry import MEASURES
from indicators.measures.simulate import DEFAULT_SEED, HEAT_REPS

REQUIRED = ("area", "value", "population")
OPTIONAL = ("se", "rank", "denominator")
#: Stop listing problems after this many; the first ones are enough to fix a file.
MAX_PROBLEMS = 20


def register(subparsers: Any) -> None:
    """Add the ``gaps`` sub-command to an argparse subparsers object."""
    p = subparsers.add_parser(
        "gaps",
        help="gap measures for a CSV table / ojämlikhetsmått för en CSV-tabell",
        description=(
            "Compute every applicable gap measure for a CSV with columns area,value,"
            "population (optional se, rank, denominator: the counts a percentage is a share "
            "of, e.g. pupils who sat the test, needed for PAR/PAF limits). Rows are numbered "
            "as in a spreadsheet: the header is row 1."
        ),
    )
    p.add_argument("file", help="CSV file (comma-, semicolon- or tab-separated, UTF-8)")
    polarity = p.add_mutually_exclusive_group()
    polarity.add_argument(
        "--higher-is-better",
        dest="higher_is_better",
        action="store_const",
        const=True,
        help="higher values are better (life expectancy, income)",
    )
    polarity.add_argument(
        "--lower-is-better",
        dest="higher_is_better",
        action="store_const",
        const=False,
        help="higher values are worse (CNI, mortality); neither flag: no polarity",
    )
    _add_options(p)
    p.set_defaults(func=run)


def _add_options(p: Any) -> None:
    """The measures' options: reference, ordered groups, scale, μ, SII model, simulations."""
    p.add_argument("--reference", metavar="AREA", help="reference area for D, R, MDR, PAR/PAF")
    p.add_argument(
        "--ordered",
        action="store_true",
        help="rows are ordered groups ranked by the 'rank' column (1 = most disadvantaged)",
    )
    p.add_argument(
        "--scale",
        type=float,
        metavar="N",
        help="indicator scale as in HEAT (100 = percent): bounds simulations to [0, N], "
        "gives PAR/PAF limits and makes SII/RII use HEAT's logistic model",
    )
    p.add_argument("--mean", type=float, help="setting average μ (default: population-weighted)")
    p.add_argument(
        "--sii-method",
        choices=["auto", "linear", "log", "logit", "logistic"],
        default="auto",
        help="auto = logistic with --scale, else linear (PHE)",
    )
    p.add_argument(
        "--reps",
        type=int,
        default=HEAT_REPS,
        help=f"HEAT simulations (default {HEAT_REPS}: Monte Carlo error under 1 %% of the CI)",
    )
    p.add_argument(
        "--sii-reps",
        type=int,
        default=PHE_REPS,
        help=f"PHE SII simulations (default {PHE_REPS}, PHE's default)",
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 123456)")
    p.add_argument("--format", choices=["json", "text"], default="json")
    p.add_argument(
        "--lang",
        choices=["sv", "en"],
        default=settings.default_lang(),
        help="language of names and notes (default: JAMLIK_LANG)",
    )


def run(args: argparse.Namespace) -> int:
    """Read the file, compute, print; 1 with a bilingual message when the input is bad."""
    path = Path(args.file)
    try:
        table = read_table(path, ordered=args.ordered, reference=args.reference, label=args.file)
        results = compute_all(
            table,
            higher_is_better=args.higher_is_better,
            reference=args.reference,
            ordered=args.ordered,
            scale=args.scale,
            mean=args.mean,
            sii_method=args.sii_method,
            reps=args.reps,
            sii_reps=args.sii_reps,
            seed=args.seed,
        )
    except ProblemsError as err:
        _report(err.problems)
        return 1
    except ValueError as err:
        # A measure's own refusal of the whole table, said as the measure says it.
        said = Text(str(err), str(err))
        _report([Problem(args.file, None, None, None, Reason.INVALID_INPUT, said)])
        return 1
    measures = as_mapping(results, args.lang)
    if args.format == "json":
        doc = {
            "measures": measures,
            "input": {
                "file": path.name,
                "rows": len(table["area"]),
                "higher_is_better": args.higher_is_better,
                "reference": args.reference,
                "ordered": args.ordered,
                "scale": args.scale,
                "seed": args.seed,
            },
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(render_text(measures, args.lang))
    return 0


def _report(problems: list[Problem]) -> None:
    name = problems[0].file
    print(f"jamlik gaps: {name} kan inte användas / cannot be used:", file=sys.stderr)
    for problem in problems[:MAX_PROBLEMS]:
        print(f"  {problem.text('sv')}\n  {problem.text('en')}", file=sys.stderr)
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        print(f"  … och {more} till / and {more} more", file=sys.stderr)


def _read_text(path: Path, file: str) -> str:
    """The file's text (UTF-8, with or without BOM), or :class:`ProblemsError`."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ProblemsError.at(file, "file_missing") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ProblemsError.at(file, "file_unreadable", error=err) from None


def _area(file: str, area: str, row: int, first_row: dict[str, int]) -> Problem | None:
    """A missing or repeated area name; ``first_row`` remembers where each was first."""
    if not area:
        return Problem.at(file, "area_name_missing", row=row, column="area")
    if area in first_row:
        return Problem.at(
            file, "area_repeated", row=row, column="area", value=area, first=first_row[area]
        )
    first_row[area] = row
    return None


def _cell(
    file: str, raw: str, col: str, row: int, *, ordered: bool, decimal_comma: bool
) -> tuple[float, Problem | None]:
    """A number cell; with ``ordered``, a rank must be a whole number from 1."""
    number, problem = _number(file, raw, col, row, decimal_comma)
    if (
        problem is None
        and ordered
        and col == "rank"
        and not (math.isfinite(number) and number == int(number) and number >= 1)
    ):
        problem = Problem.at(file, "rank_not_whole", row=row, column=col, value=raw)
    return number, problem


def _missing_columns(file: str, columns: list[str], needed: tuple[str, ...]) -> list[Problem]:
    """A problem for each needed column that the header does not name."""
    present = Text(", ".join(columns) or "inga", ", ".join(columns) or "none")
    return [
        Problem.at(file, "column_missing", column=c, present=present)
        for c in needed
        if c not in columns
    ]


def _read_rows(
    file: str,
    reader: csv.DictReader,
    out: dict[str, list[Any]],
    first_row: dict[str, int],
    ordered: bool,
    decimal_comma: bool,
) -> list[Problem]:
    """Every record into ``out``'s columns; returns the problems of every row."""
    found: list[Problem | None] = []
    for record in reader:
        row = reader.line_num
        area = (record.get("area") or "").strip()
        found.append(_area(file, area, row, first_row))
        out["area"].append(area)
        for col in [c for c in out if c != "area"]:
            raw = (record.get(col) or "").strip()
            number, problem = _cell(
                file, raw, col, row, ordered=ordered, decimal_comma=decimal_comma
            )
            found.append(problem)
            out[col].append(number)
    return [p for p in found if p is not None]


def read_table(
    path: Path, *, ordered: bool = False, reference: str | None = None, label: str | None = None
) -> dict[str, list[Any]]:
    """The CSV as columns of numbers (NaN where empty), or :class:`ProblemsError` with every
    problem, each naming the file as ``label`` (the path as the user wrote it)."""
    file = label or str(path)
    text = _read_text(path, file)
    # The uploads' own rule: Swedish spreadsheets export ';' (or tab) with decimal commas.
    dialect = sniff_dialect(text)
    reader = csv.DictReader(text.splitlines(keepends=True), delimiter=dialect.separator)
    columns = [c.strip() for c in (reader.fieldnames or [])]
    reader.fieldnames = columns
    problems = _missing_columns(file, columns, REQUIRED + (("rank",) if ordered else ()))
    if problems:
        raise ProblemsError(problems)

    out: dict[str, list[Any]] = {c: [] for c in (*REQUIRED, *OPTIONAL) if c in columns}
    first_row: dict[str, int] = {}
    problems = _read_rows(file, reader, out, first_row, ordered, dialect.decimal_comma)
    if not out["area"]:
        problems.append(Problem.at(file, "no_data_rows"))
    if reference is not None and not problems and reference not in first_row:
        problems.append(Problem.at(file, "reference_not_an_area", column="area", value=reference))
    if problems:
        raise ProblemsError(problems)
    return out


#: What a column that may not be negative holds, for the sentence that says so.
_NOT_NEGATIVE = {
    "population": Text("befolkningen", "a population"),
    "se": Text("ett medelfel", "a standard error"),
    "denominator": Text("nämnaren", "a denominator"),
}


def _number(
    file: str, raw: str, col: str, row: int, decimal_comma: bool
) -> tuple[float, Problem | None]:
    if raw == "":
        return math.nan, None
    where = {"row": row, "column": col, "value": raw}
    text = raw.replace(",", ".") if decimal_comma else raw
    try:
        number = float(text)
    except ValueError:
        return math.nan, Problem.at(file, "not_a_number", **where)
    if not math.isfinite(number):
        return math.nan, Problem.at(file, "not_finite", **where)
    if col in _NOT_NEGATIVE and number < 0:
        return number, Problem.at(file, "negative", **where, what=_NOT_NEGATIVE[col])
    return number, None


def _fmt(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:,.0f}" if abs(x) >= 10_000 else f"{x:.4g}" if abs(x) >= 1 else f"{x:.4f}"


def render_text(measures: dict[str, dict[str, Any]], lang: str = "en") -> str:
    """A readable table: id, measure, value, limits and note."""
    rows = [
        (
            "id",
            "mått" if lang == "sv" else "measure",
            "värde" if lang == "sv" else "value",
            "95 % KI" if lang == "sv" else "95% CI",
            "not" if lang == "sv" else "note",
        )
    ]
    for mid, m in measures.items():
        ci = "" if m["ci_low"] is None else f"{_fmt(m['ci_low'])} – {_fmt(m['ci_high'])}"
        rows.append((mid, MEASURES[mid].name.text(lang), _fmt(m["value"]), ci, m["note"] or ""))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for r in rows:
        lines.append("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 4)
    return "\n".join(line.rstrip() for line in lines)
