"""The brand's fonts for the web page: WOFF2 subsets of only the characters the page uses.

The four Noto Sans files are 2.8 MB; the page needs a few hundred glyphs, which as WOFF2
(fontTools.subset, Brotli) are about 20–30 kB a face, embedded as data: URLs so that the
page stays one file and shows the same typeface as the PDF. The bytes are deterministic:
the subset keeps the font's own head.modified (no timestamp is recalculated), and fontTools
and Brotli write the same bytes for the same input.
"""

from __future__ import annotations

import base64
import hashlib
import io

from fontTools import subset
from fontTools.ttLib import TTFont

# Always in the subset: printable ASCII, so that text the browser adds (list numbers, a
# selection's replacement) never falls back to another font.
BASE = frozenset(chr(c) for c in range(0x20, 0x7F))


def page_characters(text: str) -> frozenset[str]:
    """The characters a page's text needs, with the base set; no control characters."""
    return frozenset(c for c in set(text) if c.isprintable() or c in "\u00a0\u00ad") | BASE


# (font digest, characters) -> WOFF2, newest last: the preview renders the page again on
# every save, and a build's forked writer process makes them for the parent (remember).
_MADE: dict[tuple[str, frozenset[str]], bytes] = {}
KEEP = 32


def _subset(data: bytes, characters: frozenset[str]) -> bytes:
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=True)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]   # names, version, licence
    options.notdef_outline = True
    options.hinting = False          # screens render WOFF2 without the TrueType hints
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def woff2_subset(data: bytes, characters: frozenset[str]) -> bytes:
    """The font (TrueType bytes) as WOFF2 with only the glyphs for `characters`. Made once
    per font and character set (≈ 0.3 s a face the first time, most of it fontTools
    reading the layout tables)."""
    key = (hashlib.sha256(data).hexdigest(), characters)
    found = _MADE.get(key)
    if found is None:
        found = _subset(data, characters)
        remember({key: found})
    return found


def made() -> dict[tuple[str, frozenset[str]], bytes]:
    """The subsets this process has made or been given (for `remember` in another)."""
    return dict(_MADE)


def remember(subsets: dict[tuple[str, frozenset[str]], bytes]) -> None:
    """Subsets made elsewhere (the same bytes: the subsetting is deterministic)."""
    for key, woff2 in subsets.items():
        _MADE.pop(key, None)
        _MADE[key] = woff2
    while len(_MADE) > KEEP:
        del _MADE[next(iter(_MADE))]


def data_url(woff2: bytes) -> str:
    return "data:font/woff2;base64," + base64.b64encode(woff2).decode("ascii")
