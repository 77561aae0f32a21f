"""Raw WordprocessingML helpers for the DOCX writer, kept in one place.

python-docx has no API for styles built from scratch, numbering definitions, fields,
bookmarks, hyperlinks, table header rows, cell shading, alt text, settings or font
embedding. Everything that builds or edits XML by hand lives here, in the spirit of
python-docx's own `oxml` layer; the other modules of this package decide *what* to write.

Units: twips (1/20 pt) for lengths, half-points for font sizes, eighths of a point for
border widths, as in ECMA-376.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Union

from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml

OBFUSCATED_FONT_CT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Children = Union["OxmlElement", Iterable["OxmlElement"], None]


# ---- units ----------------------------------------------------------------------------

def twips_mm(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def twips_pt(pt: float) -> int:
    return round(pt * 20)


def hex_colour(colour: str) -> str:
    """"#7f1d1a" -> "7F1D1A" (WordprocessingML colours have no '#')."""
    return colour.lstrip("#").upper()


# ---- element building -----------------------------------------------------------------

def el(tag: str, attrs: dict[str, object] | None = None, *children: Children) -> OxmlElement:
    """An element `tag` ("w:b") with prefixed attributes and (nested lists of) children."""
    element = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        element.set(qn(key) if ":" in key else key, str(value))
    for child in flatten(children):
        element.append(child)
    return element


def flatten(children: Iterable[Children]) -> list[OxmlElement]:
    out: list[OxmlElement] = []
    for child in children:
        if child is None:
            continue
        if isinstance(child, (list, tuple)):
            out.extend(flatten(child))
        else:
            out.append(child)
    return out


def val(tag: str, value: object) -> OxmlElement:
    return el(tag, {"w:val": value})


# Child order of the elements we build or edit (ECMA-376 Part 1, the schema's sequences).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
             "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
             "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
             "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
             "lang", "eastAsianLayout", "specVanish", "oMath")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
               "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")
TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
              "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState",
    "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
    "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
    "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def _local(element: OxmlElement) -> str:
    return element.tag.rsplit("}", 1)[-1]


def ordered(tag: str, order: Sequence[str], *children: Children) -> OxmlElement:
    """Element `tag` whose children are sorted into the schema's order."""
    kids = flatten(children)
    rank = {name: i for i, name in enumerate(order)}
    kids.sort(key=lambda child: rank.get(_local(child), len(order)))
    return el(tag, None, kids)


def insert_ordered(parent: OxmlElement, child: OxmlElement, order: Sequence[str]) -> OxmlElement:
    """Put `child` into `parent` at its schema position, replacing a same-named child."""
    name = _local(child)
    for old in parent.findall(child.tag):
        parent.remove(old)
    rank = order.index(name)
    namespace = child.tag.split("}")[0]
    for index, sibling in enumerate(parent):
        sibling_name = _local(sibling)
        # Elements of other namespaces (w14:docId, extensions) come after the schema's own.
        later = (not sibling.tag.startswith(namespace) and sibling_name not in order
                 or sibling_name in order and order.index(sibling_name) > rank)
        if later:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def ppr(*children: Children) -> OxmlElement:
    return ordered("w:pPr", PPR_ORDER, *children)


def rpr(*children: Children) -> OxmlElement:
    return ordered("w:rPr", RPR_ORDER, *children)


# ---- run properties -------------------------------------------------------------------

def rfonts(family: str) -> OxmlElement:
    """An explicit font for every script (no theme fonts)."""
    return el("w:rFonts", {"w:ascii": family, "w:hAnsi": family, "w:cs": family,
                           "w:eastAsia": family})


def size(pt: float) -> list[OxmlElement]:
    half_points = round(pt * 2)
    return [val("w:sz", half_points), val("w:szCs", half_points)]


def bold() -> list[OxmlElement]:
    return [el("w:b"), el("w:bCs")]


def italic() -> list[OxmlElement]:
    return [el("w:i"), el("w:iCs")]


def superscript() -> OxmlElement:
    return val("w:vertAlign", "superscript")


def colour(hex_value: str) -> OxmlElement:
    return val("w:color", hex_colour(hex_value))


