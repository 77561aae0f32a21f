#!/usr/bin/env python3
"""How long a save takes to show in the browser: the live preview on a copy of the project,
Debian's headless Chromium on its page, N edits of a chapter; prints each time (save ->
the new text in the page), the preview's own build times and the load average, for each of
R runs (a fresh preview each) and for all saves together. Target: < 0.3 s for 2025.

    .venv/bin/python scripts/preview_latency.py [--runs 5] [--saves 10] [--format html]
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _preview_bench import argument_parser, chromium  # noqa: E402
from tests.cdp import Browser  # noqa: E402
from tests.helpers import make_project  # noqa: E402
from tests.preview_process import Preview  # noqa: E402

BUILD_TIME = re.compile(r"HTML uppdaterad \((\d+) ms\)")


def one_run(executable: str, formats: str, saves: int, pause: float) -> tuple[list[float], list[float]]:
    """Save -> page times and the preview's build times (seconds) of one fresh preview."""
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp))
        preview = Preview(project, "--format", formats)
        browser = Browser(executable)
        try:
            browser.goto(preview.url)
            chapter = project / "content/2025/syfte.md"
            times = []
            for n in range(saves):
                time.sleep(pause)
                marker = f"Mätning {n} {time.time_ns()}"
                started = time.perf_counter()
                with open(chapter, "a", encoding="utf-8") as handle:
                    handle.write(f"\n{marker}\n")
                if not browser.wait_for(f"document.body.innerText.includes({json.dumps(marker)})", 10):
                    raise RuntimeError(f"save {n}: the text never came")
                times.append(time.perf_counter() - started)
        finally:
            browser.close()
            preview.close()
    builds = [int(match[1]) / 1000 for line in preview.lines if (match := BUILD_TIME.search(line))]
    return times, builds[1:]          # the first build is the start's, before any save


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main() -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--runs", type=int, default=1,
                        help="fresh previews, one after another, of --saves saves each")
    args = parser.parse_args()
    executable = chromium()
    if executable is None:
        return 2
    every, builds, rests, loads = [], [], [], []
    for run in range(args.runs):
        before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        try:
            times, built = one_run(executable, args.format, args.saves, args.pause)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
        after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        loads += [before, after]
        every += times
        builds += built
        if len(built) == len(times):
            rests += [t - b for t, b in zip(times, built)]
        print(f"run {run + 1}: save -> page {', '.join(map(ms, times))} ms; "
              f"median {ms(statistics.median(times))} ms; builds {', '.join(map(ms, built))} ms; "
              f"load {before:.2f} -> {after:.2f}")
    quartiles = statistics.quantiles(every, n=4) if len(every) > 1 else [every[0]] * 3
    print(f"all {len(every)} saves ({args.runs} x {args.saves}, formats {args.format}): "
          f"median {ms(statistics.median(every))} ms, middle half {ms(quartiles[0])}-{ms(quartiles[2])} ms, "
          f"{ms(min(every))}-{ms(max(every))} ms; {sum(t < 0.3 for t in every)} under 300 ms")
    if builds:
        print(f"the preview's builds: median {ms(statistics.median(builds))} ms, "
              f"{ms(min(builds))}-{ms(max(builds))} ms")
    if rests:
        print(f"the rest (save -> page minus the build): median {ms(statistics.median(rests))} ms, "
              f"{ms(min(rests))}-{ms(max(rests))} ms")
    print(f"load average (1 min) over the runs: {min(loads):.2f}-{max(loads):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
