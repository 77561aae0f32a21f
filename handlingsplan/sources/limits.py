"""Limits on what editors write, so that no content can hang the build, exhaust its memory,
crash a writer or be lost without a message. Every limit is checked in the sources stage and
reported in Swedish at the line; docs/content-format.md lists them for editors."""

from __future__ import annotations

import re

from ..diagnostics import Loc, Report

# A word (a run of characters without a space) longer than this cannot be set on a line:
# WeasyPrint spends seconds per thousand characters trying to break it. Link addresses are
# not words of the text and are exempt; link text is not.
MAX_WORD = 100

# Nesting: a YAML value deeper than this is not a plan; Markdown deeper than this is more
# than the writers render (and markdown-it silently drops structures deeper than its
# maxNesting, 20, so the check must stay below it).
MAX_YAML_DEPTH = 20
# Values (scalars, lists, tables, aliases) in one YAML file: a plan has a few hundred; the
# bound keeps reading any file of a megabyte well under a second.
MAX_YAML_NODES = 50_000
MAX_MARKDOWN_DEPTH = 16
MAX_LIST_DEPTH = 3        # the Word document has list styles for three levels

# Pictures: the header's width x height is checked before anything is decoded; a picture
# with more pixels than print needs at PRINT_DPI across the text area is scaled down.
MAX_IMAGE_PIXELS = 30_000_000
PRINT_DPI = 300

# markdown-it-py costs a few microseconds per markup character, and up to 80 for a "!["
# or a list item; the estimate (markdown_cost) refuses a chapter that would take longer
# than this to parse, before it is parsed.
MARKDOWN_BUDGET_US = 800_000

# Characters XML 1.0 does not allow (every output format is XML inside), plus the C1 and
# DEL controls: invisible, and nothing an editor means to publish.
_INVALID_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def invalid_char(text: str) -> str | None:
    """The first character of text that may not be published, or None."""
    match = _INVALID_CHAR.search(text)
    return match[0] if match else None


def char_message(char: str) -> str:
    return (f"osynligt styrtecken (U+{ord(char):04X}) i texten: ta bort det "
            "(det kommer ofta med vid kopiering)")


def long_word(text: str) -> str | None:
    """The first word of text longer than MAX_WORD characters, or None."""
    return next((word for word in text.split() if len(word) > MAX_WORD), None)


def word_message(word: str) -> str:
    return (f"ordet '{word[:40]}…' är {len(word)} tecken långt (högst {MAX_WORD}): dela det "
            "med mellanslag, eller gör en lång webbadress till en länk, [text](adress)")


def check_words(text: str, loc: Loc, report: Report) -> None:
    if (word := long_word(text)) is not None:
        report.error(loc, word_message(word))


_TERMINATORS = "!#$%&*+-:<=>@[\\]^_`{}~"


def markdown_cost(text: str) -> float:
    """An upper estimate, in microseconds, of markdown-it-py's time for text (measured on
    adversarial input: every markup character, and more for '[', emphasis and lines);
    str.count runs at C speed, so the estimate itself costs about 10 ms per megabyte."""
    count = text.count
    terminators = sum(count(char) for char in _TERMINATORS)
    return 4 * terminators + 75 * count("[") + 10 * (count("*") + count("_")) + 45 * count("\n")
