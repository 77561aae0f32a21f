"""--nytt-ar: next year's plan started from this one, on the 2025 plan and on the synthetic
project; the new folder must build with --check --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlingsplan import model as m
from handlingsplan.sources import load_content

from .helpers import build, make_project
from .synthetic import YEAR, write_synthetic_project


def comment_and_move(root: Path, year: int) -> None:
    """A kommentar on the first activity that is not finished, a nytt_slutdatum on the
    second, and an editor's comment line above the first."""
    path = root / "content" / str(year) / "aktiviteter.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out, done = [], 0
    for line in lines:
        if line.startswith("  - aktivitet:") and done == 0:
            out.append("  # Redaktionens anteckning.\n")
        out.append(line)
        if line.startswith("    slutdatum:") and done < 2:
            out.append(f"    nytt_slutdatum: {year}-12\n" if done else
                       "    kommentar: Flyttad till hösten.\n")
            done += 1
    path.write_text("".join(out), encoding="utf-8")


@pytest.mark.parametrize("year", [2025, YEAR])
def test_next_year_is_started_and_builds_strictly(tmp_path: Path, year: int,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path) if year == 2025 else write_synthetic_project(tmp_path)
    comment_and_move(root, year)
    old, _, _ = load_content(root, year)
    assert build(root, "--year", str(year), "--nytt-ar") == 0
    out = capsys.readouterr().out
    new_folder = root / "content" / str(year + 1)
    assert build(root, "--year", str(year + 1), "--check", "--strict") == 0, capsys.readouterr().err
    new, report, _ = load_content(root, year + 1)
    assert not report.problems
    meta = new.meta
    assert (meta.year, meta.status, meta.version) == (year + 1, m.PlanStatus.DRAFT, "0.1")
    assert (meta.decision_date, meta.paragraph, meta.registration_number, meta.date) == (None,) * 4
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
    for activity in finished:
        assert activity.text in out
    text = (new_folder / "aktiviteter.yaml").read_text(encoding="utf-8")
    assert "  # Redaktionens anteckning.\n" in text
    assert f"# kommentar {year}: Flyttad till hösten." in text
    assert sorted(p.name for p in new_folder.iterdir()) == sorted(
        p.name for p in (root / "content" / str(year)).iterdir())   # chapters, pictures
    assert not list(new_folder.parent.glob(".nytt-*"))


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
    assert not report.problems
    assert new.meta.valid_for == f"1 januari–31 december {YEAR + 1}"
    assert new.meta.replaces == old.meta.full_title
