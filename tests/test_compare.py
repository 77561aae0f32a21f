"""The change report (--jamfor) and the plan's DOCX with Word tracked changes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from handlingsplan import model as m
from handlingsplan.documents.compare import (compare_activities, compare_document,
                                             tracked_document)
from handlingsplan.sources import load_content, load_sources
from handlingsplan.sources.versions import load_version
from handlingsplan.writers import Assets, writer

from .helpers import build

ROOT = Path(__file__).resolve().parent.parent
A = "content/2025/aktiviteter.yaml"


def _project(tmp: Path) -> Path:
    root = tmp / "p"
    root.mkdir()
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "templates", root / "templates")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a"],
                   cwd=root, check=True)
    return root


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edits(root: Path) -> None:
    _edit(root, A, "Planera och genomföra Hälsingegårdarnas dag",
          "Planera, marknadsföra och genomföra Hälsingegårdarnas dag")
    _edit(root, A, "slutdatum: 2025-05-25\n", "slutdatum: 2025-06-01\n")
    _edit(root, "content/2025/mal.md", "effektiv samverkan och hållbar tillväxt.",
          "effektiv samverkan, trygg finansiering och hållbar tillväxt.")
    with (root / A).open("a", encoding="utf-8") as f:
        f.write("  - aktivitet: Ta fram en ny besöksstrategi för hela Hälsingland\n"
                "    mål: [varumarket]\n    ansvarig: Linda Beigler\n    slutdatum: 2025-12\n")


def _texts(doc: m.Document) -> str:
    return " ".join(m.plain_text(n.children) if isinstance(n, (m.Inserted, m.Deleted)) else ""
                    for s in doc.sections for b in s.blocks for n in m.inline_nodes(b))


def test_identical_versions_say_no_changes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    plan = load_content(root, 2025)[0]
    old = load_version(root, 2025, "HEAD")
    doc = compare_document(old.plan, plan, old.label, old.file_part)
    text = " ".join(m.plain_text(b.inlines) for s in doc.sections for b in s.blocks
                    if isinstance(b, m.Paragraph))
    assert "Inga ändringar" in text
    assert len(doc.sections) == 1


def test_report_lists_exactly_the_edits(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _edits(root)
    plan = load_content(root, 2025)[0]
    old = load_version(root, 2025, "HEAD")
    changes = compare_activities(old.plan, plan)
    assert [a.text for a in changes.added] == ["Ta fram en ny besöksstrategi för hela Hälsingland"]
    assert changes.removed == []
    assert [(a.text, names) for _, a, names in changes.changed] == [
        ("Planera, marknadsföra och genomföra Hälsingegårdarnas dag", ["text", "due"])]
    doc = compare_document(old.plan, plan, old.label, old.file_part)
    summary = m.plain_text(doc.sections[0].blocks[2].inlines)
    assert summary == "1 ny aktivitet, 1 ändrad; 1 stycke ändrat i kapitel 4."
    marked = _texts(doc)
    assert "trygg finansiering" in marked and "marknadsföra" in marked


def test_reordered_reworded_split_activities(tmp_path: Path) -> None:
    root = _project(tmp_path)
    old = load_content(root, 2025)[0]
    acts = list(old.activities.activities)
    import dataclasses
    reworded = dataclasses.replace(acts[4], text=acts[4].text + " i maj")
    split = dataclasses.replace(acts[2], text="Förvalta material kring Hälsinglands profil")
    new_list = [acts[1], acts[0], reworded, *acts[5:], acts[2], split]
    new = dataclasses.replace(old, activities=dataclasses.replace(
        old.activities, activities=tuple(new_list)))
    new_list.remove(acts[2])
    changes = compare_activities(old, new)
    assert changes.reordered
    assert [a.text for a in changes.added] == [split.text]
    assert [a.text for a in changes.removed] == [acts[3].text]
    assert [(b.text, n) for _, b, n in changes.changed] == [(reworded.text, ["text"])]


def test_activity_id_must_be_unique_and_a_key(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _edit(root, A, "  - aktivitet: Delta", "  - id: Nätverk\n    aktivitet: Delta")
    assert build(root, "--year", "2025", "--check") == 1


@pytest.mark.skipif(not Path("/usr/lib/python3/dist-packages/uno.py").exists(),
                    reason="python3-uno saknas (scripts/system-deps.sh test)")
def test_tracked_docx_accept_and_reject_in_libreoffice(tmp_path: Path) -> None:
    root = _project(tmp_path)
    old_sources = load_sources(root, 2025)
    _edits(root)
    sources = load_sources(root, 2025)
    old = load_version(root, 2025, "HEAD")
    tracked = tracked_document(old.plan, sources.plan, old.file_part)
    from handlingsplan.documents.plan import plan_document
    docx = writer("docx")
    files = {}
    for name, doc, src in (("tracked", tracked, sources), ("new", plan_document(sources.plan), sources),
                           ("old", plan_document(old_sources.plan), old_sources)):
        data = next(iter(docx(doc, Assets(src.brand, src.project.files())).files.values()))
        files[name] = tmp_path / f"{name}.docx"
        files[name].write_bytes(data)

    def text(action: str, name: str) -> str:
        out = tmp_path / f"{name}-{action}.txt"
        subprocess.run(["/usr/bin/python3", str(ROOT / "tests" / "uno_review.py"), action,
                        str(files[name]), str(out), str(tmp_path / "profile")], check=True,
                       timeout=180, capture_output=True)
        return out.read_text(encoding="utf-8")

    accepted, rejected = text("accept", "tracked"), text("reject", "tracked")
    assert accepted != rejected
    assert accepted == text("accept", "new")      # the whole text, title page to the end
    assert rejected == text("accept", "old")
