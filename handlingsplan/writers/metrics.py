"""Measuring text with the brand's font files (fontTools): table column widths (every
format), the DOCX page estimate and hanging indents of heading numbers. Also the pieces a
line may not break inside. No writer library here: every writer may import it."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from functools import lru_cache

from fontTools.ttLib import TTFont

from ..sources.brand import Brand

ZWSP = "\u200b"
SHY = "\u00ad"
LINE = 1.15                        # body line spacing (multiple of single)
_ZERO_WIDTH = frozenset("\u200b\u2060\u00ad")   # never drawn (a soft hyphen only at a break)


@lru_cache(maxsize=8)
def _face(data: bytes) -> tuple[dict[int, str], dict[str, tuple[int, int]], int, float]:
    """A font file's character map, advance widths, units per em and line height factor,
    read once per font (the preview measures with the same fonts on every save). The
    tables are shared: nothing may change them."""
    font = TTFont(io.BytesIO(data), lazy=True)
    os2, upm = font["OS/2"], font["head"].unitsPerEm
    return (font.getBestCmap(), font["hmtx"].metrics, upm,
            (os2.usWinAscent + os2.usWinDescent) / upm)


class Metrics:
    """Advance widths and line height from the brand's regular and bold font files.
    Two are equal when their font files are: the same measures (table_layout caches by it)."""

    def __init__(self, brand: Brand, files: Mapping[str, bytes]):
        self._fonts = (files[brand.font.regular], files[brand.font.bold])
        self._faces: dict[bool, tuple[dict[int, str], dict[str, tuple[int, int]], int]] = {}
        for is_bold, key in ((False, brand.font.regular), (True, brand.font.bold)):
            cmap, advances, upm, line_factor = _face(files[key])
            self._faces[is_bold] = (cmap, advances, upm)
            if not is_bold:
                self.line_factor = line_factor

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Metrics) and other._fonts == self._fonts

    def __hash__(self) -> int:
        return hash(self._fonts)

    def width_pt(self, text: str, size_pt: float, bold: bool = False) -> float:
        cmap, advances, upm = self._faces[bold]
        units = sum(advances[cmap.get(ord(c), ".notdef")][0] for c in text
                    if c not in _ZERO_WIDTH)
        return units / upm * size_pt

    def width_mm(self, text: str, size_pt: float, bold: bool = False) -> float:
        return self.width_pt(text, size_pt, bold) * 25.4 / 72

    def line_pt(self, size_pt: float, line: float = LINE) -> float:
        return size_pt * self.line_factor * line

    def lines(self, text: str, size_pt: float, width_pt: float, bold: bool = False) -> int:
        """Lines a paragraph needs (greedy word wrap)."""
        space = self.width_pt(" ", size_pt, bold)
        count, used = 1, 0.0
        for word in words(text):
            w = self.width_pt(word, size_pt, bold)
            if used and used + space + w > width_pt:
                count, used = count + 1, w
            else:
                used += (space if used else 0) + w
        return count


def break_after_slashes(text: str) -> str:
    """A zero-width space after '/' between words ("kommunikationschef/Linda"): Word and
    LibreOffice do not break there by themselves, and narrow table columns need to."""
    return re.sub(r"(?<=\w)/(?=\w)", "/" + ZWSP, text)


def units(text: str) -> list[str]:
    """Pieces of text a line may not break inside: split at spaces, zero-width spaces and
    after an en dash that follows a word ("1 september–|30 november"; not "25–27")."""
    text = re.sub(r"(?<=[^\W\d])–", "–" + ZWSP, text)
    return [piece for word in words(text) for piece in word.split(ZWSP) if piece]


def words(text: str) -> list[str]:
    """Words between breakable spaces (a no-break space joins, unlike str.split())."""
    return [word for word in re.split(r"[ \t\n]+", text) if word]
