#!/usr/bin/env python3
"""Build Hälsingerådets handlingsplan: `python build.py --year 2025` (see --help)."""

import signal
import sys

try:
    from handlingsplan.commands import main
    from handlingsplan.commands.common import signals
except KeyboardInterrupt:  # Ctrl-C while starting: nothing was written yet
    print("avbrutet: inga filer i output/ ändrades", file=sys.stderr)
    sys.exit(130)

if __name__ == "__main__":
    try:
        code = main()
    except KeyboardInterrupt:  # Ctrl-C as main() returned: its handlers were gone
        code = 130
    # The run has ended: a stop while Python tears down (which takes a while after a big
    # build) would otherwise kill it with the signal and hide the exit code.
    for stop in signals():
        signal.signal(stop, signal.SIG_IGN)
    sys.exit(code)
