"""The preview's background PDF: from the start of a background build to the new PDF.

`python scripts/preview_pdf.py [--runs N] [--root PROJECT] [--year ÅR]`

Runs the preview's `Background` (handlingsplan/preview/builds.py) on a copy of the project
and times `start()` → the PDF served, N times each way, taking turns: from the spare worker
that the previous start left waiting with WeasyPrint imported (what the preview does), and
from a fresh worker (the spare killed first, as before the spare existed). Prints each
time, the medians and the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from handlingsplan.preview.builds import Background  # noqa: E402
from handlingsplan.preview.state import PreviewState  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--pause", type=float, default=3.0,
                        help="seconds between builds (the spare's imports finish meanwhile)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="handlingsplan-preview-pdf-"))
    try:
        for name in ("content", "templates"):
            shutil.copytree(args.root / name, work / name)
        state = PreviewState()
        background = Background(work, args.year, state, ["pdf"], lambda line: None)

        def timed(spare: bool) -> float:
            if not spare and background._spare is not None:
                background._spare.kill()
                background._spare.wait()
                background._spare = None
            state.update(files={})
            start = time.perf_counter()
            background.start()
            while "pdf" not in state.files:
                if state.background.get("PDF", "byggs") != "byggs":
                    raise SystemExit(f"the PDF failed: {state.background}")
                state.wait(state.generation, 0.5)
            return time.perf_counter() - start

        times: dict[bool, list[float]] = {True: [], False: []}
        load_before = os.getloadavg()
        try:
            timed(False)                    # unmeasured: leaves the first spare
            time.sleep(args.pause)
            for _ in range(args.runs):
                for spare in (False, True):
                    times[spare].append(timed(spare))
                    time.sleep(args.pause)
        finally:
            background.close()
        load_after = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for spare, label in ((True, "from the spare worker"), (False, "from a fresh worker")):
        values = times[spare]
        print(f"{label}: median {statistics.median(values):.2f} s "
              f"({', '.join(f'{v:.2f}' for v in values)})")
    print(f"load average (1 min) before / after: {load_before[0]:.2f} / {load_after[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
