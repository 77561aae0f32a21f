"""Every use of WeasyPrint's and pydyf's private API, checked when this module is imported.

Written for WeasyPrint 70.x and pydyf 0.13.x (both pinned in pyproject.toml). At import,
`check()` verifies the names, signatures and data layouts listed below; if one changed, it
raises `PrivateApiChanged` naming what changed, so that a new WeasyPrint or pydyf stops the
build with a clear message instead of producing a PDF with a broken structure tree.

What counts as private here, and what does not (the rule the rest of writers.pdf follows):

- Used directly anywhere: WeasyPrint's documented API (`HTML`, `render`, `write_pdf` with its
  `finisher`, `URLFetcher`, `FontConfiguration`) and pydyf's object classes (`Dictionary`,
  `Array`, `String`, `Stream`, with `.number` and `.reference`). The structure tree itself
  (StructTreeRoot, ParentTree, /K, /MCR, /OBJR) is ISO 32000-1 and read like any PDF.
- Only through this module: WeasyPrint's internals (the tagging function
  `weasyprint.pdf.tags._build_box_tree`, its boxes and their attributes, the per-stream tag
  records), and pydyf's internal layout: `PDF.objects` / `PDF.catalog` (how a reference maps
  to an object), `PDF.page_references` (undocumented), and `Stream.stream` as a list of
  operands and operators (how marked content and the XMP packet are stored).

Checked at import (see `check`):

- weasyprint.pdf.tags._build_box_tree: a generator function with the parameters
  (box, parent, pdf, page_number, nums, annotations, tags); it recurses through the module
  attribute, so replacing that attribute sees every box (`record_sources`).
- weasyprint.formatting_structure.boxes.LineBox, TextBox (with `.text`), Box (with
  `.element`, `.element_tag`, `.style`, `.is_leader`);
  weasyprint.layout.absolute.AbsolutePlaceholder (with `._box`); MarginBox (a Box taking
  `at_keyword`, "@top-center" …), whose children are tagged while its call runs.
- the computed style key "hyphenate_character"; weasyprint.pdf.stream.Stream.marked, which
  records each tagged box as {"tag": …, "mcid": n} in the `tags` mapping.
- pydyf.PDF: `objects` (a list indexed by object number), `catalog` (a Dictionary),
  `page_references` (a property); `Object.reference` written as b"<number> 0 R";
  `Stream.begin_marked_content` appending "/Tag", <<properties>>, b"BDC" (or "/Tag", b"BMC");
  `Stream.data` a property compressing through the module name `pydyf.zlib` and ending
  in b"\\nendstream" (`faster_writing`).

Not checkable at import, covered by tests/test_pdf_accessibility.py: that WeasyPrint still
writes the XMP packet as one metadata stream with a single </rdf:RDF>, and the shape of the
tree it tags.
"""

from __future__ import annotations

import inspect
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import Any

import pydyf
import weasyprint
import weasyprint.css.properties as _weasyprint_properties
import weasyprint.formatting_structure.boxes as _weasyprint_boxes
import weasyprint.layout.absolute as _weasyprint_absolute
import weasyprint.pdf.stream as _weasyprint_stream
import weasyprint.pdf.tags as _weasyprint_tags

WRITTEN_FOR = "WeasyPrint 70.x and pydyf 0.13.x"
BUILD_BOX_TREE_PARAMETERS = ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags")


class PrivateApiChanged(RuntimeError):
    """WeasyPrint or pydyf no longer has a private name or layout that writers.pdf uses."""


# ---- the check -----------------------------------------------------------------------------

