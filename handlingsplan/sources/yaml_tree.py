"""Content files as text and YAML node trees that keep every value's line.

The bytes come from the project's resolver (project.py); this module checks that they are
UTF-8 text an editor can fix, and is the only importer of yaml. YAML is composed, never
constructed: no implicit booleans, dates or numbers; the schema (schema.py) decides what
each value is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Union

import re

import yaml

from ..diagnostics import Loc, Report
from .limits import MAX_YAML_DEPTH, MAX_YAML_NODES, char_message, invalid_char
from .project import Project

BOM = "\ufeff"
# libyaml (yaml.CSafeLoader) composes about ten times faster than PyYAML's own Python
# parser, which has the better error messages: files are parsed with libyaml, and a file it
# refuses is parsed again with the Python parser for the message, unless it is too large for
# that to be quick.
_FAST_LOADER_BASE = getattr(yaml, "CSafeLoader", None)
_MAX_REPARSED = 256 * 1024
# U+2028 and U+2029 (line and paragraph separators, pasted from word processors) are line
# breaks to YAML but not to text editors, so every line after one would be reported a line
# off, and a break at the start of a line ends the value there (a parse error). YAML reads
# them as spaces: the same offsets, the lines an editor sees, the value it shows.
_YAML_SPACES = {0x2028: " ", 0x2029: " "}


def yaml_text(text: str) -> str:
    """The text as the YAML parser reads it (see _YAML_SPACES)."""
    return text.translate(_YAML_SPACES)


def read_text(project: Project, path: Path, report: Report, named_at: Loc | None = None) -> str | None:
    """The file's text, or None after reporting why it cannot be used; a file that cannot
    be read is reported at `named_at` (the line that named it), else at the file."""
    where = Loc(project.rel(path))
    data = project.read(path, named_at or where, report)
    if data is None:
        return None
    return decode_text(data, where, report)


def decode_text(data: bytes, where: Loc, report: Report) -> str | None:
    """UTF-8 text with LF line ends, or None after reporting why it cannot be used."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(Loc(where.path, line),
                     "filen är inte sparad som UTF-8: spara den med teckenkodningen UTF-8 "
                     "(å, ä och ö ser annars fel ut)")
        return None
    if text.startswith(BOM):
        report.warning(Loc(where.path, 1), "filen börjar med ett BOM-tecken: det togs bort, "
                                           "men spara gärna som UTF-8 utan BOM")
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        report.error(Loc(where.path, 1), "filen är tom")
        return None
    if (char := invalid_char(text)) is not None:
        line = text.count("\n", 0, text.index(char)) + 1
        report.error(Loc(where.path, line), char_message(char))
        return None
    return text


class _ComposeLoader(yaml.SafeLoader):
    """Safe loader whose resolver knows no implicit types: every plain scalar stays a string."""

    yaml_implicit_resolvers: dict = {}


if _FAST_LOADER_BASE is not None:
    class _FastComposeLoader(_FAST_LOADER_BASE):  # type: ignore[misc, valid-type]
        """libyaml's loader with the same empty resolver."""

        yaml_implicit_resolvers: dict = {}

    _LOADERS: tuple[type, ...] = (_FastComposeLoader, _ComposeLoader)
else:   # PyYAML built without libyaml
    _LOADERS = (_ComposeLoader,)


_YAML_MESSAGES = (
    ("found character '\\t'", "tabbtecken är inte tillåtna i YAML: använd mellanslag för indrag"),
    ("mapping values are not allowed", "ett kolon på fel ställe: sätt texten inom citattecken "
                                       "om den innehåller ': '"),
    ("could not find expected ':'", "en rad saknar kolon efter nyckeln, eller indraget är fel"),
    ("did not find expected key", "indraget stämmer inte med raderna ovanför"),
    ("did not find expected '-' indicator", "indraget stämmer inte med listan ovanför"),
    ("found undefined alias", "okänt alias (*namn)"),
    ("while scanning a quoted scalar", "ett citattecken öppnas men stängs aldrig"),
    ("found unexpected end of stream", "filen tar slut mitt i ett värde: saknas ett citattecken?"),
    ("expected <document start>", "oväntat innehåll: kontrollera indraget"),
    ("expected <block end>", "oväntat innehåll: kontrollera indraget, och att citattecken på "
                             "raderna ovanför är stängda"),
    ("expected ',' or ']'", "en lista inom [ ] stängs inte: saknas ']' eller ett kommatecken?"),
    ("expected ',' or '}'", "en tabell inom { } stängs inte: saknas '}' eller ett kommatecken?"),
    ("invalid Unicode character escape", "en ogiltig teckenkod (\\u…) inom citattecknen"),
    ("cannot start any token", "ett tecken som inte kan inleda ett värde: sätt texten inom "
                               "citattecken"),
    ("maximum nesting depth", f"listor och tabeller i flera än {MAX_YAML_DEPTH} nivåer"),
)


