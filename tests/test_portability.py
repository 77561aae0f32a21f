"""The editor's path on Windows: what POSIX-only names the build uses have fallbacks.
The missing attributes are simulated (monkeypatch) so the fallbacks run here."""

from __future__ import annotations

import os
import signal

from handlingsplan.commands.common import Interrupts
from handlingsplan.sources import load_sources
from handlingsplan.sources import project as project_module

from .helpers import ROOT, real_sources

POSIX_ONLY = ("O_NONBLOCK", "O_NOFOLLOW", "O_CLOEXEC")


def test_reading_without_posix_open_flags(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in POSIX_ONLY:
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.setattr(os, "O_BINARY", 0, raising=False)
    flags = project_module.open_flags()
    assert flags == os.O_RDONLY
    monkeypatch.setattr(project_module, "OPEN_FLAGS", flags)
    sources = load_sources(ROOT, 2025)
    assert dict(sources.project.files()) == dict(real_sources().project.files())


def test_windows_binary_flag_is_used(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(os, "O_BINARY", 0x8000, raising=False)
    assert project_module.open_flags() & 0x8000


def test_interrupts_without_sigterm(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delattr(signal, "SIGTERM")
    monkeypatch.delattr(signal, "SIGHUP")     # as on Windows
    interrupts = Interrupts()
    with interrupts.installed() as handled:
        assert handled == [signal.SIGINT]
        assert signal.getsignal(signal.SIGINT) is interrupts


def test_background_build_without_nice(monkeypatch, capsysbinary) -> None:  # type: ignore[no-untyped-def]
    """The preview's worker (PDF/DOCX to stdout) runs where os.nice is missing."""
    from handlingsplan.preview import worker

    monkeypatch.delattr(os, "nice", raising=False)
    monkeypatch.setattr("sys.stdout", __import__("sys").stdout)    # the worker swaps it
    assert worker.main(["--root", str(ROOT), "--year", "2025", "--format", "docx"]) == 0
    out = capsysbinary.readouterr().out
    header, _, data = out.partition(b"\n")
    assert header.startswith(b'{"format": "docx"') and data.startswith(b"PK")


def test_a_missing_pdf_library_is_a_swedish_usage_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """WeasyPrint without Pango (Windows without MSYS2) raises OSError at import."""
    import importlib

    import pytest

    from handlingsplan.diagnostics import UsageError
    from handlingsplan.writers import writer

    def missing(name, package=None):  # type: ignore[no-untyped-def]
        raise OSError("cannot load library 'libgobject-2.0-0'")

    monkeypatch.setattr(importlib, "import_module", missing)
    with pytest.raises(UsageError, match="--format docx,html"):
        writer("pdf")
