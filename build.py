#!/usr/bin/env python3
"""Build Hälsingerådets handlingsplan: `python build.py --year 2025` (see --help)."""

import sys

from handlingsplan.cli import main

if __name__ == "__main__":
    sys.exit(main())