def _swedish_yaml_message(problem: str) -> str:
    for needle, message in _YAML_MESSAGES:
        if needle in problem:
            return message
    return f"filen är inte giltig YAML ({problem})"


@dataclass(frozen=True)
class YScalar:
    """A scalar as written: `value` is None for an empty value (`key:`, `~`, `null`);
    `end` is where its source ends (YAML's end mark: just after its last character)."""

    value: str | None
    loc: Loc
    end: Loc | None = None

    @property
    def last_line(self) -> int:
        """The last line the scalar is written on (a block scalar's end mark is at the
        start of the line after it)."""
        if self.end is None:
            return self.loc.line
        if self.end.column == 1 and self.end.line > self.loc.line:
            return self.end.line - 1
        return self.end.line


def source_lines(scalar: YScalar, lines: list[str]) -> list[tuple[int, str]]:
    """The scalar as written in the file (`lines`, its text split at "\n"): for each line
    it is on, the line number and the part of the line that is the scalar."""
    first, last = scalar.loc.line, min(scalar.last_line, len(lines))
    out = []
    for number in range(first, last + 1):
        text = lines[number - 1]
        if number == last and scalar.end is not None and scalar.end.line == number:
            text = text[: scalar.end.column - 1]
        if number == first:
            text = text[scalar.loc.column - 1:]
        out.append((number, text))
    return out


@dataclass(frozen=True)
class YList:
    items: tuple["YNode", ...]
    loc: Loc


@dataclass(frozen=True)
class YMap:
    """A mapping; `keys` holds each key's own location."""

    entries: dict[str, "YNode"]
    keys: dict[str, Loc]
    loc: Loc


YNode = Union[YScalar, YList, YMap]

_NULLS = {"", "~", "null", "Null", "NULL"}


def _checked(value: str, loc: Loc, report: Report) -> str:
    """A scalar without the characters no output may hold (they arrive as escapes, "\\x01",
    "\\0", "\\ud800"): each is reported at the value's line and left out."""
    if (char := invalid_char(value)) is None:
        return value
    report.error(loc, char_message(char).replace("i texten", "i värdet"))
    return "".join(c for c in value if invalid_char(c) is None)


