"""What the preview shows, shared between the build thread and the HTTP threads."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ServedFile:
    name: str
    label: str          # "PDF", "Word"
    data: bytes
    made: dt.datetime


@dataclass
class PreviewState:
    """Guarded by `changed` (a Condition); every change bumps `generation` and wakes the
    event streams."""

    session: str = field(default_factory=lambda: secrets.token_hex(4))
    page: bytes | None = None            # the last good HTML (without the preview's parts)
    page_version: int = 0
    builds: int = 0                      # HTML builds run (good or not)
    problems: str | None = None          # the terminal's text while the last build failed
    files: dict[str, ServedFile] = field(default_factory=dict)
    background: dict[str, str] = field(default_factory=dict)   # label -> "byggs" / error
    generation: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def update(self, **values: object) -> None:
        with self.changed:
            for key, value in values.items():
                setattr(self, key, value)
            self.generation += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen, timeout)
            return self.generation

    def snapshot(self) -> dict[str, object]:
        """The JSON the page's script gets with every event."""
        with self.changed:
            files = [{"namn": f.name, "etikett": f.label, "tid": f.made.strftime("%H.%M"),
                      "adress": f"/filer/{f.name}"} for f in self.files.values()]
            return {"sida": f"{self.session}-{self.page_version}", "bygge": self.builds,
                    "fel": self.problems, "filer": files, "bakgrund": dict(self.background),
                    "generation": self.generation}

    def snapshot_json(self) -> str:
        return json.dumps(self.snapshot(), ensure_ascii=False)
