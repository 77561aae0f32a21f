"""Fuzz harness: generated chapters and YAML values through the sources, the document and
the HTML writer, in-process (the stages of `build.py --format html`). Whatever is written,
the outcome is success or content errors with file:line (exit 0 or 1; never a usage error
or a crash), in bounded time; and on success no text is lost: every word of the input
appears in the HTML."""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlingsplan.diagnostics import ContentError
from handlingsplan.documents.plan import plan_document
from handlingsplan.sources import load_sources
from handlingsplan.writers import Assets
from handlingsplan.writers.html import render

from .helpers import make_project

C = "content/2025"
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("fuzz"))


def run_html(project: Path) -> tuple[int, str, list[str]]:
    """(0, html, warnings) or (1, "", problems); any other exception fails the test."""
    started = time.process_time()
    try:
        sources = load_sources(project, 2025)
    except ContentError as exc:
        problems = [str(p) for p in exc.report.problems]
        assert problems and all(re.match(r"(content|templates)/[^:]+:\d+", p) for p in problems), problems
        return 1, "", problems
    document = plan_document(sources.plan, sources.name_hyphenation)
    page = render(document, Assets(sources.brand, sources.project.files())).files
    assert time.process_time() - started < 10
    return 0, next(iter(page.values())).decode("utf-8"), [str(p) for p in sources.report.problems]


def visible_text(page: str) -> str:
    """The body's text without tags, white space, soft hyphens or joiners, quotes and dashes
    normalised (the typography changes those)."""
    body = page.split("<body", 1)[1]
    body = re.sub(r"<[^>]*>", " ", body)
    text = html.unescape(body).translate(str.maketrans({"”": '"', "’": "'", "–": "-"}))
    return re.sub(r"[\s\u00ad\u2060\u200b]+", "", text)


# ---- Markdown chapters ----------------------------------------------------------------------

WORDS = st.sampled_from(["alfa", "Bävern", "Hälsingerådet", "130", "Ljusdal", "kl", "omkring",
                         "Hudiksvall", "samverkan", "§", "öppet", "x1"])
WORD_RUN = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)


def _inline(run: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        run,
        run.map(lambda t: f"*{t}*"), run.map(lambda t: f"**{t}**"),
        run.map(lambda t: f"[{t}](https://example.org/{len(t)})"),
        st.tuples(run, run).map(lambda p: f"{p[0]} *{p[1]}* {p[0]}"),
    )


INLINE = st.lists(_inline(WORD_RUN), min_size=1, max_size=4).map(" ".join)
NOISE = st.sampled_from(["*", "**", "_", "[", "]", "](", ")", "!", "<b>", "&#12;", "&amp;", "\\",
                         "`", "{-}", "{#a}", ":::", "\x0c", "a" * 101, "- ", "1. ", "#"])


@st.composite
def chapters(draw) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """A chapter (Markdown) and the plain words it must show."""
    blocks: list[str] = []
    words: list[str] = []

    def text(strategy=INLINE) -> str:  # type: ignore[no-untyped-def]
        value = draw(strategy)
        words.extend(re.findall(r"[^\W\d_]{2,}|\d+", re.sub(r"\]\(https://[^)]*\)", "]", value)))
        if draw(st.integers(0, 9)) == 0:
            value += " " + draw(NOISE)
        return value

    blocks.append("# " + text(WORD_RUN))
    level = 1
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["p", "p", "h", "list", "nested", "ordered", "def", "goal"]))
        if kind == "p":
            blocks.append(text() + ("\n" + text() if draw(st.booleans()) else ""))
        elif kind == "h":
            level = min(level + 1, 3) if draw(st.booleans()) else 2
            blocks.append("#" * level + " " + text(WORD_RUN))
        elif kind in ("list", "ordered"):
            marker = "-" if kind == "list" else "1."
            blocks.append("\n".join(f"{marker} {text()}" for _ in range(draw(st.integers(1, 3)))))
        elif kind == "nested":
            depth = draw(st.integers(1, 5))
            blocks.append("\n".join("  " * i + f"- {text()}" for i in range(depth)))
        elif kind == "def":
            blocks.append(f"{text(WORD_RUN)}\n: {text()}")
        else:
            blocks.append(f"::: delmål\n{text()}\n:::")
    return "\n\n".join(blocks) + "\n", words


