"""The plan as a Document: title page, contents, the chapters, the activity list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .. import model as m
from .. import words as w
from ..sources.numbering import slug
from .activity_table import activity_table
from .progress import as_of_date
from .docblock import approval_line, document_block, document_datetime, status_marking


def words() -> m.Words:
    return m.Words(contents=w.CONTENTS, skip_to_content=w.SKIP_TO_CONTENT, table=w.TABLE,
                   page=w.PAGE)


def plan_document(plan: m.Plan, name_hyphenation: tuple[str, ...] = ()) -> m.Document:
    """The plan's Document; tables are numbered "Tabell 1, 2 …" in reading order."""
    meta = plan.meta
    sections = [m.Section(tuple(_goal_label(b) for b in chapter.blocks))
                for chapter in plan.chapters]
    sections.append(_activity_section(plan.activities, meta.year, as_of_date(meta)))
    return m.Document(
        title=meta.title,
        subtitle=str(meta.year),
        full_title=meta.full_title,
        file_stem=slug(meta.full_title),
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


def _activity_section(activities: m.ActivityList, year: int,
                      as_of: dt.date | None) -> m.Section:
    heading = m.Heading(1, (m.Text(activities.title),), activities.loc, numbered=False,
                        anchor=activities.anchor)
    intro = ((m.Paragraph((m.Text(activities.intro),), activities.loc),)
             if activities.intro else ())
    return m.Section((heading, *intro, activity_table(activities, year, as_of)), "aktivitetslista")


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
