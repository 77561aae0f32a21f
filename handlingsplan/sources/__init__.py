"""Sources: what the build reads from the project, checked, with file:line for every problem.

`load_sources` is the whole stage: plan.yaml, the chapters and the activity list become
the content model (model.Plan); the brand file, its fonts and logo, the templates and the
list of name hyphenations become the assets. Every file comes through one resolver
(project.py); nothing after this stage reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import model as m
from ..diagnostics import ContentError, Loc, Report
from . import images
from .brand import Brand, load_brand
from .load import load_plan, open_project
from .names import load_name_hyphenation
from .project import Project

TEMPLATE_SUFFIX = ".j2"


@dataclass(frozen=True)
class Sources:
    plan: m.Plan
    report: Report               # warnings found while loading (errors raise ContentError)
    brand: Brand
    name_hyphenation: tuple[str, ...]
    project: Project


def load_content(root: Path, year: int | None) -> tuple[m.Plan, Report, Project]:
    """The plan's content only (for --check)."""
    project = open_project(root, year)
    plan, report = load_plan(project)
    return plan, report, project


def load_sources(root: Path, year: int | None,
                 verified_fonts: frozenset[str] = frozenset()) -> Sources:
    """The plan's content and every asset the writers need, read once; `verified_fonts`
    as for load_brand."""
    plan, report, project = load_content(root, year)
    brand = load_brand(project, verified_fonts)
    _fit_pictures(plan, brand, project)
    names = load_name_hyphenation(project)
    _read_templates(project)
    return Sources(plan, report, brand, names, project)


def fit_pictures(pictures: Mapping[str, bytes], brand: Brand) -> dict[str, bytes]:
    """The pictures, each scaled down to at most what print needs across the brand's
    text area (images.fit; unchanged when small enough)."""
    page = brand.page
    width = page.width_mm - page.margin_inner_mm - page.margin_outer_mm
    height = page.height_mm - page.margin_top_mm - page.margin_bottom_mm
    return {key: images.fit(data, width, height) or data for key, data in pictures.items()}


def _fit_pictures(plan: m.Plan, brand: Brand, project: Project) -> None:
    """Pictures with more pixels than print needs are replaced, for every writer, by a
    scaled-down copy (fit_pictures)."""
    keys = {block.src for chapter in plan.chapters for block in m.all_blocks(chapter.blocks)
            if isinstance(block, m.Image)}
    files = project.files()
    for key, data in fit_pictures({k: files[k] for k in sorted(keys - {""})}, brand).items():
        if data is not files[key]:
            project.replace(key, data)


def _read_templates(project: Project) -> None:
    report = Report()
    for path in sorted(project.templates.glob(f"*{TEMPLATE_SUFFIX}")):
        project.read(path, Loc(project.rel(path)), report)
    if report.errors:
        raise ContentError(report)
