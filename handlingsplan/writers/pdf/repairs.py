"""Repairs to the structure tree that WeasyPrint 70 tags, one function per repair.

writers.pdf records, while WeasyPrint builds the tree, which HTML element (and which
pseudo-element) each structure element comes from (tree.Source), and its finisher calls
`repair` before the PDF is written. `repair` runs PASSES, in this order, on one tree.Tree:

 1. header_scope      every /TH gets /Scope /Column.
 2. figure_bbox       a figure's /BBox in PDF user space.
 3. join              the pieces of an element split across pages or lines are one again;
                      repeated table header rows leave the tree.
 4. leaders           leaders and decorative symbols leave the tree.
 5. links             one /Link per <a>, with the link's text on its annotations.
 6. definition_lists  dt/dd as LI(Lbl, LBody).
 7. table_of_contents ul.toc as TOC > TOCI > Reference.
 8. list_numbering    /ListNumbering from ul/ol/dl.
 9. footnotes         a footnote as /Note with /ID, right after its reference's /Link.
10. figures           a <figure> as /Div(Figure, Caption).
11. change_labels     an <ins>/<del> as a /Span whose /ActualText is its label and text.
12. remove_empty      elements without content leave the tree.
13. update_parent_tree  the ParentTree follows joined elements and removed annotations.
14. hyphens           /ActualText with a soft hyphen for hyphenated lines.
15. id_tree           an /IDTree for the elements' /ID.
16. mark_untagged_content_as_artifacts  content no element owns becomes /Artifact
                      (margin boxes: /Pagination /Header at the top, /Footer at the bottom).
17. purge             structure elements outside the tree are emptied.

Why the order matters. Checked by permuting PASSES on the 2025 plan and on the tests'
synthetic plan: moving join after definition_lists or table_of_contents, id_tree before
join, update_parent_tree before links or join, or purge before remove_empty changes the
PDF. The other constraints below follow from what the passes read and write; our
documents do not exercise them.
- join comes before the passes that read an element's kids as a whole: definition_lists
  and table_of_contents expect one element per HTML element (a dt/dd or contents entry
  split over two pages would be handled as two), links one /Link per piece of text, and
  id_tree must not name the header cells of repeated header rows, which join takes out.
  header_scope and figure_bbox set per-piece attributes and may run before it.
- footnotes follows join (a note's pieces are one /Span, and its reference one /Link)
  and links (it finds the reference by its /Link), and comes before remove_empty, which
  takes out the footnote area it empties, and before id_tree, which lists the notes' /ID.
- update_parent_tree follows every pass that absorbs elements or drops annotations (join,
  leaders, links): it maps absorbed elements to their survivors and removes the dropped
  annotations' entries. remove_empty follows the passes that leave elements without kids
  (leaders, links, definition_lists). The two do not depend on each other.
- hyphens reads the ParentTree to find a line's owner, and
  mark_untagged_content_as_artifacts turns the content of unreachable owners into
  artefacts: both after update_parent_tree, where an absorbed piece's content already
  belongs to its (reachable) survivor; the artefacts also after every pass that detaches.
- purge empties every element outside the tree: last, so that nothing detached after it
  stays in the file with a /P into the tree.

pydyf is the only PDF library used here: everything happens before WeasyPrint writes. The
pydyf object classes are used directly; pydyf's internal layout only through private_api.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pydyf

from . import private_api
from .tree import Source, Tree, is_reference, number

CSS_PX_TO_PT = 0.75  # 72 pt per inch / 96 CSS px per inch (zoom 1)
KEPT_EMPTY = {"/TD", "/TH"}  # an empty cell (no status yet) still holds its place


# ---- table header cells and figures --------------------------------------------------------

def header_scope(tree: Tree) -> None:
    """Every /TH gets the /Scope of its HTML cell: /Row for <th scope="row"> (the cell
    that names its row), else /Column (PDF/UA-1 7.5: table headers need a scope or
    /Headers). WeasyPrint links data cells with /Headers and /ID but leaves out /Scope."""
    for element in tree.elements():
        if element["S"] == "/TH":
            source = tree.source(element)
            scope = "/Row" if source is not None and source.scope == "row" else "/Column"
            element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope


def figure_bbox(tree: Tree) -> None:
    """A figure's /BBox in PDF user space (ISO 32000-1 14.8.5.4.3; PDF/UA-1 7.3).

    WeasyPrint writes it in CSS pixels from the page's top left; PDF wants points from the
    page's bottom left."""
    for element in tree.elements():
        if element["S"] != "/Figure" or "BBox" not in element.get("A", {}):
            continue
        x1, y1, x2, y2 = (float(v) for v in element["A"]["BBox"])
        height = float(tree.get(element["Pg"])["MediaBox"][3])
        element["A"]["BBox"] = pydyf.Array([
            round(x1 * CSS_PX_TO_PT, 3), round(height - y2 * CSS_PX_TO_PT, 3),
            round(x2 * CSS_PX_TO_PT, 3), round(height - y1 * CSS_PX_TO_PT, 3)])


