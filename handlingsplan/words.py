"""Every word the outputs show around the content, in Swedish, in one place.

Editors' own text comes from content/; these are the labels the build adds (contents,
table headers and captions, the document block, due dates). A document in another
language would get another module of the same names. Messages to editors are Swedish too,
but they live beside the checks that raise them.
"""

from __future__ import annotations

import datetime as dt

LANG = "sv"

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")

CONTENTS = "Innehåll"
SKIP_TO_CONTENT = "Hoppa till innehållet"
TABLE = "Tabell"
FIGURE = "Figur"
FOOTNOTES = "Fotnoter"
FOOTNOTE_BACK = "Tillbaka till hänvisning {number}"
# A table's description (Word's alternative text): Markdown tables, the change report's.
TABLE_DESCRIPTION = ("{caption}: en rad per post med kolumnerna {columns}. "
                     "Första raden är rubrikrad.")
# Cross-references in running text: "avsnitt 4.2.1 Delmål …", "tabell 2", "figur 1".
REF_SECTION = "avsnitt {number} {title}"
REF_TABLE = "tabell {number}"
REF_FIGURE = "figur {number}"
PAGE = "Sida {page} ({pages})"
GOAL = "Delmål"
# A goal number's link in the activity table, as assistive technology announces it.
GOAL_LINK = "Delmål {number} {name}"  # "Delmål 4.2.1 Varumärket Hälsingland"

# The document block of the title page, in its order.
DOCUMENT_TYPE = "Dokumenttyp"
STATUS = "Status"
REGISTRATION_NUMBER = "Diarienummer"
DATE = "Datum"
DECIDED_BY = "Beslutande organ"
DECISION_DATE = "Beslutsdatum"
PARAGRAPH = "Paragraf"
OWNER = "Dokumentansvarig"
VALID_FOR = "Gäller för"
REPLACES = "Ersätter"
VERSION = "Version"
APPROVED_BY = "Fastställd"          # "Fastställd av Hälsingerådets styrelse 2025-02-14, § 12"
BY = "av"
# The running header of every page after the title page: "Handlingsplan · Dnr HR 2025/14 · 2025-12-01".
HEADER_SEPARATOR = " · "
HEADER_REGISTRATION = "Dnr {number}"

# The web page's links to the other formats and its date.
DOWNLOADS = {"pdf": "Ladda ned som PDF", "docx": "Ladda ned som Word (DOCX)"}
DOWNLOAD_SIZE = "{link} ({size})"                # "Ladda ned som PDF (412 kB)"
UPDATED = "Senast uppdaterad {date}"            # "Senast uppdaterad 1 december 2025"
KILOBYTES, MEGABYTES = "kB", "MB"

# The activity table.
ACTIVITY_COLUMNS = ("Aktivitet {year}", "Mål", "Ansvarig", "Slutdatum", "Status")
ACTIVITY_CAPTION = "Aktiviteter {year} med mål, ansvarig, slutdatum och status"
ACTIVITY_DESCRIPTION = ("Aktiviteter {year}: en rad per aktivitet med kolumnerna {columns}. "
                        "Första raden är rubrikrad.")
GOAL_NUMBERS = "avsnittsnummer i planen"
LATE = "Försenad"                    # an activity past its due date, not done or cancelled
# Under the activity list of a plan that marks late activities (markera_försenade, --per).
LATE_MARKED = ("Aktiviteter vars slutdatum har passerat den {date} utan att de är klara "
               "eller inställda är markerade ”{late}” i statuskolumnen.")
# A status's symbol before its word, so that it reads without colour (in black and white
# too); every symbol is in the brand font Noto Sans (tests/test_status_symbols.py).
STATUS_SYMBOLS = {
    "ej påbörjad": "\u25cc",   # ◌ dotted circle: nothing yet
    "pågår": "\u2023",         # ‣ triangular bullet: under way
    "klar": "\u2022",          # • bullet, filled: done
    "försenad": "!",
    "inställd": "\u00d7",      # × multiplication sign: struck out
}

# Due dates ("25 maj", "Första halvåret 2025").
ONGOING = "Löpande"
BY_MONTH = "Senast {month} {year}"
FIRST_HALF, SECOND_HALF = "Första halvåret {year}", "Andra halvåret {year}"


def long_date(day: dt.date) -> str:
    """"25 maj 2025" (no leading zero, lower-case month)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def join_and(items: list[str]) -> str:
    """"a, b och c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


