"""The package around the document: core and app properties, the template's leftovers
removed, the brand's fonts embedded (obfuscated .odttf parts and the font table), and
the reproducible zip."""

from __future__ import annotations

import io
from collections.abc import Mapping

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.package import Package
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.parts.document import DocumentPart
from fontTools.ttLib import TTFont

from ... import model as m
from ...sources.brand import Font
from . import xml as x
from .layout import language_tag


def properties(doc: DocxDocument, document: m.Document) -> None:
    """Core properties from the document's metadata; no dates when it has none."""
    props = doc.core_properties
    stamp = document.created
    props.title = _core_text(document.full_title)
    props.subject = _core_text(document.description)
    props.author = _core_text(document.organisation)
    props.last_modified_by = _core_text(document.organisation)
    props.keywords = _core_text(", ".join(document.keywords))
    props.language = language_tag(document.lang)
    props.category = _core_text(document.category)
    props.comments = ""
    if document.registration_number:
        props.identifier = _core_text(document.registration_number)
    if document.version:
        props.version = _core_text(document.version)
    props.content_status = document.content_status
    if stamp is None:
        x.remove_core_dates(props)
    else:
        props.created = stamp
        props.modified = stamp
    props.revision = 1


def package_parts(doc: DocxDocument, document: m.Document, font: Font,
                  files: Mapping[str, bytes]) -> None:
    """Drop the template's leftovers, write our app.xml, embed the brand's fonts."""
    package, doc_part = doc.part.package, doc.part
    unwanted = {RT.THUMBNAIL, RT.CUSTOM_XML, RT.EXTENDED_PROPERTIES, RT.FONT_TABLE,
                "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
    for rels in (package.rels, doc_part.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in unwanted]:
            del rels[r_id]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES,
               x.app_properties(document.organisation), package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)
    _embed_fonts(package, doc_part, font, files)


def _embed_fonts(package: Package, doc_part: DocumentPart, font: Font,
                 files: Mapping[str, bytes]) -> None:
    table = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE,
                    x.font_table([]), package)
    embeds = []
    faces = (("embedRegular", font.regular), ("embedBold", font.bold),
             ("embedItalic", font.italic), ("embedBoldItalic", font.bold_italic))
    for number, (kind, path) in enumerate(faces, start=1):
        data = files[path]
        key = x.font_key(data)
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), x.OBFUSCATED_FONT_CT,
                    x.obfuscate_font(data, key), package)
        embeds.append((kind, table.relate_to(part, x.RT_FONT), key))
    os2 = TTFont(io.BytesIO(files[font.regular]), lazy=True)["OS/2"]
    panose = "".join(f"{getattr(os2.panose, name):02X}" for name in (
        "bFamilyType", "bSerifStyle", "bWeight", "bProportion", "bContrast",
        "bStrokeVariation", "bArmStyle", "bLetterForm", "bMidline", "bXHeight"))
    sig = {"usb0": f"{os2.ulUnicodeRange1:08X}", "usb1": f"{os2.ulUnicodeRange2:08X}",
           "usb2": f"{os2.ulUnicodeRange3:08X}", "usb3": f"{os2.ulUnicodeRange4:08X}",
           "csb0": f"{os2.ulCodePageRange1:08X}", "csb1": f"{os2.ulCodePageRange2:08X}"}
    info = x.FontInfo(font.family, panose, "swiss", "variable", sig, tuple(embeds))
    for entry in x.font_table([info]):
        table.element.append(entry)
    doc_part.relate_to(table, RT.FONT_TABLE)


def save(doc: DocxDocument) -> bytes:
    """The package's bytes, the same for the same document (fixed zip entry dates)."""
    return x.reproducible_zip(x.unpacked_package(doc))


def _core_text(text: str) -> str:
    """A core property value within the 255 characters python-docx (and Word) accept: a
    longer plan title is cut, with "…", in the file's properties only."""
    return text if len(text) <= 255 else text[:254].rstrip() + "…"
