"""Each structure-tree repair on its own, on small pydyf trees built by hand.

The trees are shaped like WeasyPrint 70's (StructTreeRoot > Document > …, a ParentTree with
one MCID array per page and one entry per annotation, BDC/EMC in the content streams), but
only as large as one repair needs. tests/test_pdf_accessibility.py checks the repairs
together on real PDFs.
"""

from __future__ import annotations

import inspect
import re

import pydyf
import pytest
import weasyprint.pdf.tags

from handlingsplan.writers.pdf import private_api, repairs
from handlingsplan.writers.pdf.tree import Source, Tree

PAGE_HEIGHT = 842


class Synthetic:
    """A pydyf.PDF with a few pages, a StructTreeRoot, a ParentTree and a /Document."""

    def __init__(self, pages: int = 2):
        self.pdf = pydyf.PDF()
        self.sources: dict[int, Source] = {}
        self.hyphenated: dict[tuple[int, int], str] = {}
        self.streams: list[pydyf.Stream] = []
        self.pages: list[pydyf.Dictionary] = []
        self.owners: list[pydyf.Array] = []          # per page: owner of MCID 0, 1, …
        self.annotations: list[tuple[int, bytes]] = []
        for _ in range(pages):
            stream = pydyf.Stream()
            self.pdf.add_object(stream)
            page = pydyf.Dictionary({"Type": "/Page", "Contents": stream.reference,
                                     "MediaBox": pydyf.Array([0, 0, 595, PAGE_HEIGHT])})
            self.pdf.add_page(page)
            self.streams.append(stream)
            self.pages.append(page)
            self.owners.append(pydyf.Array())
        self.parent_tree = self.add(pydyf.Dictionary({}))
        self.root = self.add(pydyf.Dictionary({"Type": "/StructTreeRoot",
                                               "ParentTree": self.parent_tree.reference}))
        self.pdf.catalog["StructTreeRoot"] = self.root.reference
        self.document = self.add(pydyf.Dictionary({
            "Type": "/StructElem", "S": "/Document", "K": pydyf.Array(),
            "P": self.root.reference}))
        self.root["K"] = pydyf.Array([self.document.reference])

    def add(self, obj):  # type: ignore[no-untyped-def]
        self.pdf.add_object(obj)
        return obj

    def elem(self, role: str, parent: pydyf.Dictionary | None = None, page: int = 0,
             source: Source | None = None, linked: bool = True) -> pydyf.Dictionary:
        """A structure element; linked=False leaves it out of its parent's /K (as
        WeasyPrint does for page-margin boxes)."""
        parent = self.document if parent is None else parent
        element = self.add(pydyf.Dictionary({
            "Type": "/StructElem", "S": f"/{role}", "K": pydyf.Array(),
            "Pg": self.pdf.page_references[page], "P": parent.reference}))
        if linked:
            parent["K"].append(element.reference)
        if source is not None:
            self.sources[id(element)] = source
        return element

    def content(self, owner: pydyf.Dictionary, page: int = 0, tag: str = "P") -> int:
        """Marked content on a page, owned directly by owner: its MCID."""
        mcid = len(self.owners[page])
        stream = self.streams[page]
        stream.begin_marked_content(tag, pydyf.Dictionary({"MCID": mcid}))
        stream.begin_text()
        stream.show_text_string("text")
        stream.end_text()
        stream.end_marked_content()
        owner["K"].append(mcid)
        self.owners[page].append(owner.reference)
        return mcid

    def text(self, parent: pydyf.Dictionary, page: int = 0) -> pydyf.Dictionary:
        """A text run as WeasyPrint tags it: an element of its own holding one MCID."""
        span = self.elem("Span", parent, page)
        self.content(span, page)
        return span

    def annotation(self, owner: pydyf.Dictionary, page: int = 0) -> pydyf.Dictionary:
        """A link annotation on a page, its /OBJR in owner's /K."""
        annotation = self.add(pydyf.Dictionary({"Type": "/Annot", "Subtype": "/Link",
                                                "Contents": pydyf.String("anchor")}))
        self.pages[page].setdefault("Annots", pydyf.Array()).append(annotation.reference)
        objr = self.add(pydyf.Dictionary({"Type": "/OBJR", "Obj": annotation.reference,
                                          "Pg": self.pdf.page_references[page]}))
        owner["K"].append(objr.reference)
        self.annotations.append((id(annotation), owner.reference))
        annotation["StructParent"] = len(self.pages) + len(self.annotations) - 1
        return annotation

    def tree(self) -> Tree:
        nums = pydyf.Array()
        for page, owners in enumerate(self.owners):
            nums.extend([page, owners])
        for i, (_, owner) in enumerate(self.annotations, start=len(self.pages)):
            nums.extend([i, owner])
        self.parent_tree["Nums"] = nums
        return Tree(self.pdf, self.sources, self.hyphenated)


