"""Swedish typography applied by the renderer, so editors can type plain text.

Quotation marks ”…”, apostrophes ’, non-breaking spaces in grouped numbers ("130 000"),
before "%", after "§" and between a day and its month, en dashes held by word joiners in number ranges
("25–27 september" never breaks at the dash), and en dashes between words (" - " -> " – ").
"""

from __future__ import annotations

import re

from ..words import MONTHS

NBSP = "\u00a0"
WJ = "\u2060"  # word joiner: keeps "25–27" together at the dash
_MONTH = "|".join(MONTHS)

_MAX_PASSES = 4

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r'"'), "”"),
    (re.compile(r"(?<=\w)'(?=\w)"), "’"),
    (re.compile(r"'"), "’"),
    (re.compile(r"(?<![\d,.])(\d{1,3})[ \u202f\u2009](?=\d{3}(?!\d))"), r"\1" + NBSP),
    (re.compile(r"(?<=\d)[ \u202f]?%"), NBSP + "%"),
    (re.compile(r"§ ?(?=\d)"), "§" + NBSP),
    (re.compile(rf"\b(\d{{1,2}})[-–](\d{{1,2}})[ ](?=(?:{_MONTH})\b)"), rf"\1{WJ}–{WJ}\2" + NBSP),
    (re.compile(rf"\b(\d{{1,2}})[ ](?=(?:{_MONTH})\b)"), r"\1" + NBSP),
    (re.compile(r"\b((?:19|20)\d\d)[-–]((?:19|20)\d\d)\b(?!-)"), rf"\1{WJ}–{WJ}\2"),
    (re.compile(r"\b(\d{1,2}\.\d\d)[-–](\d{1,2}\.\d\d)\b"), rf"\1{WJ}–{WJ}\2"),
    (re.compile(r"(?<=\S) - (?=\S)"), " – "),
)


def typeset(text: str) -> str:
    """The text with Swedish typographic conventions applied."""
    for pattern, replacement in _RULES:
        # A rule needs a second pass where matches overlap ("a - - b", "9.00-12.00-15.00"):
        # each converges in at most two passes that change anything; the cap keeps the work
        # linear in the text whatever an editor types.
        for _ in range(_MAX_PASSES):
            previous, text = text, pattern.sub(replacement, text)
            if text == previous:
                break
    return text
