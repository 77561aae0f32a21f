"""Fixture pairs for the change report (--jamfor): each edit of the 2025 plan, the report
lists exactly that change, in the summary line and in its own entry, in the PDF, the Word
file and the web page; identical versions say "Inga ändringar"; every summary entry links
to its change; the comparison against a folder and against another year. The report's
model is checked exactly, each format for the same text."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import page as validator
import pikepdf
from docx import Document as open_docx

from handlingsplan import model as m
from handlingsplan.documents.compare import compare_document
from handlingsplan.sources import load_content
from handlingsplan.sources.versions import load_version

from .helpers import build, pdf_text, png, squash
from .test_compare import A, _edit, _project

BASE = "halsingeradets-handlingsplan-2025-andringar-mot-head"
O = "content/2025/organisation.md"
TABLE = ("\n## Bidrag\n\nTabell: Bidrag per kommun {#bidrag}\n\n| Kommun | Bidrag (kr) |\n"
         "| :--- | ---: |\n| Bollnäs | 130 000 |\n| Hudiksvall | 245 000 |\n\n"
         "Bidragen betalas i januari.[^bidrag]\n\n"
         "[^bidrag]: Enligt beslut i styrelsen 2024.\n")


def _base(tmp: Path) -> Path:
    """The 2025 plan with a table and a footnote in chapter 5, committed."""
    root = _project(tmp)
    with (root / O).open("a", encoding="utf-8") as f:
        f.write(TABLE)
    _commit(root)
    return root


def _commit(root: Path) -> None:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "b"],
                   cwd=root, check=True)


def _side(nodes: tuple[m.Inline, ...], drop: type) -> str:
    """The text of one version: without `drop` (Inserted or Deleted) nodes."""
    out = []
    for node in nodes:
        if isinstance(node, drop):
            continue
        if isinstance(node, (m.Text, m.Symbol)):
            out.append(node.text)
        elif hasattr(node, "children") and not isinstance(node, m.Footnote):
            out.append(_side(node.children, drop))
    return "".join(out)


def _report(root: Path, spec: str = "HEAD", year: int = 2025) -> m.Document:
    plan = load_content(root, year)[0]
    old = load_version(root, year, spec)
    return compare_document(old.plan, plan, old.label, old.file_part)


def _summary(doc: m.Document) -> str:
    return m.plain_text(doc.sections[0].blocks[2].inlines)


def _entries(doc: m.Document) -> list[tuple[str, str, str]]:
    """(label, old text, new text) of each entry under "Ändrad text"."""
    out = []
    for section in doc.sections:
        if section.kind != "andrad-text":
            continue
        for block in section.blocks:
            if isinstance(block, m.Paragraph):
                label, _, *rest = block.inlines
                out.append((m.plain_text((label,)), " ".join(_side(tuple(rest), m.Inserted).split()),
                            " ".join(_side(tuple(rest), m.Deleted).split())))
    return out


def _lines(doc: m.Document) -> list[str]:
    """The lines under "Kapitel och avsnitt"."""
    return [m.plain_text(item.blocks[0].inlines) for s in doc.sections
            if s.kind == "kapitel-och-avsnitt" for b in s.blocks if isinstance(b, m.BulletList)
            for item in b.items]


def _formats(root: Path, stem: str, year: int = 2025) -> dict[str, str]:
    """The text of the built report in each format (the web page without its hidden
    labels, which the PDF and DOCX do not show either)."""
    folder = root / "output" / str(year)
    page = (folder / f"{stem}.html").read_text(encoding="utf-8")
    page = re.sub(r'<span class="dold">[^<]*</span>', "", page.split("<body", 1)[1])
    html = re.sub(r"<[^>]+>", " ", page).replace("&nbsp;", " ").replace("&amp;", "&")
    docx = "\n".join(p.text for p in open_docx(str(folder / f"{stem}.docx")).paragraphs)
    docx += "\n".join(c.text for t in open_docx(str(folder / f"{stem}.docx")).tables
                      for row in t.rows for c in row.cells)
    return {"pdf": pdf_text(folder / f"{stem}.pdf"), "docx": docx, "html": html}


def _check_formats(root: Path, doc: m.Document, stem: str = BASE, year: int = 2025) -> None:
    """The summary line and every entry's text are in each format of the built report."""
    texts = _formats(root, stem, year)
    wanted = [_summary(doc)] + [m.plain_text(b.inlines) for s in doc.sections
                                if s.kind == "andrad-text" for b in s.blocks
                                if isinstance(b, m.Paragraph)] + _lines(doc)
    for name, text in texts.items():
        for line in wanted:
            assert squash(line) in squash(text), (name, line)


