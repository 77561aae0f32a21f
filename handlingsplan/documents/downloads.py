"""The web page's links to the PDF and the Word file of the same set, with their sizes.

The sizes are known only once those files are rendered (commands/render.py renders the
web page last) or, when a build makes only some formats, from the live set's files that
it carries over unchanged (outputs.live_sizes): either way the files that are published
beside the page, in the same folder, so the links are relative file names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .. import model as m
from .. import words as w

DOWNLOADABLE = ("pdf", "docx")   # in the order the page lists them
_UNIT = 1024                      # binary units, as the build reports sizes and Windows shows them


def file_size(size: int) -> str:
    """A file size in Swedish: "91 kB", "1,0 MB", "132 MB" (no-break space before the unit)."""
    kilobytes = (size + _UNIT // 2) // _UNIT
    if kilobytes < _UNIT:
        return f"{max(1, kilobytes)}\u00a0{w.KILOBYTES}"
    tenths = (size * 10 + _UNIT * _UNIT // 2) // (_UNIT * _UNIT)
    if tenths < 1000:
        return f"{tenths // 10},{tenths % 10}\u00a0{w.MEGABYTES}"
    whole = f"{(tenths + 5) // 10:,}".replace(",", "\u00a0")
    return f"{whole}\u00a0{w.MEGABYTES}"


def with_downloads(document: m.Document, sizes: Mapping[str, int]) -> m.Document:
    """The document linking to its PDF and DOCX among `sizes` (file name -> bytes); a
    link the document already has (a file carried over) stays unless `sizes` names it."""
    have = {d.href: d for d in document.downloads}
    links = []
    for fmt in DOWNLOADABLE:
        name = f"{document.file_stem}.{fmt}"
        if name in sizes:
            links.append(m.Download(name, w.DOWNLOAD_SIZE.format(link=w.DOWNLOADS[fmt],
                                                                 size=file_size(sizes[name]))))
        elif name in have:
            links.append(have[name])
    return replace(document, downloads=tuple(links))
