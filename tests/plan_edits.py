"""Generated version pairs of a plan for the change report's tests: the 2025 plan read into
a small editable form (chapters of sections of blocks, the activities, plan.yaml's keys),
a Hypothesis strategy that applies a random sequence of structural edits to a copy, and
the truth about what changed, from the identities the edits keep (every chapter, section,
block, list item, table row and activity has a `uid` that an edit keeps and a new one
gets fresh), never from the code under test.

`write(plan, folder)` writes content/<year>/ for the sources stage, so both versions go
through the same parsing as an editor's files.
"""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import strategies as st
from PIL import Image as PILImage

ROOT = Path(__file__).resolve().parent.parent
_ids = itertools.count(1)


def uid() -> int:
    return next(_ids)


# ---- the editable form --------------------------------------------------------------

@dataclass
class Para:
    text: str
    note: str | None = None       # a footnote at the paragraph's end
    ref: str | None = None        # a cross-reference "[](#key)" after the text
    uid: int = field(default_factory=uid)


@dataclass
class Item:
    text: str
    children: list["Item"] = field(default_factory=list)
    uid: int = field(default_factory=uid)


@dataclass
class BList:
    items: list[Item]
    ordered: bool = False
    start: int = 1      # a numbered list's first number
    uid: int = field(default_factory=uid)


@dataclass
class Row:
    cells: list[str]
    uid: int = field(default_factory=uid)


@dataclass
class Tab:
    header: list[str]
    rows: list[Row]
    caption: str | None = None
    key: str | None = None
    uid: int = field(default_factory=uid)


@dataclass
class Quote:
    text: str
    uid: int = field(default_factory=uid)


@dataclass
class Goal:
    text: str
    uid: int = field(default_factory=uid)


@dataclass
class Img:
    alt: str
    caption: str | None = None
    uid: int = field(default_factory=uid)


@dataclass
class Defs:
    items: list[tuple[str, str]]
    uid: int = field(default_factory=uid)


@dataclass
class Raw:
    """A comment line: not shown, kept as written."""
    text: str
    uid: int = field(default_factory=uid)


Block = Para | BList | Tab | Quote | Goal | Img | Defs | Raw


@dataclass
class Sec:
    level: int
    title: str
    key: str | None = None
    unnumbered: bool = False
    blocks: list[Block] = field(default_factory=list)
    uid: int = field(default_factory=uid)


@dataclass
class Chap:
    file: str
    sections: list[Sec]           # sections[0] is the chapter's level-1 heading
    uid: int = field(default_factory=uid)


@dataclass
class Act:
    text: str
    goals: list[str]
    responsible: str
    due: str
    status: str = ""
    new_due: str = ""
    comment: str = ""
    key: str | None = None
    uid: int = field(default_factory=uid)


@dataclass
class PlanForm:
    meta: dict[str, str]          # plan.yaml's scalar keys as written (strings)
    chapters: list[Chap]
    rubrik: str
    ingress: str
    activities: list[Act]
    reworded: set[int] = field(default_factory=set)    # activities whose words changed

    def __repr__(self) -> str:     # Hypothesis prints the pair: the diff says more (`diff`)
        return f"<plan, {len(self.chapters)} chapters, {len(self.activities)} activities>"


# ---- reading the 2025 plan ----------------------------------------------------------

_HEADING = re.compile(r"^(#{1,3}) (.*?)( \{(-)? ?(?:#([a-z0-9-]+))?\})?$")


def _read_chapter(file: str, text: str) -> Chap:
    sections: list[Sec] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.split("\n")
        first = lines[0]
        if first.startswith("#"):
            found = _HEADING.match(first)
            assert found, first
            sections.append(Sec(len(found[1]), found[2], found[5], bool(found[4])))
            continue
        section = sections[-1]
        if first.startswith("<!--"):
            section.blocks.append(Raw(chunk))
        elif first.startswith("::: delmål"):
            section.blocks.append(Goal(" ".join(lines[1:-1])))
        elif first.startswith("- "):
            items: list[Item] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(Item(line[2:]))
                else:
                    items[-1].text += " " + line.strip()
            section.blocks.append(BList(items))
        elif len(lines) > 1 and lines[1].startswith(": "):
            pairs = [(lines[k], lines[k + 1][2:]) for k in range(0, len(lines), 2)]
            if section.blocks and isinstance(section.blocks[-1], Defs):
                section.blocks[-1].items += pairs
            else:
                section.blocks.append(Defs(pairs))
        else:
            section.blocks.append(Para(" ".join(lines)))
    return Chap(file, sections)


