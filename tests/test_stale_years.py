"""Stale years (sources/years.py): the year before the plan's year, where the plan's text
names it, is a warning at the real line of the Markdown or YAML file; nothing else is.
The rule on examples, then Hypothesis: chapters and activity lists of random text with
year mentions of every kind at random places, each checked against the line it was put
on; then the real 2025 plan, which must have none."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlingsplan.sources import load_content
from handlingsplan.sources.years import stale_mentions

from .helpers import ROOT, build
from .synthetic import YEAR, write_synthetic_project

P = YEAR - 1    # the stale year of the synthetic plan

STALE = [f"{P}", f"{P}-05-25", f"{P}-06", f"{P}-H1", f"{P - 1}–{P}", f"{P - 1}-{P}", f"{P}:s"]
NOT_STALE = [f"{YEAR}", f"{P - 1}", f"{P - 8}", f"sedan {P}", f"sedan hösten {P}",
             f"från och med {P}", f"{P}–{YEAR + 2}", f"{P}-talet", f"nr {P}0",
             f"www.example.se/{P}/rapport", f"lag {P - 12}:1937", f"{YEAR}-05-25"]


@pytest.mark.parametrize("text", STALE)
def test_stale_kinds(text: str) -> None:
    mentions = [mention for _, mention, _ in stale_mentions(f"arbetet under {text} i länet", YEAR)]
    assert mentions == [text.removesuffix(":s")]


@pytest.mark.parametrize("text", NOT_STALE)
def test_not_stale(text: str) -> None:
    assert stale_mentions(f"arbetet under {text} i länet", YEAR) == []


def test_sedan_covers_three_words_but_not_another_year() -> None:
    assert stale_mentions(f"sedan den 1 maj {P}", YEAR) == []
    assert [m for _, m, _ in stale_mentions(f"sedan {P} och under {P}", YEAR)] == [f"{P}"]
    assert len(stale_mentions(f"sedan ett två tre fyra {P}", YEAR)) == 1


# ---- generated content -----------------------------------------------------------------

WORDS = st.sampled_from(["planen", "kommunerna", "arbetet", "under", "och", "för", "året",
                         "Hälsingland", "inom", "samverkan", "målen", "rådet"])
TOKENS = st.sampled_from([(t, True) for t in STALE] + [(t, False) for t in NOT_STALE])

# A line of text: words, some followed by a year mention; (text, number of stale mentions).
LINE = st.lists(st.tuples(WORDS, st.none() | TOKENS), min_size=1, max_size=7).map(
    lambda pairs: (" ".join(w + (f" {t[0]}" if t else "") for w, t in pairs),
                   sum(1 for _, t in pairs if t and t[1])))

BLOCK = st.one_of(
    st.tuples(st.just("stycke"), st.lists(LINE, min_size=1, max_size=3)),
    st.tuples(st.just("rubrik"), st.lists(LINE, min_size=1, max_size=1)),
    st.tuples(st.just("lista"), st.lists(LINE, min_size=1, max_size=3)),
    st.tuples(st.just("tabell"), st.lists(LINE, min_size=4, max_size=6)),
)


def chapter(blocks: list[tuple[str, list[tuple[str, int]]]]) -> tuple[str, Counter[int]]:
    """A chapter's Markdown and the number of stale mentions on each line."""
    out = ["# Kapitel om samverkan", ""]
    expected: Counter[int] = Counter()

    def put(text: str, stale: int) -> None:
        out.append(text)
        if stale:
            expected[len(out)] += stale

    for kind, lines in blocks:
        if kind == "stycke":
            for text, stale in lines:
                put(text, stale)
        elif kind == "rubrik":
            put(f"## {lines[0][0]}", lines[0][1])
        elif kind == "lista":
            for text, stale in lines:
                put(f"- {text}", stale)
        else:
            pairs = [lines[i:i + 2] for i in range(0, len(lines) - 1, 2)]
            head, *rows = pairs
            put(f"| {head[0][0]} | {head[1][0]} |", head[0][1] + head[1][1])
            out.append("| --- | --- |")
            for left, right in rows:
                put(f"| {left[0]} | {right[0]} |", left[1] + right[1])
        out.append("")
    return "\n".join(out), expected


def activity_list(intro: list[tuple[str, int]], texts: list[list[tuple[str, int]]]
                  ) -> tuple[str, Counter[int]]:
    """An activity list: a folded ingress over several lines and activities whose text
    may go on on a second line; the stale mentions per line."""
    out = [f"rubrik: Aktivitetslista {YEAR}", "ingress: >"]
    expected: Counter[int] = Counter()

    def put(text: str, stale: int) -> None:
        out.append(text)
        if stale:
            expected[len(out)] += stale

    for text, stale in intro:
        put(f"  {text}", stale)
    out.append("aktiviteter:")
    for lines in texts:
        (first, stale), *more = lines
        put(f"  - aktivitet: {first}", stale)
        for text, stale in more:
            put(f"      {text}", stale)
        out += ["    mål: [turism, digitalisering, ungdomar]", "    ansvarig: Utvecklingskontoret", "    slutdatum: löpande"]
    return "\n".join(out) + "\n", expected


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_synthetic_project(tmp_path_factory.mktemp("stale"))
    _, report, _ = load_content(root, YEAR)
    assert not report.problems
    return root


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=st.lists(BLOCK, min_size=1, max_size=6),
       intro=st.lists(LINE, min_size=1, max_size=3),
       texts=st.lists(st.lists(LINE, min_size=1, max_size=2), min_size=1, max_size=4))
