"""One translation table: Swedish first, English complete, same placeholders in both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.report.i18n import AREA_TYPES, LANGS, TEXTS

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_both_languages_with_the_same_placeholders(key):
    entry = TEXTS[key]
    assert set(entry) == set(LANGS)
    assert all(entry[lang].strip() for lang in LANGS)
    fields = [set(re.findall(r"{(\w+)}", entry[lang])) for lang in LANGS]
    assert fields[0] == fields[1]


def test_every_area_type_of_the_package_has_a_name(package):
    types = {b.area_type for b in package.boundaries} | {"regso_2020", "stadsdelsomrade_group"}
    assert types <= set(AREA_TYPES)


def test_every_key_used_by_the_pages_exists():
    used = set()
    for path in DASHBOARD.rglob("*.py"):
        used |= set(re.findall(r"\bt\(\s*[\"'](\w+)[\"']", path.read_text(encoding="utf-8")))
    assert used - set(TEXTS) == set()


def test_no_module_of_the_presentation_layer_keeps_a_word_table_of_its_own():
    # A dict keyed by language outside i18n.py is a second catalogue in the making.
    report = DASHBOARD / "report"
    tables = {
        path.name
        for path in report.glob("*.py")
        if path.name != "i18n.py"
        and re.search(r"\{\s*[\"']sv[\"']\s*:", path.read_text(encoding="utf-8"))
    }
    assert tables == set()


def test_the_catalogue_loads_without_the_measures():
    # The pages look words up on every run; the measures (numpy) load only where needed.
    import subprocess
    import sys

    code = "import sys, dashboard.report.i18n; print('indicators.measures' in sys.modules)"
    root = str(DASHBOARD.parent)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"
