"""One brand file drives every format: a new primary colour in templates/brand.yaml reaches
the PDF, the DOCX and the HTML alike. The logo is an asset with its own colours (the real
logo replaces it), so the test gives the rebranded project a recoloured copy of it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest

from .helpers import BASENAME, build, make_project

OLD, NEW = "#7F1D1A", "#1D4E89"


def pdf_colours(path: Path) -> set[tuple[float, ...]]:
    """Every RGB fill colour (`r g b rg`) used on the PDF's pages."""
    found = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "rg":
                    found.add(tuple(round(float(x), 2) for x in operands))
    return found


def rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour[i:i + 2], 16) / 255, 2) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def rebranded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("rebranded"))
    brand = project / "templates" / "brand.yaml"
    text = brand.read_text(encoding="utf-8")
    assert text.count(OLD) == 2, "primary and table header use the old colour"
    brand.write_text(text.replace(OLD, NEW).replace("svg: logo.svg", "svg: logo-ny.svg"),
                     encoding="utf-8")
    logo = (project / "templates" / "logo.svg").read_text(encoding="utf-8")
    (project / "templates" / "logo-ny.svg").write_text(logo.replace(OLD, NEW), encoding="utf-8")
    assert build(project, "--year", "2025") == 0
    return project / "output" / "2025"


def test_pdf_takes_the_new_colour(built: Path, rebranded: Path) -> None:
    assert rgb(OLD) in pdf_colours(built / f"{BASENAME}.pdf")
    colours = pdf_colours(rebranded / f"{BASENAME}.pdf")
    assert rgb(NEW) in colours and rgb(OLD) not in colours


def test_docx_takes_the_new_colour(built: Path, rebranded: Path) -> None:
    def styles(folder: Path) -> str:
        with zipfile.ZipFile(folder / f"{BASENAME}.docx") as archive:
            return archive.read("word/styles.xml").decode() + archive.read("word/document.xml").decode()

    assert OLD[1:] in styles(built)
    new = styles(rebranded)
    assert NEW[1:] in new and OLD[1:] not in new


def test_html_takes_the_new_colour(built: Path, rebranded: Path) -> None:
    assert OLD.lower() in (built / f"{BASENAME}.html").read_text(encoding="utf-8").lower()
    new = (rebranded / f"{BASENAME}.html").read_text(encoding="utf-8").lower()
    assert NEW.lower() in new and not re.search(OLD.lower(), new)