# ---- joining split elements ----------------------------------------------------------------

def join(tree: Tree) -> None:
    """Adjacent pieces of one element are one element again (Kozea/WeasyPrint#2903).

    WeasyPrint tags page by page, so an element that crosses a page break becomes one
    structure element per page, and an inline element that wraps becomes one per line.
    Adjacent siblings that come from the same HTML element, with the same role, are joined
    top-down, so that the pieces of their children become adjacent in turn (Part > Sect >
    P, L > LI > LBody, Table > TBody > TR). Marked content that the absorbed piece owned
    directly moves with it (as /MCR where its page differs, ISO 32000-1 14.7.4.3); the
    ParentTree follows in update_parent_tree. A table that crosses pages repeats its header
    row on every page: the repeats leave the tree (their content becomes artefacts) and the
    data cells of later pages point their /Headers at the header row that stays."""
    _join(tree, tree.root)


def _same(tree: Tree, first: pydyf.Dictionary, second: pydyf.Dictionary) -> bool:
    a, b = tree.source(first), tree.source(second)
    return (a is not None and b is not None and a.key == b.key
            and first["S"] == second["S"])


def _join(tree: Tree, parent: pydyf.Dictionary) -> None:
    out: list[object] = []
    last: pydyf.Dictionary | None = None
    for kid in parent.get("K", ()):
        element = tree.element(kid)
        if element is not None and last is not None and _same(tree, last, element):
            _absorb(tree, last, element)
            continue
        out.append(kid)
        last = element
    if "K" in parent and isinstance(parent["K"], list):
        parent["K"] = pydyf.Array(out)
    for kid in tree.kids(parent):
        _join(tree, kid)


def _absorb(tree: Tree, survivor: pydyf.Dictionary, piece: pydyf.Dictionary) -> None:
    """Append piece's kids to survivor; piece leaves the tree."""
    if survivor["S"] == "/Table":
        _drop_repeated_header(tree, survivor, piece)
    page = piece.get("Pg")
    for kid in piece["K"]:
        element = tree.element(kid)
        if element is not None:
            element["P"] = survivor.reference
        elif isinstance(kid, int) and page != survivor.get("Pg"):
            kid = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": kid})
        survivor["K"].append(kid)
    tree.replaced[piece.number] = survivor.reference
    piece.clear()


def _drop_repeated_header(tree: Tree, table: pydyf.Dictionary, piece: pydyf.Dictionary) -> None:
    kids = tree.kids(piece)
    if not kids or kids[0]["S"] != "/THead" or not _header_cells(tree, table):
        return
    rename = {str(old): new for old, new in zip(
        (th.get("ID") for th in _header_cells(tree, piece)),
        (th.get("ID") for th in _header_cells(tree, table))) if old and new}
    tree.detach(kids[0])
    for cell in tree.descendants(piece):
        headers = cell.get("A", {}).get("Headers")
        if headers is not None:
            cell["A"]["Headers"] = pydyf.Array([rename.get(str(h), h) for h in headers])


def _header_cells(tree: Tree, table: pydyf.Dictionary) -> list[pydyf.Dictionary]:
    heads = [k for k in tree.kids(table) if k["S"] == "/THead"]
    return [c for c in tree.descendants(heads[0]) if c["S"] == "/TH"] if heads else []


# ---- links, leaders ------------------------------------------------------------------------

