"""Image renditions for readers: several widths, WebP with a JPEG/PNG fallback.

Uploads are cleaned once, when saved: turned upright by their EXIF orientation
and re-encoded without EXIF (camera, GPS) data, so nothing private reaches the
public. Renditions are made at the same time and listed on the Image, so pages
build `srcset` without asking the storage anything.
"""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps

WIDTHS = (480, 800, 1200)
QUALITY = {"JPEG": 82, "WEBP": 78}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def has_alpha(image):
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


def encode(image, fmt):
    buffer = io.BytesIO()
    if fmt == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    options = {"quality": QUALITY[fmt]} if fmt in QUALITY else {}
    if fmt in {"JPEG", "WEBP"}:
        options["optimize" if fmt == "JPEG" else "method"] = (
            True if fmt == "JPEG" else 4
        )
    icc = image.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def clean_upload(file):
    """Return (content, width, height): the upload upright and without EXIF.

    Returns None for an animated GIF, which re-encoding would flatten.
    """
    file.seek(0)
    with PILImage.open(file) as original:
        fmt = original.format
        if fmt == "GIF" and getattr(original, "is_animated", False):
            file.seek(0)
            return None  # GIFs carry no EXIF.
        upright = ImageOps.exif_transpose(original)
        upright.info.pop("exif", None)
        return ContentFile(encode(upright, fmt)), upright.width, upright.height


def make_renditions(image):
    """Write the renditions of an Image's file; return their descriptions."""
    storage = image.file.storage
    stem = PurePosixPath(image.file.name).stem
    folder = f"renditions/{image.pk}"
    made = []
    with image.file.open("rb") as handle, PILImage.open(handle) as original:
        original = ImageOps.exif_transpose(original)
        fallback = "PNG" if has_alpha(original) else "JPEG"
        widths = [w for w in WIDTHS if w < original.width] + [min(original.width, 1600)]
        for width in sorted(set(widths)):
            height = round(original.height * width / original.width)
            resized = original.resize(
                (width, max(height, 1)), PILImage.Resampling.LANCZOS
            )
            for fmt in ("WEBP", fallback):
                name = f"{folder}/{stem}-{width}.{EXTENSIONS[fmt]}"
                if storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, ContentFile(encode(resized, fmt)))
                made.append(
                    {
                        "width": width,
                        "height": height,
                        "format": fmt.lower(),
                        "name": saved,
                    }
                )
    return made


def delete_renditions(renditions, storage=default_storage):
    for rendition in renditions or []:
        storage.delete(rendition["name"])
