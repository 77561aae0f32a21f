"""Saves in content/<year>/ and templates/, through watchfiles (inotify, FSEvents,
ReadDirectoryChangesW; no polling of our own). watchfiles yields a batch once no new change
has come for STEP_MS, so an editor's burst of writes (or several quick saves) is one build;
saves that come while a build runs are one more build after it (the builder's flag).

watchfiles looks for changes once per step and yields when a step brought none, so a save
waits between one and two steps before its build starts: 50 ms (watchfiles' default) cost
75-100 ms of every save-to-page time, 20 ms costs 20-40 ms. An editor writes one save (or
"save all") within a few milliseconds, well inside a step; a save that still comes later is
the one more build after the running one. Waking every 20 ms costs about 2 ms of CPU a
second while nothing changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

STEP_MS = 20          # quiet time that ends a batch
DEBOUNCE_MS = 1600    # a batch is yielded after this at the latest, even if saves go on


def watch(paths: list[Path], changed: Callable[[set[str]], None], stop: threading.Event) -> None:
    """Call `changed` with the changed paths of each batch until `stop` is set."""
    for changes in watchfiles.watch(*paths, step=STEP_MS, debounce=DEBOUNCE_MS, stop_event=stop,
                                    rust_timeout=500, raise_interrupt=False):
        changed({path for _, path in changes})
