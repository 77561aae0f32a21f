"""A small synthetic project for tests that must not depend on the 2025 content: another
year, another title, other chapter files and goal keys, and an activity table longer than
a PDF page. Everything is written from this module, deterministically (no randomness), so
a test that counts headings, rows or pages derives its expectations from the loaded model.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PICTURE = ROOT / "tests" / "fixtures" / "markdown" / "karta.png"

YEAR = 2031
TITLE = "Hälsingerådets handlingsplan för besöksnäring"
PICTURE_ALT = "Karta över Hälsinglands sex kommuner och de viktigaste besöksmålen"

PLAN_YAML = """\
titel: {title}
år: {year}
organisation: Hälsingerådet
ämne: Gemensam handlingsplan för besöksnäring, digital service och ungas framtid i Hälsingland
nyckelord: [besöksnäring, turism, Hälsingland, unga]
status: utkast
beslutande_organ: Hälsingerådets styrelse
diarienummer: HR {year}/017
version: "0.3"
datum: {year}-01-20
kapitel:
  - bakgrund.md
  - omraden.md
  - begrepp.md
  - uppfoljning.md
aktiviteter: aktiviteter.yaml
"""

BAKGRUND = """\
# Bakgrund och uppdrag

Besöksnäringen är en av de snabbast växande näringarna i Hälsingland. Under {year} vill de sex kommunerna samordna sitt arbete för att fler besökare ska hitta till landskapet året runt, och för att fler unga ska se en framtid här.

