"""A build in a child process that tests/test_publishing.py kills or pauses at a chosen point.

    python tests/publish_child.py SPEC.json

SPEC: {"args": [build.py arguments], "trace": file to list the publishing step calls in,
"kill_op": n (SIGKILL right before the n-th file-system call of outputs.publish; with
"after": true, right after it), "kill_switch": "before" | "after" (around the call that
puts the new set at output/<year>), "kill_after_writer": "pdf" | "docx" | "html",
"pause": "writer" | "staging" | "switch" (print READY, then sleep "seconds"),
"no_symlinks": true (os.symlink fails as on a file system without symlinks)}.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import sys
import time
from pathlib import Path

import handlingsplan.commands.build as build_command
import handlingsplan.commands.render as render_command  # looks up each format's writer
from handlingsplan import outputs
from handlingsplan.commands import main

OPS = ("mkdir", "rmdir", "unlink", "rename", "replace", "symlink", "fsync")


def _die() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _ready(seconds: float) -> None:
    print("READY", flush=True)
    time.sleep(seconds)


def run(spec: dict) -> int:  # type: ignore[type-arg]
    args = spec["args"]
    out = os.path.join(args[args.index("--root") + 1], "output", args[args.index("--year") + 1])
    trace = open(spec["trace"], "a", encoding="utf-8") if spec.get("trace") else None
    state = {"inside": False, "count": 0}

    for name in OPS:
        real = getattr(os, name)

        def wrapped(*a, _real=real, _name=name, **k):  # type: ignore[no-untyped-def]
            if _name == "symlink" and spec.get("no_symlinks"):
                raise OSError(errno.EPERM, "symlinks not supported here", a[1])
            if not state["inside"]:
                return _real(*a, **k)
            state["count"] += 1
            n = state["count"]
            paths = [os.fspath(x) for x in a if isinstance(x, (str, os.PathLike))]
            switch = _name in ("replace", "rename") and len(paths) == 2 and paths[1] == out
            if trace:
                trace.write(f"{n} {_name}{' SWITCH' if switch else ''} {' '.join(paths)}\n")
                trace.flush()
            if (n == spec.get("kill_op") and not spec.get("after")) or (
                    switch and spec.get("kill_switch") == "before"):
                _die()
            result = _real(*a, **k)
            if (n == spec.get("kill_op") and spec.get("after")) or (
                    switch and spec.get("kill_switch") == "after"):
                _die()
            return result

        setattr(os, name, wrapped)

    real_publish = build_command.publish

    def publish(*a, **k):  # type: ignore[no-untyped-def]
        state["inside"] = True
        try:
            return real_publish(*a, **k)
        finally:
            state["inside"] = False

    build_command.publish = publish

    real_writer = render_command.writer

    def writer(fmt: str):  # type: ignore[no-untyped-def]
        render = real_writer(fmt)

        def wrapped(document, assets):  # type: ignore[no-untyped-def]
            if spec.get("pause") == "writer":
                _ready(spec.get("seconds", 30))
            result = render(document, assets)
            if spec.get("kill_after_writer") == fmt:
                _die()
            return result

        return wrapped

    render_command.writer = writer

    real_write, real_switch = outputs._write, outputs._switch

    def write(path: Path, data: bytes) -> None:
        if spec.get("pause") == "staging":
            spec["pause"] = None
            real_write(path, data)
            _ready(spec.get("seconds", 30))
            return
        real_write(path, data)

    def switch(*a):  # type: ignore[no-untyped-def]
        if spec.get("pause") == "switch":
            spec["pause"] = None
            print("READY", flush=True)
            time.sleep(spec.get("seconds", 2))
        return real_switch(*a)

    outputs._write, outputs._switch = write, switch
    return main(args)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        sys.exit(run(json.load(handle)))
