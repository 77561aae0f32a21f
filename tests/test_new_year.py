"""--nytt-ar: next year's plan started from this one, on the 2025 plan and on synthetic
projects (2031 -> 2032, 2026 -> 2027); the new year builds in every format, its warnings
are exactly its stale mentions and due dates (found here from the new files' own lines),
and its outputs carry none of the old plan's decision data."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from handlingsplan import model as m
from handlingsplan.sources import load_content

from .helpers import build, make_project, pdf_text, squash
from .synthetic import YEAR, write_synthetic_project


def comment_and_move(root: Path, year: int) -> None:
    """A kommentar over two lines on the first activity that is not finished, a
    nytt_slutdatum on the second, and an editor's comment line above the first."""
    path = root / "content" / str(year) / "aktiviteter.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out, done = [], 0
    for line in lines:
        if line.startswith("  - aktivitet:") and done == 0:
            out.append("  # Redaktionens anteckning.\n")
        out.append(line)
        if line.startswith("    slutdatum:") and done < 2:
            out.append(f"    nytt_slutdatum: {year}-12\n" if done else
                       "    kommentar: >\n      Flyttad till hösten,\n      lokalen var upptagen.\n")
            done += 1
    path.write_text("".join(out), encoding="utf-8")


def expected_warnings(folder: Path, old: int) -> Counter[tuple[str, int]]:
    """The warnings a new year's plan must give, read from its files as an editor would
    look for them: every due date that names the old year, and in the chapters (outside
    comments) every mention of the old year, by line."""
    expected: Counter[tuple[str, int]] = Counter()
    base = f"content/{old + 1}"
    for number, line in enumerate((folder / "aktiviteter.yaml").read_text("utf-8").splitlines(), 1):
        if line.strip().startswith("slutdatum:") and str(old) in line:
            expected[(f"{base}/aktiviteter.yaml", number)] += 1
    for chapter in sorted(folder.glob("*.md")):
        for number, line in enumerate(chapter.read_text("utf-8").splitlines(), 1):
            if not line.lstrip().startswith("<!--"):
                expected[(f"{base}/{chapter.name}", number)] += len(re.findall(rf"\b{old}\b", line))
    return +expected


@pytest.mark.parametrize("year", [2025, YEAR])
def test_next_year_is_started_from_this_one(tmp_path: Path, year: int,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path) if year == 2025 else write_synthetic_project(tmp_path)
    comment_and_move(root, year)
    old, _, _ = load_content(root, year)
    assert build(root, "--year", str(year), "--nytt-ar") == 0
    out = capsys.readouterr().out
    new_folder = root / "content" / str(year + 1)
    assert build(root, "--year", str(year + 1), "--check") == 0
    new, report, _ = load_content(root, year + 1)
    assert not report.errors
    assert Counter((p.loc.path, p.loc.line) for p in report.warnings) == expected_warnings(
        new_folder, year)
    meta = new.meta
    assert (meta.year, meta.status, meta.version) == (year + 1, m.PlanStatus.DRAFT, "0.1")
    assert (meta.decision_date, meta.paragraph, meta.registration_number, meta.date) == (None,) * 4
    number = old.meta.registration_number
    assert meta.replaces == old.meta.full_title + (f" (dnr {number})" if number else "")
    assert meta.title == old.meta.title.replace(str(year), str(year + 1))
    assert str(year + 1) in new.activities.title and str(year) not in new.activities.title
    if str(year) in old.activities.intro:
        assert f"under {year + 1}" in new.activities.intro or str(year + 1) in new.activities.intro
    finished = [a for a in old.activities.activities
                if a.status in (m.Status.DONE, m.Status.CANCELLED)]
    kept = [a for a in old.activities.activities if a not in finished]
    assert [a.text for a in new.activities.activities] == [a.text for a in kept]
    assert all(a.status is m.Status.NONE and not a.comment and a.new_due is None
               for a in new.activities.activities)
    assert [a.due for a in new.activities.activities] == [a.current_due for a in kept]
    for activity in finished:
        assert activity.text in out
    text = (new_folder / "aktiviteter.yaml").read_text(encoding="utf-8")
    assert "  # Redaktionens anteckning.\n" in text
    assert "kommentar" not in text and "Flyttad till hösten" not in text
    assert "nytt_slutdatum" not in text
    assert sorted(p.name for p in new_folder.iterdir()) == sorted(
        p.name for p in (root / "content" / str(year)).iterdir())   # chapters, pictures
    assert not list(new_folder.parent.glob(".nytt-*"))
    dated = [line for line in out.splitlines() if "ligger före" in line]
    assert sorted(int(line.split(":")[1]) for line in dated) == sorted(
        line for (path, line) in expected_warnings(new_folder, year) if path.endswith(".yaml"))