def _problems() -> list[str]:
    problems: list[str] = []

    def attribute(module: object, name: str) -> Any:
        value = getattr(module, name, None)
        if value is None:
            problems.append(f"{getattr(module, '__name__', module)}.{name} is missing")
        return value

    build = attribute(_weasyprint_tags, "_build_box_tree")
    if build is not None:
        try:
            parameters = tuple(inspect.signature(build).parameters)
        except (TypeError, ValueError):
            parameters = ()
        if parameters != BUILD_BOX_TREE_PARAMETERS:
            problems.append("weasyprint.pdf.tags._build_box_tree takes "
                            f"({', '.join(parameters)}), expected ({', '.join(BUILD_BOX_TREE_PARAMETERS)})")
        if not inspect.isgeneratorfunction(build):
            problems.append("weasyprint.pdf.tags._build_box_tree is no longer a generator function")

    box = attribute(_weasyprint_boxes, "Box")
    line_box = attribute(_weasyprint_boxes, "LineBox")
    text_box = attribute(_weasyprint_boxes, "TextBox")
    if box is not None:
        if not hasattr(box, "is_leader"):
            problems.append("weasyprint Box has no is_leader attribute")
        if not {"element_tag", "style", "element"} <= set(_init_parameters(box)):
            problems.append("weasyprint Box() no longer takes (element_tag, style, element)")
    for cls in (line_box, text_box):
        if cls is not None and (box is None or not issubclass(cls, box)):
            problems.append(f"weasyprint {cls.__name__} is no longer a Box")
    if text_box is not None and "text" not in _init_parameters(text_box):
        problems.append("weasyprint TextBox() no longer takes text")

    margin_box = attribute(_weasyprint_boxes, "MarginBox")
    if margin_box is not None and (box is None or not issubclass(margin_box, box)
                                   or "at_keyword" not in _init_parameters(margin_box)):
        problems.append("weasyprint MarginBox is no longer a Box taking at_keyword")

    placeholder = attribute(_weasyprint_absolute, "AbsolutePlaceholder")
    if placeholder is not None:
        try:
            object.__getattribute__(placeholder(object()), "_box")
        except Exception:  # noqa: BLE001 - any failure means the layout changed
            problems.append("weasyprint AbsolutePlaceholder no longer keeps its box in ._box")

    initial = getattr(_weasyprint_properties, "INITIAL_VALUES", {})
    if "hyphenate_character" not in initial:
        problems.append("weasyprint has no computed style 'hyphenate_character'")

    stream = attribute(_weasyprint_stream, "Stream")
    marked = getattr(stream, "marked", None) if stream is not None else None
    code = getattr(getattr(marked, "__wrapped__", marked), "__code__", None)
    if code is None or "mcid" not in _constants(code.co_consts):
        problems.append("weasyprint.pdf.stream.Stream.marked no longer records tags as {'mcid': n}")

    pdf_class = attribute(pydyf, "PDF")
    if pdf_class is not None:
        if not isinstance(inspect.getattr_static(pdf_class, "page_references", None), property):
            problems.append("pydyf.PDF.page_references is no longer a property")
        try:
            pdf = pdf_class()
        except Exception as exc:  # noqa: BLE001
            problems.append(f"pydyf.PDF() fails: {exc!r}")
        else:
            if not isinstance(getattr(pdf, "objects", None), list):
                problems.append("pydyf.PDF().objects is no longer a list")
            if not isinstance(getattr(pdf, "catalog", None), dict):
                problems.append("pydyf.PDF().catalog is no longer a dictionary")
        if getattr(pydyf, "zlib", None) is not zlib:
            problems.append("pydyf no longer uses zlib through its module name 'zlib'")
        data = inspect.getattr_static(getattr(pydyf, "Stream", object), "data", None)
        code = getattr(getattr(data, "fget", None), "__code__", None)
        if code is None or "compressobj" not in code.co_names:
            problems.append("pydyf.Stream.data no longer compresses with zlib.compressobj")
    for name in ("Dictionary", "Array", "String", "Stream"):
        attribute(pydyf, name)
    if not problems:
        probe = pydyf.Dictionary()
        probe.number = 7
        if probe.reference != b"7 0 R":
            problems.append(f"pydyf references look like {probe.reference!r}, expected b'7 0 R'")
        ops = pydyf.Stream()
        ops.begin_marked_content("P", pydyf.Dictionary({"MCID": 0}))
        ops.begin_marked_content("Artifact")
        if ops.stream != ["/P", {"MCID": 0}, b"BDC", "/Artifact", b"BMC"]:
            problems.append("pydyf.Stream.stream no longer holds marked content as "
                            f"'/Tag', <<props>>, b'BDC' (got {ops.stream!r})")
    return problems


def _constants(consts: tuple[object, ...]) -> set[object]:
    """A code object's constants, with constant tuples (a dict literal's keys) opened."""
    found: set[object] = set()
    for const in consts:
        if isinstance(const, tuple):
            found |= _constants(const)
        elif isinstance(const, (str, int, bytes)):
            found.add(const)
    return found


def _init_parameters(cls: type) -> tuple[str, ...]:
    try:
        return tuple(inspect.signature(cls.__init__).parameters)
    except (TypeError, ValueError):
        return ()


