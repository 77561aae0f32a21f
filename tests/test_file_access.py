"""Only two modules touch the project's files: the resolver (sources/project.py) reads,
outputs.py writes. Checked with an audit hook (PEP 578) that sees every open() and
os.open() of the process during a whole build, and during each writer on its own."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import handlingsplan
from handlingsplan.documents.plan import plan_document
from handlingsplan.sources import load_sources
from handlingsplan.writers import FORMATS, Assets, writer

from .helpers import build, make_project

PACKAGE = Path(handlingsplan.__file__).resolve().parent
READER = PACKAGE / "sources" / "project.py"
WRITER = PACKAGE / "outputs.py"
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

_watch: dict[str, object] = {"root": None, "opened": []}


def _hook(event: str, args: tuple) -> None:  # type: ignore[type-arg]
    root = _watch["root"]
    if event != "open" or root is None or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.path.realpath(os.fsdecode(args[0]))
    if not path.startswith(str(root) + os.sep):
        return
    mode, flags = args[1], args[2]
    writing = bool(set(mode or "") & set("wax+")) or bool((flags or 0) & _WRITE_FLAGS)
    frame, caller = sys._getframe(1), None
    while frame is not None:
        name = Path(frame.f_code.co_filename)
        if name.is_relative_to(PACKAGE):
            caller = name
            break
        frame = frame.f_back
    opened = _watch["opened"]
    assert isinstance(opened, list)
    opened.append((Path(path).relative_to(root).as_posix(), writing, caller))


sys.addaudithook(_hook)   # hooks cannot be removed: it records only inside watching()


@contextmanager
def watching(root: Path) -> Iterator[list[tuple[str, bool, Path | None]]]:
    opened: list[tuple[str, bool, Path | None]] = []
    _watch.update(root=Path(os.path.realpath(root)), opened=opened)
    try:
        yield opened
    finally:
        _watch.update(root=None, opened=[])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def test_a_build_reads_only_through_the_resolver_and_writes_only_through_outputs(project: Path) -> None:
    with watching(project) as opened:
        assert build(project, "--year", "2025") == 0
    reads = {path for path, writing, caller in opened if not writing}
    assert {"content/2025/plan.yaml", "content/2025/aktiviteter.yaml", "templates/brand.yaml",
            "templates/plan.html.j2", "templates/fonts/NotoSans-Regular.ttf",
            "templates/logo.png", "templates/avstavning.txt"} <= reads
    wrong = [(path, writing, caller) for path, writing, caller in opened
             if caller != (WRITER if writing or path == "output" or path.startswith("output/")
                           else READER)]
    assert not wrong, f"opened elsewhere than the resolver or outputs.py: {wrong}"
    assert any(writing for _, writing, _ in opened), "the build wrote nothing: the test proved nothing"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_writer_opens_no_project_file(project: Path, fmt: str) -> None:
    sources = load_sources(project, 2025)
    document = plan_document(sources.plan, sources.name_hyphenation)
    assets = Assets(sources.brand, sources.project.files())
    render = writer(fmt)
    with watching(project) as opened:
        rendered = render(document, assets)
    assert rendered.files and all(rendered.files.values())
    assert opened == [], f"the {fmt} writer opened project files itself"


def test_each_file_is_read_once(project: Path) -> None:
    with watching(project) as opened:
        load_sources(project, 2025)
    reads = [path for path, writing, _ in opened if not writing]
    assert reads and len(reads) == len(set(reads)), sorted(reads)
