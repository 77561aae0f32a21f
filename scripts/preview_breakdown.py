#!/usr/bin/env python3
"""Where a save's time goes on its way to the page: the preview (commands/preview.run) in
this process, with time stamps at each step, and Debian's headless Chromium on its page.
For each of N saves of a chapter it records (wall time, epoch seconds, the browser's
performance.timeOrigin + now() on the same clock):

    watch     the save -> watchfiles yields the batch (its step: preview/watch.py)
    wake      the batch -> the build starts (the builder thread; killing the background)
    build     the preview's HTML build (sources, document, HTML writer)
    to fetch  the build's end -> the page starts fetching the new HTML (state, the event)
    fetch     the page's request for the new HTML, to its last byte
    swap      the last byte -> the new text is in the page (parse, DOM swap, layout)

    .venv/bin/python scripts/preview_breakdown.py [--saves 10] [--format html]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import handlingsplan.commands.preview as preview  # noqa: E402
import handlingsplan.preview.builds as builds  # noqa: E402
import handlingsplan.preview.watch as watch  # noqa: E402
from _preview_bench import argument_parser, chromium  # noqa: E402
from tests.cdp import Browser  # noqa: E402
from tests.helpers import make_project  # noqa: E402

STEPS = ("total", "watch", "wake", "build", "to fetch", "fetch", "swap")


def instrument(marks: dict[str, list[float]], lines: list[str]) -> None:
    """Time stamps at the watcher's callback and around each HTML build."""
    watch_files, build_html = watch.watch, builds.build_html

    def timed_watch(paths, changed, stop):  # type: ignore[no-untyped-def]
        def callback(paths_changed):  # type: ignore[no-untyped-def]
            marks["watch"].append(time.time())
            changed(paths_changed)
        return watch_files(paths, callback, stop)

    def timed_build(root, year, per=None):  # type: ignore[no-untyped-def]
        marks["build start"].append(time.time())
        outcome = build_html(root, year, per)
        marks["build end"].append(time.time())
        return outcome

    watch.watch, builds.build_html = timed_watch, timed_build
    preview._log = lines.append


def main() -> int:
    args = argument_parser(__doc__).parse_args()
    executable = chromium()
    if executable is None:
        return 2
    marks: dict[str, list[float]] = {"watch": [], "build start": [], "build end": []}
    lines: list[str] = []
    instrument(marks, lines)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp))
        threading.Thread(target=preview.run, args=(project, 2025, args.format.split(",")),
                         kwargs={"address": "127.0.0.1", "port": 0, "open_browser": False},
                         daemon=True).start()
        deadline = time.monotonic() + 60
        while not any("finns på " in line for line in lines):
            if time.monotonic() > deadline:
                print("the preview did not start", file=sys.stderr)
                return 1
            time.sleep(0.05)
        url = next(line for line in lines if "finns på " in line).split("finns på ")[1]
        browser = Browser(executable)
        rows = []
        try:
            browser.goto(url)
            for n in range(args.saves):
                time.sleep(args.pause)
                marker = f"Mätning {n} {time.time_ns()}"
                saved = time.time()
                with open(project / "content/2025/syfte.md", "a", encoding="utf-8") as handle:
                    handle.write(f"\n{marker}\n")
                shown = browser.evaluate(f"""new Promise((resolve) => {{
                    const check = () => {{
                        if (document.body.innerText.includes({json.dumps(marker)}))
                            resolve(performance.timeOrigin + performance.now());
                        else setTimeout(check, 2);
                    }};
                    check(); }})""") / 1000
                fetched = json.loads(browser.evaluate(
                    "JSON.stringify(performance.getEntriesByType('resource')"
                    ".filter((e) => e.name.includes('sida='))"
                    ".map((e) => [performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd]))"))
                start, end = (t / 1000 for t in fetched[-1])
                batch, began, built = marks["watch"][-1], marks["build start"][-1], marks["build end"][-1]
                rows.append({"total": shown - saved, "watch": batch - saved, "wake": began - batch,
                             "build": built - began, "to fetch": start - built,
                             "fetch": end - start, "swap": shown - end})
        finally:
            browser.close()
    print(f"{args.saves} saves, formats {args.format}; load average (1 min) "
          f"{load_before:.2f} -> {os.getloadavg()[0]:.2f}")
    for step in STEPS:
        values = [row[step] * 1000 for row in rows]
        print(f"{step:9s} median {statistics.median(values):6.1f} ms  "
              f"range {min(values):6.1f}-{max(values):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