def _scalar(value: object) -> str:
    return "" if value is None else str(value)


def read_2025() -> PlanForm:
    folder = ROOT / "content" / "2025"
    plan = yaml.safe_load((folder / "plan.yaml").read_text(encoding="utf-8"))
    listing = yaml.safe_load((folder / "aktiviteter.yaml").read_text(encoding="utf-8"))
    meta = {k: _scalar(v) for k, v in plan.items() if k not in ("kapitel", "aktiviteter",
                                                                 "nyckelord")}
    chapters = [_read_chapter(f, (folder / f).read_text(encoding="utf-8"))
                for f in plan["kapitel"]]
    activities = [Act(a["aktivitet"], list(a["mål"]), a["ansvarig"], _scalar(a["slutdatum"]),
                      _scalar(a.get("status"))) for a in listing["aktiviteter"]]
    return PlanForm(meta, chapters, listing["rubrik"], listing["ingress"], activities)


# ---- writing content/<year>/ --------------------------------------------------------

def _q(text: str) -> str:
    """A YAML scalar, quoted (JSON strings are YAML)."""
    import json
    return json.dumps(text, ensure_ascii=False)


def _item_md(item: Item, depth: int, ordered: bool, k: int) -> list[str]:
    mark = f"{k}. " if ordered else "- "
    pad = ("   " if ordered else "  ") * depth
    out = [f"{pad}{mark}{item.text}"]
    for c, child in enumerate(item.children, 1):
        out += _item_md(child, depth + 1, ordered, c)
    return out


def block_md(block: Block, notes: list[str], keys: set[str], picture: str) -> str:
    if isinstance(block, Para):
        text = block.text
        if block.ref and block.ref in keys:
            text += f" (se [](#{block.ref}))"
        if block.note:
            notes.append(block.note)
            text += f"[^n{len(notes)}]"
        return text
    if isinstance(block, BList):
        return "\n".join(line for k, item in enumerate(block.items, block.start)
                         for line in _item_md(item, 0, block.ordered, k))
    if isinstance(block, Tab):
        cols = len(block.header)
        rows = ["| " + " | ".join(block.header) + " |",
                "| " + " | ".join([":---"] + ["---:"] * (cols - 1)) + " |"]
        rows += ["| " + " | ".join(r.cells) + " |" for r in block.rows]
        table = "\n".join(rows)
        if block.caption:
            key = f" {{#{block.key}}}" if block.key else ""
            return f"Tabell: {block.caption}{key}\n\n{table}"
        return table
    if isinstance(block, Quote):
        return f"> {block.text}"
    if isinstance(block, Goal):
        return f"::: delmål\n{block.text}\n:::"
    if isinstance(block, Img):
        out = f"![{block.alt}]({picture})"
        return out + (f"\n\nFigur: {block.caption}" if block.caption else "")
    if isinstance(block, Defs):
        return "\n\n".join(f"{t}\n: {b}" for t, b in block.items)
    return block.text


def keys_of(plan: PlanForm) -> set[str]:
    """Every key a cross-reference may name."""
    return {s.key for c in plan.chapters for s in c.sections if s.key} | {
        b.key for c in plan.chapters for s in c.sections for b in s.blocks
        if isinstance(b, Tab) and b.key and b.caption}


FILLER = "Mer om detta nedan."


