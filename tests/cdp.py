"""A small Chrome DevTools Protocol client for the tests: Debian's headless Chromium,
driven over one websocket (websockets' sync client) with flattened target sessions."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from websockets.sync.client import connect

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1200,900", "--remote-debugging-port=0"]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return shutil.which(name)
    return None


class Browser:
    """One headless Chromium with one page; `evaluate` runs JavaScript in it."""

    def __init__(self, executable: str) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="cdp-")
        self.process = subprocess.Popen([executable, *FLAGS, f"--user-data-dir={self._profile.name}",
                                         "about:blank"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        active = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.exists() and len(active.read_text().splitlines()) >= 2):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port, path = active.read_text().splitlines()[:2]
        # entered as a context manager (websockets >= 17.1 warns otherwise), closed in close()
        self._ws = connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=10).__enter__()
        self._ids = itertools.count(1)
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Runtime.enable", session=True)

    def send(self, method: str, session: bool = False, timeout: float = 30, **params):  # type: ignore[no-untyped-def]
        message_id = next(self._ids)
        message: dict[str, object] = {"id": message_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self._ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            reply = json.loads(self._ws.recv(timeout=max(0.01, deadline - time.monotonic())))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def goto(self, url: str) -> None:
        self.send("Page.navigate", session=True, url=url)
        self.wait_for("document.readyState === 'complete' && !!document.getElementById('hp-fg')")

    def evaluate(self, expression: str, timeout: float = 30):  # type: ignore[no-untyped-def]
        result = self.send("Runtime.evaluate", session=True, timeout=timeout + 5,
                           expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, condition: str, timeout: float = 15) -> bool:
        """Wait in the page (every animation frame) until `condition` is true; False on
        timeout."""
        script = f"""new Promise((resolve) => {{
            const end = performance.now() + {timeout * 1000};
            const check = () => {{
                let ok = false; try {{ ok = !!({condition}); }} catch (e) {{}}
                if (ok) resolve(true); else if (performance.now() > end) resolve(false);
                else setTimeout(check, 5);
            }};
            check();
        }})"""
        return bool(self.evaluate(script, timeout=timeout))

    def close(self) -> None:
        try:
            if hasattr(self, "_ws"):
                self._ws.close()
        finally:
            self.process.kill()
            self.process.wait()
            # Chromium's own child processes may still write to the profile for a moment
            # after the browser is killed ("Directory not empty"): try again, then leave it
            for attempt in range(3):
                try:
                    self._profile.cleanup()
                    break
                except OSError:
                    time.sleep(0.2)
