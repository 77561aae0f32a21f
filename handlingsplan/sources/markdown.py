"""Markdown chapters -> model blocks. The only importer of markdown_it.

Supports the constructs the writers render (headings 1–3, paragraphs, emphasis, links,
bullet and numbered lists, definition lists, `::: delmål` goal statements, images).
Everything else is reported with its line, never dropped silently; raw HTML is never
passed through (HTML comments are editors' notes and are skipped).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin

from .. import model as m
from ..diagnostics import Loc, Report
from .project import Project

GOAL_CONTAINER = "delmål"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")
_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
_COMMENT = re.compile(r"\s*(<!--.*?-->\s*)+", re.DOTALL)

_UNSUPPORTED = {
    "blockquote": "citatblock (>)",
    "code_block": "kodblock (indraget med fyra mellanslag)",
    "fence": "kodblock (```)",
    "hr": "en horisontell linje (---)",
    "code_inline": "kod (`…`)",
}


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).use(deflist_plugin)
    md.use(container_plugin, name=GOAL_CONTAINER)
    return md


_MD = _parser()


class _ChapterReader:
    """Turns one file's syntax tree into blocks, reporting problems with their lines."""

    def __init__(self, path: Path, project: Project, report: Report):
        self.path = path
        self.rel_path = project.rel(path)
        self.project = project
        self.report = report

    def loc(self, node: SyntaxTreeNode) -> Loc:
        return Loc(self.rel_path, node.map[0] + 1 if node.map else 0)

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[m.Block]:
        out: list[m.Block] = []
        for node in nodes:
            out.extend(self.block(node))
        return out

    def block(self, node: SyntaxTreeNode) -> list[m.Block]:
        loc = self.loc(node)
        match node.type:
            case "heading":
                return [self.heading(node, loc)]
            case "paragraph":
                return [self.paragraph(node, loc)]
            case "bullet_list" | "ordered_list":
                items = tuple(m.ListItem(tuple(self.blocks(item.children)), self.loc(item))
                              for item in node.children)
                ordered = node.type == "ordered_list"
                start = int(node.attrs.get("start", 1)) if ordered else 1
                return [m.BulletList(items, loc, ordered, start)]
            case "dl":
                return [self.definitions(node, loc)]
            case "container_delmål":
                return [self.goal_statement(node, loc)]
            case "html_block":
                if not _COMMENT.fullmatch(node.content):
                    self.report.error(loc, "HTML stöds inte i kapitlen och visas inte: "
                                           "skriv texten som vanlig Markdown")
                return []
        what = _UNSUPPORTED.get(node.type, f"'{node.type}'")
        self.report.error(loc, f"{what} stöds inte i kapitlen: skriv det som stycke eller lista")
        return []

    def heading(self, node: SyntaxTreeNode, loc: Loc) -> m.Heading:
        level = int(node.tag[1])
        inlines = list(self.inlines(node.children[0].children, loc))
        numbered, key = True, None
        if inlines and isinstance(inlines[-1], m.Text) and (match := _ATTRS.search(inlines[-1].text)):
            numbered, key = self.heading_attrs(match.group(1), loc)
            rest = inlines[-1].text[: match.start()]
            inlines[-1:] = [m.Text(rest)] if rest else []
        if level > 3:
            self.report.error(loc, f"rubriknivå {level} ({'#' * level}) stöds inte: "
                                   "använd #, ## eller ###")
        if not m.plain_text(tuple(inlines)).strip():
            self.report.error(loc, "rubriken är tom")
        return m.Heading(min(level, 3), tuple(inlines), loc, numbered, key)

    def heading_attrs(self, spec: str, loc: Loc) -> tuple[bool, str | None]:
        numbered, key = True, None
        for part in spec.split():
            if part in ("-", ".unnumbered"):
                numbered = False
            elif part.startswith("#") and _KEY.fullmatch(part[1:]):
                key = part[1:]
            else:
                self.report.error(loc, f"okänt tillägg '{part}' i rubriken: använd {{-}} för "
                                       "onumrerad rubrik eller {#nyckel} (små bokstäver a–z, "
                                       "siffror, bindestreck) för ett mål")
        return numbered, key

    def paragraph(self, node: SyntaxTreeNode, loc: Loc) -> m.Block:
        children = node.children[0].children
        images = [c for c in children if c.type == "image"]
        if images:
            if len(children) == 1:
                return self.image(images[0], loc)
            self.report.error(loc, "en bild måste stå ensam i ett eget stycke")
        return m.Paragraph(tuple(self.inlines(children, loc)), loc)

    def image(self, node: SyntaxTreeNode, loc: Loc) -> m.Image:
        src = str(node.attrs.get("src", ""))
        alt = "".join(c.content for c in node.children if c.type == "text").strip()
        if not alt:
            self.report.error(loc, f"bilden '{src}' saknar alternativtext: skriv en kort "
                                   "beskrivning inom hakparenteserna, ![så här](bild.png)")
        src = unquote(src)   # markdown-it percent-encodes "å" and spaces in the address
        key = ""
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE) or src.startswith("/"):
            self.report.error(loc, f"bilden '{src}' måste vara en fil i {self.project.content_name}, "
                                   "angiven relativt kapitlet (t.ex. bilder/karta.png)")
        elif Path(src).suffix.lower() not in IMAGE_SUFFIXES:
            self.report.error(loc, f"bilden '{src}' har ett format som inte stöds: "
                                   "använd PNG eller JPEG")
        else:
            target = self.path.parent / src
            data = self.project.read(target, loc, self.report, what="bilden", shown=src)
            if data is not None and not _is_png_or_jpeg(data):
                self.report.error(loc, f"bilden '{src}' är inte en giltig PNG- eller JPEG-fil: "
                                       "spara om den som PNG eller JPEG")
            elif data is not None:
                key = self.project.key(target)
        return m.Image(key, alt, loc)

    def definitions(self, node: SyntaxTreeNode, loc: Loc) -> m.DefinitionList:
        items: list[m.Definition] = []
        term: tuple[m.Inline, ...] = ()
        term_loc = loc
        for child in node.children:
            if child.type == "dt":
                term, term_loc = tuple(self.inlines(child.children[0].children, loc)), self.loc(child)
                continue
            paragraphs = [c for c in child.children if c.type == "paragraph"]
            if len(paragraphs) != 1 or len(child.children) != 1:
                self.report.error(self.loc(child), "en förklaring (: …) får bara vara ett stycke")
            body = tuple(self.inlines(paragraphs[0].children[0].children, loc)) if paragraphs else ()
            items.append(m.Definition(term, body, term_loc))
        return m.DefinitionList(tuple(items), loc)

    def goal_statement(self, node: SyntaxTreeNode, loc: Loc) -> m.GoalStatement:
        paragraphs = [c for c in node.children if c.type == "paragraph"]
        if len(paragraphs) != 1 or len(node.children) != 1:
            self.report.error(loc, "ett delmål (::: delmål) ska innehålla exakt ett stycke text")
        inlines = tuple(self.inlines(paragraphs[0].children[0].children, loc)) if paragraphs else ()
        return m.GoalStatement(inlines, loc)

    def inlines(self, nodes: list[SyntaxTreeNode], loc: Loc) -> list[m.Inline]:
        out: list[m.Inline] = []
        html = [n.content for n in nodes if n.type == "html_inline" and not _COMMENT.fullmatch(n.content)]
        if html:
            self.report.error(loc, f"HTML ({' '.join(html)}) stöds inte och visas inte: "
                                   "skriv texten som vanlig Markdown")
        for node in nodes:
            match node.type:
                case "text":
                    out.append(m.Text(node.content))
                case "softbreak":
                    out.append(m.Text(" "))
                case "hardbreak":
                    out.append(m.LineBreak())
                case "em":
                    out.append(m.Emph(tuple(self.inlines(node.children, loc))))
                case "strong":
                    out.append(m.Strong(tuple(self.inlines(node.children, loc))))
                case "link":
                    out.append(self.link(node, loc))
                case "html_inline":
                    pass  # reported once per block above
                case "image":
                    self.report.error(loc, "en bild måste stå ensam i ett eget stycke")
                case _:
                    what = _UNSUPPORTED.get(node.type, f"'{node.type}'")
                    self.report.error(loc, f"{what} stöds inte i kapitlen")
                    out.append(m.Text(node.content))
        return _merge_text(out)

    def link(self, node: SyntaxTreeNode, loc: Loc) -> m.Link:
        href = str(node.attrs.get("href", "")).strip()
        children = tuple(self.inlines(node.children, loc))
        if not href:
            self.report.error(loc, "länken saknar adress: skriv [text](https://…)")
        elif not re.match(r"^(https?://|mailto:)", href):
            self.report.error(loc, f"länken '{href}' ska börja med https://, http:// eller mailto:")
        if not m.plain_text(children).strip():
            self.report.error(loc, f"länken '{href}' saknar text: skriv [text](adress)")
        return m.Link(href, children)