def chapter_md(chapter: Chap, keys: set[str]) -> str:
    out, notes = [], []
    for section in chapter.sections:
        spec = " ".join((["-"] if section.unnumbered else []) + ([f"#{section.key}"] if section.key else []))
        tail = f" {{{spec}}}" if spec else ""
        out.append(f"{'#' * section.level} {section.title}{tail}")
        previous = None
        for b in section.blocks:
            # a caption between two tables or pictures would be next to both: an error
            if isinstance(b, (Tab, Img)) and isinstance(previous, (Tab, Img)):
                out.append(FILLER)
            out.append(block_md(b, notes, keys, "bild.png"))
            previous = b if not isinstance(b, Raw) else previous   # a comment is not shown
    out += [f"[^n{k}]: {note}" for k, note in enumerate(notes, 1)]
    return "\n\n".join(out) + "\n"


def picture() -> bytes:
    import io
    image = PILImage.new("RGB", (120, 80), (40, 90, 140))
    for x in range(30, 90):
        for y in range(20, 60):
            image.putpixel((x, y), (230, 200, 60))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def write(plan: PlanForm, root: Path) -> Path:
    """content/<year>/ of `plan` under `root` (replaced if it is there)."""
    import shutil
    folder = root / "content" / plan.meta["år"]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    keys = keys_of(plan)
    for chapter in plan.chapters:
        (folder / chapter.file).write_text(chapter_md(chapter, keys), encoding="utf-8")
    if any(isinstance(b, Img) for c in plan.chapters for s in c.sections for b in s.blocks):
        (folder / "bild.png").write_bytes(PICTURE)
    lines = []
    for key, value in plan.meta.items():
        if value:
            lines.append(f"{key}: {value if key == 'år' else _q(value)}")
    lines.append("nyckelord: [Hälsingerådet, Hälsingland, handlingsplan]")
    lines.append("kapitel:")
    lines += [f"  - {c.file}" for c in plan.chapters]
    lines.append("aktiviteter: aktiviteter.yaml")
    (folder / "plan.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = [f"rubrik: {_q(plan.rubrik)}", f"ingress: {_q(plan.ingress)}", "aktiviteter:"]
    for a in plan.activities:
        out.append(f"  - aktivitet: {_q(a.text)}")
        if a.key:
            out.append(f"    id: {a.key}")
        out.append(f"    mål: [{', '.join(a.goals)}]")
        out.append(f"    ansvarig: {_q(a.responsible)}")
        out.append(f"    slutdatum: {a.due}")
        out.append(f"    status: {a.status}")
        if a.new_due:
            out.append(f"    nytt_slutdatum: {a.new_due}")
        if a.comment:
            out.append(f"    kommentar: {_q(a.comment)}")
    (folder / "aktiviteter.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


PICTURE = picture()

# ---- the edits ----------------------------------------------------------------------

WORDS = ("samverkan", "Hälsingland", "och", "nya", "kommunerna", "regionalt", "åtgärder",
         "Söderhamn", "Ljusdal", "öppna", "kvalité", "Nordanstig", "ÅÄÖ-frågor", "möten",
         "130 000", "17 %", "*viktigt*", "**särskilt**", "näringslivsorganisationernas",
         "landsbygdsutvecklingsprogramsamordnare" * 2)
# words that no 2025 activity uses: a new activity's text is never like an old one's
FRESH = ("lavendel", "pelargon", "akvarell", "bergsbestigning", "trumpet", "vattenkraft",
         "ekorre", "kanot", "snöskoter", "trädgård", "glasblåsning", "fiol")
TITLES = ("Budget", "Uppföljning och utvärdering", "Nätverk för unga", "Kultur och fritid",
          "Digitalisering", "Långsiktig finansiering", "Ärenden från styrelsen", "Övrigt")
DUES = ("löpande", "2025-05-25", "2025-09-25/2025-09-27", "2025-06", "2025-H1", "2025-H2",
        "2025", "senast 2025-10")
STATUS = ("", "ej påbörjad", "pågår", "klar", "försenad", "inställd")
PEOPLE = ("Linda Beigler", "Karin Flordal", "Åsa Öberg", "Kommunchefsgruppen")

text_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
fresh_text = st.lists(st.sampled_from(FRESH), min_size=3, max_size=6, unique=True).map(
    lambda ws: " ".join(ws).capitalize())      # FRESH words are lower case


def _sentence(draw: st.DrawFn) -> str:
    text = draw(text_words)
    text = "Om " + text if text.startswith("*") else text
    return text[0].upper() + text[1:] + "."


def word_edit(draw: st.DrawFn, text: str) -> str:
    """`text` with one word inserted, deleted or replaced (never to nothing)."""
    words = text.split(" ")
    at = draw(st.integers(0, len(words)))
    how = draw(st.sampled_from(("insert", "delete", "replace")))
    new = draw(st.sampled_from(WORDS))
    if how == "insert" or len(words) < 2:
        words.insert(at, new)
    elif how == "delete":
        del words[min(at, len(words) - 1)]
    else:
        words[min(at, len(words) - 1)] = new
    out = " ".join(words)
    return out if out != text else out + " " + new


def _sections(plan: PlanForm) -> list[tuple[Chap, Sec]]:
    return [(c, s) for c in plan.chapters for s in c.sections]


def _blocks(plan: PlanForm, kind: type) -> list[tuple[Sec, Block]]:
    return [(s, b) for c in plan.chapters for s in c.sections for b in s.blocks
            if isinstance(b, kind)]


def _subtree(chapter: Chap, index: int) -> int:
    """The index after section `index` and its subsections."""
    level = chapter.sections[index].level
    end = index + 1
    while end < len(chapter.sections) and chapter.sections[end].level > level:
        end += 1
    return end


def goal_keys(plan: PlanForm) -> list[str]:
    return [s.key for c in plan.chapters for s in c.sections
            if s.key and any(isinstance(b, Goal) for b in s.blocks)]


def _drop_keys(plan: PlanForm, gone: set[str]) -> None:
    """Activities lose their goals whose sections went (keeping at least one)."""
    left = [k for k in goal_keys(plan) if k not in gone]
    for a in plan.activities:
        goals = [g for g in a.goals if g not in gone]
        a.goals = goals or left[:1]


def _removable(plan: PlanForm, sections: list[Sec]) -> bool:
    """Whether removing `sections` leaves a goal for the activities."""
    keys = {s.key for s in sections if s.key}
    return any(k not in keys for k in goal_keys(plan))


def _new_key(plan: PlanForm, draw: st.DrawFn) -> str:
    used = keys_of(plan) | {a.key for a in plan.activities if a.key}
    return next(f"nyckel-{k}" for k in itertools.count(draw(st.integers(1, 50))) if f"nyckel-{k}" not in used)


def _new_block(draw: st.DrawFn, plan: PlanForm) -> Block:
    kind = draw(st.sampled_from(("para", "note", "list", "nested", "table", "quote", "image",
                                 "ref", "long")))
    if kind == "para":
        return Para(_sentence(draw))
    if kind == "long":   # a long word, the longest an editor may write
        return Para("Ett " + "å" * 40 + "ö" * 60 + " ord.")
    if kind == "note":
        return Para(_sentence(draw), note=_sentence(draw))
    if kind in ("list", "nested"):
        items = [Item(_sentence(draw)) for _ in range(draw(st.integers(1, 4)))]
        if kind == "nested":
            items[0].children = [Item(_sentence(draw)) for _ in range(draw(st.integers(1, 3)))]
        return BList(items, ordered=draw(st.booleans()))
    if kind == "table":
        cols = draw(st.integers(2, 4))
        header = [draw(st.sampled_from(("Kommun", "Bidrag (kr)", "Andel", "År", "Ansvar")))
                  + ("" if k == 0 else f" {k}") for k in range(cols)]
        rows = [Row([draw(st.sampled_from(("Bollnäs", "Hudiksvall", "Ovanåker", "Söderhamn")))]
                    + [draw(st.sampled_from(("130 000", "17 %", "", "ja", "Åtta")))
                       for _ in range(cols - 1)]) for _ in range(draw(st.integers(1, 4)))]
        caption = draw(st.sampled_from((None, "Bidrag per kommun", "Fördelning av medel")))
        return Tab(header, rows, caption, _new_key(plan, draw) if caption and draw(st.booleans()) else None)
    if kind == "quote":
        return Quote(_sentence(draw))
    if kind == "image":
        return Img("Karta över Hälsingland med " + draw(text_words),
                   draw(st.sampled_from((None, "Hälsinglands kommuner", "Besöksmål i länet"))))
    keys = sorted(keys_of(plan))
    return Para(_sentence(draw), ref=draw(st.sampled_from(keys)) if keys else None)


def _pick(draw: st.DrawFn, options: list):  # type: ignore[no-untyped-def]
    return options[draw(st.integers(0, len(options) - 1))] if options else None


# Each edit changes `plan` in place and returns False when it does not apply to it.

def e_para_words(draw, plan):  # type: ignore[no-untyped-def]
    found = _pick(draw, _blocks(plan, Para))
    if not found:
        return False
    found[1].text = word_edit(draw, found[1].text)
    return True


def e_block_add(draw, plan):  # type: ignore[no-untyped-def]
    _, section = _pick(draw, _sections(plan))
    section.blocks.insert(draw(st.integers(0, len(section.blocks))), _new_block(draw, plan))
    return True


def e_block_remove(draw, plan):  # type: ignore[no-untyped-def]
    found = _pick(draw, [(s, b) for _, s in _sections(plan) for b in s.blocks
                         if not isinstance(b, (Goal, Raw))])
    if not found:
        return False
    found[0].blocks.remove(found[1])
    return True


def e_block_move(draw, plan):  # type: ignore[no-untyped-def]
    found = _pick(draw, [(s, b) for _, s in _sections(plan) for b in s.blocks
                         if not isinstance(b, (Goal, Raw))])
    if not found:
        return False
    found[0].blocks.remove(found[1])
    _, target = _pick(draw, _sections(plan))
    target.blocks.insert(draw(st.integers(0, len(target.blocks))), found[1])
    return True


def e_note(draw, plan):  # type: ignore[no-untyped-def]
    found = _pick(draw, _blocks(plan, Para))
    if not found:
        return False
    para = found[1]
    how = draw(st.sampled_from(("add", "remove", "change")))
    if para.note is None:
        para.note = _sentence(draw)
    elif how == "remove":
        para.note = None
    else:
        para.note = word_edit(draw, para.note)
    return True


def e_list(draw, plan):  # type: ignore[no-untyped-def]
    found = _pick(draw, _blocks(plan, BList))
    if not found:
        return False
    items = found[1].items
    how = draw(st.sampled_from(("add", "remove", "reorder", "edit", "nest", "unnest", "kind")))
    k = draw(st.integers(0, len(items) - 1))
    if how == "add":
        items.insert(draw(st.integers(0, len(items))), Item(_sentence(draw)))
    elif how == "remove" and len(items) > 1:
        del items[k]
    elif how == "reorder" and len(items) > 1:
        items.insert(draw(st.integers(0, len(items) - 1)), items.pop(k))
    elif how == "nest":
        items[k].children.insert(0, Item(_sentence(draw)))
    elif how == "unnest" and items[k].children:
        items[k].children.pop(draw(st.integers(0, len(items[k].children) - 1)))
    elif how == "kind":
        found[1].ordered = not found[1].ordered
    else:
        target = items[k].children[0] if items[k].children and draw(st.booleans()) else items[k]
        target.text = word_edit(draw, target.text)
    return True


def e_table(draw, plan):  # type: ignore[no-untyped-def]
    found = _pick(draw, _blocks(plan, Tab))
    if not found:
        return e_block_add(draw, plan)
    table: Tab = found[1]
    how = draw(st.sampled_from(("cell", "row+", "row-", "col+", "col-", "caption", "label",
                                "uncaption")))
    if how == "cell" and table.rows:
        row = _pick(draw, table.rows)
        c = draw(st.integers(0, len(table.header) - 1))
        row.cells[c] = word_edit(draw, row.cells[c]) if row.cells[c] else "ny"
    elif how == "row+":
        table.rows.insert(draw(st.integers(0, len(table.rows))),
                          Row(["Nordanstig"] + ["1 000"] * (len(table.header) - 1)))
    elif how == "row-" and len(table.rows) > 1:
        table.rows.pop(draw(st.integers(0, len(table.rows) - 1)))
    elif how == "col+":
        table.header.append("Kommentar")
        for row in table.rows:
            row.cells.append(draw(st.sampled_from(("klar", "", "pågår"))))
    elif how == "col-" and len(table.header) > 2:
        c = draw(st.integers(1, len(table.header) - 1))
        del table.header[c]
        for row in table.rows:
            del row.cells[c]
    elif how == "caption":
        table.caption = word_edit(draw, table.caption) if table.caption else "Ny tabell"
    elif how == "uncaption" and table.caption and not table.key:
        table.caption = None
    else:
        c = draw(st.integers(0, len(table.header) - 1))
        table.header[c] = word_edit(draw, table.header[c])
    return True


def e_quote_or_image(draw, plan):  # type: ignore[no-untyped-def]
    found = _pick(draw, _blocks(plan, Quote) + _blocks(plan, Img))
    if not found:
        return e_block_add(draw, plan)
    block = found[1]
    if isinstance(block, Quote):
        block.text = word_edit(draw, block.text)
    elif draw(st.booleans()):
        block.alt = word_edit(draw, block.alt)
    else:
        block.caption = word_edit(draw, block.caption) if block.caption else "Ny figur"
    return True


def e_section_add(draw, plan):  # type: ignore[no-untyped-def]
    chapter = _pick(draw, plan.chapters)
    index = draw(st.integers(1, len(chapter.sections)))
    before = chapter.sections[index - 1].level
    level = draw(st.integers(2, min(3, before + 1)))
    goal = draw(st.booleans()) and level == 3
    section = Sec(level, draw(st.sampled_from(TITLES)) + (" och mål" if goal else ""),
                  _new_key(plan, draw) if goal or draw(st.booleans()) else None,
                  draw(st.booleans()) if not goal else False,
                  [_new_block(draw, plan)] + ([Goal(_sentence(draw))] if goal else []))
    chapter.sections.insert(index, section)
    return True


def e_section_remove(draw, plan):  # type: ignore[no-untyped-def]
    options = [(c, k) for c in plan.chapters for k in range(1, len(c.sections))]
    found = _pick(draw, options)
    if not found:
        return False
    chapter, k = found
    gone = chapter.sections[k:_subtree(chapter, k)]
    if not _removable(plan, gone):
        return False
    del chapter.sections[k:_subtree(chapter, k)]
    _drop_keys(plan, {s.key for s in gone if s.key})
    return True


def e_section_move(draw, plan):  # type: ignore[no-untyped-def]
    options = [(c, k) for c in plan.chapters for k in range(1, len(c.sections))
               if c.sections[k].level == 2]
    found = _pick(draw, options)
    if not found:
        return False
    chapter, k = found
    moved = chapter.sections[k:_subtree(chapter, k)]
    del chapter.sections[k:_subtree(chapter, k)]
    target = _pick(draw, plan.chapters)
    places = [1] + [i for i in range(1, len(target.sections) + 1)
                    if i == len(target.sections) or target.sections[i].level <= 2]
    at = _pick(draw, places)
    target.sections[at:at] = moved
    return True


def e_heading(draw, plan):  # type: ignore[no-untyped-def]
    chapter, section = _pick(draw, _sections(plan))
    how = draw(st.sampled_from(("rename", "rename", "unnumbered", "key")))
    if how == "rename":
        section.title = word_edit(draw, section.title).lstrip("*").replace("*", "")
    elif how == "unnumbered" and section.level > 1:
        section.unnumbered = not section.unnumbered
    elif how == "key" and section.key is None:
        section.key = _new_key(plan, draw)
    elif how == "key" and section.key not in goal_keys(plan) and not any(
            isinstance(b, Para) and b.ref == section.key for _, b in _blocks(plan, Para)):
        section.key = None
    else:
        section.title = section.title + " " + draw(st.sampled_from(("2025", "Ö", "igen")))
    return True


def e_chapter(draw, plan):  # type: ignore[no-untyped-def]
    how = draw(st.sampled_from(("add", "remove", "move", "rename")))
    if how == "add":
        files = {c.file for c in plan.chapters}
        name = next(f"kapitel{k}.md" for k in itertools.count(1) if f"kapitel{k}.md" not in files)
        chapter = Chap(name, [Sec(1, draw(st.sampled_from(TITLES)), None, False,
                                  [Para(_sentence(draw))])])
        if draw(st.booleans()):
            chapter.sections.append(Sec(2, draw(st.sampled_from(TITLES)), None,
                                        draw(st.booleans()), [_new_block(draw, plan)]))
        plan.chapters.insert(draw(st.integers(0, len(plan.chapters))), chapter)
    elif how == "remove" and len(plan.chapters) > 1:
        chapter = _pick(draw, plan.chapters)
        if not _removable(plan, chapter.sections):
            return False
        plan.chapters.remove(chapter)
        _drop_keys(plan, {s.key for s in chapter.sections if s.key})
    elif how == "move" and len(plan.chapters) > 1:
        chapter = plan.chapters.pop(draw(st.integers(0, len(plan.chapters) - 1)))
        plan.chapters.insert(draw(st.integers(0, len(plan.chapters))), chapter)
    else:
        chapter = _pick(draw, plan.chapters)
        chapter.sections[0].title = word_edit(draw, chapter.sections[0].title).replace("*", "")
    return True


def e_goal(draw, plan):  # type: ignore[no-untyped-def]
    found = _pick(draw, _blocks(plan, Goal))
    if not found:
        return e_section_add(draw, plan)
    found[1].text = word_edit(draw, found[1].text)
    return True


def _distinct(plan: PlanForm, text: str) -> str:
    """A new activity's text, unlike every other one's (a word of its own at the end)."""
    used = {a.text for a in plan.activities}
    for k in itertools.count(1):
        candidate = f"{text} etapp {k}"
        if candidate not in used:
            return candidate
    raise AssertionError


def e_activity(draw, plan):  # type: ignore[no-untyped-def]
    acts = plan.activities
    how = draw(st.sampled_from(("add", "remove", "reorder", "split", "field", "field",
                                "rewrite")))
    k = draw(st.integers(0, len(acts) - 1))
    a = acts[k]
    goals = goal_keys(plan)
    if how == "add":
        acts.insert(draw(st.integers(0, len(acts))), Act(
            _distinct(plan, draw(fresh_text)), [_pick(draw, goals)], _pick(draw, PEOPLE),
            _pick(draw, DUES), _pick(draw, STATUS)))
    elif how == "remove" and len(acts) > 1:
        del acts[k]
    elif how == "reorder" and len(acts) > 1:
        acts.insert(draw(st.integers(0, len(acts) - 1)), acts.pop(k))
    elif how == "split":     # the activity keeps its identity; its second half is new
        second = copy.copy(a)
        second.uid, second.key = uid(), None
        second.text = _distinct(plan, draw(fresh_text))
        acts.insert(k + 1, second)
        if a.key or a.uid not in plan.reworded:
            plan.reworded.add(a.uid)
            a.text = word_edit(draw, a.text)
    elif how == "rewrite":   # wholly new words: recognised by its id only
        if not a.key:
            return False
        a.text = _distinct(plan, draw(fresh_text))
    else:
        name = draw(st.sampled_from(("text", "goals", "responsible", "due", "status",
                                     "new_due", "comment")))
        if name == "text":
            # without an id, an activity is recognised by its words: edit them once
            if not a.key and a.uid in plan.reworded:
                return False
            plan.reworded.add(a.uid)
            a.text = word_edit(draw, a.text)
        elif name == "goals":
            others = [g for g in goals if g not in a.goals]
            if others and (len(a.goals) == 1 or draw(st.booleans())):
                a.goals = a.goals + [_pick(draw, others)]
            else:
                a.goals = a.goals[1:]
        elif name == "responsible":
            a.responsible = _pick(draw, [p for p in PEOPLE if p != a.responsible])
        elif name == "due":
            a.due = _pick(draw, [d for d in DUES if d != a.due])
        elif name == "status":
            a.status = _pick(draw, [s for s in STATUS if s != a.status])
        elif name == "new_due":
            a.new_due = "" if a.new_due else "2025-12"
        else:
            a.comment = word_edit(draw, a.comment) if a.comment else "Flyttad till hösten."
    return True


def e_listing(draw, plan):  # type: ignore[no-untyped-def]
    if draw(st.booleans()):
        plan.rubrik = word_edit(draw, plan.rubrik).replace("*", "")
    else:
        plan.ingress = word_edit(draw, plan.ingress)
    return True


META = {"titel": ("Hälsingerådets handlingsplan för samverkan", "Hälsingerådets plan"),
        "status": ("utkast", "fastställd", "förslag"),
        "datum": ("2025-12-01", "2025-02-14"),
        "diarienummer": ("HR 2025/14", "HR 2025/99"),
        "version": ("1.1", "2.0"),
        "dokumentansvarig": ("Linda Beigler", "Åsa Öberg"),
        "gäller_för": ("1 januari–31 december 2025", "hela 2025"),
        "ersätter": ("Hälsingerådets handlingsplan 2024",),
        "beslutsdatum": ("2025-01-31",),
        "paragraf": ("12", "7")}


def e_meta(draw, plan):  # type: ignore[no-untyped-def]
    key = draw(st.sampled_from(sorted(META)))
    choices = [v for v in META[key] + ("",) if v != plan.meta.get(key, "")]
    if key in ("titel", "status"):
        choices = [v for v in choices if v]
    plan.meta[key] = _pick(draw, choices)
    return True


EDITS = (e_para_words, e_block_add, e_block_remove, e_block_move, e_note, e_list, e_table,
         e_quote_or_image, e_section_add, e_section_remove, e_section_move, e_heading,
         e_chapter, e_goal, e_activity, e_listing, e_meta)


class Pair:
    """Two versions and the names of the edits between them (printed short: Hypothesis's
    printer would show every field; the test notes the files' diff instead)."""

    def __init__(self, old: PlanForm, new: PlanForm, made: list[str]):
        self.old, self.new, self.made = old, new, made

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter((self.old, self.new, self.made))

    def __repr__(self) -> str:
        return f"Pair(edits={self.made})"


@st.composite
def version_pairs(draw: st.DrawFn, base: PlanForm, max_edits: int = 8, min_edits: int = 0,
                  edits: tuple = EDITS) -> Pair:
    """(old, new, names of the edits made): old is `base` after a few edits of its own
    (so that it has tables, notes, pictures and lists to edit), new is old after a random
    sequence of edits; none when the versions are to be identical."""
    old = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, 3))):
        e_block_add(draw, old)
    for k, activity in enumerate(old.activities):
        if draw(st.integers(0, 3)) == 0:
            activity.key = f"aktivitet-{k + 1}"
    new = copy.deepcopy(old)
    made = []
    for _ in range(draw(st.integers(min_edits, max_edits))):
        edit = draw(st.sampled_from(edits))
        if edit(draw, new):
            made.append(edit.__name__)
    return Pair(old, new, made)


