"""Content files as text and YAML node trees that keep every value's line.

The bytes come from the project's resolver (project.py); this module checks that they are
UTF-8 text an editor can fix, and is the only importer of yaml. YAML is composed, never
constructed: no implicit booleans, dates or numbers; the schema (schema.py) decides what
each value is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from ..diagnostics import Loc, Report
from .project import Project

BOM = "\ufeff"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


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
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        report.error(Loc(where.path, line), f"osynligt styrtecken (U+{ord(match[0]):04X}) i texten: "
                                            "ta bort det (det kommer ofta med vid kopiering)")
        return None
    return text


class _ComposeLoader(yaml.SafeLoader):
    """Safe loader whose resolver knows no implicit types: every plain scalar stays a string."""

    yaml_implicit_resolvers: dict = {}


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
)


def _swedish_yaml_message(problem: str) -> str:
    for needle, message in _YAML_MESSAGES:
        if needle in problem:
            return message
    return f"filen är inte giltig YAML ({problem})"


@dataclass(frozen=True)
class YScalar:
    """A scalar as written: `value` is None for an empty value (`key:`, `~`, `null`)."""

    value: str | None
    loc: Loc


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


def _convert(node: yaml.Node, where: str, report: Report, inside: frozenset[int] = frozenset()) -> YNode:
    loc = Loc(where, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        plain = node.style is None
        return YScalar(None if plain and node.value in _NULLS else node.value, loc)
    if id(node) in inside:
        report.error(loc, "ett alias (*namn) pekar på listan eller tabellen det står i")
        return YScalar(None, loc)
    inside = inside | {id(node)}
    if isinstance(node, yaml.SequenceNode):
        return YList(tuple(_convert(item, where, report, inside) for item in node.value), loc)
    entries: dict[str, YNode] = {}
    keys: dict[str, Loc] = {}
    for key_node, value_node in node.value:
        key_loc = Loc(where, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key_node, yaml.ScalarNode):
            report.error(key_loc, "en nyckel måste vara ett ord, inte en lista eller en tabell")
            continue
        key = key_node.value
        if key in entries:
            report.error(key_loc, f"nyckeln '{key}' finns redan på rad {keys[key].line}: "
                                  "ta bort den ena")
            continue
        entries[key] = _convert(value_node, where, report, inside)
        keys[key] = key_loc
    return YMap(entries, keys, loc)


def load_yaml(project: Project, path: Path, report: Report,
              named_at: Loc | None = None) -> YNode | None:
    """The YAML tree of a file, or None after reporting why it cannot be read."""
    text = read_text(project, path, report, named_at)
    if text is None:
        return None
    where = project.rel(path)
    try:
        node = yaml.compose(text, Loader=_ComposeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Loc(where, mark.line + 1, mark.column + 1) if mark else Loc(where)
        message = _swedish_yaml_message(str(exc.problem or exc.context))
        if exc.context_mark and mark and exc.context_mark.line != mark.line:
            message += f" (det som inte går ihop börjar på rad {exc.context_mark.line + 1})"
        report.error(loc, message)
        return None
    except yaml.YAMLError as exc:
        report.error(Loc(where), _swedish_yaml_message(str(exc)))
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
        elif (isinstance(current, yaml.ScalarNode) and current.style is None and current.value
              and current.end_mark.line < len(lines)):
            rest = lines[current.end_mark.line][current.end_mark.column:]
            if _CUT.match(rest):
                comment = rest.strip()
                report.warning(Loc(where, current.end_mark.line + 1, current.end_mark.column + 1),
                               f"texten slutar vid '#': '{current.value}' visas, men "
                               f"'{comment}' räknas som en kommentar och visas inte; hör det "
                               "till texten: sätt texten inom citattecken "
                               f"(\"{current.value} {comment}\")")
