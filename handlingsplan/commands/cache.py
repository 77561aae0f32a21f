"""The input-hash cache: an unchanged rebuild publishes the bytes of the last build.

The key is a SHA-256 of everything that decides the bytes: the document itself (its repr:
the plan, or the follow-up report of its day, as the documents stage made it from the
content), every file the resolver read (Project.files(): chapters, plan, activities,
brand, fonts, logo, pictures, templates, hyphenations), the code of the handlingsplan
package (every file in it), the versions of Python and of the libraries the writers use,
SOURCE_DATE_EPOCH and the formats. The Rendered results are stored pickled under
output/.cache/ by outputs.py. `HANDLINGSPLAN_NO_CACHE=1` turns the cache off (the
benchmark's cold builds); see enabled().

Beside them, FONTS lists the SHA-256 of the font files that passed the brand's font check
(sources.brand), so that a build in a fresh process does not parse the same four fonts
with fontTools again (≈ 0.2 s of every build); a font with other bytes is checked. And
output/.cache/built-from-<year> records which sources each published file was made from, so that a build of only
some formats can say when the files it carries over (the PDF the web page links to) are
older than the sources.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import platform
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import model as m
from ..outputs import cache_read, cache_write
from ..sources import Sources, load_sources
from ..sources.brand import font_digest
from ..writers import Rendered

ENV = "HANDLINGSPLAN_NO_CACHE"
LIBRARIES = ("weasyprint", "pydyf", "python-docx", "jinja2", "markupsafe", "fonttools",
             "pyphen", "pillow", "markdown-it-py", "mdit-py-plugins", "pyyaml", "lxml",
             "tinycss2", "cssselect2", "tinyhtml5")
PACKAGE = Path(__file__).resolve().parent.parent
FONTS = "verified-fonts"


def enabled() -> bool:
    """Off with HANDLINGSPLAN_NO_CACHE=1, on with =0; unset, on except under pytest (tests
    monkeypatch writers and expect them to run; tests/test_cache.py turns it on)."""
    choice = os.environ.get(ENV, "").strip()
    if choice in ("0", "1"):
        return choice == "0"
    return "PYTEST_CURRENT_TEST" not in os.environ


@functools.lru_cache(maxsize=1)
def _environment() -> bytes:
    """The code of the package and the versions it runs with."""
    digest = hashlib.sha256(platform.python_version().encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"\0{name}={version}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\0{path.relative_to(PACKAGE).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.digest()


def _sources_digest(document: m.Document, files: Mapping[str, bytes]) -> Any:
    digest = hashlib.sha256(_environment())
    digest.update(repr(document).encode("utf-8", "surrogatepass"))
    for name in sorted(files):
        digest.update(f"\0{name}\0{len(files[name])}\0".encode("utf-8", "surrogatepass"))
        digest.update(files[name])
    digest.update(f"\0SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    return digest


def key(document: m.Document, files: Mapping[str, bytes], formats: list[str]) -> str:
    digest = _sources_digest(document, files)
    digest.update(f"\0formats={','.join(formats)}".encode())
    return digest.hexdigest()


def _built_name(out_dir: Path) -> str:
    return f"built-from-{out_dir.name}"


def sources_key(document: m.Document, files: Mapping[str, bytes]) -> str:
    """What a published file is made from (for outdated and record_built): key without
    the formats; "" when the cache is off (nothing is recorded or compared then)."""
    return _sources_digest(document, files).hexdigest() if enabled() else ""


def outdated(root: Path, out_dir: Path, made_from: str, names: list[str]) -> list[str]:
    """Those of `names` (files of the live set of out_dir a build carries over) that an
    earlier build made from other sources than `made_from` (sources_key; the record is
    built-from-<year>); none when that is unknown (the cache off, no record)."""
    if not made_from or not names or (data := cache_read(root, _built_name(out_dir))) is None:
        return []
    try:
        built = json.loads(data)
    except ValueError:
        return []
    return [n for n in names if isinstance(built, dict) and built.get(n, made_from) != made_from]


def record_built(root: Path, out_dir: Path, made_from: str, names: list[str]) -> None:
    """Note that `names` were just published from `made_from` (sources_key)."""
    if not made_from:
        return
    built: dict[str, str] = {}
    if (data := cache_read(root, _built_name(out_dir))) is not None:
        try:
            loaded = json.loads(data)
            built = {k: v for k, v in loaded.items() if isinstance(v, str)} \
                if isinstance(loaded, dict) else {}
        except ValueError:
            pass
    built.update({name: made_from for name in names})
    cache_write(root, _built_name(out_dir), json.dumps(built, sort_keys=True).encode())


def rendered(root: Path, document: m.Document, files: Mapping[str, bytes], formats: list[str],
             render: Callable[[], dict[str, Rendered]]) -> dict[str, Rendered]:
    """The cached results for these inputs, else render() (stored for the next build)."""
    if not enabled():
        return render()
    name = key(document, files, formats)
    data = cache_read(root, name)
    if data is not None:
        try:
            cached = pickle.loads(data)
            if isinstance(cached, dict) and list(cached) == formats:
                return {fmt: Rendered(dict(files_), pages, tuple(messages))
                        for fmt, (files_, pages, messages) in cached.items()}
        except Exception:  # noqa: BLE001 - a damaged entry is rendered again
            pass
    results = render()
    cache_write(root, name, pickle.dumps(
        {fmt: (dict(r.files), r.pages, tuple(r.messages)) for fmt, r in results.items()}))
    return results


def sources(root: Path, year: int | None) -> Sources:
    """load_sources, without checking again the fonts an earlier build checked (FONTS);
    this build's fonts are remembered for the next."""
    known: frozenset[str] = frozenset()
    if enabled() and (data := cache_read(root, FONTS)) is not None:
        known = frozenset(data.decode("ascii", "replace").split())
    loaded = load_sources(root, year, known)
    if enabled():
        files, font = loaded.project.files(), loaded.brand.font
        used = {font_digest(files[k]) for k in (font.regular, font.bold, font.italic,
                                                 font.bold_italic) if k in files}
        if used != known:
            cache_write(root, FONTS, "\n".join(sorted(used)).encode("ascii"))
    return loaded