def underline() -> OxmlElement:
    return val("w:u", "single")


def lang(tag: str) -> OxmlElement:
    return val("w:lang", tag)


# ---- paragraph properties ---------------------------------------------------------------

def keep_next() -> OxmlElement:
    return el("w:keepNext")


def keep_lines() -> OxmlElement:
    return el("w:keepLines")


def page_break_before() -> OxmlElement:
    return el("w:pageBreakBefore")


def widow_control() -> OxmlElement:
    return el("w:widowControl")


def num_pr(num_id: int, ilvl: int | None = None) -> OxmlElement:
    return el("w:numPr", None, val("w:ilvl", ilvl) if ilvl is not None else None,
              val("w:numId", num_id))


@dataclass(frozen=True)
class Border:
    colour: str
    width_pt: float = 0.5
    space_pt: int = 4
    style: str = "single"


def paragraph_borders(**sides: Border) -> OxmlElement:
    """pBdr with the given sides (top, left, bottom, right)."""
    order = ("top", "left", "bottom", "right", "between", "bar")
    return el("w:pBdr", None, [_border(side, sides[side]) for side in order if side in sides])


def _border(side: str, border: Border) -> OxmlElement:
    return el(f"w:{side}", {"w:val": border.style, "w:sz": round(border.width_pt * 8),
                            "w:space": border.space_pt, "w:color": hex_colour(border.colour)})


def shading(fill: str) -> OxmlElement:
    return el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": hex_colour(fill)})


def tabs(*stops: tuple[str, int, str | None]) -> OxmlElement:
    """Tab stops as (alignment, position in twips, leader or None)."""
    return el("w:tabs", None, [
        el("w:tab", {"w:val": kind, **({"w:leader": leader} if leader else {}), "w:pos": pos})
        for kind, pos, leader in stops])


def spacing(before_pt: float | None = None, after_pt: float | None = None,
            line: float | None = None) -> OxmlElement:
    """Paragraph spacing; `line` is a multiple of single line spacing (1.15)."""
    attrs: dict[str, object] = {}
    if before_pt is not None:
        attrs["w:before"] = twips_pt(before_pt)
    if after_pt is not None:
        attrs["w:after"] = twips_pt(after_pt)
    if line is not None:
        attrs["w:line"] = round(line * 240)
        attrs["w:lineRule"] = "auto"
    return el("w:spacing", attrs)


def ind(left: int = 0, hanging: int = 0, right: int = 0) -> OxmlElement:
    attrs: dict[str, object] = {"w:left": left}
    if right:
        attrs["w:right"] = right
    if hanging:
        attrs["w:hanging"] = hanging
    return el("w:ind", attrs)


def jc(value: str) -> OxmlElement:
    return val("w:jc", value)


def outline_level(level: int) -> OxmlElement:
    return val("w:outlineLvl", level)


# ---- styles -----------------------------------------------------------------------------

def style(kind: str, style_id: str, name: str, *, based_on: str | None = None,
          next_style: str | None = None, default: bool = False, ui_priority: int | None = None,
          qformat: bool = False, semi_hidden: bool = False, ppr_children: Children = None,
          rpr_children: Children = None, tblpr_children: Children = None,
          tcpr_children: Children = None,
          conditions: Iterable[OxmlElement] = ()) -> OxmlElement:
    """A w:style of `kind` (paragraph, character, table, numbering)."""
    attrs: dict[str, object] = {"w:type": kind, "w:styleId": style_id}
    if default:
        attrs = {"w:type": kind, "w:default": 1, "w:styleId": style_id}
    children: list[Children] = [val("w:name", name)]
    if based_on:
        children.append(val("w:basedOn", based_on))
    if next_style:
        children.append(val("w:next", next_style))
    if ui_priority is not None:
        children.append(val("w:uiPriority", ui_priority))
    if semi_hidden:
        children += [el("w:semiHidden"), el("w:unhideWhenUsed")]
    if qformat:
        children.append(el("w:qFormat"))
    if ppr_children:
        children.append(ppr(ppr_children))
    if rpr_children:
        children.append(rpr(rpr_children))
    if tblpr_children:
        children.append(ordered("w:tblPr", TBLPR_ORDER, tblpr_children))
    if tcpr_children:
        children.append(ordered("w:tcPr", TCPR_ORDER, tcpr_children))
    children.extend(conditions)
    element = el("w:style", None)
    for key, value in attrs.items():
        element.set(qn(key), str(value))
    for child in flatten(children):
        element.append(child)
    return element


