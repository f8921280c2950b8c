"""Fonts that show Vietnamese diacritics and Persian script everywhere a document goes.

goalrec ships two open fonts (SIL Open Font License, texts beside them in
``recommender/fonts/``): Noto Sans (Latin and Vietnamese subsets) and Vazirmatn (Persian,
with its own Latin). HTML and PDF embed the one the language needs, so a client's machine
needs nothing installed; charts register Vazirmatn with matplotlib and shape Persian text
(joined letters, right-to-left order) before drawing it; DOCX names the font, which Word
and LibreOffice substitute sensibly when it is not installed.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
PERSIAN_FONT = "Vazirmatn"
LATIN_FONT = "Noto Sans"

_NOTO_RANGES = {
    "latin": (
        "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,"
        "U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
    ),
    "vietnamese": (
        "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,"
        "U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB"
    ),
}


def _noto(subset: str) -> str:
    return LATIN_FONT if subset == "latin" else f"{LATIN_FONT} {subset.title()}"


def _data_uri(name: str) -> str:
    payload = base64.b64encode((FONTS / name).read_bytes()).decode("ascii")
    return f"data:font/woff2;base64,{payload}"


@cache
def font_css(language: str) -> str:
    """``@font-face`` rules (fonts inlined) and the body font for one language."""
    rules = []
    if language == "fa":
        for weight, style in ((400, "Regular"), (700, "Bold")):
            rules.append(
                f"@font-face {{ font-family: '{PERSIAN_FONT}'; font-weight: {weight}; "
                f"src: url({_data_uri(f'Vazirmatn-{style}.woff2')}) format('woff2'); }}"
            )
        family = f"'{PERSIAN_FONT}', '{LATIN_FONT}', sans-serif"
    else:
        # each subset is a family of its own: WeasyPrint merges same-named faces into one
        # embedded font and then draws Vietnamese letters with the Latin subset's glyphs
        for subset, unicode_range in _NOTO_RANGES.items():
            for weight in (400, 700):
                uri = _data_uri(f"noto-sans-{subset}-{weight}-normal.woff2")
                rules.append(
                    f"@font-face {{ font-family: '{_noto(subset)}'; font-weight: {weight}; "
                    f"src: url({uri}) format('woff2'); unicode-range: {unicode_range}; }}"
                )
        faces = ", ".join(f"'{_noto(subset)}'" for subset in _NOTO_RANGES)
        family = f"{faces}, 'DejaVu Sans', sans-serif"
    rules.append(f"html {{ font-family: {family}; }}")
    return "\n".join(rules) + "\n"


@cache
def register_chart_fonts() -> None:
    """Make Vazirmatn known to matplotlib (once per process)."""
    from matplotlib import font_manager

    for style in ("Regular", "Bold"):
        font_manager.fontManager.addfont(str(FONTS / f"Vazirmatn-{style}.ttf"))


def chart_family(language: str) -> list[str]:
    """The font list charts use for a language (DejaVu Sans covers Vietnamese)."""
    return [PERSIAN_FONT, "DejaVu Sans"] if language == "fa" else ["DejaVu Sans"]


RLM = "\u200f"  # right-to-left mark: makes a line read right to left from its first letter


def shaped(text: str, language: str) -> str:
    """Text as a glyph-by-glyph renderer must draw it: Persian joined and in visual order.

    WeasyPrint draws SVG text one character at a time, and matplotlib before 3.11 lays text
    out left to right: Persian needs its letters joined (arabic-reshaper) and each line put
    in right-to-left visual order around embedded Latin words and numbers (python-bidi).
    Every line reads right to left, even one that opens with a number or a Latin name
    ("۴. TopCV"), as in the Persian text around the chart.
    """
    if language != "fa" or not text:
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return "\n".join(
        get_display(arabic_reshaper.reshape(line), base_dir="R") for line in text.split("\n")
    )


def right_to_left_lines(text: str, language: str) -> str:
    """Text for a renderer that joins and orders Persian itself (matplotlib 3.11, libraqm).

    Only each line's reading direction is set, so "۴. TopCV" reads from the right too.
    """
    if language != "fa" or not text:
        return text
    return "\n".join(RLM + line.removeprefix(RLM) for line in text.split("\n"))