def check() -> None:
    """Raise PrivateApiChanged if a private name or layout used here changed."""
    problems = _problems()
    if problems:
        raise PrivateApiChanged(
            f"handlingsplan.writers.pdf relies on private API of {WRITTEN_FOR}; "
            f"installed: WeasyPrint {getattr(weasyprint, '__version__', '?')}, "
            f"pydyf {getattr(pydyf, '__version__', '?')}. Changed: " + "; ".join(problems)
            + ". Adapt handlingsplan/writers/pdf/private_api.py (and re-run "
            "tests/test_pdf_accessibility.py) or install the pinned versions.")


check()


# ---- pydyf: objects, pages, streams --------------------------------------------------------

def catalog(pdf: pydyf.PDF) -> pydyf.Dictionary:
    return pdf.catalog


def objects(pdf: pydyf.PDF) -> list[Any]:
    """Every object of the PDF, indexed by object number."""
    return pdf.objects


def resolve(pdf: pydyf.PDF, number: int) -> Any:
    """The object with this object number."""
    return pdf.objects[number]


def page_references(pdf: pydyf.PDF) -> list[bytes]:
    """The pages' references, in page order (pydyf rebuilds the tuple on every access)."""
    return list(pdf.page_references)


def stream_bytes(stream: pydyf.Stream) -> bytes:
    """A stream's content as bytes, as pydyf would join its parts (XMP packets)."""
    return b"".join(part if isinstance(part, bytes) else str(part).encode()
                    for part in stream.stream)


def replace_stream_bytes(stream: pydyf.Stream, data: bytes) -> None:
    stream.stream = [data]


def mark_as_artifacts(stream: pydyf.Stream,
                      mcids: Mapping[int, pydyf.Dictionary | None]) -> set[int]:
    """Rewrite "/Tag <</MCID n>> BDC" as an artefact for the given MCIDs in a content
    stream: "/Artifact <<properties>> BDC" where mcids[n] is a property list (a typed
    artefact, e.g. /Type /Pagination /Subtype /Header), else "/Artifact BMC". Return the
    MCIDs rewritten."""
    ops = stream.stream
    done: set[int] = set()
    out: list[Any] = []
    i = 0
    while i < len(ops):
        op = ops[i]
        if (isinstance(op, pydyf.Dictionary) and op.get("MCID") in mcids and out
                and isinstance(out[-1], str) and out[-1].startswith("/")
                and i + 1 < len(ops) and ops[i + 1] == b"BDC"):
            properties = mcids[op["MCID"]]
            out[-1] = "/Artifact"
            out.extend([properties, b"BDC"] if properties else [b"BMC"])
            done.add(op["MCID"])
            i += 2
            continue
        out.append(op)
        i += 1
    stream.stream = out
    return done


# ---- WeasyPrint: where each structure element comes from -----------------------------------

_TAGGING = threading.Lock()


def _text_children(box: object) -> Iterator[Any]:
    """The text boxes _build_box_tree tags as kids of box (line boxes are looked through)."""
    for child in getattr(box, "children", ()):
        for inner in (child.children if isinstance(child, _weasyprint_boxes.LineBox) else [child]):
            if isinstance(inner, _weasyprint_boxes.TextBox):
                yield inner


def _describe(box: object, make_source: Callable[..., Any], margin: str) -> Any:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None) or ""
    classes = frozenset((element.get("class") or "").split() if element is not None else ())
    text = ""
    if element is not None and tag == "a":
        text = element.get("aria-label") or "".join(element.itertext())
    elif element is not None and element.get("data-etikett"):     # <ins>/<del> in print
        words = f'{element.get("data-etikett")} {"".join(element.itertext())}'
        for layout in ("\u00ad", "\u200b", "\u2060"):    # break and joiner marks
            words = words.replace(layout, "")
        text = " ".join(words.split())
    scope = (element.get("scope") or "") if element is not None and tag == "th" else ""
    ident = (element.get("id") or "") if element is not None else ""
    href = (element.get("href") or "") if element is not None and tag == "a" else ""
    return make_source(node=id(element), tag=tag, classes=classes,
                       leader=bool(getattr(box, "is_leader", False)), text=text, scope=scope,
                       ident=ident, href=href, margin=margin)


