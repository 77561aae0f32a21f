"""The brand font's measures, shared with the other writers (see writers/metrics.py)."""

from ..metrics import LINE, SHY, ZWSP, Metrics, break_after_slashes, units, words

__all__ = ["LINE", "SHY", "ZWSP", "Metrics", "break_after_slashes", "units", "words"]
