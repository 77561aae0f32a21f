"""Stream framing in the PDF: /Length bytes of data, then an end-of-line that no reader can
take for part of the data (a data byte CR before pydyf's LF reads as one CRLF)."""

from __future__ import annotations

import io
import re

import pydyf
from hypothesis import given, settings, strategies as st

from handlingsplan.writers.pdf import private_api


def _framing(pdf: bytes) -> list[tuple[bytes, bytes]]:
    """(data as /Length gives it, what follows up to `endstream`) for every stream."""
    found = []
    for match in re.finditer(rb"/Length (\d+)>>\nstream\n", pdf):
        start, length = match.end(), int(match.group(1))
        end = pdf.index(b"endstream", start + length)
        found.append((pdf[start:start + length], pdf[start + length:end]))
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.binary(max_size=40), st.sampled_from([b"", b"\r", b"\r\n", b"\n"]),
                          st.booleans()), min_size=1, max_size=6))
def test_every_stream_ends_in_an_end_of_line_that_is_not_data(streams) -> None:  # type: ignore[no-untyped-def]
    """Raw and deflated streams (a deflated one ends in its checksum: any last byte)."""
    pdf = pydyf.PDF()
    for data, ending, compress in streams:
        pdf.add_object(pydyf.Stream([data + ending], compress=compress))
    out = io.BytesIO()
    with private_api.faster_writing():
        pdf.write(out)
    framing = _framing(out.getvalue())
    assert len(framing) == len(streams)
    for data, eol in framing:
        assert eol in (b"\n", b"\r\n")
        # A reader that takes a CR before the LF for the end-of-line must not lose a byte.
        assert not (data.endswith(b"\r") and eol == b"\n"), (data, eol)


def test_a_stream_ending_in_cr_gets_crlf() -> None:
    with private_api.faster_writing():
        data = pydyf.Stream([b"abc\r"]).data
    assert data.endswith(b"stream\nabc\r\r\nendstream")
    assert pydyf.Stream([b"abc\r"]).data.endswith(b"abc\r\nendstream"), "restored afterwards"
