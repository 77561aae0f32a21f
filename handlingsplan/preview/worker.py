"""The background build of the preview: PDF and DOCX to stdout, never to a file.

`python -m handlingsplan.preview.worker --root R [--year ÅR] [--per DATUM] --format docx,pdf
[--vanta]`

For each format, in the order given: one JSON line {"format", "files": [[name, size]],
"pages", "messages"}, then the files' bytes. The parent (builds.Background) may kill this
process at any time; a frame cut short is dropped there.

With --vanta the worker imports its writers (WeasyPrint, python-docx: ≈ 1 s) and then
waits for a line on stdin before it reads the sources: the preview starts the next save's
worker while the current one builds, so that a save's PDF does not wait for the imports.
End of input instead of a line: it exits without building.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from ..commands.common import print_report
from ..diagnostics import ContentError, UsageError
from ..documents.plan import plan_document
from ..sources import load_sources
from ..writers import Assets, writer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handlingsplan.preview.worker")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--year", type=int)
    parser.add_argument("--format", required=True)
    parser.add_argument("--per", type=dt.date.fromisoformat)   # checked by the parent
    parser.add_argument("--vanta", action="store_true", help="wait for a line on stdin")
    args = parser.parse_args(argv)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr       # what libraries print (WeasyPrint does, without Pango) is not a frame
    if hasattr(os, "nice"):       # POSIX; on Windows the parent starts it below normal
        os.nice(10)
    writers = {fmt: writer(fmt) for fmt in args.format.split(",")}   # the imports
    if args.vanta and not sys.stdin.buffer.readline():
        return 0
    try:
        sources = load_sources(args.root, args.year)
        document = plan_document(sources.plan, sources.name_hyphenation, per=args.per)
        assets = Assets(sources.brand, sources.project.files())
        for fmt, render in writers.items():
            rendered = render(document, assets)
            header = {"format": fmt, "files": [[n, len(d)] for n, d in rendered.files.items()],
                      "pages": rendered.pages, "messages": list(dict.fromkeys(rendered.messages))}
            out.write(json.dumps(header).encode("utf-8") + b"\n")
            for data in rendered.files.values():
                out.write(data)
            out.flush()
    except ContentError as exc:
        print_report(exc.report)
        return 1
    except UsageError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
