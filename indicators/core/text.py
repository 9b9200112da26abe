"""One sentence in Swedish and English: the project's single bilingual value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")


@dataclass(frozen=True)
class Text:
    """A sentence (or a template with ``{fields}``) in Swedish and English, Swedish first.

    Calling a Text is the same as :meth:`text`, so a field that holds a Text reads like the
    ``message(lang)`` or ``text(lang)`` method it replaced: ``problem.message("en")``.

    Examples
    --------
    >>> t = Text("{n} områden", "{n} areas")
    >>> t.text("en"), t.format(n=3).text("sv"), t.format(n=3)("en")
    ('{n} areas', '3 områden', '3 areas')
    """

    sv: str
    en: str

    def text(self, lang: str = "sv") -> str:
        """The sentence in ``lang``; Swedish for anything but 'en'."""
        return self.en if lang == "en" else self.sv

    __call__ = text

    def format(self, **fields: object) -> Text:
        """Both sentences with the same fields filled in; a field that is itself a Text is
        filled in each language with its own words.

        >>> Text("{crs} saknas", "{crs} is missing").format(crs=Text("KRS", "CRS")).en
        'CRS is missing'
        """
        return Text(
            self.sv.format(**{k: _in(v, "sv") for k, v in fields.items()}),
            self.en.format(**{k: _in(v, "en") for k, v in fields.items()}),
        )


def _in(value: object, lang: str) -> object:
    return value.text(lang) if isinstance(value, Text) else value
