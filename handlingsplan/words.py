"""Every word the outputs show around the content, in Swedish, in one place.

Editors' own text comes from content/; these are the labels the build adds (contents,
table headers and captions, the document block, due dates). A document in another
language would get another module of the same names. Messages to editors are Swedish too,
but they live beside the checks that raise them.
"""

from __future__ import annotations

LANG = "sv"

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")

CONTENTS = "Innehåll"
SKIP_TO_CONTENT = "Hoppa till innehållet"
TABLE = "Tabell"
FIGURE = "Figur"
FOOTNOTES = "Fotnoter"
FOOTNOTE_BACK = "Tillbaka till hänvisning {number}"
TABLE_DESCRIPTION = ("{caption}: en rad per post med kolumnerna {columns}. "
                     "Första raden är rubrikrad.")
# Cross-references in running text: "avsnitt 4.2.1 Delmål …", "tabell 2", "figur 1".
REF_SECTION = "avsnitt {number} {title}"
REF_TABLE = "tabell {number}"
REF_FIGURE = "figur {number}"
PAGE = "Sida {page} ({pages})"
GOAL = "Delmål"
PLAN_CATEGORY = "Handlingsplan"

# The document block of the title page.
STATUS = "Status"
DECIDED_BY = "Beslutande organ"
DECISION_DATE = "Beslutsdatum"
PARAGRAPH = "Paragraf"
REGISTRATION_NUMBER = "Diarienummer"
VERSION = "Version"
APPROVED_BY = "Fastställd"          # "Fastställd av Hälsingerådets styrelse 2025-02-14, § 12"
BY = "av"

# The activity table.
ACTIVITY_COLUMNS = ("Aktivitet {year}", "Mål", "Ansvarig", "Slutdatum", "Status")
ACTIVITY_CAPTION = "Aktiviteter {year} med mål, ansvarig, slutdatum och status"
ACTIVITY_DESCRIPTION = ("Aktiviteter {year}: en rad per aktivitet med kolumnerna {columns}. "
                        "Första raden är rubrikrad.")
GOAL_NUMBERS = "avsnittsnummer i planen"

# Due dates ("25 maj", "Första halvåret 2025").
ONGOING = "Löpande"
BY_MONTH = "Senast {month} {year}"
FIRST_HALF, SECOND_HALF = "Första halvåret {year}", "Andra halvåret {year}"


def join_and(items: list[str]) -> str:
    """"a, b och c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]
