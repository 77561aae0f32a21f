"""Benchmark the build (not a test): `python scripts/benchmark.py [--write docs/benchmark.md]`.

Measures, for the 2025 plan and a generated large plan (scripts/large_plan.py, by default
46 chapters and 920 activities: ≈200 PDF pages):

- wall time and peak RSS of `python build.py --root X --year 2025` (all formats, and each
  format alone) and of `--check`, every run in a fresh process, median of --runs runs; the
  builds run with the input-hash cache off (HANDLINGSPLAN_NO_CACHE=1), and an unchanged
  rebuild with it on is timed beside them;
- the PDF's page count and milliseconds per PDF page;
- where one build spends its time (imports, loading, each writer), in a fresh process; then
  each writer again in the same (warm) process, and WeasyPrint's own plain render (no
  pdf_variant, no finisher) of our print HTML, per page;
- the usual alternative on the same content: the chapter Markdown files plus a Markdown pipe
  table of the activities through pandoc (pypandoc-binary) to DOCX and to standalone HTML,
  then the `weasyprint` command HTML -> PDF; and the ratio ours / pandoc.

Every measured command runs in its own child process and is reaped with os.wait4, whose
rusage covers exactly that child: ru_maxrss is the peak resident set of that run alone.
Both plans are built in copies under a temporary folder, so output/ is never touched.

Prints Markdown tables; `--write docs/benchmark.md` also writes them with a description of the
machine, keeping the hand-written "Interpretation" section of an existing file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
# The code under test: the working tree, or an exported commit (--commit); set by main()
# before anything from handlingsplan is imported.
CODE = REPO

from large_plan import write_large_plan  # noqa: E402

YEAR = 2025
FORMATS = ("pdf", "docx", "html")
INTERPRETATION = "## Interpretation"
END = "<!-- end of generated part -->"


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float  # user + system CPU seconds of the child


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


class CommandFailed(RuntimeError):
    pass


# The measured processes run as Python runs for an editor: with bytecode cached in
# __pycache__ (the unmeasured warm-up round compiles the exported code once). A shell's
# PYTHONDONTWRITEBYTECODE=1 would make every build compile our modules again (≈0.13 s),
# which neither an installed program nor the pandoc route's weasyprint pays.
BYTECODE = "PYTHONDONTWRITEBYTECODE"
_ENV = {k: v for k, v in os.environ.items() if k != BYTECODE}
# Cold builds render every time; "rebuild" uses the input-hash cache (commands/cache.py).
COLD = {**_ENV, "HANDLINGSPLAN_NO_CACHE": "1"}
WARM = {**_ENV, "HANDLINGSPLAN_NO_CACHE": "0"}


def run_once(cmd: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Run:
    """Run cmd in a fresh child process; its wall time and its own peak RSS (the highest
    of the process and its waited-for children, e.g. the build's forked writer)."""
    with log.open("ab") as out:
        out.write(f"$ {' '.join(map(str, cmd))}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env=env or COLD)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise CommandFailed(f"{' '.join(map(str, cmd))} exited with {proc.returncode}:\n{tail}")
    # ru_maxrss is in KiB on Linux
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def pdf_pages(path: Path) -> int:
    try:
        import pikepdf
    except ImportError:
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def tool(name: str) -> str:
    """A command from the venv this script runs in, else from PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"'{name}' not found (install the project with '.[bench]')")
    return found


# --------------------------------------------------------------------------- the plans


def copy_project(dest: Path) -> Path:
    """The repository's content/ and templates/ in a scratch project folder."""
    for name in ("content", "templates"):
        shutil.copytree(CODE / name, dest / name)
    return dest


def pandoc_markdown(root: Path) -> tuple[str, str]:
    """(title, Markdown): the chapters as written plus the activity table as a pipe table."""
    from handlingsplan import model as m
    from handlingsplan.documents.plan import plan_document
    from handlingsplan.sources import load_content

    plan, _, _ = load_content(root, YEAR)
    parts = [(root / chapter.loc.path).read_text(encoding="utf-8").strip()
             for chapter in plan.chapters]

    def cells(texts: list[str]) -> str:
        return "| " + " | ".join(t.replace("|", "\\|").replace("\n", " ") for t in texts) + " |"

    activities = plan_document(plan).tables()[-1]
    header = [c.label for c in activities.columns]
    table = [cells(header), "| " + " | ".join("---" for _ in header) + " |"]
    table += [cells([m.plain_text(cell) for cell in row]) for row in activities.rows]
    parts.append(f"# {plan.activities.title}\n\n{plan.activities.intro}\n\n" + "\n".join(table))
    return plan.meta.full_title, "\n\n".join(parts) + "\n"


@dataclass
class Result:
    name: str
    chapters: int
    activities: int
    words: int
    check: Series
    build: Series | None
    rebuild: Series | None
    pages: int
    per_format: dict[str, Series]
    stages: dict[str, float]
    pandoc: dict[str, Series]
    pandoc_pages: int


STAGES = r"""
import json, sys, time
from pathlib import Path
t = {}
s = time.perf_counter(); import handlingsplan.writers.pdf
t["import weasyprint (the PDF writer)"] = time.perf_counter() - s
s = time.perf_counter(); import docx; t["import docx"] = time.perf_counter() - s
s = time.perf_counter()
from handlingsplan.documents.plan import plan_document
from handlingsplan.sources import load_sources
from handlingsplan.writers import FORMATS, Assets, writer
t["import handlingsplan"] = time.perf_counter() - s
root, out = Path(sys.argv[1]), Path(sys.argv[2])
s = time.perf_counter(); sources = load_sources(root, int(sys.argv[3]))
t["load + check content, brand"] = time.perf_counter() - s
s = time.perf_counter(); document = plan_document(sources.plan, sources.name_hyphenation)
assets = Assets(sources.brand, sources.project.files())
writers = {fmt: writer(fmt) for fmt in FORMATS}; t["document + import writers"] = time.perf_counter() - s
for fmt in FORMATS:  # one after the other (a build renders DOCX and HTML beside the PDF)
    s = time.perf_counter(); result = writers[fmt](document, assets)
    t[f"render {fmt}"] = time.perf_counter() - s
pages = result.pages if fmt == "pdf" else None
for fmt in FORMATS:  # again, in the warm process (a preview server, a second build)
    s = time.perf_counter(); result = writers[fmt](document, assets)
    t[f"warm: render {fmt}"] = time.perf_counter() - s
    if fmt == "pdf":
        t["pdf pages"] = result.pages
# WeasyPrint's own plain render of the same print HTML (no PDF/A-3a variant, no
# finisher), taking turns with ours: the lower of two renders each, so that load which
# changes between them falls on both
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from handlingsplan.writers.html import render_html
from handlingsplan.writers.pdf import BASE_URL, AssetFetcher
plain = []
for turn in range(2):
    s = time.perf_counter()
    html = render_html(document, assets, "print")
    layout = HTML(string=html, base_url=BASE_URL, url_fetcher=AssetFetcher(assets.files)).render(
        font_config=FontConfiguration())
    layout.write_pdf()
    plain.append(time.perf_counter() - s)
    if turn == 0:
        s = time.perf_counter(); writers["pdf"](document, assets)
        t["warm: render pdf"] = min(t["warm: render pdf"], time.perf_counter() - s)
t["warm: plain WeasyPrint render of our print HTML"] = min(plain)
t["plain pages"] = len(layout.pages)
print("STAGES " + json.dumps(t))
"""


def stage_times(root: Path, work: Path, runs: int) -> dict[str, float]:
    """Median time of each stage of one build, each run in a fresh process."""
    out = work / "stages"
    out.mkdir(exist_ok=True)
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", STAGES, str(root), str(out), str(YEAR)],
                              cwd=CODE, capture_output=True, text=True, env=COLD)
        line = next((x for x in proc.stdout.splitlines() if x.startswith("STAGES ")), None)
        if proc.returncode or line is None:
            print(f"  (stage breakdown failed: {proc.stderr.strip()[-300:]})", file=sys.stderr)
            return {}
        samples.append(json.loads(line.removeprefix("STAGES ")))
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def bench_plan(name: str, root: Path, work: Path, runs: int, per_format: bool,
               stages: bool, build_too: bool = True) -> Result:
    """Time every command of one plan. The commands take turns (one run of each, then the
    next round), so that load from other processes on the machine falls on all of them alike
    and the ratios stay fair; each gets one unmeasured warm-up run first."""
    from handlingsplan.sources import load_content
    import pypandoc

    log = work / "commands.log"
    plan, _, _ = load_content(root, YEAR)
    words = sum(len((root / c.loc.path).read_text(encoding="utf-8").split()) for c in plan.chapters)
    title, text = pandoc_markdown(root)
    pandoc_dir = work / "pandoc"
    pandoc_dir.mkdir(exist_ok=True)
    (pandoc_dir / "plan.md").write_text(text, encoding="utf-8")

    base = [sys.executable, str(CODE / "build.py"), "--root", str(root), "--year", str(YEAR)]
    common = [pypandoc.get_pandoc_path(), "plan.md", "--from", "markdown", "--toc",
              "--number-sections", "--metadata", f"title={title}", "--metadata", "lang=sv"]
    commands: dict[str, tuple[list[str], Path]] = {"check": (base + ["--check"], CODE)}
    if build_too:
        commands["full"] = (base, CODE)
        commands["rebuild"] = (base, CODE)  # with the cache: unchanged sources
        if per_format:
            commands.update({fmt: (base + ["--format", fmt], CODE) for fmt in FORMATS})
    commands.update({
        "pandoc → DOCX": (common + ["--to", "docx", "-o", "plan.docx"], pandoc_dir),
        "pandoc → HTML": (common + ["--to", "html5", "--standalone", "-o", "plan.html"], pandoc_dir),
        "weasyprint HTML → PDF": ([tool("weasyprint"), "plan.html", "plan.pdf"], pandoc_dir),
    })
    series = {key: Series() for key in commands}
    for round_ in range(runs + 1):
        label = "warm-up" if round_ == 0 else f"run {round_}/{runs}"
        print(f"[{name}] {label}: {', '.join(commands)}", file=sys.stderr)
        for key, (cmd, cwd) in commands.items():
            result = run_once(cmd, cwd, log, env=WARM if key == "rebuild" else COLD)
            if round_:
                series[key].runs.append(result)
    pages = pdf_pages(next((root / "output" / str(YEAR)).glob("*.pdf"))) if build_too else 0
    breakdown = {}
    if stages and build_too:
        print(f"[{name}] stage breakdown x{runs}", file=sys.stderr)
        breakdown = stage_times(root, work, runs)
    route = {key: series[key] for key in commands if key.startswith(("pandoc", "weasyprint"))}
    return Result(name, len(plan.chapters), len(plan.activities.activities), words,
                  series["check"], series.get("full"), series.get("rebuild"), pages,
                  {fmt: series[fmt] for fmt in FORMATS if fmt in series}, breakdown, route,
                  pdf_pages(pandoc_dir / "plan.pdf"))


# --------------------------------------------------------------------------- reporting


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", " ")


def sec(seconds: float) -> str:
    return f"{seconds:.2f} s"


def spread(series: Series) -> str:
    """Median with the range of the runs: "2.11 s (2.05–2.30)"."""
    times = [r.seconds for r in series.runs]
    if len(times) < 2:
        return sec(series.seconds)
    return f"{sec(series.seconds)} ({min(times):.2f}–{max(times):.2f})"


def mb(value: float) -> str:
    return f"{value:.0f} MB"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join(["---"] + ["--:"] * (len(header) - 1)) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def per_page_ratio(r: Result) -> float:
    st = r.stages
    return ((st["warm: render pdf"] / st["pdf pages"])
            / (st["warm: plain WeasyPrint render of our print HTML"] / st["plain pages"]))


def targets(results: list[Result]) -> str:
    """The performance issue's targets, each with its measured figure."""
    rows = []

    def row(target: str, figure: str, met: bool | None) -> None:
        rows.append([target, figure, "–" if met is None else ("yes" if met else "**no**")])

    for r in results:
        if r.build:
            value = r.build.seconds / pandoc_total(r)
            row(f"full build ≤ 0.8× the pandoc route ({r.name}, {r.pages} pages)", f"{value:.2f}×",
                value <= 0.8)
    for r in results:
        if r.stages:
            value = per_page_ratio(r)
            row(f"PDF ≤ 1.0× WeasyPrint's plain render per page ({r.name})", f"{value:.2f}×",
                value <= 1.0)
    for r in results:
        if r.build and r.rebuild:
            value = r.rebuild.seconds / r.build.seconds
            row(f"unchanged rebuild ≤ 0.15× cold ({r.name})", f"{value:.2f}×", value <= 0.15)
    small = next((r for r in results if r.name == "2025 plan"), None)
    if small and small.stages:
        html, pdf = small.stages["warm: render html"], small.stages["warm: render pdf"]
        row("warm-process HTML ≤ 0.05 s (2025 plan)", sec(html), html <= 0.05)
        row("warm-process PDF ≤ 1.0 s (2025 plan)", sec(pdf), pdf <= 1.0)
    if small and small.build:
        row("peak memory ≤ 150 MB (2025 plan, full build)", mb(small.build.peak_mb),
            small.build.peak_mb <= 150)
    return table(["target", "measured", "met"], rows).replace("| --- | --: | --: |", "| --- | --: | --- |")


def pandoc_total(r: Result) -> float:
    return sum(s.seconds for s in r.pandoc.values())


def report(results: list[Result], runs: int) -> str:
    names = [f"{r.name}" for r in results]
    ours: list[list[str]] = [
        ["chapters / activities"] + [f"{r.chapters} / {r.activities}" for r in results],
        ["words in the chapters"] + [f"{r.words:,}".replace(",", " ") for r in results],
        ["PDF pages"] + [str(r.pages or "–") for r in results],
        ["`--check`: time"] + [ms(r.check.seconds) for r in results],
        ["`--check`: peak RSS"] + [mb(r.check.peak_mb) for r in results],
    ]
    built = all(r.build for r in results)
    if built:
        ours += [
            ["**full build** (PDF + DOCX + HTML): time"] + [f"**{spread(r.build)}**" for r in results],
            ["full build: CPU time (user + system)"] + [sec(r.build.cpu) for r in results],
            ["full build: peak RSS"] + [mb(r.build.peak_mb) for r in results],
            ["full build: ms per PDF page"] + [f"{r.build.seconds * 1000 / r.pages:.0f}" for r in results],
            ["unchanged rebuild (input-hash cache): time"] + [spread(r.rebuild) for r in results],
            ["unchanged rebuild / full build"] + [f"{r.rebuild.seconds / r.build.seconds:.2f}"
                                                  for r in results],
        ]
    if all(r.per_format for r in results):
        for fmt in FORMATS:
            ours.append([f"`--format {fmt}`: time"] + [spread(r.per_format[fmt]) for r in results])
            ours.append([f"`--format {fmt}`: peak RSS"] + [mb(r.per_format[fmt].peak_mb) for r in results])
        ours.append(["`--format pdf`: ms per PDF page"]
                    + [f"{r.per_format['pdf'].seconds * 1000 / r.pages:.0f}" for r in results])
    out = ["### The targets of the performance issue", "", targets(results), "",
           f"### Our build (median of {runs} runs (min–max), each a fresh process; "
           "peak RSS = highest run)",
           "", table([""] + names, ours)]

    if all(r.stages for r in results):
        keys = [k for k in results[0].stages if not k.endswith("pages") and not k.startswith("warm")]
        rows = [[k] + [ms(r.stages[k]) for r in results] for k in keys]
        rows.append(["sum"] + [ms(sum(r.stages[k] for k in keys)) for r in results])
        warm = [k for k in results[0].stages if k.startswith("warm")]
        rows += [[k] + [ms(r.stages[k]) for r in results] for k in warm]
        rows.append(["warm: our PDF, ms per page"]
                    + [f"{r.stages['warm: render pdf'] * 1000 / r.stages['pdf pages']:.0f}"
                       f" ({r.stages['pdf pages']:.0f} pages)" for r in results])
        rows.append(["warm: plain WeasyPrint render, ms per page"]
                    + [f"{r.stages['warm: plain WeasyPrint render of our print HTML'] * 1000 / r.stages['plain pages']:.0f}"
                       f" ({r.stages['plain pages']:.0f} pages)" for r in results])
        rows.append(["ours / plain render, per page"] + [f"{per_page_ratio(r):.2f}" for r in results])
        out += ["", f"### Where a build's time goes (in one fresh process, median of {runs})",
                "", table(["stage"] + names, rows)]

    route = list(results[0].pandoc)
    rows = []
    for key in route:
        rows.append([f"{key}: time"] + [spread(r.pandoc[key]) for r in results])
        rows.append([f"{key}: peak RSS"] + [mb(r.pandoc[key].peak_mb) for r in results])
    rows.append(["PDF pages (pandoc's HTML via WeasyPrint)"] + [str(r.pandoc_pages) for r in results])
    rows.append(["weasyprint: ms per PDF page"]
                + [f"{r.pandoc['weasyprint HTML → PDF'].seconds * 1000 / r.pandoc_pages:.0f}"
                   for r in results])
    rows.append(["**all three formats**: time"] + [f"**{sec(pandoc_total(r))}**" for r in results])
    rows.append(["all three formats: CPU time (user + system)"]
                + [sec(sum(t.cpu for t in r.pandoc.values())) for r in results])
    out += ["", f"### The usual alternative: pandoc + weasyprint on the same content (median of {runs})",
            "", table([""] + names, rows)]

    if not built:
        return "\n".join(out) + "\n"

    def ratio(ours: Series, theirs: list[Series]) -> str:
        wall = ours.seconds / sum(t.seconds for t in theirs)
        cpu = ours.cpu / sum(t.cpu for t in theirs)
        return f"{wall:.2f} / {cpu:.2f}"

    docx, html, pdf = route
    ratios = [["**all formats**: full build vs the three commands"]
              + [f"**{ratio(r.build, list(r.pandoc.values()))}**" for r in results]]
    if all(r.per_format for r in results):
        ratios += [
            ["PDF: `--format pdf` vs pandoc → HTML + weasyprint"]
            + [ratio(r.per_format["pdf"], [r.pandoc[html], r.pandoc[pdf]]) for r in results],
            ["DOCX: `--format docx` vs pandoc → DOCX"]
            + [ratio(r.per_format["docx"], [r.pandoc[docx]]) for r in results],
            ["HTML: `--format html` vs pandoc → HTML"]
            + [ratio(r.per_format["html"], [r.pandoc[html]]) for r in results],
        ]
    ratios.append(["peak RSS: full build vs the highest of the three"]
                  + [f"{r.build.peak_mb / max(t.peak_mb for t in r.pandoc.values()):.2f}"
                     for r in results])
    out += ["", "### Ratio ours / pandoc route (wall time / CPU time; below 1: ours is faster)",
            "", table([""] + names, ratios)]
    if len(results) == 2 and all(r.per_format for r in results):
        small, large = results
        extra_pages = large.pages - small.pages
        extra_theirs = large.pandoc_pages - small.pandoc_pages
        wp = "weasyprint HTML → PDF"
        rows = [
            ["ours, `--format pdf`", str(extra_pages),
             f"{(large.per_format['pdf'].seconds - small.per_format['pdf'].seconds) / extra_pages * 1000:.0f}"],
            ["ours, full build", str(extra_pages),
             f"{(large.build.seconds - small.build.seconds) / extra_pages * 1000:.0f}"],
            ["`weasyprint` on pandoc's HTML", str(extra_theirs),
             f"{(large.pandoc[wp].seconds - small.pandoc[wp].seconds) / extra_theirs * 1000:.0f}"],
        ]
        out += ["", f"### Marginal cost per PDF page ({large.name} minus {small.name})", "",
                table(["", "extra pages", "ms per extra page"], rows)]
    return "\n".join(out) + "\n"


def _first(path: str, pattern: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "?"
    match = re.search(pattern, text, re.M)
    return match.group(1).strip() if match else "?"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()


def code_description(commit: str | None) -> str:
    if commit:
        return f"commit {_git('rev-parse', '--short', commit)} (exported with git archive)"
    dirty = _git("status", "--porcelain", "--", "handlingsplan", "templates", "content", "build.py")
    return (f"working tree at commit {_git('rev-parse', '--short', 'HEAD')}"
            + (" with uncommitted changes" if dirty else ""))


def machine(load_before: tuple[float, ...], load_after: tuple[float, ...], code: str) -> str:
    import pypandoc

    ram_kb = int(_first("/proc/meminfo", r"^MemTotal:\s+(\d+)") or 0)
    cpu = _first("/proc/cpuinfo", r"^model name\s*:(.*)$")
    if re.search(r"^flags\s*:.*\bhypervisor\b", Path("/proc/cpuinfo").read_text(), re.M):
        cpu += " (virtual machine)"
    system = _first("/etc/os-release", r'^PRETTY_NAME="?([^"\n]*)')
    rows = [
        ["CPU", f"{cpu}, "
                f"{len(os.sched_getaffinity(0))} usable of {os.cpu_count()} logical CPUs (nproc)"],
        ["RAM", f"{ram_kb / 1024 / 1024:.1f} GiB"],
        ["OS", f"{system}, Linux {platform.release()}"],
        ["Python", platform.python_version()],
        ["WeasyPrint", _version("weasyprint")],
        ["python-docx", _version("python-docx")],
        ["pandoc", f"{pypandoc.get_pandoc_version()} (pypandoc-binary {_version('pypandoc-binary')})"],
        ["pikepdf / markdown-it-py / Jinja2", f"{_version('pikepdf')} / {_version('markdown-it-py')} / "
                                             f"{_version('jinja2')}"],
        ["code measured", code],
        ["load average (1 min) before / after", f"{load_before[0]:.2f} / {load_after[0]:.2f}"],
        ["bytecode", "cached in __pycache__ by the measured processes (PYTHONDONTWRITEBYTECODE "
                     f"removed from their environment; in this shell: {os.environ.get(BYTECODE) or 'not set'})"],
    ]
    return table(["", ""], rows).replace("| --- | --: |", "| --- | --- |")


def document(body: str, machine_text: str, when: str, runs: int, interpretation: str,
             command: str, large: str) -> str:
    return f"""# Benchmark

How long a build takes and how much memory it needs, for the 2025 plan and for a generated
large plan, compared with the usual alternative (pandoc to DOCX and HTML, then the
`weasyprint` command to PDF) on the same content. Measured {when} with

```sh
{command}
```

(`make bench` prints the tables without writing this file.)

- Every measured command runs in a fresh child process (`python build.py --root <copy>
  --year 2025`, `pandoc …`, `weasyprint …`), reaped with `os.wait4`: its wall time and its
  own peak resident set (`ru_maxrss`) and CPU time (user + system). Times are the median of
  {runs} runs, with their range; peak RSS is the highest of the runs. The commands of a plan
  take turns (one run of each, then the next round), after one unmeasured warm-up round, so
  that load from other processes falls on ours and pandoc's alike.
- **2025 plan**: `content/2025/` of the measured code. **Large plan**: `scripts/large_plan.py`
  (seeded, so always the same text): {large} of generated Swedish prose with lists, goal
  headings and `::: delmål` blocks, using every `slutdatum` form. Both are built in copies in
  a temporary folder; `output/` is not touched. Builds run with the input-hash cache off
  (`HANDLINGSPLAN_NO_CACHE=1`) except "unchanged rebuild"; a full build renders DOCX and HTML
  in a forked child beside the PDF, so its peak RSS is that of the larger process.
- **Stages**: one fresh process (`python -c`) that imports, loads and renders each format,
  then renders each again (warm) and runs WeasyPrint's plain `HTML(...).render().write_pdf()`
  (no `pdf_variant`, no finisher) on the same print HTML, twice, with a third render of
  our PDF between the two: "warm: render pdf" and the plain render are each the lower of
  two renders that took turns.
- **Pandoc route**: the chapter Markdown files as written, concatenated, plus the activity
  table as a Markdown pipe table made from the plan document's activity Table (`handlingsplan.documents`), with
  `--toc --number-sections`; `pandoc -t docx`, `pandoc -t html5 --standalone`, then
  `weasyprint plan.html plan.pdf`. Its output is plainer than ours (pandoc's default styles:
  no brand, title page, page headers or status marking, no PDF/A-3a + PDF/UA tagging, no
  fonts embedded in the DOCX), so the ratio prices our extra work, not equal quality.

## Machine

{machine_text}

## Results

{body}
{END}

{interpretation.strip()}
"""


DEFAULT_INTERPRETATION = f"""{INTERPRETATION}

(Not written yet: read the tables above.)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measured runs per command (median)")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the results and the machine to FILE (docs/benchmark.md)")
    parser.add_argument("--only", choices=("2025", "large"), help="benchmark one plan only")
    parser.add_argument("--no-per-format", action="store_true",
                        help="skip timing --format pdf/docx/html separately")
    parser.add_argument("--no-stages", action="store_true", help="skip the stage breakdown")
    parser.add_argument("--no-build", action="store_true",
                        help="time only --check and the pandoc route (e.g. before the writers exist)")
    parser.add_argument("--commit", metavar="REV",
                        help="measure this commit (exported with git archive) instead of the "
                             "working tree, e.g. HEAD while others are editing")
    parser.add_argument("--large-chapters", type=int, default=46,
                        help="chapters of the large plan (default 46: ≈200 pages with 920 activities)")
    parser.add_argument("--large-activities", type=int, default=920)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR and keep it (default: a temporary folder, removed)")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="handlingsplan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    global CODE
    if args.commit:
        CODE = work / "code"
        if CODE.exists():
            shutil.rmtree(CODE)
        CODE.mkdir()
        archive = subprocess.run(["git", "archive", "--format=tar", args.commit], cwd=REPO,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(CODE)], input=archive, check=True)
    code = code_description(args.commit)
    sys.path.insert(0, str(CODE))
    load_before = os.getloadavg()
    started = time.perf_counter()
    results = []
    try:
        if args.only in (None, "2025"):
            w = work / "plan-2025"
            w.mkdir(exist_ok=True)
            shutil.rmtree(w / "project", ignore_errors=True)
            root = copy_project(w / "project")
            results.append(bench_plan("2025 plan", root, w, args.runs, not args.no_per_format,
                                      not args.no_stages, not args.no_build))
        if args.only in (None, "large"):
            w = work / "large-plan"
            w.mkdir(exist_ok=True)
            root = w / "project"
            write_large_plan(root, args.large_chapters, args.large_activities,
                             templates_from=CODE / "templates")
            results.append(bench_plan("large plan", root, w, args.runs, not args.no_per_format,
                                      not args.no_stages, not args.no_build))
    except CommandFailed as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    body = report(results, args.runs)
    print(body)
    print(f"(benchmark took {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if args.write:
        interpretation = DEFAULT_INTERPRETATION
        if args.write.exists():
            old = args.write.read_text(encoding="utf-8")
            if INTERPRETATION in old:
                interpretation = old[old.index(INTERPRETATION):]
        when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        args.write.parent.mkdir(parents=True, exist_ok=True)
        command = " ".join([".venv/bin/python scripts/benchmark.py", *(argv or sys.argv[1:])])
        args.write.write_text(document(body, machine(load_before, load_after, code), when, args.runs,
                                       interpretation, command,
                                       f"{args.large_chapters} chapters and "
                                       f"{args.large_activities} activities"), encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
