"""The tracked-changes DOCX through LibreOffice ("accept all" gives the new plan's text,
"reject all" the old one's, title page, contents and footnotes included) for another
year's plan; and generated edits (words inserted and deleted in random paragraphs): the
change report lists exactly the edited paragraphs, and for a few of them the tracked DOCX
accepted and rejected in LibreOffice gives each side."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlingsplan import model as m
from handlingsplan.documents.compare import compare_document, tracked_document
from handlingsplan.documents.plan import plan_document
from handlingsplan.sources import load_sources
from handlingsplan.writers import Assets, writer

from .helpers import ROOT, build, png, real_sources, squash
from .test_compare import _edit
from .test_compare_fixtures import _base, _entries

uno = pytest.mark.skipif(not Path("/usr/lib/python3/dist-packages/uno.py").exists(),
                         reason="python3-uno saknas (scripts/system-deps.sh test)")


def _review(action: str, docx: Path, work: Path) -> str:
    """The text (and footnotes) of `docx` after accepting or rejecting every change."""
    out = work / f"{docx.stem}-{action}.txt"
    subprocess.run(["/usr/bin/python3", str(ROOT / "tests" / "uno_review.py"), action,
                    str(docx), str(out), str(work / "profile")], check=True, timeout=180,
                   capture_output=True)
    return out.read_text(encoding="utf-8")


def _assert_sides(tracked: Path, old: Path, new: Path, work: Path,
                  empty: bool = False) -> None:
    """Accepting all gives exactly the new plan's text, rejecting all the old plan's words:
    the tracked DOCX's tables are laid out as the new plan's, so a word in both versions
    has the new version's break points (soft hyphens, zero-width spaces) in a table.
    empty: a known exception (README) may leave empty paragraphs, the rest exact."""
    accepted, rejected = _review("accept", tracked, work), _review("reject", tracked, work)
    assert accepted != rejected
    assert _lines(accepted, empty) == _lines(_review("accept", new, work), empty)
    assert _lines(_words(rejected), empty) == _lines(_words(_review("accept", old, work)), empty)


def _words(text: str) -> str:
    return text.replace("\u00ad", "").replace("\u200b", "")


def _lines(text: str, empty: bool) -> list[str]:
    return [line for line in text.splitlines() if line.strip() or not empty]


@uno
def test_tracked_docx_against_another_year(tmp_path: Path) -> None:
    root = _base(tmp_path)
    assert build(root, "--year", "2025", "--nytt-ar") == 0
    o = "content/2026/organisation.md"
    _edit(root, o, "| Bollnäs | 130 000 |", "| Bollnäs | 150 000 |")
    _edit(root, o, "styrelsen 2024.", "styrelsen 2025, § 4.")
    _edit(root, o, "### Kommunchefsgruppen", "### Gruppen av kommunchefer")
    _edit(root, "content/2026/mal.md", "effektiv samverkan och hållbar tillväxt.",
          "effektiv samverkan, trygg finansiering och hållbar tillväxt.")
    (root / "content/2026/budget.md").write_text(
        "# Budget\n\nHälsingerådets budget för året.\n\nTabell: Budget per post {#budget}\n\n"
        "| Post | Belopp (kr) |\n| :--- | ---: |\n| Kansli | 900 000 |\n", encoding="utf-8")
    _edit(root, "content/2026/plan.yaml", "  - mal.md\n", "  - budget.md\n  - mal.md\n")
    assert build(root, "--year", "2026", "--jamfor", "2025") == 0
    assert build(root, "--year", "2025", "--format", "docx") == 0
    assert build(root, "--year", "2026", "--format", "docx") == 0
    out = root / "output"
    _assert_sides(out / "2026" / "halsingeradets-handlingsplan-2026-sparade-andringar-mot-2025.docx",
                  out / "2025" / "halsingeradets-handlingsplan-2025.docx",
                  out / "2026" / "halsingeradets-handlingsplan-2026.docx", tmp_path)
    rejected = (tmp_path / "halsingeradets-handlingsplan-2026-sparade-andringar-mot-2025-reject.txt"
                ).read_text(encoding="utf-8")
    assert "fotnot:  Enligt beslut i styrelsen 2024." in rejected.splitlines()
    assert rejected.splitlines()[2:4] == ["2025", "FÖRSLAG"]      # the title page


# ---- generated edits ----------------------------------------------------------------

WORDS = ("samverkan", "Hälsingland", "och", "nya", "kommunerna", "2026", "regionalt")


def _paragraphs(plan: m.Plan) -> list[tuple[int, int]]:
    """(chapter, block) of every paragraph with at least three words."""
    return [(c, b) for c, chapter in enumerate(plan.chapters)
            for b, block in enumerate(chapter.blocks)
            if isinstance(block, m.Paragraph) and len(m.plain_text(block.inlines).split()) >= 3
            and all(isinstance(n, m.Text) for n in block.inlines)]


def _edited(text: str, insert: bool, at: int, word: str) -> str:
    words = text.split(" ")
    at %= len(words)
    if insert:
        return " ".join(words[:at] + [word] + words[at:])
    return " ".join(words[:at] + words[at + 1:])


@st.composite
def edits(draw: st.DrawFn, count: int) -> list[tuple[int, bool, int, str]]:
    """(paragraph index, insert or delete, word position, word) for distinct paragraphs."""
    chosen = draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=4, unique=True))
    return [(index, draw(st.booleans()), draw(st.integers(0, 200)), draw(st.sampled_from(WORDS)))
            for index in chosen]


def _apply(plan: m.Plan, changes: list[tuple[int, bool, int, str]]
           ) -> tuple[m.Plan, list[tuple[str, str]]]:
    """The plan with the edits, and (old, new) text of each edited paragraph."""
    places = _paragraphs(plan)
    chapters = [list(c.blocks) for c in plan.chapters]
    expected = []
    for index, insert, at, word in changes:
        c, b = places[index]
        block = chapters[c][b]
        old = m.plain_text(block.inlines)
        new = _edited(old, insert, at, word)
        chapters[c][b] = dataclasses.replace(block, inlines=(m.Text(new),))
        expected.append((old, new))
    return dataclasses.replace(plan, chapters=tuple(
        dataclasses.replace(ch, blocks=tuple(blocks))
        for ch, blocks in zip(plan.chapters, chapters))), expected


PLAN = real_sources().plan
COUNT = len(_paragraphs(PLAN))


@settings(max_examples=40, deadline=None)
@given(changes=edits(COUNT))
def test_report_lists_exactly_the_edited_paragraphs(changes: list) -> None:
    new, expected = _apply(PLAN, changes)
    doc = compare_document(PLAN, new, "versionen HEAD", "head")
    found = [(label, squash(old), squash(after)) for label, old, after in _entries(doc)]
    assert sorted(found) == sorted(("Ändrat:", squash(a), squash(b)) for a, b in expected)


@uno
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=edits(COUNT))
def test_tracked_docx_of_generated_edits_gives_each_side(changes: list, tmp_path: Path) -> None:
    sources = load_sources(ROOT, 2025)
    new, _ = _apply(sources.plan, changes)
    docx = writer("docx")
    assets = Assets(sources.brand, sources.project.files())
    files = {}
    for name, doc in (("tracked", tracked_document(sources.plan, new, "head")),
                      ("old", plan_document(sources.plan)), ("new", plan_document(new))):
        files[name] = tmp_path / f"{name}.docx"
        files[name].write_bytes(next(iter(docx(doc, assets).files.values())))
    _assert_sides(files["tracked"], files["old"], files["new"], tmp_path)


@uno
@pytest.mark.parametrize("caption", ["", "\nFigur: Hälsinglands sex kommuner\n"], ids=["bare", "captioned"])
def test_a_picture_replaced_under_the_same_name_through_libreoffice(tmp_path: Path, caption: str) -> None:
    """The map saved over karta.png (alt text and caption unchanged): the tracked DOCX
    deletes the old picture and inserts the new one with the same caption, which
    LibreOffice could take for a move; accept and reject all still give each side."""
    from .test_compare import _project
    from .test_compare_fixtures import _commit

    root = _project(tmp_path)
    karta = root / "content/2025/karta.png"
    karta.write_bytes(png((40, 90, 140)))
    with (root / "content/2025/vision.md").open("a", encoding="utf-8") as f:
        f.write(f"\n![Karta över Hälsingland](karta.png)\n{caption}\nEfter bilden.\n")
    _commit(root)
    assert build(root, "--year", "2025", "--format", "docx") == 0
    out = root / "output" / "2025"
    old = tmp_path / "old.docx"
    old.write_bytes((out / "halsingeradets-handlingsplan-2025.docx").read_bytes())
    karta.write_bytes(png((160, 40, 30)))
    assert build(root, "--year", "2025", "--jamfor", "HEAD") == 0
    assert build(root, "--year", "2025", "--format", "docx") == 0
    tracked = out / "halsingeradets-handlingsplan-2025-sparade-andringar-mot-head.docx"
    # the text of both sides is the same (only the picture changed): each side's own
    # text, paragraph for paragraph, with nothing joined or left empty
    new = _review("accept", out / "halsingeradets-handlingsplan-2025.docx", tmp_path)
    assert new == _review("accept", old, tmp_path)
    assert _review("accept", tracked, tmp_path) == new
    assert _review("reject", tracked, tmp_path) == new


@uno
def test_a_one_item_list_switched_after_a_new_paragraph_through_libreoffice(tmp_path: Path) -> None:
    """LibreOffice takes the old item deleted and the new one inserted for a move, and the
    new one's mark then goes on its own: rejecting all gave the heading after it the
    item's numbering. The two items are one paragraph now (old text deleted, new
    inserted, its format changed between them)."""
    from .test_compare import _project
    from .test_compare_fixtures import _commit

    root = _project(tmp_path)
    vision = root / "content/2025/vision.md"
    text = vision.read_text(encoding="utf-8")
    vision.write_text(text + "\nInnan listan.\n\n- Den enda punkten\n\n## Efter listan\n\nText.\n",
                      encoding="utf-8")
    _commit(root)
    assert build(root, "--year", "2025", "--format", "docx") == 0
    out = root / "output" / "2025"
    old = tmp_path / "old.docx"
    old.write_bytes((out / "halsingeradets-handlingsplan-2025.docx").read_bytes())
    vision.write_text(text + "\nInnan listan.\n\nEtt nytt stycke.\n\n1. Den enda punkten\n\n"
                      "## Efter listan\n\nText.\n", encoding="utf-8")
    assert build(root, "--year", "2025", "--jamfor", "HEAD") == 0
    assert build(root, "--year", "2025", "--format", "docx") == 0
    _assert_sides(out / "halsingeradets-handlingsplan-2025-sparade-andringar-mot-head.docx",
                  old, out / "halsingeradets-handlingsplan-2025.docx", tmp_path)


@uno
@pytest.mark.parametrize("kept", ["", "Källa: SCB.\n\n"], ids=["right-after", "after-a-kept-sentence"])
def test_a_paragraph_and_a_table_added_after_a_table_through_libreoffice(
        tmp_path: Path, kept: str) -> None:
    """A sentence and a new table after a table: right after it, the known exception
    (README: 'Undantag som vi känner till'): a paragraph's mark can't be removed before a
    table, and the table before it has no mark to take the change instead, so rejecting
    all leaves an empty paragraph between the tables, every other paragraph exact. After a
    sentence in both versions (the README's advice), each side exactly."""
    from .test_compare import _project
    from .test_compare_fixtures import _commit

    root = _project(tmp_path)
    vision = root / "content/2025/vision.md"
    text = vision.read_text(encoding="utf-8")
    first = ("Tabell: Bidrag\n\n| Kommun | Bidrag (kr) |\n| :--- | ---: |\n"
             f"| Bollnäs | 100 000 |\n\n{kept}")
    vision.write_text(f"{text}\n{first}## Efter tabellerna\n\nText.\n", encoding="utf-8")
    _commit(root)
    assert build(root, "--year", "2025", "--format", "docx") == 0
    out = root / "output" / "2025"
    old = tmp_path / "old.docx"
    old.write_bytes((out / "halsingeradets-handlingsplan-2025.docx").read_bytes())
    second = ("Söderhamn kommer till under året.\n\nTabell: Nya bidrag\n\n"
              "| Kommun | Bidrag (kr) |\n| :--- | ---: |\n| Söderhamn | 50 000 |\n\n")
    vision.write_text(f"{text}\n{first}{second}## Efter tabellerna\n\nText.\n",
                      encoding="utf-8")
    assert build(root, "--year", "2025", "--jamfor", "HEAD") == 0
    assert build(root, "--year", "2025", "--format", "docx") == 0
    _assert_sides(out / "halsingeradets-handlingsplan-2025-sparade-andringar-mot-head.docx",
                  old, out / "halsingeradets-handlingsplan-2025.docx", tmp_path, empty=not kept)
