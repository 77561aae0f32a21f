"""The web page's links to the PDF and the Word file beside it, with their sizes, and its
"Senast uppdaterad" date; axe-core on the page with them."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from handlingsplan.documents.downloads import file_size

from .helpers import BASENAME, build, make_project, snapshot
from .test_html_accessibility import describe, run_axe

YEAR = "2025"
SIZE = re.compile(r"\((\d+)\u00a0kB\)$|\((\d+),(\d)\u00a0MB\)$")


@pytest.mark.parametrize("size, shown", [
    (94_693, "92\u00a0kB"), (1_095_701, "1,0\u00a0MB"), (300, "1\u00a0kB"),
    (1_047_551, "1023\u00a0kB"), (1_048_064, "1,0\u00a0MB"), (5_400_000, "5,1\u00a0MB"),
    (150 * 1024 * 1024, "150\u00a0MB"),
])
def test_file_sizes_in_swedish(size: int, shown: str) -> None:
    assert file_size(size) == shown


def links(page: str) -> list[tuple[str, str]]:
    doc = lxml.html.fromstring(page)
    return [(a.get("href"), a.text_content()) for a in doc.xpath("//ul[@class='nedladdning']//a")]


def assert_links_match_files(folder: Path, found: list[tuple[str, str]]) -> None:
    """Each link is a sibling file of the page and states that file's size, as rounded."""
    for href, text in found:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc and "/" not in href, href
        target = folder / unquote(parts.path)
        assert target.is_file(), href
        size = target.stat().st_size
        match = SIZE.search(text)
        assert match, text
        if match[1]:
            assert abs(size / 1024 - int(match[1])) <= 0.5, (text, size)
        else:
            assert abs(size / 1024 ** 2 - float(f"{match[2]}.{match[3]}")) <= 0.05, (text, size)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built in every format, with a document date."""
    project = make_project(tmp_path_factory.mktemp("downloads"))
    plan = project / "content" / YEAR / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "datum: 2025-12-01\n", encoding="utf-8")
    assert build(project, "--year", YEAR) == 0
    return project


def page_of(project: Path) -> str:
    return (project / "output" / YEAR / f"{BASENAME}.html").read_text(encoding="utf-8")


def test_a_full_build_links_to_its_pdf_and_docx_with_their_sizes(full: Path) -> None:
    page = page_of(full)
    found = links(page)
    assert [href for href, _ in found] == [f"{BASENAME}.pdf", f"{BASENAME}.docx"]
    assert [text.rsplit(" (", 1)[0] for _, text in found] == ["Ladda ned som PDF",
                                                          "Ladda ned som Word (DOCX)"]
    assert_links_match_files(full / "output" / YEAR, found)
    doc = lxml.html.fromstring(page)
    assert doc.get("lang") == "sv"
    assert [p.text_content() for p in doc.find_class("uppdaterad")] == [
        "Senast uppdaterad 1 december 2025"]


def test_an_html_only_rebuild_links_to_the_carried_files_and_is_the_same_page(full: Path) -> None:
    before = snapshot(full / "output" / YEAR)
    assert build(full, "--year", YEAR, "--format", "html") == 0
    assert snapshot(full / "output" / YEAR) == before


def test_only_files_in_the_set_are_linked(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert build(project, "--year", YEAR, "--format", "html") == 0
    assert links(page_of(project)) == [], "no PDF or DOCX in the set: no link"
    doc = lxml.html.fromstring(page_of(project))
    assert not doc.find_class("uppdaterad"), "no datum and no SOURCE_DATE_EPOCH: no date"
    assert build(project, "--year", YEAR, "--format", "docx,html") == 0
    found = links(page_of(project))
    assert [href for href, _ in found] == [f"{BASENAME}.docx"]
    assert_links_match_files(project / "output" / YEAR, found)
    assert build(project, "--year", YEAR, "--format", "html") == 0
    assert links(page_of(project)) == found, "the carried-over DOCX is still linked"


def test_senast_uppdaterad_from_source_date_epoch(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764590400")   # 2025-12-01 12:00 UTC
    project = make_project(tmp_path / "p")
    assert build(project, "--year", YEAR, "--format", "html") == 0
    doc = lxml.html.fromstring(page_of(project))
    assert [p.text_content() for p in doc.find_class("uppdaterad")] == [
        "Senast uppdaterad 1 december 2025"]


@pytest.mark.parametrize("width", [1280, 320], ids=["wide", "narrow"])
def test_axe_finds_no_violations_with_the_links(full: Path, tmp_path: Path, width: int) -> None:
    result = run_axe(page_of(full), tmp_path, width)
    assert result["violations"] == [], describe(result["violations"])
    assert "link-name" in result["passes"]


def test_an_html_only_build_says_when_the_files_it_links_are_older_than_the_sources(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`--format html` links the live set's PDF and DOCX; when those were built from other
    sources (a chapter edited since, another --per), the build says so, naming each; when
    they match, it is silent."""
    from handlingsplan.commands import cache

    monkeypatch.setenv(cache.ENV, "0")          # the record lives beside the cache
    project = make_project(tmp_path / "p")
    chapter = project / "content" / YEAR / "vision.md"

    def html_only(*more: str) -> str:
        capsys.readouterr()
        assert build(project, "--year", YEAR, "--format", "html", *more) == 0
        return capsys.readouterr().err

    def edit(old: str, new: str) -> None:
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    assert build(project, "--year", YEAR) == 0
    assert "tidigare bygge" not in html_only()
    edit("kreativt", "nyskapande")
    said = html_only()
    assert f"{BASENAME}.pdf och {BASENAME}.docx från ett tidigare bygge" in said, said
    assert build(project, "--year", YEAR, "--format", "pdf") == 0
    said = html_only()
    assert f"till {BASENAME}.docx från ett tidigare bygge" in said and ".pdf" not in said, said
    assert build(project, "--year", YEAR) == 0
    assert "tidigare bygge" not in html_only()
    assert f"{BASENAME}.pdf och {BASENAME}.docx" in html_only("--per", "2025-12-31")
    assert "tidigare bygge" not in html_only()  # without --per: the set's own sources again

    monkeypatch.setenv(cache.ENV, "1")          # no record: nothing is claimed
    edit("kreativt", "nyskapande")
    assert "tidigare bygge" not in html_only()
