"""The one way the build reads a file: resolved, confined to the project, read once.

Every byte the build reads (plan.yaml, the chapters, the activity file, pictures, the brand
file, templates and CSS, fonts, the logo, the list of name hyphenations) comes through
`Project.read`. A path is accepted only when, with ".." and symlinks resolved, it names a
regular file inside the project's content/<year>/ or templates/ folder; those folders are
taken where they lie in the project, so a content/ or content/<year>/ that is itself a
symlink to elsewhere is outside. FIFOs, devices, folders and symlink loops are refused
without being opened for long (a FIFO is opened non-blocking and checked with fstat).
A refusal is reported in Swedish at the place that named the file; the build then stops
with exit 1 before any output is touched.

What was read is kept by its project-relative path: `Project.files()` hands the same bytes
to every writer, which never open a file themselves.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from ..diagnostics import Loc, Report

MAX_FILE_BYTES = 64 * 1024 * 1024   # no content, font or picture of a plan comes near this
TEMPLATES = "templates"


def open_flags() -> int:
    """Read-only, plus what the platform has: O_NONBLOCK (a FIFO does not hang the open),
    O_NOFOLLOW and O_CLOEXEC are POSIX-only; O_BINARY is Windows-only (without it the C
    runtime would turn CRLF into LF). The path is resolved and checked before the open, so
    on Windows the missing flags only drop a second line of defence."""
    flags = os.O_RDONLY
    for name in ("O_NONBLOCK", "O_NOFOLLOW", "O_CLOEXEC", "O_BINARY"):
        flags |= getattr(os, name, 0)
    return flags


OPEN_FLAGS = open_flags()


_ERRNO_REASONS = {
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp",
    errno.EISDIR: "är en mapp",
    errno.EIO: "läsfel på disken",
}


def _reason(exc: OSError) -> str:
    """Why a file cannot be read, in Swedish (strerror is in the system's language)."""
    return f"kan inte läsas ({_ERRNO_REASONS.get(exc.errno or 0, 'felkod ' + str(exc.errno))})"


class Project:
    """The project folder of one build: which files it may read, and what it has read."""

    def __init__(self, root: Path, year: int):
        self.root = Path(os.path.realpath(root))
        self.year = year
        self.content = self.root / "content" / str(year)
        self.templates = self.root / TEMPLATES
        self._files: dict[str, bytes] = {}

    @property
    def content_name(self) -> str:
        """The year's folder as editors see it: "content/2031/"."""
        return f"content/{self.year}/"

    def rel(self, path: Path) -> str:
        """A path as editors see it: relative to the project, forward slashes."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return absolute.as_posix()

    def _confined(self, path: Path) -> tuple[Path | None, str | None]:
        """The resolved path, or why it may not be read."""
        try:
            real = Path(os.path.realpath(path))
        except (OSError, ValueError):   # a NUL in the name, a name too long
            return None, "kan inte läsas (ogiltigt filnamn)"
        if not (real.is_relative_to(self.content) or real.is_relative_to(self.templates)):
            return None, (f"ligger utanför projektets mappar {self.content_name} och "
                          f"{TEMPLATES}/ och får inte läsas")
        try:
            os.stat(real)
        except FileNotFoundError:
            return None, "finns inte"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return None, "är en symbolisk länk i en slinga (den pekar till slut på sig själv)"
            return None, _reason(exc)
        return real, None

    def read(self, path: Path, where: Loc, report: Report, *, what: str = "filen",
             shown: str | None = None) -> bytes | None:
        """The bytes of a file inside the project, or None after reporting at `where`
        (the place that named it) why it cannot be read; the message calls it
        "{what} '{shown}'" (by default "filen '<project path>'")."""
        name = shown or self.rel(path)
        real, reason = self._confined(path)
        if real is None:
            report.error(where, f"{what} '{name}' {reason}")
            return None
        key = self.rel(real)
        if key in self._files:
            return self._files[key]
        try:
            fd = os.open(real, OPEN_FLAGS)
        except OSError as exc:
            report.error(where, f"{what} '{name}' {_reason(exc)}")
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                kind = ("en mapp" if stat.S_ISDIR(info.st_mode)
                        else "ingen vanlig fil (t.ex. en FIFO eller en enhet)")
                report.error(where, f"'{name}' är {kind}: ange en vanlig fil")
                return None
            if info.st_size > MAX_FILE_BYTES:
                report.error(where, f"{what} '{name}' är för stor ({info.st_size // 2**20} MB; "
                                    f"högst {MAX_FILE_BYTES // 2**20} MB)")
                return None
            with os.fdopen(os.dup(fd), "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
        if len(data) > MAX_FILE_BYTES:
            report.error(where, f"{what} '{name}' är för stor (högst {MAX_FILE_BYTES // 2**20} MB)")
            return None
        self._files[key] = data
        return data

    def present(self, path: Path) -> bool:
        """The path names something (a file, a folder, a dangling symlink); a name the
        system cannot even look up (too long) counts as present, so `read` says why."""
        try:
            return path.exists() or path.is_symlink()
        except OSError:
            return True

    def names(self, folder: Path, pattern: str) -> list[Path]:
        """The entries of a folder whose names match a glob pattern, sorted."""
        return sorted(folder.glob(pattern))

    def key(self, path: Path) -> str:
        """The asset key of a file already read: its resolved project-relative path."""
        return self.rel(Path(os.path.realpath(path)))

    def replace(self, key: str, data: bytes) -> None:
        """Hand every writer `data` instead of what was read for `key` (a picture scaled
        down in the sources stage)."""
        if key not in self._files:
            raise KeyError(key)
        self._files[key] = data

    def files(self) -> Mapping[str, bytes]:
        """Everything read so far, by project-relative path (read-only)."""
        return MappingProxyType(dict(self._files))
