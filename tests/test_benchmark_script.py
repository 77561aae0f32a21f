"""scripts/benchmark.py still measures what its report reads: its stage breakdown once
called a function that no longer existed, and the stage table silently went missing from
docs/benchmark.md. The stages run on the tests' project; the report is made from them."""

from __future__ import annotations

import sys
from pathlib import Path

from .helpers import ROOT, make_project

sys.path.insert(0, str(ROOT / "scripts"))
import benchmark  # noqa: E402


def test_the_stage_breakdown_runs_and_the_report_shows_every_target(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    stages = benchmark.stage_times(root, tmp_path, 1)
    assert stages, "the stage breakdown failed (its error is printed above)"
    for fmt in benchmark.FORMATS:
        assert stages[f"render {fmt}"] > 0 and stages[f"warm: render {fmt}"] > 0
    assert stages["pdf pages"] == stages["plain pages"] > 1

    run = benchmark.Series([benchmark.Run(seconds=2.0, peak_mb=100.0, cpu=2.0)])
    route = {key: run for key in ("pandoc → DOCX", "pandoc → HTML", "weasyprint HTML → PDF")}
    result = benchmark.Result("2025 plan", 5, 19, 1466, run, run, run, int(stages["pdf pages"]),
                              {fmt: run for fmt in benchmark.FORMATS}, stages, route, 10)
    text = benchmark.report([result], 1)
    for target in ("full build ≤ 0.8×", "plain render per page", "unchanged rebuild ≤ 0.15×",
                   "warm-process HTML ≤ 0.05 s", "warm-process PDF ≤ 1.0 s", "peak memory ≤ 150 MB",
                   "Where a build's time goes", "warm: plain WeasyPrint render of our print HTML"):
        assert target in text, target
