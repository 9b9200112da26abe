"""A page's selection as one component: the request, its resolution, the address and the boxes.

Every page reads what was asked for (the widgets once set, else the link), resolves it to
what has data, writes the result back to the widgets and the address, draws the boxes and,
on a link's first run, says which asked-for choices were replaced. ``view_selection`` does
the first two, ``PageSelection`` the rest, so no page spells the sequence out itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboard.app import cache, state
from dashboard.report import page_parts
from dashboard.report.i18n import area_type_name, sex_name, t
from dashboard.report.page_parts import replacement_text
from indicators.core.formatting import format_period
from indicators.core.places import MUNICIPALITIES
from indicators.table.catalog import Indicator
from indicators.views.selection import Choices, Replacement, pick


@dataclass(frozen=True)
class PageSelection:
    """What one page was asked for; its widget keys are ``{prefix}_{field}``."""

    prefix: str
    request: dict[str, str | None]
    from_link: bool

    @classmethod
    def read(cls, prefix: str, fields: tuple[str, ...]) -> PageSelection:
        return cls(prefix, *state.requested(fields, prefix))

    def pick(self, field: str, options: list[str], default: str | None = None) -> str:
        """The asked-for ``field`` if offered, else ``default``, else the first option."""
        return pick(self.request.get(field), options, default)

    def sync(self, values: dict[str, str | bool | list[str]], drawn: tuple[str, ...] = ()) -> None:
        """Widgets (but those ``drawn`` in this run) and address to the resolved ``values``
        (their order is the address's)."""
        state.sync(values, self.prefix, drawn)

    def show_notes(self, notes: list[Replacement], lang: str, skip: tuple[str, ...] = ()) -> None:
        """Which of a link's choices were replaced; only on its first run, as the widgets
        then hold what the user picks."""
        if self.from_link:
            for note in notes:
                if note.key not in skip:
                    # The params are the link's own words: never read as Markdown.
                    st.info(replacement_text(note, lang, cache.catalog()))


def view_selection(prefix: str, fields: tuple[str, ...]) -> tuple[PageSelection, Choices]:
    """The page's request and the city/area type/indicator/year/sex closest to it with data."""
    page = PageSelection.read(prefix, fields)
    return page, cache.choices(page.request)


def city_box(where: Any, cities: list[str], key: str, lang: str) -> None:
    where.selectbox(
        t("city", lang), cities, key=key, format_func=lambda c: MUNICIPALITIES.get(c, c)
    )


def area_type_box(
    where: Any, options: list[str], key: str, lang: str, label: str | None = None
) -> None:
    where.selectbox(
        label or t("area_type", lang),
        options,
        key=key,
        format_func=lambda a: area_type_name(a, lang),
    )


def indicator_box(
    where: Any, options: list[str], key: str, catalog: dict[str, Indicator], lang: str
) -> None:
    where.selectbox(
        t("indicator", lang),
        options,
        key=key,
        format_func=lambda i: catalog[i].name(lang) if i in catalog else i,
    )


def sex_box(where: Any, sexes: list[str], key: str, lang: str) -> None:
    where.selectbox(t("sex", lang), sexes, key=key, format_func=lambda s: sex_name(s, lang))


def stratifier_box(
    where: Any, options: list[str], key: str, catalog: dict[str, Indicator], lang: str
) -> None:
    where.selectbox(
        t("stratifier", lang), options, key=key, format_func=lambda i: catalog[i].name(lang)
    )


def place_selectors(
    cols: list,
    choices: Choices,
    catalog: dict[str, Indicator],
    prefix: str,
    lang: str,
    boxes: tuple[str, ...] = ("city", "area_type", "indicator", "sex"),
) -> None:
    """The selection's ``boxes`` (city, area type, indicator, year, sex), one per column."""
    for col, box in zip(cols, boxes, strict=True):
        key = f"{prefix}_{box}"
        if box == "city":
            city_box(col, choices.cities, key, lang)
        elif box == "area_type":
            area_type_box(col, choices.area_types, key, lang)
        elif box == "indicator":
            indicator_box(col, choices.indicators, key, catalog, lang)
        elif box == "year":
            col.selectbox(
                t("year", lang),
                choices.years,
                key=key,
                format_func=lambda y: format_period(
                    int(y.split("-")[-1]), y if "-" in y else "", lang
                ),
            )
        else:
            sex_box(col, choices.sexes, key, lang)


def district_link_columns(lang: str) -> dict[str, Any]:
    """The map table's link columns as links ("Visa områdesfakta"), not as bare addresses."""
    texts = {"col_link_factsheet": "link_factsheet_text", "col_link_trend": "link_trend_text"}
    return {
        t(key, lang): st.column_config.LinkColumn(t(key, lang), display_text=t(texts[key], lang))
        for key, _ in page_parts.DISTRICT_LINKS
    }