def src(node: int, tag: str, **fields: object) -> Source:
    return Source(node=node, tag=tag, **fields)  # type: ignore[arg-type]


def nums(tree: Tree) -> dict[int, object]:
    return dict(tree.parent_tree_entries())


# ---- the tree ------------------------------------------------------------------------------

def test_tree_walks_only_what_the_root_reaches() -> None:
    s = Synthetic()
    p = s.elem("P")
    span = s.text(p)
    s.elem("P", linked=False)  # a page-margin element
    tree = s.tree()
    assert tree.elements() == [s.document, p, span]
    assert list(tree.descendants(s.document)) == [p, span]
    assert tree.kids(p) == [span]
    tree.detach(span)
    assert list(p["K"]) == [] and tree.elements() == [s.document, p]


# ---- one test per pass ---------------------------------------------------------------------

def test_header_scope_follows_the_html_scope_of_each_header_cell() -> None:
    s = Synthetic()
    tr = s.elem("TR", s.elem("Table"))
    column = s.elem("TH", tr, source=Source(node=1, tag="th", scope="col"))
    row = s.elem("TH", tr, source=Source(node=2, tag="th", scope="row"))
    repairs.header_scope(s.tree())
    assert column["A"]["Scope"] == "/Column"
    assert row["A"]["Scope"] == "/Row"


def test_header_scope_makes_every_th_a_column_header() -> None:
    s = Synthetic()
    tr = s.elem("TR", s.elem("Table"))
    bare = s.elem("TH", tr)
    with_attributes = s.elem("TH", tr)
    with_attributes["A"] = pydyf.Dictionary({"O": "/Table", "ColSpan": 2})
    cell = s.elem("TD", tr)
    repairs.header_scope(s.tree())
    assert bare["A"] == {"O": "/Table", "Scope": "/Column"}
    assert with_attributes["A"] == {"O": "/Table", "ColSpan": 2, "Scope": "/Column"}
    assert "A" not in cell


def test_figure_bbox_is_in_points_from_the_bottom_left() -> None:
    s = Synthetic()
    figure = s.elem("Figure", page=1)
    figure["A"] = pydyf.Dictionary({"O": "/Layout", "BBox": pydyf.Array([96, 96, 192, 288])})
    repairs.figure_bbox(s.tree())
    # px * 0.75 = pt; y measured from the bottom: 842 - 288 * 0.75, 842 - 96 * 0.75
    assert list(figure["A"]["BBox"]) == [72.0, 626.0, 144.0, 770.0]


def test_join_merges_adjacent_pieces_of_one_element() -> None:
    s = Synthetic()
    first = s.elem("Link", page=0, source=src(1, "a", text="x"))
    second = s.elem("Link", page=1, source=src(1, "a", text="x"))
    s.content(first, page=0)
    s.content(second, page=1)
    span = s.text(second, page=1)
    tree = s.tree()
    repairs.join(tree)
    assert list(s.document["K"]) == [first.reference]
    kids = list(first["K"])
    assert kids[0] == 0
    assert kids[1] == {"Type": "/MCR", "Pg": s.pdf.page_references[1], "MCID": 0}
    assert kids[2] == span.reference and span["P"] == first.reference
    assert second == {} and tree.replaced == {second.number: first.reference}


def test_join_is_top_down_so_that_children_become_adjacent() -> None:
    s = Synthetic()
    lists = [s.elem("L", page=page, source=src(1, "ul")) for page in (0, 1)]
    items = [s.elem("LI", lists[page], page, source=src(2, "li")) for page in (0, 1)]
    repairs.join(s.tree())
    assert list(s.document["K"]) == [lists[0].reference]
    assert list(lists[0]["K"]) == [items[0].reference]
    assert items[1] == {}


