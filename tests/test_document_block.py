"""The document block and the running header from plan.yaml, in the PDF, the DOCX and the
web page; the warning for an approved plan without its decision.

Each case writes a plan.yaml (the synthetic project's chapters and activities) with some
of the block's keys: every optional key is present in one case and absent in another,
values are long in one, and the years are 2031 and 2025. The expected rows are derived
here from the values written, not from the code under test.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from docx import Document as open_docx

from handlingsplan.commands import main
from handlingsplan.documents.plan import plan_document
from handlingsplan.sources import load_content, load_sources
from handlingsplan.words import MONTHS
from handlingsplan.writers import Assets, writer

from .helpers import need, squash
from .synthetic import TITLE, write_synthetic_project

LABELS = {"dokumenttyp": "Dokumenttyp", "status": "Status", "diarienummer": "Diarienummer",
          "datum": "Datum", "beslutande_organ": "Beslutande organ",
          "beslutsdatum": "Beslutsdatum", "paragraf": "Paragraf",
          "dokumentansvarig": "Dokumentansvarig", "gäller_för": "Gäller för",
          "ersätter": "Ersätter", "version": "Version"}
OPTIONAL = ("dokumenttyp", "diarienummer", "datum", "beslutande_organ", "beslutsdatum",
            "paragraf", "dokumentansvarig", "gäller_för", "ersätter", "version")
LONG_OWNER = ("Anna-Karin Svensson-Lindqvist, utvecklingsstrateg vid Hälsingerådets "
              "Utvecklingskontor med ansvar för besöksnäring och kompetensförsörjning")
LONG_REPLACES = ("Hälsingerådets handlingsplan 2024, fastställd av Hälsingerådets styrelse "
                 "den 9 februari 2024, § 8, och dess tillägg om digital service")


@dataclass(frozen=True)
class Case:
    name: str
    year: int
    status: str
    values: dict[str, str]   # plan.yaml key -> value, as written

    def yaml(self) -> str:
        lines = [f"titel: {TITLE}", f"år: {self.year}", "organisation: Hälsingerådet",
                 "ämne: En plan för att pröva dokumentblocket", f"status: {self.status}"]
        lines += [f'{key}: "{value}"' for key, value in self.values.items()]
        lines += ["kapitel:", "  - bakgrund.md", "  - omraden.md", "  - begrepp.md",
                  "  - uppfoljning.md", "aktiviteter: aktiviteter.yaml", ""]
        return "\n".join(lines)

    def rows(self) -> list[tuple[str, str]]:
        """The block a reader should see: every value given, the decision once approved."""
        shown = {"dokumenttyp": self.values.get("dokumenttyp", "Handlingsplan"),
                 "status": self.status.capitalize(), **self.values}
        if self.status != "fastställd":
            shown.pop("beslutsdatum", None)
            shown.pop("paragraf", None)
        if "paragraf" in shown:
            shown["paragraf"] = f"§\u00a0{shown['paragraf']}"
        return [(LABELS[key], shown[key]) for key in LABELS if key in shown]

    def header(self) -> str:
        parts = [self.values.get("dokumenttyp", "Handlingsplan")]
        if "diarienummer" in self.values:
            parts.append(f"Dnr {self.values['diarienummer']}")
        if "datum" in self.values:
            parts.append(self.values["datum"])
        return " · ".join(parts)

    def updated(self) -> str | None:
        if "datum" not in self.values:
            return None
        day = dt.date.fromisoformat(self.values["datum"])
        return f"Senast uppdaterad {day.day} {MONTHS[day.month - 1]} {day.year}"


def _all(year: int) -> dict[str, str]:
    return {"dokumenttyp": "Handlingsplan", "diarienummer": f"HR {year}/017",
            "datum": f"{year}-12-01", "beslutande_organ": "Hälsingerådets styrelse",
            "beslutsdatum": f"{year}-02-14", "paragraf": "12",
            "dokumentansvarig": "Linda Beigler", "gäller_för": f"1 januari–31 december {year}",
            "ersätter": f"Hälsingerådets handlingsplan {year - 1}", "version": "1.0"}


def _some(year: int, keep: int) -> dict[str, str]:
    """Every other optional key (keep = 0 or 1): together the two cover each key present
    and absent."""
    return {k: v for i, (k, v) in enumerate(_all(year).items()) if i % 2 == keep}


CASES = [
    Case("every-key-2031", 2031, "fastställd", _all(2031)),
    Case("no-optional-key-2025", 2025, "förslag", {}),
    Case("even-keys-2031", 2031, "fastställd", _some(2031, 0)),
    Case("odd-keys-2025", 2025, "fastställd", _some(2025, 1)),
    Case("proposal-with-decision-2025", 2025, "förslag", _all(2025)),
    Case("long-values-2025", 2025, "fastställd",
         {**_all(2025), "dokumenttyp": "Verksamhetsplan", "dokumentansvarig": LONG_OWNER,
          "ersätter": LONG_REPLACES, "diarienummer": "HR 2025/00017-1.2.3"}),
]


def test_the_cases_cover_each_key_present_and_absent() -> None:
    for key in OPTIONAL:
        assert any(key in c.values for c in CASES) and any(key not in c.values for c in CASES)
    assert {c.year for c in CASES} == {2025, 2031}


@dataclass(frozen=True)
class Built:
    case: Case
    pdf_pages: list[str]
    docx: bytes
    html: str


@pytest.fixture(scope="module", params=CASES, ids=[c.name for c in CASES])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    case: Case = request.param
    root = write_synthetic_project(tmp_path_factory.mktemp(case.name), case.year)
    (root / "content" / str(case.year) / "plan.yaml").write_text(case.yaml(), encoding="utf-8")
    sources = load_sources(root, case.year)
    document = plan_document(sources.plan, sources.name_hyphenation)
    assets = Assets(sources.brand, sources.project.files())
    pdf = root / "plan.pdf"
    pdf.write_bytes(next(iter(writer("pdf")(document, assets).files.values())))
    need("pdftotext")
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    docx = next(iter(writer("docx")(document, assets).files.values()))
    html = next(iter(writer("html")(document, assets).files.values())).decode("utf-8")
    return Built(case, text.split("\f")[:-1], docx, html)


def _block_lines(page: str) -> list[str]:
    """The lines of the title page from the first block label on, up to the approval line
    (without the status marking, which the page draws last)."""
    lines = [line.strip() for line in page.splitlines() if line.strip() not in ("FÖRSLAG", "UTKAST")]
    start = next(i for i, line in enumerate(lines) if line.startswith("Dokumenttyp "))
    end = next((i for i, line in enumerate(lines) if line.split(" ")[0] == "Fastställd"), len(lines))
    return lines[start:end]


def test_pdf_title_page_block(built: Built) -> None:
    rows, first = built.case.rows(), built.pdf_pages[0]
    block = _block_lines(first)
    # Each row is "Label value" (a long value wraps onto lines of its own); no label without
    # its value, and no label of a value that is missing.
    starts = [line for line in block if any(line.startswith(label + " ") or line == label
                                            for label in LABELS.values())]
    assert [line.split(" ")[0] for line in starts] == [label.split(" ")[0] for label, _ in rows]
    assert squash(" ".join(block)) == squash(" ".join(f"{label} {value}" for label, value in rows))
    assert not any(line in LABELS.values() for line in block), "a label without its value"


def test_pdf_running_header_after_the_title_page_only(built: Built) -> None:
    header = squash(built.case.header())
    first, *rest = built.pdf_pages
    assert rest, "the plan has more than a title page"
    assert built.case.header() not in first.splitlines()
    assert not any(line.strip().startswith(TITLE + " ·") for line in first.splitlines())
    for number, page in enumerate(rest, start=2):
        lines = [line.strip() for line in page.splitlines()]
        joined = squash("".join(lines))
        assert header in joined, f"page {number}: no running header {built.case.header()!r}"
        assert squash(f"{TITLE} {built.case.year}") in joined, f"page {number}"


def test_docx_block_and_header(built: Built) -> None:
    doc = open_docx(io.BytesIO(built.docx))
    block = [p.text.replace("\u00a0", " ") for p in doc.paragraphs
             if p._p.style == "Dokumentuppgifter"]
    rows = [(label, value.replace("\u00a0", " ")) for label, value in built.case.rows()]
    approval = [line for line in block if line.split(" ")[0] == "Fastställd"]
    assert [line for line in block if line not in approval] == [f"{label}\t{value}"
                                                                 for label, value in rows]
    assert all(line.split("\t", 1)[1].strip() for line in block if "\t" in line)
    assert bool(approval) == (built.case.status == "fastställd")
    title, body = doc.sections
    assert title.header.is_linked_to_previous, "the title page's section has no header of its own"
    assert not title.header._has_definition
    lines = body.header.paragraphs[0].text.split("\n")
    assert lines[0] == built.case.header()
    assert lines[1].startswith(f"{TITLE} {built.case.year}")


def test_html_block_and_date(built: Built) -> None:
    page = lxml.html.fromstring(built.html)
    block = page.find_class("dokumentblock")[0]
    labels = [dt_.text_content() for dt_ in block.iter("dt")]
    values = [dd.text_content() for dd in block.iter("dd")]
    assert list(zip(labels, values)) == built.case.rows()
    assert all(v.strip() for v in values)
    updated = [p.text_content() for p in page.find_class("uppdaterad")]
    expected = built.case.updated()
    assert updated == ([expected] if expected else [])
    assert not page.find_class("nedladdning"), "a writer on its own knows no files to link"


# ---- the warning -------------------------------------------------------------------------------

PLAN_HEAD = f"""titel: {TITLE}
år: 2031
organisation: Hälsingerådet
# the status line follows
status: fastställd
"""
PLAN_TAIL = """kapitel:
  - bakgrund.md
  - omraden.md
  - begrepp.md
  - uppfoljning.md
