"""Hardening: nothing an editor (or anyone with write access to content/) writes may hang
the build, exhaust its memory, crash it or lose text. Each class of problem has its
example and generated variants; every content problem is exit 1 with a Swedish file:line
message, a bad environment is exit 2, and exit 3 never happens for content."""

from __future__ import annotations

import io
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from handlingsplan.diagnostics import ContentError
from handlingsplan.documents.typography import typeset
from handlingsplan.sources import load_content, load_sources
from handlingsplan.sources import limits
from handlingsplan.sources.markdown import _heading_attrs, _only_comments
from handlingsplan.writers.html import hyphenate_names

from .helpers import ROOT, build, make_project

C = "content/2025"
A, P, I, B = f"{C}/aktiviteter.yaml", f"{C}/plan.yaml", f"{C}/inledning.md", "templates/brand.yaml"
HOLE = "Under ett sammanträde"   # first paragraph of inledning.md (line 3)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("hardening"))


@pytest.fixture
def edit(project: Path) -> Iterator:
    """edit(rel, old, new): change a file of the shared project for one test."""
    saved: dict[Path, bytes] = {}

    def change(rel: str, old: str, new: str | bytes) -> None:
        path = project / rel
        if path not in saved:
            saved[path] = path.read_bytes() if path.exists() else b""
        if isinstance(new, bytes):
            path.write_bytes(new)
            return
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert old == "" or old in text, f"case no longer applies: {old!r}"
        path.write_text(text.replace(old, new, 1) if old else new, encoding="utf-8")

    yield change
    for path, data in saved.items():
        path.write_bytes(data)


def outcome(project: Path, *, sources: bool = False) -> tuple[int, list[str]]:
    """Run the sources stage in-process: (0, warnings) or (1, problems); anything else is
    a failure of the test (exit 2 or 3 for content)."""
    started = time.process_time()
    try:
        if sources:
            result = load_sources(project, 2025)
            problems = result.report.problems
        else:
            _, report, _ = load_content(project, 2025)
            problems = report.problems
        code = 0
    except ContentError as exc:
        code, problems = 1, exc.report.problems
    assert time.process_time() - started < 5
    return code, [str(p) for p in problems]


def refused(project: Path, place: str, needle: str, *, sources: bool = False) -> None:
    code, problems = outcome(project, sources=sources)
    assert code == 1, problems
    assert any(p.startswith(place) and needle in p for p in problems), (place, needle, problems)


def line_of(project: Path, rel: str, needle: str) -> int:
    text = (project / rel).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


# ---- hangs and memory: YAML aliases and nesting --------------------------------------------