def test_each_stale_mention_is_a_warning_at_its_line_and_nothing_else(
        project: Path, blocks: list, intro: list, texts: list) -> None:
    folder = project / "content" / str(YEAR)
    markdown, in_chapter = chapter(blocks)
    (folder / "bakgrund.md").write_text(markdown, encoding="utf-8")
    listing, in_list = activity_list(intro, texts)
    (folder / "aktiviteter.yaml").write_text(listing, encoding="utf-8")
    _, report, _ = load_content(project, YEAR)
    assert not report.errors
    found = Counter((p.loc.path, p.loc.line) for p in report.warnings)
    expected = Counter({**{(f"content/{YEAR}/bakgrund.md", line): n for line, n in in_chapter.items()},
                        **{(f"content/{YEAR}/aktiviteter.yaml", line): n for line, n in in_list.items()}})
    assert found == expected, "\n".join(map(str, report.warnings))


def test_plan_yaml_titles_are_checked_but_not_ersatter(tmp_path: Path) -> None:
    root = write_synthetic_project(tmp_path)
    path = root / "content" / str(YEAR) / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("nyckelord: [", f"nyckelord: [budget {P}, ")
    text += (f"ersätter: Hälsingerådets handlingsplan {P}\n"
             f"gäller_för: 1 januari–31 december {P}\n")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    _, report, _ = load_content(root, YEAR)
    assert sorted(p.loc.line for p in report.warnings) == sorted(
        i + 1 for i, line in enumerate(lines) if line.startswith(("nyckelord:", "gäller_för:")))


# ---- the 2025 plan ---------------------------------------------------------------------

def test_the_2025_plan_has_no_stale_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The 2025 plan names 2022 ("Under 2022 etablerades Utvecklingskontoret", history) and
    no 2024: no warning; --strict passes."""
    _, report, _ = load_content(ROOT, 2025)
    assert report.problems == []
    root = tmp_path / "p"
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, root / name)
    assert build(root, "--year", "2025", "--check", "--strict") == 0
    assert "varning" not in capsys.readouterr().err


def test_a_confirmed_year_is_not_warned(tmp_path: Path) -> None:
    """<!-- årtalet stämmer --> in the paragraph or on the line above it in Markdown,
    # årtalet stämmer after a YAML value or on the line above it: the year is meant; the
    mention next to it without the comment is still warned."""
    root = write_synthetic_project(tmp_path)
    folder = root / "content" / str(YEAR)
    chapter = folder / "begrepp.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + (
        f"\nEnligt årsredovisningen för {P}. <!-- årtalet stämmer -->\n"
        f"\n<!-- Årtalet stämmer: källan. -->\nStatistik för {P} från SCB.\n"
        f"\n| Källa | År |\n| --- | --- |\n| SCB | {P} <!-- årtalet stämmer --> |\n"
        f"| Kommunen | {P} |\n"), encoding="utf-8")
    activities = folder / "aktiviteter.yaml"
    text = activities.read_text(encoding="utf-8")
    first = text.index("  - aktivitet:")
    text = (text[:first] + f"  # årtalet stämmer\n  - aktivitet: Följa upp utfallet {P}\n"
            "    mål: [turism]\n    ansvarig: Analytiker\n    slutdatum: löpande\n"
            f"  - aktivitet: Jämföra med bokslutet {P}  # årtalet stämmer\n"
            "    mål: [turism]\n    ansvarig: Analytiker\n    slutdatum: löpande\n"
            f"  - aktivitet: Avsluta arbetet från {P}\n"
            "    mål: [turism]\n    ansvarig: Analytiker\n    slutdatum: löpande\n" + text[first:])
    activities.write_text(text, encoding="utf-8")
    _, report, _ = load_content(root, YEAR)
    chapter_lines = chapter.read_text(encoding="utf-8").splitlines()
    list_lines = text.splitlines()
    assert sorted((p.loc.path.rsplit("/", 1)[1], p.loc.line) for p in report.warnings) == [
        ("aktiviteter.yaml", list_lines.index(f"  - aktivitet: Avsluta arbetet från {P}") + 1),
        ("begrepp.md", chapter_lines.index(f"| Kommunen | {P} |") + 1)]
    assert all("årtalet stämmer" in p.message for p in report.warnings)
