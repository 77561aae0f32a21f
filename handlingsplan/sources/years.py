"""Stale years: the year before the plan's year where the plan's own text names it.

A plan started from last year's (`--nytt-ar`) keeps the chapters as they were, so "under
2025" or "Aktivitetslista 2025" may stay in the 2026 plan. Every build warns at the line of
each such mention, in what the plan shows: chapter text and headings, and the titles and
texts of plan.yaml and the activity list (commands never change a year in running text).

The rule, for a plan of year Y: a mention is stale when it is

- the year Y-1 on its own ("under 2025", "Aktivitetslista 2025", "2025:s budget");
- a date or month in Y-1 ("2025-05-25", "2025-06", "2025-H1");
- a period that ends in Y-1 ("2024–2025", "2024-2025").

A mention the editors confirm is not warned: a comment `<!-- årtalet stämmer -->` in the
same paragraph, heading or cell, or on the line just above it, in Markdown; a YAML comment
`# årtalet stämmer` after the value or on the line just above it ("årsredovisningarna för
2024" in a 2025 plan is a source, not a leftover).

Not stale: a period that reaches the plan's year ("2025–2027"); Y-1 after "sedan" or
"från och med" (up to three words between, none of them a year: "sedan hösten 2025"), a
start that still holds; years before Y-1 ("Under 2022 etablerades …"), which are history;
numbers that are part of something else: a key ({#mal-2025}), a web address or path
(…/2025/…), a law or case number ("2018:1937"), a decade ("2020-talet"), a longer number.
"""

from __future__ import annotations

import re

from ..diagnostics import Loc, Report

_MENTION = re.compile(
    r"(?<![\w#/.,:\-–])"                                   # not inside a key, path or number
    r"(?P<first>\d{4})"
    r"(?:(?P<date>-\d{2}(?:-\d{2})?|-[Hh][12])|\s?[–-]\s?(?P<last>\d{4}))?"
    r"(?![\w\-–]|:\d)")
_STILL_HOLDS = re.compile(r"(?:\b(?:(?:allt)?sedan|från\s+och\s+med)|\bfr\.\s?o\.\s?m\.)\s+"
                          r"(?:(?!\d{4}\b)\S+\s+){0,3}$", re.IGNORECASE)
CONFIRMED = "årtalet stämmer"     # in a comment next to a mention: the year is meant
_LOOK_BACK = 120   # characters before a mention searched for "sedan" (keeps the scan linear)


def confirmed_year(comment: str) -> bool:
    """Whether a comment says the years next to it are meant ("årtalet stämmer")."""
    return CONFIRMED in comment.lower()


def stale_mentions(text: str, year: int) -> list[tuple[int, str, str]]:
    """(offset in text, the mention as written, its kind: "år", "datum" or "period") of
    each stale mention of year - 1."""
    previous = year - 1
    found = []
    for match in _MENTION.finditer(text):
        first, last = int(match["first"]), match["last"]
        if last is not None:
            if int(last) == previous and first <= previous:
                found.append((match.start(), match[0], "period"))
        elif first == previous and not _STILL_HOLDS.search(
                text, max(0, match.start() - _LOOK_BACK), match.start()):
            found.append((match.start(), match[0], "datum" if match["date"] else "år"))
    return found


def _message(mention: str, kind: str, year: int) -> str:
    if kind == "period":
        return f"perioden {mention} slutade året före planens år {year}: gäller den fortfarande?"
    if kind == "datum":
        return f"{mention} ligger i året före planens år {year}: ska det vara ett datum {year}?"
    return f"årtalet {mention} är året före planens år {year}: ska det stå {year}?"


def _hint(path: str) -> str:
    where = ("skriv raden # årtalet stämmer ovanför" if path.endswith((".yaml", ".yml"))
             else "skriv <!-- årtalet stämmer --> sist i stycket")
    return f" (är årtalet rätt, t.ex. en källa eller något som har hänt: {where})"


def check_text(path: str, first_line: int, text: str, year: int, report: Report) -> None:
    """Warn at its line for each stale mention in `text`, which begins on `first_line` of
    the file at `path` (its lines separated by "\n")."""
    for offset, mention, kind in stale_mentions(text, year):
        line = first_line + text.count("\n", 0, offset)
        report.warning(Loc(path, line), _message(mention, kind, year) + _hint(path))
