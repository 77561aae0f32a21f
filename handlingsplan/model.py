"""The document model: frozen, typed dataclasses that every writer walks.

Readers (markdown.py, load.py) build it once; numbering.py fills in heading numbers,
anchors and goal references; writers never see the sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
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


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Union[Text, Emph, Strong, Link, LineBreak]


# ---- blocks ---------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    """A heading; `number` ("4.2.1") and `anchor` are set by numbering.py."""

    level: int
    inlines: tuple[Inline, ...]
    loc: Loc
    numbered: bool = True
    key: str | None = None
    number: str | None = None
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    loc: Loc


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
    """A sub-goal statement, shown "Delmål 4.2.1 <text>"; `number` comes from its section."""

    inlines: tuple[Inline, ...]
    loc: Loc
    number: str | None = None


@dataclass(frozen=True)
class Image:
    """A picture; `path` is the resolved file inside the project."""

    path: Path
    alt: str
    loc: Loc


Block = Union[Heading, Paragraph, BulletList, DefinitionList, GoalStatement, Image]


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


@dataclass(frozen=True)
class Activity:
    text: str
    goals: tuple[GoalRef, ...]
    responsible: str
    due: Due
    status: Status
    loc: Loc


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
    root: Path

    def headings(self) -> list[Heading]:
        return [b for ch in self.chapters for b in ch.blocks if isinstance(b, Heading)]

    def toc(self) -> list[TocEntry]:
        """Table-of-contents entries, the activity list last."""
        entries = [TocEntry(h.level, h.number, plain_text(h.inlines), h.anchor)
                   for h in self.headings()]
        entries.append(TocEntry(1, None, self.activities.title, self.activities.anchor))
        return entries


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inline content without markup."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append(" ")
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)