def test_join_keeps_different_sources_and_roles_apart() -> None:
    s = Synthetic()
    elements = [s.elem("P", source=src(1, "p")), s.elem("P", source=src(2, "p")),
                s.elem("Span", source=src(2, "p")), s.elem("Span", source=src(2, "p::after")),
                s.elem("P"), s.elem("P")]  # no source: never joined
    tree = s.tree()
    repairs.join(tree)
    assert list(s.document["K"]) == [e.reference for e in elements]
    assert tree.replaced == {}


def table_piece(s: Synthetic, page: int) -> tuple[pydyf.Dictionary, pydyf.Dictionary,
                                                  pydyf.Dictionary]:
    """Table > THead > TR > TH (with an /ID), TBody > TR > TD (/Headers -> the TH)."""
    table = s.elem("Table", page=page, source=src(1, "table"))
    head = s.elem("THead", table, page, source=src(2, "thead"))
    th = s.elem("TH", s.elem("TR", head, page, source=src(3, "tr")), page, source=src(4, "th"))
    s.text(th, page)
    key = pydyf.String(f"{table.number}-0-0")
    th["ID"] = key
    body = s.elem("TBody", table, page, source=src(5, "tbody"))
    td = s.elem("TD", s.elem("TR", body, page, source=src(10 + page, "tr")), page,
                source=src(20 + page, "td"))
    td["A"] = pydyf.Dictionary({"O": "/Table", "Headers": pydyf.Array([key])})
    s.text(td, page)
    return table, head, td


def test_join_drops_the_repeated_table_header_and_renames_headers() -> None:
    s = Synthetic()
    table, head, first_cell = table_piece(s, 0)
    _, repeated_head, second_cell = table_piece(s, 1)
    tree = s.tree()
    repairs.join(tree)
    heads = [k for k in tree.kids(table) if k["S"] == "/THead"]
    assert heads == [head]
    assert repeated_head not in tree.elements()
    kept_id = tree.kids(tree.kids(head)[0])[0]["ID"]
    assert list(second_cell["A"]["Headers"]) == [kept_id]
    assert list(first_cell["A"]["Headers"]) == [kept_id]
    bodies = [k for k in tree.kids(table) if k["S"] == "/TBody"]
    assert len(bodies) == 1 and len(tree.kids(bodies[0])) == 2  # both rows, one body


def test_leaders_leave_the_tree_with_their_annotations() -> None:
    s = Synthetic()
    reference = s.elem("Reference")
    leader = s.elem("Span", reference, source=src(1, "a::after", leader=True))
    s.text(leader)
    annotation = s.annotation(leader)
    page_number = s.elem("Span", reference, source=src(2, "span"))
    tree = s.tree()
    repairs.leaders(tree)
    assert tree.kids(reference) == [page_number]
    assert annotation == {} and "Annots" in s.pages[0] and list(s.pages[0]["Annots"]) == []
    assert tree.dropped_annotations == {2}


def test_links_keep_one_annotation_with_the_links_text() -> None:
    s = Synthetic()
    link = s.elem("Link", source=src(1, "a", text="Läs\u00ad mer\n om\u2060 planen"))
    s.content(link)
    outer = s.annotation(link)
    inner = s.elem("Link", link, source=src(2, "a::after"))
    s.content(inner)
    extra = s.annotation(inner)
    tree = s.tree()
    repairs.links(tree)
    assert [e["S"] for e in tree.elements()] == ["/Document", "/Link", "/Span"]
    assert list(inner["K"]) == [1]  # its content stays, its annotation goes
    assert extra == {} and list(s.pages[0]["Annots"]) == [outer.reference]
    assert tree.dropped_annotations == {extra_key(s)}
    assert outer["Contents"].string == "Läs mer om planen"


def extra_key(s: Synthetic) -> int:
    return len(s.pages) + 1  # the second annotation's StructParent