def _drop_annotations(tree: Tree, element: pydyf.Dictionary) -> None:
    """Remove element's object references and the annotations they point to."""
    kept = []
    for kid in element["K"]:
        obj = tree.get(kid) if is_reference(kid) else None
        if isinstance(obj, dict) and obj.get("Type") == "/OBJR":
            annotation = tree.get(obj["Obj"])
            page = tree.get(obj["Pg"])
            page["Annots"] = pydyf.Array(
                [a for a in page.get("Annots", ()) if a != annotation.reference])
            tree.dropped_annotations.add(annotation.get("StructParent"))
            annotation.clear()
            obj.clear()
            continue
        kept.append(kid)
    element["K"] = pydyf.Array(kept)


DECORATIVE = "symbol"  # the class of a mark that repeats its neighbour word (aria-hidden)


def leaders(tree: Tree) -> None:
    """Leaders (CSS leader() in the contents list) and decorative symbols (span.symbol,
    the status marks the word next to them says) are layout, not content: they leave the
    tree with any annotation they carry, so their content becomes artefacts
    (PDF/UA-1 7.1)."""
    for element in tree.elements():
        source = tree.source(element)
        if source is not None and (source.leader or DECORATIVE in source.classes):
            _drop_annotations(tree, element)
            tree.detach(element)


def links(tree: Tree) -> None:
    """One /Link per <a> (per line box), holding the only annotation(s) for it.

    WeasyPrint gives an extra link annotation to each box inside a link (and to ::after
    content): those are removed and their /Link elements become /Span. Every remaining
    link annotation gets the link's description as /Contents (PDF/UA-1 7.18.5; WeasyPrint
    put the anchor name there): its aria-label ("Delmål 4.2.1 Varumärket Hälsingland" for
    the goal number "4.2.1"), else its text."""
    for element in tree.elements():
        source = tree.source(element)
        if element.get("S") != "/Link" or source is None or source.tag != "a":
            continue
        for inner in tree.descendants(element):
            _drop_annotations(tree, inner)
            if inner["S"] == "/Link":
                inner["S"] = "/Span"
        text = " ".join(source.text.replace("\u00ad", "").replace("\u2060", "").split())
        for kid in element["K"]:
            obj = tree.get(kid) if is_reference(kid) else None
            if text and isinstance(obj, dict) and obj.get("Type") == "/OBJR":
                tree.get(obj["Obj"])["Contents"] = pydyf.String(text)


# ---- lists ---------------------------------------------------------------------------------

def definition_lists(tree: Tree) -> None:
    """Definition lists: L > LI(LBody dt), LI(LBody dd) … as L > LI(Lbl dt, LBody dd) …

    WeasyPrint tags each dt and each dd as an item of its own; a term and its definition
    are one list item, the term its label (ISO 32000-1 14.8.4.3.3)."""
    for element in tree.elements():
        source = tree.source(element)
        if element.get("S") != "/L" or source is None or source.tag != "dl":
            continue
        items: list[bytes] = []
        term_item: pydyf.Dictionary | None = None
        for item in tree.kids(element):
            tag = getattr(tree.source(item), "tag", "")
            body = next((k for k in tree.kids(item) if k["S"] == "/LBody"), None)
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


def table_of_contents(tree: Tree) -> None:
    """The contents list (ul.toc) as TOC > TOCI > (Reference > Link, nested TOC), the
    structure ISO 32000-1 14.8.4.3.2 gives a table of contents."""
    for element in tree.elements():
        source = tree.source(element)
        if element.get("S") != "/L" or source is None or "toc" not in source.classes:
            continue
        element["S"] = "/TOC"
        for item in tree.kids(element):
            if item["S"] != "/LI":
                continue
            item["S"] = "/TOCI"
            entries: list[bytes] = []
            for part in tree.kids(item):
                if part["S"] != "/LBody":
                    entries.append(part.reference)
                    continue
                part["S"] = "/Reference"
                nested = [k for k in tree.kids(part) if k["S"] == "/L"]
                part["K"] = pydyf.Array([k for k in part["K"]
                                         if tree.element(k) not in nested])
                entries.append(part.reference)
                for toc in nested:
                    toc["P"] = item.reference
                    entries.append(toc.reference)
            item["K"] = pydyf.Array(entries)


LIST_NUMBERING = {"ul": "/Disc", "ol": "/Decimal", "dl": "/None"}


def list_numbering(tree: Tree) -> None:
    """Lists get /ListNumbering (PDF/UA-1 7.6: a list's numbering must be stated)."""
    for element in tree.elements():
        source = tree.source(element)
        if element.get("S") == "/L" and source is not None and source.tag in LIST_NUMBERING:
            element["A"] = pydyf.Dictionary(
                {"O": "/List", "ListNumbering": LIST_NUMBERING[source.tag]})


