"""The geometry of a bar chart (model.BarChart), shared by the SVG the HTML and PDF show and
the PNG the DOCX shows: horizontal bars, one per label, each with its label on the left
and its value written after the bar, so the chart reads without colour."""

from __future__ import annotations

from dataclasses import dataclass

from ... import model as m

# Units are CSS pixels at 96 dpi; the PNG scales them.
WIDTH = 600
ROW = 28
BAR = 18
LABEL_WIDTH = 150
VALUE_GAP = 8
VALUE_WIDTH = 40
TOP = 6
FONT_SIZE = 13


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float          # where the bar starts
    y: float          # top of the bar
    length: float     # 0 for a zero value (the value is still written)
    text_y: float     # text baseline


def height(chart: m.BarChart) -> float:
    return TOP * 2 + ROW * len(chart.values)


def bars(chart: m.BarChart) -> list[Bar]:
    top = max(chart.values, default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_GAP - VALUE_WIDTH
    out = []
    for index, (label, value) in enumerate(zip(chart.labels, chart.values)):
        y = TOP + index * ROW + (ROW - BAR) / 2
        out.append(Bar(label, value, LABEL_WIDTH, y, span * value / top,
                       y + BAR / 2 + FONT_SIZE * 0.35))
    return out


def svg(chart: m.BarChart, family: str, bar_colour: str, text_colour: str,
        rule_colour: str) -> str:
    """The chart as SVG markup (the caller escapes nothing: every text is escaped here)."""
    from markupsafe import escape

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height(chart):g}" '
             f'width="{WIDTH}" height="{height(chart):g}" class="diagram-svg" '
             f'font-family="{escape(family)}" font-size="{FONT_SIZE}">']
    parts.append(f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height(chart):g}" '
                 f'stroke="{escape(rule_colour)}" stroke-width="1"/>')
    for bar in bars(chart):
        parts.append(f'<text x="{LABEL_WIDTH - VALUE_GAP}" y="{bar.text_y:g}" text-anchor="end" '
                     f'fill="{escape(text_colour)}">{escape(bar.label)}</text>')
        if bar.length:
            parts.append(f'<rect x="{bar.x:g}" y="{bar.y:g}" width="{bar.length:g}" '
                         f'height="{BAR}" fill="{escape(bar_colour)}"/>')
        parts.append(f'<text x="{bar.x + bar.length + VALUE_GAP:g}" y="{bar.text_y:g}" '
                     f'fill="{escape(text_colour)}">{bar.value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def png(chart: m.BarChart, font: bytes, bar_colour: str, text_colour: str,
        rule_colour: str, scale: int = 3) -> bytes:
    """The chart as a PNG drawn with Pillow at `scale` times 96 dpi, in the brand's font."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    size = (WIDTH * scale, int(height(chart) * scale))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(io.BytesIO(font), FONT_SIZE * scale)
    draw.line([(LABEL_WIDTH * scale, 0), (LABEL_WIDTH * scale, size[1])], fill=rule_colour,
              width=scale)
    for bar in bars(chart):
        baseline = bar.text_y * scale
        draw.text(((LABEL_WIDTH - VALUE_GAP) * scale, baseline), bar.label, font=face,
                  fill=text_colour, anchor="rs")
        if bar.length:
            draw.rectangle([bar.x * scale, bar.y * scale, (bar.x + bar.length) * scale,
                            (bar.y + BAR) * scale], fill=bar_colour)
        draw.text(((bar.x + bar.length + VALUE_GAP) * scale, baseline), str(bar.value),
                  font=face, fill=text_colour, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(96 * scale, 96 * scale), optimize=True)
    return out.getvalue()
