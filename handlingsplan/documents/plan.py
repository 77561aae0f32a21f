"""The plan as a Document: title page, contents, the chapters, the activity list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .. import model as m
from .. import words as w
from ..sources.numbering import slug
from .activity_table import activity_table, long_date
from .progress import as_of_date
from .weblinks import link_web_addresses
from .docblock import (approval_line, document_block, document_datetime, document_day,
                       running_header, status_marking, updated_line)


def words() -> m.Words:
    return m.Words(contents=w.CONTENTS, skip_to_content=w.SKIP_TO_CONTENT, table=w.TABLE,
                   page=w.PAGE, figure=w.FIGURE, footnotes=w.FOOTNOTES,
                   footnote_back=w.FOOTNOTE_BACK)


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


def plan_document(plan: m.Plan, name_hyphenation: tuple[str, ...] = (), *,
                  per: dt.date | None = None) -> m.Document:
    """The plan's Document; tables ("Tabell 1, 2 …"), figures with a caption ("Figur 1 …")
    and footnotes are numbered in reading order, and cross-references become links that
    show their target's number. Late activities are marked only where the plan asks for it
    or the build gives a day (`per`, --per): progress.as_of_date."""
    meta = plan.meta
    day = document_day(meta)
    sections = [m.Section(tuple(_goal_label(b) for b in chapter.blocks))
                for chapter in plan.chapters]
    sections.append(_activity_section(plan.activities, meta.year, as_of_date(meta, per)))
    return m.Document(
        title=meta.title,
        subtitle=str(meta.year),
        full_title=meta.full_title,
        file_stem=file_stem(meta.full_title),
        lang=w.LANG,
        organisation=meta.organisation,
        description=meta.subject or meta.full_title,
        keywords=meta.keywords,
        category=meta.document_type,
        created=document_datetime(meta),
        status_marking=status_marking(meta),
        content_status=meta.status.value.capitalize(),
        document_block=document_block(meta, day),
        approval=approval_line(meta),
        running_header=running_header(meta.document_type, meta.registration_number, day),
        updated=updated_line(day),
        registration_number=meta.registration_number,
        version=meta.version,
        sections=link_web_addresses(
            _cross_references(_numbered_notes(_numbered_tables(sections)))),
        words=words(),
        name_hyphenation=name_hyphenation,
    )


def report_document(meta: m.PlanMeta, title: str, category: str, *, file_stem: str,
                    description: str, created: dt.datetime | None, day: dt.date | None,
                    rows: list[tuple[str, str]], plan_labels: tuple[str, ...],
                    version: str | None, sections: list[m.Section],
                    name_hyphenation: tuple[str, ...]) -> m.Document:
    """A report on the plan (change report, follow-up) as a Document: "<title> <year>", no
    status marking or approval; the document block is the report's own rows, then the
    plan's rows under plan_labels that it has; header and web page dated `day`."""
    plan_rows = dict(document_block(meta, document_day(meta)))
    block = rows + [(label, plan_rows[label]) for label in plan_labels if label in plan_rows]
    return m.Document(
        title=title,
        subtitle=str(meta.year),
        full_title=f"{title} {meta.year}",
        file_stem=file_stem,
        lang=w.LANG,
        organisation=meta.organisation,
        description=description,
        keywords=meta.keywords,
        category=category,
        created=created,
        status_marking=None,
        content_status=category,
        document_block=tuple(block),
        approval=None,
        running_header=running_header(category, meta.registration_number, day),
        updated=updated_line(day),
        registration_number=meta.registration_number,
        version=version,
        sections=link_web_addresses(_numbered_tables(sections)),
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
    marked = ((m.Paragraph((m.Text(w.LATE_MARKED.format(date=long_date(as_of), late=w.LATE)),),
                           activities.loc),) if as_of is not None else ())
    return m.Section((heading, *intro, *marked, activity_table(activities, year, as_of)),
                     "aktivitetslista")


def _numbered_tables(sections: list[m.Section]) -> tuple[m.Section, ...]:
    """Tables and captioned figures numbered in reading order; a Markdown table gets its
    anchor (its key, else "tabell-N") and the description Word shows as alternative text."""
    tables = figures = 0
    numbered = []
    for section in sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, m.Table):
                tables += 1
                block = replace(block, number=tables,
                                anchor=block.anchor or block.key or f"tabell-{tables}")
                if not block.description:
                    names = w.join_and([c.label for c in block.columns])
                    block = replace(block, description=w.TABLE_DESCRIPTION.format(
                        caption=caption_or_number(block), columns=names))
            elif isinstance(block, m.Image) and (block.caption or block.tracked_caption):
                figures += 1
                block = replace(block, number=figures,
                                anchor=block.key or f"figur-{figures}")
            blocks.append(block)
        numbered.append(replace(section, blocks=tuple(blocks)))
    return tuple(numbered)


def caption_or_number(table: m.Table) -> str:
    return table.caption or f"{w.TABLE} {table.number}"


def _numbered_notes(sections: tuple[m.Section, ...]) -> tuple[m.Section, ...]:
    """Footnotes numbered 1, 2 … through the document, in reading order."""
    count = 0

    def number(node: m.Inline) -> m.Inline:
        nonlocal count
        if not isinstance(node, m.Footnote):
            return node
        count += 1
        return replace(node, number=count, anchor=f"fotnot-{count}")

    return tuple(replace(s, blocks=tuple(m.map_inlines(b, number) for b in s.blocks))
                 for s in sections)


def _cross_references(sections: tuple[m.Section, ...]) -> tuple[m.Section, ...]:
    """`[](#key)` as a link to its target showing the target's current number:
    "avsnitt 4.2.1 Delmål Varumärket Hälsingland", "tabell 2", "figur 1". The sources stage
    has checked every key (numbering.check_references)."""
    targets: dict[str, tuple[str, str]] = {}
    for section in sections:
        for block in section.blocks:
            if isinstance(block, m.Heading) and block.key:
                title = m.plain_text(block.inlines).strip()
                text = (w.REF_SECTION.format(number=block.number, title=title)
                        if block.number else title)
                targets.setdefault(block.key, (block.anchor, text))
            elif isinstance(block, m.Table) and block.key:
                targets[block.key] = (block.anchor, w.REF_TABLE.format(number=block.number))
            elif isinstance(block, m.Image) and block.key and block.number:
                targets[block.key] = (block.anchor, w.REF_FIGURE.format(number=block.number))

    def resolve(node: m.Inline) -> m.Inline:
        if not isinstance(node, m.CrossRef):
            return node
        anchor, text = targets.get(node.key, ("", node.key))
        return m.Link(f"#{anchor}", (m.Text(text),)) if anchor else m.Text(text)

    return tuple(replace(s, blocks=tuple(m.map_inlines(b, resolve) for b in s.blocks))
                 for s in sections)
