"""One sentence in Swedish and English: the project's single bilingual value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")


@dataclass(frozen=True)
class Text:
    """A sentence (or a template with ``{fields}``) in Swedish and English, Swedish first.

    Examples
    --------
    >>> t = Text("{n} områden", "{n} areas")
    >>> t.text("en"), t.format(n=3).text("sv")
    ('{n} areas', '3 områden')
    """

    sv: str
    en: str

    def text(self, lang: str = "sv") -> str:
        """The sentence in ``lang``; Swedish for anything but 'en'."""
        return self.en if lang == "en" else self.sv

    def format(self, **fields: object) -> Text:
        """Both sentences with the same fields filled in."""
        return Text(self.sv.format(**fields), self.en.format(**fields))