def _convert(node: yaml.Node, where: str, report: Report) -> YNode:
    """The node as a tree of YScalar/YList/YMap; _check_events has bounded its depth and
    made sure no collection is reached twice (aliases name only scalars)."""
    loc = Loc(where, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        end = Loc(where, node.end_mark.line + 1, node.end_mark.column + 1)
        plain = not node.style   # None from PyYAML, "" from libyaml
        if plain and node.value in _NULLS:
            return YScalar(None, loc, end)
        return YScalar(_checked(node.value, loc, report), loc, end)
    if isinstance(node, yaml.SequenceNode):
        return YList(tuple(_convert(item, where, report) for item in node.value), loc)
    entries: dict[str, YNode] = {}
    keys: dict[str, Loc] = {}
    for key_node, value_node in node.value:
        key_loc = Loc(where, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key_node, yaml.ScalarNode):
            report.error(key_loc, "en nyckel måste vara ett ord, inte en lista eller en tabell")
            continue
        key = _checked(key_node.value, key_loc, report)
        if key in entries:
            report.error(key_loc, f"nyckeln '{key}' finns redan på rad {keys[key].line}: "
                                  "ta bort den ena")
            continue
        entries[key] = _convert(value_node, where, report)
        keys[key] = key_loc
    return YMap(entries, keys, loc)


def load_yaml(project: Project, path: Path, report: Report,
              named_at: Loc | None = None) -> YNode | None:
    """The YAML tree of a file, or None after reporting why it cannot be read."""
    text = read_text(project, path, report, named_at)
    if text is None:
        return None
    where = project.rel(path)
    text = yaml_text(text)
    node = _compose(text, where, report)
    if node is False:
        return None
    if node is None:
        report.error(Loc(where, 1), "filen är tom")
        return None
    _check_cut_text(node, text.split("\n"), where, report)
    return _convert(node, where, report)


# After an unquoted value: " #…" (one space) or "#" glued to a word is more likely text
# than a comment ("Ta fram mål #2", "kontakt via #halsingland").
_CUT = re.compile(r" #|\s+#\S")


def _check_cut_text(node: yaml.Node, lines: list[str], where: str, report: Report) -> None:
    """Warn where an unquoted text value ends at a '#' that YAML reads as a comment."""
    pending, seen = [node], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:   # aliases: each node once (a node may contain itself)
            continue
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            pending.extend(value for _, value in current.value)
        elif (isinstance(current, yaml.ScalarNode) and not current.style and current.value
              and current.end_mark.line < len(lines)):
            rest = lines[current.end_mark.line][current.end_mark.column:]
            if _CUT.match(rest):
                comment = rest.strip()
                report.warning(Loc(where, current.end_mark.line + 1, current.end_mark.column + 1),
                               f"texten slutar vid '#': '{current.value}' visas, men "
                               f"'{comment}' räknas som en kommentar och visas inte; hör det "
                               "till texten: sätt texten inom citattecken "
                               f"(\"{current.value} {comment}\")")


def _mark_loc(where: str, mark: yaml.Mark) -> Loc:
    return Loc(where, mark.line + 1, mark.column + 1)


def _check_events(text: str, where: str, report: Report, loader: type) -> bool:
    """Walk the file's events (the parsers are iterative, so no input can exhaust the
    stack): at most MAX_YAML_NODES values, nesting at most MAX_YAML_DEPTH deep, and aliases (*namn) only to scalars, with
    the text they repeat at most as long as the file. An alias to a list or table would let
    a small file expand to gigabytes (a "billion laughs"); nothing in a plan needs one."""
    depth = nodes = 0
    anchors: dict[str, int | None] = {}   # anchor -> length of its scalar, None: a collection
    budget = max(len(text), 10_000)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_YAML_NODES:
                report.error(_mark_loc(where, event.start_mark),
                             f"filen har för många värden (högst {MAX_YAML_NODES}): dela upp den")
                return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                report.error(_mark_loc(where, event.start_mark),
                             f"listor och tabeller i flera än {MAX_YAML_DEPTH} nivåer: "
                             "kontrollera indraget och hakparenteserna")
                return False
            if event.anchor is not None:
                anchors[event.anchor] = None
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            anchors[event.anchor] = len(event.value)
        elif isinstance(event, yaml.AliasEvent):
            loc = _mark_loc(where, event.start_mark)
            if event.anchor not in anchors:
                report.error(loc, f"okänt alias (*{event.anchor})")
                return False
            size = anchors[event.anchor]
            if size is None:
                report.error(loc, f"aliaset *{event.anchor} pekar på en lista eller tabell: "
                                  "ett alias får bara upprepa ett enkelt värde; skriv ut "
                                  "listan eller tabellen")
                return False
            budget -= size
            if budget < 0:
                report.error(loc, "alias (*namn) upprepar mer text än filen innehåller: "
                                  "skriv ut texten i stället")
                return False
    return True


def _compose(text: str, where: str, report: Report) -> yaml.Node | None | bool:
    """The file's root node (None for an empty document), or False after reporting."""
    for loader in _LOADERS:
        try:
            if not _check_events(text, where, report, loader):
                return False
            return yaml.compose(text, Loader=loader)
        except yaml.YAMLError as exc:
            error = exc
            if len(text) > _MAX_REPARSED:
                break
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        loc = _mark_loc(where, mark) if mark else Loc(where)
        message = _swedish_yaml_message(str(error.problem or error.context))
        if error.context_mark and mark and error.context_mark.line != mark.line:
            message += f" (det som inte går ihop börjar på rad {error.context_mark.line + 1})"
        report.error(loc, message)
    else:
        report.error(Loc(where), _swedish_yaml_message(str(error)))
    return False


# ---- where each value is written, for commands that edit a file in place ----------------

@dataclass
class Span:
    """A node as written: character offsets into the text (with LF line ends and no BOM,
    as decode_text gives it) of the node (its anchor included) and of its value (after any
    anchor or tag). An alias's `value` is the anchor's name; `target` the node it repeats."""

    kind: str                       # "scalar", "alias", "map" or "list"
    start: int
    end: int
    value_start: int
    value: str | None = None
    style: str | None = None        # a scalar's style: None (plain), "'", '"', "|", ">"
    flow: bool = False              # a collection written in [ ] or { }
    anchor: str | None = None
    target: "Span | None" = None
    entries: list[tuple["Span", "Span"]] | None = None   # a map's (key, value) pairs
    items: list["Span"] | None = None                    # a list's items

    def get(self, key: str) -> tuple["Span", "Span"] | None:
        for key_span, value in self.entries or []:
            if key_span.value == key:
                return key_span, value
        return None

    def walk(self):  # type: ignore[no-untyped-def]
        """This node and every node inside it, in the order they are written."""
        yield self
        for key, value in self.entries or []:
            yield from key.walk()
            yield from value.walk()
        for item in self.items or []:
            yield from item.walk()


def spans(text: str) -> Span | None:
    """The spans of the document in `text` (already read by load_yaml, so valid). Both
    parsers' marks count characters of the text (libyaml's too), so the fast one is used."""
    anchors: dict[str, Span] = {}
    stack: list[Span] = []
    pending_key: list[Span | None] = []
    root: list[Span] = []

    def value_start(start: int) -> int:
        position = start
        while position < len(text) and text[position] in "&!":
            while position < len(text) and text[position] not in " \t\n,]}":
                position += 1
            while position < len(text) and text[position] in " \t\n":
                position += 1
        return position

    def add(node: Span) -> None:
        if not stack:
            root.append(node)
            return
        parent = stack[-1]
        if parent.kind == "list":
            assert parent.items is not None
            parent.items.append(node)
        elif pending_key[-1] is None:
            pending_key[-1] = node
        else:
            assert parent.entries is not None
            parent.entries.append((pending_key[-1], node))
            pending_key[-1] = None

    for event in yaml.parse(yaml_text(text), Loader=_LOADERS[0]):
        start = event.start_mark.index if event.start_mark else 0
        end = event.end_mark.index if event.end_mark else 0
        if isinstance(event, yaml.ScalarEvent):
            node = Span("scalar", start, end, value_start(start), event.value,
                        event.style or None, anchor=event.anchor)
            if event.anchor:
                anchors[event.anchor] = node
            add(node)
        elif isinstance(event, yaml.AliasEvent):
            add(Span("alias", start, end, start, event.anchor, target=anchors.get(event.anchor)))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            is_map = isinstance(event, yaml.MappingStartEvent)
            node = Span("map" if is_map else "list", start, end, value_start(start),
                        flow=bool(event.flow_style), anchor=event.anchor,
                        entries=[] if is_map else None, items=None if is_map else [])
            add(node)
            stack.append(node)
            pending_key.append(None)
        elif isinstance(event, yaml.CollectionEndEvent):
            node = stack.pop()
            pending_key.pop()
            node.end = end if node.flow else max(
                [content_end(text, child) for child in _children(node)] or [node.value_start])
    return root[0] if root else None


def _children(node: Span) -> list[Span]:
    return [s for pair in node.entries or [] for s in pair] + list(node.items or [])


def content_end(text: str, node: Span) -> int:
    """Where the node's own text ends: a block scalar without the line ends and blank lines
    after it, a block collection at the end of its last value."""
    if node.kind == "scalar" and node.style in ("|", ">"):
        end = node.end
        while end > node.value_start and text[end - 1] in " \t\n":
            end -= 1
        return end
    return node.end
