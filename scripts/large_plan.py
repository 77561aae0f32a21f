"""Generate a large, realistic plan for benchmarking: `python scripts/large_plan.py DEST`.

Writes a complete project-shaped tree (DEST/content/<year>/ and a copy of templates/) that
follows docs/content-format.md: plan.yaml, one Markdown file per chapter with ## and ###
headings (some unnumbered, some goals with {#key}), `::: delmål` goal statements, bullet,
numbered and definition lists, emphasis and links; and aktiviteter.yaml whose activities
refer to the goals with every `slutdatum` form and status. The text is generated from a fixed
seed, so the same arguments always give byte-identical files.

The result passes `python build.py --root DEST --year <year> --check` without warnings:
every goal has at least one activity and every due date lies in the plan's year.
"""

from __future__ import annotations

import argparse
import calendar
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 2025

# (chapter title, goal subjects). Chapters without goal subjects are descriptive only.
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Inledning", ()),
    ("Syfte och uppdrag", ()),
    ("Hälsingerådets vision", ()),
    ("Varumärket Hälsingland", ("Varumärket Hälsingland", "Gemensam grafisk profil",
                                "Ambassadörsnätverket")),
    ("Kompetensförsörjning", ("Kompetensförsörjning", "Inflyttning och mottagande",
                              "Unga vuxnas framtidsval")),
    ("Infrastruktur och kommunikationer", ("Ostkustbanan", "Riksväg 83 och 84",
                                           "Kollektivtrafik i landsbygden")),
    ("Digitalisering", ("Digital infrastruktur", "Gemensamma e-tjänster",
                        "Digitalt slutarkiv")),
    ("Besöksnäring", ("Besöksnäringens samordning", "Hälsingegårdarna som besöksmål")),
    ("Näringsliv och företagande", ("Nyföretagande", "Företagsklimat",
                                    "Etableringar och investeringar")),
    ("Utbildning och livslångt lärande", ("Vuxenutbildning", "Högre utbildning på distans")),
    ("Vård, omsorg och folkhälsa", ("Nära vård", "Folkhälsa i hela Hälsingland")),
    ("Klimat och energi", ("Energiomställning", "Klimatanpassning", "Hållbara transporter")),
    ("Kultur och kulturarv", ("Världsarvet Hälsingegårdar", "Kulturliv och föreningar")),
    ("Landsbygdsutveckling", ("Service på landsbygden", "Lokal utveckling")),
    ("Bostäder och samhällsplanering", ("Bostadsförsörjning", "Gemensam översiktsplanering")),
    ("Integration och inkludering", ("Etablering av nyanlända", "Språk och arbete")),
    ("Krisberedskap och civilt försvar", ("Civil beredskap", "Gemensam krisledning")),
    ("Gemensamma inköp och upphandling", ("Samordnad upphandling", "Lönehantering")),
    ("Påverkansarbete", ("Regionalt påverkansarbete", "Nationellt påverkansarbete",
                         "Externa medel och EU-program")),
    ("Organisation och uppföljning", ()),
)

MUNICIPALITIES = ("Bollnäs", "Hudiksvall", "Ljusdal", "Nordanstig", "Ovanåker", "Söderhamn")
PEOPLE = ("Linda Beigler", "Karin Flordal", "Anders Hedlund", "Maria Söderström",
          "Erik Lindqvist", "Sofia Åkerman", "Johan Norberg", "Eva Hammar", "Per Ström",
          "Anna-Karin Olsson", "Mikael Ek", "Helena Björk")
ROLES = ("Kommuncheferna", "Näringslivscheferna", "Kommunikationscheferna",
         "Utvecklingskontoret", "Sammankallande kommunchef", "Beredningsgruppen",
         "Skolcheferna", "Säkerhetssamordnarna", "Upphandlingsenheten")
LINKS = (("halsingland.se", "https://www.halsingland.se"),
         ("Region Gävleborg", "https://www.regiongavleborg.se"),
         ("Tillväxtverket", "https://tillvaxtverket.se"),
         ("Hälsingegårdar", "https://www.halsingegardar.se"),
         ("Trafikverket", "https://www.trafikverket.se"))