aktiviteter: aktiviteter.yaml
"""


@pytest.mark.parametrize("given, missing", [
    ("", ["'beslutsdatum:' och 'paragraf:'"]),
    ("beslutsdatum: 2031-02-14\n", ["'paragraf:'"]),
    ("paragraf: 12\n", ["'beslutsdatum:'"]),
    ("beslutsdatum: 2031-02-14\nparagraf: 12\n", []),
])
def test_an_approved_plan_without_its_decision_is_a_warning_at_the_status_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str, missing: list[str]) -> None:
    root = write_synthetic_project(tmp_path / "p")
    (root / "content" / "2031" / "plan.yaml").write_text(PLAN_HEAD + given + PLAN_TAIL,
                                                         encoding="utf-8")
    _, report, _ = load_content(root, 2031)
    warnings = [str(p) for p in report.warnings]
    assert warnings == [f"content/2031/plan.yaml:5:1: varning: planen är fastställd men saknar "
                        f"{keys}: fyll i beslutet, annars visas det inte i dokumentblocket"
                        for keys in missing]
    # --check shows it and passes; --strict stops; a build shows it too.
    assert main(["--root", str(root), "--year", "2031", "--check"]) == 0
    assert main(["--root", str(root), "--year", "2031", "--check", "--strict"]) == (1 if missing else 0)
    assert main(["--root", str(root), "--year", "2031", "--format", "html"]) == 0
    err = capsys.readouterr().err
    assert err.count("plan.yaml:5:1: varning: planen är fastställd") == 3 * len(missing)


def test_a_proposal_with_a_decision_date_is_no_warning(tmp_path: Path) -> None:
    root = write_synthetic_project(tmp_path / "p")
    plan = root / "content" / "2031" / "plan.yaml"
    plan.write_text(re.sub(r"status: \w+", "status: förslag", plan.read_text(encoding="utf-8")),
                    encoding="utf-8")
    _, report, _ = load_content(root, 2031)
    assert not report.warnings
