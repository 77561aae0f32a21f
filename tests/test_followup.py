"""The follow-up report (--uppfoljning), the new activity fields and late activities in the
plan, on the synthetic project (tests/synthetic.py) and on the 2025 plan. Every expected
count comes from the loaded model."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from handlingsplan import model as m
from handlingsplan.documents.activity_table import marked
from handlingsplan.diagnostics import ContentError, Report
from handlingsplan.documents import followup, progress
from handlingsplan.documents.activity_table import activity_table
from handlingsplan.documents.followup import (STATUS_ORDER, check_comments, count_statuses,
                                              followup_document)
from handlingsplan.documents.plan import plan_document
from handlingsplan.documents.typography import typeset
from handlingsplan.sources import load_content

from .helpers import build, make_project
from .synthetic import YEAR, write_synthetic_project

DAY = dt.date(YEAR, 6, 30)
A = f"content/{YEAR}/aktiviteter.yaml"
FORMATS = ("pdf", "docx", "html")


def add_fields(project: Path) -> None:
    """Comments on some activities and new due dates on others (the first activities that
    are late on DAY), written into the synthetic activity list."""
    path = project / A
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out, seen = [], 0
    for line in lines:
        out.append(line)
        if line.startswith("    slutdatum:") and line.strip().endswith(f"{YEAR}-05-25"):
            seen += 1
            if seen == 1:
                out.append(f"    nytt_slutdatum: {YEAR}-09-30\n")
            else:
                out.append("    kommentar: Väntar på att lokalen blir klar.\n")
    path.write_text("".join(out), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_synthetic_project(tmp_path_factory.mktemp("followup"))
    add_fields(root)
    assert build(root, "--year", str(YEAR), "--uppfoljning", DAY.isoformat()) == 0
    return root


@pytest.fixture(scope="module")
def plan(project: Path) -> m.Plan:
    return load_content(project, YEAR)[0]


@pytest.fixture(scope="module")
def document(plan: m.Plan) -> m.Document:
    return followup_document(plan, DAY)


def path_of(project: Path, document: m.Document, fmt: str) -> Path:
    return project / "output" / str(YEAR) / f"{document.file_stem}.{fmt}"


# ---- the activity fields -------------------------------------------------------------------

def test_new_fields_are_read(plan: m.Plan) -> None:
    moved = [a for a in plan.activities.activities if a.new_due is not None]
    commented = [a for a in plan.activities.activities if a.comment]
    assert len(moved) == 1 and moved[0].current_due.end == dt.date(YEAR, 9, 30)
    assert moved[0].due.end == dt.date(YEAR, 5, 25)
    assert commented and {a.comment for a in commented} == {"Väntar på att lokalen blir klar."}


@pytest.mark.parametrize("line, message", [
    ("    nytt_slutdatum: 2031-02-30\n", "'nytt_slutdatum': februari 2031 har inte dag 30"),
    ("    nytt_slutdatum: snart\n", "'nytt_slutdatum': 'snart' är inget slutdatum"),
    ("    kommentar: [a, b]\n", "'kommentar' ska vara en text"),
])
def test_bad_fields_are_errors_at_their_line(tmp_path: Path, line: str, message: str) -> None:
    root = write_synthetic_project(tmp_path)
    path = root / A
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index(next(x for x in lines if x.startswith("    status:"))) + 1
    lines.insert(at, line)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root, YEAR)
    problems = [str(p) for p in caught.value.report.errors]
    assert any(p.startswith(f"{A}:{at + 1}:") and message in p for p in problems), problems


def test_new_due_before_the_old_one_is_a_warning(tmp_path: Path) -> None:
    root = write_synthetic_project(tmp_path)
    path = root / A
    text = path.read_text(encoding="utf-8")
    first = f"    slutdatum: {YEAR}-05-25\n"
    path.write_text(text.replace(first, first + f"    nytt_slutdatum: {YEAR}-04-01\n", 1),
                    encoding="utf-8")
    line = text[: text.index(first)].count("\n") + 2
    _, report, _ = load_content(root, YEAR)
    assert [str(p.loc).split(":")[1] for p in report.warnings] == [str(line)]
    assert "ligger före slutdatum" in report.warnings[0].message


# ---- what the report says ------------------------------------------------------------------

def summary(document: m.Document) -> m.Table:
    return next(t for t in document.tables() if t.anchor == "tabell-sammanfattning")


def chart(document: m.Document) -> m.BarChart:
    (found,) = [b for s in document.sections for b in s.blocks if isinstance(b, m.BarChart)]
    return found


def numbers(row: tuple[m.Cell, ...]) -> list[int]:
    return [int(m.plain_text(cell)) for cell in row[1:]]


def test_counts_come_from_the_model(plan: m.Plan, document: m.Document) -> None:
    activities = plan.activities.activities
    table = summary(document)
    goals = followup.goals(plan)
    assert len(table.rows) == 1 + len(goals)
    expected = []
    for key in [None] + [g[0] for g in goals]:
        members = [a for a in activities if key is None or key in {r.key for r in a.goals}]
        row = [sum(1 for a in members if progress.status_on(a, DAY) is s) for s in STATUS_ORDER]
        expected.append(row + [len(members)])
    assert [numbers(row) for row in table.rows] == expected
    assert expected[0][-1] == len(activities) == sum(expected[0][:-1])
    assert sum(count_statuses(activities, DAY).values()) == len(activities)


def test_chart_shows_the_tables_numbers(document: m.Document) -> None:
    table, drawn = summary(document), chart(document)
    assert list(drawn.values) == numbers(table.rows[0])[:-1]
    assert list(drawn.labels) == [c.label for c in table.columns[1:-1]]
    for label, value in zip(drawn.labels, drawn.values):
        assert f"{label.lower()} {value}" in drawn.description


def test_late_activities(plan: m.Plan, document: m.Document) -> None:
    late = [a for a in plan.activities.activities
            if a.status not in (m.Status.DONE, m.Status.CANCELLED)
            and (a.status is m.Status.DELAYED
                 or (a.current_due.end is not None and a.current_due.end < DAY))]
    assert late
    table = next(t for t in document.tables() if t.anchor == "tabell-forsenade")
    assert [m.plain_text(r[0]) for r in table.rows] == [a.text for a in late]
    moved = next(a for a in plan.activities.activities if a.new_due is not None)
    assert moved not in late      # its new due date has not passed
    commented = next(a for a in late if a.comment)
    row = next(r for r in table.rows if m.plain_text(r[0]) == commented.text)
    assert m.plain_text(row[4]) == commented.comment


def test_every_activity_under_each_of_its_goals(plan: m.Plan, document: m.Document) -> None:
    goal_tables = [t for t in document.tables() if t.anchor.startswith("tabell-mal-")]
    assert len(goal_tables) == len(followup.goals(plan))
    assert sum(len(t.rows) for t in goal_tables) == sum(len(a.goals) for a in plan.activities.activities)


def test_late_without_comment_is_a_warning_at_its_line(plan: m.Plan) -> None:
    report = Report()
    check_comments(plan, DAY, report)
    expected = [a.loc for a in progress.late_activities(plan.activities, DAY) if not a.comment]
    assert expected and [p.loc for p in report.warnings] == expected
    assert all("saknar kommentar" in p.message for p in report.warnings)


def test_strict_stops_on_a_late_activity_without_comment(project: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "p"
    shutil.copytree(project / "templates", copy / "templates")
    shutil.copytree(project / "content", copy / "content")
    capsys.readouterr()
    assert build(copy, "--year", str(YEAR), "--uppfoljning", DAY.isoformat(), "--strict") == 1
    err = capsys.readouterr().err
    assert re.search(rf"{A}:\d+:\d+: varning: aktiviteten är försenad", err), err
    assert not (copy / "output" / str(YEAR)).exists()
    assert build(copy, "--year", str(YEAR), "--uppfoljning", "2031-02-30") == 2


# ---- the files ---------------------------------------------------------------------------

def test_files_beside_the_plan_with_the_date(project: Path, document: m.Document) -> None:
    assert document.file_stem.endswith(f"-{YEAR}-uppfoljning-{DAY.isoformat()}")
    out = project / "output" / str(YEAR)
    names = sorted(f"{document.file_stem}.{fmt}" for fmt in FORMATS)
    assert sorted(p.name for p in out.iterdir()) == sorted(names + ["SHA256SUMS"])
    assert [line.split("  ")[1] for line in (out / "SHA256SUMS").read_text().splitlines()] == names


def test_pdf_is_pdfa_and_pdfua(project: Path, document: m.Document,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = path_of(project, document, "pdf")
    with pikepdf.open(path) as pdf:
        with pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "A"
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == document.full_title
        assert str(pdf.Root.Lang) == "sv-SE"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
        alts = [str(e.get("/Alt", "")) for e in figures]
        assert typeset(chart(document).description) in alts
    pdfua = pytest.importorskip("pdfua")
    from pdfua.rules import structure

    from .test_pdf_accessibility import _as_integer

    monkeypatch.setattr(structure, "as_integer", _as_integer)
    report = pdfua.validate(str(path))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert report.exit_code == 0


def _elements(node: object) -> list[pikepdf.Dictionary]:
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
        elif isinstance(item, pikepdf.Dictionary) and "/K" in item or (
                isinstance(item, pikepdf.Dictionary) and "/S" in item):
            if "/S" in item:
                found.append(item)
            if "/K" in item:
                stack.append(item.K)
    return found


def test_html_chart_is_an_image_with_a_text_alternative(project: Path,
                                                        document: m.Document) -> None:
    page = lxml.html.fromstring(path_of(project, document, "html").read_bytes())
    (svg,) = page.xpath("//figure[@class='diagram']/svg")
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == typeset(chart(document).description)
    assert page.xpath("//figure[@class='diagram']/figcaption")[0].text_content() == typeset(chart(document).caption)
    assert len(svg.xpath(".//rect")) == sum(1 for v in chart(document).values if v)


def test_docx_chart_is_a_picture_with_alt_text(project: Path, document: m.Document) -> None:
    with zipfile.ZipFile(path_of(project, document, "docx")) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in docx.namelist())
    assert f'descr="{typeset(chart(document).description)}"' in body


def test_the_2025_plans_report_builds(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    assert build(root, "--year", "2025", "--uppfoljning", "2025-06-30") == 0
    plan = load_content(root, 2025)[0]
    document = followup_document(plan, dt.date(2025, 6, 30))
    assert document.file_stem == "halsingeradets-handlingsplan-2025-uppfoljning-2025-06-30"
    assert document.document_block[0] == ("Läge", "per den 30 juni 2025")
    assert document.full_title == "Uppföljning av Hälsingerådets handlingsplan 2025"
    for fmt in FORMATS:
        assert (root / "output" / "2025" / f"{document.file_stem}.{fmt}").stat().st_size > 0
    late = progress.late_activities(plan.activities, dt.date(2025, 6, 30))
    assert [m.plain_text(r[0]) for r in document.tables()[1].rows] == [a.text for a in late]


# ---- late activities in the plan ---------------------------------------------------------

def statuses(plan: m.Plan, day: dt.date | None) -> list[str]:
    table = activity_table(plan.activities, plan.meta.year, day)
    return [m.plain_text(row[-1]) for row in table.rows]


def test_the_plan_marks_late_activities_in_words(plan: m.Plan) -> None:
    texts = statuses(plan, DAY)
    for activity, text in zip(plan.activities.activities, texts):
        late = progress.is_late(activity, DAY)
        assert ("Försenad" in text) == late, (activity.text, text)
        if activity.status.value:
            assert text.startswith(m.plain_text(marked(activity.status.value)))
    assert statuses(plan, None) == [m.plain_text(marked(a.status.value))
                                    for a in plan.activities.activities]


def test_the_plans_day_is_per_then_datum_then_source_date_epoch_never_the_clock(
        plan: m.Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unmarked unless markera_försenade: ja or --per; then --per, datum, SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735732800")       # 2025-01-01
    unasked = plan.meta
    assert not unasked.mark_late and unasked.date is not None
    assert progress.as_of_date(unasked) is None                 # approved as written
    assert progress.as_of_date(unasked, DAY) == DAY             # --per asks for it
    meta = m.PlanMeta(**{**unasked.__dict__, "mark_late": True})
    assert progress.as_of_date(meta) == meta.date               # datum wins over the epoch
    assert progress.as_of_date(meta, DAY) == DAY                # --per wins over datum
    undated = m.PlanMeta(**{**meta.__dict__, "date": None})
    assert progress.as_of_date(undated) == dt.date(2025, 1, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert progress.as_of_date(undated) is None
    unmarked = plan_document(m.Plan(undated, plan.chapters, plan.activities)).tables()[-1]
    assert [m.plain_text(row[-1]) for row in unmarked.rows] == [
        m.plain_text(marked(a.status.value)) for a in plan.activities.activities]
    dated = m.PlanMeta(**{**meta.__dict__, "date": dt.date(YEAR, 12, 31)})
    late = plan_document(m.Plan(dated, plan.chapters, plan.activities)).tables()[-1]
    assert any("Försenad" in m.plain_text(row[-1]) for row in late.rows)
    unset = m.PlanMeta(**{**dated.__dict__, "mark_late": False})
    assert plan_document(m.Plan(unset, plan.chapters, plan.activities)).tables()[-1] == unmarked