def _build_report(root: Path, *extra: str) -> None:
    assert build(root, "--year", "2025", "--jamfor", "HEAD", *extra) == 0


# ---- the fixture pairs --------------------------------------------------------------

def test_identical_versions_give_no_changes_in_every_format(tmp_path: Path) -> None:
    root = _base(tmp_path)
    doc = _report(root)
    commit = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=root, check=True,
                            capture_output=True, text=True).stdout.strip()
    old = f"Hälsingerådets handlingsplan 2025, versionen HEAD ({commit})"
    assert _summary(doc) == (f"Inga ändringar: Hälsingerådets handlingsplan 2025 och {old} "
                             "har samma innehåll.")
    assert dict(doc.document_block)["Jämfört med"] == old
    _build_report(root)
    texts = _formats(root, BASE)
    for name, text in texts.items():
        assert squash(_summary(doc)) in squash(text), name
        assert squash(f"Jämfört med {old}") in squash(text), name
        assert "((" not in text and "))" not in text, name


def test_reworded_paragraph(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _edit(root, "content/2025/mal.md", "effektiv samverkan och hållbar tillväxt.",
          "effektiv samverkan, trygg finansiering och hållbar tillväxt.")
    doc = _report(root)
    assert _summary(doc) == "1 stycke ändrat i kapitel 4."
    [(label, old, new)] = _entries(doc)
    assert label == "Ändrat:"
    assert old.endswith("Det handlar om effektiv samverkan och hållbar tillväxt.")
    assert new.endswith("Det handlar om effektiv samverkan, trygg finansiering och hållbar tillväxt.")
    assert _lines(doc) == []
    _build_report(root)
    _check_formats(root, doc)


def test_inserted_chapter_is_one_line_and_the_renumbering_another(tmp_path: Path) -> None:
    root = _base(tmp_path)
    (root / "content/2025/budget.md").write_text(
        "# Budget\n\nHälsingerådets budget för året.\n\n## Fördelning\n\nLika delar.\n",
        encoding="utf-8")
    _edit(root, "content/2025/plan.yaml", "  - mal.md\n", "  - budget.md\n  - mal.md\n")
    doc = _report(root)
    assert _summary(doc) == "Kapitel 4 nytt (Budget); kapitel 5–6 har nytt nummer."
    assert _lines(doc) == ["Kapitel 4 nytt (Budget)", "Kapitel 5–6 har nytt nummer"]
    assert _entries(doc) == []
    _build_report(root)
    _check_formats(root, doc)


def test_renumbering_alone_names_no_heading(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _edit(root, "content/2025/plan.yaml", "  - vision.md\n", "")
    doc = _report(root)
    assert _lines(doc) == ["Kapitlet 3 Hälsingerådets vision borttaget",
                           "Kapitel 3–4 har nytt nummer"]
    assert _summary(doc) == ("Kapitlet 3 Hälsingerådets vision borttaget; kapitel 3–4 har nytt "
                             "nummer.")


def test_table_with_a_changed_cell(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _edit(root, O, "| Bollnäs | 130 000 |", "| Bollnäs | 140 000 |")
    doc = _report(root)
    assert _summary(doc) == "1 stycke ändrat i kapitel 5."
    assert _entries(doc) == [("Ändrat:", "Bollnäs | 130 000", "Bollnäs | 140 000")]
    _build_report(root)
    _check_formats(root, doc)


def test_changed_footnote_text(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _edit(root, O, "styrelsen 2024.", "styrelsen 2024, § 12.")
    doc = _report(root)
    assert _summary(doc) == "1 stycke ändrat i kapitel 5."
    assert _entries(doc) == [("Ändrad fotnot:", "Enligt beslut i styrelsen 2024.",
                              "Enligt beslut i styrelsen 2024, § 12.")]
    _build_report(root)
    _check_formats(root, doc)


def test_activities_removed_reordered_reworded_split_and_changed_fields(tmp_path: Path) -> None:
    root = _base(tmp_path)
    text = (root / A).read_text(encoding="utf-8")
    first, second = (text.index("  - aktivitet: Delta i kommunikationschefernas"),
                     text.index("  # Rättelse: \"Varumärkes-skydda\""))
    third = text.index("  - aktivitet: Utveckla och förvalta material")
    text = text[:first] + text[second:third] + text[first:second] + text[third:]   # reordered
    (root / A).write_text(text, encoding="utf-8")
    _edit(root, A, "  - aktivitet: Samordna och utveckla arbetet inom ramen för Rådslaget\n"
                   "    mål: [varumarket]\n    ansvarig: Linda Beigler\n    slutdatum: löpande\n"
                   "    status:\n", "")                                           # removed
    _edit(root, A, "Planera och genomföra Hälsingegårdarnas dag",
          "Planera, marknadsföra och genomföra Hälsingegårdarnas dag")             # reworded
    _edit(root, A, "  - aktivitet: Utveckla och förvalta material kring Hälsinglands grafiska "
                   "profil\n", "  - aktivitet: Utveckla material kring Hälsinglands grafiska "
                   "profil\n    mål: [varumarket]\n    ansvarig: Linda Beigler\n"
                   "    slutdatum: löpande\n    status:\n"
                   "  - aktivitet: Förvalta material kring Hälsinglands grafiska profil\n")  # split
    _edit(root, A, "slutdatum: 2025-09-25/2025-09-27", "slutdatum: 2025-10-02/2025-10-04")
    _edit(root, A, "    slutdatum: 2025-05-17/2025-05-18\n    status:",
          "    slutdatum: 2025-05-17/2025-05-18\n    status: pågår")
    _edit(root, A, "Migrera www.halsingeradet.se till Sitevision.\n    mål: [paverkansarbete]",
          "Migrera www.halsingeradet.se till Sitevision.\n    mål: [varumarket]")
    doc = _report(root)
    assert _summary(doc) == ("1 ny aktivitet, 1 borttagen, 5 ändrade; aktiviteterna står i en "
                             "ny ordning.")
    table = {t.caption: t for t in doc.tables()}
    assert [m.plain_text(r[0]) for r in table["Nya aktiviteter"].rows] == [
        "Förvalta material kring Hälsinglands grafiska profil"]
    assert [m.plain_text(r[0]) for r in table["Borttagna aktiviteter"].rows] == [
        "Samordna och utveckla arbetet inom ramen för Rådslaget"]
    changed = [(m.plain_text(r[0]), m.plain_text(r[1]), _side(r[2], m.Inserted),
                _side(r[3], m.Deleted))
               for r in table["Ändrade uppgifter i aktiviteter, före och efter"].rows]
    assert changed == [
        ("Utveckla material kring Hälsinglands grafiska profil", "Aktivitet",
         "Utveckla och förvalta material kring Hälsinglands grafiska profil",
         "Utveckla material kring Hälsinglands grafiska profil"),
        ("Planera, marknadsföra och genomföra Hälsingegårdarnas dag", "Aktivitet",
         "Planera och genomföra Hälsingegårdarnas dag",
         "Planera, marknadsföra och genomföra Hälsingegårdarnas dag"),
        ("Samordna Hälsingland inför och genomför deltagandet i Vävmässan", "Slutdatum",
         "25–27 september", "2–4 oktober"),
        ("Samordna och delta i Hälsinglands medverkan i Outdoor-mässan i Stockholm.", "Status",
         "–", "pågår"),
        ("Migrera www.halsingeradet.se till Sitevision.", "Mål", "4.2.3 (paverkansarbete)",
         "4.2.1 (varumarket)"),
    ]
    _build_report(root)
    _check_formats(root, doc)
    texts = _formats(root, BASE)
    for name, text in texts.items():
        for row in changed:
            assert squash(" ".join(row[:2])) in squash(text), (name, row)


# ---- links from the summary to each change ------------------------------------------

def test_summary_links_reach_each_change_in_every_format(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _edit(root, "content/2025/mal.md", "effektiv samverkan och hållbar tillväxt.",
          "effektiv samverkan, trygg finansiering och hållbar tillväxt.")
    _edit(root, "content/2025/plan.yaml", "  - vision.md\n", "")
    _edit(root, A, "Planera och genomföra Hälsingegårdarnas dag",
          "Planera, marknadsföra och genomföra Hälsingegårdarnas dag")
    with (root / A).open("a", encoding="utf-8") as f:
        f.write("  - aktivitet: Ta fram en ny besöksstrategi för hela Hälsingland\n"
                "    mål: [varumarket]\n    ansvarig: Linda Beigler\n    slutdatum: 2025-12\n")
    doc = _report(root)
    links = [n.href[1:] for n in doc.sections[0].blocks[2].inlines if isinstance(n, m.Link)]
    assert links == ["nya-aktiviteter", "andrade-aktiviteter", "andring-borttaget-avsnitt-3",
                     "text-avsnitt-3", "andring-nya-nummer"]
    _build_report(root)
    folder = root / "output" / "2025"
    page = (folder / f"{BASE}.html").read_text(encoding="utf-8")
    summary = page.split('id="sammanfattning"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="#([^"]+)"', summary) == links, summary
    for anchor in links:
        assert f'id="{anchor}"' in page, anchor
    with zipfile.ZipFile(folder / f"{BASE}.docx") as z:
        body = z.read("word/document.xml").decode()
    marks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"', body))
    summary_xml = body.rsplit(">Sammanfattning<", 1)[1].split(">Ändrade aktiviteter<", 1)[0]
    assert re.findall(r'w:hyperlink w:anchor="([^"]+)"', summary_xml) == links
    assert set(links) <= marks
    with pikepdf.open(folder / f"{BASE}.pdf") as pdf:
        names = pdf.Root.Names.Dests
        dests = {str(k) for k in _name_tree(names)}
        page_links = []
        for pdf_page in pdf.pages:
            for annot in pdf_page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and action.get("/S") == "/GoTo":
                    page_links.append(str(action.D))
                elif "/Dest" in annot:
                    page_links.append(str(annot.Dest))
        for anchor in links:
            assert anchor in page_links and anchor in dests, anchor


def _name_tree(node: pikepdf.Object) -> list[str]:
    if "/Names" in node:
        return [node.Names[i] for i in range(0, len(node.Names), 2)]
    return [k for kid in node.get("/Kids", []) for k in _name_tree(kid)]


# ---- versions in a folder and in another year ---------------------------------------

def test_folder_comparison(tmp_path: Path) -> None:
    root = _base(tmp_path)
    shutil.copytree(root / "content/2025", root / "utkast/2025")
    _edit(root, "utkast/2025/mal.md", "effektiv samverkan och hållbar tillväxt.",
          "samverkan och tillväxt.")
    assert build(root, "--year", "2025", "--jamfor", "utkast/2025") == 0
    stem = "halsingeradets-handlingsplan-2025-andringar-mot-utkast-2025"
    texts = _formats(root, stem)
    for name, text in texts.items():
        assert squash("Jämfört med Hälsingerådets handlingsplan 2025, mappen utkast/2025") \
            in squash(text), name
        assert squash("1 stycke ändrat i kapitel 4.") in squash(text), name
    assert (root / "output/2025" /
            "halsingeradets-handlingsplan-2025-sparade-andringar-mot-utkast-2025.docx").is_file()


def test_another_year(tmp_path: Path) -> None:
    root = _base(tmp_path)
    assert build(root, "--year", "2025", "--nytt-ar") == 0
    _edit(root, "content/2026/organisation.md", "| Bollnäs | 130 000 |", "| Bollnäs | 150 000 |")
    _edit(root, "content/2026/aktiviteter.yaml", "slutdatum: 2025-05-25", "slutdatum: 2026-05-25")
    doc = _report(root, "2025", 2026)
    assert dict(doc.document_block)["Jämfört med"] == "Hälsingerådets handlingsplan 2025"
    summary = _summary(doc)
    # Carried activities keep their 2025 due dates: "25 maj" in 2025 is "25 maj 2025" in
    # the 2026 plan, the same day, so not a change; one moved to the same words a year on
    # is, and shows both years.
    assert summary.startswith("1 ändrad aktivitet; ny rubrik: Utvecklingskontorets "
                              "Aktivitetslista 2025 → Utvecklingskontorets Aktivitetslista 2026; ")
    table = {t.caption: t for t in doc.tables()}
    changed = [(m.plain_text(r[1]), _side(r[2], m.Inserted), _side(r[3], m.Deleted))
               for r in table["Ändrade uppgifter i aktiviteter, före och efter"].rows]
    assert changed == [("Slutdatum", "25 maj 2025", "25 maj 2026")]
    assert "1 stycke ändrat i kapitel 5" in summary
    assert ("Ändrat:", "Bollnäs | 130 000", "Bollnäs | 150 000") in _entries(doc)
    assert build(root, "--year", "2026", "--jamfor", "2025") == 0
    _check_formats(root, doc, "halsingeradets-handlingsplan-2026-andringar-mot-2025", 2026)


# ---- the labels of inserted and deleted text in the PDF -----------------------------

def _spans(element: pikepdf.Object, out: list[str]) -> list[str]:
    """The /ActualText of every structure element, in the tree's reading order."""
    if "/ActualText" in element:
        out.append(str(element.ActualText))
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary):
            _spans(kid, out)
    return out


def test_pdf_labels_are_read_not_drawn(tmp_path: Path) -> None:
    """pdftotext reads the page as it looks (old text, then new, no labels); the
    structure tree gives a screen reader each mark as a labelled /Span, old before new."""
    root = _base(tmp_path)
    _edit(root, A, "slutdatum: 2025-09-25/2025-09-27", "slutdatum: 2025-10-02/2025-10-04")
    _edit(root, "content/2025/mal.md", "effektiv samverkan och hållbar tillväxt.",
          "effektiv samverkan, trygg finansiering och hållbar tillväxt.")
    _build_report(root)
    pdf = root / "output/2025" / f"{BASE}.pdf"
    text = pdf_text(pdf)
    assert "infogat:" not in text and "borttaget:" not in text
    assert squash("Slutdatum 25–27 september 2–4 oktober") in squash(text)
    assert squash("effektiv samverkan, trygg finansiering och hållbar tillväxt.") in squash(text)
    with pikepdf.open(pdf) as document:
        labels = [t for t in _spans(document.Root.StructTreeRoot, [])
                  if t.startswith(("infogat:", "borttaget:"))]
    assert labels == ["borttaget: 25–27 september", "infogat: 2–4 oktober",
                      "infogat: , trygg finansiering"]
    page = (root / "output/2025" / f"{BASE}.html").read_text(encoding="utf-8")
    assert '<del><span class="dold">borttaget: </span>25' in page   # the web page: hidden span
    for profile in ("3a", "ua1"):
        report = validator.validate_pdf(str(pdf), profile=profile)
        assert [(f.rule_id, f.message) for f in report.failures] == [], profile


def test_a_moved_chapter_is_one_line_not_one_per_section_it_carries(tmp_path: Path) -> None:
    """Chapter 4 (with its sections) moved to second place: one "flyttat" line, for the
    chapter; its sections moved with it and keep their order, so they are not lines of
    their own, nor is the renumbering of every heading. A section then moved within its
    chapter is one line more."""
    root = _project(tmp_path)
    _edit(root, "content/2025/plan.yaml", "  - syfte.md\n  - vision.md\n  - mal.md\n",
          "  - mal.md\n  - syfte.md\n  - vision.md\n")
    summary = _summary(_report(root))
    assert re.findall(r"[^;,]*flyttat", summary) == ["Kapitel 2 flyttat"], summary
    assert "har nytt nummer" in summary and "avsnitt" not in summary, summary

    mal = root / "content" / "2025" / "mal.md"
    text = mal.read_text(encoding="utf-8")
    start = text.index("### Regionalt och nationellt påverkansarbete")
    section, rest = text[start:], text[:start]
    at = rest.index("### Delmål Varumärket Hälsingland")
    mal.write_text(rest[:at] + section.rstrip("\n") + "\n\n" + rest[at:], encoding="utf-8")
    summary = _summary(_report(root))
    assert len(re.findall(r"flyttat", summary)) == 2, summary


def test_a_picture_replaced_under_the_same_name_is_a_change(tmp_path: Path) -> None:
    """The map redrawn and saved over karta.png, alt text unchanged: the report says the
    picture was replaced, and the tracked DOCX deletes the old and inserts the new one
    (accepting gives the new picture). The same bytes again: no change."""
    from handlingsplan.documents.compare import tracked_document

    root = _project(tmp_path)
    karta = root / "content/2025/karta.png"
    karta.write_bytes(png((40, 90, 140)))
    with (root / "content/2025/vision.md").open("a", encoding="utf-8") as f:
        f.write("\n![Karta över Hälsingland](karta.png)\n")
    _commit(root)
    karta.write_bytes(png((40, 90, 140)))
    assert _summary(_report(root)).startswith("Inga ändringar")

    karta.write_bytes(png((160, 40, 30)))
    doc = _report(root)
    assert _entries(doc) == [("Ändrat:", "Bild: Karta över Hälsingland",
                              "Bild: Karta över Hälsingland – bilden är utbytt")], _entries(doc)
    old = load_version(root, 2025, "HEAD")
    tracked = tracked_document(old.plan, load_content(root, 2025)[0], "head")
    pictures = [b for s in tracked.sections for b in m.all_blocks(s.blocks)
                if isinstance(b, m.Image)]
    assert [p.revision for p in pictures] == ["del", "ins"]
    assert old.pictures[pictures[0].src] != karta.read_bytes()      # drawn from the old bytes
    assert pictures[1].src == "content/2025/karta.png"
