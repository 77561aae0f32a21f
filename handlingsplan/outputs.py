"""The only module that writes files: output sets switched into place at once, and the crash log.

A build never changes a published file. It writes a complete new *set* (every format's
file, plus SHA256SUMS) into a fresh folder, flushes it to disk and then switches
output/<year> over to it in one step:

    output/<year>                 -> .sets/<year>-<id>   relative symlink: the live set
    output/.sets/<year>-<id>/     one complete set; SHA256SUMS is written last
    output/.sets/<year>.lock      held (flock) while a build of <year> publishes
    output/.sets/<year>.byter     names the set being switched in, for recovery

The switch is a rename of a new symlink over output/<year> (rename(2) is atomic), so a
reader that opens output/<year> finds either the whole old set or the whole new one, each
with its own matching SHA256SUMS, never a mix. A symlink was chosen over replacing the
files because no set of per-file renames can be atomic together, and a folder cannot be
renamed over a non-empty folder. When only some formats are built, the other files of the
live set are copied into the new set unchanged.

Where no symlink can be made (Windows, or a file system without symlinks) output/<year>
is a real folder and is swapped with two renames right after each other (old folder aside,
new folder in). There is still never a mix, but for that instant output/<year> is missing;
if the build is killed exactly then, the next build finishes the switch (<year>.byter
names the complete set). The first build after an upgrade moves an old real output/<year>
aside the same way.

The set that was replaced stays until the next build, so that a reader who already opened
it reads it whole; anything older, and staging folders of killed builds, are removed by the
next build that publishes (under the lock, so never a folder another build is writing).
The caller keeps signals from landing in the switch (`switching`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import ContextManager

from .diagnostics import UsageError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

SUMS = "SHA256SUMS"
CRASH_LOG = "bygglogg.txt"
SETS = ".sets"
# Windows can neither be trusted to rename a symlink over a directory symlink nor let
# ordinary users make symlinks; it always uses the two-rename folder swap.
SYMLINKS = os.name != "nt"


def output_dir(root: Path, year: int) -> Path:
    return root / "output" / str(year)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sums_text(files: Mapping[str, bytes]) -> str:
    """SHA256SUMS of a set, in the format `sha256sum -c` reads."""
    return "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in sorted(files))


def publish(out_dir: Path, files: Mapping[str, bytes], *,
            carry_over: Callable[[str], bool] | None = None,
            switching: Callable[[], ContextManager[object]] = contextlib.nullcontext,
            waiting: Callable[[], None] | None = None) -> list[Path]:
    """Make `files` (plus, where carry_over(name) is true, the live set's other files) the
    new set of out_dir, with its SHA256SUMS; return the paths of `files` in out_dir.

    Interruptible until the set is written (the folder is then removed); `switching()`
    is entered for the switch itself. `waiting()` is called if another build holds the lock."""
    year = out_dir.name
    sets = out_dir.parent / SETS
    sets.mkdir(parents=True, exist_ok=True)
    with _locked(sets / f"{year}.lock", waiting):
        _recover(out_dir, sets)
        live = _live(out_dir)
        _remove_stale(out_dir, sets, live)
        folder = _new_set(sets, year)
        try:
            content = dict(files)
            if carry_over is not None and live is not None:
                for name in sorted(os.listdir(live)):
                    path = live / name
                    if (name not in content and name != SUMS and not name.startswith(".")
                            and carry_over(name) and path.is_file() and not path.is_symlink()):
                        content[name] = path.read_bytes()
            for name, data in content.items():
                _write(folder / name, data)
            _write(folder / f".{SUMS}.tmp", sums_text(content).encode("utf-8"))
            os.replace(folder / f".{SUMS}.tmp", folder / SUMS)
            _fsync_dir(folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        with contextlib.ExitStack() as held:
            try:
                held.enter_context(switching())   # may stop the run: then nothing switches
                replaced = _switch(out_dir, sets, folder)
            except BaseException:
                # Not switched (the old set is in place): the new set and its marker go.
                if os.path.lexists(out_dir) and _live(out_dir) != folder:
                    shutil.rmtree(folder, ignore_errors=True)
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(sets / f"{year}.byter")
                raise
            _remove_old(out_dir, sets, keep={_live(out_dir), replaced})
    return [out_dir / name for name in files]


def live_sizes(out_dir: Path, names: Iterable[str]) -> dict[str, int]:
    """The sizes of those of `names` that the live set of out_dir holds as regular files
    (read from the folder, no file opened): the files a build of other formats carries
    over into its new set unchanged (after finishing a half-done switch, as publish does)."""
    live = _half_switched(out_dir, out_dir.parent / SETS) or _live(out_dir)
    if live is None:
        return {}
    sizes = {}
    for name in names:
        try:
            info = os.lstat(live / name)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            sizes[name] = info.st_size
    return sizes


def _new_set(sets: Path, year: str) -> Path:
    folder = sets / f"{year}-{time.time_ns():x}-{secrets.token_hex(3)}"
    folder.mkdir()
    return folder


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    """Make renames and new entries in a folder durable (POSIX; Windows has no such call)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _locked(path: Path, waiting: Callable[[], None] | None) -> Iterator[None]:
    """An exclusive lock on `path`, released when the process ends however it ends."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting:
                    waiting()
                fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if waiting:
                        waiting()
                        waiting = None
                    time.sleep(0.2)
        yield
    finally:
        os.close(fd)


def _set_name(name: str, year: str) -> bool:
    return name.startswith(f"{year}-") and "/" not in name and "\\" not in name and ".." not in name


def _live(out_dir: Path) -> Path | None:
    """The folder of the live set of out_dir, or None before the first build."""
    if os.path.islink(out_dir):
        target = os.readlink(out_dir).replace("\\", "/")
        prefix = f"{SETS}/"
        if not (target.startswith(prefix) and _set_name(target[len(prefix):], out_dir.name)):
            raise UsageError(f"output/{out_dir.name} är en symbolisk länk till {target}; bygget "
                             f"byter bara ut länkar in i output/{SETS}/. Ta bort länken (länka "
                             f"hela output/ i stället om filerna ska ligga någon annanstans) "
                             f"och bygg igen")
        folder = out_dir.parent / SETS / target[len(prefix):]
        return folder if folder.is_dir() else None
    if out_dir.is_dir():
        return out_dir           # a real folder: before the upgrade, or without symlinks
    if os.path.lexists(out_dir):
        raise UsageError(f"output/{out_dir.name} är en fil, men en mapp behövs där: ta bort "
                         f"eller byt namn på filen och bygg igen")
    return None


def _recover(out_dir: Path, sets: Path) -> None:
    """Finish a switch that a killed build left half done (only the two-rename swap can)."""
    marker = sets / f"{out_dir.name}.byter"
    if not os.path.lexists(marker):
        return
    candidate = _half_switched(out_dir, sets)
    if candidate is not None:
        _switch(out_dir, sets, candidate)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(marker)


def _half_switched(out_dir: Path, sets: Path) -> Path | None:
    """The complete set a killed two-rename swap left named in <year>.byter while
    output/<year> is missing: the set the next build finishes switching in."""
    marker = sets / f"{out_dir.name}.byter"
    if os.path.lexists(out_dir) or not os.path.lexists(marker):
        return None
    try:
        name = marker.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    candidate = sets / name
    return candidate if _set_name(name, out_dir.name) and (candidate / SUMS).is_file() else None


def _switch(out_dir: Path, sets: Path, folder: Path) -> Path | None:
    """Make `folder` (a complete set in sets/) the live set; return the set it replaced."""
    year = out_dir.name
    marker = sets / f"{year}.byter"
    _write(sets / f".{year}.byter.tmp", folder.name.encode("utf-8"))
    os.replace(sets / f".{year}.byter.tmp", marker)
    link = out_dir.parent / f".{year}.ny"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(link)
    use_link = SYMLINKS
    if use_link:
        try:
            os.symlink(f"{SETS}/{folder.name}", link, target_is_directory=True)
        except OSError:      # no symlinks on this file system: the folder swap
            use_link = False
    replaced: Path | None = None
    if os.path.islink(out_dir):
        replaced = _live(out_dir)
        if use_link:
            os.replace(link, out_dir)            # the one atomic step
        else:
            os.unlink(out_dir)
            os.rename(folder, out_dir)
    else:
        if os.path.isdir(out_dir):               # a real folder: swap with two renames
            replaced = sets / f"{year}-{time.time_ns():x}-{secrets.token_hex(3)}"
            try:
                os.rename(out_dir, replaced)
            except PermissionError as exc:
                if use_link:
                    os.unlink(link)
                raise UsageError(f"kunde inte byta ut mappen output/{year} (åtkomst nekad): "
                                 f"stäng filer därifrån som är öppna i ett annat program "
                                 f"(t.ex. PDF:en eller Word-filen) och bygg igen; de gamla "
                                 f"filerna ligger kvar") from exc
        try:
            if use_link:
                os.replace(link, out_dir)
            else:
                os.rename(folder, out_dir)
        except BaseException:
            if replaced is not None and not os.path.lexists(out_dir):
                os.rename(replaced, out_dir)
            raise
    _fsync_dir(out_dir.parent)
    os.unlink(marker)
    return replaced


def _remove_stale(out_dir: Path, sets: Path, live: Path | None) -> None:
    """Staging folders and leftovers of killed builds of this year (we hold the lock, so no
    build is writing them); complete sets stay until the next switch."""
    year = out_dir.name
    for entry in sets.iterdir():
        if (_set_name(entry.name, year) and entry != live and entry.is_dir()
                and not entry.is_symlink() and not (entry / SUMS).exists()):
            shutil.rmtree(entry, ignore_errors=True)
    for entry in out_dir.parent.glob(f".bygge-{year}-*"):   # staging of earlier versions
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
    for leftover in (out_dir.parent / f".{year}.ny", sets / f".{year}.byter.tmp"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(leftover)


def _remove_old(out_dir: Path, sets: Path, keep: set[Path | None]) -> None:
    for entry in sets.iterdir():
        if (_set_name(entry.name, out_dir.name) and entry not in keep and entry.is_dir()
                and not entry.is_symlink()):
            shutil.rmtree(entry, ignore_errors=True)   # e.g. a file still open on Windows


def write_crash_log(root: Path, text: str) -> Path | None:
    """output/bygglogg.txt with the traceback of an internal error; where that cannot be
    written, a file in the system's temporary folder; None if neither can."""
    log = root / "output" / CRASH_LOG
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(text, encoding="utf-8", errors="backslashreplace")
        return log
    except Exception:  # noqa: BLE001 - the crash log must never crash
        pass
    try:
        fd, name = tempfile.mkstemp(prefix="handlingsplan-bygglogg-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
        return Path(name)
    except Exception:  # noqa: BLE001
        return None


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
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target


# ---- the render cache: output/.cache/<key> ---------------------------------------------------
# Rendered bytes by input hash (commands/cache.py computes the key); written like every
# other output file (a temporary name, fsync, one rename), so a reader never sees a part.

CACHE = ".cache"
CACHE_KEEP = 8  # entries kept, the most recently written


def cache_read(root: Path, key: str) -> bytes | None:
    try:
        return (root / "output" / CACHE / key).read_bytes()
    except OSError:
        return None


def cache_write(root: Path, key: str, data: bytes) -> None:
    """Store data under key; the oldest entries beyond CACHE_KEEP go. Never fails a build."""
    folder = root / "output" / CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{key}.{secrets.token_hex(3)}.tmp"
        _write(temporary, data)
        os.replace(temporary, folder / key)
        entries = sorted((p for p in folder.iterdir() if not p.name.startswith(".")),
                         key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