def table_condition(kind: str, *, ppr_children: Children = None, rpr_children: Children = None,
                    tcpr_children: Children = None) -> OxmlElement:
    """Conditional formatting of a table style (firstRow, band1Horz, ...)."""
    return el("w:tblStylePr", {"w:type": kind},
              ppr(ppr_children) if ppr_children else None,
              rpr(rpr_children) if rpr_children else None,
              el("w:tblPr") if kind else None,
              ordered("w:tcPr", TCPR_ORDER, tcpr_children) if tcpr_children else None)


def cell_margins(top: int, left: int, bottom: int, right: int) -> OxmlElement:
    return el("w:tblCellMar", None,
              *(el(f"w:{side}", {"w:w": value, "w:type": "dxa"})
                for side, value in (("top", top), ("left", left), ("bottom", bottom),
                                    ("right", right))))


def table_borders(colour_hex: str, width_pt: float, *sides: str) -> OxmlElement:
    order = ("top", "left", "bottom", "right", "insideH", "insideV")
    return el("w:tblBorders", None, [
        el(f"w:{side}", {"w:val": "single", "w:sz": round(width_pt * 8), "w:space": 0,
                         "w:color": hex_colour(colour_hex)})
        for side in order if side in sides])


def doc_defaults(rpr_children: Children, ppr_children: Children) -> OxmlElement:
    return el("w:docDefaults", None,
              el("w:rPrDefault", None, rpr(rpr_children)),
              el("w:pPrDefault", None, ppr(ppr_children)))


def replace_styles(styles_root: OxmlElement, defaults: OxmlElement,
                   styles: Iterable[OxmlElement]) -> None:
    """Replace every style of the part; keep the latent-style table Word relies on."""
    latent = styles_root.find(qn("w:latentStyles"))
    for child in list(styles_root):
        styles_root.remove(child)
    styles_root.append(defaults)
    if latent is not None:
        styles_root.append(latent)
    for element in styles:
        styles_root.append(element)


# ---- numbering --------------------------------------------------------------------------

@dataclass(frozen=True)
class Level:
    ilvl: int
    num_fmt: str
    text: str
    left: int
    hanging: int
    start: int = 1
    p_style: str | None = None
    suffix: str = "tab"
    font: str | None = None


def abstract_num(abstract_id: int, name: str, multi_level_type: str,
                 levels: Iterable[Level]) -> OxmlElement:
    nsid = hashlib.sha256(name.encode()).hexdigest()[:8].upper()
    return el("w:abstractNum", {"w:abstractNumId": abstract_id},
              val("w:nsid", nsid), val("w:multiLevelType", multi_level_type),
              val("w:tmpl", nsid[::-1]), val("w:name", name),
              *(_level(level) for level in levels))


def _level(level: Level) -> OxmlElement:
    return el("w:lvl", {"w:ilvl": level.ilvl},
              val("w:start", level.start),
              val("w:numFmt", level.num_fmt),
              val("w:pStyle", level.p_style) if level.p_style else None,
              val("w:suff", level.suffix) if level.suffix != "tab" else None,
              val("w:lvlText", level.text),
              val("w:lvlJc", "left"),
              ppr(tabs(("num", level.left, None)) if level.suffix == "tab" else None,
                  ind(level.left, level.hanging)),
              rpr(rfonts(level.font)) if level.font else None)


def num(num_id: int, abstract_id: int) -> OxmlElement:
    """A list instance of abstract numbering `abstract_id`."""
    return el("w:num", {"w:numId": num_id}, val("w:abstractNumId", abstract_id))


