"""WCAG 2.1 AA in a real browser: axe-core on every page in both languages, loopback only, keyboard, phones."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import expect

from dashboard.report.i18n import STREAMLIT_LABELS_SV, STREAMLIT_PREFIXES_SV, t
from tests.browser.conftest import MAP_TIMEOUT_MS

pytestmark = pytest.mark.browser

# axe-core from npm (tests/browser/package.json; `make test` runs `npm ci`), never a CDN.
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# (address, title key) of every page of the navigation.
PAGES = (
    ("", "page_map"),  # the map is the landing page (issue 10)
    ("start", "page_start"),
    ("karta", "page_map"),
    ("utveckling", "page_trends"),
    ("jamfor", "page_compare"),
    ("omradesfakta", "page_factsheet"),
    ("ladda-upp", "page_upload"),
    ("omradesindelningar", "page_divisions"),
    ("historik", "page_history"),
)
# The page has run to its end and every chart on it is drawn.
SETTLED_JS = """() => {
    if (document.querySelector('[data-testid="stException"]')) return 'exception';
    if (!document.querySelector('h1')) return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.every(p => p._fullLayout) ? 'settled' : false;
}"""
AXE_RUN_JS = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    }));
}"""


def _settle(page, timeout_ms: int = MAP_TIMEOUT_MS) -> None:
    outcome = page.wait_for_function(SETTLED_JS, timeout=timeout_ms).json_value()
    if outcome == "exception":
        shown = page.locator('[data-testid="stException"]').first.inner_text()
        pytest.fail(f"{page.url} shows an exception:\n{shown}", pytrace=False)