DECIDED = {"status": "fastställd", "beslutsdatum": "2025-02-14", "paragraf": "12",
           "diarienummer": "HR 2025/003", "datum": "2025-02-20", "version": '"1.0"'}


def decided_2025(root: Path) -> None:
    """The 2025 plan as the board approved it (decision data the new year must not carry),
    with mentions of 2025 in a chapter and an activity that the new year must flag."""
    folder = root / "content" / "2025"
    plan = folder / "plan.yaml"
    lines = [line for line in plan.read_text(encoding="utf-8").splitlines()
             if line.split(":")[0] not in DECIDED]
    plan.write_text("\n".join(lines + [f"{k}: {v}" for k, v in DECIDED.items()]) + "\n",
                    encoding="utf-8")
    chapter = folder / "organisation.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") +
                       "\nUnder 2025 ses organisationen över, sedan 2025 med stöd av rådet.\n",
                       encoding="utf-8")
    activities = folder / "aktiviteter.yaml"
    text = activities.read_text(encoding="utf-8")
    activities.write_text(text.replace("Etablera Projektutvecklarnätverk i Hälsingland",
                                       "Etablera Projektutvecklarnätverk i Hälsingland, start 2025-09"),
                          encoding="utf-8")
    set_status(activities, "Planera och genomföra Hälsingegårdarnas dag", "klar")
    set_status(activities, "Migrera www.halsingeradet.se till Sitevision.", "inställd")


def set_status(path: Path, activity: str, status: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith(activity))
    status_line = next(i for i in range(at, len(lines)) if lines[i].startswith("    status:"))
    lines[status_line] = f"    status: {status}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def output_texts(out: Path) -> dict[str, str]:
    """What a reader gets of each file: the PDF's text and metadata, the DOCX's parts
    (body, headers, footers, properties), the HTML page."""
    (pdf,) = out.glob("*.pdf")
    (docx,) = out.glob("*.docx")
    (html,) = out.glob("*.html")
    with pikepdf.open(pdf) as document:
        with document.open_metadata() as xmp:
            metadata = str(xmp)
        info = " ".join(str(v) for v in document.docinfo.values())
    with zipfile.ZipFile(docx) as package:
        parts = " ".join(package.read(n).decode("utf-8") for n in package.namelist()
                         if n.endswith(".xml"))
    return {"pdf": pdf_text(pdf) + metadata + info, "docx": parts,
            "html": html.read_text(encoding="utf-8") + lxml.html.fromstring(html.read_bytes()).text_content()}


def test_2026_from_the_approved_2025_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path)
    decided_2025(root)
    assert build(root, "--year", "2025", "--check", "--strict") == 0
    assert build(root, "--nytt-ar", "2026") == 0
    out = capsys.readouterr().out
    assert "Hälsingegårdarnas dag" in out and "Migrera www.halsingeradet.se" in out
    folder = root / "content" / "2026"
    assert build(root) == 0                       # the latest year, all formats; warnings only
    err = capsys.readouterr().err
    warned = Counter((line.split(":")[0], int(line.split(":")[1]))
                     for line in err.splitlines() if ": varning: " in line)
    expected = expected_warnings(folder, 2025)
    chapter_lines = [k for k in expected if k[0].endswith("organisation.md")]
    assert len(chapter_lines) == 1 and expected[chapter_lines[0]] == 2   # "sedan 2025" is not stale
    expected[chapter_lines[0]] = 1
    activity_line = next(i for i, line in enumerate(
        (folder / "aktiviteter.yaml").read_text("utf-8").splitlines(), 1) if "start 2025-09" in line)
    expected[("content/2026/aktiviteter.yaml", activity_line)] += 1
    assert warned == expected, err
    meta = load_content(root, 2026)[0].meta
    assert meta.replaces == "Hälsingerådets handlingsplan 2025 (dnr HR 2025/003)"
    texts = output_texts(root / "output" / "2026")
    for fmt, text in texts.items():
        flat = squash(text).replace(squash(meta.replaces), "")
        for value in ("2025-02-14", "14 februari 2025", "2025-02-20", "HR 2025/003", "Fastställd",
                      "FÖRSLAG", "Version1.0"):
            assert squash(value) not in flat, (fmt, value)
        assert "§12" not in flat.replace("\u00a0", ""), fmt
        assert "UTKAST" in text or "utkast" in text.lower(), fmt
        assert "Hälsingegårdarnas dag" not in text, fmt


