"""Faster library lookup while WeasyPrint is imported (imported before weasyprint).

WeasyPrint opens Pango, HarfBuzz, fontconfig … through cffi, trying several names per
library; cffi asks `ctypes.util.find_library` for each, and on Linux every call runs
`ldconfig -p` and, for a name it does not find there, gcc and ld: ≈0.3 s of a fresh
process's `import weasyprint` (design.md §5). `quick_lookup()` reads `ldconfig -p` once and
answers every lookup from it, for the duration of the import only.

Where the shim cannot answer as well as ctypes: where `ldconfig -p` cannot be read (not
Linux, no glibc ldconfig) every name goes to the original; a name not in the cache goes to
the original when LD_LIBRARY_PATH is set (ctypes' ld step searches it) and is otherwise not
found, as ctypes would answer after gcc and ld (they search the same system folders
ldconfig lists).
"""

from __future__ import annotations

import ctypes.util
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# ctypes.util._findSoname_ldconfig's table: the ABI tag ldconfig prints for this machine.
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def _ldconfig_cache() -> bytes | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              env={"LC_ALL": "C", "LANG": "C"}, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None


@contextmanager
def quick_lookup() -> Iterator[None]:
    """ctypes.util.find_library answered from one `ldconfig -p` read; restored after."""
    original = ctypes.util.find_library
    cache = _ldconfig_cache()
    if cache is None:
        yield
        return
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi = _ABI.get(machine, "libc6")
    fallback = bool(os.environ.get("LD_LIBRARY_PATH"))

    def find_library(name: str) -> str | None:
        pattern = os.fsencode(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), abi))
        found = re.search(pattern, cache)
        if found:
            return os.fsdecode(found.group(1))
        return original(name) if fallback else None

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original
