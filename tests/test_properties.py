"""Property tests: whatever an editor types, the build either succeeds or reports content
errors. It never crashes with a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlingsplan.diagnostics import ContentError, Report
from handlingsplan.sources import load_content
from handlingsplan.sources.markdown import parse_chapter
from handlingsplan.sources.project import Project

from .helpers import ROOT, build, make_project

MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "### ", "#### ", "- ", "1. ", "> ", "```", ":::", "::: delmål", ": ", "\n", "\n\n",
    "*", "**", "_", "[", "](", ")", "![", "<", ">", "<b>", "</b>", "<!--", "-->", "{-}", "{#a}",
    "{", "}", "\\", "`", "|", "&amp;", "Hälsingland", "130 000", '"', "'", "\t", "    ", "–",
    "{{ 7*7 }}", "{% if %}", "https://x.se", "bild.png", "§ 12", "25-27 september", "\x08", "\x00",
])
markdown_text = st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(markdown_text)
def test_any_markdown_parses_or_reports(text: str) -> None:
    report = Report()
    path = ROOT / "content" / "2025" / "prov.md"
    chapter = parse_chapter(text, path, Project(ROOT, 2025), report)
    assert chapter.blocks, "a chapter always has at least its heading"
    for problem in report.problems:
        assert str(problem).startswith("content/2025/prov.md:")


@settings(max_examples=200, deadline=None)
@given(title=st.text(alphabet="abcåäöÅÄÖ xyz", min_size=1, max_size=24).filter(str.strip),
       unnumbered=st.booleans(), key=st.one_of(st.none(), st.from_regex(r"[a-z][a-z0-9]{0,9}", fullmatch=True)),
       together=st.booleans(), reverse=st.booleans(),
       gaps=st.lists(st.sampled_from(["", " ", "  ", "\t"]), min_size=3, max_size=3))
def test_heading_attributes_in_any_form(title: str, unnumbered: bool, key: str | None,
                                        together: bool, reverse: bool, gaps: list[str]) -> None:
    """{-} and {#key} after a heading, together ("{- #key}") or apart ("{-} {#key}"), in
    either order and spacing, are read as attributes and never shown in the title."""
    from handlingsplan import model as m

    parts = (["-"] if unnumbered else []) + ([f"#{key}"] if key else [])
    if reverse:
        parts.reverse()
    blocks = (["{" + " ".join(parts) + "}"] if parts else []) if together else \
        ["{" + p + "}" for p in parts]
    line = "## " + title.strip() + (gaps[0] if blocks else "") + gaps[1].join(blocks) + gaps[2]
    report = Report()
    chapter = parse_chapter(f"# Kapitel\n\n{line}\n\nText.\n", ROOT / "content" / "2025" / "prov.md",
                            Project(ROOT, 2025), report)
    assert not report.errors, [str(p) for p in report.problems]
    (heading,) = [b for b in chapter.blocks if isinstance(b, m.Heading) and b.level == 2]
    assert " ".join(m.plain_text(heading.inlines).split()) == " ".join(title.split())
    assert (heading.numbered, heading.key) == (not unnumbered, key)


YAML_VALUES = st.one_of(
    st.sampled_from(["yes", "NO", "on", "~", "null", "2025-02-30", "2025-05-25", "senast 2025-13",
                     "[a, b]", "{a: b}", "[]", "'", '"', ": x", "- a", "&a", "*a", "!!python/object:os.system",
                     "2025-H3", "&x [1, *x]", "löpande", "2025-09-25/2025-09-24", "12:30", "0x1F", ".inf", "1e3"]),
    st.text(max_size=12),
)
FIELDS = st.sampled_from(["aktivitet", "mål", "ansvarig", "slutdatum", "status", "okänd"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=FIELDS, value=YAML_VALUES)
def test_any_activity_value_loads_or_reports(tmp_path: Path, field: str, value: str) -> None:
    project = tmp_path / "p"
    if not project.exists():
        shutil.copytree(ROOT / "content", project / "content")
    path = project / "content" / "2025" / "aktiviteter.yaml"
    original = (ROOT / "content" / "2025" / "aktiviteter.yaml").read_text(encoding="utf-8")
    line = f"    {field}: {value}\n" if field != "okänd" else f"    x: {value}\n"
    path.write_text(original.replace("    status:\n", line, 1), encoding="utf-8")
    try:
        plan, _ = load_content(project, 2025)[:2]
    except ContentError as exc:
        assert exc.report.errors
        assert all(str(p).startswith("content/2025/") for p in exc.report.problems)
    else:
        assert len(plan.activities.activities) == 19


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=markdown_text)
def test_any_chapter_builds_or_fails_with_content_errors(tmp_path: Path, text: str) -> None:
    """All three writers, end to end: exit 0 or 1, never an internal error."""
    project = tmp_path / "p"
    if not project.exists():
        make_project(project)
    (project / "content" / "2025" / "vision.md").write_text("# Vision\n\n" + text, encoding="utf-8")
    crash_log = project / "output" / "bygglogg.txt"
    crash_log.unlink(missing_ok=True)
    code = build(project, "--year", "2025")
    assert code in (0, 1)
    assert not crash_log.exists(), crash_log.read_text(encoding="utf-8")