def _laughs(levels: int, width: int, mapping: bool) -> str:
    lines = ["l0: &l0 " + ("{a: x, b: x}" if mapping else "[x, x]")]
    for level in range(1, levels):
        items = ", ".join(f"*l{level - 1}" for _ in range(width))
        lines.append(f"l{level}: &l{level} [{items}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_in_plan_yaml_is_refused_at_the_alias(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(P, "titel:", _laughs(7, 10, False) + "titel:")
    refused(project, f"{P}:2:", "aliaset *l0 pekar på en lista eller tabell")


@pytest.mark.parametrize("levels,width,mapping,rel", [
    (2, 2, True, P), (3, 50, False, P), (9, 9, True, A), (4, 1000, False, A)])
def test_alias_bombs_of_every_shape_are_refused(project: Path, edit, levels, width, mapping, rel) -> None:  # type: ignore[no-untyped-def]
    anchor = "aktiviteter:" if rel == A else "titel:"
    edit(rel, anchor, _laughs(levels, width, mapping) + anchor)
    refused(project, f"{rel}:", "pekar på en lista eller tabell")


@pytest.mark.parametrize("text,needle", [
    ("x: &a [1, *a]\n", "pekar på en lista eller tabell"),
    ("x: &s " + "y" * 20_000 + "\nz: [" + "*s, " * 100 + "]\n", "upprepar mer text"),
    ("x: " + "[" * 5000 + "\n", "flera än 20 nivåer"),
    ("x:\n" + "".join("  " * i + "- a:\n" for i in range(40)), "flera än 20 nivåer"),
    ("x: *okand\n", "okänt alias (*okand)"),
])
def test_recursive_expanding_and_deep_yaml_is_refused(project: Path, edit, text, needle) -> None:  # type: ignore[no-untyped-def]
    edit(P, "titel:", text + "titel:")
    refused(project, f"{P}:", needle)


def test_an_alias_to_a_short_scalar_still_works(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(P, "organisation: Hälsingerådet", "organisation: &org Hälsingerådet")
    edit(P, "beslutande_organ: Hälsingerådets styrelse", "beslutande_organ: *org")
    assert outcome(project)[0] == 0


# ---- hangs: every regular expression on editor text is linear -------------------------------

MB = 1_000_000
ADVERSARIAL_LINES = {
    "comments": "<!-- a -->" * (MB // 10) + "x",
    "spaces-before-brace": " " * MB + "x{",
    "digit-groups": "1 000 " * (MB // 6),
    "dashes": "a" + " -" * (MB // 2),
    "times": "9.00-15.30-" * (MB // 11),
    "day-ranges": "1-2 maj " * (MB // 8),
    "word-chars": "a" * MB,
    "attribute-blocks": "x" + " {-}" * (MB // 4),
    "unclosed-blocks": "x" + "{}}" * (MB // 3),
}


@pytest.mark.parametrize("name", ADVERSARIAL_LINES)
def test_a_megabyte_adversarial_line_is_scanned_in_linear_time(name: str) -> None:
    text = ADVERSARIAL_LINES[name]
    for scan in (_only_comments, _heading_attrs, typeset, limits.long_word, limits.invalid_char,
                 limits.markdown_cost, lambda t: hyphenate_names(t, ("Häl-singe-rådet", "Hu-dik-svall"))):
        started = time.process_time()
        scan(text)
        assert time.process_time() - started < 2.0, scan


def test_comment_and_heading_scanners_keep_their_meaning() -> None:
    assert _only_comments("<!-- a --> <!-- b -->\n") and _only_comments("  <!---->")
    assert not _only_comments("<!-- a --> x") and not _only_comments("<!-- a")
    assert _heading_attrs("Mål {#varumarket}  ") == ("Mål", "#varumarket")
    assert _heading_attrs("Rubrik   {-}") == ("Rubrik", "-")
    assert _heading_attrs("a {b} c") is None and _heading_attrs("a {b}}") is None
    assert _heading_attrs("Mål {-} {#varumarket}") == ("Mål", "- #varumarket")
    assert _heading_attrs("Mål{#a}{-} ") == ("Mål", "#a -")
    assert _heading_attrs("a {b} c {-}") == ("a {b} c", "-")


def test_thirty_two_comments_and_150000_spaces_in_a_chapter(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(I, HOLE, "<!-- a -->" * 32 + "x\n\n" + HOLE)
    edit(I, "# Inledning", "# Inledning" + " " * 150_000 + "x")
    refused(project, f"{I}:3:", "HTML stöds inte")


ADVERSARIAL_FILES = {
    I: ["# Inledning\n\n" + "![" * (MB // 2), "# Inledning\n\n" + "- a\n" * (MB // 4),
        "# Inledning" + " " * MB + "x", "# Inledning\n\n" + ("Hälsingerådet samverkar. " * 4 + "\n") * 10_000],
    A: ["rubrik: x\naktiviteter: " + "[" * MB, "a: &a x\nb: [" + "*a, " * (MB // 5) + "]\n"],
}


@pytest.mark.parametrize("rel,index", [(rel, i) for rel, texts in ADVERSARIAL_FILES.items()
                                       for i in range(len(texts))])
def test_check_of_a_megabyte_file_finishes_in_two_seconds(project: Path, edit, rel: str, index: int) -> None:  # type: ignore[no-untyped-def]
    """`python build.py --check`, a fresh interpreter included, on any 1 MB input file."""
    text = ADVERSARIAL_FILES[rel][index][:MB]
    edit(rel, "", text)
    # The child's CPU time is what the build costs; wall time also counts other processes
    # on a busy machine, so it only gets a looser bound (nothing hangs).
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(project), "--check"],
                            capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "internt fel" not in result.stderr
    assert cpu < 2.0, f"{cpu:.2f} s of CPU"
    assert elapsed < 30.0, f"{elapsed:.2f} s (a hang guard; the CPU bound above is the real one)"


# ---- hangs and lost text: Markdown nesting, long words --------------------------------------

@pytest.mark.parametrize("depth", [4, 5, 8, 12, 25, 60])
def test_lists_deeper_than_the_writers_render_are_an_error(project: Path, edit, depth: int) -> None:  # type: ignore[no-untyped-def]
    nested = "".join("  " * i + f"- nivå{i}\n" for i in range(depth))
    edit(I, HOLE, nested + "\nText efteråt\n\n" + HOLE)
    refused(project, f"{I}:", "nivåer")


@pytest.mark.parametrize("markup", ["*", "**", "_", "[", "*[", "> ", "- > "])
def test_two_thousand_nested_markers_are_an_error_not_a_crash(project: Path, edit, markup: str) -> None:  # type: ignore[no-untyped-def]
    edit(I, HOLE, markup * 2000 + "x" + markup[::-1].replace("[", "](https://x.se)") * 2000 + "\n\n" + HOLE)
    code, problems = outcome(project)
    assert code == 1 and all(p.startswith(f"{C}/") for p in problems), problems


LONG = "a" * 101


@pytest.mark.parametrize("rel,old,new", [
    (I, HOLE, f"Text {LONG} mer.\n\n" + HOLE),
    (I, HOLE, f"Se [{LONG}](https://example.org/).\n\n" + HOLE),
    (I, HOLE, f"Ett *{LONG[:50]}**{LONG[50:]}**.\n\n" + HOLE),
    (I, HOLE, f"- punkt {LONG}\n\n" + HOLE),
    (I, HOLE, f"Term\n: {LONG}\n\n" + HOLE),
    (I, "# Inledning", f"# Inledning {LONG}"),
    (A, "    ansvarig: Linda Beigler\n", f"    ansvarig: {LONG}\n"),
    (A, "rubrik: Utvecklingskontorets", f"rubrik: {LONG} Utvecklingskontorets"),
    (P, "titel: Hälsingerådets handlingsplan", f"titel: {LONG}"),
])
def test_a_word_longer_than_100_characters_is_an_error_at_its_line(project: Path, edit, rel, old, new) -> None:  # type: ignore[no-untyped-def]
    edit(rel, old, new)
    needle = LONG[:20] if rel == I else (new.split(": ", 1)[1].split()[0][:20] if ": " in new else LONG)
    refused(project, f"{rel}:{line_of(project, rel, needle)}:", "tecken långt (högst 100)")


def test_a_long_link_address_is_not_a_word(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(I, HOLE, f"Se [rapporten](https://example.org/{'a' * 300}).\n\n" + HOLE)
    assert outcome(project)[0] == 0


# ---- internal errors: characters XML cannot hold --------------------------------------------

ESCAPES = ["\\x01", "\\0", "\\ud800", "\\uFFFE", "\\uFFFF", "\\x0c", "\\x1f", "\\x7f", "\\x85", "\\x9f"]


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("rel,old,template", [
    (P, "titel: Hälsingerådets handlingsplan", 'titel: "Hälsinge{e}rådet"'),
    (A, "    ansvarig: Linda Beigler\n", '    ansvarig: "Linda{e}"\n'),
    (A, "    mål: [varumarket]\n", '    mål: ["varu{e}marke"]\n'),
    (A, "    status:\n", '    "sta{e}tus": x\n'),
])
def test_yaml_escapes_for_forbidden_characters_are_refused_at_their_line(
        project: Path, edit, escape: str, rel: str, old: str, template: str) -> None:  # type: ignore[no-untyped-def]
    new = template.format(e=escape)
    edit(rel, old, new)
    code, problems = outcome(project)
    assert code == 1
    line = line_of(project, rel, new.strip())
    assert any(p.startswith(f"{rel}:{line}:") and ("styrtecken" in p or "teckenkod" in p)
               for p in problems), problems


@pytest.mark.parametrize("entity", ["&#12;", "&#0;", "&#x1;", "&#xFFFE;", "&#x110000;", "&#55296;", "&#127;"])
def test_markdown_entities_for_forbidden_characters_are_refused(project: Path, edit, entity: str) -> None:  # type: ignore[no-untyped-def]
    edit(I, HOLE, f"Ett tecken {entity} här, och *{entity}*.\n\n" + HOLE)
    refused(project, f"{I}:3:", f"teckenkoden {entity}")


@pytest.mark.parametrize("rel", [P, A, I])
@pytest.mark.parametrize("char", ["\x85", "\x9f", "\x80", "\x7f", "\x0b"])
def test_raw_control_characters_are_refused_in_swedish_with_a_line(project: Path, edit, rel: str, char: str) -> None:  # type: ignore[no-untyped-def]
    old = {P: "år: 2025", A: "rubrik:", I: HOLE}[rel]
    edit(rel, old, f"{old}{char}")
    refused(project, f"{rel}:{line_of(project, rel, old)}:", f"styrtecken (U+{ord(char):04X})")


# ---- internal errors: dates ---------------------------------------------------------------

@pytest.mark.parametrize("rel,old,new", [
    (P, "status: förslag", "status: förslag\nbeslutsdatum: {v}"),
    (P, "status: förslag", "status: förslag\ndatum: {v}"),
    (A, "slutdatum: 2025-05-25", "slutdatum: {v}"),
])
@pytest.mark.parametrize("value", ["0000-01-01", "0000-H1", "0000", "0000-06", "senast 0000-10",
                                   "0000-01-01/0000-02-01", "1900-01-01", "9999-12-31", "2076-H2"])
def test_dates_outside_plausible_years_are_an_error_at_the_line(project: Path, edit, rel, old, new, value) -> None:  # type: ignore[no-untyped-def]
    edit(rel, old, new.format(v=value))
    code, problems = outcome(project)
    assert code == 1, problems
    plain_date = len(value) == 10 and value[4] == "-" and value[7] == "-"
    if rel == A or plain_date:
        assert any(f"{rel}:{line_of(project, rel, value)}:" in p for p in problems), problems


def test_a_date_fifty_years_away_is_still_a_date(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(P, "status: förslag", "status: förslag\nbeslutsdatum: 1975-01-01")
    assert outcome(project)[0] == 0


# ---- internal errors: pictures ------------------------------------------------------------

def _png(size: tuple[int, int], **info) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", size, (127, 29, 26)).save(out, format="PNG", **info)
    return out.getvalue()


def _jpeg(size: tuple[int, int], **info) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", size, (47, 111, 107)).save(out, format="JPEG", **info)
    return out.getvalue()


def _huge_png(width: int, height: int) -> bytes:
    """A valid PNG of width x height black pixels, written without holding the pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * width
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


BROKEN_PICTURES = {
    "truncated.png": lambda: _png((200, 100))[:-40],
    "header-only.png": lambda: _png((200, 100))[:33],
    "bad-crc.png": lambda: _png((200, 100))[:-5] + b"\x00\x00\x00\x00\x00",
    "broken.jpg": lambda: b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"x" * 200,
    "truncated.jpg": lambda: _jpeg((400, 300))[:300],
    "gif-named.png": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"GIF89a" * 10,
    "huge.png": lambda: _huge_png(12_000, 12_000),
}


@pytest.mark.parametrize("name", BROKEN_PICTURES)
def test_broken_or_oversized_pictures_are_an_error_at_the_markdown_line(project: Path, edit, name: str) -> None:  # type: ignore[no-untyped-def]
    edit(f"{C}/{name}", "", BROKEN_PICTURES[name]())
    edit(I, HOLE, f"![En bild]({name})\n\n" + HOLE)
    started = time.process_time()
    refused(project, f"{I}:3:", f"bilden '{name}'")
    assert time.process_time() - started < 2.0
    (project / C / name).unlink()


def test_a_huge_png_of_few_bytes_is_refused_before_it_is_decoded(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    data = _huge_png(12_000, 12_000)
    assert len(data) < 1_000_000
    edit(f"{C}/stor.png", "", data)
    edit(I, HOLE, "![Stor](stor.png)\n\n" + HOLE)
    import tracemalloc
    tracemalloc.start()
    try:
        refused(project, f"{I}:3:", "12000 × 12000 bildpunkter")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        (project / C / "stor.png").unlink()
    assert peak < 100_000_000


@pytest.mark.parametrize("where", ["{}", "- En punkt\n\n  {}", "1. En punkt\n   - Inre punkt\n\n     {}"],
                         ids=["paragraph", "list-item", "nested-list-item"])
@pytest.mark.parametrize("make,name", [(_png, "stor.png"), (_jpeg, "stor.jpg")])
def test_a_picture_larger_than_print_needs_is_scaled_down_deterministically(project: Path, edit, make, name, where) -> None:  # type: ignore[no-untyped-def]
    extra = {"pnginfo": _text_chunk()} if name.endswith(".png") else {"exif": _exif()}
    edit(f"{C}/{name}", "", make((4000, 2000), dpi=(72, 72), **extra))
    edit(I, HOLE, where.format(f"![Stor bild]({name})") + "\n\n" + HOLE)
    try:
        first = load_sources(project, 2025).project.files()[f"{C}/{name}"]
        second = load_sources(project, 2025).project.files()[f"{C}/{name}"]
    finally:
        (project / C / name).unlink()
    assert first == second
    with Image.open(io.BytesIO(first)) as picture:
        # A4 with 25 mm margins: 160 mm of text width at 300 dpi is 1890 pixels.
        assert picture.size == (1890, 945)
        assert picture.format == ("PNG" if name.endswith(".png") else "JPEG")
        assert "exif" not in picture.info and "Kamera" not in str(picture.info)
        natural_mm = 4000 / 72 * 25.4
        assert abs(picture.size[0] / picture.info["dpi"][0] * 25.4 - natural_mm) < natural_mm * 0.01


def test_a_small_picture_is_handed_on_unchanged(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    data = _png((300, 200))
    edit(f"{C}/liten.png", "", data)
    edit(I, HOLE, "![Liten bild](liten.png)\n\n" + HOLE)
    try:
        assert load_sources(project, 2025).project.files()[f"{C}/liten.png"] == data
    finally:
        (project / C / "liten.png").unlink()


def _text_chunk():  # type: ignore[no-untyped-def]
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "Kamera 3000")
    return info


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x0110] = "Kamera 3000"   # Model
    return exif.tobytes()


# ---- internal errors: the brand file ------------------------------------------------------

@pytest.mark.parametrize("old,new,needle", [
    ("[20, 14, 12]", "[a, b, c]", "positivt tal"),
    ("[20, 14, 12]", "[20, 0, 12]", "positivt tal"),
    ("[20, 14, 12]", "[20, .nan, 12]", "positivt tal"),
    ("[20, 14, 12]", "[20, -4, 12]", "positivt tal"),
    ("[20, 14, 12]", "[20, .inf, 1e400]", "positivt tal"),
    ("[20, 14, 12]", "[20, 14]", "tre storlekar"),
    ("size_pt: 10.5", "size_pt: 1e6", "högst 100 pt"),
    ("margin_top_mm: 25", "margin_top_mm: 250", "lämnar"),
    ("margin_inner_mm: 25", "margin_inner_mm: 190", "lämnar"),
    ("margin_outer_mm: 25", "margin_outer_mm: 1e300", "högst 500 mm"),
    ("width_mm: 60", "width_mm: 400", "bredare än texten"),
    ("regular: fonts/NotoSans-Regular.ttf", "regular: fonts/OFL.txt", "typsnittsfil"),
    ("png: logo.png", "png: fonts/OFL.txt", "logotypen"),
])
def test_bad_brand_values_are_an_error_at_the_brand_line(project: Path, edit, old: str, new: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    edit(B, old, new)
    refused(project, f"{B}:{line_of(project, B, new.split(':')[0])}:", needle, sources=True)


def test_a_truncated_font_is_an_error_at_the_brand_line(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    font = (project / "templates" / "fonts" / "NotoSans-Bold.ttf").read_bytes()
    edit("templates/fonts/trasig.ttf", "", font[: len(font) // 3])
    edit(B, "bold: fonts/NotoSans-Bold.ttf", "bold: fonts/trasig.ttf")
    refused(project, f"{B}:{line_of(project, B, 'bold:')}:", "typsnittsfil", sources=True)
    (project / "templates" / "fonts" / "trasig.ttf").unlink()


# ---- environment: SOURCE_DATE_EPOCH ---------------------------------------------------------

@pytest.mark.parametrize("value", ["99999999999999999999", "253402300800", "١٢٣٤", "abc", "-1", "1e9", "12 34"])
def test_a_bad_source_date_epoch_is_a_usage_error(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str], value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert build(project, "--year", "2025", "--format", "html") == 2
    err = capsys.readouterr().err
    assert err.startswith("fel: miljövariabeln SOURCE_DATE_EPOCH ska vara") and "Traceback" not in err


# ---- messages with a line: the resolver -------------------------------------------------------

@pytest.mark.parametrize("kind", ["chapter", "activities", "picture", "font", "long-name"])
def test_a_folder_or_impossible_name_is_reported_at_the_naming_line(project: Path, edit, kind: str) -> None:  # type: ignore[no-untyped-def]
    folder = project / C / "mapp.md"
    folder.mkdir(exist_ok=True)
    try:
        if kind == "chapter":
            edit(P, "  - vision.md", "  - mapp.md")
            refused(project, f"{P}:{line_of(project, P, 'mapp.md')}:", "är en mapp")
        elif kind == "activities":
            edit(P, "aktiviteter: aktiviteter.yaml", "aktiviteter: mapp.md")
            refused(project, f"{P}:{line_of(project, P, 'mapp.md')}:", "är en mapp")
        elif kind == "picture":
            (folder / "x.png").mkdir(exist_ok=True)
            edit(I, HOLE, "![Bild](mapp.md/x.png)\n\n" + HOLE)
            refused(project, f"{I}:3:", "är en mapp")
        elif kind == "font":
            (project / "templates" / "fonts" / "mapp.ttf").mkdir(exist_ok=True)
            edit(B, "italic: fonts/NotoSans-Italic.ttf", "italic: fonts/mapp.ttf")
            refused(project, f"{B}:{line_of(project, B, 'italic:')}:", "är en mapp", sources=True)
            (project / "templates" / "fonts" / "mapp.ttf").rmdir()
        else:
            edit(P, "  - vision.md", "  - " + "å" * 200 + ".md")
            refused(project, f"{P}:{line_of(project, P, 'ååå')}:", "namnet är för långt")
    finally:
        shutil.rmtree(folder)
