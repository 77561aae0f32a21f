"""The live preview in a real browser: Debian's headless Chromium over the DevTools protocol
(tests/cdp.py) on the preview of a project copy. Reload times are recorded in the test
output (`-rP` or -s shows them); scripts/preview_latency.py measures them properly."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .cdp import find_chromium
from .helpers import make_project
from .preview_process import Preview

pytest.importorskip("websockets", reason="websockets is in the test extras: pip install -e '.[test]'")
CHAPTER = "content/2025/syfte.md"
ACTIVITIES = "content/2025/aktiviteter.yaml"


@pytest.fixture(scope="module")
def session(tmp_path_factory):  # type: ignore[no-untyped-def]
    executable = find_chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium; "
                    "scripts/system-deps.sh test installs it)")
    from .cdp import Browser

    project = make_project(tmp_path_factory.mktemp("preview"))
    preview = Preview(project)
    browser = Browser(executable)
    try:
        browser.goto(preview.url)
        yield project, preview, browser
    finally:
        browser.close()
        preview.close()


def in_page(text: str) -> str:
    return f"document.body.innerText.includes({json.dumps(text)})"


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def test_serves_on_loopback_with_swedish_address(session) -> None:  # type: ignore[no-untyped-def]
    _, preview, browser = session
    assert preview.url.startswith("http://127.0.0.1:")
    assert any("Förhandsgranskningen av planen 2025 finns på" in line for line in preview.lines)
    assert browser.evaluate("document.querySelector('h1').innerText").startswith("Hälsingerådets")


def test_a_save_shows_in_the_page_and_keeps_the_scroll(session, record_property) -> None:  # type: ignore[no-untyped-def]
    project, preview, browser = session
    browser.evaluate("window.scrollTo(0, 1500); window.scrollY")
    before = browser.evaluate("window.scrollY")
    assert before > 1000
    builds = preview.state()["bygge"]
    times = []
    for n in range(3):
        marker = f"Förhandsgranskningsprov {n} {time.time_ns()}"
        started = time.perf_counter()
        append(project / CHAPTER, f"\n{marker}\n")
        assert browser.wait_for(in_page(marker), timeout=10), "the new text never came"
        times.append(time.perf_counter() - started)
    record_property("preview_reload_seconds", times)
    print(f"reload after a save: {', '.join(f'{t * 1000:.0f} ms' for t in times)}")
    assert max(times) < 3
    assert abs(browser.evaluate("window.scrollY") - before) < 5
    assert preview.state()["bygge"] == builds + 3


def test_quick_saves_are_one_build(session) -> None:  # type: ignore[no-untyped-def]
    project, preview, browser = session
    builds = preview.state()["bygge"]
    marker = f"Sista snabba sparningen {time.time_ns()}"
    for n in range(4):
        append(project / CHAPTER, f"\nsnabb sparning {n}\n")
    append(project / CHAPTER, f"\n{marker}\n")
    assert browser.wait_for(in_page(marker), timeout=10)
    time.sleep(0.3)
    assert preview.state()["bygge"] == builds + 1


def test_an_error_shows_an_overlay_until_it_is_fixed(session) -> None:  # type: ignore[no-untyped-def]
    project, preview, browser = session
    path = project / ACTIVITIES
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines, 1) if "mål: [varumarket]" in text)
    shown = browser.evaluate("document.querySelector('main').innerText")
    lines[line - 1] = lines[line - 1].replace("[varumarket]", "[varumarke]")
    path.write_text("".join(lines), encoding="utf-8")
    try:
        overlay = "!document.getElementById('hp-fg-fel').hidden"
        assert browser.wait_for(overlay, timeout=10), "no overlay"
        text = browser.evaluate("document.getElementById('hp-fg-feltext').textContent")
        assert f"{ACTIVITIES}:{line}:" in text and "okänt mål 'varumarke'" in text
        assert text.splitlines()[0] in "\n".join(preview.lines)       # the terminal's text
        assert browser.evaluate("document.querySelector('main').innerText") == shown
    finally:
        path.write_text(good, encoding="utf-8")
    assert browser.wait_for("document.getElementById('hp-fg-fel').hidden", timeout=10)


def test_pdf_and_docx_are_linked_from_memory(session) -> None:  # type: ignore[no-untyped-def]
    project, preview, browser = session
    assert browser.wait_for("document.querySelectorAll('#hp-fg-rad a').length == 2", timeout=120)
    links = browser.evaluate("[...document.querySelectorAll('#hp-fg-rad a')]"
                             ".map(a => [a.textContent, a.getAttribute('href')])")
    labels = sorted(text.rsplit(" ", 1)[0] for text, _ in links)
    assert labels == ["PDF uppdaterad", "Word uppdaterad"]
    for text, href in links:
        data = preview.get(href)
        assert data.startswith(b"%PDF-" if text.startswith("PDF") else b"PK")
    assert not (project / "output").exists()          # nothing written


def test_only_this_machine_may_ask(session) -> None:  # type: ignore[no-untyped-def]
    _, preview, _ = session
    request = urllib.request.Request(preview.url, headers={"Host": "angripare.example:80"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 403
