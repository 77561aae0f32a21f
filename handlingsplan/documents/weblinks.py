"""Web addresses in running text become links, for every writer.

"www.halsingland.se", "https://…" and a bare domain with a path ("halsingland.se/Inflytt…")
in the text of paragraphs, lists, quotes, notes and table cells become `Link`s to the
address (https:// added where the text has no scheme). Text already inside a link is left
as it is; punctuation that ends a sentence or closes a bracket is not part of an address.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import model as m

_TLD = r"(?:se|nu|com|org|net|eu|info)"
WEB_ADDRESS = re.compile(
    r"(?<![\w@./-])(?:"
    r"https?://[^\s<>\"]+"                                   # with a scheme
    r"|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s<>\"]*)?"   # www.…
    rf"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{_TLD}/[^\s<>\"]*"       # bare domain with a path
    r")", re.IGNORECASE)
_TRAILING = ".,;:!?)]}»”’'\""


def _href(address: str) -> str:
    return address if re.match(r"https?://", address, re.IGNORECASE) else f"https://{address}"


def split_addresses(text: str) -> tuple[m.Inline, ...]:
    """The text as Text and Link nodes (one Text when it holds no address)."""
    out: list[m.Inline] = []
    last = 0
    for match in WEB_ADDRESS.finditer(text):
        address = match.group().rstrip(_TRAILING)
        start, end = match.start(), match.start() + len(address)
        if not re.search(r"[./]", address.split("://")[-1]):
            continue
        if start > last:
            out.append(m.Text(text[last:start]))
        out.append(m.Link(_href(address), (m.Text(address),)))
        last = end
    if not out:
        return (m.Text(text),)
    if last < len(text):
        out.append(m.Text(text[last:]))
    return tuple(out)


def _unlinked(children: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """A link's children without the links made inside them (no link in a link)."""
    out: list[m.Inline] = []
    for child in children:
        out.extend(child.children if isinstance(child, m.Link) else (child,))
    return tuple(out)


def _change(node: m.Inline) -> m.Inline | tuple[m.Inline, ...]:
    if isinstance(node, m.Text):
        parts = split_addresses(node.text)
        return parts[0] if len(parts) == 1 else parts
    if isinstance(node, m.Link):
        return replace(node, children=_unlinked(node.children))
    return node


def link_web_addresses(sections: tuple[m.Section, ...]) -> tuple[m.Section, ...]:
    return tuple(replace(s, blocks=tuple(m.map_inlines(b, _change) for b in s.blocks))
                 for s in sections)
