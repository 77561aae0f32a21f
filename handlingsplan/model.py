"""The model: frozen, typed dataclasses shared by every stage.

Two layers, one set of block and inline kinds (as Pandoc has one AST):

- the content, as the sources say it: `Plan` (metadata, chapters, activities). The
  sources stage (sources/load.py, markdown.py, numbering.py) builds it once;
- the `Document` a writer renders: title, metadata, document block, contents, and
  sections of blocks. The documents stage turns the content into one (documents/plan.py
  for the plan; a follow-up or change report is another document, not another writer).
  Every word a writer shows comes from the document: writers hold no Swedish.

Writers never see the sources; a picture is named by its project path and its bytes come
from the asset store (writers/__init__.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import Enum
from typing import Union

from .diagnostics import Loc


# ---- inline content ---------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Strong:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple["Inline", ...]
    title: str = ""   # what the link is, where its text does not say it ("4.2.1" -> the goal)


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Symbol:
    """A mark that repeats in shape what the text next to it says (the status symbols):
    drawn in every format, not read out (aria-hidden on the web page, an artefact in the
    PDF)."""
    text: str


@dataclass(frozen=True)
class Unbreakable:
    """Text that a line never breaks inside ("25–27 september", "4.2.1")."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Footnote:
    """A footnote: the reference sits where the note is; `children` is the note's text.
    `number` (1, 2 … through the document) and `anchor` are set by the documents stage."""

    children: tuple["Inline", ...]
    loc: Loc
    number: int | None = None
    anchor: str = ""


@dataclass(frozen=True)
class CrossRef:
    """A reference to a heading, table or figure by key (`[](#varumarket)`). The documents
    stage replaces it by a Link whose text is the target's current number and title."""

    key: str
    loc: Loc


@dataclass(frozen=True)
class Inserted:
    """Text added since an earlier version (the change report, the tracked DOCX). Marked by
    more than colour: <ins> with the hidden `label` ("infogat:") in HTML and print,
    underlined runs in the DOCX, or a real Word insertion when the document has a
    `revision`."""

    children: tuple["Inline", ...]
    label: str = ""


@dataclass(frozen=True)
class Deleted:
    """Text removed since an earlier version; stays in reading order as a labelled span
    ("borttaget:"): <del> in HTML and print, struck-through runs or a Word deletion."""

    children: tuple["Inline", ...]
    label: str = ""


Inline = Union[Text, Emph, Strong, Link, LineBreak, Unbreakable, Footnote, CrossRef,
               Inserted, Deleted, Symbol]


# ---- blocks ---------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    """A heading; `number` ("4.2.1") and `anchor` are set by numbering.py. In the tracked
    document `was_numbered` is whether the old version's heading had a number, when that
    changed."""

    level: int
    inlines: tuple[Inline, ...]
    loc: Loc
    numbered: bool = True
    key: str | None = None
    number: str | None = None
    anchor: str = ""
    was_numbered: bool | None = None


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    loc: Loc
    anchor: str = ""              # a link target (the change report's entries), if any


@dataclass(frozen=True)
class ListItem:
    blocks: tuple["Block", ...]
    loc: Loc


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    loc: Loc
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Definition:
    term: tuple[Inline, ...]
    body: tuple[Inline, ...]
    loc: Loc


@dataclass(frozen=True)
class DefinitionList:
    items: tuple[Definition, ...]
    loc: Loc


@dataclass(frozen=True)
class GoalStatement:
    """A sub-goal statement, shown "Delmål 4.2.1 <text>"; `number` comes from its section,
    `label` ("Delmål") from the document's words."""

    inlines: tuple[Inline, ...]
    loc: Loc
    number: str | None = None
    label: str = ""
    tracked_label: tuple[Inline, ...] = ()   # with tracked changes: "Delmål 4.2.1", marked


