"""Generated structure: heading numbers, anchors, goal statements and goal references."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import replace

from .. import model as m
from ..diagnostics import Report


def slug(text: str) -> str:
    """An ASCII anchor from heading text: "Syftet med Hälsingerådet" -> "syftet-med-halsingeradet"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "avsnitt"


def number_chapters(chapters: list[m.Chapter], report: Report) -> list[m.Chapter]:
    """Chapters with heading numbers (1, 4.2, 4.2.1), unique anchors and numbered goal statements."""
    counters = [0, 0, 0]
    used: set[str] = set()
    keys: dict[str, m.Heading] = {}
    numbered_chapters = []
    for chapter in chapters:
        blocks: list[m.Block] = []
        current: str | None = None
        for block in chapter.blocks:
            if isinstance(block, m.Heading):
                number = None
                if block.numbered:
                    counters[block.level - 1] += 1
                    counters[block.level:] = [0] * (3 - block.level)
                    number = ".".join(str(c) for c in counters[: block.level])
                current = number if block.numbered or block.level == 1 else current
                anchor = _anchor(block, number, used)
                if block.key:
                    if block.key in keys:
                        report.error(block.loc, f"nyckeln '{block.key}' används redan av rubriken "
                                                f"på {keys[block.key].loc}: välj en annan")
                    else:
                        keys[block.key] = block
                block = replace(block, number=number, anchor=anchor)
            elif isinstance(block, m.GoalStatement):
                if current is None:
                    report.error(block.loc, "ett delmål måste stå under en numrerad rubrik")
                block = replace(block, number=current)
            blocks.append(block)
        numbered_chapters.append(replace(chapter, blocks=tuple(blocks)))
    return numbered_chapters


def _anchor(heading: m.Heading, number: str | None, used: set[str]) -> str:
    base = heading.key or (f"avsnitt-{number.replace('.', '-')}" if number
                           else slug(m.plain_text(heading.inlines)))
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def goal_headings(chapters: list[m.Chapter]) -> dict[str, m.Heading]:
    """Headings that activities can refer to, by key."""
    goals: dict[str, m.Heading] = {}
    for chapter in chapters:
        for block in chapter.blocks:
            if isinstance(block, m.Heading) and block.key and block.key not in goals:
                goals[block.key] = block
    return goals


def resolve_goals(activities: m.ActivityList, chapters: list[m.Chapter],
                  report: Report) -> m.ActivityList:
    """Activities whose goal references carry the goals' generated numbers and anchors."""
    goals = goal_headings(chapters)
    known = ", ".join(f"{key} {h.number or ''}".strip() for key, h in goals.items()) or "inga"
    used: set[str] = set()
    resolved = []
    for activity in activities.activities:
        refs: list[m.GoalRef] = []
        for ref in activity.goals:
            heading = goals.get(ref.key)
            if heading is None:
                report.error(ref.loc, f"okänt mål '{ref.key}' (finns: {known})")
                continue
            if any(r.key == ref.key for r in refs):
                report.warning(ref.loc, f"målet '{ref.key}' står två gånger i samma aktivitet")
                continue
            used.add(ref.key)
            refs.append(replace(ref, number=heading.number or "", anchor=heading.anchor,
                                title=m.plain_text(heading.inlines)))
        resolved.append(replace(activity, goals=tuple(refs)))
    for key, heading in goals.items():
        if key not in used and resolved:
            report.warning(heading.loc, f"målet '{key}' ({m.plain_text(heading.inlines)}) "
                                        "har ingen aktivitet i aktivitetslistan")
    return replace(activities, activities=tuple(resolved))


def check_references(chapters: list[m.Chapter], report: Report) -> None:
    """Every cross-reference `[](#key)` names a heading, table or figure key; a key names
    one thing only. An unknown key is an error with the nearest known key suggested."""
    targets: dict[str, m.Loc] = {}
    refs: list[m.CrossRef] = []
    for chapter in chapters:
        for block in chapter.blocks:
            if isinstance(block, m.Heading) and block.key:
                targets.setdefault(block.key, block.loc)   # duplicates: number_chapters
            elif isinstance(block, (m.Table, m.Image)) and block.key:
                if block.key in targets:
                    report.error(block.loc, f"nyckeln '{block.key}' används redan på "
                                            f"{targets[block.key]}: välj en annan")
                else:
                    targets[block.key] = block.loc
            refs.extend(n for n in m.inline_nodes(block) if isinstance(n, m.CrossRef))
    for ref in refs:
        if ref.key in targets or not ref.key:
            continue
        close = difflib.get_close_matches(ref.key, list(targets), n=1, cutoff=0.6)
        hint = (f", menade du '{close[0]}'?" if close
                else f" (finns: {', '.join(sorted(targets)) or 'inga'})")
        report.error(ref.loc, f"hänvisningen [](#{ref.key}) går inte till någon rubrik, "
                              f"tabell eller bild{hint}")
