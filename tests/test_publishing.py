"""All-or-nothing publishing (handlingsplan/outputs.py): output/<year> is at every instant
either the whole old set or the whole new set, with a matching SHA256SUMS, however the
build ends: killed (SIGKILL) at any file-system step of publishing or after any writer,
interrupted (SIGINT, SIGTERM, SIGHUP), or read by someone in the middle of it. Also: stale
staging folders are removed, the crash log cannot crash, a long title gives a capped file
name, and a folder where a file should be is a Swedish message."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from handlingsplan import outputs
from handlingsplan.writers import html as html_writer

from .helpers import BASENAME, ROOT, build, make_project, snapshot

CHILD = ROOT / "tests" / "publish_child.py"
YEAR = "2025"
NAMES = {f"{BASENAME}.{ext}" for ext in ("pdf", "docx", "html")}


# ---- helpers -------------------------------------------------------------------------------

def complete(out: Path) -> dict[str, bytes]:
    """The set in out, read through one handle on the folder, after checking that
    SHA256SUMS lists exactly its other files with their digests."""
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        files = {}
        for name in sorted(os.listdir(fd)):
            with open(name, "rb", opener=lambda path, flags: os.open(path, flags, dir_fd=fd)) as handle:
                files[name] = handle.read()
    finally:
        os.close(fd)
    assert "SHA256SUMS" in files, sorted(files)
    sums = {name: digest for digest, name in
            (line.split("  ") for line in files["SHA256SUMS"].decode().splitlines())}
    assert sums == {n: hashlib.sha256(b).hexdigest() for n, b in files.items() if n != "SHA256SUMS"}
    return files


_edits = iter(range(10**6))


def edit(project: Path) -> None:
    """A new word in the plan, so that the next build changes the HTML (and every format)."""
    vision = project / "content" / YEAR / "vision.md"
    text = vision.read_text(encoding="utf-8")
    vision.write_text(text.replace("kreativt", f"kreativt{next(_edits)}", 1), encoding="utf-8")


def child(project: Path, tmp_path: Path, *args: str, **spec: object) -> subprocess.CompletedProcess[str]:
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps({"args": ["--root", str(project), "--year", YEAR, *args], **spec}))
    return subprocess.run([sys.executable, str(CHILD), str(spec_file)], capture_output=True,
                          text=True, timeout=240, cwd=ROOT)


def _default_hangup() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def start(project: Path, tmp_path: Path, *args: str, **spec: object) -> subprocess.Popen[str]:
    """The build in a child process, as started from a terminal: a hangup is not ignored
    even when the tests run under nohup (which the build honours, see below)."""
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps({"args": ["--root", str(project), "--year", YEAR, *args], **spec}))
    return subprocess.Popen([sys.executable, str(CHILD), str(spec_file)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            preexec_fn=_default_hangup)


def leftovers(project: Path) -> list[str]:
    """What is in output/ besides the live set, the one it replaced, locks and the crash log."""
    output = project / "output"
    live = os.path.realpath(output / YEAR)
    sets = output / ".sets"
    extra = [p.name for p in output.iterdir() if p.name not in {YEAR, ".sets", ".gitkeep", "bygglogg.txt"}]
    if sets.is_dir():
        others = [p for p in sets.iterdir() if not p.name.endswith(".lock") and str(p) != live]
        complete_others = [p for p in others if p.is_dir() and (p / "SHA256SUMS").is_file()]
        extra += [f".sets/{p.name}" for p in others if p not in complete_others[:1]]
    return extra


def legacy_layout(project: Path) -> None:
    """output/<year> as a real folder, as builds before the upgrade left it."""
    out = project / "output" / YEAR
    files = snapshot(out)
    out.unlink()
    shutil.rmtree(project / "output" / ".sets")
    out.mkdir()
    for name, data in files.items():
        (out / name).write_bytes(data)


@pytest.fixture
def project(built_project: Path) -> Path:
    return built_project


# ---- killed at every step ------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["symlink", "migration", "no-symlinks"])
def test_a_build_killed_at_any_step_leaves_the_old_or_the_new_set(project: Path, tmp_path: Path,
                                                                   layout: str) -> None:
    """SIGKILL right before every file-system call of publishing (an HTML-only build, so
    the other files are carried over), and right after the last one. Before the switch the
    old set is there, after it the new one; only the two-rename swap (no symlinks; the
    first build after the upgrade) has an instant without output/<year>, which the next
    build repairs. The next build after every kill is clean and leaves nothing stale."""
    if layout != "symlink":     # the first build after the upgrade; or Windows, always
        legacy_layout(project)
    out = project / "output" / YEAR
    pristine = tmp_path / "pristine"
    shutil.copytree(project / "output", pristine, symlinks=True)
    old = complete(out)
    extra = {"no_symlinks": True} if layout == "no-symlinks" else {}

    def restore() -> None:
        shutil.rmtree(project / "output")
        shutil.copytree(pristine, project / "output", symlinks=True)

    edit(project)
    trace = tmp_path / "trace.txt"
    dry = child(project, tmp_path, "--format", "html", trace=str(trace), **extra)
    assert dry.returncode == 0, dry.stderr
    steps = trace.read_text(encoding="utf-8").splitlines()
    new_html = complete(out)[f"{BASENAME}.html"]
    assert new_html != old[f"{BASENAME}.html"]
    (switch,) = [int(s.split()[0]) for s in steps if " SWITCH " in s]
    gap = [int(s.split()[0]) for s in steps if s.split()[1] == "rename" and s.split()[2] == str(out)]
    assert bool(gap) == (layout != "symlink"), steps

    seen = {"old": 0, "new": 0, "missing": 0}
    for n, after in [(n, False) for n in range(1, len(steps) + 1)] + [(len(steps), True)]:
        restore()
        killed = child(project, tmp_path, "--format", "html", kill_op=n, after=after, **extra)
        assert killed.returncode == -signal.SIGKILL, (n, killed.stderr)
        step = n + after           # the first call that did not happen
        if gap and gap[0] < step <= switch:
            assert not os.path.lexists(out), (n, steps[n - 1])
            seen["missing"] += 1
        else:
            now = complete(out)
            assert set(now) == NAMES | {"SHA256SUMS"}
            if step <= switch:
                assert now == old, f"killed before step {n} ({steps[n - 1]}): not the old set"
                seen["old"] += 1
            else:
                assert now[f"{BASENAME}.html"] == new_html, f"after step {n}: not the new set"
                assert all(now[name] == old[name] for name in NAMES - {f"{BASENAME}.html"})
                seen["new"] += 1
        # The next build repairs, cleans up and publishes.
        with pytest.MonkeyPatch.context() as patch:
            if layout == "no-symlinks":
                patch.setattr(outputs, "SYMLINKS", False)
            assert build(project, "--year", YEAR, "--format", "html") == 0
        assert complete(out)[f"{BASENAME}.html"] == new_html
        assert os.path.islink(out) == (layout != "no-symlinks")
        assert leftovers(project) == [], (n, steps[n - 1])
    assert seen["old"] >= 5 and seen["new"] >= 2, seen
    assert (seen["missing"] > 0) == bool(gap), seen


@pytest.mark.parametrize("point", ["pdf", "docx", "html", "before-switch", "after-switch"])
def test_a_full_build_killed_after_a_writer_or_at_the_switch(project: Path, tmp_path: Path,
                                                             point: str) -> None:
    out = project / "output" / YEAR
    old = complete(out)
    edit(project)
    if point in ("pdf", "docx", "html"):
        killed = child(project, tmp_path, kill_after_writer=point)
    else:
        killed = child(project, tmp_path, kill_switch=point.removesuffix("-switch"))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    now = complete(out)
    if point == "after-switch":
        assert set(now) == set(old) and all(now[n] != old[n] for n in NAMES), "not wholly new"
    else:
        assert now == old
    assert build(project, "--year", YEAR, "--format", "html") == 0
    assert leftovers(project) == []


# ---- a reader during builds ----------------------------------------------------------------

def test_a_reader_during_repeated_builds_never_sees_a_mixed_set(project: Path, tmp_path: Path) -> None:
    out = project / "output" / YEAR
    stop = threading.Event()
    seen: set[bytes] = set()
    problems: list[str] = []
    reads = 0

    def reader() -> None:
        nonlocal reads
        while not stop.is_set():
            try:
                files = complete(out)
                assert set(files) == NAMES | {"SHA256SUMS"}, sorted(files)
            except AssertionError as exc:
                problems.append(str(exc))
            except OSError as exc:
                problems.append(f"{type(exc).__name__}: {exc}")
            else:
                seen.add(files["SHA256SUMS"])
                reads += 1
            time.sleep(0.002)      # leave the builds some CPU

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for run in range(12):
            edit(project)
            args = () if run == 5 else ("--format", "html")
            done = child(project, tmp_path, *args)
            assert done.returncode == 0, done.stderr
    finally:
        stop.set()
        thread.join()
    assert not problems, problems[:3]
    assert len(seen) >= 10 and reads > 100, (len(seen), reads)


# ---- stale staging, signals --------------------------------------------------------------

def test_stale_staging_is_removed_but_not_while_a_build_holds_the_lock(project: Path,
                                                                       tmp_path: Path) -> None:
    output = project / "output"
    stale = [output / ".sets" / f"{YEAR}-dead-000001", output / f".bygge-{YEAR}-abc123"]
    for folder in stale:
        folder.mkdir()
        (folder / f"{BASENAME}.pdf").write_bytes(b"%PDF half written")
    older = output / ".sets" / f"{YEAR}-0-old"
    shutil.copytree(out := output / YEAR, older)
    (output / f".{YEAR}.ny").symlink_to(f".sets/{YEAR}-gone")
    # Another build holds the lock: its staging folder must survive until it is done.
    with open(output / ".sets" / f"{YEAR}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = start(project, tmp_path, "--format", "html")
        # Release the lock only once the build says it waits (a fixed sleep raced a slow
        # render on a loaded machine: the lock was free again before the build reached it).
        lines: list[str] = []
        told = threading.Event()

        def read_stderr() -> None:
            assert waiting.stderr is not None
            for line in waiting.stderr:
                lines.append(line)
                if f"väntar på ett annat bygge av {YEAR}" in line:
                    told.set()

        reader = threading.Thread(target=read_stderr)
        reader.start()
        assert told.wait(timeout=120), "the build did not wait for the lock: " + "".join(lines)
        time.sleep(0.5)
        assert waiting.poll() is None, "the build went on while another build held the lock"
        assert all(folder.exists() for folder in stale)
    waiting.wait(timeout=120)
    reader.join()
    assert waiting.returncode == 0, "".join(lines)
    assert not any(os.path.lexists(p) for p in [*stale, output / f".{YEAR}.ny"])
    assert not older.exists(), "a set older than the replaced one is removed after the switch"
    complete(out)
    assert leftovers(project) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
@pytest.mark.parametrize("pause", ["writer", "staging"])
def test_a_signal_before_the_switch_stops_the_build_like_ctrl_c(project: Path, tmp_path: Path,
                                                                sig: signal.Signals, pause: str) -> None:
    out = project / "output" / YEAR
    old = complete(out)
    edit(project)
    running = start(project, tmp_path, "--format", "html", pause=pause, seconds=60)
    assert running.stdout is not None and running.stdout.readline().strip() == "READY"
    running.send_signal(sig)
    _, err = running.communicate(timeout=60)
    assert running.returncode == 130, err
    assert err.strip() == "avbrutet: inga filer i output/ ändrades"
    assert complete(out) == old
    sets = [p for p in (project / "output" / ".sets").iterdir() if p.is_dir()]
    assert [str(p) for p in sets] == [os.path.realpath(out)], "the staging folder was removed"


def test_under_nohup_a_hangup_does_not_stop_the_build(project: Path, tmp_path: Path) -> None:
    out = project / "output" / YEAR
    old = complete(out)
    edit(project)
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps({"args": ["--root", str(project), "--year", YEAR, "--format",
                                              "html"], "pause": "writer", "seconds": 1}))
    running = subprocess.Popen([sys.executable, str(CHILD), str(spec_file)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    assert running.stdout is not None and running.stdout.readline().strip() == "READY"
    running.send_signal(signal.SIGHUP)
    _, err = running.communicate(timeout=60)
    assert running.returncode == 0, err
    assert complete(out)[f"{BASENAME}.html"] != old[f"{BASENAME}.html"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_during_the_switch_waits_for_it(project: Path, tmp_path: Path,
                                                 sig: signal.Signals) -> None:
    out = project / "output" / YEAR
    old = complete(out)
    edit(project)
    running = start(project, tmp_path, "--format", "html", pause="switch", seconds=1.5)
    assert running.stdout is not None and running.stdout.readline().strip() == "READY"
    running.send_signal(sig)
    _, err = running.communicate(timeout=60)
    assert running.returncode == 0, err
    assert "bygget gjordes klart först" in err and "Traceback" not in err
    now = complete(out)
    assert now[f"{BASENAME}.html"] != old[f"{BASENAME}.html"]


# ---- the crash log -------------------------------------------------------------------------

@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("simulated bug in the HTML writer")

    monkeypatch.setattr(html_writer, "render", broken)


def test_crash_log_where_bygglogg_is_a_folder(project: Path, crashing: None,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (project / "output" / "bygglogg.txt").mkdir()
    assert build(project, "--year", YEAR, "--format", "html") == 3
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith("internt fel i byggprogrammet") and "output/bygglogg.txt gick inte att skriva" in err
    log = Path(err.split("detaljer finns i ")[1].split(". Inga filer")[0])
    assert log.parent == Path(tempfile.gettempdir()) and "simulated bug" in log.read_text(encoding="utf-8")
    log.unlink()


def test_crash_log_where_neither_output_nor_the_temp_folder_can_be_written(
        project: Path, crashing: None, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    real_write_text = Path.write_text

    def read_only(self: Path, *args: object, **kwargs: object) -> int:
        if self.name == "bygglogg.txt":
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_write_text(self, *args, **kwargs)  # type: ignore[arg-type]

    def no_temp(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "write_text", read_only)
    monkeypatch.setattr(tempfile, "mkstemp", no_temp)
    assert build(project, "--year", YEAR, "--format", "html") == 3
    err = capsys.readouterr().err
    first, *rest = err.splitlines()
    assert first.startswith("internt fel i byggprogrammet") and "kunde inte sparas" in first
    assert rest[0] == "Traceback (most recent call last):" and "simulated bug" in err


# ---- file names and folders where files should be -----------------------------------------

def test_a_300_character_title_gives_a_capped_file_name(tmp_path: Path) -> None:
    project = make_project(tmp_path / "long")
    plan = project / "content" / YEAR / "plan.yaml"
    title = ("Hälsingerådets handlingsplan för " + "samverkan och utveckling " * 12)[:300].strip()
    assert len(title) == 300
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "titel: Hälsingerådets handlingsplan", f"titel: {title}"), encoding="utf-8")
    assert build(project, "--year", YEAR) == 0
    files = complete(project / "output" / YEAR)
    stems = {Path(name).stem for name in files if name != "SHA256SUMS"}
    (stem,) = stems
    assert len(files) == 4 and len(stem) <= 80 and stem.endswith(f"-{YEAR}")
    assert stem.startswith("halsingeradets-handlingsplan-for-samverkan-och-utveckling-")
    assert not stem.removesuffix(f"-{YEAR}").endswith("-") and "--" not in stem


def test_a_very_long_chapter_path_is_a_content_error(project: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project / "output" / YEAR)
    plan = project / "content" / YEAR / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    name = "/".join(["kapitel"] * 700) + ".md"
    plan.write_text(text.replace("  - vision.md", f"  - {name}"), encoding="utf-8")
    assert build(project, "--year", YEAR, "--format", "html") == 1
    err = capsys.readouterr().err
    assert f"content/{YEAR}/plan.yaml:" in err and "namnet är för långt" in err
    assert "Traceback" not in err
    assert snapshot(project / "output" / YEAR) == before


def test_an_old_output_folder_with_a_folder_in_place_of_the_docx(project: Path) -> None:
    """Before: the new PDF was published, then the build failed on the DOCX. Now the new
    set is made elsewhere, so the folder is in the way of nothing."""
    legacy_layout(project)
    out = project / "output" / YEAR
    (out / f"{BASENAME}.docx").unlink()
    (out / f"{BASENAME}.docx").mkdir()
    assert build(project, "--year", YEAR) == 0
    assert os.path.islink(out) and set(complete(out)) == NAMES | {"SHA256SUMS"}
    assert (out / f"{BASENAME}.docx").is_file()


@pytest.mark.parametrize("where", ["lock", "year"])
def test_a_folder_or_file_in_the_way_is_a_swedish_message(project: Path, where: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = project / "output" / YEAR
    if where == "lock":
        before = complete(out)
        lock = project / "output" / ".sets" / f"{YEAR}.lock"
        lock.unlink()
        lock.mkdir()
    else:
        shutil.rmtree(project / "output" / ".sets")
        out.unlink()
        out.write_text("en fil")
    assert build(project, "--year", YEAR, "--format", "html") == 2
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and "Is a directory" not in err and "\n" not in err
    if where == "lock":
        assert err == (f"fel: kunde inte skriva output/.sets/{YEAR}.lock: där finns en mapp, men "
                       f"en fil behövs: ta bort eller byt namn på mappen")
        assert complete(out) == before
    else:
        assert err.startswith(f"fel: output/{YEAR} är en fil, men en mapp behövs där")
        assert out.read_text() == "en fil"


def test_an_open_file_that_blocks_the_folder_swap_leaves_the_old_set(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Windows (and file systems without symlinks) swap real folders; Windows refuses to
    rename a folder while a file in it is open."""
    legacy_layout(project)
    out = project / "output" / YEAR
    before = complete(out)
    real_rename = os.rename

    def windows_rename(src: object, dst: object) -> None:
        if os.fspath(src) == str(out):   # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Access is denied", str(src))
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs, "SYMLINKS", False)
    monkeypatch.setattr(os, "rename", windows_rename)
    edit(project)
    assert build(project, "--year", YEAR, "--format", "html") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"fel: kunde inte byta ut mappen output/{YEAR} (åtkomst nekad): stäng filer")
    assert not os.path.islink(out) and complete(out) == before
    assert [p.name for p in (project / "output" / ".sets").iterdir()] == [f"{YEAR}.lock"]
