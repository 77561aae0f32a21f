"""The only module that writes files: outputs published all at once, and the crash log.

Rendered bytes are written into a staging folder next to output/<year>/ (same file system),
flushed to disk, then moved into place with os.replace; a failed or interrupted build
leaves output/<year>/ exactly as it was. The caller keeps Ctrl-C from landing between two
moves (commands.Interrupts). SHA256SUMS lists the files of the build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

SUMS = "SHA256SUMS"
CRASH_LOG = "bygglogg.txt"


def output_dir(root: Path, year: int) -> Path:
    return root / "output" / str(year)


def stage(out_dir: Path, files: Mapping[str, bytes]) -> Path:
    """A new staging folder next to out_dir holding the files, flushed to disk."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".bygge-{out_dir.name}-", dir=out_dir.parent))
    try:
        for name, data in files.items():
            with open(folder / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        discard(folder)
        raise
    return folder


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)


def publish(staged: Path, out_dir: Path, names: list[str]) -> list[Path]:
    """Move the staged files into out_dir; files of other formats stay as they were."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        os.replace(staged / name, out_dir / name)
    _write_sums(out_dir)
    return [out_dir / name for name in names]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_sums(out_dir: Path) -> None:
    """SHA256SUMS of every file in out_dir, in the format `sha256sum -c` reads."""
    present = sorted(p.name for p in out_dir.iterdir()
                     if p.is_file() and p.name != SUMS and not p.name.startswith("."))
    tmp = out_dir / f".{SUMS}.tmp"
    tmp.write_text("".join(f"{sha256(out_dir / n)}  {n}\n" for n in present), encoding="utf-8")
    os.replace(tmp, out_dir / SUMS)


def write_crash_log(root: Path, text: str) -> Path:
    """output/bygglogg.txt with the traceback of an internal error."""
    log = root / "output" / CRASH_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(text, encoding="utf-8")
    return log


def write_folder(target: Path, files: Mapping[str, bytes]) -> Path:
    """A new folder (next year's content/<year>/) with the files (relative paths), all or
    nothing: built in a staging folder next to it, flushed, then renamed into place. An
    existing target is never touched (FileExistsError)."""
    if target.exists() or target.is_symlink():
        raise FileExistsError(f"{target} finns redan")
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".nytt-{target.name}-", dir=target.parent))
    try:
        for name, data in sorted(files.items()):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
            path.chmod(0o777 & ~umask)          # mkdtemp made it private
        if target.exists() or target.is_symlink():
            raise FileExistsError(f"{target} finns redan")
        os.rename(folder, target)
    except BaseException:
        discard(folder)
        raise
    return target
