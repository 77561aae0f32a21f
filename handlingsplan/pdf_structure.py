"""Repairs to the structure tree that WeasyPrint 70 tags, done on its pydyf objects.

pdf_writer records, while WeasyPrint builds the tree, which HTML element (and which
pseudo-element) each structure element comes from (`Source`), and hands that record to
`repair` from its finisher, before the PDF is written. With it:

- Split elements are joined. WeasyPrint tags page by page, so an element that crosses a
  page break becomes one structure element per page (Kozea/WeasyPrint#2903), and an inline
  element that wraps becomes one per line. Adjacent siblings that come from the same HTML
  element, with the same role, are one element again: top-down, so that the pieces of their
  children become adjacent in turn (Part > Sect > P, L > LI > LBody, Table > TBody > TR).
  Marked content that the absorbed piece owned directly moves with it (as /MCR where its
  page differs) and the ParentTree follows.
- A table that crosses pages repeats its header row on every page: the repeats leave the
  tree (they become artefacts) and the data cells of later pages point their /Headers at
  the one header row that stays. Header cells get /Scope /Column and /IDs in an /IDTree.
- Definition lists (dt/dd, tagged by WeasyPrint as one LI per term and per definition)
  become one LI per term: Lbl (term) + LBody (definition).
- The table of contents (ul.toc) becomes TOC > TOCI > Reference > Link, nested TOC inside
  its TOCI; the dot leaders leave the tree (artefacts), the page number stays.
- A link is one /Link element with one annotation per line box: the extra annotations
  WeasyPrint gives to each box inside a link (and to ::after content) are removed, and every
  link annotation gets the link's text as /Contents (it had the anchor name).
- Lists get /ListNumbering, figures a /BBox in PDF user space, empty elements go.
- A line that ends in a hyphen from hyphenation gets /ActualText ending in a soft hyphen.
- Content that no element in the tree owns (page-margin boxes, repeated header rows,
  leaders) becomes /Artifact (PDF/UA-1 7.1).

pydyf is the only PDF library used here: everything happens before WeasyPrint writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pydyf

CSS_PX_TO_PT = 0.75  # 72 pt per inch / 96 CSS px per inch (zoom 1)
KEPT_EMPTY = {"/TD", "/TH"}  # an empty cell (no status yet) still holds its place


@dataclass(frozen=True)
class Source:
    """Where a structure element comes from: one HTML element (or pseudo-element)."""

    node: int                    # identity of the HTML element
    tag: str                     # "p", "li", "li::marker", "a::after", …
    classes: frozenset[str] = frozenset()
    leader: bool = False         # the box of a CSS leader()
    text: str = ""               # the element's text, for links

    @property
    def key(self) -> tuple[int, str]:
        return (self.node, self.tag)


def number(reference: bytes | str) -> int:
    """The object number of a pydyf reference (b"12 0 R")."""
    return int((reference.decode() if isinstance(reference, bytes) else reference).split()[0])


def _is_reference(value: object) -> bool:
    return isinstance(value, (bytes, str)) and str(
        value.decode() if isinstance(value, bytes) else value).endswith(" R")


def repair(pdf: pydyf.PDF, sources: Mapping[int, Source],
           hyphenated: Mapping[tuple[int, int], str] | None = None) -> None:
    """All repairs, in order. `sources` maps id(structure element) to its Source;
    `hyphenated` maps (page index, MCID) of a line that ends in an added hyphen to the
    line's text without it."""
    StructTree(pdf, sources, hyphenated).repair()


