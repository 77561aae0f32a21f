"""The brand file (templates/brand.yaml): colours, typeface, logo and page, for every writer.

The files it names (fonts, licence, logo) are read through the project's resolver here,
so that every writer gets their bytes from the assets; the Brand holds their asset keys.
Each font is opened with fontTools and the PNG logo decoded here, so a file that is not what
its key says is reported at its line in brand.yaml instead of crashing a writer; sizes must
be finite, positive and plausible, and the margins must leave a page to print on."""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from functools import lru_cache

from ..diagnostics import ContentError, Report
from . import images, schema
from .project import Project
from .yaml_tree import YMap, load_yaml

BRAND_FILE = "brand.yaml"

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "LETTER": (215.9, 279.4)}
# Upper bounds: a value beyond them is a typo, and would make pages nothing fits on.
MAX_SIZE_PT = 100.0
MAX_MEASURE_MM = 500.0
MIN_TEXT_AREA_MM = 50.0   # width and height left between the margins
FONT_KEYS = ("regular", "bold", "italic", "bold_italic")

COLOUR_ROLES = ("primary", "accent", "text", "muted", "table_header_background",
                "table_header_text", "table_stripe", "rule")


@dataclass(frozen=True)
class Colours:
    """sRGB hex colours ("#7F1D1A") by role."""

    primary: str
    accent: str
    text: str
    muted: str
    table_header_background: str
    table_header_text: str
    table_stripe: str
    rule: str


@dataclass(frozen=True)
class Font:
    family: str
    regular: str          # asset keys ("templates/fonts/NotoSans-Regular.ttf")
    bold: str
    italic: str
    bold_italic: str
    licence: str
    size_pt: float
    heading_sizes_pt: tuple[float, float, float]
    title_size_pt: float


@dataclass(frozen=True)
class Logo:
    svg: str              # asset keys
    png: str
    alt: str
    width_mm: float


@dataclass(frozen=True)
class Page:
    name: str
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_inner_mm: float
    margin_outer_mm: float


@dataclass(frozen=True)
class Brand:
    organisation: str
    colours: Colours
    font: Font
    logo: Logo
    page: Page


def _section(node: YMap, key: str, report: Report) -> YMap:
    section = schema.as_map(node.entries.get(key), report, key)
    if section is None:
        report.error(node.loc, f"brand-filen saknar avsnittet '{key}:'")
        return YMap({}, {}, node.loc)
    return section


def font_digest(data: bytes) -> str:
    """The SHA-256 by which a font file that passed the check is remembered."""
    return hashlib.sha256(data).hexdigest()


