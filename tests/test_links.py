"""Links the documents stage adds: web addresses in running text, and goal numbers in the
activity table described with the goal's name, in every format."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest

from handlingsplan import model as m
from handlingsplan.documents.weblinks import split_addresses

from .helpers import BASENAME


@pytest.mark.parametrize("text, links", [
    ("Utveckla och förvalta www.halsingland.se", [("https://www.halsingland.se", "www.halsingland.se")]),
    ("Migrera www.halsingeradet.se till Sitevision.", [("https://www.halsingeradet.se", "www.halsingeradet.se")]),
    ("Se https://example.org/a?b=1.", [("https://example.org/a?b=1", "https://example.org/a?b=1")]),
    ("(läs på halsingland.se/Inflyttarportalen)", [("https://halsingland.se/Inflyttarportalen",
                                                    "halsingland.se/Inflyttarportalen")]),
    ("t.ex. 4.2.1 och info@halsingland.se", []),
])
def test_web_addresses_become_links(text: str, links: list[tuple[str, str]]) -> None:
    parts = split_addresses(text)
    assert "".join(m.plain_text((p,)) for p in parts) == text
    assert [(p.href, m.plain_text(p.children)) for p in parts if isinstance(p, m.Link)] == links


def test_addresses_and_goal_links_in_every_format(built: Path) -> None:
    html = (built / f"{BASENAME}.html").read_text(encoding="utf-8")
    assert '<a href="https://www.halsingland.se">www.halsingland.se</a>' in html
    label = "Delmål 4.2.1 Varumärket Hälsingland"
    assert re.search(rf'<a class="token" href="#[^"]+" title="{label}" aria-label="{label}">4\.2\.1<',
                     html)
    with pikepdf.open(built / f"{BASENAME}.pdf") as pdf:
        annotations = [a for p in pdf.pages for a in p.obj.get("/Annots", ())]
        contents = {str(a.get("/Contents", "")) for a in annotations}
        uris = {str(a.A.URI) for a in annotations if "/A" in a and "/URI" in a.A}
    assert label in contents and "4.2.1" not in contents
    assert {"https://www.halsingland.se", "https://www.halsingeradet.se"} <= uris
    with zipfile.ZipFile(built / f"{BASENAME}.docx") as docx:
        body = docx.read("word/document.xml").decode()
        rels = docx.read("word/_rels/document.xml.rels").decode()
    assert f'w:tooltip="{label}"' in body
    assert 'Target="https://www.halsingland.se"' in rels
