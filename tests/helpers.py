"""Helpers for the tests: project copies, expected text, comparison across formats."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from handlingsplan import model as m
from handlingsplan.commands import main
from handlingsplan.documents.plan import plan_document
from handlingsplan.sources import Sources, load_sources
from handlingsplan.sources.brand import Brand
from handlingsplan.writers import Assets

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BASENAME = "halsingeradets-handlingsplan-2025"


def make_project(dest: Path) -> Path:
    """A copy of content/ and templates/ that a test may break or build into."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, dest / name, symlinks=True)
    return dest


def build(project: Path, *args: str) -> int:
    return main(["--root", str(project), *args])


def expected_blocks() -> list[str]:
    return (FIXTURES / "seed-2025-expected.txt").read_text(encoding="utf-8").splitlines()


def expected_table() -> list[list[str]]:
    lines = (FIXTURES / "activity-table-2025.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines]


_QUOTES = str.maketrans({"”": '"', "“": '"', "„": '"', "’": "'", "‘": "'"})


def squash(text: str) -> str:
    """Text reduced for comparison across formats: no white space, hyphens or soft hyphens,
    one kind of quotation mark (line breaks and hyphenation differ by format)."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return re.sub(r"[\s\u00ad\u2010\u2011\u200b\u2060-]+", "", text)


def assert_in_order(haystack: str, needles: list[str]) -> None:
    """Every needle occurs in haystack, each after the previous one."""
    flat = squash(haystack)
    position = 0
    for needle in needles:
        found = flat.find(squash(needle), position)
        assert found >= 0, (f"not found in order: {needle!r}\n"
                            f"text after the previous match: {flat[position:position + 300]!r}")
        position = found + len(squash(needle))


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian: see scripts/system-deps.sh test)")
    return path


def pdf_text(pdf: Path, *args: str) -> str:
    need("pdftotext")
    return subprocess.run(["pdftotext", "-raw", *args, str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


FURNITURE = re.compile(r"^(Hälsingerådets handlingsplan 2025( · .*?)?)?\s*(FÖRSLAG|UTKAST)?$|^Sida \d+ \(\d+\)$"
                       r"|^(Handlingsplan|Uppföljning|Ändringsrapport)( · Dnr .+?)?( · \d{4}-\d\d-\d\d)?$")


def pdf_body_text(pdf: Path) -> str:
    """The PDF's text without running headers, footers and status marks (page furniture),
    which pdftotext puts wherever the page draws them; the title page is kept whole."""
    first, *rest = pdf_text(pdf).split("\f")
    return "\n".join([first] + ["\n".join(line for line in page.splitlines()
                                           if not FURNITURE.match(line.strip()))
                                 for page in rest])


def plain_cells(rows: list[list[str]]) -> list[list[str]]:
    """Cells as a reader sees them: no-break spaces, word joiners and zero-width spaces are
    layout, not text."""
    return [[" ".join(cell.replace("\u00a0", " ").replace("\u200b", "").replace("\u2060", "").split())
             for cell in row] for row in rows]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in folder, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@functools.cache
def real_sources() -> Sources:
    """The 2025 sources of the repository, read once."""
    return load_sources(ROOT, 2025)


def real_plan() -> tuple[m.Plan, Brand]:
    """The 2025 plan and the brand, loaded from the repository."""
    sources = real_sources()
    return sources.plan, sources.brand


def document_and_assets(plan: m.Plan, brand: Brand,
                        extra_files: dict[str, bytes] | None = None) -> tuple[m.Document, Assets]:
    """What the writers get for a (possibly changed) plan and brand: the plan's document
    and the repository's assets (plus extra files, e.g. pictures a test adds)."""
    sources = real_sources()
    files = {**sources.project.files(), **(extra_files or {})}
    return plan_document(plan, sources.name_hyphenation), Assets(brand, files)


def render_html(plan: m.Plan, brand: Brand, medium: str) -> str:
    from handlingsplan.writers.html import render_html as render

    return render(*document_and_assets(plan, brand), medium)


def render_pdf(plan: m.Plan, brand: Brand):  # type: ignore[no-untyped-def]
    from handlingsplan.writers.pdf import render_pdf as render

    return render(*document_and_assets(plan, brand))


def write_docx(plan: m.Plan, brand: Brand, target: Path,
               extra_files: dict[str, bytes] | None = None) -> None:
    from handlingsplan.writers.docx import render_docx

    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_docx(*document_and_assets(plan, brand, extra_files)))


def toc(plan: m.Plan) -> list[m.TocEntry]:
    """The contents of the plan's document."""
    return plan_document(plan).toc()


def activity_table(plan: m.Plan) -> m.Table:
    """The plan's activity table as every writer gets it."""
    return plan_document(plan).tables()[-1]


def header_cells(plan: m.Plan) -> list[str]:
    return [c.label for c in activity_table(plan).columns]


def row_texts(plan: m.Plan) -> list[list[str]]:
    """Each activity row's cells as plain text."""
    return [[m.plain_text(cell) for cell in row] for row in activity_table(plan).rows]


def png(colour: tuple[int, int, int], size: tuple[int, int] = (90, 60)) -> bytes:
    """A small one-colour PNG (a picture whose bytes differ by colour)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()