def test_definition_lists_become_label_and_body() -> None:
    s = Synthetic()
    dl = s.elem("L", source=src(1, "dl"))
    term_item = s.elem("LI", dl, source=src(2, "dt"))
    term = s.elem("LBody", term_item, source=src(2, "dt"))
    definition_item = s.elem("LI", dl, source=src(3, "dd"))
    definition = s.elem("LBody", definition_item, source=src(3, "dd"))
    tree = s.tree()
    repairs.definition_lists(tree)
    assert tree.kids(dl) == [term_item]
    assert [(k["S"], k) for k in tree.kids(term_item)] == [("/Lbl", term), ("/LBody", definition)]
    assert definition["P"] == term_item.reference and definition_item == {}


def test_footnotes_become_notes_with_an_id_after_their_reference() -> None:
    """WeasyPrint tags a note in the page's footnote area (an anonymous /NonStruct), away
    from the paragraph; the repair makes it a /Note with its /ID, its marker a /Lbl, right
    after the /Link that refers to it; the emptied area then leaves the tree."""
    s = Synthetic()
    p = s.elem("P", source=src(1, "p"))
    s.text(p)
    ref = s.elem("Link", p, source=src(2, "a", classes=frozenset({"fotnotsref"}),
                                       href="#fotnot-1"))
    s.content(ref)
    after = s.text(p)
    area = s.elem("NonStruct", source=src(3, ""))
    note = s.elem("Span", area, source=src(4, "span", classes=frozenset({"fotnot"}),
                                           ident="fotnot-1"))
    marker = s.elem("NonStruct", note, source=src(4, "span::footnote-marker",
                                                  classes=frozenset({"fotnot"}),
                                                  ident="fotnot-1"))
    s.text(note)
    tree = s.tree()
    repairs.footnotes(tree)
    repairs.remove_empty(tree)
    assert note["S"] == "/Note" and note["ID"].string == "fotnot-1"
    assert marker["S"] == "/Lbl"
    assert [k for k in tree.kids(p)] == [tree.kids(p)[0], ref, note, after]
    assert note["P"] == p.reference
    assert area not in tree.kids(s.document)


def test_figures_group_picture_and_caption() -> None:
    s = Synthetic()
    figure = s.elem("NonStruct", source=src(1, "figure"))
    s.elem("Figure", figure, source=src(2, "img"))
    s.elem("Caption", figure, source=src(3, "figcaption"))
    repairs.figures(s.tree())
    assert figure["S"] == "/Div"


def test_table_of_contents_becomes_toc_toci_reference() -> None:
    s = Synthetic()
    toc = s.elem("L", source=src(1, "ul", classes=frozenset({"toc"})))
    item = s.elem("LI", toc, source=src(2, "li"))
    body = s.elem("LBody", item, source=src(2, "li"))
    link = s.elem("Link", body, source=src(3, "a"))
    nested = s.elem("L", body, source=src(4, "ul", classes=frozenset({"toc"})))
    nested_item = s.elem("LI", nested, source=src(5, "li"))
    nested_body = s.elem("LBody", nested_item, source=src(5, "li"))
    plain = s.elem("L", source=src(6, "ul"))
    tree = s.tree()
    repairs.table_of_contents(tree)
    assert toc["S"] == "/TOC" and item["S"] == "/TOCI" and body["S"] == "/Reference"
    assert tree.kids(item) == [body, nested] and nested["P"] == item.reference
    assert tree.kids(body) == [link]
    assert nested["S"] == "/TOC" and nested_item["S"] == "/TOCI"
    assert nested_body["S"] == "/Reference"
    assert plain["S"] == "/L"


def test_list_numbering_follows_the_html_list() -> None:
    s = Synthetic()
    lists = {tag: s.elem("L", source=src(i, tag)) for i, tag in enumerate(("ul", "ol", "dl"))}
    unknown = s.elem("L")
    repairs.list_numbering(s.tree())
    assert {tag: e["A"]["ListNumbering"] for tag, e in lists.items()} == {
        "ul": "/Disc", "ol": "/Decimal", "dl": "/None"}
    assert all(e["A"]["O"] == "/List" for e in lists.values())
    assert "A" not in unknown


