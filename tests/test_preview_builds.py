"""The preview's fast path without a browser: what the overlay and the terminal show, and
that it shows the plan as the build makes it: late activities marked by
`markera_försenade: ja` or --per, in the page and in the background Word file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from handlingsplan import words as w
from handlingsplan.preview.builds import build_html
from handlingsplan.preview.page import page_html
from handlingsplan.preview.state import PreviewState

from .helpers import build, make_project, squash
from .synthetic import YEAR as SYNTHETIC_YEAR, write_synthetic_project
from .test_late_marking import docx_status, set_plan_keys


def test_a_template_error_names_template_and_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path)
    template = project / "templates" / "plan.html.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(19, "{% if %}\n")
    template.write_text("".join(lines), encoding="utf-8")
    outcome = build_html(project, 2025)
    assert outcome.html is None
    assert outcome.text.startswith("templates/plan.html.j2:20: fel: ")


def test_the_page_carries_the_problems_and_no_script_from_content(tmp_path) -> None:  # type: ignore[no-untyped-def]
    outcome = build_html(make_project(tmp_path), 2025)
    assert outcome.html is not None
    state = PreviewState()
    state.update(page=outcome.html, page_version=1, problems="content/2025/x.md:3: fel: <script>")
    page = page_html(state).decode("utf-8")
    assert page.count("</body>") == 1 and 'id="hp-fg-fel" role="alert">' in page
    assert "<script>" not in page.split('id="hp-fg-feltext">')[1].split("</pre>")[0]


# ---- late activities: the preview shows what the build makes --------------------------

MARKING = {
    # name: (plan.yaml keys, --per)
    "as approved": ({}, None),
    "markera_försenade": ({"markera_försenade": "ja", "datum": f"{SYNTHETIC_YEAR}-06-30"}, None),
    "--per": ({}, dt.date(SYNTHETIC_YEAR, 6, 30)),
    "--per wins": ({"markera_försenade": "ja", "datum": f"{SYNTHETIC_YEAR}-06-30"},
                   dt.date(SYNTHETIC_YEAR, 3, 1)),
}


def table_and_sentence(html: bytes) -> tuple[list[str], bool]:
    """The activity table's status column and whether the marking sentence is there."""
    page = lxml.html.fromstring(html)
    column = [squash(td.text_content()) for td in
              page.xpath("//table[@id='tabell-aktiviteter']/tbody/tr/td[last()]")]
    return column, squash("markerade”Försenad”") in squash(page.text_content())


@pytest.mark.parametrize("case", list(MARKING))
def test_the_preview_marks_late_activities_as_the_build_does(
        tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    keys, per = MARKING[case]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_synthetic_project(tmp_path)
    set_plan_keys(root, **keys)
    extra = ("--per", per.isoformat()) if per else ()
    assert build(root, "--year", str(SYNTHETIC_YEAR), "--format", "html", *extra) == 0
    (built,) = (root / "output" / str(SYNTHETIC_YEAR)).glob("*.html")
    outcome = build_html(root, SYNTHETIC_YEAR, per)
    assert outcome.html is not None, outcome.text
    column, sentence = table_and_sentence(outcome.html)
    assert (column, sentence) == table_and_sentence(built.read_bytes())
    assert sentence == (case != "as approved")
    assert any(w.LATE in cell for cell in column)     # the synthetic list has "försenad" ones


def test_the_preview_gives_the_marking_warning_of_the_build(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`markera_försenade: ja` without a day to count from: the warning at its line, in the
    preview's problems as on --check; with --per it is gone in both."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_synthetic_project(tmp_path)
    set_plan_keys(root, datum="", markera_försenade="ja")
    assert build(root, "--year", str(SYNTHETIC_YEAR), "--check") == 0
    warning = next(line for line in capsys.readouterr().err.splitlines() if "markera_försenade" in line)
    assert warning.startswith(f"content/{SYNTHETIC_YEAR}/plan.yaml:")
    outcome = build_html(root, SYNTHETIC_YEAR)
    assert outcome.html is not None and warning in outcome.text.splitlines()
    assert "markera_försenade" not in build_html(root, SYNTHETIC_YEAR,
                                                 dt.date(SYNTHETIC_YEAR, 6, 30)).text


def test_the_background_docx_is_marked_on_per(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview's Word file (worker.py, given --per by the preview) has the build's
    status column."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_synthetic_project(tmp_path)
    day = dt.date(SYNTHETIC_YEAR, 6, 30)
    assert build(root, "--year", str(SYNTHETIC_YEAR), "--format", "docx", "--per", day.isoformat()) == 0
    (built,) = (root / "output" / str(SYNTHETIC_YEAR)).glob("*.docx")
    worker = subprocess.run(
        [sys.executable, "-m", "handlingsplan.preview.worker", "--root", str(root), "--year",
         str(SYNTHETIC_YEAR), "--format", "docx", "--per", day.isoformat()],
        capture_output=True, check=True, timeout=300)
    header, _, rest = worker.stdout.partition(b"\n")
    ((name, size),) = json.loads(header)["files"]
    assert name == built.name
    served = tmp_path / "served.docx"
    served.write_bytes(rest[:size])
    marked = docx_status(served)
    assert marked == docx_status(built) and any(w.LATE in cell for cell in marked)
    unmarked = docx_status_of_build(root, tmp_path)
    assert marked != unmarked


def docx_status_of_build(root: Path, tmp_path: Path) -> list[str]:
    assert build(root, "--year", str(SYNTHETIC_YEAR), "--format", "docx") == 0
    (built,) = (root / "output" / str(SYNTHETIC_YEAR)).glob("*.docx")
    return docx_status(built)


def test_per_with_the_preview_is_checked_like_the_build(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_synthetic_project(tmp_path)
    assert build(root, "--year", str(SYNTHETIC_YEAR), "--forhandsgranska", "--per",
                 f"{SYNTHETIC_YEAR}-02-30") == 2
    assert f"--per: februari {SYNTHETIC_YEAR} har inte dag 30" in capsys.readouterr().err


def test_the_next_background_build_starts_from_a_spare_worker_with_its_imports_done(
        tmp_path: Path) -> None:
    """Each background start hands the build to the worker started at the previous start
    (which has imported WeasyPrint and python-docx and waits), and starts the next spare;
    the spare reads the sources only when told to, so a chapter saved meanwhile is in its
    file; closing the preview ends the spare too."""
    import time

    from handlingsplan.preview.builds import Background

    project = make_project(tmp_path / "p")
    state, lines = PreviewState(), []
    background = Background(project, 2025, state, ["docx"], lines.append)

    def built(label: str = "Word") -> bytes:
        deadline = time.monotonic() + 120
        while label in state.background or "docx" not in state.files:
            assert time.monotonic() < deadline, state.background
            state.wait(state.generation, 1.0)
        return state.files["docx"].data

    try:
        background.start()
        first = built()
        spare = background._spare
        assert spare is not None and spare.poll() is None
        time.sleep(3)                   # it has imported its writers and waits for the word
        assert spare.poll() is None
        chapter = project / "content" / "2025" / "vision.md"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace("kreativt", "nyskapande"),
                           encoding="utf-8")
        state.update(files={})
        background.start()
        assert background._process is spare and background._spare not in (None, spare)
        second = built()
        assert second != first and b"nyskapande" in _docx_text(second)
        following = background._spare
    finally:
        background.close()
    assert following is not None and following.poll() is not None and background._spare is None


def _docx_text(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml")
