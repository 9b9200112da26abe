"""The Frictionless data package: what it holds, where each file is, and whether it is intact."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from indicators.core.problems import Problem, ProblemsError, Reason
from indicators.core.text import Text


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _titles(items: list[dict] | None) -> tuple[str, ...]:
    return tuple(i.get("title") or i.get("name") or "" for i in items or [])


@dataclass(frozen=True)
class Resource:
    name: str
    path: Path
    rel_path: str
    title: str
    sha256: str
    sources: tuple[str, ...]
    licenses: tuple[str, ...]


@dataclass(frozen=True)
class BoundaryResource(Resource):
    municipality_code: str = ""
    area_type: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    id_field: str = "area_code"
    name_field: str = "area_name"
    status: str = ""
    n_features: int = 0
    description: str = ""

    def in_force(self, year: int) -> bool:
        """Whether the division was in force at any time during ``year``."""
        start_ok = self.valid_from is None or self.valid_from.year <= year
        end_ok = self.valid_to is None or self.valid_to.year >= year
        return start_ok and end_ok


@dataclass(frozen=True)
class IndicatorResource(Resource):
    synthetic: bool = False
    municipality_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrosswalkResource(Resource):
    municipality_code: str = ""
    smallest_area_type: str = ""


@dataclass
class Package:
    root: Path
    title: str
    version: str
    fingerprint: str
    catalog: Resource
    boundaries: list[BoundaryResource] = field(default_factory=list)
    indicators: list[IndicatorResource] = field(default_factory=list)
    crosswalks: list[CrosswalkResource] = field(default_factory=list)

    def boundary(self, municipality_code: str, area_type: str) -> BoundaryResource | None:
        for res in self.boundaries:
            if res.municipality_code == municipality_code and res.area_type == area_type:
                return res
        return None

    def crosswalk(self, municipality_code: str) -> CrosswalkResource | None:
        for res in self.crosswalks:
            if res.municipality_code == municipality_code:
                return res
        return None


def outside_problem(root: Path, rel: object) -> Problem | None:
    """A problem if a resource path could reach outside the package: the Frictionless spec
    allows only relative POSIX paths without ``..``; a URL, an absolute path (also GDAL's
    ``/vsicurl/``, ``/proc``) or a symlink that leads out is refused, never followed.

    >>> outside_problem(Path("."), "indicators/a.csv") is None
    True
    >>> [outside_problem(Path("."), p).value for p in ("/etc/passwd", "../x.csv", "http://h/x")]
    ['/etc/passwd', '../x.csv', 'http://h/x']
    """
    text = rel if isinstance(rel, str) else ""
    parts = PurePosixPath(text).parts
    escapes = (
        not text
        or "\\" in text
        or ":" in text
        or PurePosixPath(text).is_absolute()
        or any(part == ".." for part in parts)
    )
    if not escapes:
        base = root.resolve()
        escapes = not (base / text).resolve().is_relative_to(base)
    if not escapes:
        return None
    return Problem(
        "datapackage.json",
        None,
        "path",
        str(rel),
        Reason.NOT_ALLOWED,
        Text(
            "sökvägen leder utanför datapaketet (absolut sökväg, adress, '..' eller en symbolisk"
            " länk ut); bara relativa sökvägar inom paketet läses",
            "the path leads outside the data package (an absolute path, an address, '..' or a"
            " symbolic link out); only relative paths inside the package are read",
        ),
    )


def _common(root: Path, res: dict) -> dict:
    return {
        "name": res["name"],
        "path": root / res["path"],
        "rel_path": res["path"],
        "title": res.get("title", res["name"]),
        "sha256": str(res.get("hash", "")).removeprefix("sha256:"),
        "sources": _titles(res.get("sources")),
        "licenses": tuple(lic.get("name", "") for lic in res.get("licenses") or []),
    }


def _read_descriptor(root: Path) -> tuple[bytes, dict]:
    """The bytes of ``datapackage.json`` and its JSON; ``ProblemsError`` if missing or not JSON."""
    descriptor_path = root / "datapackage.json"
    if not descriptor_path.is_file():
        raise ProblemsError(
            [
                Problem(
                    str(descriptor_path),
                    None,
                    None,
                    None,
                    Reason.MISSING_FILE,
                    Text(
                        "datapaketet saknar datapackage.json; ange rätt mapp i JAMLIK_DATA",
                        "the data package has no datapackage.json; set JAMLIK_DATA to the right folder",
                    ),
                )
            ]
        )
    raw = descriptor_path.read_bytes()
    try:
        return raw, json.loads(raw)
    except json.JSONDecodeError as err:
        raise ProblemsError(
            [
                Problem(
                    "datapackage.json",
                    err.lineno,
                    None,
                    None,
                    Reason.PARSE,
                    Text(f"ogiltig JSON: {err.msg}", f"invalid JSON: {err.msg}"),
                )
            ]
        ) from None


def _boundary(common: dict, res: dict) -> BoundaryResource:
    return BoundaryResource(
        **common,
        municipality_code=res.get("municipality_code", ""),
        area_type=res.get("area_type", ""),
        valid_from=_date(res.get("valid_from")),
        valid_to=_date(res.get("valid_to")),
        id_field=res.get("id_field", "area_code"),
        name_field=res.get("name_field", "area_name"),
        status=res.get("status", ""),
        n_features=int(res.get("n_features") or 0),
        description=res.get("description", ""),
    )


@dataclass
class _Resources:
    """A descriptor's resources by kind, in the descriptor's order."""

    catalog: Resource | None = None
    boundaries: list[BoundaryResource] = field(default_factory=list)
    indicators: list[IndicatorResource] = field(default_factory=list)
    crosswalks: list[CrosswalkResource] = field(default_factory=list)

    def add(self, root: Path, res: dict) -> None:
        """One resource: boundaries are GeoJSON, crosswalks name their smallest area type,
        indicator tables are the other CSV files."""
        common = _common(root, res)
        fmt = res.get("format")
        if fmt == "geojson":
            self.boundaries.append(_boundary(common, res))
        elif res["name"] == "indicator-catalog":
            self.catalog = Resource(**common)
        elif "smallest_area_type" in res:
            self.crosswalks.append(
                CrosswalkResource(
                    **common,
                    municipality_code=res.get("municipality_code", ""),
                    smallest_area_type=res["smallest_area_type"],
                )
            )
        elif fmt == "csv":
            self.indicators.append(
                IndicatorResource(
                    **common,
                    synthetic=bool(res.get("synthetic", False)),
                    municipality_codes=tuple(res.get("municipality_codes") or ()),
                )
            )


def read_package(root: Path) -> Package:
    """Parse ``datapackage.json``; raises ``ProblemsError`` if it is missing or unreadable."""
    root = Path(root)
    raw, descriptor = _read_descriptor(root)
    resources = descriptor.get("resources", [])
    # A package that points anywhere outside itself is refused whole: it comes from another
    # organisation and is read by a public server, so nothing outside it may be opened.
    outside = [p for res in resources if (p := outside_problem(root, res.get("path")))]
    if outside:
        raise ProblemsError(outside)
    found = _Resources()
    for res in resources:
        found.add(root, res)
    if found.catalog is None:
        raise ProblemsError(
            [
                Problem(
                    "datapackage.json",
                    None,
                    "resources",
                    "indicator-catalog",
                    Reason.MISSING_FILE,
                    Text(
                        "datapaketet saknar indikatorkatalogen (resursen 'indicator-catalog')",
                        "the data package has no indicator catalog (resource 'indicator-catalog')",
                    ),
                )
            ]
        )
    return Package(
        root=root,
        title=descriptor.get("title", ""),
        version=str(descriptor.get("version", "")),
        fingerprint=hashlib.sha256(raw).hexdigest(),
        catalog=found.catalog,
        boundaries=found.boundaries,
        indicators=found.indicators,
        crosswalks=found.crosswalks,
    )


def checksum_problem(res: Resource) -> Problem | None:
    """A problem if the file is missing or its sha256 differs from the descriptor's."""
    if not res.path.is_file():
        return Problem(
            res.rel_path,
            None,
            None,
            None,
            Reason.MISSING_FILE,
            Text(
                "filen som datapackage.json anger finns inte",
                "the file listed in datapackage.json does not exist",
            ),
        )
    if res.sha256 and sha256_file(res.path) != res.sha256:
        return Problem(
            res.rel_path,
            None,
            "hash",
            res.sha256[:12],
            Reason.CHECKSUM,
            Text(
                "filens sha256 stämmer inte med datapackage.json; filen har ändrats eller skadats",
                "the file's sha256 differs from datapackage.json; the file was changed or damaged",
            ),
        )
    return None