def test_remove_empty_keeps_empty_cells() -> None:
    s = Synthetic()
    div = s.elem("Div")
    s.elem("Span", s.elem("Span", div))  # empty all the way down
    tr = s.elem("TR", s.elem("Table"))
    empty_td, empty_th = s.elem("TD", tr), s.elem("TH", tr)
    full = s.text(s.elem("P"))
    tree = s.tree()
    repairs.remove_empty(tree)
    assert [e["S"] for e in tree.kids(s.document)] == ["/Table", "/P"]
    assert tree.kids(tr) == [empty_td, empty_th]
    assert full in tree.elements()


def test_update_parent_tree_follows_absorbed_elements_and_dropped_annotations() -> None:
    s = Synthetic()
    first = s.elem("Link", page=0, source=src(1, "a", text="x"))
    second = s.elem("Link", page=1, source=src(1, "a", text="x"))
    s.content(first, page=0)
    s.content(second, page=1)
    kept = s.annotation(second, page=1)
    dropped = s.annotation(s.elem("Span", first), page=0)
    tree = s.tree()
    repairs.join(tree)
    tree.dropped_annotations.add(dropped["StructParent"])
    repairs.update_parent_tree(tree)
    entries = nums(tree)
    assert list(entries[0]) == [first.reference]
    assert list(entries[1]) == [first.reference]  # was second's
    assert entries[kept["StructParent"]] == first.reference
    assert dropped["StructParent"] not in entries


def test_hyphens_read_as_one_word() -> None:
    s = Synthetic()
    p = s.elem("P")
    line = s.text(p)
    other = s.text(p)
    s.content(other)  # an owner of two MCIDs is not one line: left alone
    s.hyphenated.update({(0, 0): "före\u00ad", (0, 1): "x", (0, 9): "no such MCID"})
    repairs.hyphens(s.tree())
    assert line["ActualText"].string == "före\u00ad"
    assert "ActualText" not in other


def test_id_tree_names_are_sorted() -> None:
    s = Synthetic()
    tr = s.elem("TR", s.elem("Table"))
    later, earlier = s.elem("TH", tr), s.elem("TH", tr)
    later["ID"], earlier["ID"] = pydyf.String("9-0-1"), pydyf.String("9-0-0")
    tree = s.tree()
    repairs.id_tree(tree)
    names = list(s.root["IDTree"]["Names"])
    assert [n.string for n in names[::2]] == ["9-0-0", "9-0-1"]
    assert names[1::2] == [earlier.reference, later.reference]


def test_no_id_tree_without_ids() -> None:
    s = Synthetic()
    s.text(s.elem("P"))
    repairs.id_tree(s.tree())
    assert "IDTree" not in s.root


def test_untagged_content_becomes_artifacts() -> None:
    s = Synthetic()
    s.text(s.elem("P"))
    margin = s.elem("P", linked=False)
    s.content(margin)
    tree = s.tree()
    repairs.mark_untagged_content_as_artifacts(tree)
    ops = s.streams[0].stream
    assert ops[:3] == ["/P", {"MCID": 0}, b"BDC"]
    artifact = ops.index("/Artifact")
    assert ops[artifact + 1] == b"BMC" and {"MCID": 1} not in ops
    assert ops.count(b"EMC") == 2  # the artefact still closes
    assert list(nums(tree)[0])[1] == b"null"


def test_margin_boxes_become_pagination_artifacts_header_at_top_footer_at_bottom() -> None:
    """ISO 14289-1 7.8: running headers and footers are /Pagination artefacts of their
    subtype. WeasyPrint tags a margin box's text as a /Span under the element of the
    text's box, which records the margin box it is in; other untagged content (a
    repeated header row, a leader) stays a plain /Artifact."""
    s = Synthetic()
    s.text(s.elem("P"))
    header = s.elem("P", linked=False, source=src(1, "div", margin="@top-center"))
    s.text(header)
    footer = s.elem("P", linked=False, source=src(2, "div", margin="@bottom-right"))
    s.content(footer)                      # owned directly, without a /Span
    side = s.elem("P", linked=False, source=src(3, "div", margin="@left-middle"))
    s.text(side)
    s.content(s.elem("Span", linked=False))  # no margin box: untyped
    tree = s.tree()
    repairs.mark_untagged_content_as_artifacts(tree)
    ops = s.streams[0].stream
    marks = [ops[i + 1] if ops[i + 1] == b"BMC" else (ops[i + 1], ops[i + 2])
             for i, op in enumerate(ops) if op == "/Artifact"]
    assert marks == [({"Type": "/Pagination", "Subtype": "/Header"}, b"BDC"),
                     ({"Type": "/Pagination", "Subtype": "/Footer"}, b"BDC"),
                     ({"Type": "/Pagination"}, b"BDC"),
                     b"BMC"]
    assert ops.count(b"EMC") == 5
    assert list(nums(tree)[0]) == [nums(tree)[0][0]] + [b"null"] * 4