def _is_png_or_jpeg(data: bytes) -> bool:
    """True when the file starts as a PNG (signature and IHDR) or a JPEG does."""
    head = data[:16]
    return head.startswith(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") or head.startswith(b"\xff\xd8\xff")


def _merge_text(inlines: list[m.Inline]) -> list[m.Inline]:
    merged: list[m.Inline] = []
    for node in inlines:
        if merged and isinstance(node, m.Text) and isinstance(merged[-1], m.Text):
            merged[-1] = m.Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return merged


def parse_chapter(text: str, path: Path, project: Project, report: Report) -> m.Chapter:
    """Parse one chapter file and check its heading structure; pictures are read through
    the project."""
    tree = SyntaxTreeNode(_MD.parse(text))
    reader = _ChapterReader(path, project, report)
    rel_path = reader.rel_path
    blocks = reader.blocks(tree.children)
    chapter_loc = Loc(rel_path, 1)
    headings = [b for b in blocks if isinstance(b, m.Heading)]
    if not blocks or not isinstance(blocks[0], m.Heading) or blocks[0].level != 1:
        first = blocks[0].loc if blocks and hasattr(blocks[0], "loc") else chapter_loc
        report.error(first, "kapitlet ska börja med en rubrik på nivå 1: '# Rubrik'")
        return m.Chapter((m.Heading(1, (m.Text(rel_path),), chapter_loc), *blocks), chapter_loc)
    previous = 1
    for heading in headings[1:]:
        if heading.level == 1:
            report.error(heading.loc, "ett kapitel har bara en rubrik på nivå 1 (#): "
                                      "använd ## här, eller lägg kapitlet i en egen fil")
        elif heading.level > previous + 1:
            report.error(heading.loc, f"rubriknivå hoppas över: {'#' * heading.level} efter "
                                      f"{'#' * previous}; använd {'#' * (previous + 1)}")
        previous = heading.level
    return m.Chapter(tuple(blocks), chapter_loc)