SUBJECTS = ("De sex kommunerna", "Hälsingerådet", "Utvecklingskontoret", "Kommuncheferna",
            "Styrelsen", "Kommunerna i Hälsingland", "Arbetsgruppen",
            "Näringslivet tillsammans med kommunerna", "Beredningsgruppen")
VERBS = ("samordnar", "utvecklar", "följer upp", "stärker", "driver", "förankrar",
         "kartlägger", "prioriterar", "synliggör", "tar fram underlag om", "fördjupar",
         "samverkar kring")
QUALIFIERS = ("på lång och kort sikt", "i hela Hälsingland", "tillsammans med näringslivet",
              "utifrån kommunernas verkliga behov", "med gemensamma resurser",
              "i dialog med Region Gävleborg", "inom ramen för befintliga budgetar",
              "med tydlig uppföljning", "både regionalt och nationellt",
              "för de 130 000 hälsingar som bor i länet")
REASONS = ("Det ökar effektiviteten och sänker kostnaderna.",
           "En gemensam röst från Hälsingland väger tyngre än var och en för sig.",
           "Samverkan kan ske i olika organisationsformer där avtalssamverkan är huvudspåret.",
           "Utgångspunkten är ökad effektivitet och högre kvalitet för samtliga kommuner.",
           "Arbetet utgår från kommunernas, företagens och medborgarnas behov.",
           "Resultaten redovisas för styrelsen två gånger per år.",
           "Erfarenheterna från tidigare år visar att samordning ger större genomslag.",
           "Beslut fattas i konsensus och alla medlemskommuner har lika stort inflytande.")
ACTION_VERBS = ("Samordna", "Planera och genomföra", "Ta fram", "Utveckla och förvalta",
                "Kartlägga", "Följa upp", "Delta i", "Ansöka om medel för", "Genomföra",
                "Utreda förutsättningarna för", "Sammanställa", "Initiera")
ACTION_OBJECTS = ("en gemensam handlingsplan för", "ett nätverk kring", "en förstudie om",
                  "en informationsinsats om", "en workshop om", "gemensamma riktlinjer för",
                  "en lägesbild av", "en kommunikationsplan för", "ett seminarium om",
                  "en ansökan till EU-program om", "en uppföljning av", "ett pilotprojekt om")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
STATUSES = ("", "", "", "ej påbörjad", "pågår", "pågår", "klar", "försenad", "inställd")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def lower(text: str) -> str:
    """The subject inside a sentence: first letter small, proper names left alone."""
    if text.startswith(("Hälsing", "Ostkust", "Världsarv", "EU")):
        return text
    return text[:1].lower() + text[1:]


def _yaml_text(text: str) -> str:
    """A YAML scalar for the text: plain when that is safe, double-quoted otherwise."""
    if (re.search(r":(\s|$)|\s#|[\[\]{},&*!|>'\"%@`]", text) or text != text.strip()
            or text[:1] in "-?:"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


class _Writer:
    def __init__(self, rng: random.Random, year: int):
        self.rng = rng
        self.year = year

    def sentence(self, topic: str) -> str:
        r = self.rng
        form = r.randrange(6)
        if form == 0:
            return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} arbetet med {lower(topic)} {r.choice(QUALIFIERS)}."
        if form == 1:
            share = r.randrange(5, 95, 5)
            return (f"Enligt den senaste uppföljningen anser {share} % av de tillfrågade att "
                    f"{lower(topic)} är en av de viktigaste frågorna för {r.choice(MUNICIPALITIES)}.")
        if form == 2:
            a, b = r.sample(MUNICIPALITIES, 2)
            return (f"I {a} och {b} har arbetet med {lower(topic)} redan gett resultat, "
                    f"och erfarenheterna ska spridas {r.choice(QUALIFIERS)}.")
        if form == 3:
            return r.choice(REASONS)
        if form == 4:
            start = r.randrange(1, 25)
            month = r.randrange(1, 13)
            return (f"Ett första avstämningsmöte hålls {start}-{start + 2} "
                    f"{MONTHS[month - 1]} där {r.choice(ROLES).lower()} "
                    f"redovisar läget för {lower(topic)}.")
        name, url = r.choice(LINKS)
        return (f"Mer information om {lower(topic)} finns hos [{name}]({url}), där även "
                f"\"{topic}\" beskrivs som ett *prioriterat* område.")

    def paragraph(self, topic: str, sentences: tuple[int, int] = (3, 5)) -> str:
        return " ".join(self.sentence(topic) for _ in range(self.rng.randint(*sentences)))

    def bullets(self, topic: str, ordered: bool = False) -> str:
        r = self.rng
        items = []
        for i in range(r.randint(3, 6)):
            item = (f"Att {r.choice(ACTION_VERBS).lower()} {r.choice(ACTION_OBJECTS)} "
                    f"{lower(topic)} {r.choice(QUALIFIERS)}")
            items.append(f"{i + 1}. {item}" if ordered else f"- {item}")
        return "\n".join(items)

    def goal_statement(self, subject: str) -> str:
        r = self.rng
        return (f"::: delmål\n{r.choice(ACTION_VERBS)} {r.choice(ACTION_OBJECTS)} "
                f"{lower(subject)} {r.choice(QUALIFIERS)}.\n:::")