def test_purge_clears_unreachable_structure_elements() -> None:
    s = Synthetic()
    kept = s.text(s.elem("P"))
    lost = s.elem("P", linked=False)
    s.content(lost)
    tree = s.tree()
    repairs.purge(tree)
    assert lost == {}
    assert kept["S"] == "/Span" and s.document["S"] == "/Document"
    assert s.root["Type"] == "/StructTreeRoot" and s.parent_tree["Nums"]


def test_repair_runs_every_pass_on_a_whole_tree() -> None:
    s = Synthetic()
    ul = s.elem("L", page=0, source=src(1, "ul"))
    s.text(s.elem("LI", ul, 0, source=src(2, "li")), 0)
    second = s.elem("L", page=1, source=src(1, "ul"))
    s.text(s.elem("LI", second, 1, source=src(3, "li")), 1)
    s.content(s.elem("Span", linked=False), 1)
    s.tree()
    repairs.repair(s.pdf, s.sources)
    assert second == {} and ul["A"]["ListNumbering"] == "/Disc"
    assert "/Artifact" in s.streams[1].stream


# ---- the order and the private API ---------------------------------------------------------

DOCUMENTED_ORDER = (
    "header_scope", "figure_bbox", "join", "leaders", "links", "definition_lists",
    "table_of_contents", "list_numbering", "footnotes", "figures", "change_labels",
    "remove_empty",
    "update_parent_tree", "hyphens",
    "id_tree", "mark_untagged_content_as_artifacts", "purge")


def test_passes_run_in_the_documented_order() -> None:
    assert tuple(p.__name__ for p in repairs.PASSES) == DOCUMENTED_ORDER
    listed = re.findall(r"^\s*\d+\. (\w+)", repairs.__doc__ or "", re.MULTILINE)
    assert tuple(listed) == DOCUMENTED_ORDER
    for repair_pass in repairs.PASSES:
        assert list(inspect.signature(repair_pass).parameters) == ["tree"]
        assert repair_pass.__doc__, repair_pass.__name__


def test_private_api_matches_the_installed_versions() -> None:
    private_api.check()  # raises if it does not


def test_private_api_check_names_a_missing_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(weasyprint.pdf.tags, "_build_box_tree")
    with pytest.raises(private_api.PrivateApiChanged) as raised:
        private_api.check()
    message = str(raised.value)
    assert "weasyprint.pdf.tags._build_box_tree is missing" in message
    assert "WeasyPrint 70.x and pydyf 0.13.x" in message
    assert isinstance(raised.value, RuntimeError)


def test_private_api_check_names_a_changed_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    def _build_box_tree(box, parent, pdf, page_number, nums, annotations):  # type: ignore
        yield from ()

    monkeypatch.setattr(weasyprint.pdf.tags, "_build_box_tree", _build_box_tree)
    with pytest.raises(private_api.PrivateApiChanged,
                       match=r"takes \(box, parent, pdf, page_number, nums, annotations\), "
                             r"expected \(.*, tags\)"):
        private_api.check()


def test_private_api_check_names_a_missing_pydyf_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(pydyf.PDF, "page_references")
    with pytest.raises(private_api.PrivateApiChanged,
                       match="pydyf.PDF.page_references is no longer a property"):
        private_api.check()


def test_private_api_check_notices_a_changed_stream_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    def begin_marked_content(self, tag, property_list=None):  # type: ignore[no-untyped-def]
        self.stream.append(f"/{tag} {'BMC' if property_list is None else 'BDC'}".encode())

    monkeypatch.setattr(pydyf.Stream, "begin_marked_content", begin_marked_content)
    with pytest.raises(private_api.PrivateApiChanged, match="Stream.stream no longer holds"):
        private_api.check()