def test_2027_from_a_synthetic_2026(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Another year: the chapters of a 2026 plan name 2026 as their own year ("Under 2026
    vill …"); in 2027 each is a warning at its line, and the plan builds."""
    root = write_synthetic_project(tmp_path, year=2026)
    assert build(root, "--nytt-ar", "2027") == 0
    folder = root / "content" / "2027"
    new, report, _ = load_content(root, 2027)
    expected = expected_warnings(folder, 2026)
    assert any(path.endswith(".md") for path, _ in expected)
    assert Counter((p.loc.path, p.loc.line) for p in report.warnings) == expected
    assert new.meta.replaces == "Hälsingerådets handlingsplan för besöksnäring 2026 (dnr HR 2026/017)"
    capsys.readouterr()
    assert build(root, "--year", "2027", "--format", "pdf,docx,html") == 0
    assert build(root, "--year", "2027", "--check", "--strict") == 1
    texts = output_texts(root / "output" / "2027")
    for text in texts.values():
        assert "HR 2026/017" not in text.replace(new.meta.replaces, "")
        assert "2026-01-20" not in text                   # the old plan's datum


@pytest.mark.parametrize("args, message", [
    (("--year", "2031", "--nytt-ar", "2033"), "med --year 2031 blir det --nytt-ar 2032"),
    (("--nytt-ar", "2040"), "content/2039 saknas"),
    (("--nytt-ar", "snart"), "--nytt-ar ska följas av ett årtal"),
])
def test_new_year_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               args: tuple[str, ...], message: str) -> None:
    root = write_synthetic_project(tmp_path)
    try:
        code = build(root, *args)
    except SystemExit as stop:           # argparse's own usage errors
        code = stop.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in (root / "content").iterdir()) == [str(YEAR)]


def test_an_existing_next_year_is_never_touched(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = write_synthetic_project(tmp_path)
    existing = root / "content" / str(YEAR + 1)
    existing.mkdir()
    (existing / "egen.md").write_text("# Egen\n", encoding="utf-8")
    assert build(root, "--year", str(YEAR), "--nytt-ar") == 2
    assert f"content/{YEAR + 1} finns redan" in capsys.readouterr().err
    assert [p.name for p in existing.iterdir()] == ["egen.md"]


def test_comments_and_layout_of_plan_yaml_are_kept(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    before = (root / "content" / "2025" / "plan.yaml").read_text(encoding="utf-8").splitlines()
    assert build(root, "--year", "2025", "--nytt-ar") == 0
    after = (root / "content" / "2026" / "plan.yaml").read_text(encoding="utf-8").splitlines()
    added = after.index('ersätter: "Hälsingerådets handlingsplan 2025"')
    assert after[added - 1] == "status: utkast"
    del after[added]
    changed = {(a, b) for a, b in zip(before, after) if a != b}
    assert len(before) == len(after)
    assert changed == {("år: 2025", "år: 2026"), ("status: förslag", "status: utkast"),
                       ('version: "1.0"', 'version: "0.1"')}


def test_write_folder_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from handlingsplan import outputs

    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        outputs.write_folder(tmp_path / "2032", {"plan.yaml": b"a", "bilder/karta.png": b"b"})
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(outputs.os, "fsync", os.fsync)
    target = outputs.write_folder(tmp_path / "2032", {"plan.yaml": b"a", "bilder/karta.png": b"b"})
    assert (target / "bilder" / "karta.png").read_bytes() == b"b"
    with pytest.raises(FileExistsError):
        outputs.write_folder(target, {"plan.yaml": b"c"})
    assert (target / "plan.yaml").read_bytes() == b"a"


def test_valid_for_and_replaces_move_on(tmp_path: Path) -> None:
    """gäller_för gets the new year; ersätter names the plan the new one replaces."""
    root = write_synthetic_project(tmp_path)
    plan = root / "content" / str(YEAR) / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8")
                    + f"gäller_för: 1 januari–31 december {YEAR}\n"
                    + f"ersätter: Hälsingerådets handlingsplan för besöksnäring {YEAR - 1}\n",
                    encoding="utf-8")
    old, _, _ = load_content(root, YEAR)
    assert build(root, "--year", str(YEAR), "--nytt-ar") == 0
    new, report, _ = load_content(root, YEAR + 1)
    assert not report.errors
    assert new.meta.valid_for == f"1 januari–31 december {YEAR + 1}"
    assert new.meta.replaces is not None and new.meta.replaces.startswith(old.meta.full_title)