def chapter_text(index: int, title: str, goals: list[tuple[str, str]], w: _Writer) -> str:
    """One chapter: title, introduction, sections; goals as ### headings with delmål blocks."""
    r = w.rng
    parts = [f"# {title}", w.paragraph(title), w.paragraph(title, (2, 4))]
    if index == 2:  # the vision chapter has the definition list of key terms
        for term in ("Tillsammans", "Livskraft", "Attraktion", "Framtidstro"):
            parts.append(f"{term}\n: {w.paragraph(lower(term), (1, 2))}")
    if goals:
        parts += [f"## Mål för {lower(title)}", w.paragraph(title)]
        for subject, key in goals:
            parts += [f"### Delmål {subject} {{#{key}}}", w.paragraph(subject)]
            if r.random() < 0.5:
                parts += [f"Prioriterade insatser inom {lower(subject)} är:",
                          w.bullets(subject)]
            parts.append(w.goal_statement(subject))
    sections = r.sample(("Bakgrund", "Nuläge", "Arbetssätt", "Uppföljning", "Samverkan"), 2)
    for section in sections:
        parts += [f"## {section}", w.paragraph(title)]
        for place in r.sample(MUNICIPALITIES, r.randint(0, 2)):
            parts += [f"### Erfarenheter från {place}", w.paragraph(title, (2, 4))]
        if r.random() < 0.6:
            parts += ["Arbetet sker i följande steg:", w.bullets(title, ordered=r.random() < 0.5)]
    parts += ["## Principer för samverkan {-}", w.paragraph(title, (2, 4))]
    if index % 4 == 0:
        parts.append("<!-- Kommentar: avsnittet ses över inför nästa års plan. -->")
    return "\n\n".join(parts) + "\n"


def due_date(rng: random.Random, year: int) -> str:
    """Every slutdatum form of docs/content-format.md, all inside the plan's year."""
    form = rng.randrange(10)
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    if form <= 2:
        return "löpande"
    if form == 3:
        return f"{year}-{month:02d}-{day:02d}"
    if form == 4:
        first = rng.randint(1, calendar.monthrange(year, month)[1] - 3)
        return f"{year}-{month:02d}-{first:02d}/{year}-{month:02d}-{first + rng.randint(1, 3):02d}"
    if form == 5:
        return f"{year}-{month:02d}"
    if form == 6:
        return f"{year}-H{rng.randint(1, 2)}"
    if form == 7:
        return str(year)
    if form == 8:
        return f"senast {year}-{month:02d}"
    end_month = rng.randint(month, 12)
    return (f"{year}-{month:02d}-01/{year}-{end_month:02d}-"
            f"{calendar.monthrange(year, end_month)[1]:02d}") if end_month > month else f"{year}-{month:02d}"