def _off_loopback(url: str, base_url: str) -> bool:
    """A request that leaves the machine (data: and blob: URLs never do)."""
    return not url.startswith((base_url, "data:", "blob:", "about:"))


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` in {AXE.parents[2]} (make test does)"
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("path", "title_key"), PAGES, ids=[p or "root" for p, _ in PAGES])
def test_every_page_is_accessible_and_stays_on_loopback(
    page, base_url, axe_source, path, title_key, lang
):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"/{path}?lang={lang}")
    # A page may be the first of a fresh server, which first fills the store.
    _settle(page, 3 * MAP_TIMEOUT_MS)
    # The app's script sets the language a moment after the page has run.
    page.wait_for_function("l => document.documentElement.lang === l", arg=lang, timeout=10_000)
    assert page.title() == t("page_title", lang, page=t(title_key, lang))
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN_JS)
    grave = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not grave, grave
    # The favicon too: nothing but the loopback server may be asked for anything.
    assert not [u for u in requests if _off_loopback(u, base_url)]


def test_the_live_map_after_a_change_of_view_is_accessible_too(page, base_url, axe_source):
    # The first map is Streamlit's chart (checked above); a change of view puts the live map
    # (components/live_map.py) in its place, which axe-core checks here, in both languages.
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for lang, year_label in (("sv", "År"), ("en", "Year")):
        page.goto(f"/karta?city=1480&lang={lang}")
        _settle(page)
        box = page.get_by_role("combobox", name=year_label, exact=True)
        shown = box.input_value()
        box.click()
        options = page.get_by_role("option")
        options.first.wait_for()
        # The latest other year: "change since" stays open (the earliest year has nothing
        # to compare with, which greys that box out: an inactive control, see WCAG 1.4.3).
        years = sorted((o for o in options.all_inner_texts() if o.isdigit()), reverse=True)
        other = next(y for y in years if y != shown)
        options.get_by_text(other, exact=True).click()
        page.locator(".jamlik-live-map.js-plotly-plot .gtitle").filter(has_text=other).wait_for()
        _settle(page)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(AXE_RUN_JS)
        grave = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not grave, (lang, grave)
    assert not [u for u in requests if _off_loopback(u, base_url)]


def _tab_to(page, target, limit: int = 60) -> int:
    """Press Tab until ``target`` (a locator) has the focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate(
            "el => el === document.activeElement || el.contains(document.activeElement)"
        ):
            return presses
    pytest.fail(f"{target} not reached in {limit} Tabs", pytrace=False)


def _choose(page, text: str | None = None) -> None:
    """In the focused select box: open its list, type ``text`` (else the first option not
    shown now) and take it with Enter; the list is awaited, as keys before it opens are lost."""
    shown = page.evaluate("document.activeElement.value")
    page.keyboard.press("ArrowDown")
    page.get_by_role("listbox").first.wait_for(timeout=MAP_TIMEOUT_MS)
    if text is None:
        options = page.get_by_role("option").all_inner_texts()
        text = next(o.strip() for o in options if o.strip() and o.strip() != shown)
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _param(page, name: str) -> str | None:
    return parse_qs(urlsplit(page.url).query).get(name, [None])[-1]


def test_the_map_page_works_by_keyboard_alone(page):
    page.goto("/karta?city=0180&lang=sv")
    # The first map of a fresh server also fills the store and the caches. The controls are
    # the point here, so the page need only have run, not MapLibre have drawn (test_map).
    _settle(page, 3 * MAP_TIMEOUT_MS)
    page.locator("body").focus()

    # A city from the list: Tab to the box, open it with the arrow key, type, Enter.
    city = page.get_by_role("combobox", name=t("city", "sv"), exact=True)
    _tab_to(page, city)
    _choose(page, "Göteborg")
    page.wait_for_function("() => location.search.includes('city=1480')", timeout=MAP_TIMEOUT_MS)
    _settle(page)

    # An earlier year: the focus stays on the city box across the rerun, so Tab on from there.
    year = page.get_by_role("combobox", name=t("year", "sv"), exact=True)
    before = _param(page, "year")
    _tab_to(page, year)
    _choose(page)
    page.wait_for_function(
        "y => !location.search.includes('year=' + y)", arg=before, timeout=MAP_TIMEOUT_MS
    )
    _settle(page)

    # The colour mode: a radio group, changed with the arrow keys.
    mode = page.get_by_role("radiogroup", name=t("colour_by", "sv"))
    _tab_to(page, mode)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('compare=')", timeout=MAP_TIMEOUT_MS)
    _settle(page)
    assert _param(page, "city") == "1480"

    # The map's export menu: right after the chart, opened with Enter, its buttons by Tab.
    menu = page.get_by_role("button", name=t("export", "sv")).first
    presses = _tab_to(page, menu)
    assert presses <= 8, f"the export menu is {presses} Tabs after the colour mode"
    page.keyboard.press("Enter")
    csv = page.get_by_role("button", name="CSV").first
    _tab_to(page, csv, limit=15)
    assert csv.is_visible()
    # The menu's rerun has ended (a keyboard user is slower than it): Enter on the focused
    # button downloads the view's table, rendered on the press.
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download, year = info.value, _param(page, "year")
    assert download.suggested_filename == (
        f"medellivslangd-vid-fodseln-goteborg-primaromrade-{year}-totalt-jamfort-med-staden.csv"
    )
    table = pd.read_csv(download.path(), sep=";", decimal=",", encoding="utf-8-sig")
    assert set(table["Stad"]) == {"Göteborg"} and set(table["År"]) == {int(year)}
    assert len(table) == table["Kod"].nunique() > 1
    # The focus stays on the button (Streamlit disables it while the file is made, which
    # would drop the focus to <body>), so Tab goes on from the menu and Space downloads too.
    page.wait_for_function("el => el === document.activeElement", arg=csv.element_handle())
    with page.expect_download() as info:
        page.keyboard.press(" ")
    assert info.value.suggested_filename == download.suggested_filename


def _box(locator) -> tuple[float, float, float, float]:
    b = locator.bounding_box()
    return b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("path", ["karta", "utveckling", "jamfor"])
def test_on_a_phone_selectors_stack_and_charts_keep_clear(browser, base_url, path):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto(f"/{path}?lang=sv")
        _settle(page)
        # Nothing wider than the screen: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # The selectors of the top row stand one under the other, each whole on the screen.
        boxes = [_box(b) for b in page.get_by_role("combobox").all()[:4]]
        assert all(x0 >= 0 and x1 <= 390 for x0, _, x1, _ in boxes), boxes
        assert all(b[1] >= a[3] for a, b in zip(boxes, boxes[1:], strict=False)), boxes
        # No toolbar over a chart, and no legend over a chart's plotting area.
        assert page.locator(".js-plotly-plot .modebar-btn").count() == 0
        # The page's first run may end before its charts arrive: wait for them, drawn.
        page.locator(".js-plotly-plot").first.wait_for(timeout=MAP_TIMEOUT_MS)
        _settle(page)
        charts = page.locator(".js-plotly-plot").all()
        for chart in charts:
            area, legend = chart.locator(".nsewdrag").first, chart.locator(".legend").first
            if area.count() and legend.count():
                assert not _overlap(_box(area), _box(legend)), path
            # The title and subtitle, wrapped, whole inside the chart and the screen.
            box, title = _box(chart), _box(chart.locator(".gtitle").first)
            assert box[0] <= title[0] and title[2] <= min(box[2], 390), (path, box, title)
            assert box[1] <= title[1], (path, box, title)
            # The notes under it (sources, example data), wrapped too: nothing runs off.
            for note in chart.locator(".annotation-text").all():
                x0, y0, x1, y1 = _box(note)
                assert box[0] <= x0 and x1 <= min(box[2], 390), (path, box, note.inner_text())
                assert y1 <= box[3] + 1, (path, box, note.inner_text())
        # The map's colour bar under the map, not over it.
        bars = page.locator(".js-plotly-plot .colorbar").all()
        assert len(bars) == (path == "karta"), path
        for bar in bars:
            canvas = page.locator(".js-plotly-plot .maplibregl-canvas").first
            canvas.wait_for()
            bar_box, map_box = _box(bar), _box(canvas)
            assert not _overlap(bar_box, map_box), (bar_box, map_box)
            assert bar_box[2] <= 390, bar_box
    finally:
        context.close()


LABELS_JS = """() => [...document.querySelectorAll('[aria-label],[title],[placeholder]')].flatMap(
    (e) => ['aria-label', 'title', 'placeholder'].map((a) => e.getAttribute(a)).filter(Boolean))"""


def _until(page, done, seconds: float = 10) -> None:
    """Poll ``done()`` until it holds or ``seconds`` pass (the caller asserts after)."""
    for _ in range(int(seconds * 10)):
        if done():
            return
        page.wait_for_timeout(100)


def _english(labels: list[str]) -> list[str]:
    return [
        x for x in labels if x in STREAMLIT_LABELS_SV or x.startswith(tuple(STREAMLIT_PREFIXES_SV))
    ]


@pytest.mark.parametrize("path", ["karta", "utveckling", "ladda-upp", "omradesindelningar"])
def test_streamlits_own_labels_speak_the_pages_language(page, path):
    """No "Help for …", "Remove …", "Download as CSV" or "Upload" for a Swedish screen
    reader; English again once the reader chooses English (issue 11)."""
    page.goto(f"/{path}?lang=sv")
    _settle(page)
    if path == "ladda-upp":  # its uploader may be drawn after the run has ended
        page.locator('[data-testid="stFileUploader"]').wait_for(timeout=MAP_TIMEOUT_MS)
    _until(page, lambda: not _english(page.evaluate(LABELS_JS)))  # as Streamlit draws
    assert _english(page.evaluate(LABELS_JS)) == []
    if path == "ladda-upp":
        uploader = page.locator('[data-testid="stFileUploader"]')
        # The button a person sees says "Välj fil" (waited for: it may be drawn after the
        # labels above were read).
        button = uploader.locator('[data-testid="stFileUploaderDropzone"] button')
        expect(button).to_have_accessible_name("Välj fil", timeout=MAP_TIMEOUT_MS)
        expect(button).to_be_visible()
        assert "per file" not in uploader.inner_text() and "Upload" not in uploader.inner_text()
    page.get_by_text("English", exact=True).click()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    _settle(page)
    _until(page, lambda: not set(page.evaluate(LABELS_JS)) & set(STREAMLIT_LABELS_SV.values()))
    labels = page.evaluate(LABELS_JS)
    assert not [x for x in labels if x in STREAMLIT_LABELS_SV.values()], labels