# ---- footnotes and figures -----------------------------------------------------------------

def footnotes(tree: Tree) -> None:
    """A footnote (span.fotnot, floated to the page's footnote area) as a /Note with the
    /ID of its HTML id, its number (::footnote-marker) a /Lbl, placed in the structure
    right after its reference, the /Link to it (PDF/UA-1 7.9: notes have an /ID; ISO
    32000-1 14.8.4.4.1). WeasyPrint tags a note as a /Span inside an anonymous /NonStruct
    for the footnote area, outside the text that refers to it; the emptied area leaves
    the tree in remove_empty."""
    references: dict[str, pydyf.Dictionary] = {}
    notes: list[tuple[pydyf.Dictionary, Source]] = []
    for element in tree.elements():
        source = tree.source(element)
        if source is None:
            continue
        if element["S"] == "/Link" and "fotnotsref" in source.classes:
            references[source.href.removeprefix("#")] = element
        elif source.tag == "span" and "fotnot" in source.classes and source.ident:
            notes.append((element, source))
    for note, source in notes:
        note["S"] = "/Note"
        note["ID"] = pydyf.String(source.ident)
        for kid in tree.kids(note):
            kid_source = tree.source(kid)
            if kid_source is not None and kid_source.tag.endswith("::footnote-marker"):
                kid["S"] = "/Lbl"
        reference = references.get(source.ident)
        if reference is None:
            continue
        tree.detach(note)
        parent = tree.get(reference["P"])
        kids = list(parent["K"])
        kids.insert(kids.index(reference.reference) + 1, note.reference)
        parent["K"] = pydyf.Array(kids)
        note["P"] = parent.reference


def figures(tree: Tree) -> None:
    """A <figure> (picture and caption) as a /Div holding the /Figure with its /Alt and
    the /Caption; WeasyPrint makes it a /NonStruct."""
    for element in tree.elements():
        source = tree.source(element)
        if source is not None and source.tag == "figure" and element["S"] == "/NonStruct":
            element["S"] = "/Div"


def change_labels(tree: Tree) -> None:
    """Inserted and deleted text (<ins>/<del data-etikett> in the print HTML) as a /Span
    whose /ActualText is the label and the text, "borttaget: Första halvåret 2025": a
    screen reader announces each mark in reading order (old text, then new), while the
    label is never drawn, so the page's text and its extraction read as the page shows.
    WeasyPrint makes the element a /NonStruct. Follows join (one element per mark)."""
    for element in tree.elements():
        source = tree.source(element)
        if source is not None and source.tag in ("ins", "del") and source.text:
            element["S"] = "/Span"
            element["ActualText"] = pydyf.String(source.text)


# ---- clean-up ------------------------------------------------------------------------------

def remove_empty(tree: Tree) -> None:
    """Elements without content (e.g. an empty ::after box, a leader's parent) leave the
    tree; empty table cells stay, they hold their column's place."""
    _remove_empty(tree, tree.root)


def _remove_empty(tree: Tree, parent: pydyf.Dictionary) -> None:
    for kid in tree.kids(parent):
        _remove_empty(tree, kid)
    if parent is not tree.root and not parent.get("K") and parent["S"] not in KEPT_EMPTY:
        tree.detach(parent)


def update_parent_tree(tree: Tree) -> None:
    """The ParentTree (ISO 32000-1 14.7.4.4) follows the repairs: MCIDs and annotations
    whose owner was absorbed belong to the survivor, removed annotations lose their entry."""
    out = pydyf.Array()
    for key, value in tree.parent_tree_entries():
        if key in tree.dropped_annotations:
            continue
        if isinstance(value, list):
            value = pydyf.Array([tree.replaced.get(number(v), v) if is_reference(v) else v
                                 for v in value])
        elif is_reference(value):
            value = tree.replaced.get(number(value), value)
        out.extend([key, value])
    tree.parent_tree["Nums"] = out


