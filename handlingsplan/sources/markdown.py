"""Markdown chapters -> model blocks. The only importer of markdown_it.

Supports the constructs the writers render (headings 1–3, paragraphs, emphasis, links,
bullet and numbered lists, definition lists, `::: delmål` goal statements, images and
figures with a `Figur:` caption, pipe tables with a `Tabell:` caption, footnotes, block
quotes and cross-references `[](#key)`). Everything else is reported with its line, never
dropped silently; raw HTML is never passed through (HTML comments are editors' notes and are
skipped). Rules and plugins that recognise constructs the writers do not render
(strikethrough, math, other `:::` containers) are enabled only so that those constructs are
refused at their line instead of being printed as their markup: RENDERED and REFUSED
name every node type the parser can produce (tests/test_markdown_tokens.py checks that).

Nothing an editor writes may hang or crash the build (limits.py): a chapter whose parse
would take too long is refused before it is parsed, nesting deeper than the writers render
(or than markdown-it keeps: it silently drops what lies deeper than its maxNesting) is an
error, and no regular expression here can backtrack (comments and heading attributes are
read by small scanners).
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .. import model as m
from ..diagnostics import Loc, Report
from . import images
from .limits import (MARKDOWN_BUDGET_US, MAX_LIST_DEPTH, MAX_MARKDOWN_DEPTH, check_words,
                     invalid_char, long_word, markdown_cost, word_message)
from .project import Project
from .years import check_text as check_years, confirmed_year

GOAL_CONTAINER = "delmål"
CONTAINERS = (GOAL_CONTAINER,)
OTHER_CONTAINER = "okand"   # any other ::: name, refused with a suggestion
TABLE_CAPTION = "Tabell:"
FIGURE_CAPTION = "Figur:"
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
_FOOTNOTE_UNDEFINED = re.compile(r"\[\^([^\]\s\[]+)\]")   # no "[" inside: linear
# A typed heading number: "4.1 Mål", "4. Vision", "4 Vision" (not "2025 års mål").
_TYPED_NUMBER = re.compile(r"\s*(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.?(?=\s+[A-ZÅÄÖ]))\s")
_TASK = re.compile(r"\[[ xX]\]\s")
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)

_UNSUPPORTED = {
    "code_block": "kodblock (indraget med fyra mellanslag)",
    "fence": "kodblock (```)",
    "hr": "en horisontell linje (---)",
    "code_inline": "kod (`…`)",
    "s": "genomstruken text (~~…~~)",
    "math_inline": "matematik ($…$)",
    "math_block": "matematik ($$…$$)",
    "math_block_label": "matematik ($$…$$)",
    "math_inline_double": "matematik ($$…$$)",
}

# Every node type of the syntax tree, rendered (turned into model nodes) or refused (an
# error at its line). tests/test_markdown_tokens.py parses a sample of every enabled rule.
RENDERED = frozenset({
    "root", "heading", "paragraph", "inline", "text", "softbreak", "hardbreak", "em", "strong",
    "link", "image", "bullet_list", "ordered_list", "list_item", "dl", "dt", "dd",
    f"container_{GOAL_CONTAINER}", "table", "thead", "tbody", "tr", "th", "td", "blockquote",
    "footnote_ref", "footnote_block", "footnote", "footnote_anchor", "html_block",
    "html_inline"})   # HTML: comments are skipped, everything else refused
REFUSED = frozenset({*_UNSUPPORTED, f"container_{OTHER_CONTAINER}", "footnote_reference",
                     "lheading"})


def _only_comments(text: str) -> bool:
    """True when text is nothing but HTML comments and white space (a linear scan; the
    regular expression it replaces backtracked exponentially on a line of comments)."""
    position, end = 0, len(text)
    while True:
        while position < end and text[position].isspace():
            position += 1
        if position == end:
            return True
        if not text.startswith("<!--", position):
            return False
        close = text.find("-->", position + 4)
        if close < 0:
            return False
        position = close + 3


def _heading_attrs(text: str) -> tuple[str, str] | None:
    """(text before, spec) when text ends with one or more "{spec}" blocks (a heading's
    {-} and {#key}, in any order, together or apart: "{- #key}", "{-} {#key}"), their
    specs joined by a space; else None. One scan from the end, each character read at
    most twice (a regular expression was quadratic in the white space before a brace)."""
    end = len(text.rstrip())
    specs: list[str] = []
    while end and text[end - 1] == "}":
        opening = text.rfind("{", 0, end - 1)
        if opening < 0 or text.find("}", opening + 1, end - 1) >= 0:
            break
        specs.append(text[opening + 1:end - 1])
        end = opening
        while end and text[end - 1].isspace():
            end -= 1
    if not specs:
        return None
    return text[:end], " ".join(reversed(specs))


def _check_entities(state) -> None:  # type: ignore[no-untyped-def]
    """Core rule (before text_join): a numeric entity for a character no output may hold
    (&#12;) or that markdown-it replaces by U+FFFD (&#0;) is noted with its line."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            line = token.map[0] + 1 if token.map else 0
            stack = list(token.children)
            while stack:
                child = stack.pop()
                if child.children:
                    stack.extend(child.children)
                if child.type == "text_special" and child.info == "entity":
                    bad = invalid_char(child.content) is not None or (
                        child.content == "\ufffd" and child.markup.lower() not in ("&#65533;", "&#xfffd;"))
                    if bad:
                        state.env.setdefault("bad_entities", []).append((line, child.markup))


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).use(deflist_plugin)
    md.enable(["table", "strikethrough"])
    md.use(container_plugin, name=GOAL_CONTAINER)
    md.use(container_plugin, name=OTHER_CONTAINER, validate=lambda params, *args: True)
    md.use(footnote_plugin, inline=False)
    # "$" in running text stays text ("10 $"); $x$ and $$x$$ are refused.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, allow_labels=False)
    md.core.ruler.before("text_join", "check_entities", _check_entities)
    reference = next(rule.fn for rule in md.block.ruler.__rules__ if rule.name == "reference")

    def noted_reference(state, start, end, silent):  # type: ignore[no-untyped-def]
        """A link reference definition ([namn]: adress) shows nothing: note its line."""
        found = reference(state, start, end, silent)
        if found and not silent:
            state.env.setdefault("reference_lines", []).append(start + 1)
        return found

    md.block.ruler.at("reference", noted_reference)
    return md


_MD = _parser()


class _ChapterReader:
    """Turns one file's syntax tree into blocks, reporting problems with their lines."""

    def __init__(self, path: Path, project: Project, report: Report, lines: list[str] | None = None):
        self.path = path
        self.lines = lines or []
        self.rel_path = project.rel(path)
        self.project = project
        self.report = report
        self.notes: dict[int, tuple[tuple[m.Inline, ...], Loc]] = {}   # footnote id -> text
        self.referred: set[int] = set()

    def loc(self, node: SyntaxTreeNode) -> Loc:
        return Loc(self.rel_path, node.map[0] + 1 if node.map else 0)

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[m.Block]:
        out: list[m.Block] = []
        for node in nodes:
            out.extend(self.block(node))
        return self.captions(out)

    def captions(self, blocks: list[m.Block]) -> list[m.Block]:
        """A `Tabell: …` paragraph directly above or below a table is its caption, a
        `Figur: …` paragraph directly below a picture makes it a numbered figure."""
        out: list[m.Block] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(block, m.Table) and not block.caption:
                caption = _caption(nxt, TABLE_CAPTION)
                if caption is None and out:
                    caption = _caption(out[-1], TABLE_CAPTION)
                    if caption is not None:
                        out.pop()
                else:
                    i += caption is not None
                if caption is not None:
                    text, key = self.caption_attrs(caption, block.loc)
                    block = dataclasses.replace(block, caption=text, key=key)
            elif isinstance(block, m.Image) and (caption := _caption(nxt, FIGURE_CAPTION)):
                text, key = self.caption_attrs(caption, block.loc)
                if text == block.alt:
                    self.report.error(block.loc, "bildtexten (Figur: …) är densamma som "
                                                 "alternativtexten: alternativtexten beskriver "
                                                 "vad bilden visar för den som inte ser den")
                block = dataclasses.replace(block, caption=text, key=key)
                i += 1
            out.append(block)
            i += 1
        for block in out:
            for prefix, what in ((TABLE_CAPTION, "tabell"), (FIGURE_CAPTION, "bild")):
                if _caption(block, prefix) is not None:
                    where = ("direkt ovanför eller under tabellen" if what == "tabell"
                             else "direkt under bilden")
                    self.report.error(block.loc, f"'{prefix} …' är en rubrik till en {what} "
                                                 f"och ska stå {where}, med en tom rad emellan")
        return out

    def caption_attrs(self, text: str, loc: Loc) -> tuple[str, str | None]:
        key = None
        if attrs := _heading_attrs(text):
            text, spec = attrs
            for part in spec.split():
                if part.startswith("#") and _KEY.fullmatch(part[1:]):
                    key = part[1:]
                else:
                    self.report.error(loc, f"okänt tillägg '{part}' i rubriken: använd {{#nyckel}} "
                                           "(små bokstäver a–z, siffror, bindestreck)")
        text = text.strip()
        if not text:
            self.report.error(loc, "rubriken är tom: skriv en text efter kolonet")
        return text, key

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
                for item in items:
                    first = item.blocks[0] if item.blocks else None
                    if (isinstance(first, m.Paragraph) and first.inlines
                            and isinstance(first.inlines[0], m.Text)
                            and _TASK.match(first.inlines[0].text)):
                        self.report.error(item.loc, "uppgiftslistor ([ ] och [x]) stöds inte: "
                                                    "skriv en vanlig lista")
                ordered = node.type == "ordered_list"
                start = int(node.attrs.get("start", 1)) if ordered else 1
                return [m.BulletList(items, loc, ordered, start)]
            case "dl":
                return [self.definitions(node, loc)]
            case "container_delmål":
                return [self.goal_statement(node, loc)]
            case "table":
                return [self.table(node, loc)]
            case "blockquote":
                return [self.quote(node, loc)]
            case "container_okand":
                name = node.info.strip().split(" ", 1)[0] if node.info.strip() else ""
                close = difflib.get_close_matches(name, CONTAINERS, n=1, cutoff=0.5)
                hint = f", menade du '{close[0]}'?" if close else f": det enda som finns är '::: {GOAL_CONTAINER}'"
                self.report.error(loc, f"okänd sorts block '::: {name}'{hint}")
                return []
            case "footnote_block":
                return []   # read first (footnotes), placed at their references
            case "html_block":
                if not _only_comments(node.content):
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
        if inlines and isinstance(inlines[-1], m.Text) and (attrs := _heading_attrs(inlines[-1].text)):
            rest, spec = attrs
            numbered, key = self.heading_attrs(spec, loc)
            inlines[-1:] = [m.Text(rest)] if rest else []
        self.check_words(inlines, node, loc)
        if level > 3:
            self.report.error(loc, f"rubriknivå {level} ({'#' * level}) stöds inte: "
                                   "använd #, ## eller ###")
        if node.markup in ("=", "-"):
            self.report.error(loc, "en rubrik skrivs med # först på raden, inte med en linje "
                                   "(=== eller ---) under texten")
        first = inlines[0].text if inlines and isinstance(inlines[0], m.Text) else ""
        if typed := _TYPED_NUMBER.match(first):
            self.report.error(loc, f"skriv inte rubrikens nummer '{typed.group(1)}': numren "
                                   "räknas ut automatiskt; skriv bara texten, t.ex. "
                                   f"'{'#' * level} {first[typed.end():].strip()}'")
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
        inlines = tuple(self.inlines(children, loc))
        self.check_words(inlines, node, loc)
        return m.Paragraph(inlines, loc)

    def check_words(self, inlines, node: SyntaxTreeNode, loc: Loc) -> None:  # type: ignore[no-untyped-def]
        """A word longer than MAX_WORD, reported at the source line it is on (link
        addresses are not part of the text and may be longer)."""
        word = long_word(m.plain_text(tuple(inlines)))
        if word is None:
            return
        line = loc.line
        if node.map:
            probe = word[:20]
            line = next((number + 1 for number in range(node.map[0], min(node.map[1], len(self.lines)))
                         if probe in self.lines[number]), line)
        self.report.error(Loc(loc.path, line), word_message(word))

    def check_title(self, node: SyntaxTreeNode, loc: Loc, what: str) -> None:
        if node.attrs.get("title"):
            self.report.error(loc, f"{what} har en titel (\"{node.attrs['title']}\") som inte visas: "
                                   "ta bort den eller skriv den i texten")

    def image(self, node: SyntaxTreeNode, loc: Loc) -> m.Image:
        src = str(node.attrs.get("src", ""))
        alt = " ".join(_alt_text(node).split())
        check_words(alt, loc, self.report)
        self.check_title(node, loc, f"bilden '{src}'")
        if not alt:
            self.report.error(loc, f"bilden '{src}' saknar alternativtext: skriv en kort "
                                   "beskrivning inom hakparenteserna, ![så här](bild.png)")
        src = unquote(src)   # markdown-it percent-encodes "å" and spaces in the address
        key = digest = ""
        if _SCHEME.match(src) or src.startswith("/"):
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
            elif data is not None and (why := images.problem(data)) is not None:
                self.report.error(loc, f"bilden '{src}' {why}")
            elif data is not None:
                key, digest = self.project.key(target), hashlib.sha256(data).hexdigest()
        return m.Image(key, alt, loc, digest=digest)

    def table(self, node: SyntaxTreeNode, loc: Loc) -> m.Table:
        """A pipe table: the header row names the columns, alignment from the colons."""
        rows: list[list[SyntaxTreeNode]] = []
        for part in node.children:
            rows.extend(list(tr.children) for tr in part.children)
        header, body = rows[0], rows[1:]
        labels = [m.plain_text(tuple(self.cell(c, loc))).strip() for c in header]
        cells = [tuple(tuple(self.cell(c, self.loc(c) if c.map else loc)) for c in row)
                 for row in body]
        for index, label in enumerate(labels):
            if not label:
                self.report.error(loc, f"kolumn {index + 1} i tabellen saknar rubrik i "
                                       "översta raden")
        if not body:
            self.report.error(loc, "tabellen har bara en rubrikrad: lägg till rader")
        lengths = [max([len(label)] + [len(m.plain_text(row[i])) for row in cells])
                   for i, label in enumerate(labels)]
        weights = [min(max(n, 4), 40) for n in lengths]
        columns = []
        for index, (label, cell) in enumerate(zip(labels, header)):
            align = _ALIGN.search(str(cell.attrs.get("style", "")))
            columns.append(m.Column(f"kol{index + 1}", label,
                                    round(100 * weights[index] / sum(weights), 2),
                                    m.Align(align.group(1)) if align else m.Align.LEFT))
        return m.Table(tuple(columns), tuple(cells), "", "", "", loc)

    def cell(self, node: SyntaxTreeNode, loc: Loc) -> list[m.Inline]:
        return self.inlines(node.children[0].children, loc) if node.children else []

    def quote(self, node: SyntaxTreeNode, loc: Loc) -> m.BlockQuote:
        blocks = self.blocks(node.children)
        if not blocks or any(not isinstance(b, m.Paragraph) for b in blocks):
            self.report.error(loc, "ett citat (>) får bara innehålla stycken text")
        return m.BlockQuote(tuple(b for b in blocks if isinstance(b, m.Paragraph)), loc)

    def footnotes(self, block: SyntaxTreeNode, text: str) -> None:
        """The footnotes' text by id, read before the chapter so references find it; a
        definition nobody refers to is an error at its line."""
        lines = {match[1]: text.count("\n", 0, match.start()) + 1
                 for match in _FOOTNOTE_DEF.finditer(text)}
        for note in block.children:
            label = str(note.meta.get("label", ""))
            loc = Loc(self.rel_path, lines.get(label, 0))
            paragraphs = [c for c in note.children if c.type == "paragraph"]
            if len(paragraphs) != 1 or len(note.children) != 1:
                self.report.error(loc, f"fotnoten [^{label}] får bara vara ett stycke text")
            inlines = (tuple(self.inlines([c for c in paragraphs[0].children[0].children
                                           if c.type != "footnote_anchor"], loc))
                       if paragraphs else ())
            self.notes[int(note.meta["id"])] = (inlines, loc)

    def definitions(self, node: SyntaxTreeNode, loc: Loc) -> m.DefinitionList:
        items: list[m.Definition] = []
        term: tuple[m.Inline, ...] = ()
        term_loc = loc
        for child in node.children:
            if child.type == "dt":
                term, term_loc = tuple(self.inlines(child.children[0].children, loc)), self.loc(child)
                self.check_words(term, child, term_loc)
                continue
            paragraphs = [c for c in child.children if c.type == "paragraph"]
            if len(paragraphs) != 1 or len(child.children) != 1:
                self.report.error(self.loc(child), "en förklaring (: …) får bara vara ett stycke")
            body = tuple(self.inlines(paragraphs[0].children[0].children, loc)) if paragraphs else ()
            self.check_words(body, child, self.loc(child))
            items.append(m.Definition(term, body, term_loc))
        return m.DefinitionList(tuple(items), loc)

    def goal_statement(self, node: SyntaxTreeNode, loc: Loc) -> m.GoalStatement:
        paragraphs = [c for c in node.children if c.type == "paragraph"]
        if len(paragraphs) != 1 or len(node.children) != 1:
            self.report.error(loc, "ett delmål (::: delmål) ska innehålla exakt ett stycke text")
        inlines = tuple(self.inlines(paragraphs[0].children[0].children, loc)) if paragraphs else ()
        self.check_words(inlines, node, loc)
        return m.GoalStatement(inlines, loc)

    def inlines(self, nodes: list[SyntaxTreeNode], loc: Loc) -> list[m.Inline]:
        out: list[m.Inline] = []
        html = [n.content for n in nodes if n.type == "html_inline" and not _only_comments(n.content)]
        if html:
            self.report.error(loc, f"HTML ({' '.join(html)}) stöds inte och visas inte: "
                                   "skriv texten som vanlig Markdown")
        for node in nodes:
            match node.type:
                case "text" | "text_special":
                    if undefined := _FOOTNOTE_UNDEFINED.search(node.content):
                        self.report.error(loc, f"fotnoten [^{undefined[1]}] har ingen förklaring: "
                                               f"skriv '[^{undefined[1]}]: texten' på en egen rad "
                                               "i kapitlet")
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
                case "footnote_ref":
                    out.extend(self.footnote_ref(node, loc))
                case "footnote_anchor":
                    pass   # the link back from a note: every writer makes its own
                case _:
                    what = _UNSUPPORTED.get(node.type, f"'{node.type}'")
                    self.report.error(loc, f"{what} stöds inte i kapitlen")
                    out.append(m.Text(node.content))
        return _merge_text(out)

    def footnote_ref(self, node: SyntaxTreeNode, loc: Loc) -> list[m.Inline]:
        note_id = int(node.meta["id"])
        label = node.meta.get("label", "")
        if note_id in self.referred:
            self.report.error(loc, f"fotnoten [^{label}] hänvisas till mer än en gång: "
                                   "skriv en egen fotnot för varje ställe")
            return []
        self.referred.add(note_id)
        inlines, note_loc = self.notes.get(note_id, ((), loc))
        return [m.Footnote(inlines, note_loc)]

    def link(self, node: SyntaxTreeNode, loc: Loc) -> m.Inline:
        href = str(node.attrs.get("href", "")).strip()
        children = tuple(self.inlines(node.children, loc))
        if href.startswith("#"):
            key = unquote(href[1:])
            if children:
                self.report.error(loc, f"en hänvisning inom planen skrivs utan text: "
                                       f"[](#{key}); numret och rubriken sätts in automatiskt")
            elif not _KEY.fullmatch(key):
                self.report.error(loc, f"'{key}' är ingen nyckel: en hänvisning skrivs "
                                       "[](#nyckel) med nyckeln från {#nyckel} i en rubrik, "
                                       "en tabellrubrik eller en bildtext")
            return m.CrossRef(key, loc)
        if not href:
            self.report.error(loc, "länken saknar adress: skriv [text](https://…)")
        elif not href.startswith(("https://", "http://", "mailto:")):
            self.report.error(loc, f"länken '{href}' ska börja med https://, http:// eller mailto:")
        self.check_title(node, loc, f"länken '{href}'")
        if not m.plain_text(children).strip():
            self.report.error(loc, f"länken '{href}' saknar text: skriv [text](adress)")
        return m.Link(href, children)


_LISTS = ("bullet_list_open", "ordered_list_open")


def _too_deep(tokens) -> tuple[int, str] | None:  # type: ignore[no-untyped-def]
    """(line, message) for the first place nested deeper than the writers render, else
    None. A linear walk of the flat token stream (the syntax tree is built recursively)."""
    depth = lists = 0
    for token in tokens:
        depth += token.nesting
        line = token.map[0] + 1 if token.map else 0
        if token.type in _LISTS:
            lists += 1
            if lists > MAX_LIST_DEPTH:
                return line, (f"listor i flera än {MAX_LIST_DEPTH} nivåer stöds inte: "
                              "minska indraget")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        inner = depth
        for child in token.children or ():
            inner += child.nesting
            if inner > MAX_MARKDOWN_DEPTH:
                return line, (f"texten är inbäddad i för många nivåer (betoning, länkar, "
                              f"listor; högst {MAX_MARKDOWN_DEPTH}): förenkla formateringen")
        if depth > MAX_MARKDOWN_DEPTH:
            return line, (f"blocken är inbäddade i för många nivåer (högst {MAX_MARKDOWN_DEPTH}): "
                          "förenkla strukturen")
    return None


def _is_png_or_jpeg(data: bytes) -> bool:
    """True when the file starts as a PNG (signature and IHDR) or a JPEG does."""
    head = data[:16]
    return head.startswith(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") or head.startswith(b"\xff\xd8\xff")


def _caption(block: m.Block | None, prefix: str) -> str | None:
    """The text after `prefix` when block is a paragraph that starts with it."""
    if not isinstance(block, m.Paragraph):
        return None
    text = m.plain_text(block.inlines)
    return text[len(prefix):] if text.startswith(prefix) else None


def _merge_text(inlines: list[m.Inline]) -> list[m.Inline]:
    merged: list[m.Inline] = []
    for node in inlines:
        if merged and isinstance(node, m.Text) and isinstance(merged[-1], m.Text):
            merged[-1] = m.Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return merged


def _shown_text(tokens) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """The text a reader sees (headings, paragraphs, cells, terms, notes, alt texts), one
    piece per inline token: its first source line and its text with a "\n" where the source
    breaks the line, so that a position in it gives its line. A piece the editors marked
    with the comment <!-- årtalet stämmer --> (in it, or on the line just above its block)
    is left out: its years are meant (years.py)."""
    pieces = []
    confirmed_at = -1          # the line below a comment block that confirms the years
    for token in tokens:
        if token.type == "html_block" and token.map and confirmed_year(token.content):
            confirmed_at = token.map[1]
        if token.type != "inline" or not token.map or token.map[0] == confirmed_at:
            continue
        parts: list[str] = []
        for child in token.children or ():
            if child.type in ("text", "text_special", "image"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif child.type.endswith(("_open", "_close")):   # emphasis, links: no text
                continue
            else:      # a footnote reference, an inline comment (over several lines?)
                parts.append(" " + "\n" * child.content.count("\n"))
        if not any(c.type == "html_inline" and confirmed_year(c.content)
                   for c in token.children or ()):
            pieces.append((token.map[0] + 1, "".join(parts)))
    return pieces


def parse_chapter(text: str, path: Path, project: Project, report: Report) -> m.Chapter:
    """Parse one chapter file and check its heading structure; pictures are read through
    the project."""
    rel_path = project.rel(path)
    chapter_loc = Loc(rel_path, 1)
    refused = m.Chapter((m.Heading(1, (m.Text(rel_path),), chapter_loc),), chapter_loc)
    if markdown_cost(text) > MARKDOWN_BUDGET_US:
        report.error(chapter_loc, "kapitlet är för stort eller har för mycket formatering "
                                  "(rader, listor, länkar, * och _) för att kunna läsas: "
                                  "dela upp det i flera kapitelfiler")
        return refused
    env: dict = {}
    tokens = _MD.parse(text, env)
    if (deep := _too_deep(tokens)) is not None:
        line, message = deep
        report.error(Loc(rel_path, line), message)
        return refused
    for line, markup in env.get("bad_entities", ()):
        report.error(Loc(rel_path, line), f"teckenkoden {markup} står för ett styrtecken eller "
                                          "ett tecken som inte finns och kan inte visas: ta bort den")
    for line in env.get("reference_lines", ()):
        report.error(Loc(rel_path, line), "en länkdefinition ([namn]: adress) visas inte och "
                                          "stöds inte: skriv länken där den står, [text](https://…)")
    for line, shown in _shown_text(tokens):
        check_years(rel_path, line, shown, project.year, report)
    tree = SyntaxTreeNode(tokens)
    reader = _ChapterReader(path, project, report, text.split("\n"))
    for node in tree.children:
        if node.type == "footnote_block":
            reader.footnotes(node, text)
    blocks = reader.blocks(tree.children)
    for label, note_id in env.get("footnotes", {}).get("refs", {}).items():
        if note_id == -1:   # defined, never referred to: markdown-it drops it
            line = next((text.count("\n", 0, match.start()) + 1
                         for match in _FOOTNOTE_DEF.finditer(text) if match[1] == label[1:]), 0)
            report.error(Loc(rel_path, line), f"fotnoten [^{label[1:]}] står i kapitlet men "
                                              f"ingen text hänvisar till den: skriv [^{label[1:]}] "
                                              "där den hör hemma, eller ta bort den")
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


def _alt_text(node: SyntaxTreeNode) -> str:
    """An image's alt text: the text of all its inline content (emphasis, links, line
    breaks included), which markdown-it keeps as children of the image token."""
    out = []
    for child in node.children:
        if child.type in ("text", "text_special", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        else:
            out.append(_alt_text(child))
    return "".join(out)