@dataclass(frozen=True)
class Image:
    """A picture; `src` is its project-relative path, the key of its bytes in the assets."""

    src: str
    alt: str
    loc: Loc
    caption: str = ""             # "Karta över Hälsingland": a numbered figure, "Figur 1. …"
    key: str | None = None        # {#karta}: cross-references name it
    number: int | None = None     # set by the documents stage (figures with a caption)
    anchor: str = ""
    # in a document with tracked changes: "ins" or "del" when the whole figure is inserted
    # or deleted, and the caption carrying its changes (Inserted/Deleted), when it has any
    revision: str = ""
    tracked_caption: tuple[Inline, ...] = ()
    # SHA-256 of the picture's bytes as read (set by the sources stage): a picture replaced
    # under the same file name is another picture to the comparison
    digest: str = ""


@dataclass(frozen=True)
class BlockQuote:
    """A quotation: paragraphs set off from the text."""

    blocks: tuple["Block", ...]
    loc: Loc


class Align(Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Wrap(Enum):
    """How a column's words may break when the column is narrow."""

    HYPHENATE = "hyphenate"   # running text: Swedish hyphenation patterns
    KEEP = "keep"             # short tokens (numbers, dates, a status): never hyphenated


@dataclass(frozen=True)
class Column:
    """One column of a table: its header text, width (percent of the table's width,
    summing to 100 over the columns: a document's value is a first guess, which the
    writers replace with the width its text needs, writers/table_layout.py), alignment and
    how its words break.
    `names_row` marks the column whose cell names the row (a row header)."""

    key: str
    label: str
    width: float
    align: Align = Align.LEFT
    wrap: Wrap = Wrap.HYPHENATE
    names_row: bool = False


Cell = tuple[Inline, ...]


@dataclass(frozen=True)
class Table:
    """A data table: one header row (the columns' labels) and body rows of inline cells.
    Every writer repeats the header on each page and never splits a row. `number` and
    `caption` make "Tabell 3. <caption>"; `description` is the summary Word shows as the
    table's alternative text."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str
    description: str
    anchor: str
    loc: Loc
    number: int | None = None
    key: str | None = None        # {#budget} on a Markdown table's caption
    # in a document with tracked changes: the caption and the column labels carrying
    # their changes (Inserted/Deleted), when they have any
    tracked_caption: tuple[Inline, ...] = ()
    tracked_labels: tuple[tuple[Inline, ...], ...] = ()


@dataclass(frozen=True)
class BarChart:
    """A bar chart of counts: one bar per label, its length the value. Writers draw it as
    vector graphics (HTML, PDF) or a picture (DOCX) whose text alternative is
    `description`; the same numbers are always in a Table beside it, so nothing depends
    on seeing the chart or its colours. `caption` is shown under it."""

    labels: tuple[str, ...]
    values: tuple[int, ...]
    caption: str
    description: str
    anchor: str
    loc: Loc


Block = Union[Heading, Paragraph, BulletList, DefinitionList, GoalStatement, Image, Table,
              BlockQuote, BarChart]


@dataclass(frozen=True)
class Chapter:
    """One Markdown file; its first block is its level-1 heading."""

    blocks: tuple[Block, ...]
    loc: Loc

    @property
    def heading(self) -> Heading:
        first = self.blocks[0]
        assert isinstance(first, Heading)
        return first


# ---- activities ------------------------------------------------------------------

class DueKind(Enum):
    DATE = "date"
    RANGE = "range"
    MONTH = "month"
    HALF_YEAR = "half_year"
    YEAR = "year"
    BY_MONTH = "by_month"
    ONGOING = "ongoing"


@dataclass(frozen=True)
class Due:
    """A due date as data. `start`/`end` bound the period (None when ongoing)."""

    kind: DueKind
    start: dt.date | None = None
    end: dt.date | None = None


class Status(Enum):
    NONE = ""
    NOT_STARTED = "ej påbörjad"
    IN_PROGRESS = "pågår"
    DONE = "klar"
    DELAYED = "försenad"
    CANCELLED = "inställd"


@dataclass(frozen=True)
class GoalRef:
    """A reference from an activity to a goal heading by key; resolved by numbering.py."""

    key: str
    loc: Loc
    number: str = ""
    anchor: str = ""
    title: str = ""     # the goal heading's text ("Delmål Varumärket Hälsingland")


@dataclass(frozen=True)
class Activity:
    text: str
    goals: tuple[GoalRef, ...]
    responsible: str
    due: Due
    status: Status
    loc: Loc
    comment: str = ""                 # `kommentar`: why it is late, what remains
    new_due: Due | None = None        # `nytt_slutdatum`: the due date moved to
    key: str = ""                     # `id`: a stable key matching it across versions

    @property
    def current_due(self) -> Due:
        """The due date that counts: the new one when it has been moved."""
        return self.new_due if self.new_due is not None else self.due


@dataclass(frozen=True)
class ActivityList:
    title: str
    intro: str
    activities: tuple[Activity, ...]
    loc: Loc
    anchor: str = "aktivitetslista"


# ---- the plan --------------------------------------------------------------------

class PlanStatus(Enum):
    DRAFT = "utkast"
    PROPOSAL = "förslag"
    APPROVED = "fastställd"


@dataclass(frozen=True)
class PlanMeta:
    title: str
    year: int
    organisation: str
    subject: str
    keywords: tuple[str, ...]
    status: PlanStatus
    decided_by: str
    decision_date: dt.date | None
    paragraph: str | None
    registration_number: str | None
    version: str | None
    date: dt.date | None
    loc: Loc
    document_type: str = "Handlingsplan"
    owner: str | None = None          # dokumentansvarig
    valid_for: str | None = None      # gäller för, e.g. "2025" or "1 januari–31 december 2025"
    replaces: str | None = None       # ersätter, the plan this one replaces
    mark_late: bool = False           # markera_försenade: the plan itself flags late activities
    mark_late_at: Loc | None = None   # where markera_försenade is written (for its warning)

    @property
    def full_title(self) -> str:
        return f"{self.title} {self.year}"


@dataclass(frozen=True)
class TocEntry:
    level: int
    number: str | None
    text: str
    anchor: str


@dataclass(frozen=True)
class Plan:
    meta: PlanMeta
    chapters: tuple[Chapter, ...]
    activities: ActivityList

    def headings(self) -> list[Heading]:
        return [b for ch in self.chapters for b in ch.blocks if isinstance(b, Heading)]


# ---- the document a writer renders -----------------------------------------------

@dataclass(frozen=True)
class Section:
    """A run of blocks that starts with a level-1 heading (a chapter, the activity list);
    `kind` is an extra name for its role ("aktivitetslista"), empty for a chapter."""

    blocks: tuple[Block, ...]
    kind: str = ""

    @property
    def heading(self) -> Heading:
        first = self.blocks[0]
        assert isinstance(first, Heading)
        return first


@dataclass(frozen=True)
class Words:
    """The words writers put around the content, in the document's language."""

    contents: str                 # "Innehåll"
    skip_to_content: str          # "Hoppa till innehållet"
    table: str                    # "Tabell"
    page: str                     # "Sida {page} ({pages})"
    figure: str                   # "Figur"
    footnotes: str                # "Fotnoter": a section's notes (HTML)
    footnote_back: str            # "Tillbaka till hänvisning {number}" (HTML)


@dataclass(frozen=True)
class Revision:
    """Who made the changes a document carries as Word tracked changes, and when; `old`
    and `new` are the two versions' own documents, whose title pages and contents the
    DOCX writer shows as changes (each with its own page numbers)."""

    author: str
    date: dt.datetime
    old: Document | None = None
    new: Document | None = None


@dataclass(frozen=True)
class Download:
    """Another format's file of the same set, linked from the web page in the same folder."""

    href: str                     # "halsingeradets-handlingsplan-2025.pdf"
    text: str                     # "Ladda ned som PDF (91 kB)": format and size


@dataclass(frozen=True)
class Document:
    """Everything a writer renders, and nothing it has to look up elsewhere but the
    bytes of its pictures, fonts and templates (the assets)."""

    title: str                    # "Hälsingerådets handlingsplan"
    subtitle: str                 # "2025"
    full_title: str               # title and subtitle: running header, metadata
    file_stem: str                # "halsingeradets-handlingsplan-2025" (ASCII)
    lang: str                     # "sv"
    organisation: str
    description: str
    keywords: tuple[str, ...]
    category: str                 # "Handlingsplan"
    created: dt.datetime | None   # the one metadata date of every format (naive UTC)
    status_marking: str | None    # "FÖRSLAG" on every page; None when approved
    content_status: str           # "Förslag", "Fastställd"
    document_block: tuple[tuple[str, str], ...]   # (label, value) rows of the title page
    approval: str | None          # "Fastställd av … 2025-02-14, § 12"
    running_header: str           # "Handlingsplan · Dnr HR 2025/14 · 2025-12-01", pages 2 on
    updated: str | None           # "Senast uppdaterad 1 december 2025" (web page); None: no date
    registration_number: str | None
    version: str | None
    sections: tuple[Section, ...]
    words: Words
    name_hyphenation: tuple[str, ...] = ()   # "Häl-singe-rådet": the only breaks in a name
    revision: Revision | None = None         # Inserted/Deleted as Word tracked changes (DOCX)
    downloads: tuple[Download, ...] = ()     # the PDF and DOCX beside the web page (render.py)

    def headings(self) -> list[Heading]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Heading)]

    def toc(self) -> list[TocEntry]:
        """Table-of-contents entries: every heading, in order."""
        return [TocEntry(h.level, h.number, plain_text(h.inlines), h.anchor)
                for h in self.headings()]

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inline content without markup."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Symbol)):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append(" ")
        elif isinstance(node, (Footnote, CrossRef)):
            continue
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)