def load_brand(project: Project, verified_fonts: frozenset[str] = frozenset()) -> Brand:
    """Read and check the brand file and read every file it names (inside templates/).

    A font whose font_digest is in `verified_fonts` (fonts an earlier build of this
    project checked, commands/cache.py) is not parsed again: those are the same bytes."""
    report = Report()
    path = project.templates / BRAND_FILE
    node = schema.as_map(load_yaml(project, path, report), report, path.name)
    if node is None:
        raise ContentError(report)
    folder = project.templates

    def value(section: YMap, key: str) -> str:
        return schema.text(section, key, report) or ("#000000" if key in COLOUR_ROLES else "0")

    def measure(text: str, key: str, loc) -> float:   # type: ignore[no-untyped-def]
        try:
            result = float(text)
        except ValueError:
            result = math.nan
        if not math.isfinite(result) or result < 0 or (result == 0 and not key.startswith("margin")):
            report.error(loc, f"'{key}' ska vara ett positivt tal, inte '{text}'")
            return 1.0
        limit = MAX_SIZE_PT if key.endswith("_pt") else MAX_MEASURE_MM
        if result > limit:
            unit = "pt" if key.endswith("_pt") else "mm"
            report.error(loc, f"'{key}' är {text}, högst {limit:g} {unit}")
            return 1.0
        return result

    def number(section: YMap, key: str) -> float:
        return measure(value(section, key), key, section.keys.get(key, section.loc))

    def file(section: YMap, key: str) -> str:
        target = folder / value(section, key)
        loc = section.keys.get(key, section.loc)
        data = project.read(target, loc, report)
        if data is None:
            return ""
        if (section is font and key in FONT_KEYS and font_digest(data) not in verified_fonts
                and not _is_font(data)):
            report.error(loc, f"'{key}' ska vara en typsnittsfil (TrueType eller OpenType), "
                              f"men '{value(section, key)}' går inte att läsa som ett typsnitt")
        elif section is logo and key == "png" and (why := images.problem(data)) is not None:
            report.error(loc, f"logotypen '{value(section, key)}' {why}")
        return project.key(target)

    colours = _section(node, "colours", report)
    font = _section(node, "font", report)
    logo = _section(node, "logo", report)
    page = _section(node, "page", report)
    for role in COLOUR_ROLES:
        hex_colour = value(colours, role)
        if not (len(hex_colour) == 7 and hex_colour.startswith("#")
                and all(c in "0123456789abcdefABCDEF" for c in hex_colour[1:])):
            report.error(colours.keys.get(role, colours.loc),
                         f"färgen '{role}' ska skrivas #RRGGBB, inte '{hex_colour}'")
    sizes = schema.text_list(font, "heading_sizes_pt", report)
    if len(sizes) != 3:
        where = font.keys.get("heading_sizes_pt", font.loc)
        report.error(where, "'heading_sizes_pt' ska ha tre storlekar: [h1, h2, h3]")
        sizes = [("1", where)] * 3
    page_name = value(page, "size").upper()
    if page_name not in PAGE_SIZES_MM:
        report.error(page.keys.get("size", page.loc),
                     f"okänt sidformat '{page_name}' (finns: {', '.join(PAGE_SIZES_MM)})")
    width, height = PAGE_SIZES_MM.get(page_name, PAGE_SIZES_MM["A4"])
    margins = {key: number(page, f"margin_{key}_mm") for key in ("top", "bottom", "inner", "outer")}
    for across, (first, second), size in (("bredd", ("inner", "outer"), width),
                                          ("höjd", ("top", "bottom"), height)):
        left = size - margins[first] - margins[second]
        if left < MIN_TEXT_AREA_MM:
            report.error(page.keys.get(f"margin_{first}_mm", page.loc),
                         f"marginalerna margin_{first}_mm och margin_{second}_mm lämnar "
                         f"{max(left, 0):g} mm i {across} för texten på {page_name} "
                         f"({size:g} mm); minst {MIN_TEXT_AREA_MM:g} mm behövs")
    brand = Brand(
        organisation=value(node, "organisation"),
        colours=Colours(**{role: value(colours, role).upper() for role in COLOUR_ROLES}),
        font=Font(value(font, "family"), file(font, "regular"), file(font, "bold"),
                  file(font, "italic"), file(font, "bold_italic"), file(font, "licence"),
                  number(font, "size_pt"), tuple(measure(s, 'heading_sizes_pt', loc) for s, loc in sizes),
                  number(font, "title_size_pt")),
        logo=Logo(file(logo, "svg"), file(logo, "png"), value(logo, "alt"), number(logo, "width_mm")),
        page=Page(page_name, width, height, margins["top"], margins["bottom"],
                  margins["inner"], margins["outer"]),
    )
    if brand.logo.width_mm > width - margins["inner"] - margins["outer"]:
        report.error(logo.keys.get("width_mm", logo.loc),
                     f"logotypen ({brand.logo.width_mm:g} mm) är bredare än texten på sidan")
    if report.errors:
        raise ContentError(report)
    return brand


@lru_cache(maxsize=16)
def _is_font(data: bytes) -> bool:
    """True when fontTools reads the tables every writer needs (names, character map,
    metrics, glyphs). Remembered by the bytes: parsing the four fonts was most of a
    preview rebuild's loading (≈ 30 ms) and gives the same answer for the same file."""
    from fontTools.ttLib import TTFont   # only when the brand is read (not for --check)

    try:
        font = TTFont(io.BytesIO(data), lazy=False)
        font["cmap"].getBestCmap()
        font["hmtx"], font["head"], font["name"], font["maxp"]   # noqa: B018 - parse them
        font.getGlyphOrder()
        font.close()
    except Exception:  # noqa: BLE001 - fontTools raises many kinds for a broken file
        return False
    return True


