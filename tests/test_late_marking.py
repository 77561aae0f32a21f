"""Late activities in the plan itself: marked only where plan.yaml says `markera_försenade:
ja` (as of `datum`, else SOURCE_DATE_EPOCH) or the build gives `--per DATUM`; by default the
plan prints as approved, whatever SOURCE_DATE_EPOCH says. Checked in all three formats on
the synthetic project (every status, every due-date form); expectations from the model."""

from __future__ import annotations

import calendar
import datetime as dt
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from handlingsplan import model as m
from handlingsplan import words as w
from handlingsplan.documents import progress
from handlingsplan.documents.activity_table import long_date, marked
from handlingsplan.documents.plan import plan_document
from handlingsplan.sources import load_content

from .helpers import build, pdf_text, squash
from .synthetic import YEAR, write_synthetic_project

DAY = dt.date(YEAR, 6, 30)
LATE_IN_YEAR = calendar.timegm(dt.date(YEAR, 12, 31).timetuple())   # SOURCE_DATE_EPOCH
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def set_plan_keys(root: Path, **keys: str) -> None:
    """plan.yaml with keys replaced, added (value a string) or removed (value "")."""
    path = root / "content" / str(YEAR) / "plan.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.split(":")[0] not in keys]
    lines += [f"{key}: {value}" for key, value in keys.items() if value]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def expected_status(plan: m.Plan, day: dt.date | None) -> list[str]:
    """The status column as the model says it, unmarked (day None) or marked on day."""
    document = plan_document(plan, per=day) if day else plan_document(
        m.Plan(m.PlanMeta(**{**plan.meta.__dict__, "mark_late": False}), plan.chapters,
               plan.activities))
    return [squash(m.plain_text(row[-1])) for row in document.tables()[-1].rows]


def html_status(path: Path) -> list[str]:
    page = lxml.html.fromstring(path.read_bytes())
    return [squash(td.text_content()) for td in
            page.xpath("//table[@id='tabell-aktiviteter']/tbody/tr/td[last()]")]


def docx_status(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as docx:
        body = lxml.etree.fromstring(docx.read("word/document.xml"))
    table = body.findall(f".//{W}tbl")[-1]
    rows = table.findall(f"{W}tr")[1:]
    return [squash("".join(t.text or "" for t in row.findall(f"{W}tc")[-1].iter(f"{W}t")))
            for row in rows]


def pdf_marks(path: Path) -> int:
    """How often the PDF says "Försenad" (status words and the marking sentence; the
    synthetic chapters write the word in lower case only)."""
    return squash(pdf_text(path)).count(w.LATE)


CASES = {
    # name: (plan.yaml keys, extra arguments, the day the plan is marked on)
    "as approved": ({}, (), None),
    "setting off": ({"markera_försenade": "nej"}, (), None),
    "setting on": ({"markera_försenade": "ja", "datum": DAY.isoformat()}, (), DAY),
    "--per": ({}, ("--per", DAY.isoformat()), DAY),
    "--per wins": ({"markera_försenade": "ja"}, ("--per", f"{YEAR}-04-01"), dt.date(YEAR, 4, 1)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_marked_only_where_asked_in_every_format(tmp_path: Path, case: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    keys, extra, day = CASES[case]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(LATE_IN_YEAR))   # never a reason to mark
    root = write_synthetic_project(tmp_path)
    set_plan_keys(root, **keys)
    assert build(root, "--year", str(YEAR), *extra) == 0
    plan = load_content(root, YEAR)[0]
    expected = expected_status(plan, day)
    unmarked = [squash(m.plain_text(marked(a.status.value))) for a in plan.activities.activities]
    late = [a for a in plan.activities.activities if day and progress.is_late(a, day)
            and a.status is not m.Status.DELAYED]
    if day is None:
        assert expected == unmarked
    else:
        assert late and expected != unmarked
        assert sum(w.LATE in e for e in expected) == len(late) + sum(
            a.status is m.Status.DELAYED for a in plan.activities.activities)
    out = root / "output" / str(YEAR)
    (html,) = out.glob("*.html")
    (docx,) = out.glob("*.docx")
    (pdf,) = out.glob("*.pdf")
    assert html_status(html) == expected
    assert docx_status(docx) == expected
    sentence = squash(w.LATE_MARKED.format(date=long_date(day), late=w.LATE)) if day else None
    for text in (lxml.html.fromstring(html.read_bytes()).text_content(),
                 "".join(t.text or "" for t in lxml.etree.fromstring(
                     zipfile.ZipFile(docx).read("word/document.xml")).iter(f"{W}t")),
                 pdf_text(pdf)):
        if sentence:
            assert sentence in squash(text)
        else:
            assert squash("markerade”Försenad”") not in squash(text)
    assert pdf_marks(pdf) == sum(e.count(w.LATE) for e in expected) + bool(sentence)


def test_setting_without_a_day_is_a_warning_at_its_line(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_synthetic_project(tmp_path)
    set_plan_keys(root, datum="", markera_försenade="ja")
    path = f"content/{YEAR}/plan.yaml"
    line = (root / path).read_text(encoding="utf-8").splitlines().index("markera_försenade: ja") + 1
    assert build(root, "--year", str(YEAR), "--check") == 0
    err = capsys.readouterr().err
    assert f"{path}:{line}:20: varning: 'markera_försenade: ja', men planen har inget datum" in err
    assert build(root, "--year", str(YEAR), "--check", "--strict") == 1
    capsys.readouterr()
    assert build(root, "--year", str(YEAR), "--check", "--per", DAY.isoformat()) == 0
    assert "markera_försenade" not in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (("--per", "2031-02-30"), "--per: februari 2031 har inte dag 30"),
    (("--per", "30 juni"), "--per: '30 juni' är inte ett datum"),
    (("--per", "2031-06-30", "--uppfoljning", "2031-06-30"), "går inte att använda med --uppfoljning"),
    (("--per", "2031-06-30", "--nytt-ar"), "går inte att använda med --nytt-ar"),
])
def test_per_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          args: tuple[str, ...], message: str) -> None:
    root = write_synthetic_project(tmp_path)
    assert build(root, "--year", str(YEAR), *args) == 2
    assert message in capsys.readouterr().err
