"""Writers: one per output format, each a function from a Document and the assets to bytes.

    render(document: model.Document, assets: Assets) -> Rendered

A writer never opens, stages or renames a file: what it needs from the project (fonts,
logo, pictures, templates) is in `assets.files`, by project-relative path, and what it
makes is returned as `Rendered.files` (file name -> bytes) for outputs.py to publish.
`WRITERS` is the one table of formats, as Pandoc lists its formats in one table; each
writer module is imported only when its format is built, so `--format html` never pays for
importing WeasyPrint.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .. import model as m
from ..diagnostics import UsageError
from ..sources.brand import Brand


@dataclass(frozen=True)
class Assets:
    """The brand and the bytes of every file the sources stage read, by project path."""

    brand: Brand
    files: Mapping[str, bytes]

    def text(self, key: str) -> str:
        return self.files[key].decode("utf-8")


@dataclass(frozen=True)
class Rendered:
    """What a writer made: files by name, the page count where it knows one, and the
    messages of its engine (warnings the build shows to the editor)."""

    files: Mapping[str, bytes]
    pages: int | None = None
    messages: tuple[str, ...] = field(default=())


Writer = Callable[[m.Document, Assets], Rendered]


@dataclass(frozen=True)
class Format:
    name: str          # "pdf": what --format names, and the file suffix
    module: str        # the writer's module, relative to this package
    label: str         # what the build calls it in messages


WRITERS: tuple[Format, ...] = (
    Format("pdf", ".pdf", "PDF"),
    Format("docx", ".docx", "Word"),
    Format("html", ".html", "HTML"),
)
FORMATS = tuple(f.name for f in WRITERS)


def writer(name: str) -> Writer:
    """The render function of a format, its module imported now."""
    spec = next(f for f in WRITERS if f.name == name)
    try:
        module = importlib.import_module(spec.module, __package__)
    except ImportError as exc:
        raise UsageError(f"programvara saknas ({exc.name}): installera med 'make build' "
                         "eller 'pip install -e .'") from exc
    except OSError as exc:   # WeasyPrint without Pango (e.g. Windows without MSYS2)
        raise UsageError(f"{spec.label} kan inte byggas: ett systembibliotek saknas ({exc}). "
                         "Se README (Windows: Pango via MSYS2), eller bygg utan PDF med "
                         "--format docx,html") from exc
    return module.render
