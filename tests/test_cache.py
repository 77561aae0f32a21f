"""The input-hash cache (commands/cache.py): an unchanged rebuild publishes the cached
bytes, which are those of a fresh build; a changed chapter is rendered again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handlingsplan.commands import cache

from .helpers import build, make_project, snapshot


def renders(entries: Path) -> list[Path]:
    """The cached renders, named by their keys (beside them: the verified fonts' digests,
    and which sources each published file was built from)."""
    return [p for p in entries.iterdir() if re.fullmatch(r"[0-9a-f]{64}", p.name)]


def fresh(project: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    with monkeypatch.context() as patch:
        patch.setenv(cache.ENV, "1")
        assert build(project, "--year", "2025") == 0
    return snapshot(project / "output" / "2025")


def test_a_cached_rebuild_is_a_fresh_build_and_a_changed_chapter_invalidates_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV, "0")
    project = make_project(tmp_path / "project")
    entries = project / "output" / ".cache"
    assert build(project, "--year", "2025") == 0
    assert len(renders(entries)) == 1
    calls: list[object] = []
    real = cache.pickle.loads
    monkeypatch.setattr(cache.pickle, "loads", lambda data: calls.append(1) or real(data))
    assert build(project, "--year", "2025") == 0
    assert calls, "the unchanged rebuild did not use the cache"
    cached = snapshot(project / "output" / "2025")
    assert cached == fresh(project, monkeypatch)

    vision = project / "content" / "2025" / "vision.md"
    vision.write_text(vision.read_text(encoding="utf-8").replace("kreativt", "nyskapande"),
                      encoding="utf-8")
    calls.clear()
    assert build(project, "--year", "2025") == 0
    assert not calls, "a changed chapter was served from the cache"
    changed = snapshot(project / "output" / "2025")
    assert all(changed[name] != cached[name] for name in cached)
    assert changed == fresh(project, monkeypatch)
    assert len(renders(entries)) == 2


def test_fonts_checked_by_an_earlier_build_are_not_parsed_again_but_changed_ones_are(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build in a fresh process need not parse the four fonts with fontTools again
    (≈ 0.2 s); the digests name the bytes, so a font replaced by a broken file is
    still reported."""
    import hashlib

    from handlingsplan.sources import brand

    monkeypatch.setenv(cache.ENV, "0")
    project = make_project(tmp_path / "project")
    fonts = sorted((project / "templates" / "fonts").glob("*.ttf"))
    parsed: list[bytes] = []
    real = brand._is_font.__wrapped__
    monkeypatch.setattr(brand, "_is_font", lambda data: parsed.append(data) or real(data))
    assert build(project, "--year", "2025") == 0
    assert len(parsed) == 4
    entry = project / "output" / ".cache" / cache.FONTS
    assert entry.read_text().split() == sorted(
        hashlib.sha256(p.read_bytes()).hexdigest() for p in fonts)

    parsed.clear()
    assert build(project, "--year", "2025") == 0
    assert parsed == []

    fonts[0].write_bytes(b"inte ett typsnitt" * 100)
    assert build(project, "--year", "2025") != 0
    assert parsed == [b"inte ett typsnitt" * 100]

    monkeypatch.setenv(cache.ENV, "1")           # cache off: every font is checked
    fonts[0].write_bytes(b"")
    parsed.clear()
    assert build(project, "--year", "2025") != 0
    assert len(parsed) == 4
