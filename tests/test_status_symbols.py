"""Status that reads without colour: every status word has a symbol before it, in every
format, drawn in the brand font; the symbol is shown, not read (the word says it)."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import lxml.html
from fontTools.ttLib import TTFont

from handlingsplan import words as w
from handlingsplan.documents.activity_table import marked

from .helpers import need, pdf_text

ROOT = Path(__file__).resolve().parent.parent
FONTS = sorted((ROOT / "templates" / "fonts").glob("NotoSans-*.ttf"))


def test_every_symbol_is_in_every_brand_font() -> None:
    assert len(FONTS) == 4
    for font in FONTS:
        cmap = TTFont(font).getBestCmap()
        for status, symbol in w.STATUS_SYMBOLS.items():
            assert all(ord(c) in cmap for c in symbol), f"{symbol!r} ({status}) not in {font.name}"
    assert len(set(w.STATUS_SYMBOLS.values())) == len(w.STATUS_SYMBOLS), "one shape per status"


def test_marked_status_is_symbol_then_word() -> None:
    assert [n.text for n in marked("pågår")] == ["\u2023\u00a0", "Pågår"]
    assert marked("")[0].text == ""


def _file(folder: Path, ext: str) -> Path:
    (path,) = folder.glob(f"*.{ext}")
    return path


def test_status_symbols_in_every_format(synthetic_built: Path) -> None:
    html = lxml.html.fromstring(_file(synthetic_built, "html").read_bytes())
    symbols = html.xpath("//tbody//span[@class='symbol']")
    assert symbols and all(s.get("aria-hidden") == "true" for s in symbols)
    shown = {s.text.strip() for s in symbols}
    assert shown <= set(w.STATUS_SYMBOLS.values()) and len(shown) >= 3
    need("pdftotext")
    pdf = _file(synthetic_built, "pdf")
    text = " ".join(pdf_text(pdf).replace("\u00a0", " ").split())   # "Ej påbörjad" may wrap
    for status, symbol in w.STATUS_SYMBOLS.items():
        if symbol in shown:
            assert f"{symbol} {status.capitalize()}" in text, status
    # not in the structure tree (artefacts); the words are ("•" is also a list bullet)
    tree_text = subprocess.run([need("pdfinfo"), "-struct-text", str(pdf)], check=True,
                               capture_output=True, text=True).stdout
    assert "Pågår" in tree_text
    assert not {"\u25cc", "\u2023", "\u00d7"} & set(tree_text)
    with zipfile.ZipFile(_file(synthetic_built, "docx")) as docx:
        body = docx.read("word/document.xml").decode()
    assert all(symbol in body for symbol in shown)
