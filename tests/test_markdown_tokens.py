"""Every rule markdown-it runs (with the plugins markdown.py enables) produces nodes that
are either rendered or refused at their line: a new rule or plugin cannot silently drop an
editor's text, nor print its markup as text. A rule without a sample here fails the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.tree import SyntaxTreeNode

from handlingsplan.diagnostics import Report
from handlingsplan.sources import markdown

from .model_dump import dump_blocks
from .test_markdown import MARKDOWN, parse

# One sample per block and inline rule; each contains the word "Kvitto", which must reach
# the model unless the sample is refused.
SAMPLES = {
    # block rules
    "table": "| A | B |\n| --- | ---: |\n| Kvitto | 2 |\n",
    "code": "    Kvitto i ett indraget kodblock\n",
    "container_delmål": "## Avsnitt\n\n::: delmål\nKvitto\n:::\n",
    "container_okand": "::: varning\nKvitto\n:::\n",
    "math_block": "$$\nKvitto\n$$\n",
    "fence": "```\nKvitto\n```\n",
    "blockquote": "> Kvitto\n",
    "hr": "Kvitto\n\n***\n",
    "list": "- Kvitto\n- två\n",
    "footnote_def": "Text[^1].\n\n[^1]: Kvitto\n",
    "reference": "[länken][r]\n\n[r]: https://example.org/Kvitto\n",
    "html_block": "<div>\nKvitto\n</div>\n",
    "heading": "## Kvitto\n",
    "lheading": "Kvitto\n------\n",
    "deflist": "Kvitto\n: förklaring\n",
    "paragraph": "Kvitto\n",
    # inline rules
    "text": "Kvitto\n",
    "newline": "Kvitto  \nrad två\n",
    "math_inline": "$Kvitto$\n",
    "escape": "\\*Kvitto\\*\n",
    "backticks": "`Kvitto`\n",
    "strikethrough": "~~Kvitto~~\n",
    "emphasis": "*Kvitto* och **Kvitto**\n",
    "link": "[Kvitto](https://example.org)\n",
    "image": "![Kvitto](karta.png)\n",
    "footnote_ref": "Text[^a].\n\n[^a]: Kvitto\n",
    "autolink": "<https://example.org/Kvitto>\n",
    "html_inline": "Text <b>Kvitto</b>\n",
    "entity": "Kvitto &amp; co\n",
}


def test_every_rule_has_a_sample() -> None:
    active = markdown._MD.get_active_rules()
    assert set(active["block"]) | set(active["inline"]) == set(SAMPLES)


def node_types(text: str) -> set[str]:
    types = set()
    stack = [SyntaxTreeNode(markdown._MD.parse(text, {}))]
    while stack:
        node = stack.pop()
        types.add(node.type)
        stack.extend(node.children)
    return types


@pytest.mark.parametrize("rule", sorted(SAMPLES))
def test_sample_is_rendered_or_refused(rule: str, tmp_path: Path) -> None:
    text = "# Rubrik\n\n" + SAMPLES[rule]
    types = node_types(text)
    assert types <= markdown.RENDERED | markdown.REFUSED, types - markdown.RENDERED - markdown.REFUSED
    path = MARKDOWN / f"_{rule}.md"
    path.write_text(text, encoding="utf-8")
    try:
        report = Report()
        chapter = parse(path, report)
    finally:
        path.unlink()
    dump = "\n".join(dump_blocks(chapter.blocks))
    errors = list(report.errors)
    assert errors or "Kvitto" in dump, f"{rule}: neither rendered nor refused:\n{dump}"
    for problem in errors:
        assert problem.loc.line >= 3, f"{rule}: refused without its line: {problem}"


def test_node_types_are_rendered_or_refused_not_both() -> None:
    assert not markdown.RENDERED & markdown.REFUSED
