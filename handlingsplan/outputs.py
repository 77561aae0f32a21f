"""Writing outputs safely: render into a staging folder, then move into place atomically.

A failed or interrupted build leaves output/<year>/ exactly as it was. Files are moved
with os.replace (atomic on one file system); the caller keeps Ctrl-C from landing between
two moves (cli.Interrupts). SHA256SUMS lists the files of the build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUMS = "SHA256SUMS"


@contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """A temporary folder next to out_dir (same file system), removed afterwards."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".bygge-{out_dir.name}-", dir=out_dir.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def publish(staged: Path, out_dir: Path, names: list[str]) -> list[Path]:
    """Move the staged files into out_dir; files of other formats stay as they were."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        with open(staged / name, "rb") as handle:
            os.fsync(handle.fileno())
    for name in names:
        os.replace(staged / name, out_dir / name)
    _write_sums(out_dir)
    return [out_dir / name for name in names]


def _write_sums(out_dir: Path) -> None:
    """SHA256SUMS of every file in out_dir, in the format `sha256sum -c` reads."""
    present = sorted(p.name for p in out_dir.iterdir()
                     if p.is_file() and p.name != SUMS and not p.name.startswith("."))
    tmp = out_dir / f".{SUMS}.tmp"
    tmp.write_text("".join(f"{sha256(out_dir / n)}  {n}\n" for n in present), encoding="utf-8")
    os.replace(tmp, out_dir / SUMS)
