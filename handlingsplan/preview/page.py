"""The preview's parts of the page: a bar with the PDF and Word links, the problem overlay
and the script that follows the server's events. Every word here is Swedish."""

from __future__ import annotations

import html

from .state import PreviewState

MARK = "hp-fg"     # the id prefix of everything the preview adds to the page

_STYLE = """
#hp-fg-rad{position:fixed;right:.5rem;bottom:.5rem;z-index:2147483646;font:14px/1.4 system-ui,sans-serif;
 background:#fff;color:#111;border:1px solid #888;border-radius:4px;padding:.3rem .6rem;box-shadow:0 1px 4px #0004}
#hp-fg-rad a{color:#0645ad;margin-right:.8rem}
#hp-fg-rad span{margin-right:.8rem}
#hp-fg-fel{position:fixed;inset:0;z-index:2147483647;background:#000c;color:#fff;overflow:auto;
 padding:2rem;font:15px/1.5 system-ui,sans-serif}
#hp-fg-fel[hidden]{display:none}
#hp-fg-fel h2{font-size:1.3rem;margin:0 0 .5rem;color:#ffb4b4}
#hp-fg-fel pre{white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace;background:#300;padding:1rem;border-radius:4px}
"""

_SCRIPT = r"""
(() => {
  const $ = (id) => document.getElementById(id);
  let shown = JSON.parse($('hp-fg-tillstand').textContent).sida;
  let loading = null;
  function bar(s) {
    const rad = $('hp-fg-rad');
    rad.textContent = '';
    for (const f of s.filer) {
      const a = document.createElement('a');
      a.href = f.adress; a.textContent = f.etikett + ' uppdaterad ' + f.tid;
      a.dataset.format = f.etikett;
      rad.appendChild(a);
    }
    for (const [etikett, läge] of Object.entries(s.bakgrund)) {
      const span = document.createElement('span');
      span.textContent = etikett + ' ' + läge + (läge === 'byggs' ? ' …' : '');
      rad.appendChild(span);
    }
    rad.hidden = !rad.childNodes.length;
  }
  function overlay(text) {
    const fel = $('hp-fg-fel');
    $('hp-fg-feltext').textContent = text || '';
    fel.hidden = !text;
  }
  async function swap(wanted) {
    const response = await fetch('/?sida=' + encodeURIComponent(wanted), {cache: 'no-store'});
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const x = window.scrollX, y = window.scrollY;
    document.querySelectorAll('head > style').forEach((n) => n.remove());
    doc.querySelectorAll('head > style').forEach((n) => document.head.appendChild(document.adoptNode(n)));
    document.title = doc.title;
    document.documentElement.lang = doc.documentElement.lang;
    const state = doc.getElementById('hp-fg-tillstand');
    const next = state ? JSON.parse(state.textContent).sida : wanted;
    const keep = $('hp-fg');
    doc.getElementById('hp-fg')?.remove();
    for (const n of [...document.body.childNodes]) if (n !== keep) n.remove();
    for (const n of [...doc.body.childNodes]) document.body.insertBefore(document.adoptNode(n), keep);
    document.body.className = doc.body.className;
    window.scrollTo(x, y);
    shown = next;
  }
  const events = new EventSource('/handelser');
  events.onmessage = async (event) => {
    const s = JSON.parse(event.data);
    bar(s);
    overlay(s.fel);
    if (s.sida !== shown && !loading) {
      loading = swap(s.sida).finally(() => { loading = null; });
    }
  };
})();
"""


def preview_parts(state: PreviewState) -> str:
    """The HTML inserted before </body>: bar, overlay, state, script."""
    snapshot = state.snapshot()
    problems = snapshot["fel"]
    hidden = "" if problems else " hidden"
    data = state.snapshot_json().replace("</", "<\\/")
    return (f'<div id="{MARK}" lang="sv">'
            f"<style>{_STYLE}</style>"
            f'<div id="hp-fg-rad" role="status" aria-label="Förhandsgranskning" hidden></div>'
            f'<div id="hp-fg-fel" role="alert"{hidden}>'
            "<h2>Bygget misslyckades – rätta felet och spara igen</h2>"
            f'<pre id="hp-fg-feltext">{html.escape(problems or "")}</pre>'
            "<p>Under den här rutan visas den senaste versionen som gick att bygga. "
            "Rutan försvinner när felet är rättat.</p></div>"
            f'<script type="application/json" id="hp-fg-tillstand">{data}</script>'
            f"<script>{_SCRIPT}</script></div>")


PLACEHOLDER = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Förhandsgranskning</title></head>
<body><main><h1>Förhandsgranskning</h1>
<p>Planen har inte gått att bygga ännu. Rätta felen som visas och spara igen.</p></main>
</body></html>"""


def page_html(state: PreviewState) -> bytes:
    """The last good page (or the placeholder) with the preview's parts."""
    with state.changed:
        page = state.page
    text = page.decode("utf-8") if page is not None else PLACEHOLDER
    at = text.rfind("</body>")
    at = at if at >= 0 else len(text)
    return (text[:at] + preview_parts(state) + text[at:]).encode("utf-8")