# The follow-up report (documents/followup.py).
FOLLOWUP_TITLE = "Uppföljning av {title}"            # "Uppföljning av Hälsingerådets handlingsplan"
FOLLOWUP_CATEGORY = "Uppföljning"
FOLLOWUP_FILE = "uppfoljning"                          # in the file name: …-2025-uppfoljning-2025-06-30
AS_OF = "Läge"
AS_OF_VALUE = "per den {date}"                         # "per den 30 juni 2025"
FOLLOWED_PLAN = "Handlingsplan"
PLAN_STATUS_VALUE = "{plan}, {status}"                 # "Hälsingerådets handlingsplan 2025, förslag"
SUMMARY = "Sammanfattning"
SUMMARY_INTRO = ("Läget per den {date} för de {count} aktiviteterna i {plan}. "
                 "En aktivitet vars slutdatum har passerat och som inte är klar eller inställd "
                 "räknas som försenad.")
SUMMARY_GOAL = "Mål"
SUMMARY_ALL = "Alla aktiviteter"
SUMMARY_TOTAL = "Totalt"
SUMMARY_CAPTION = "Antal aktiviteter per status, totalt och per mål, per den {date}"
SUMMARY_DESCRIPTION = ("Antal aktiviteter per status per den {date}: första raden gäller alla "
                       "aktiviteter, de följande raderna ett mål var (en aktivitet med flera mål "
                       "räknas under vart och ett). Kolumnerna är {columns}.")
NO_STATUS = "Ingen status"
CHART_CAPTION = "Diagram: antal aktiviteter per status per den {date} (samma siffror som i tabellen)"
CHART_DESCRIPTION = "Stapeldiagram över antal aktiviteter per status per den {date}: {values}."
LATE_HEADING = "Försenade aktiviteter"
LATE_INTRO = ("Aktiviteter vars slutdatum (eller nya slutdatum) har passerat per den {date} "
              "och som inte är klara eller inställda, och aktiviteter med status försenad.")
NO_LATE = "Inga aktiviteter är försenade per den {date}."
LATE_COLUMNS = ("Aktivitet", "Ansvarig", "Slutdatum", "Nytt slutdatum", "Kommentar")
LATE_CAPTION = "Försenade aktiviteter per den {date}"
# The description of the late and per-goal tables: "Försenade aktiviteter per den …: en rad …".
ACTIVITY_ROWS_DESCRIPTION = ("{caption}: en rad per aktivitet med kolumnerna {columns}. "
                             "Första raden är rubrikrad.")
BY_GOAL_HEADING = "Aktiviteter per mål"
BY_GOAL_INTRO = "Alla aktiviteter i planen, ordnade efter mål, med status per den {date}."
GOAL_COLUMNS = ("Aktivitet", "Slutdatum", "Status", "Kommentar")
GOAL_CAPTION = "Aktiviteter för {goal}"

# The change report (documents/compare.py) and the plan with tracked changes.
INSERTED_LABEL = "infogat:"                            # hidden before <ins> text, read aloud
DELETED_LABEL = "borttaget:"
COMPARE_TITLE = "Ändringar i {title}"                  # "Ändringar i Hälsingerådets handlingsplan"
COMPARE_CATEGORY = "Ändringsrapport"
COMPARE_FILE = "andringar-mot"                         # …-2026-andringar-mot-2025
TRACKED_FILE = "sparade-andringar-mot"                 # …-2026-sparade-andringar-mot-2025.docx
COMPARED_WITH = "Jämfört med"
COMPARED_PLAN = "Planen"
OLD_VERSION_YEAR = "planen {year}"
NO_CHANGES = "Inga ändringar: {new} och {old} har samma innehåll."
SUMMARY_COMPARE_INTRO = ("Vad som har ändrats i {new} jämfört med {old}. Tillagd text är "
                         "understruken och märkt ”infogat”, borttagen text genomstruken och "
                         "märkt ”borttaget”.")
