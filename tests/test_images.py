"""A picture in a chapter reaches every format with its alt text."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pikepdf

from .helpers import BASENAME, FIXTURES, build, make_project

ALT = "Karta över Hälsingland"


def test_picture_with_alt_text_in_pdf_docx_and_html(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    shutil.copy(FIXTURES / "markdown" / "karta.png", project / "content" / "2025" / "karta.png")
    chapter = project / "content" / "2025" / "inledning.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "\nUnder ett", f"\n![{ALT}](karta.png)\n\nUnder ett", 1), encoding="utf-8")
    assert build(project, "--year", "2025", "--format", "pdf,docx,html") == 0
    out = project / "output" / "2025"

    html = (out / f"{BASENAME}.html").read_text(encoding="utf-8")
    assert re.search(rf'<img [^>]*alt="{ALT}"[^>]*src="data:image/png;base64,', html) or \
        re.search(rf'<img [^>]*src="data:image/png;base64,[^"]*"[^>]*alt="{ALT}"', html)

    with zipfile.ZipFile(out / f"{BASENAME}.docx") as archive:
        document = archive.read("word/document.xml").decode()
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert f'descr="{ALT}"' in document
    assert len(media) == 2, "the logo and the picture"

    with pikepdf.open(out / f"{BASENAME}.pdf") as pdf:
        alts = [str(e.get("/Alt")) for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
        images = sum(len(page.get_images()) for page in pdf.pages)
    assert ALT in alts
    assert images >= 1


def _elements(node: pikepdf.Dictionary):
    yield node
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _elements(kid)
