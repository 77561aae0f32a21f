"""Source locations and the problems found in editors' content, reported in Swedish."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a content file: path relative to the project root, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")


class Severity(Enum):
    ERROR = "fel"
    WARNING = "varning"


@dataclass(frozen=True)
class Problem:
    """One thing an editor should fix, printed GCC-style: `path:line:col: fel: message`."""

    loc: Loc
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.severity.value}: {self.message}"


@dataclass
class Report:
    """Collects every problem of one run so that all are shown at once, sorted by place."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(loc, Severity.ERROR, message))

    def warning(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(loc, Severity.WARNING, message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.loc, p.severity.value, p.message))


class ContentError(Exception):
    """Raised when content has errors; carries the whole report."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} fel i innehållet")
        self.report = report


class UsageError(Exception):
    """A problem with how the build was called or with the machine (exit code 2), in Swedish."""