class StructTree:
    def __init__(self, pdf: pydyf.PDF, sources: Mapping[int, Source],
                 hyphenated: Mapping[tuple[int, int], str] | None = None):
        self.pdf = pdf
        self.sources = sources
        self.hyphenated = hyphenated or {}
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        self.page_references = list(pdf.page_references)
        self.replaced: dict[int, bytes] = {}          # absorbed element -> survivor
        self.dropped_annotations: set[int] = set()

    def repair(self) -> None:
        self.header_scope()
        self.figure_bbox()
        self.join(self.root)
        self.leaders()
        self.links()
        self.definition_lists()
        self.table_of_contents()
        self.list_numbering()
        self.remove_empty(self.root)
        self.update_parent_tree()
        self.hyphens()
        self.id_tree()
        self.mark_untagged_content_as_artifacts()
        self.purge()

    # ---- reading the tree

    def get(self, reference: bytes | str) -> pydyf.Dictionary:
        return self.pdf.objects[number(reference)]

    def source(self, element: pydyf.Dictionary) -> Source | None:
        return self.sources.get(id(element))

    def element(self, kid: object) -> pydyf.Dictionary | None:
        """The structure element a /K entry refers to (None for MCIDs, MCRs and OBJRs)."""
        if _is_reference(kid):
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
        """No structure element outside the tree stays in the file: the pieces left by the
        repairs, and the elements WeasyPrint makes for page-margin boxes and never links."""
        reachable = {id(e) for e in self.elements()}
        for obj in self.pdf.objects:
            if (isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"
                    and id(obj) not in reachable):
                obj.clear()

    # ---- table header cells and figures

    def header_scope(self) -> None:
        # html_writer writes header cells only as <th scope="col">: every /TH is a column
        # header. WeasyPrint links data cells with /Headers and /ID but leaves out /Scope.
        for element in self.elements():
            if element["S"] == "/TH":
                element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = "/Column"

    def figure_bbox(self) -> None:
        """WeasyPrint writes a figure's /BBox in CSS pixels from the page's top left; PDF
        wants points from its bottom left."""
        for element in self.elements():
            if element["S"] != "/Figure" or "BBox" not in element.get("A", {}):
                continue
            x1, y1, x2, y2 = (float(v) for v in element["A"]["BBox"])
            height = float(self.get(element["Pg"])["MediaBox"][3])
            element["A"]["BBox"] = pydyf.Array([
                round(x1 * CSS_PX_TO_PT, 3), round(height - y2 * CSS_PX_TO_PT, 3),
                round(x2 * CSS_PX_TO_PT, 3), round(height - y1 * CSS_PX_TO_PT, 3)])

    # ---- joining split elements

    def same(self, first: pydyf.Dictionary, second: pydyf.Dictionary) -> bool:
        a, b = self.source(first), self.source(second)
        return (a is not None and b is not None and a.key == b.key
                and first["S"] == second["S"])

    def join(self, parent: pydyf.Dictionary) -> None:
        """Join adjacent pieces of one element among parent's kids, then in each kid."""
        out: list[object] = []
        last: pydyf.Dictionary | None = None
        for kid in parent.get("K", ()):
            element = self.element(kid)
            if element is not None and last is not None and self.same(last, element):
                self.absorb(last, element)
                continue
            out.append(kid)
            last = element
        if "K" in parent and isinstance(parent["K"], list):
            parent["K"] = pydyf.Array(out)
        for kid in self.kids(parent):
            self.join(kid)

    def absorb(self, survivor: pydyf.Dictionary, piece: pydyf.Dictionary) -> None:
        """Append piece's kids to survivor; piece leaves the tree."""
        if survivor["S"] == "/Table":
            self.drop_repeated_header(survivor, piece)
        page = piece.get("Pg")
        for kid in piece["K"]:
            element = self.element(kid)
            if element is not None:
                element["P"] = survivor.reference
            elif isinstance(kid, int) and page != survivor.get("Pg"):
                kid = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": kid})
            survivor["K"].append(kid)
        self.replaced[piece.number] = survivor.reference
        piece.clear()

    def drop_repeated_header(self, table: pydyf.Dictionary, piece: pydyf.Dictionary) -> None:
        kids = self.kids(piece)
        if not kids or kids[0]["S"] != "/THead" or not self.header_cells(table):
            return
        rename = {str(old): new for old, new in zip(
            (th.get("ID") for th in self.header_cells(piece)),
            (th.get("ID") for th in self.header_cells(table))) if old and new}
        self.detach(kids[0])
        for cell in self.descendants(piece):
            headers = cell.get("A", {}).get("Headers")
            if headers is not None:
                cell["A"]["Headers"] = pydyf.Array([rename.get(str(h), h) for h in headers])

    def header_cells(self, table: pydyf.Dictionary) -> list[pydyf.Dictionary]:
        heads = [k for k in self.kids(table) if k["S"] == "/THead"]
        return [c for c in self.descendants(heads[0]) if c["S"] == "/TH"] if heads else []

    # ---- links, leaders

    def drop_annotations(self, element: pydyf.Dictionary) -> None:
        """Remove element's object references and the annotations they point to."""
        kept = []
        for kid in element["K"]:
            obj = self.get(kid) if _is_reference(kid) else None
            if isinstance(obj, dict) and obj.get("Type") == "/OBJR":
                annotation = self.get(obj["Obj"])
                page = self.get(obj["Pg"])
                page["Annots"] = pydyf.Array(
                    [a for a in page.get("Annots", ()) if a != annotation.reference])
                self.dropped_annotations.add(annotation.get("StructParent"))
                annotation.clear()
                obj.clear()
                continue
            kept.append(kid)
        element["K"] = pydyf.Array(kept)

    def leaders(self) -> None:
        """Dot leaders are layout: out of the tree, so their content becomes artefacts."""
        for element in self.elements():
            source = self.source(element)
            if source is not None and source.leader:
                self.drop_annotations(element)
                self.detach(element)

    def links(self) -> None:
        """One /Link per <a> (per line box), holding the only annotation(s) for it."""
        for element in self.elements():
            source = self.source(element)
            if element.get("S") != "/Link" or source is None or source.tag != "a":
                continue
            for inner in self.descendants(element):
                self.drop_annotations(inner)
                if inner["S"] == "/Link":
                    inner["S"] = "/Span"
            text = " ".join(source.text.replace("\u00ad", "").replace("\u2060", "").split())
            for kid in element["K"]:
                obj = self.get(kid) if _is_reference(kid) else None
                if text and isinstance(obj, dict) and obj.get("Type") == "/OBJR":
                    self.get(obj["Obj"])["Contents"] = pydyf.String(text)

    # ---- lists

    def definition_lists(self) -> None:
        """L > LI(LBody dt), LI(LBody dd) … as L > LI(Lbl dt, LBody dd) …"""
        for element in self.elements():
            source = self.source(element)
            if element.get("S") != "/L" or source is None or source.tag != "dl":
                continue
            items: list[bytes] = []
            term_item: pydyf.Dictionary | None = None
            for item in self.kids(element):
                tag = getattr(self.source(item), "tag", "")
                body = next((k for k in self.kids(item) if k["S"] == "/LBody"), None)
                if tag == "dt" and body is not None:
                    body["S"] = "/Lbl"
                    term_item = item
                    items.append(item.reference)
                elif tag == "dd" and body is not None and term_item is not None:
                    body["P"] = term_item.reference
                    term_item["K"].append(body.reference)
                    item.clear()
                    term_item = None
                else:
                    items.append(item.reference)
                    term_item = None
            element["K"] = pydyf.Array(items)

    def table_of_contents(self) -> None:
        """The contents list: TOC > TOCI > (Reference > Link, nested TOC)."""
        for element in self.elements():
            source = self.source(element)
            if element.get("S") != "/L" or source is None or "toc" not in source.classes:
                continue
            element["S"] = "/TOC"
            for item in self.kids(element):
                if item["S"] != "/LI":
                    continue
                item["S"] = "/TOCI"
                entries: list[bytes] = []
                for part in self.kids(item):
                    if part["S"] != "/LBody":
                        entries.append(part.reference)
                        continue
                    part["S"] = "/Reference"
                    nested = [k for k in self.kids(part) if k["S"] == "/L"]
                    part["K"] = pydyf.Array([k for k in part["K"]
                                             if self.element(k) not in nested])
                    entries.append(part.reference)
                    for toc in nested:
                        toc["P"] = item.reference
                        entries.append(toc.reference)
                item["K"] = pydyf.Array(entries)

    def list_numbering(self) -> None:
        numbering = {"ul": "/Disc", "ol": "/Decimal", "dl": "/None"}
        for element in self.elements():
            source = self.source(element)
            if element.get("S") == "/L" and source is not None and source.tag in numbering:
                element["A"] = pydyf.Dictionary(
                    {"O": "/List", "ListNumbering": numbering[source.tag]})

    # ---- clean-up

    def remove_empty(self, parent: pydyf.Dictionary) -> None:
        """Elements without content (e.g. an empty ::after box) leave the tree."""
        for kid in self.kids(parent):
            self.remove_empty(kid)
        if parent is not self.root and not parent.get("K") and parent["S"] not in KEPT_EMPTY:
            self.detach(parent)

    def update_parent_tree(self) -> None:
        """MCIDs and annotations whose owner was absorbed now belong to the survivor."""
        nums = self.get(self.root["ParentTree"])["Nums"]
        out = pydyf.Array()
        for key, value in zip(nums[::2], nums[1::2]):
            if key in self.dropped_annotations:
                continue
            if isinstance(value, list):
                value = pydyf.Array([self.replaced.get(number(v), v) if _is_reference(v) else v
                                     for v in value])
            elif _is_reference(value):
                value = self.replaced.get(number(value), value)
            out.extend([key, value])
        self.get(self.root["ParentTree"])["Nums"] = out

    def hyphens(self) -> None:
        """A line that ends in a hyphen added by hyphenation gets /ActualText with the soft
        hyphen U+00AD there instead (ISO 32000-1, 14.8.2.5), so that "före‐" + "ning" reads
        as one word; the page still shows the hyphen."""
        nums = self.get(self.root["ParentTree"])["Nums"]
        pages = {key: value for key, value in zip(nums[::2], nums[1::2])
                 if isinstance(value, list)}
        for (page, mcid), text in self.hyphenated.items():
            owners = pages.get(page, ())
            owner = self.element(owners[mcid]) if mcid < len(owners) else None
            if owner is not None and list(owner["K"]) == [mcid]:
                owner["ActualText"] = pydyf.String(text.replace("\u00ad", "") + "\u00ad")

    def id_tree(self) -> None:
        """Element identifiers (the header cells' /ID) need an /IDTree (ISO 32000-1 14.7.2)."""
        named = sorted(((str(e["ID"].string if isinstance(e["ID"], pydyf.String) else e["ID"]),
                         e) for e in self.elements() if "ID" in e), key=lambda p: p[0])
        if not named:
            return
        names = pydyf.Array()
        for name, element in named:
            names.extend([pydyf.String(name), element.reference])
        self.root["IDTree"] = pydyf.Dictionary({"Names": names})

    # ---- artefacts

    def mark_untagged_content_as_artifacts(self) -> None:
        reachable = {e.number for e in self.elements()}
        nums = self.get(self.root["ParentTree"])["Nums"]
        pages = [self.get(reference) for reference in self.page_references]
        for key, value in zip(nums[::2], nums[1::2]):
            if not isinstance(value, list) or key >= len(pages):
                continue
            orphans = {mcid for mcid, ref in enumerate(value)
                       if _is_reference(ref) and number(ref) not in reachable}
            if not orphans:
                continue
            stream = self.get(pages[key]["Contents"])
            for mcid in self._artifact(stream, orphans):
                value[mcid] = b"null"

    @staticmethod
    def _artifact(stream: pydyf.Stream, mcids: set[int]) -> set[int]:
        """Rewrite "/Tag <</MCID n>> BDC" as "/Artifact BMC" for the given MCIDs."""
        ops = stream.stream
        done: set[int] = set()
        out = []
        i = 0
        while i < len(ops):
            op = ops[i]
            if (isinstance(op, pydyf.Dictionary) and op.get("MCID") in mcids and out
                    and isinstance(out[-1], str) and out[-1].startswith("/")
                    and i + 1 < len(ops) and ops[i + 1] == b"BDC"):
                out[-1] = "/Artifact"
                out.append(b"BMC")
                done.add(op["MCID"])
                i += 2
                continue
            out.append(op)
            i += 1
        stream.stream = out
        return done
