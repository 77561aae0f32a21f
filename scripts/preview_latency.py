#!/usr/bin/env python3
"""How long a save takes to show in the browser: the live preview on a copy of the project,
Debian's headless Chromium on its page, N edits of a chapter; prints each time (save ->
the new text in the page) and the preview's own build times. Target: < 0.3 s for 2025.

    .venv/bin/python scripts/preview_latency.py [--saves 10] [--format html]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.cdp import Browser, find_chromium  # noqa: E402
from tests.helpers import make_project  # noqa: E402
from tests.preview_process import Preview  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--format", default="pdf,docx,html",
                        help="formats of the preview (html: no background PDF/DOCX)")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between saves")
    args = parser.parse_args()
    executable = find_chromium()
    if executable is None:
        print("chromium is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp))
        preview = Preview(project, "--format", args.format)
        browser = Browser(executable)
        try:
            browser.goto(preview.url)
            chapter = project / "content/2025/syfte.md"
            times = []
            for n in range(args.saves):
                time.sleep(args.pause)
                marker = f"Mätning {n} {time.time_ns()}"
                started = time.perf_counter()
                with open(chapter, "a", encoding="utf-8") as handle:
                    handle.write(f"\n{marker}\n")
                if not browser.wait_for(f"document.body.innerText.includes({json.dumps(marker)})", 10):
                    print(f"save {n}: the text never came", file=sys.stderr)
                    return 1
                times.append(time.perf_counter() - started)
        finally:
            browser.close()
            preview.close()
    builds = [line for line in preview.lines if "HTML uppdaterad" in line]
    print("save -> page:", ", ".join(f"{t * 1000:.0f}" for t in times), "ms")
    print(f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
          f"(target 300 ms); formats {args.format}")
    print("builds in the preview:", "; ".join(line.split("(")[-1].rstrip(")") for line in builds[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
