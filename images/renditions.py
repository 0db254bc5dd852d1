"""Image renditions for readers: several widths, WebP with a JPEG/PNG fallback.

Uploads are cleaned once, when saved, whatever sent them (the admin form, an
importer): checked by images.validators.check_image, turned upright by their
EXIF orientation and re-encoded from their pixels alone, every frame of an
animation included. EXIF (camera, GPS), XMP and JPEG/GIF comments are dropped,
and so is anything appended to the file (a GIF that is also a script); the ICC
colour profile is kept, as colours would shift without it. The stored file is
named with the extension of its decoded format. Renditions are made at the
same time and listed on the Image, so pages build `srcset` without asking the
storage anything.
"""

import io
from pathlib import PurePosixPath
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence

from .validators import check_image, extension_of

WIDTHS = (480, 800, 1200)
QUALITY = {"JPEG": 82, "WEBP": 78}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# What an encoded image may carry over from the one it was made from: how it
# looks and moves, nothing about who made it or where (EXIF, XMP, comments).
KEPT_INFO = {"icc_profile", "transparency", "background", "duration", "loop"}


class Cleaned(NamedTuple):
    content: bytes
    width: int
    height: int
    extension: str  # of the decoded format: ".jpg", ".png", ".gif", ".webp"


def pixels_only(image):
    """Return image with only the info that encoding should keep (KEPT_INFO)."""
    image.info = {k: v for k, v in image.info.items() if k in KEPT_INFO}
    return image


def has_alpha(image):
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


def encode(image, fmt, frames=()):
    """Return image encoded as fmt, without metadata; frames follow it if given."""
    buffer = io.BytesIO()
    pixels_only(image)
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
    if frames:
        options["save_all"] = True
        options["append_images"] = [pixels_only(frame) for frame in frames]
        options["duration"] = [f.info.get("duration", 100) for f in (image, *frames)]
        if "loop" in image.info:
            options["loop"] = image.info["loop"]
    # Stated, as Pillow otherwise copies a comment from image.info.
    if fmt in {"JPEG", "GIF"}:
        options["comment"] = b""
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def clean_upload(file, name=None):
    """Return Cleaned(content, width, height, extension) for an upload.

    The file is checked first (ValidationError if it is not a complete JPEG,
    PNG, GIF or WebP under an image's name, within the caps), then re-encoded
    upright from its pixels: see the module's docstring.
    """
    fmt = check_image(file, name)
    file.seek(0)
    with PILImage.open(file, formats=[fmt]) as original:
        if getattr(original, "n_frames", 1) > 1:
            # Every frame, whole (Pillow composes each on the ones before).
            frames = [frame.copy() for frame in ImageSequence.Iterator(original)]
            first, rest = frames[0], frames[1:]
            if "loop" in original.info:  # else played once
                first.info["loop"] = original.info["loop"]
        else:
            first, rest = ImageOps.exif_transpose(original), []
        content = encode(first, fmt, rest)
        width, height = first.size
    file.seek(0)
    return Cleaned(content, width, height, extension_of(fmt))


def verified_image(content, name):
    """Return (bytes, extension): content checked and re-encoded for storing.

    For code that stores image files without an Image model save (an
    importer writing to the media folder): raises ValidationError, with a
    message for people, when content is not an image the site accepts under
    name; the file should be stored under the returned extension (".jpg"...).
    """
    cleaned = clean_upload(ContentFile(content, name=name), name)
    return cleaned.content, cleaned.extension


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