def replace_numbering(numbering_root: OxmlElement, abstracts: Iterable[OxmlElement],
                      nums: Iterable[OxmlElement]) -> None:
    for child in list(numbering_root):
        numbering_root.remove(child)
    for element in [*abstracts, *nums]:
        numbering_root.append(element)


def set_paragraph_numbering(p: OxmlElement, num_id: int, ilvl: int | None = None) -> None:
    """numPr on one paragraph; num_id 0 switches a style's numbering off."""
    insert_ordered(p.get_or_add_pPr(), num_pr(num_id, ilvl), PPR_ORDER)


# ---- runs, fields, bookmarks, hyperlinks ---------------------------------------------------

def run(text: str = "", style_id: str | None = None) -> OxmlElement:
    """A run of text; tabs, line breaks and soft hyphens in `text` become w:tab / w:br /
    w:softHyphen."""
    r = el("w:r", None, rpr(val("w:rStyle", style_id)) if style_id else None)
    for index, part in enumerate(text.split("\t")):
        if index:
            r.append(el("w:tab"))
        for line_index, line in enumerate(part.split("\n")):
            if line_index:
                r.append(el("w:br"))
            for hyphen_index, piece in enumerate(line.split("\u00ad")):
                if hyphen_index:
                    r.append(el("w:softHyphen"))   # Word's own optional hyphen
                if piece:
                    t = el("w:t")
                    t.text = piece
                    if piece != piece.strip():
                        t.set(XML_SPACE, "preserve")
                    r.append(t)
    return r


def _fld_char(kind: str, style_id: str | None) -> OxmlElement:
    return el("w:r", None, rpr(val("w:rStyle", style_id)) if style_id else None,
              el("w:fldChar", {"w:fldCharType": kind}))


def field_begin(instruction: str, style_id: str | None = None) -> list[OxmlElement]:
    """Runs that open a complex field up to its result: begin, instruction, separate."""
    instr = el("w:instrText")
    instr.text = f" {instruction.strip()} "
    instr.set(XML_SPACE, "preserve")
    return [_fld_char("begin", style_id),
            el("w:r", None, rpr(val("w:rStyle", style_id)) if style_id else None, instr),
            _fld_char("separate", style_id)]


def field_end(style_id: str | None = None) -> OxmlElement:
    return _fld_char("end", style_id)


def field(instruction: str, result: str, style_id: str | None = None) -> list[OxmlElement]:
    """A complete complex field (PAGE, NUMPAGES, PAGEREF, SEQ) with a pre-filled result."""
    return [*field_begin(instruction, style_id), run(result, style_id), field_end(style_id)]


def add_bookmark(p: OxmlElement, bookmark_id: int, name: str) -> None:
    """Bookmark the whole content of paragraph `p`."""
    start = el("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name})
    position = 1 if p.pPr is not None else 0
    p.insert(position, start)
    p.append(el("w:bookmarkEnd", {"w:id": bookmark_id}))


def hyperlink(*, r_id: str | None = None, anchor: str | None = None,
              tooltip: str = "") -> OxmlElement:
    """An empty w:hyperlink: external (relationship id) or internal (bookmark name), with
    a tooltip (what Word shows and reads for the link) when given."""
    attrs: dict[str, object] = {"w:history": 1}
    if r_id:
        attrs = {"r:id": r_id, "w:history": 1}
    if anchor:
        attrs = {"w:anchor": anchor, "w:history": 1}
    if tooltip:
        attrs["w:tooltip"] = tooltip
    return el("w:hyperlink", attrs)


def section_break(p: OxmlElement, sect_pr: OxmlElement) -> None:
    """End a section after paragraph `p` (no empty paragraph), with properties `sect_pr`."""
    insert_ordered(p.get_or_add_pPr(), sect_pr, PPR_ORDER)


# ---- footnotes --------------------------------------------------------------------------

FOOTNOTES_PART = "/word/footnotes.xml"


def footnote_reference(note_id: int, style_id: str) -> OxmlElement:
    """The run in the text that refers to footnote `note_id` (Word shows its number)."""
    return el("w:r", None, rpr(val("w:rStyle", style_id)),
              el("w:footnoteReference", {"w:id": note_id}))


def footnote_mark(style_id: str) -> OxmlElement:
    """The note's own number at the start of its text (w:footnoteRef)."""
    return el("w:r", None, rpr(val("w:rStyle", style_id)), el("w:footnoteRef"))


def footnotes(notes: Iterable[tuple[int, OxmlElement]]) -> OxmlElement:
    """word/footnotes.xml: the separator (id -1) and continuation separator (id 0) that
    Word writes in every file with footnotes, then one w:footnote per (id, paragraph)."""
    root = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}/>")
    for note_id, kind, mark in ((-1, "separator", "w:separator"),
                                (0, "continuationSeparator", "w:continuationSeparator")):
        root.append(el("w:footnote", {"w:type": kind, "w:id": note_id},
                       el("w:p", None, ppr(spacing(0, 0, 1.0)), el("w:r", None, el(mark)))))
    for note_id, paragraph in notes:
        root.append(el("w:footnote", {"w:id": note_id}, paragraph))
    return root


