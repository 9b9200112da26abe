"""Escaping of data- and URL-derived text for each markup it lands in: Markdown, HTML, plotly.

Uploaded sources, area names and URL parameters are plain text. Streamlit renders its
messages as Markdown, exports embed HTML, and plotly renders ``<a>``, ``<b>``, ``<br>`` and
``<span style>`` in titles, hovers, ticks and annotations; unescaped, a source became a link
to a phishing page and a URL parameter an external image (security review F4). Each target
has one function here; every place that puts such text into markup calls it. Bidirectional
controls are dropped as well, so "SCB \u202egnp.exe" cannot show as "SCB exe.png".
"""

from __future__ import annotations

import html
import re

import pandas as pd

from dashboard.report.i18n import t

#: Unicode's bidirectional embedding, override and isolate controls.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: Every ASCII punctuation that CommonMark (and Streamlit's extensions: ``:red[…]``,
#: ``$…$``) may read as markup; a backslash makes each one literal.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=\"'])")


def plain(text: object) -> str:
    """``text`` as a string without bidirectional controls.

    >>> plain("SCB \u202egnp.exe\u202c")
    'SCB gnp.exe'
    """
    return _BIDI.sub("", str(text))


def markdown_text(text: object) -> str:
    r"""``text`` as literal Markdown: no link, image, emphasis, HTML or directive.

    >>> markdown_text("[Logga in](https://evil.example) ![p](x.png)")
    '\\[Logga in\\]\\(https\\:\\/\\/evil\\.example\\) \\!\\[p\\]\\(x\\.png\\)'
    """
    return _MARKDOWN.sub(r"\\\1", plain(text)).replace("/", "\\/").replace("\n", " ")


def markdown_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` for ``st.table``, which reads every text cell and header as Markdown: each
    one literal, as ``markdown_text`` makes it; numbers and missing values stay as they are.
    """
    out = frame.rename(columns=markdown_text)
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = [v if pd.isna(v) else markdown_text(v) for v in out[column]]
    return out


def html_text(text: object) -> str:
    """``text`` as literal HTML (element content or a quoted attribute).

    >>> html_text('<a href="x">k</a>')
    '&lt;a href=&quot;x&quot;&gt;k&lt;/a&gt;'
    """
    return html.escape(plain(text), quote=True)


def plotly_text(text: object) -> str:
    """``text`` as literal plotly text; a line break in it becomes plotly's ``<br>``.

    Plotly reads ``&lt;``, ``&gt;`` and ``&amp;`` back as the characters.

    >>> plotly_text('<a href="https://evil.example">SCB</a>\\nrad 2')
    '&lt;a href="https://evil.example"&gt;SCB&lt;/a&gt;<br>rad 2'
    """
    escaped = html.escape(plain(text), quote=False)
    return "<br>".join(escaped.splitlines()) if "\n" in escaped else escaped


def markdown_t(key: str, lang: str, /, **params: object) -> str:
    """``t(key, lang, …)`` for a Markdown element, every parameter escaped as literal text."""
    return t(key, lang, **{name: markdown_text(value) for name, value in params.items()})


#: A tag of plotly's small HTML (``<b>``, ``<span style=…>``), or a space between words.
_TAG_OR_SPACE = re.compile(r"(<[^>]+>| )")
#: Average advance of a Liberation Sans character, as a share of the font size; a little
#: generous so an estimated line is never wider than the one drawn.
CHAR_WIDTH = 0.56


def wrap_html(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` visible characters, broken at spaces; tags take no room.

    A tag open at a break is closed at the end of the line and opened again on the next,
    so each line renders on its own (the example-data note stays red and bold).
    """
    lines: list[str] = []
    current, visible, stack = "", 0, []
    for piece in _TAG_OR_SPACE.split(text):
        if not piece:
            continue
        if piece.startswith("<") and piece.endswith(">"):
            if piece.startswith("</"):
                if stack:
                    stack.pop()
            elif not piece.lower().startswith("<br"):
                stack.append(piece)
            current += piece
            continue
        if piece != " " and visible + len(piece) > width and current.strip():
            names = [re.match(r"<(\w+)", tag).group(1) for tag in reversed(stack)]
            lines.append(current.rstrip() + "".join(f"</{n}>" for n in names))
            current, visible = "".join(stack), 0
        if piece == " " and visible == 0:
            continue
        current += piece
        visible += len(piece)
    lines.append(current.rstrip())
    return lines
