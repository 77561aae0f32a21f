"""Reading and editing the structure tree that WeasyPrint 70 tags, on its pydyf objects.

No repairs here (they are in repairs.py): where a structure element comes from (`Source`),
how references are read, and a `Tree` that walks the elements reachable from the
StructTreeRoot, takes elements out, and holds what the repairs share (the absorbed elements
and their survivors, the annotations that were removed).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pydyf

from . import private_api


@dataclass(frozen=True)
class Source:
    """Where a structure element comes from: one HTML element (or pseudo-element)."""

    node: int                    # identity of the HTML element
    tag: str                     # "p", "li", "li::marker", "a::after", …
    classes: frozenset[str] = frozenset()
    leader: bool = False         # the box of a CSS leader()
    text: str = ""               # a link's aria-label, else its text; an <ins>/<del>'s
    #                              label and text ("borttaget: Första halvåret 2025")
    scope: str = ""              # a header cell's scope attribute: "col" or "row"
    ident: str = ""              # the element's id attribute (footnotes)
    href: str = ""               # a link's href attribute (footnote references)
    margin: str = ""             # the page-margin box it is in ("@top-center", …), if any

    @property
    def key(self) -> tuple[int, str]:
        return (self.node, self.tag)


def number(reference: bytes | str) -> int:
    """The object number of a pydyf reference (b"12 0 R")."""
    return int((reference.decode() if isinstance(reference, bytes) else reference).split()[0])


def is_reference(value: object) -> bool:
    return isinstance(value, (bytes, str)) and str(
        value.decode() if isinstance(value, bytes) else value).endswith(" R")


class Tree:
    """The structure tree of one PDF, with what WeasyPrint's tagging told us about it.

    `sources` maps id(structure element) to its Source; `hyphenated` maps (page index,
    MCID) of a line that ends in an added hyphen to the line's text without it.
    """

    def __init__(self, pdf: pydyf.PDF, sources: Mapping[int, Source],
                 hyphenated: Mapping[tuple[int, int], str] | None = None):
        self.pdf = pdf
        self.sources = sources
        self.hyphenated = hyphenated or {}
        self.root = self.get(private_api.catalog(pdf)["StructTreeRoot"])
        self.page_references = private_api.page_references(pdf)
        self.replaced: dict[int, bytes] = {}          # absorbed element -> survivor
        self.dropped_annotations: set[int] = set()    # their ParentTree keys

    def get(self, reference: bytes | str) -> pydyf.Dictionary:
        return private_api.resolve(self.pdf, number(reference))

    def source(self, element: pydyf.Dictionary) -> Source | None:
        return self.sources.get(id(element))

    def element(self, kid: object) -> pydyf.Dictionary | None:
        """The structure element a /K entry refers to (None for MCIDs, MCRs and OBJRs)."""
        if is_reference(kid):
            obj = self.get(kid)
            if isinstance(obj, dict) and "S" in obj:
                return obj
        return None

    def kids(self, element: pydyf.Dictionary) -> list[pydyf.Dictionary]:
        return [e for e in map(self.element, element.get("K", ())) if e is not None]

    def elements(self) -> list[pydyf.Dictionary]:
        """Every structure element reachable from the root, in document order."""
        found: list[pydyf.Dictionary] = []

        def walk(element: pydyf.Dictionary) -> None:
            found.append(element)
            for kid in self.kids(element):
                walk(kid)

        for top in self.kids(self.root):
            walk(top)
        return found

    def descendants(self, element: pydyf.Dictionary) -> Iterator[pydyf.Dictionary]:
        for kid in self.kids(element):
            yield kid
            yield from self.descendants(kid)

    def detach(self, element: pydyf.Dictionary) -> None:
        """Take an element out of its parent's /K (its content becomes artefacts)."""
        parent = self.get(element["P"])
        parent["K"] = pydyf.Array([k for k in parent["K"] if k != element.reference])

    def purge(self) -> None:
        """Empty every /StructElem that is not reachable from the root."""
        reachable = {id(e) for e in self.elements()}
        for obj in private_api.objects(self.pdf):
            if (isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"
                    and id(obj) not in reachable):
                obj.clear()

    # ---- the ParentTree (ISO 32000-1 14.7.4.4): page index -> [owner of MCID 0, 1, …],
    # annotation StructParent -> owner

    @property
    def parent_tree(self) -> pydyf.Dictionary:
        return self.get(self.root["ParentTree"])

    def parent_tree_entries(self) -> list[tuple[int, object]]:
        """The ParentTree's /Nums as (key, value) pairs."""
        nums = self.parent_tree["Nums"]
        return list(zip(nums[::2], nums[1::2]))
