"""The plan as a Document: title page, contents, the chapters, the activity list."""

from __future__ import annotations

from dataclasses import replace

from .. import model as m
from .. import words as w
from ..sources.numbering import slug
from .activity_table import activity_table
from .docblock import approval_line, document_block, document_datetime, status_marking


def words() -> m.Words:
    return m.Words(contents=w.CONTENTS, skip_to_content=w.SKIP_TO_CONTENT, table=w.TABLE,
                   page=w.PAGE)


FILE_STEM_MAX = 80   # well under every file system's 255-byte name limit, with room for ".docx"


def file_stem(full_title: str) -> str:
    """The outputs' file name without extension: the title's slug, at most FILE_STEM_MAX
    characters, cut after a whole word and keeping a trailing year: "halsingeradets-…-2025"."""
    stem = slug(full_title)
    if len(stem) <= FILE_STEM_MAX:
        return stem
    head, _, last = stem.rpartition("-")
    tail = f"-{last}" if last.isdigit() and len(last) <= 8 else ""
    if not tail:
        head = stem
    room = FILE_STEM_MAX - len(tail)
    cut = head[:room]
    if head[room:room + 1] != "-" and cut.rfind("-") >= room // 2:
        cut = cut[:cut.rfind("-")]
    return cut.strip("-") + tail


def plan_document(plan: m.Plan, name_hyphenation: tuple[str, ...] = ()) -> m.Document:
    """The plan's Document; tables are numbered "Tabell 1, 2 …" in reading order."""
    meta = plan.meta
    sections = [m.Section(tuple(_goal_label(b) for b in chapter.blocks))
                for chapter in plan.chapters]
    sections.append(_activity_section(plan.activities, meta.year))
    return m.Document(
        title=meta.title,
        subtitle=str(meta.year),
        full_title=meta.full_title,
        file_stem=file_stem(meta.full_title),
        lang=w.LANG,
        organisation=meta.organisation,
        description=meta.subject or meta.full_title,
        keywords=meta.keywords,
        category=w.PLAN_CATEGORY,
        created=document_datetime(meta),
        status_marking=status_marking(meta),
        content_status=meta.status.value.capitalize(),
        document_block=document_block(meta),
        approval=approval_line(meta),
        registration_number=meta.registration_number,
        version=meta.version,
        sections=_numbered_tables(sections),
        words=words(),
        name_hyphenation=name_hyphenation,
    )


def _goal_label(block: m.Block) -> m.Block:
    return replace(block, label=w.GOAL) if isinstance(block, m.GoalStatement) else block


def _activity_section(activities: m.ActivityList, year: int) -> m.Section:
    heading = m.Heading(1, (m.Text(activities.title),), activities.loc, numbered=False,
                        anchor=activities.anchor)
    intro = ((m.Paragraph((m.Text(activities.intro),), activities.loc),)
             if activities.intro else ())
    return m.Section((heading, *intro, activity_table(activities, year)), "aktivitetslista")


def _numbered_tables(sections: list[m.Section]) -> tuple[m.Section, ...]:
    count = 0
    numbered = []
    for section in sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, m.Table):
                count += 1
                block = replace(block, number=count)
            blocks.append(block)
        numbered.append(replace(section, blocks=tuple(blocks)))
    return tuple(numbered)
