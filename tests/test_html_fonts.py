"""The web page's brand typeface: the four Noto Sans faces embedded as WOFF2 subsets of
only the characters the page uses, at most 150 kB in all, the same bytes every build."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import lxml.html
from fontTools.ttLib import TTFont

from .helpers import BASENAME

FACE = re.compile(r'@font-face \{\s*font-family: "Noto Sans";\s*src: url\("data:font/woff2;base64,'
                  r'([A-Za-z0-9+/=]+)"\) format\("woff2"\);\s*font-weight: (\d+);\s*font-style: (\w+);')


def faces(html: str) -> dict[tuple[str, str], TTFont]:
    return {(weight, style): TTFont(io.BytesIO(base64.b64decode(data)))
            for data, weight, style in FACE.findall(html)}


def test_four_woff2_subsets_cover_the_page_and_no_more(built: Path) -> None:
    html = (built / f"{BASENAME}.html").read_text(encoding="utf-8")
    found = faces(html)
    assert set(found) == {("400", "normal"), ("700", "normal"), ("400", "italic"),
                          ("700", "italic")}
    sizes = [len(base64.b64decode(d)) for d, _, _ in FACE.findall(html)]
    assert sum(sizes) <= 150 * 1024, sizes
    text = lxml.html.fromstring(html.encode()).text_content()
    needed = {ord(c) for c in text if c.isprintable() and not c.isspace()}
    for font in found.values():
        assert font.flavor == "woff2"
        cmap = set(font.getBestCmap())
        assert needed <= cmap, sorted(chr(c) for c in needed - cmap)
        assert len(cmap) < 400, "a subset, not the whole font"


def test_the_fonts_are_the_same_bytes_every_build(built: Path, synthetic_built: Path) -> None:
    from handlingsplan.writers.html import fonts
    data = (Path(__file__).resolve().parent.parent / "templates" / "fonts"
            / "NotoSans-Regular.ttf").read_bytes()
    characters = fonts.page_characters("Hälsingerådet åäö ÅÄÖ 2025")
    first = fonts.woff2_subset(data, characters)
    fonts._MADE.clear()          # made again, not remembered
    assert fonts.woff2_subset(data, characters) == first