def hyphens(tree: Tree) -> None:
    """A line that ends in a hyphen added by hyphenation gets /ActualText with the soft
    hyphen U+00AD there instead (ISO 32000-1, 14.8.2.5), so that "före‐" + "ning" reads
    as one word; the page still shows the hyphen."""
    pages = {key: value for key, value in tree.parent_tree_entries() if isinstance(value, list)}
    for (page, mcid), text in tree.hyphenated.items():
        owners = pages.get(page, ())
        owner = tree.element(owners[mcid]) if mcid < len(owners) else None
        if owner is not None and list(owner["K"]) == [mcid]:
            owner["ActualText"] = pydyf.String(text.replace("\u00ad", "") + "\u00ad")


def id_tree(tree: Tree) -> None:
    """Element identifiers (the header cells' /ID, named by /Headers) need an /IDTree in the
    StructTreeRoot (ISO 32000-1 14.7.2), its names sorted."""
    named = sorted(((str(e["ID"].string if isinstance(e["ID"], pydyf.String) else e["ID"]),
                     e) for e in tree.elements() if "ID" in e), key=lambda p: p[0])
    if not named:
        return
    names = pydyf.Array()
    for name, element in named:
        names.extend([pydyf.String(name), element.reference])
    tree.root["IDTree"] = pydyf.Dictionary({"Names": names})


# ---- artefacts -----------------------------------------------------------------------------

PAGINATION_SUBTYPES = {"top": "/Header", "bottom": "/Footer"}


def _artifact_properties(tree: Tree, owner: pydyf.Dictionary | None) -> pydyf.Dictionary | None:
    """The property list of a page-margin box's artefact: /Type /Pagination, with
    /Subtype /Header for the boxes at the top and /Footer for those at the bottom (ISO
    14289-1 7.8, ISO 32000-1 14.8.2.2.2); None (a plain /Artifact) for other content."""
    source = tree.source(owner) if owner is not None else None
    if source is None and owner is not None and "P" in owner:
        # a text run's /Span, which WeasyPrint makes under the element of the text's box
        source = tree.source(tree.get(owner["P"]))
    if source is None or not source.margin:
        return None
    properties = pydyf.Dictionary({"Type": "/Pagination"})
    side = source.margin.removeprefix("@").split("-", 1)[0]
    if side in PAGINATION_SUBTYPES:
        properties["Subtype"] = PAGINATION_SUBTYPES[side]
    return properties


def mark_untagged_content_as_artifacts(tree: Tree) -> None:
    """Content that no element in the tree owns (page-margin boxes, which WeasyPrint tags
    but never links, repeated header rows, leaders) becomes /Artifact, and its ParentTree
    entry null (PDF/UA-1 7.1: content is either tagged or an artefact). The margin boxes'
    content is a typed pagination artefact: the running header at the top
    (/Pagination /Header), the page number at the bottom (/Pagination /Footer)."""
    reachable = {e.number for e in tree.elements()}
    pages = [tree.get(reference) for reference in tree.page_references]
    for key, value in tree.parent_tree_entries():
        if not isinstance(value, list) or key >= len(pages):
            continue
        orphans = {mcid: _artifact_properties(tree, tree.get(ref))
                   for mcid, ref in enumerate(value)
                   if is_reference(ref) and number(ref) not in reachable}
        if not orphans:
            continue
        stream = tree.get(pages[key]["Contents"])
        for mcid in private_api.mark_as_artifacts(stream, orphans):
            value[mcid] = b"null"


def purge(tree: Tree) -> None:
    """No structure element outside the tree stays in the file: the pieces left by the
    repairs, and the elements WeasyPrint makes for page-margin boxes and never links, are
    emptied (an unreachable /StructElem with a /P is a broken tree to a validator)."""
    tree.purge()


PASSES: tuple[Callable[[Tree], None], ...] = (
    header_scope, figure_bbox, join, leaders, links, definition_lists, table_of_contents,
    list_numbering, footnotes, figures, change_labels, remove_empty, update_parent_tree,
    hyphens, id_tree, mark_untagged_content_as_artifacts, purge)


def repair(pdf: pydyf.PDF, sources: Mapping[int, Source],
           hyphenated: Mapping[tuple[int, int], str] | None = None) -> None:
    """All repairs, in the order of PASSES. `sources` maps id(structure element) to its
    Source; `hyphenated` maps (page index, MCID) of a line that ends in an added hyphen to
    the line's text without it."""
    tree = Tree(pdf, sources, hyphenated)
    for repair_pass in PASSES:
        repair_pass(tree)
