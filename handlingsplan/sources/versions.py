"""An earlier version of a plan, for `--jamfor`: another year's folder, a folder inside the
project, or the same year as it was in an earlier git commit.

Each is read through the sources stage like the plan itself (load.load_plan), with a
resolver that behaves like project.Project:

- another year (`--jamfor 2025`): that year's own Project, content/2025/;
- a folder (`--jamfor utkast/2026`): a Project whose content folder is that folder; it must
  lie inside the project (resolved, symlinks followed) and is read with the same
  confinement rules; its plan.yaml carries the year being built;
- a git revision (`--jamfor HEAD~3`, a tag, a hash): `GitProject`, which serves the bytes
  of content/<year>/ and templates/ as they were in that commit, through `git ls-tree` and
  `git cat-file` in a subprocess. Nothing is checked out and nothing is written; paths
  outside those two folders, symlinks and submodules in the commit are refused.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import model as m
from ..diagnostics import Loc, Report, UsageError
from .load import PLAN_FILE, load_plan, open_project
from .project import MAX_FILE_BYTES, TEMPLATES, Project

_YEAR = re.compile(r"[0-9]{4}")
_REVISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/~^@{}-]{0,199}")


@dataclass(frozen=True)
class Version:
    """The earlier version: its plan, how the report names it ("2025", "versionen
    3f2a1c9", "mappen utkast/2026") and the part of a file name that says so."""

    plan: m.Plan
    label: str
    file_part: str
    # the bytes of the version's pictures, by its own keys (a picture removed since then
    # is still drawn, as deleted, in the tracked DOCX)
    pictures: dict[str, bytes] = field(default_factory=dict)


class FolderProject(Project):
    """A plan in a folder inside the project, read with Project's confinement rules (the
    folder takes the place of content/<year>/)."""

    def __init__(self, root: Path, year: int, folder: Path):
        super().__init__(root, year)
        self.content = Path(os.path.realpath(folder))

    @property
    def content_name(self) -> str:
        return f"{self.rel(self.content)}/"


class GitProject(Project):
    """content/<year>/ and templates/ as they were in one commit: read-only, through git."""

    def __init__(self, root: Path, year: int, commit: str, shown: str):
        super().__init__(root, year)
        self.commit = commit
        self.shown = shown

    def rel(self, path: Path) -> str:
        return f"{self.shown}:{self._path(path)}"

    def _path(self, path: Path) -> str:
        absolute = Path(os.path.normpath(os.path.abspath(path)))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return absolute.as_posix()

    def _allowed(self, rel: str) -> bool:
        parts = PurePosixPath(rel).parts
        return (len(parts) >= 3 and parts[:2] == ("content", str(self.year))
                or len(parts) >= 2 and parts[0] == TEMPLATES) and ".." not in parts

    def _entry(self, rel: str) -> tuple[str, str, str] | None:
        """(mode, type, object) of a path in the commit, None when it is not there."""
        out = _git(self.root, "ls-tree", "-z", "--full-tree", self.commit, "--", rel)
        line = out.split(b"\0", 1)[0].decode("utf-8", "replace")
        if not line:
            return None
        meta, _, _ = line.partition("\t")
        mode, kind, obj = meta.split()
        return mode, kind, obj

    def present(self, path: Path) -> bool:
        rel = self._path(path)
        return self._allowed(rel) and self._entry(rel) is not None

    def names(self, folder: Path, pattern: str) -> list[Path]:
        rel = self._path(folder)
        if not self._allowed(rel + "/x"):
            return []
        out = _git(self.root, "ls-tree", "-z", "--name-only", "--full-tree", self.commit,
                   "--", rel + "/")
        names = [PurePosixPath(n.decode("utf-8", "replace")).name
                 for n in out.split(b"\0") if n]
        return [folder / n for n in sorted(names) if fnmatch.fnmatchcase(n, pattern)]

    def read(self, path: Path, where: Loc, report: Report, *, what: str = "filen",
             shown: str | None = None) -> bytes | None:
        rel = self._path(path)
        name = shown or self.rel(path)
        if not self._allowed(rel):
            report.error(where, f"{what} '{name}' ligger utanför projektets mappar "
                                f"{self.content_name} och {TEMPLATES}/ och får inte läsas")
            return None
        key = self.rel(path)
        if key in self._files:
            return self._files[key]
        entry = self._entry(rel)
        if entry is None:
            report.error(where, f"{what} '{name}' finns inte i versionen {self.shown}")
            return None
        mode, kind, obj = entry
        if kind != "blob" or mode == "120000":
            why = "en symbolisk länk" if mode == "120000" else "ingen vanlig fil"
            report.error(where, f"'{name}' är {why} i versionen {self.shown}: ange en vanlig fil")
            return None
        size = int(_git(self.root, "cat-file", "-s", obj).strip() or 0)
        if size > MAX_FILE_BYTES:
            report.error(where, f"{what} '{name}' är för stor (högst {MAX_FILE_BYTES // 2**20} MB)")
            return None
        data = _git(self.root, "cat-file", "blob", obj)
        self._files[key] = data
        return data

    def key(self, path: Path) -> str:
        return self.rel(path)


def _git(root: Path, *args: str) -> bytes:
    """git's output; UsageError (Swedish) when git is missing or refuses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_OPTIONAL_LOCKS"] = "0"     # read-only: not even the index is refreshed
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              env=env, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--jamfor: git kunde inte köras ({exc})") from None
    if done.returncode != 0:
        raise UsageError("--jamfor: git: " + done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def resolve_commit(root: Path, revision: str) -> str | None:
    """The commit a revision names, or None when it names none."""
    if not _REVISION.fullmatch(revision) or ".." in revision:
        return None
    try:
        out = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{revision}^{{commit}}")
    except UsageError:
        return None
    return out.decode().strip() or None


def open_version(root: Path, year: int, spec: str) -> tuple[Project, str, str]:
    """The resolver of the version `spec` names, its label and its file-name part."""
    spec = spec.strip()
    if _YEAR.fullmatch(spec) and (root / "content" / spec).is_dir():
        return open_project(root, int(spec)), spec, spec
    folder = root / spec
    if spec and not os.path.isabs(spec) and folder.is_dir():
        real = Path(os.path.realpath(folder))
        if not real.is_relative_to(root) or real == root:
            raise UsageError(f"--jamfor: mappen '{spec}' ligger utanför projektet")
        if not (real / PLAN_FILE).is_file():
            raise UsageError(f"--jamfor: mappen '{spec}' har ingen {PLAN_FILE}")
        rel = real.relative_to(root).as_posix()
        return FolderProject(root, year, real), f"mappen {rel}", _file_part(rel)
    commit = resolve_commit(root, spec)
    if commit is None:
        raise UsageError(f"--jamfor: '{spec}' är varken ett år i content/, en mapp i projektet "
                         "eller en version i git (t.ex. 2025, HEAD~1 eller en tagg)")
    short = commit[:7]
    project = GitProject(root, year, commit, short)
    if not project.present(project.content / PLAN_FILE):
        raise UsageError(f"--jamfor: versionen {spec} ({short}) har ingen "
                         f"content/{year}/{PLAN_FILE}")
    shown = spec if spec == short else f"{spec} ({short})"
    return project, f"versionen {shown}", _file_part(spec if _REVISION.fullmatch(spec) else short)


def _file_part(text: str) -> str:
    part = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return part[:30].strip("-") or "version"


def load_version(root: Path, year: int, spec: str) -> Version:
    """The earlier version's plan, loaded and checked like the plan itself (its errors
    raise ContentError, at its own file names)."""
    project, label, part = open_version(Path(os.path.realpath(root)), year, spec)
    plan, _ = load_plan(project)
    files = project.files()
    keys = {b.src for chapter in plan.chapters for b in m.all_blocks(chapter.blocks)
            if isinstance(b, m.Image)}
    return Version(plan, label, part, {key: files[key] for key in sorted(keys) if key in files})

