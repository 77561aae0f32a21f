"""The live preview (`python build.py --forhandsgranska`): the plan's HTML in the browser,
rebuilt on every save.

- watch.py   watchfiles on content/<year>/ and templates/; quick saves become one build
- state.py   what the preview shows: the last good page, the problems, the PDF/DOCX bytes
- builds.py  the fast path (sources -> document -> HTML writer, in this warm process) and
             the background PDF/DOCX build (a subprocess, superseded by the next good build)
- worker.py  that subprocess: renders PDF and DOCX and streams the bytes to its parent
- server.py  http.server (ThreadingHTTPServer): the page, server-sent events, the files
- page.py    the overlay, the file bar and the reload script injected into the page

Nothing here writes a file: the page, the PDF and the DOCX are served from memory, so the
browser can never get a half-written file and output/ is left to `build`.
"""