Handlingsplanen har tagits fram av Hälsingerådets Utvecklingskontor tillsammans med kommunernas turistchefer. Mer om samarbetet finns på [Hälsinglands webbplats](https://www.halsingland.se).

## Uppdraget

Styrelsen gav i uppdrag att ta fram en gemensam plan som:

- samlar kommunernas insatser för besöksnäringen i en lista
- gör det tydligt vem som ansvarar för varje aktivitet
- går att följa upp varje kvartal

![{alt}](karta.png)

## Läsanvisning {{-}}

Kapitel 2 beskriver de strategiska områdena och delmålen. Kapitel 3 förklarar de begrepp som används och kapitel 4 hur arbetet följs upp. Sist finns aktivitetslistan, där varje aktivitet hänvisar till ett delmål.
"""

OMRADEN = """\
# Strategiska områden

Planen har tre delmål inom två områden. Varje aktivitet i aktivitetslistan hänvisar till minst ett av dem.

## Besöksnäring och turism

Hälsingland tar i dag emot omkring 1 200 000 gästnätter per år. Målet är att öka antalet med 15 % till slutet av {year}, framför allt under vår och höst.

### Delmål Fler besökare året runt {{#turism}}

Säsongen i Hälsingland är kort. Genom gemensamma paket, evenemang och marknadsföring kan företagen få besökare även utanför sommaren.

::: delmål
Öka antalet gästnätter utanför högsäsong genom samordnade erbjudanden och evenemang.
:::

### Delmål Digital tillgänglighet {{#digitalisering}}

Besökare planerar sin resa på nätet. Information om öppettider, kollektivtrafik och bokning ska vara lätt att hitta och fungera för alla.

::: delmål
Göra information om besöksmål och service i Hälsingland tillgänglig digitalt för alla besökare.
:::

## Unga i Hälsingland

Många unga flyttar från Hälsingland för att studera. Besöksnäringen kan erbjuda feriejobb, praktik och en första anställning.

### Delmål Unga väljer Hälsingland {{#ungdomar}}

Arbetet sker tillsammans med skolorna, arbetsförmedlingen och företagen:

1. kartlägga vilka jobb som finns för unga under sommaren
2. samla erbjudandena på ett ställe
3. följa upp hur många som fått jobb

::: delmål
Fler unga ska få sitt första jobb inom besöksnäringen i Hälsingland.
:::
"""

BEGREPP = """\
# Begrepp

Några ord används på ett särskilt sätt i planen.

Gästnatt
: en natt som en besökare övernattar på hotell, vandrarhem, camping eller i stuga.

Högsäsong
: veckorna från midsommar till mitten av augusti.

Värdskap
: hur besökaren blir bemött av företag, kommuner och invånare.
"""

UPPFOLJNING = """\
# Uppföljning och rapportering

## Rapporter till styrelsen

Utvecklingskontoret rapporterar till styrelsen fyra gånger per år.

### Kvartalsrapport

Kvartalsrapporten visar status för varje aktivitet. En aktivitet som är försenad ska ha en kommentar om orsaken.

### Årsrapport

Årsrapporten sammanfattar året och föreslår vad som ska ingå i nästa plan.

## Ändringar i planen {{-}}

Aktiviteter kan läggas till under året. En ändring beslutas av beredningsgruppen och redovisas i nästa kvartalsrapport.
"""

ACTIVITY_HEAD = """\
rubrik: Aktivitetslista för besöksnäringen {year}
ingress: Aktiviteterna nedan genomförs under {year} av kommunerna tillsammans med Utvecklingskontoret.
aktiviteter:
"""

MUNICIPALITIES = ("Bollnäs", "Hudiksvall", "Ljusdal", "Nordanstig", "Ovanåker", "Söderhamn")

# (activity text with {kommun}, goal keys, responsible)
TASKS = (
    ("Genomföra en värdskapsutbildning för besöksnäringens företag i {kommun}",
     ("turism",), "Turistchefen i {kommun}"),
    ("Ta fram ett höstpaket med boende och aktiviteter i {kommun}",
     ("turism",), "Destinationsutvecklare i {kommun}"),
    ("Uppdatera informationen om besöksmål i {kommun} på halsingland.se",
     ("digitalisering",), "Webbredaktör, Utvecklingskontoret"),
    ("Inventera laddplatser och kollektivtrafik till besöksmålen i {kommun}",
     ("digitalisering", "turism"), "Samhällsplanerare i {kommun}"),
    ("Ordna en mässa om feriejobb inom besöksnäringen i {kommun}",
     ("ungdomar",), "Arbetsmarknadsenheten i {kommun}"),
    ("Erbjuda praktikplatser på hotell och restauranger i {kommun}",
     ("ungdomar", "turism"), "Näringslivskontoret i {kommun}"),
    ("Samordna vinterns evenemangskalender för {kommun}",
     ("turism",), "Evenemangssamordnare i {kommun}"),
    ("Testa bokningstjänsten för besöksmål i {kommun} med användare",
     ("digitalisering",), "Digitaliseringsstrateg i {kommun}"),
    ("Bjuda in gymnasieelever i {kommun} till studiebesök hos turistföretag",
     ("ungdomar",), "Studie- och yrkesvägledare i {kommun}"),
    ("Följa upp antalet gästnätter i {kommun} per kvartal",
     ("turism", "digitalisering"), "Analytiker, Utvecklingskontoret"),
    ("Översätta besöksinformationen om {kommun} till engelska och tyska",
     ("digitalisering",), "Turistbyrån i {kommun}"),
    ("Starta ett nätverk för unga företagare inom turism i {kommun}",
     ("ungdomar",), "Företagsrådgivare i {kommun}"),
)

STATUSES = ("", "ej påbörjad", "pågår", "klar", "försenad", "inställd")


def due_dates(year: int) -> tuple[str, ...]:
    """One of every due-date form, some more than once (with other dates)."""
    return (f"{year}-05-25", f"{year}-09-25/{year}-09-27", f"{year}-06", f"{year}-H1",
            f"{year}-H2", str(year), f"senast {year}-10", "löpande",
            f"{year}-03-14", f"{year}-11-02/{year}-11-06", f"{year}-08")


def activities_yaml(year: int) -> str:
    dues = due_dates(year)
    lines = [ACTIVITY_HEAD.format(year=year)]
    number = 0
    for task, goals, responsible in TASKS:
        for kommun in MUNICIPALITIES:
            status = STATUSES[(number // 2) % len(STATUSES)]
            lines.append(
                f"  - aktivitet: {task.format(kommun=kommun)}\n"
                f"    mål: [{', '.join(goals)}]\n"
                f"    ansvarig: {responsible.format(kommun=kommun)}\n"
                f"    slutdatum: {dues[number % len(dues)]}\n"
                f"    status:{' ' + status if status else ''}\n")
            number += 1
    return "".join(lines)


def write_synthetic_project(dest: Path, year: int = YEAR) -> Path:
    """A complete project in dest (templates from the repository, content/<year>/ written
    here); returns dest."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "templates", dest / "templates", symlinks=True)
    folder = dest / "content" / str(year)
    folder.mkdir(parents=True)
    files = {
        "plan.yaml": PLAN_YAML.format(title=TITLE, year=year),
        "bakgrund.md": BAKGRUND.format(year=year, alt=PICTURE_ALT),
        "omraden.md": OMRADEN.format(year=year),
        "begrepp.md": BEGREPP,
        "uppfoljning.md": UPPFOLJNING.format(),
        "aktiviteter.yaml": activities_yaml(year),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copyfile(PICTURE, folder / "karta.png")
    return dest
