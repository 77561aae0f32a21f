"""Every file the build reads comes through one resolver (sources/project.py), which reads
only regular files inside content/<year>/ and templates/.

Each kind of file (plan.yaml, a chapter, the activity file, a picture, the brand file, a
template, a font, the logo, the name list) is led out of the project in each way (a ".."
path, an absolute path, a symlink, a symlinked folder) or replaced by something that is not
a regular file (a FIFO, a folder, a symlink loop): the build refuses it in Swedish at the
place that named the file, exits 1 and leaves output/ as it was. Nothing hangs.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from handlingsplan.diagnostics import Loc, Report
from handlingsplan.sources.project import Project

from .helpers import build, snapshot

C = "content/2025"
SECRET = "hemlig text utanför projektet"


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    (tmp_path / "utanfor").mkdir()
    (tmp_path / "utanfor" / "hemlig.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    (tmp_path / "utanfor" / "hemlig.png").write_bytes(
        (built_project / "templates" / "logo.png").read_bytes())
    return built_project


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a FIFO read would block forever)."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"the build did not finish within {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def refused(project: Path, capsys: pytest.CaptureFixture[str], place: str, *needles: str) -> str:
    """Build; assert exit 1, the message at `place`, no secret in the output, and output/
    untouched."""
    before = snapshot(project / "output" / "2025")
    with deadline(60):
        code = build(project, "--year", "2025")
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and SECRET not in err
    lines = [line for line in err.splitlines() if line.startswith(place)]
    assert lines, f"nothing reported at {place}:\n{err}"
    assert any(all(n in line for n in needles) for line in lines), err
    assert snapshot(project / "output" / "2025") == before
    return err


def edit(path: Path, old: str, new: str) -> int:
    """Replace old by new in the file; the 1-based line of the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


OUTSIDE = "ligger utanför projektets mappar content/2025/ och templates/"


# ---- names that lead out of the project -------------------------------------------------

def _outside(project: Path) -> Path:
    return project.parent / "utanfor"


