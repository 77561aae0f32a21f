"""Checking YAML trees against what each content file may hold, with messages in Swedish."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..diagnostics import Loc, Report
from .yaml_tree import YList, YMap, YNode, YScalar

_KIND_NAMES = {YScalar: "ett värde", YList: "en lista", YMap: "en tabell (nyckel: värde)"}


def describe(node: YNode) -> str:
    return _KIND_NAMES[type(node)]


def check_keys(mapping: YMap, allowed: Iterable[str], required: Iterable[str],
               report: Report, what: str) -> None:
    """Report unknown keys (with the nearest allowed one) and missing required keys."""
    allowed = list(allowed)
    for key, loc in mapping.keys.items():
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = (f", menade du '{close[0]}'?" if close
                    else f" (tillåtna: {', '.join(allowed)})")
            report.error(loc, f"okänd nyckel '{key}' i {what}{hint}")
    for key in required:
        if key not in mapping.entries:
            report.error(mapping.loc, f"{what} saknar '{key}:'")


def as_map(node: YNode | None, report: Report, what: str) -> YMap | None:
    if node is None:
        return None
    if not isinstance(node, YMap):
        report.error(node.loc, f"{what} ska vara en tabell med nycklar (nyckel: värde), "
                               f"inte {describe(node)}")
        return None
    return node


def text(mapping: YMap, key: str, report: Report, *, required: bool = True) -> str | None:
    """A non-empty string field; a list or table where text belongs is an error."""
    node = mapping.entries.get(key)
    if node is None:
        return None
    if not isinstance(node, YScalar):
        report.error(node.loc, f"'{key}' ska vara en text, inte {describe(node)}")
        return None
    value = (node.value or "").strip()
    if not value:
        if required:
            report.error(node.loc, f"'{key}' är tom: skriv en text")
        return None
    return " ".join(value.split())


def scalar(mapping: YMap, key: str, report: Report) -> YScalar | None:
    node = mapping.entries.get(key)
    if node is None:
        return None
    if not isinstance(node, YScalar):
        report.error(node.loc, f"'{key}' ska vara ett enda värde, inte {describe(node)}")
        return None
    return node


def text_list(mapping: YMap, key: str, report: Report) -> list[tuple[str, Loc]]:
    """A list of strings; a single string is taken as a list of one."""
    node = mapping.entries.get(key)
    if node is None:
        return []
    if isinstance(node, YScalar):
        return [(node.value.strip(), node.loc)] if node.value and node.value.strip() else []
    if isinstance(node, YMap):
        report.error(node.loc, f"'{key}' ska vara en lista, t.ex. [a, b], inte en tabell")
        return []
    items = []
    for item in node.items:
        if not isinstance(item, YScalar) or not (item.value or "").strip():
            report.error(item.loc, f"varje post i '{key}' ska vara en text")
            continue
        items.append((item.value.strip(), item.loc))
    return items
