"""Validation of uploaded images, whoever sends them: forms, imports, restores.

The site stores JPEG, PNG, GIF and WebP only, each under a file name whose
extension names that format. A file is accepted when its name ends in one of
those extensions, Pillow recognises it as one of those formats (no other
decoder is even tried), its size and pixels are within the caps, and every
frame decodes to the end (a truncated file is refused here, not by a server
error later). Uploads are then re-encoded (images.renditions.clean_upload), so
what is stored holds pixels only: no comments, EXIF, XMP or trailing bytes.
"""

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage

# Decoded format -> the extensions its files may have (the first is given to
# stored files) and its media type.
FORMATS = {
    "JPEG": ((".jpg", ".jpeg"), "image/jpeg"),
    "PNG": ((".png",), "image/png"),
    "GIF": ((".gif",), "image/gif"),
    "WEBP": ((".webp",), "image/webp"),
}
IMAGE_FORMATS = set(FORMATS)
EXTENSIONS = {ext: fmt for fmt, (exts, _type) in FORMATS.items() for ext in exts}
MEDIA_TYPES = {media_type for _exts, media_type in FORMATS.values()}
# The file input's accept attribute: the media types, then the extensions.
ACCEPT = ",".join(
    [media_type for _exts, media_type in FORMATS.values()] + list(EXTENSIONS)
)
FORMATS_TEXT = "JPEG, PNG, GIF or WebP"


def extension_of(fmt):
    """Return the extension a stored file of Pillow format fmt gets: ".jpg"..."""
    return FORMATS[fmt][0][0]


def _extension(name):
    return PurePosixPath(name or "").suffix.lower()


def check_image(file, name=None):
    """Read the whole image in file; return its Pillow format ("JPEG"...).

    Raise ValidationError when the name's extension is not an image's, the
    file is too big, declares too many pixels (every frame counts), is not
    JPEG/PNG/GIF/WebP, or does not decode to the end. The pixel count is read
    from the header before anything is decoded, so a small file declaring a
    huge canvas (a decompression bomb) is refused cheaply. The file is left
    at the position it had.
    """
    name = getattr(file, "name", None) if name is None else name
    extension = _extension(name)
    if extension not in EXTENSIONS:
        shown = f"“{extension}” files" if extension else "Files without an extension"
        raise ValidationError(
            f"{shown} are not accepted; upload {FORMATS_TEXT} "
            f"({', '.join(EXTENSIONS)}).",
            code="extension",
        )
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            f"The image is {filesizeformat(size)}; the limit is "
            f"{filesizeformat(settings.IMAGE_MAX_BYTES)}.",
            code="too_big",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Our own cap, below, is stricter than Pillow's warning threshold.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            image = PILImage.open(file, formats=sorted(IMAGE_FORMATS))
            with image:
                fmt = image.format
                width, height = image.size
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        f"The image is {width}×{height} pixels; the limit is "
                        f"{settings.IMAGE_MAX_PIXELS // 1_000_000} megapixels.",
                        code="too_many_pixels",
                    )
                frames = getattr(image, "n_frames", 1)
                if frames * width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        f"The animation has {frames} frames of {width}×{height} "
                        f"pixels; the limit is "
                        f"{settings.IMAGE_MAX_PIXELS // 1_000_000} megapixels "
                        "in all frames together.",
                        code="too_many_pixels",
                    )
                # Decode every pixel of every frame: verify() alone lets a
                # truncated JPEG through, to fail when it is re-encoded.
                for frame in range(frames):
                    image.seek(frame)
                    image.load()
    except ValidationError:
        raise
    except Exception as err:  # Pillow raises many types for broken files.
        raise ValidationError(
            f"The file is not a complete, readable image ({FORMATS_TEXT}).",
            code="unreadable",  # "invalid" would take the form field's message
        ) from err
    finally:
        file.seek(position)
    return fmt


def validate_image_file(file):
    """The Image.file validator: see check_image (stored files pass as they are)."""
    if getattr(file, "_committed", False):
        return  # Already stored: it was checked when it was uploaded.
    check_image(file)


def check_stored_image(file, name):
    """Refuse a file that Fulcrum would not have stored under name.

    For files written without re-encoding (a restored archive's media): the
    checks of check_image, and the extension must be the one of the decoded
    format; the file must hold no comment and no EXIF/XMP data, and end where
    the image ends (nothing appended after it). Return the format.
    """
    fmt = check_image(file, name)
    if EXTENSIONS[_extension(name)] != fmt:
        raise ValidationError(
            f"“{name}” holds a {fmt} image; its name should end in "
            f"{extension_of(fmt)}.",
            code="extension_mismatch",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        data = file.read()
    finally:
        file.seek(position)
    with PILImage.open(io.BytesIO(data), formats=[fmt]) as image:
        metadata = {key for key in ("comment", "exif", "xmp") if image.info.get(key)}
        end = None
        if fmt == "GIF":
            end, commented = _read_gif_to_end(image)
            metadata |= {"comment"} if commented else set()
    if metadata:
        raise ValidationError(
            f"“{name}” carries metadata ({', '.join(sorted(metadata))}) that stored "
            "images never have.",
            code="metadata",
        )
    if not _ends_cleanly(data, fmt, end):
        raise ValidationError(
            f"“{name}” has bytes after the end of its image.", code="trailing"
        )
    return fmt


def _read_gif_to_end(image):
    """Return (the offset just after a GIF's trailer, whether a frame has a comment)."""
    commented = False
    try:
        while True:
            commented = commented or bool(image.info.get("comment"))
            image.seek(image.tell() + 1)
    except EOFError:
        return image.fp.tell(), commented


def _ends_cleanly(data, fmt, end=None):
    """Whether data ends where an image of format fmt ends."""
    if fmt == "JPEG":
        return data.endswith(b"\xff\xd9")
    if fmt == "PNG":
        return data.endswith(b"IEND\xaeB`\x82")
    if fmt == "GIF":
        return end == len(data)
    if fmt == "WEBP":
        return int.from_bytes(data[4:8], "little") + 8 == len(data)
    return False