@FUZZ
@given(chapter=chapters())
def test_any_chapter_builds_html_or_reports_and_loses_no_text(project: Path, chapter) -> None:  # type: ignore[no-untyped-def]
    source, words = chapter
    (project / C / "vision.md").write_text(source, encoding="utf-8")
    code, page, problems = run_html(project)
    if code == 0:
        shown = visible_text(page)
        missing = [w for w in words if w not in shown]
        assert not missing, (missing, source)


RAW_PIECES = st.sampled_from([
    "# ", "## ", "- ", "  - ", "1. ", "> ", ":::", "::: delmål", ": ", "\n", "\n\n", "*", "**", "_",
    "[", "](", ")", "![", "<!--", "-->", "{-}", "{#a}", "&#0;", "&#12;", "&#x1F;", "&nbsp;",
    "[a]: https://x.se", '"', "'", "\t", "    ", "–", "https://x.se", "bild.png", "§ 12",
    "25-27 september", "\u00ad", "\u2028", "\U0001F600", "a" * 120, "<" * 30, "*" * 40,
])
RAW = st.lists(st.one_of(RAW_PIECES, st.text(max_size=6)), max_size=40).map("".join)


@FUZZ
@given(text=RAW)
def test_any_markdown_text_exits_0_or_1_in_bounded_time(project: Path, text: str) -> None:
    (project / C / "vision.md").write_text("# Vision\n\n" + text, encoding="utf-8")
    run_html(project)


# ---- YAML values: activity texts, dates, plan fields -------------------------------------------

VALUES = st.one_of(
    st.sampled_from(["0000-01-01", "0000-H1", "9999-12-31", "2025-02-29", "2024-02-29", "2025-13",
                     "senast 2025-00", "2025-05-25/2025-05-24", "2025-09-25–2025-09-27", "1975",
                     "löpande", "2025-H2", "yes", "~", "&a x", "*a", "[a, *a]", "{a: b}", "\\x01",
                     "\\ud800", "\\uFFFE", "\\0", "a" * 101, "Hälsinge \\\"rådet\\\"", ".nan", "1e400"]),
    st.text(max_size=15),
)
FIELDS = st.sampled_from([("aktiviteter.yaml", "  - aktivitet: Delta i"), ("aktiviteter.yaml", "    ansvarig: Linda Beigler"),
                          ("aktiviteter.yaml", "    slutdatum: löpande"), ("aktiviteter.yaml", "    status:"),
                          ("plan.yaml", "titel: Hälsingerådets handlingsplan"), ("plan.yaml", "version: \"1.0\""),
                          ("plan.yaml", "beslutande_organ: Hälsingerådets styrelse"),
                          ("plan.yaml", "status: förslag\ndatum:"), ("plan.yaml", "status: förslag\nbeslutsdatum:")])


@FUZZ
@given(field=FIELDS, value=VALUES, mode=st.sampled_from(["plain", "escapes", "exact"]))
def test_any_yaml_value_builds_html_or_reports(project: Path, field, value: str, mode: str) -> None:  # type: ignore[no-untyped-def]
    """A value written as is, inside double quotes (YAML escapes such as \\x01 act), or
    exactly (JSON-quoted); an exact activity text, responsible or title must be shown."""
    name, line = field
    path = project / C / name
    original = path.read_text(encoding="utf-8")
    written = {"plain": value, "escapes": f'"{value}"', "exact": json.dumps(value, ensure_ascii=False)}[mode]
    first = line.split("\n")[0]
    old_line = next(row for row in original.splitlines() if row.startswith(first))
    new_line = f"{line} {written}" if "\n" in line else f"{line.split(':')[0]}: {written}"
    path.write_text(original.replace(old_line, new_line, 1) if "\n" not in line
                    else original.replace(first, new_line, 1), encoding="utf-8")
    try:
        code, page, _ = run_html(project)
        shown_field = line.split(":")[0].strip(" -") in ("aktivitet", "ansvarig", "titel")
        if code == 0 and mode == "exact" and shown_field and value.strip():
            normalise = str.maketrans({"\u201d": '"', "\u2019": "'", "\u2013": "-"})
            wanted = re.sub(r"[\s\u00ad\u2060\u200b]+", "", value.translate(normalise))
            assert wanted in visible_text(page), value
    finally:
        path.write_text(original, encoding="utf-8")
