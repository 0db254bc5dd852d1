"""Validation of uploaded images, whoever sends them: forms, imports, restores."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage

IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image_file(file):
    """Refuse files that are too big, not images, or declare too many pixels.

    The pixel count is read from the header before anything is decoded, so a
    small file declaring a huge canvas (a decompression bomb) is refused
    cheaply; Pillow's own limit only warns below twice its threshold.
    """
    if getattr(file, "_committed", False):
        return  # Already stored: it was checked when it was uploaded.
    if file.size is not None and file.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            f"The image is {filesizeformat(file.size)}; the limit is "
            f"{filesizeformat(settings.IMAGE_MAX_BYTES)}.",
            code="too_big",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Our own cap, below, is stricter than Pillow's warning threshold.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            image = PILImage.open(file)
        with image:
            width, height = image.size
            kind = image.format
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    f"The image is {width}×{height} pixels; the limit is "
                    f"{settings.IMAGE_MAX_PIXELS // 1_000_000} megapixels.",
                    code="too_many_pixels",
                )
            if kind not in IMAGE_FORMATS:
                raise ValidationError(
                    f"{kind} images are not accepted; upload JPEG, PNG, GIF or WebP.",
                    code="format",
                )
            image.verify()
    except ValidationError:
        raise
    except Exception as err:  # Pillow raises many types for broken files.
        raise ValidationError(
            "The file is not a readable image (JPEG, PNG, GIF or WebP).", code="invalid"
        ) from err
    finally:
        file.seek(position)