def footnote_properties(settings: OxmlElement) -> None:
    """settings.xml names the separator footnotes, as Word writes it (w:footnotePr)."""
    insert_ordered(settings, el("w:footnotePr", None, el("w:footnote", {"w:id": -1}),
                                el("w:footnote", {"w:id": 0})), SETTINGS_ORDER)


# ---- tables -----------------------------------------------------------------------------

def set_table_properties(tbl: OxmlElement, *, width: int, caption: str, description: str,
                         margins: OxmlElement | None = None) -> None:
    """Fixed layout, a width in twips, cell margins, and the accessible caption/description."""
    tbl_pr = tbl.tblPr
    insert_ordered(tbl_pr, el("w:tblW", {"w:w": width, "w:type": "dxa"}), TBLPR_ORDER)
    insert_ordered(tbl_pr, el("w:tblLayout", {"w:type": "fixed"}), TBLPR_ORDER)
    if margins is not None:
        insert_ordered(tbl_pr, margins, TBLPR_ORDER)
    insert_ordered(tbl_pr, el("w:tblLook", {"w:val": "04A0", "w:firstRow": 1, "w:lastRow": 0,
                                            "w:firstColumn": 0, "w:lastColumn": 0,
                                            "w:noHBand": 0, "w:noVBand": 1}), TBLPR_ORDER)
    insert_ordered(tbl_pr, val("w:tblCaption", caption), TBLPR_ORDER)
    insert_ordered(tbl_pr, val("w:tblDescription", description), TBLPR_ORDER)


def _row_property(tr: OxmlElement, tag: str) -> None:
    tr_pr = tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        tr_pr.append(el(tag))


def repeat_header_row(tr: OxmlElement) -> None:
    """The row is a header row, repeated at the top of every page."""
    _row_property(tr, "w:tblHeader")


def cant_split(tr: OxmlElement) -> None:
    """The row is never split across pages."""
    _row_property(tr, "w:cantSplit")


def shade_cell(tc: OxmlElement, fill: str) -> None:
    insert_ordered(tc.get_or_add_tcPr(), shading(fill), TCPR_ORDER)


# ---- pictures ---------------------------------------------------------------------------

def set_alt_text(inline: OxmlElement, description: str, title: str | None = None) -> None:
    """Alt text on a picture: wp:docPr/@descr (and @title). Also zero wrap distances:
    without them LibreOffice indents an inline picture by its default 0.32 cm."""
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")
    doc_pr = inline.docPr
    doc_pr.set("descr", description)
    doc_pr.set("title", title if title is not None else description)


# ---- settings ---------------------------------------------------------------------------

