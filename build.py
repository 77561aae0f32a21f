#!/usr/bin/env python3
"""Build Hälsingerådets handlingsplan: `python build.py --year 2025` (see --help)."""

import sys

try:
    from handlingsplan.commands import main
except KeyboardInterrupt:  # Ctrl-C while starting: nothing was written yet
    print("avbrutet: inga filer i output/ ändrades", file=sys.stderr)
    sys.exit(130)

if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C after the build had finished
        sys.exit(130)