def activities_yaml(goals: list[tuple[str, str]], count: int, year: int, rng: random.Random) -> str:
    lines = [f"rubrik: Utvecklingskontorets Aktivitetslista {year}",
             f"ingress: För att uppfylla Hälsingerådets långsiktiga mål har följande aktiviteter "
             f"fastställts att genomföras under {year}.",
             "aktiviteter:"]
    for i in range(count):
        subject, key = goals[i % len(goals)]  # every goal gets activities
        keys = [key]
        if rng.random() < 0.3:
            other = rng.choice(goals)[1]
            if other != key:
                keys.append(other)
        text = f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)} {lower(subject)}"
        if rng.random() < 0.4:
            text += f" i {rng.choice(MUNICIPALITIES)}"
        if rng.random() < 0.2:
            text += f" {rng.choice(QUALIFIERS)}"
        who = rng.choice(PEOPLE)
        if rng.random() < 0.3:
            who = f"{rng.choice(ROLES)}/{who}"
        elif rng.random() < 0.2:
            who = f"{who} och {rng.choice(PEOPLE)}"
        status = rng.choice(STATUSES)
        lines += [f"  - aktivitet: {_yaml_text(text)}",
                  f"    mål: [{', '.join(keys)}]",
                  f"    ansvarig: {_yaml_text(who)}",
                  f"    slutdatum: {due_date(rng, year)}",
                  f"    status: {status}".rstrip()]
    return "\n".join(lines) + "\n"


def write_large_plan(dest_root: Path, chapters: int = 20, activities: int = 400,
                     year: int = 2025, seed: int = SEED, templates_from: Path | None = None) -> Path:
    """Write DEST/content/<year>/ and DEST/templates/ (a copy of templates_from, by default
    the repository's templates/); return the content folder."""
    dest_root = Path(dest_root)
    rng = random.Random(seed)
    folder = dest_root / "content" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    themes = [THEMES[i % len(THEMES)] for i in range(chapters)]
    files: list[str] = []
    all_goals: list[tuple[str, str]] = []
    used: set[str] = set()
    writer = _Writer(rng, year)
    for index, (title, subjects) in enumerate(themes):
        if index >= len(THEMES):
            title = f"{title} ({index // len(THEMES) + 1})"
        goals = []
        for subject in subjects:
            key = slug(subject)
            n = 2
            while key in used:
                key, n = f"{slug(subject)}-{n}", n + 1
            used.add(key)
            goals.append((subject, key))
        name = f"{index + 1:02d}-{slug(title)}.md"
        (folder / name).write_text(chapter_text(index, title, goals, writer), encoding="utf-8")
        files.append(name)
        all_goals += goals
    if not all_goals:
        raise ValueError("a plan with activities needs at least one chapter with goals (chapters >= 4)")
    plan = [
        "titel: Hälsingerådets handlingsplan",
        f"år: {year}",
        "organisation: Hälsingerådet",
        "ämne: Handlingsplan för Hälsingerådets samverkan och Utvecklingskontorets aktiviteter",
        "nyckelord: [Hälsingerådet, Hälsingland, handlingsplan]",
        "status: förslag",
        "beslutande_organ: Hälsingerådets styrelse",
        f"diarienummer: HR {year}/{rng.randint(10, 99)}",
        'version: "0.9"',
        f"datum: {year}-01-15",
        "kapitel:",
        *(f"  - {name}" for name in files),
        "aktiviteter: aktiviteter.yaml",
    ]
    (folder / "plan.yaml").write_text("\n".join(plan) + "\n", encoding="utf-8")
    (folder / "aktiviteter.yaml").write_text(
        activities_yaml(all_goals, activities, year, rng), encoding="utf-8")
    templates = dest_root / "templates"
    if templates.exists():
        shutil.rmtree(templates)
    shutil.copytree(templates_from or REPO / "templates", templates)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="project folder to create (content/ and templates/)")
    parser.add_argument("--chapters", type=int, default=20)
    parser.add_argument("--activities", type=int, default=400)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    folder = write_large_plan(args.dest, args.chapters, args.activities, args.year, args.seed)
    print(f"Wrote {folder} ({args.chapters} chapters, {args.activities} activities); "
          f"build with: python build.py --root {args.dest} --year {args.year}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
