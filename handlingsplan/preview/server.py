"""The preview's HTTP server: the standard library's ThreadingHTTPServer (one thread per
connection, enough for one editor's browser tabs; no framework to install on Windows).

    /             the last good page with the preview's parts (page.py)
    /handelser    server-sent events: the state as JSON after every change
    /tillstand    the same JSON once (tests, scripts)
    /filer/NAME   the newest PDF or DOCX, from memory
"""

from __future__ import annotations

import ipaddress
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .page import page_html
from .state import PreviewState

KEEPALIVE_S = 15.0
TYPES = {".pdf": "application/pdf",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: PreviewState) -> None:
        self.state = state
        self.closing = False
        super().__init__(address, Handler)

    @property
    def loopback(self) -> bool:
        try:
            return ipaddress.ip_address(self.server_address[0]).is_loopback
        except ValueError:
            return False


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet terminal
        pass

    def _host_allowed(self) -> bool:
        """On 127.0.0.1 only pages that name this machine may ask (no DNS rebinding)."""
        if not self.server.loopback:
            return True
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in ("127.0.0.1", "localhost", "::1")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, "fel värdnamn".encode(), "text/plain; charset=utf-8")
            return
        path = urlsplit(self.path).path
        state = self.server.state
        if path == "/":
            self._send(HTTPStatus.OK, page_html(state), "text/html; charset=utf-8")
        elif path == "/tillstand":
            self._send(HTTPStatus.OK, state.snapshot_json().encode("utf-8"),
                       "application/json; charset=utf-8")
        elif path == "/handelser":
            self._events()
        elif path.startswith("/filer/"):
            name = path.removeprefix("/filer/")
            with state.changed:
                found = next((f for f in state.files.values() if f.name == name), None)
            if found is None:
                self._send(HTTPStatus.NOT_FOUND, "filen är inte byggd ännu".encode(),
                           "text/plain; charset=utf-8")
                return
            suffix = name[name.rfind("."):]
            disposition = "inline" if suffix == ".pdf" else "attachment"
            self._send(HTTPStatus.OK, found.data, TYPES.get(suffix, "application/octet-stream"),
                       {"Content-Disposition": f'{disposition}; filename="{name}"'})
        else:
            self._send(HTTPStatus.NOT_FOUND, "finns inte".encode(), "text/plain; charset=utf-8")

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        state, seen = self.server.state, -1
        try:
            while not self.server.closing:
                generation = state.generation
                if generation != seen:
                    seen = generation
                    self.wfile.write(f"data: {state.snapshot_json()}\n\n".encode("utf-8"))
                else:
                    self.wfile.write(b": -\n\n")       # keep-alive comment
                self.wfile.flush()
                state.wait(seen, KEEPALIVE_S)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass
