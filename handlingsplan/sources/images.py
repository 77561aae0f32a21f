"""Pictures (PNG, JPEG) checked by decoding them, and scaled down to what print needs.

The only importer of Pillow (which WeasyPrint depends on anyway). A picture is decoded in
full when it is read, so a truncated or corrupt file is reported at the Markdown line that
names it instead of vanishing from the PDF or crashing the Word writer; its size in pixels is
read from the header and checked against a budget before any pixel is decoded (a 0.4 MB PNG
can say 12 000 x 12 000 and need 1.2 GB). A picture with more pixels than the printed text
area needs at PRINT_DPI is scaled down once, in the sources stage, so every writer gets the
same smaller bytes: deterministic (same input, same bytes) and without metadata.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache

from .limits import MAX_IMAGE_PIXELS, PRINT_DPI

FORMATS = ("PNG", "JPEG")
_DEFAULT_DPI = 72.0   # what python-docx assumes for a file that names none


@lru_cache(maxsize=16)
def problem(data: bytes) -> str | None:
    """Why the bytes are not a usable PNG or JPEG picture (Swedish, to follow "bilden 'x' "),
    or None. Remembered by the bytes (the preview reads the same pictures on every save)."""
    from PIL import Image   # imported when a picture is read: it is not needed for startup

    too_large = (f"är för stor (högst {MAX_IMAGE_PIXELS // 1_000_000} miljoner bildpunkter): "
                 "minska den, till exempel till 2 000 bildpunkter bred, och spara om den")
    try:
        with warnings.catch_warnings():   # the size is checked here, below Pillow's bomb limit
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        return too_large
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for broken files
        picture = None
    if picture is None:
        return ("är inte en giltig PNG- eller JPEG-fil: spara om den som PNG eller JPEG")
    try:
        with picture:
            if picture.format not in FORMATS:
                return "är inte en giltig PNG- eller JPEG-fil: spara om den som PNG eller JPEG"
            width, height = picture.size
            if width * height > MAX_IMAGE_PIXELS:
                return too_large.replace("(högst", f"({width} × {height} bildpunkter; högst")
            if picture.format == "PNG":
                picture.verify()      # every chunk and its checksum, up to IEND
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()            # every pixel
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for broken files
        return ("är inte en giltig PNG- eller JPEG-fil (den är trasig eller avkortad): "
                "spara om den som PNG eller JPEG")
    return None


@lru_cache(maxsize=16)
def fit(data: bytes, width_mm: float, height_mm: float) -> bytes | None:
    """The picture scaled down to at most PRINT_DPI across width_mm x height_mm, in its
    format, without metadata (turned upright first if its EXIF data says so); None when it
    is already small enough. The resolution it declares is scaled too, so its natural size
    (what the Word writer starts from) stays the same. Remembered by the bytes and the area,
    like `problem`: the same input gives the same bytes."""
    from PIL import Image, ImageOps

    max_width = width_mm / 25.4 * PRINT_DPI
    max_height = height_mm / 25.4 * PRINT_DPI
    with Image.open(io.BytesIO(data)) as original:
        fmt = original.format
        width, height = original.size
        if width <= max_width and height <= max_height:
            return None
        dpi = original.info.get("dpi") or (_DEFAULT_DPI, _DEFAULT_DPI)
        picture = ImageOps.exif_transpose(original)
        width, height = picture.size
        scale = min(1.0, max_width / width, max_height / height)
        if scale >= 1.0:
            return None
        if picture.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
            alpha = "transparency" in picture.info or picture.mode in ("PA", "La", "RGBa")
            picture = picture.convert("RGBA" if alpha else "RGB")
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        scaled = picture.resize(size, Image.Resampling.LANCZOS)
    new_dpi = tuple(max(1.0, float(d or _DEFAULT_DPI) * scale) for d in dpi[:2])
    out = io.BytesIO()
    if fmt == "JPEG":
        scaled.save(out, format="JPEG", quality=90, dpi=new_dpi)
    else:
        scaled.save(out, format="PNG", dpi=new_dpi)
    return out.getvalue()
