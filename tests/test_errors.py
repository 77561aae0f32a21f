"""Broken inputs an editor could write: each gives a Swedish file:line message, the right
exit code, no traceback, and leaves the previous outputs in output/ byte for byte."""

from __future__ import annotations

import dataclasses
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import build, snapshot

A = "content/2025/aktiviteter.yaml"
P = "content/2025/plan.yaml"
M = "content/2025/mal.md"
I = "content/2025/inledning.md"
FIRST = "  - aktivitet: Delta i kommunikationschefernas nätverk med regelbundenhet\n"
HOLE = "Under ett sammanträde"  # first paragraph of inledning.md


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    old: str  # text to replace ("" = replace the whole file)
    new: str | bytes
    at: str | None  # a text in the edited file whose line the message must name
    message: str
    code: int = 1
    args: tuple[str, ...] = ()


CASES = [
    # --- reading YAML
    Case("duplicate-key", A, "    slutdatum: löpande\n", "    slutdatum: löpande\n    slutdatum: 2025-06\n",
         "    slutdatum: 2025-06", "nyckeln 'slutdatum' finns redan på rad"),
    Case("tab-in-yaml", A, "    mål: [varumarket, kompetensforsorjning]", "\tmål: [varumarket]",
         "\tmål", "tabbtecken är inte tillåtna"),
    Case("not-utf8", A, "", "rubrik: Aktivitetslista\nansvarig: Linda Beigler Håll\n".encode("latin-1"),
         None, "inte sparad som UTF-8"),
    Case("empty-file", A, "", "", None, "filen är tom"),
    Case("control-character", I, HOLE, "Text\x08 " + HOLE, "Text\x08", "osynligt styrtecken (U+0008)"),
    Case("impossible-date", A, "slutdatum: 2025-05-25", "slutdatum: 2025-02-30",
         "2025-02-30", "februari 2025 har inte dag 30"),
    Case("yes-is-not-a-status", A, "    status:\n  # Rättelse: \"Varumärkes", "    status: yes\n  # Rättelse: \"Varumärkes",
         "status: yes", "okänd status 'yes'"),
    Case("NO-is-not-a-date", A, "slutdatum: 2025-05-25", "slutdatum: NO", "slutdatum: NO",
         "'NO' är inget slutdatum som går att förstå; skriv t.ex. 2025-05-25 (datum)"),
    Case("due-grammar", A, "slutdatum: 2025-05-25", "slutdatum: i maj", "slutdatum: i maj",
         "löpande"),
    Case("unknown-key-suggestion", A, "    ansvarig: Sammankallande", "    ansvarg: Sammankallande",
         "ansvarg", "okänd nyckel 'ansvarg' i aktiviteten, menade du 'ansvarig'?"),
    Case("missing-required", A, "    ansvarig: Sammankallande kommunikationschef/Linda Beigler/Karin Flordal\n", "",
         FIRST.strip(), "aktiviteten saknar 'ansvarig:'"),
    Case("unknown-goal", A, "mål: [varumarket, kompetensforsorjning]", "mål: [varumarke, kompetensforsorjning]",
         "varumarke,", "okänt mål 'varumarke' (finns: varumarket 4.2.1, kompetensforsorjning 4.2.2, "
                       "paverkansarbete 4.2.3)"),
    Case("no-goal", A, "mål: [varumarket, kompetensforsorjning]", "mål: []", "mål: []",
         "aktiviteten har inget mål"),
    Case("goal-is-a-table", A, "mål: [varumarket, kompetensforsorjning]", "mål: {a: b}", "{a: b}",
         "'mål' ska vara en lista"),
    Case("activities-not-a-list", A, "aktiviteter:\n", "aktiviteter: många\nx:\n", "aktiviteter: många",
         "'aktiviteter' ska vara en lista där varje aktivitet börjar med '- '"),
    Case("unknown-top-key", A, "aktiviteter:\n", "rubrk: x\naktiviteter:\n", "rubrk: x",
         "okänd nyckel 'rubrk' i aktiviteter.yaml, menade du 'rubrik'?"),
    Case("colon-in-text", A, FIRST, "  - aktivitet: Mål: delta i nätverk\n", "Mål: delta",
         "ett kolon på fel ställe"),
    Case("unclosed-quote", A, FIRST, '  - aktivitet: "Delta i nätverk\n', None,
         "citattecken"),
    Case("wrong-status-value", A, "    status:\n  # Rättelse: \"Varumärkes", "    status: halvklar\n  # Rättelse: \"Varumärkes",
         "halvklar", "okänd status 'halvklar' (tillåtna: ej påbörjad, pågår, klar, försenad, inställd, eller tomt)"),
    # --- plan.yaml
    Case("year-mismatch", P, "år: 2025", "år: 2024", "år: 2024", "'år' är 2024 men filen ligger i content/2025/"),
    Case("plan-status", P, "status: förslag", "status: godkänd", "status: godkänd",
         "okänd status 'godkänd' (tillåtna: utkast, förslag, fastställd)"),
    Case("missing-chapter", P, "  - vision.md", "  - visionen.md", "visionen.md",
         "kapitelfilen 'visionen.md' finns inte i content/2025/"),
    Case("decision-date", P, "status: förslag", "status: förslag\nbeslutsdatum: 2025-13-01",
         "beslutsdatum", "månaden 13 finns inte"),
    Case("plan-unknown-key", P, "organisation:", "organisaton:", "organisaton",
         "menade du 'organisation'?"),
    # --- Markdown
    Case("raw-html-block", I, HOLE, "<div>Dold text</div>\n\n" + HOLE, "<div>", "HTML stöds inte"),
    Case("raw-html-inline", I, HOLE, "Text med <b>fet</b> stil. " + HOLE, "<b>fet</b>", "HTML (<b> </b>) stöds inte"),
    Case("script", I, HOLE, "<script>alert(1)</script>\n\n" + HOLE, "<script>", "HTML stöds inte"),
    Case("attachment-link", I, HOLE, '<link rel="attachment" href="/etc/passwd">\n\n' + HOLE, "<link",
         "HTML stöds inte"),
    Case("skipped-level", M, "## Mål EFFEKTIV SAMVERKAN", "### Mål EFFEKTIV SAMVERKAN",
         "### Mål EFFEKTIV", "rubriknivå hoppas över: ### efter #; använd ##"),
    Case("no-chapter-heading", I, "# Inledning\n", "", HOLE, "kapitlet ska börja med en rubrik på nivå 1"),
    Case("empty-link", I, HOLE, "Se [webbplatsen](). " + HOLE, "webbplatsen", "länken saknar adress"),
    Case("image-without-alt", I, HOLE, "![](bild.png)\n\n" + HOLE, "![](bild.png)", "saknar alternativtext"),
    Case("missing-image", I, HOLE, "![Karta](karta.png)\n\n" + HOLE, "![Karta]", "bilden 'karta.png' finns inte"),
    Case("image-outside", I, HOLE, "![Lösen](../../../../etc/passwd.png)\n\n" + HOLE, "![Lösen]",
         "ligger utanför projektets mappar content/2025/ och templates/"),
    Case("image-absolute", I, HOLE, "![Värdar](/etc/hosts)\n\n" + HOLE, "![Värdar]",
         "måste vara en fil i content/2025/"),
    Case("image-http", I, HOLE, "![Logga](https://example.org/logga.png)\n\n" + HOLE, "![Logga]",
         "måste vara en fil i content/2025/"),
    Case("list-in-blockquote", I, HOLE, "> - punkt\n\n" + HOLE, "> - punkt",
         "ett citat (>) får bara innehålla stycken text"),
    Case("typed-chapter-number", I, "# ", "# 1 ", "# 1 ", "skriv inte rubrikens nummer '1'"),
    Case("typed-section-number", M, "### Nya samarbeten", "### 4.1 Nya samarbeten", "### 4.1",
         "skriv inte rubrikens nummer '4.1'"),
    Case("unknown-container", M, "::: delmål", "::: delmal", "::: delmal",
         "okänd sorts block '::: delmal', menade du 'delmål'?"),
    Case("strikethrough", I, HOLE, "~~bort~~ " + HOLE, "~~bort~~", "genomstruken text (~~…~~) stöds inte"),
    Case("code-span", I, HOLE, "`kod` " + HOLE, "`kod`", "kod (`…`) stöds inte"),
    Case("math", I, HOLE, "$x+1$ " + HOLE, "$x+1$", "matematik ($…$) stöds inte"),
    Case("task-list", I, HOLE, "- [ ] göra\n\n" + HOLE, "- [ ] göra", "uppgiftslistor"),
    Case("raw-html", I, HOLE, "<b>fet</b> " + HOLE, "<b>fet</b>", "HTML (<b> </b>) stöds inte"),
    Case("footnote-without-text", I, HOLE, "Se not[^1]. " + HOLE, "Se not[^1]",
         "fotnoten [^1] har ingen förklaring"),
    Case("footnote-never-referred", I, HOLE, "[^1]: En not.\n\n" + HOLE, "[^1]: En not.",
         "fotnoten [^1] står i kapitlet men ingen text hänvisar till den"),
    Case("unknown-cross-reference", I, HOLE, "Se [](#varumarke). " + HOLE, "Se [](#varumarke)",
         "hänvisningen [](#varumarke) går inte till någon rubrik, tabell eller bild, "
         "menade du 'varumarket'?"),
    Case("caption-astray", I, HOLE, "Tabell: Ingen tabell här\n\n" + HOLE, "Tabell: Ingen",
         "'Tabell: …' är en rubrik till en tabell"),
    Case("chapter-twice", P, "  - organisation.md", "  - organisation.md\n  - vision.md",
         "  - vision.md\naktiviteter", "kapitlet 'vision.md' står redan på rad"),
    Case("code-fence", I, HOLE, "```\nkod\n```\n\n" + HOLE, "```", "kodblock (```) stöds inte"),
    Case("level-4", M, "### Nya samarbeten", "#### Nya samarbeten", "#### Nya", "rubriknivå 4 (####) stöds inte"),
    Case("heading-attribute", M, "{#varumarket}", "{.varumarket}", "{.varumarket}", "okänt tillägg '.varumarket'"),
    Case("duplicate-goal-key", M, "{#kompetensforsorjning}", "{#varumarket}", "Delmål att bidra",
         "nyckeln 'varumarket' används redan"),
    Case("second-h1", I, HOLE, "# Ett kapitel till\n\n" + HOLE, "# Ett kapitel till",
         "ett kapitel har bara en rubrik på nivå 1"),
    # --- warnings: the build goes on, --strict stops it
    Case("hash-cuts-text", A, "    ansvarig: Sammankallande", "    ansvarig: Sammankallande #2",
         "    ansvarig: Sammankallande #2", "texten slutar vid '#'", code=1, args=("--strict",)),
    Case("duplicate-goal-ref", A, "mål: [varumarket, kompetensforsorjning]", "mål: [varumarket, varumarket]",
         "varumarket]", "målet 'varumarket' står två gånger", code=1, args=("--strict",)),
    Case("goal-without-activity", M, "### Nya samarbeten i intern verksamhet", "### Nya samarbeten {#nya}",
         "{#nya}", "målet 'nya' (Nya samarbeten) har ingen aktivitet", code=1, args=("--strict",)),
    Case("date-outside-year", A, "slutdatum: 2025-05-25", "slutdatum: 2026-05-25", "2026-05-25",
         "ligger utanför planens år 2025", code=1, args=("--strict",)),
    Case("bom-warning", A, "", None, None, "BOM", code=1, args=("--strict",)),
]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def project(built_project: Path) -> Path:
    return built_project


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_broken_input(case: Case, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / case.file
    before = snapshot(project / "output" / "2025")
    if case.new is None:  # prepend a byte-order mark
        edited = "\ufeff" + path.read_text(encoding="utf-8")
        path.write_text(edited, encoding="utf-8")
    elif isinstance(case.new, bytes):
        edited = None
        path.write_bytes(case.new)
    else:
        original = path.read_text(encoding="utf-8")
        assert case.old == "" or case.old in original, f"case no longer applies: {case.old!r}"
        edited = original.replace(case.old, case.new, 1) if case.old else case.new
        path.write_text(edited, encoding="utf-8")

    code = build(project, "--year", "2025", *case.args)
    err = capsys.readouterr().err

    assert code == case.code, err
    assert "Traceback" not in err
    expected_place = case.file + (f":{line_of(edited, case.at)}:" if case.at and edited else ":")
    lines = [line for line in err.splitlines() if case.message in line]
    assert lines, f"message {case.message!r} not in:\n{err}"
    assert any(line.startswith(expected_place) for line in lines), f"expected {expected_place} in:\n{err}"
    assert snapshot(project / "output" / "2025") == before


def test_every_problem_in_one_run_sorted(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for rel, old, new in ((M, "### Nya samarbeten", "#### Nya samarbeten"),
                          (A, "slutdatum: 2025-05-25", "slutdatum: 2025-02-30"),
                          (I, HOLE, "<i>x</i> " + HOLE)):
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert build(project, "--year", "2025") == 1
    problems = [line for line in capsys.readouterr().err.splitlines() if ": fel: " in line]
    assert [p.split(":")[0] for p in problems] == [A, I, M]


def test_symlink_out_of_the_project_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "content" / "2025" / "bild.png").symlink_to("/etc/hostname")
    path = project / I
    path.write_text(path.read_text(encoding="utf-8").replace(HOLE, "![Bild](bild.png)\n\n" + HOLE, 1),
                    encoding="utf-8")
    assert build(project, "--year", "2025") == 1
    assert f"{I}:3: fel: bilden 'bild.png' ligger utanför projektets mappar" in capsys.readouterr().err


def test_unknown_year_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(project, "--year", "2031") == 2
    err = capsys.readouterr().err
    assert err.strip() == "fel: det finns ingen plan för 2031: mappen content/2031 saknas (finns: 2025)"


def test_unwritable_output_is_an_environment_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(project / "output")
    (project / "output").write_text("inte en mapp")
    assert build(project, "--year", "2025", "--format", "html") == 2
    err = capsys.readouterr().err
    assert err.startswith("fel: kunde inte skriva") and "Traceback" not in err


def test_missing_library_is_an_environment_error(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delitem(sys.modules, "handlingsplan.writers.pdf", raising=False)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    before = snapshot(project / "output" / "2025")
    assert build(project, "--year", "2025") == 2
    err = capsys.readouterr().err
    assert err.strip() == ("fel: programvara saknas (weasyprint): installera med 'make build' "
                           "eller 'pip install -e .'")
    assert snapshot(project / "output" / "2025") == before


def test_a_broken_image_is_a_content_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file named .png that is not a picture would vanish from the PDF and crash the DOCX
    writer; it is reported at the Markdown line that names it."""
    before = snapshot(project / "output" / "2025")
    (project / "content" / "2025" / "karta.png").write_bytes(b"inte en bild")
    path = project / I
    path.write_text(path.read_text(encoding="utf-8").replace(HOLE, "![Karta](karta.png)\n\n" + HOLE, 1),
                    encoding="utf-8")
    assert build(project, "--year", "2025") == 1
    assert (f"{I}:3: fel: bilden 'karta.png' är inte en giltig PNG- eller JPEG-fil"
            in capsys.readouterr().err)
    assert snapshot(project / "output" / "2025") == before


def test_pdf_engine_messages_reach_the_editor_in_the_builds_words(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from handlingsplan.writers import pdf as pdf_writer

    real = pdf_writer.render

    def with_message(document, assets):  # type: ignore[no-untyped-def]
        rendered = real(document, assets)
        return dataclasses.replace(rendered, messages=("WARNING: Ignored `foo: bar`",) * 2)

    monkeypatch.setattr(pdf_writer, "render", with_message)
    assert build(project, "--year", "2025", "--format", "pdf") == 0
    err = capsys.readouterr().err
    assert err.count("varning (PDF-motorn): WARNING: Ignored `foo: bar`") == 1
    assert "Traceback" not in err


def test_unlisted_chapter_is_a_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A chapter file that plan.yaml does not list is named (the build goes on; --strict
    stops it), at the 'kapitel:' line."""
    (project / "content" / "2025" / "extra.md").write_text("# Extra\n\nText.\n", encoding="utf-8")
    plan = (project / P).read_text(encoding="utf-8")
    assert build(project, "--year", "2025", "--check") == 0
    assert build(project, "--year", "2025", "--check", "--strict") == 1
    err = capsys.readouterr().err
    assert (f"{P}:{line_of(plan, 'kapitel:')}:" in err
            and "kapitelfilen 'extra.md' i content/2025/ står inte under 'kapitel:'" in err), err
