"""A readable text dump of model blocks, for golden files that read well in a diff."""

from __future__ import annotations

from handlingsplan import model as m


def dump_inlines(inlines: tuple[m.Inline, ...]) -> str:
    parts = []
    for node in inlines:
        match node:
            case m.Text(text):
                parts.append(text)
            case m.Emph(children):
                parts.append(f"*{dump_inlines(children)}*")
            case m.Strong(children):
                parts.append(f"**{dump_inlines(children)}**")
            case m.Link(href, children):
                parts.append(f"[{dump_inlines(children)}]({href})")
            case m.LineBreak():
                parts.append("<br>")
            case m.Unbreakable(children):
                parts.append(f"{{{dump_inlines(children)}}}")
            case m.Footnote():
                parts.append(f"[^{node.loc.line}: {dump_inlines(node.children)}]")
            case m.CrossRef(key):
                parts.append(f"[](#{key})")
    return "".join(parts)


def dump_blocks(blocks: tuple[m.Block, ...] | list[m.Block], indent: int = 0) -> list[str]:
    pad = "  " * indent
    lines = []
    for block in blocks:
        line = block.loc.line
        match block:
            case m.Heading():
                extra = "".join([f" number={block.number}" if block.number else "",
                                 "" if block.numbered else " unnumbered",
                                 f" key={block.key}" if block.key else "",
                                 f" anchor={block.anchor}" if block.anchor else ""])
                lines.append(f"{pad}{line}: Heading{block.level}{extra}: {dump_inlines(block.inlines)}")
            case m.Paragraph():
                lines.append(f"{pad}{line}: Paragraph: {dump_inlines(block.inlines)}")
            case m.BulletList():
                kind = f"OrderedList start={block.start}" if block.ordered else "BulletList"
                lines.append(f"{pad}{line}: {kind}")
                for item in block.items:
                    lines.append(f"{pad}  {item.loc.line}: Item")
                    lines.extend(dump_blocks(item.blocks, indent + 2))
            case m.DefinitionList():
                lines.append(f"{pad}{line}: DefinitionList")
                for item in block.items:
                    lines.append(f"{pad}  {item.loc.line}: {dump_inlines(item.term)} := "
                                 f"{dump_inlines(item.body)}")
            case m.GoalStatement():
                lines.append(f"{pad}{line}: GoalStatement number={block.number}: "
                             f"{dump_inlines(block.inlines)}")
            case m.Image():
                caption = f" caption={block.caption!r}" if block.caption else ""
                key = f" key={block.key}" if block.key else ""
                lines.append(f"{pad}{line}: Image {block.src.rsplit('/', 1)[-1]} alt={block.alt!r}"
                             f"{caption}{key}")
            case m.Table():
                key = f" key={block.key}" if block.key else ""
                lines.append(f"{pad}{line}: Table caption={block.caption!r}{key}")
                lines.append(f"{pad}  columns: " + " | ".join(
                    f"{c.label} ({c.align.value}, {c.width:g})" for c in block.columns))
                for row in block.rows:
                    lines.append(f"{pad}  row: " + " | ".join(dump_inlines(c) for c in row))
            case m.BlockQuote():
                lines.append(f"{pad}{line}: BlockQuote")
                lines.extend(dump_blocks(block.blocks, indent + 1))
    return lines
