"""The 2025 sources reproduce the seed word for word (apart from the documented repairs).

Independent of the writers: the seed text itself is compared with what the sources say,
through the model, so a word lost or changed in content/2025 fails here.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from handlingsplan.sources import load_content

from .helpers import ROOT, header_cells, row_texts, expected_blocks, expected_table, plain_cells

SEED = ROOT / "tests" / "fixtures" / "seed-handlingsplan-2025.txt"  # copy of the source document
SHARED_SEED = ROOT.parent / "shared" / "seed" / "handlingsplan-2025.txt"

# Repairs of extraction artefacts, as listed in the seed's README and noted in content/.
REPAIRS = (
    ("föreningenäven", "föreningen även"),
    ("kommunikations - \nchefernas", "kommunikationschefernas"),
    ("kommunikations- \nchef/ \n", "kommunikationschef/"),
    ("Varumärkes-skydda", "Varumärkesskydda"),
    ("marknadsförings-\naktiviteter", "marknadsföringsaktiviteter"),
    ("Inflyttar- \n", "Inflyttarportalen\n"),  # the cell continues on the next page:
    ("\nportalen \n", "\n"),
    ("http://www.halsingland.se/\n", ""),
)
NUMBER = re.compile(r"^\d+(\.\d+)*,?$")
PUNCTUATION = {"•", "-", "–"}


def words(text: str) -> list[str]:
    out = []
    for token in text.split():
        token = token.strip('"”“')
        if token and token not in PUNCTUATION and not NUMBER.match(token):
            out.append(token)
    return out


def seed_parts() -> tuple[str, str]:
    text = SEED.read_text(encoding="utf-8")
    for wrong, right in REPAIRS:
        assert wrong in text, f"repair no longer applies: {wrong!r}"
        text = text.replace(wrong, right)
    prose, table = text.split("\nAktivitet 2025 ")
    return prose, table


def expected_parts() -> tuple[list[str], list[str]]:
    blocks = expected_blocks()
    split = blocks.index("Aktivitet 2025")
    return blocks[:split], blocks[split:]


def test_seed_copy_is_the_source_document() -> None:
    if not SHARED_SEED.is_file():
        pytest.skip("../shared/seed is not next to this checkout; the committed copy is used")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_prose_matches_seed_word_for_word() -> None:
    prose, _ = seed_parts()
    expected, _ = expected_parts()
    expected_words = words(" ".join(re.sub(r"^\d+(\.\d+)* ", "", b) for b in expected))
    assert expected_words == words(prose)


def test_table_has_the_seeds_words() -> None:
    _, table = seed_parts()
    rows = expected_table()
    cells = " ".join(" ".join(row) for row in rows)
    assert Counter(words(cells)) == Counter(words("Aktivitet 2025 " + table))


def test_expected_text_is_what_the_sources_say() -> None:
    plan, _ = load_content(ROOT, 2025)[:2]
    table = [header_cells(plan)] + row_texts(plan)
    assert plain_cells(table) == expected_table()
