"""The web page (screen HTML) against WCAG 2.1 AA: structure checks, then axe-core in Chromium.

axe-core is pinned in tests/axe/package-lock.json and installed by `make test`
(`npm ci --prefix tests/axe`); Chromium is Debian's `chromium` package. The test writes a
copy of the page with axe.min.js inlined and a script that puts axe's results into a
<pre id="axe-result">, and reads it from `chromium --headless --dump-dom`. It skips, with
the reason, where Chromium or axe-core is missing.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from handlingsplan import model as m
from handlingsplan.sources.brand import Brand

from .helpers import render_html

ROOT = Path(__file__).resolve().parent.parent
AXE_DIR = ROOT / "tests" / "axe"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUNNER = """
<script>%(axe)s</script>
<script>
(function () {
  function report(value) {
    var pre = document.createElement("pre");
    pre.id = "axe-result";
    pre.textContent = JSON.stringify(value);
    document.body.appendChild(pre);
  }
  axe.run(document, {runOnly: {type: "tag", values: %(tags)s}, resultTypes: ["violations"]})
    .then(function (r) {
      report({version: axe.version, violations: r.violations,
              passes: r.passes.map(function (x) { return x.id; }),
              incomplete: r.incomplete.map(function (x) {
                return {id: x.id, nodes: x.nodes.map(function (n) { return n.target; })};
              })});
    })
    .catch(function (e) { report({error: String(e)}); });
})();
</script>
"""


@pytest.fixture(scope="module")
def page(plan_and_brand: tuple[m.Plan, Brand]) -> str:
    return render_html(*plan_and_brand, "screen")


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


# ---- structure --------------------------------------------------------------------------

def test_language_and_title(plan_and_brand: tuple[m.Plan, Brand], page: str) -> None:
    doc = lxml.html.document_fromstring(page.encode("utf-8"))
    assert doc.get("lang") == "sv"
    assert doc.findtext(".//title") == plan_and_brand[0].meta.full_title


def test_landmarks(page: str) -> None:
    doc = lxml.html.document_fromstring(page.encode("utf-8"))
    body = doc.find("body")
    # Banner, navigation and main, each once and top-level; nothing outside them but the
    # skip link, which leads to main.
    assert [child.tag for child in body] == ["a", "header", "nav", "main"]
    assert body[0].get("href") == "#" + body[3].get("id")
    nav = body[2]
    assert text(doc.get_element_by_id(nav.get("aria-labelledby"))) == "Innehåll"
    for section in body[3].findall("section"):
        assert doc.get_element_by_id(section.get("aria-labelledby")).tag == "h1"


def test_heading_order(plan_and_brand: tuple[m.Plan, Brand], page: str) -> None:
    doc = lxml.html.document_fromstring(page.encode("utf-8"))
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    for previous, level in zip(levels, levels[1:]):
        assert level <= previous + 1, levels
    assert levels == [1, 2] + [h.level for h in plan_and_brand[0].headings()] + [1]


def test_table_caption_and_header_scope(page: str) -> None:
    doc = lxml.html.document_fromstring(page.encode("utf-8"))
    (table,) = doc.iter("table")
    assert text(table.find("caption"))
    headers = table.findall("thead/tr/th")
    assert len(headers) == 5 and all(th.get("scope") == "col" for th in headers)
    assert not table.xpath(".//*[@colspan or @rowspan]")
    rows = table.findall("tbody/tr")
    assert rows and all([c.tag for c in row] == ["th", "td", "td", "td", "td"] for row in rows)
    assert all(row[0].get("scope") == "row" for row in rows), "the activity names its row"
    region = table.getparent()
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    assert region.get("aria-labelledby") == table.find("caption").get("id")


def test_images_have_alt_text(plan_and_brand: tuple[m.Plan, Brand], page: str) -> None:
    doc = lxml.html.document_fromstring(page.encode("utf-8"))
    images = list(doc.iter("img"))
    assert images and all(img.get("alt") for img in images)
    assert images[0].get("alt") == plan_and_brand[1].logo.alt


# ---- axe-core in headless Chromium --------------------------------------------------------

def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium; "
                "`make test` installs it)")


def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: npm ci --prefix tests/axe "
                    "(`make test` does this)")
    return AXE.read_text(encoding="utf-8")


def run_axe(page: str, tmp_path: Path, width: int = 1280) -> dict:
    browser = chromium()
    runner = RUNNER % {"axe": axe_source().replace("</script", "<\\/script"),
                       "tags": json.dumps(AXE_TAGS)}
    assert page.count("</body>") == 1
    target = tmp_path / "axe.html"
    target.write_text(page.replace("</body>", runner + "</body>"), encoding="utf-8")
    run = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-default-apps", "--mute-audio",
         f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width},900",
         "--virtual-time-budget=20000", "--dump-dom", target.as_uri()],
        capture_output=True, text=True, timeout=180)
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', run.stdout, flags=re.DOTALL)
    assert found, f"no axe result (exit {run.returncode}): {run.stderr[-2000:]}"
    result = json.loads(html.unescape(found[1]))
    assert "error" not in result, result
    return result


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}, {', '.join(v['tags'])}): {v['help']}; "
                     + "; ".join(str(n["target"]) for n in v["nodes"][:5])
                     for v in violations)


def test_axe_version_is_the_pinned_one() -> None:
    axe_source()
    lock = json.loads((AXE_DIR / "package-lock.json").read_text(encoding="utf-8"))
    installed = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == lock["packages"]["node_modules/axe-core"]["version"]


@pytest.mark.parametrize("width", [1280, 320], ids=["wide", "narrow"])
def test_axe_finds_no_violations(page: str, tmp_path: Path, width: int) -> None:
    """WCAG 2.0/2.1 A and AA rules and axe's best practices, on a wide window and on one
    320 CSS px wide (WCAG 1.4.10 reflow)."""
    result = run_axe(page, tmp_path, width)
    assert result["violations"] == [], describe(result["violations"])
    # axe did decide the rules that matter here (not left them "incomplete").
    for rule in ("color-contrast", "html-has-lang", "document-title", "landmark-one-main",
                 "heading-order", "th-has-data-cells", "image-alt", "link-name", "list"):
        assert rule in result["passes"], rule
    undecided = [str(target) for i in result["incomplete"] if i["id"] == "color-contrast"
                 for target in i["nodes"]]
    if width >= 1280:
        assert undecided == []
    else:
        # The table scrolls sideways in its own region on a narrow screen; axe leaves the
        # contrast of cells scrolled out of view undecided. Their colours are the ones it
        # passes in the wide run.
        assert all("tr" in target for target in undecided), undecided


def test_axe_would_see_a_violation(page: str, tmp_path: Path) -> None:
    """The harness reports what axe finds: a page without lang and with a low-contrast
    paragraph fails."""
    broken = page.replace('<html lang="sv">', "<html>", 1).replace(
        "<main", '<p style="color:#bbb;background:#fff">Svag text</p><main', 1)
    ids = {v["id"] for v in run_axe(broken, tmp_path)["violations"]}
    assert {"html-has-lang", "color-contrast"} <= ids


# ---- reflow on a phone (WCAG 1.4.10) -------------------------------------------------------

REFLOW = """
<script>
window.addEventListener("load", function () {
  var wide = [];
  function hidden(e) {   // the skip link and the visually hidden header row
    for (; e; e = e.parentElement)
      if (getComputedStyle(e).position === "absolute") return true;
    return false;
  }
  document.querySelectorAll("body *").forEach(function (e) {
    var box = e.getBoundingClientRect();
    if (box.width > 0 && (box.right > window.innerWidth + 0.5 || box.left < -0.5)
        && !hidden(e))
      wide.push(e.tagName + "." + e.className + ": " + (e.textContent || "").slice(0, 40));
  });
  var pre = document.createElement("pre");
  pre.id = "reflow-result";
  pre.textContent = JSON.stringify({scroll: document.documentElement.scrollWidth,
                                    inner: window.innerWidth, wide: wide,
                                    cards: getComputedStyle(document.querySelector(
                                      ".tabell tbody tr")).display});
  (window.parent || window).document.body.appendChild(pre);
});
</script>
"""


@pytest.mark.parametrize("width", [320, 390])
def test_nothing_is_wider_than_a_phone(page: str, tmp_path: Path, width: int) -> None:
    """At 320 and 390 CSS px the page never scrolls sideways: every table row is a card,
    the title and headings fit (document.scrollWidth <= innerWidth, and no element sticks
    out of the viewport). Headless Chromium will not make its window narrower than
    500 px, so the page is shown in an iframe of the phone's width."""
    framed = html.escape(page.replace("</body>", REFLOW + "</body>"), quote=True)
    target = tmp_path / "reflow.html"
    target.write_text(f'<!DOCTYPE html><html lang="sv"><body style="margin:0">'
                      f'<iframe title="telefon" style="border:0;width:{width}px;height:800px" '
                      f'srcdoc="{framed}"></iframe></body></html>', encoding="utf-8")
    run = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--window-size=800,900", "--virtual-time-budget=3000", "--dump-dom",
         target.as_uri()], capture_output=True, text=True, timeout=180)
    found = re.search(r'<pre id="reflow-result">(.*?)</pre>', run.stdout, flags=re.DOTALL)
    assert found, f"no result (exit {run.returncode}): {run.stderr[-2000:]}"
    result = json.loads(html.unescape(found[1]))
    assert result["inner"] == width
    assert result["scroll"] <= result["inner"], result
    assert result["wide"] == [], result["wide"]
    assert result["cards"] == "block", "table rows are stacked cards"