def files(plan: PlanForm) -> dict[str, str]:
    """The text files `write` makes, by name."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        folder = write(plan, Path(tmp))
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*"))
                if p.suffix != ".png"}


def diff(old: PlanForm, new: PlanForm) -> str:
    """A unified diff of the two versions' files."""
    import difflib
    a, b = files(old), files(new)
    out = []
    for name in sorted(a.keys() | b.keys()):
        out += difflib.unified_diff(a.get(name, "").splitlines(), b.get(name, "").splitlines(),
                                    f"gammal/{name}", f"ny/{name}", n=1, lineterm="")
    return "\n".join(out)


def with_constructs(base: PlanForm) -> PlanForm:
    """`base` with a captioned table, a figure, a quote and a footnote in the last
    chapter's first section, for edits that need them."""
    plan = copy.deepcopy(base)
    section = plan.chapters[-1].sections[0]
    section.blocks += [
        Para("Bidragen betalas i januari.", note="Enligt beslut i styrelsen."),
        Tab(["Kommun", "Bidrag (kr)", "Andel"],
            [Row(["Bollnäs", "130 000", "17 %"]), Row(["Hudiksvall", "245 000", "31 %"])],
            "Bidrag per kommun", "bidrag"),
        Img("Karta över Hälsinglands sex kommuner", "Hälsinglands kommuner"),
        Quote("Tillsammans gör vi skillnad för 130 000 hälsingar.")]
    return plan