@contextmanager
def record_sources(sources: MutableMapping[int, Any],
                   hyphenated: MutableMapping[tuple[int, int], str],
                   make_source: Callable[..., Any]) -> Iterator[None]:
    """While WeasyPrint tags the document, note the HTML element behind each structure
    element it makes (sources[id(element)] = make_source(node=, tag=, classes=, leader=,
    text=, scope=, ident=, href=, margin=)), and the lines that end in a hyphen WeasyPrint added ((page, MCID) -> the line's
    text without it). WeasyPrint 70 builds the tree in weasyprint.pdf.tags._build_box_tree,
    one call per box, recursing through the module-level name: a wrapper there sees every box
    and the elements made for it (the innermost call sees an element first), before the
    box's text boxes are tagged."""
    original = getattr(_weasyprint_tags, "_build_box_tree", None)
    if original is None:  # pragma: no cover - check() refuses such a WeasyPrint at import
        raise PrivateApiChanged(f"weasyprint.pdf.tags._build_box_tree is missing ({WRITTEN_FOR})")

    margins: list[str] = []  # the page-margin box being tagged ("@top-center", …), if any

    def recording(box, parent, pdf, page_number, nums, annotations, tags):  # type: ignore
        origin = box._box if isinstance(box, _weasyprint_absolute.AbsolutePlaceholder) else box
        for child in _text_children(origin):
            kid = tags.get(child)
            hyphen = child.style["hyphenate_character"]
            if kid is not None and hyphen and child.text.endswith(hyphen):
                hyphenated[(page_number, kid["mcid"])] = child.text[:-len(hyphen)]
        margin = isinstance(origin, _weasyprint_boxes.MarginBox)
        if margin:  # its children are tagged while its generator runs, inside this loop
            margins.append(origin.at_keyword)
        try:
            for element in original(box, parent, pdf, page_number, nums, annotations, tags):
                if id(element) not in sources:
                    sources[id(element)] = _describe(origin, make_source,
                                                     margins[-1] if margins else "")
                yield element
        finally:
            if margin:
                margins.pop()

    with _TAGGING:
        _weasyprint_tags._build_box_tree = recording
        try:
            yield
        finally:
            _weasyprint_tags._build_box_tree = original


# ---- pydyf: page references cached while WeasyPrint writes ---------------------------------

def _cached_page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's PDF.page_references, rebuilt only when the page list changed.

    The property builds a tuple of every page's reference on each access, and WeasyPrint's
    tagging reads it once per structure element (elements x pages). The cache is keyed on
    the /Kids list and its length, so a page added later is still seen."""
    kids = pdf.pages["Kids"]
    key = (id(kids), len(kids))
    cached = pdf.__dict__.get("_handlingsplan_page_references")
    if cached is None or cached[0] != key:
        cached = (key, _ORIGINAL_PAGE_REFERENCES.fget(pdf))
        pdf.__dict__["_handlingsplan_page_references"] = cached
    return cached[1]


_ORIGINAL_PAGE_REFERENCES = inspect.getattr_static(pydyf.PDF, "page_references")


# pydyf compresses every stream with zlib.compressobj(level=9) through its module's name
# `zlib`; level 6 serialises ≈40 % faster for ≈3 % more bytes (design.md §5).
ZLIB_LEVEL = 6


class _Zlib:
    """pydyf's view of zlib while writing: compressobj at ZLIB_LEVEL, the rest unchanged."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(ZLIB_LEVEL, *args, **kwargs)


_ORIGINAL_STREAM_DATA = inspect.getattr_static(pydyf.Stream, "data")
_ENDSTREAM = b"\nendstream"


def _unambiguous_stream_data(stream: Any) -> bytes:
    """pydyf writes `data \n endstream`: when the data's last byte is CR (a deflated
    stream ends in its checksum, any byte), a reader takes that CR and the LF for one
    CRLF end-of-line and finds the data one byte shorter than /Length (PDF/A checkers
    report it: ISO 19005-3 6.1.7.1). An end-of-line of CRLF after the data keeps the
    data whole and /Length right."""
    data: bytes = _ORIGINAL_STREAM_DATA.fget(stream)
    if data.endswith(b"\r" + _ENDSTREAM):
        return data[: -len(_ENDSTREAM)] + b"\r" + _ENDSTREAM
    return data


@contextmanager
def faster_writing() -> Iterator[None]:
    """While write_pdf runs (inside record_sources, which holds the tagging lock):
    pydyf.PDF.page_references is cached per PDF (same bytes), pydyf's streams are
    compressed at ZLIB_LEVEL instead of 9, and a stream whose data ends in CR gets a
    CRLF before `endstream`. All restored afterwards."""
    pydyf.PDF.page_references = property(_cached_page_references)
    pydyf.Stream.data = property(_unambiguous_stream_data)
    pydyf.zlib = _Zlib()
    try:
        yield
    finally:
        pydyf.PDF.page_references = _ORIGINAL_PAGE_REFERENCES
        pydyf.Stream.data = _ORIGINAL_STREAM_DATA
        pydyf.zlib = zlib