def all_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, then the blocks of its list items or quote, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, BulletList):
            for item in block.items:
                yield from all_blocks(item.blocks)
        elif isinstance(block, BlockQuote):
            yield from all_blocks(block.blocks)


def map_inlines(block: Block,
                change: Callable[[Inline], "Inline | tuple[Inline, ...]"]) -> Block:
    """The block with `change` applied to every inline node in it, depth first (the
    children of a node are changed before the node), in lists, quotes, cells and notes.
    `change` may return several nodes for one (a tuple), which take its place."""

    def inline(node: Inline) -> tuple[Inline, ...]:
        if isinstance(node, (Emph, Strong, Link, Unbreakable, Footnote, Inserted, Deleted)):
            node = replace(node, children=many(node.children))
        changed = change(node)
        return changed if isinstance(changed, tuple) else (changed,)

    def many(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(out for n in nodes for out in inline(n))

    if isinstance(block, (Heading, Paragraph, GoalStatement)):
        return replace(block, inlines=many(block.inlines))
    if isinstance(block, BulletList):
        return replace(block, items=tuple(
            replace(item, blocks=tuple(map_inlines(b, change) for b in item.blocks))
            for item in block.items))
    if isinstance(block, DefinitionList):
        return replace(block, items=tuple(replace(d, term=many(d.term), body=many(d.body))
                                          for d in block.items))
    if isinstance(block, BlockQuote):
        return replace(block, blocks=tuple(map_inlines(b, change) for b in block.blocks))
    if isinstance(block, Table):
        return replace(block, rows=tuple(tuple(many(cell) for cell in row)
                                         for row in block.rows))
    return block


def inline_nodes(block: Block) -> list[Inline]:
    """Every inline node in the block (a node's children before the node)."""
    found: list[Inline] = []

    def note(node: Inline) -> Inline:
        found.append(node)
        return node

    map_inlines(block, note)
    return found
