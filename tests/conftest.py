"""Shared fixtures: one full build of the real 2025 content, and one of the synthetic
project (tests/synthetic.py), per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handlingsplan import model as m
from handlingsplan.sources.brand import Brand

from .helpers import build, make_project, real_plan
from .synthetic import YEAR as SYNTHETIC_YEAR, write_synthetic_project


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/2025 of one full build of the real 2025 content."""
    project = make_project(tmp_path_factory.mktemp("built"))
    assert build(project, "--year", "2025") == 0
    return project / "output" / "2025"


@pytest.fixture
def built_project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project, previous outputs included, for a test to break."""
    copy = tmp_path / "project"
    shutil.copytree(built.parent.parent, copy, symlinks=True)
    return copy


@pytest.fixture(scope="session")
def plan_and_brand() -> tuple[m.Plan, Brand]:
    return real_plan()


@pytest.fixture(scope="session")
def synthetic_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/2031 of one full build (every format) of the synthetic project."""
    project = write_synthetic_project(tmp_path_factory.mktemp("synthetic"), SYNTHETIC_YEAR)
    assert build(project, "--year", str(SYNTHETIC_YEAR)) == 0
    return project / "output" / str(SYNTHETIC_YEAR)


@pytest.fixture
def synthetic_project(synthetic_built: Path, tmp_path: Path) -> Path:
    """A copy of the built synthetic project, previous outputs included, for a test to break."""
    copy = tmp_path / "synthetic"
    shutil.copytree(synthetic_built.parent.parent, copy, symlinks=True)
    return copy