COUNT_NEW_ACTIVITIES = "{n} nya aktiviteter"
COUNT_NEW_ACTIVITY = "1 ny aktivitet"
COUNT_REMOVED = "{n} borttagna"
COUNT_REMOVED_ONE = "1 borttagen"
COUNT_CHANGED = "{n} ändrade"
COUNT_CHANGED_ONE = "1 ändrad"
ACTIVITIES_REORDERED = "aktiviteterna står i en ny ordning"
COUNT_REMOVED_ACTIVITIES = "{n} borttagna aktiviteter"     # a link's description
COUNT_REMOVED_ACTIVITY = "1 borttagen aktivitet"
COUNT_CHANGED_ACTIVITIES = "{n} ändrade aktiviteter"
COUNT_CHANGED_ACTIVITY = "1 ändrad aktivitet"
CHAPTER = "kapitel {number}"
SECTION = "avsnitt {number}"
CHAPTER_NEW = "kapitel {number} nytt ({title})"
CHAPTER_NEW_UNNUMBERED = "nytt kapitel: {title}"
CHAPTER_REMOVED = "kapitlet {title} borttaget"
SECTION_NEW = "avsnitt {number} nytt ({title})"
SECTION_NEW_UNNUMBERED = "nytt avsnitt: {title}"
SECTION_REMOVED = "avsnittet {title} borttaget"
SECTION_MOVED = "{what} flyttat"                        # "avsnitt 4.2 flyttat"
HEADING_RENAMED = "{what} har ny rubrik: {old} → {new}"
HEADING_RENAMED_UNNUMBERED = "ny rubrik: {old} → {new}"
PARAGRAPHS_CHANGED = "{n} stycken ändrade i {where}"    # "… i kapitel 4"
PARAGRAPH_CHANGED_ONE = "1 stycke ändrat i {where}"
NUMBER_REMOVED = "rubriken {title} har inte längre numret {number}"   # marked {-}
NUMBER_ADDED = "rubriken {title} har fått numret {number}"
RENUMBERED = "{what} har nytt nummer"                  # "kapitel 4–5 har nytt nummer"
RENUMBERED_CHAPTERS = "kapitel {numbers}"
RENUMBERED_SECTIONS = "avsnitt {numbers}"
ACTIVITIES_HEADING = "Ändrade aktiviteter"
NEW_ACTIVITIES = "Nya aktiviteter"
REMOVED_ACTIVITIES = "Borttagna aktiviteter"
CHANGED_ACTIVITIES = "Ändringar i aktiviteter"
ACTIVITY_MATCHING = ("Aktiviteterna paras ihop med sitt id när båda versionerna har ett, "
                     "annars med den mest lika texten (minst {percent} procent lika).")
NEW_COLUMNS = ("Aktivitet", "Mål", "Ansvarig", "Slutdatum", "Status")
NEW_CAPTION = "Nya aktiviteter"
REMOVED_CAPTION = "Borttagna aktiviteter"
CHANGED_COLUMNS = ("Aktivitet", "Uppgift", "Före", "Efter")
CHANGED_CAPTION = "Ändrade uppgifter i aktiviteter, före och efter"
FIELD_LABELS = {"text": "Aktivitet", "goals": "Mål", "responsible": "Ansvarig",
                "due": "Slutdatum", "new_due": "Nytt slutdatum", "status": "Status",
                "comment": "Kommentar"}
EMPTY_VALUE = "–"
STRUCTURE_HEADING = "Kapitel och avsnitt"
TEXT_HEADING = "Ändrad text"
METADATA_HEADING = "Ändrade dokumentuppgifter"
METADATA_CAPTION = "Ändrade dokumentuppgifter på titelsidan, före och efter"
METADATA_COLUMNS = ("Uppgift", "Före", "Efter")
METADATA_CHANGED = "{n} dokumentuppgifter ändrade"
METADATA_CHANGED_ONE = "1 dokumentuppgift ändrad"
TITLE_LABEL = "Titel"
COLUMNS_UNIT = "Kolumner: {labels}"                   # a table's header row, compared
PICTURE_REPLACED = "bilden är utbytt"                 # the same alt text, another picture
PICTURE_UNIT = "Bild: {alt}"                          # a picture's alt text, compared
CHANGED_PARAGRAPH = "Ändrat:"
NEW_PARAGRAPH = "Nytt:"
REMOVED_PARAGRAPH = "Borttaget:"
CHANGED_NOTE = "Ändrad fotnot:"
NEW_NOTE = "Ny fotnot:"
REMOVED_NOTE = "Borttagen fotnot:"
MOVED_PARAGRAPH = "Flyttat:"                          # the same text, another place
MOVED_NOTE = "Flyttad fotnot:"
MOVED_FROM = "Flyttat hit från {where}:"              # "… från avsnitt 4.2" (new number)
MOVED_NOTE_FROM = "Fotnot flyttad hit från {where}:"