def configure_settings(settings: OxmlElement, *, language: str, mirror_margins: bool,
                       default_tab: int) -> None:
    """Swedish defaults, embedded fonts, and a field update when Word opens the file."""
    for name in ("proofState", "savePreviewPicture", "updateFields", "embedTrueTypeFonts",
                 "mirrorMargins", "themeFontLang"):
        for old in settings.findall(qn(f"w:{name}")):
            settings.remove(old)
    insert_ordered(settings, el("w:embedTrueTypeFonts"), SETTINGS_ORDER)
    if mirror_margins:
        insert_ordered(settings, el("w:mirrorMargins"), SETTINGS_ORDER)
    insert_ordered(settings, val("w:defaultTabStop", default_tab), SETTINGS_ORDER)
    insert_ordered(settings, val("w:updateFields", "true"), SETTINGS_ORDER)
    insert_ordered(settings, val("w:themeFontLang", language), SETTINGS_ORDER)
    insert_ordered(settings, val("w:decimalSymbol", ","), SETTINGS_ORDER)
    insert_ordered(settings, val("w:listSeparator", ";"), SETTINGS_ORDER)
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        for setting in compat.findall(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")


# ---- fonts ------------------------------------------------------------------------------

EMBED_KINDS = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")


def font_key(data: bytes) -> str:
    """A deterministic font key GUID "{XXXXXXXX-…}" derived from the font file's bytes."""
    digest = hashlib.sha256(data).hexdigest()
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"sha256:{digest}")).upper() + "}"


def obfuscate_font(data: bytes, key: str) -> bytes:
    """ECMA-376 Part 1 §17.8.1: XOR the first 32 bytes with the key GUID's bytes, reversed.

    The same operation de-obfuscates."""
    key_bytes = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


@dataclass(frozen=True)
class FontInfo:
    """A font table entry; `embeds` holds (kind, relationship id, key) per embedded file."""

    name: str
    panose: str
    family: str
    pitch: str
    sig: dict[str, str]
    embeds: tuple[tuple[str, str, str], ...] = ()


def font_table(fonts: Iterable[FontInfo]) -> OxmlElement:
    root = parse_xml(f"<w:fonts {nsdecls('w', 'r')}/>")
    for font in fonts:
        entry = el("w:font", {"w:name": font.name},
                   val("w:panose1", font.panose), val("w:charset", "00"),
                   val("w:family", font.family), val("w:pitch", font.pitch),
                   el("w:sig", {f"w:{k}": v for k, v in font.sig.items()}))
        for kind, r_id, key in sorted(font.embeds, key=lambda e: EMBED_KINDS.index(e[0])):
            entry.append(el(f"w:{kind}", {"r:id": r_id, "w:fontKey": key}))
        root.append(entry)
    return root


# ---- package ----------------------------------------------------------------------------

def app_properties(company: str) -> bytes:
    """docProps/app.xml without the template's stale page and word counts."""
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
           '2006/docPropsVTypes"><Application>python-docx</Application>'
           '<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
           f'<Company>{_escape(company)}</Company><LinksUpToDate>false</LinksUpToDate>'
           '<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>'
           '</Properties>')
    return xml.encode("utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def unpacked_package(doc) -> bytes:  # type: ignore[no-untyped-def]
    """doc.save() into memory with its parts stored, not deflated: reproducible_zip
    deflates them once (python-docx's own deflate was thrown away). python-docx's zip
    writer names its compression through docx.opc.phys_pkg.ZIP_DEFLATED."""
    import docx.opc.phys_pkg as phys_pkg

    buffer = io.BytesIO()
    if getattr(phys_pkg, "ZIP_DEFLATED", None) != zipfile.ZIP_DEFLATED:
        doc.save(buffer)  # python-docx changed: save as it likes, same result
        return buffer.getvalue()
    phys_pkg.ZIP_DEFLATED = zipfile.ZIP_STORED
    try:
        doc.save(buffer)
    finally:
        phys_pkg.ZIP_DEFLATED = zipfile.ZIP_DEFLATED
    return buffer.getvalue()


def reproducible_zip(package: bytes) -> bytes:
    """The same package with fixed entry dates, order, attributes and compression."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    names = [n for n in _FIRST if n in entries] + sorted(n for n in entries if n not in _FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED,
                            compresslevel=6)
    return out.getvalue()


def remove_core_dates(core_properties) -> None:  # type: ignore[no-untyped-def]
    """Drop dcterms:created/modified (the template's are from 2013) when the plan has no date."""
    element = core_properties._element
    for tag in ("dcterms:created", "dcterms:modified"):
        for node in element.findall(qn(tag)):
            element.remove(node)
