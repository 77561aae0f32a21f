"""Never a broken output: a failing writer, an internal error or Ctrl-C in the middle of a
build leaves output/<year>/ exactly as the last good build left it."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handlingsplan.writers import docx as docx_writer

from .helpers import ROOT, build, snapshot


def staging_removed(project: Path) -> bool:
    """No folder in output/.sets/ but complete sets (SHA256SUMS is written last)."""
    sets = project / "output" / ".sets"
    return all((p / "SHA256SUMS").is_file() for p in sets.iterdir() if p.is_dir())


@pytest.fixture
def project(built_project: Path) -> Path:
    """The built project with one word changed, so a completed build changes every file."""
    copy = built_project
    vision = copy / "content" / "2025" / "vision.md"
    vision.write_text(vision.read_text(encoding="utf-8").replace("kreativt", "nyskapande"),
                      encoding="utf-8")
    return copy


@pytest.mark.parametrize("parallel", ["0", "1"], ids=["sequential", "forked"])
def test_a_writer_crash_after_the_pdf_leaves_every_output(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str],
                                                          parallel: str) -> None:
    # "1": the DOCX writer runs in the forked child (commands/render.py), which inherits
    # the monkeypatched function and sends its exception back to the build.
    monkeypatch.setenv("HANDLINGSPLAN_PARALLEL", parallel)
    before = snapshot(project / "output" / "2025")

    def broken(*args: object) -> None:
        raise RuntimeError("simulated bug in the DOCX writer")

    monkeypatch.setattr(docx_writer, "render", broken)
    assert build(project, "--year", "2025") == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, "one line for the editor"
    assert err.startswith("internt fel i byggprogrammet") and "output/bygglogg.txt" in err
    assert "simulated bug" in (project / "output" / "bygglogg.txt").read_text(encoding="utf-8")
    assert snapshot(project / "output" / "2025") == before
    assert staging_removed(project)


LATE = "avbrottet kom medan de nya filerna lades på plats; bygget gjordes klart först"


def test_ctrl_c_during_the_build_leaves_old_or_new_files_never_a_mix(project: Path) -> None:
    out = project / "output" / "2025"
    vision = project / "content" / "2025" / "vision.md"
    text = vision.read_text(encoding="utf-8")
    before = snapshot(out)
    kept = 0
    for run, delay in enumerate((0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 2.7)):
        # New words each run, so that a finished build changes every file.
        vision.write_text(text.replace("nyskapande", f"nyskapande{run}"), encoding="utf-8")
        child = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(project),
                                  "--year", "2025"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=120)
        message = err.decode().strip()
        after = snapshot(out)
        assert staging_removed(project)
        if child.returncode == 130:
            kept += 1
            assert message == "avbrutet: inga filer i output/ ändrades" and after == before
            continue
        # The build got to publishing and finished it: exit code 0 (not the signal's, even
        # when it came as Python was ending), every file is new, SHA256SUMS describes
        # exactly these files.
        assert child.returncode == 0, message
        assert message in ("", LATE), message
        assert set(after) == set(before) and all(after[n] != before[n] for n in before)
        sums = dict(reversed(line.split("  ")) for line in after["SHA256SUMS"].decode().splitlines())
        assert sums == {n: hashlib.sha256(b).hexdigest() for n, b in after.items() if n != "SHA256SUMS"}
        before = after
    assert kept, "no run was interrupted before publishing: the test proved nothing"


def _ctrl_c() -> None:
    """Ctrl-C to this process, handled here (Python runs the handler between calls)."""
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(1000):
        time.sleep(0)


class _Finalized:
    """An object whose __del__ gets the Ctrl-C, as WeasyPrint's FontConfiguration did:
    Python drops an exception raised there, and the build went on and published."""

    def __del__(self) -> None:
        _ctrl_c()


def _stopped_in_del(render):  # type: ignore[no-untyped-def]
    def writer(*args: object) -> object:
        _Finalized()
        return render(*args)
    return writer


def _stop_turned_into_an_error(render):  # type: ignore[no-untyped-def]
    def writer(*args: object) -> object:
        try:
            _ctrl_c()
        except KeyboardInterrupt as exc:   # as a library that wraps every exception
            raise RuntimeError("wrapped") from exc
        return render(*args)
    return writer


@pytest.mark.parametrize("wrap", [_stopped_in_del, _stop_turned_into_an_error],
                         ids=["dropped-in-del", "turned-into-an-error"])
def test_a_ctrl_c_that_a_library_swallows_still_stops_the_build(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        wrap) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HANDLINGSPLAN_PARALLEL", "0")
    before = snapshot(project / "output" / "2025")
    monkeypatch.setattr(docx_writer, "render", wrap(docx_writer.render))
    assert build(project, "--year", "2025") == 130
    assert capsys.readouterr().err.strip() == "avbrutet: inga filer i output/ ändrades"
    assert snapshot(project / "output" / "2025") == before
    assert staging_removed(project)
    assert not (project / "output" / "bygglogg.txt").exists()