@pytest.mark.parametrize("how", ["dotdot", "absolute"])
def test_a_chapter_named_outside_the_year_folder(project: Path, how: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    target = "../../../utanfor/hemlig.md" if how == "dotdot" else str(_outside(project) / "hemlig.md")
    line = edit(project / C / "plan.yaml", "  - inledning.md", f"  - {target}")
    refused(project, capsys, f"{C}/plan.yaml:{line}:", "ska vara en .md-fil i content/2025/")


@pytest.mark.parametrize("how", ["dotdot", "absolute"])
def test_a_picture_named_outside(project: Path, how: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = "../../../utanfor/hemlig.png" if how == "dotdot" else str(_outside(project) / "hemlig.png")
    chapter = project / C / "inledning.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + f"\n![Bild]({target})\n", encoding="utf-8")
    line = text.count("\n") + 2
    needle = OUTSIDE if how == "dotdot" else "måste vara en fil i content/2025/"
    refused(project, capsys, f"{C}/inledning.md:{line}:", needle)


@pytest.mark.parametrize("key", ["regular", "bold_italic", "licence", "png", "svg"])
def test_a_brand_file_named_outside(project: Path, key: str, capsys: pytest.CaptureFixture[str]) -> None:
    brand = project / "templates" / "brand.yaml"
    text = brand.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith(f"{key}:"))
    line = edit(brand, old, old.split(":")[0] + ": ../../utanfor/hemlig.png")
    refused(project, capsys, f"templates/brand.yaml:{line}:", OUTSIDE)


def test_an_activity_file_named_outside(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(project / C / "plan.yaml", "aktiviteter: aktiviteter.yaml",
                "aktiviteter: ../../../utanfor/hemlig.md")
    refused(project, capsys, f"{C}/plan.yaml:{line}:", "ska ligga i content/2025/")


# ---- symlinks ------------------------------------------------------------------------------

def _symlink(path: Path, target: Path) -> None:
    path.unlink()
    path.symlink_to(target)


def _plan_yaml_outside(project: Path) -> None:
    outside = _outside(project) / "plan.yaml"
    shutil.copy(project / C / "plan.yaml", outside)
    edit(outside, "titel: Hälsingerådets handlingsplan", f"titel: {SECRET}")
    _symlink(project / C / "plan.yaml", outside)


SYMLINKED: dict[str, tuple[Callable[[Path], None], str, tuple[str, ...]]] = {
    "plan.yaml": (_plan_yaml_outside, f"{C}/plan.yaml", (OUTSIDE,)),
    "chapter": (lambda p: _symlink(p / C / "syfte.md", _outside(p) / "hemlig.md"),
                f"{C}/plan.yaml:", (OUTSIDE, "syfte.md")),
    "activities": (lambda p: _symlink(p / C / "aktiviteter.yaml", _outside(p) / "hemlig.md"),
                   f"{C}/plan.yaml:", (OUTSIDE,)),
    "brand": (lambda p: _symlink(p / "templates" / "brand.yaml", _outside(p) / "hemlig.md"),
              "templates/brand.yaml", (OUTSIDE,)),
    "template": (lambda p: _symlink(p / "templates" / "plan.html.j2", _outside(p) / "hemlig.md"),
                 "templates/plan.html.j2", (OUTSIDE,)),
    "font": (lambda p: _symlink(p / "templates" / "fonts" / "NotoSans-Bold.ttf",
                                _outside(p) / "hemlig.png"),
             "templates/brand.yaml:", (OUTSIDE, "NotoSans-Bold.ttf")),
    "logo": (lambda p: _symlink(p / "templates" / "logo.png", _outside(p) / "hemlig.png"),
             "templates/brand.yaml:", (OUTSIDE, "logo.png")),
    "name list": (lambda p: _symlink(p / "templates" / "avstavning.txt", _outside(p) / "hemlig.md"),
                  "templates/avstavning.txt", (OUTSIDE,)),
}


@pytest.mark.parametrize("kind", SYMLINKED)
def test_a_symlink_out_of_the_project_is_refused(project: Path, kind: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    make, place, needles = SYMLINKED[kind]
    make(project)
    refused(project, capsys, place, *needles)


def test_a_symlinked_year_folder_is_outside(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = _outside(project) / "2025"
    shutil.move(project / C, elsewhere)
    (project / C).symlink_to(elsewhere, target_is_directory=True)
    refused(project, capsys, f"{C}/plan.yaml", OUTSIDE)


def test_a_symlinked_content_folder_is_outside(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = _outside(project) / "content"
    shutil.move(project / "content", elsewhere)
    (project / "content").symlink_to(elsewhere, target_is_directory=True)
    refused(project, capsys, f"{C}/plan.yaml", OUTSIDE)


def test_a_symlinked_templates_folder_is_outside(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = _outside(project) / "templates"
    shutil.move(project / "templates", elsewhere)
    (project / "templates").symlink_to(elsewhere, target_is_directory=True)
    refused(project, capsys, "templates/brand.yaml", OUTSIDE)


def test_a_symlink_inside_the_project_is_followed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A picture may be a link to the same picture elsewhere in the project."""
    (project / C / "logga.png").symlink_to(project / "templates" / "logo.png")
    chapter = project / C / "inledning.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n![Logotypen](logga.png)\n",
                       encoding="utf-8")
    assert build(project, "--year", "2025", "--format", "html") == 0, capsys.readouterr().err


# ---- things that are not regular files -------------------------------------------------------

def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _loop(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.name)


NOT_FILES = {"fifo": (_fifo, "ingen vanlig fil"), "folder": (_folder, "är en mapp"),
             "loop": (_loop, "i en slinga")}


@pytest.mark.parametrize("kind", NOT_FILES)
@pytest.mark.parametrize("file,place", [
    ("aktiviteter.yaml", f"{C}/plan.yaml:"),
    ("vision.md", f"{C}/plan.yaml:"),
    ("plan.yaml", f"{C}/plan.yaml"),
])
def test_content_that_is_not_a_regular_file(project: Path, kind: str, file: str, place: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    make, needle = NOT_FILES[kind]
    make(project / C / file)
    if kind == "folder" and file == "plan.yaml":
        needle = "är en mapp"
    refused(project, capsys, place, needle)


@pytest.mark.parametrize("kind", NOT_FILES)
def test_a_template_that_is_not_a_regular_file(project: Path, kind: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    make, needle = NOT_FILES[kind]
    make(project / "templates" / "fonts" / "NotoSans-Italic.ttf")
    refused(project, capsys, "templates/brand.yaml:", needle)


# ---- the resolver itself ----------------------------------------------------------------------

def test_the_resolver_reads_each_file_once_and_keys_it_by_project_path(project: Path) -> None:
    resolver = Project(project, 2025)
    report = Report()
    path = project / C / "vision.md"
    first = resolver.read(path, Loc("x"), report)
    path.write_text("# Ändrad\n", encoding="utf-8")
    assert resolver.read(path, Loc("x"), report) == first, "the first read is what every stage sees"
    assert list(resolver.files()) == [f"{C}/vision.md"] and not report.problems


def test_the_resolver_refuses_a_device(project: Path) -> None:
    link = project / C / "enhet.md"
    link.symlink_to("/dev/zero")
    report = Report()
    assert Project(project, 2025).read(link, Loc("x", 3), report) is None
    assert [str(p) for p in report.problems] == [f"x:3: fel: filen '{C}/enhet.md' {OUTSIDE} och får inte läsas"]
