"""Images with their attribution, as records: a commentary's image, a photo.

A record names the image's file by its path in the media folder. Summary
pages carry only the credit line, so an image may arrive without its file:
it is stored with its credit and listed as needing attention until an editor
uploads the file.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from images.models import Image
from images.validators import check_stored_image

from .records import MISSING
from .sources import InputError

FIELDS = [
    "credit", "source_url", "caption", "licence", "alt_text", "is_decorative", "file",
]  # fmt: skip


def columns(prefix):
    """Return the CSV columns of an image: image_credit, image_source_url..."""
    return [f"{prefix}_{name}" for name in FIELDS]


def to_record(image):
    if image is None:
        return None
    return {
        "credit": image.credit,
        "source_url": image.source_url or None,
        "caption": image.caption,
        "licence": image.licence,
        "alt_text": image.alt_text,
        "is_decorative": image.is_decorative,
        "file": image.file.name or None,
    }


def values(image):
    """Return what an image record compares equal to (after parse)."""
    record = to_record(image)
    record["source_url"] = record["source_url"] or ""
    record["file"] = record["file"] or ""
    return record


def flatten(record, prefix, row):
    for key, value in (record or {}).items():
        row[f"{prefix}_{key}"] = value


def unflatten(row, prefix, record, name):
    """Put the image columns of a CSV row into record[name] (None if all blank)."""
    start = f"{prefix}_"
    image = {k[len(start) :]: v for k, v in row.items() if k.startswith(start)}
    if not image:
        return
    if not any(value.strip() for value in image.values()):
        record[name] = None
        return
    if not image.get("licence", "").strip():
        image.pop("licence", None)
    record[name] = image


def parse(sub):
    """Return image fields from the Sub fields (of model Image) of an image."""
    licence = sub.choice("licence")
    path = sub.text("file", strip=True)
    image = {
        "credit": sub.text("credit", required=True, strip=True),
        "source_url": sub.url("source_url"),
        "caption": sub.text("caption"),
        "licence": Image.Licence.ALL_RIGHTS_RESERVED if licence is MISSING else licence,
        "alt_text": sub.text("alt_text", strip=True),
        "is_decorative": sub.boolean("is_decorative"),
        "file": path,
    }
    for key, value in image.items():
        if value is MISSING or value is None:
            image[key] = False if key == "is_decorative" else ""
    if image["file"] and (
        image["file"].startswith(("/", "\\")) or ".." in image["file"].split("/")
    ):
        raise sub.error(
            "file",
            "expected a path inside the media folder, e.g. images/2024/05/a.jpg.",
        )
    if image["file"] and not image["is_decorative"] and not image["alt_text"]:
        raise sub.error("alt_text", "describe the image, or set is_decorative to true.")
    return image


def check_file(data, notes, location, field):
    """Return data, without a file that is not in the media folder (noted).

    A file that is there but that no image uses yet is served as it is, so it
    must be an image Fulcrum would have stored under that name (the format
    its extension says, no metadata, nothing appended: check_stored_image);
    a folder, an unreadable file or another kind of file raises an InputError
    at location, naming field (“image.file”).
    """
    path = data["file"]
    if not path:
        return data
    if not default_storage.exists(path):
        notes.append(f"image file “{path}” is not in the media folder: upload it")
        return dict(data, file="")
    if Image.objects.filter(file=path).exists():
        return data  # stored already, by an upload or an earlier import
    try:
        with default_storage.open(path, "rb") as handle:
            check_stored_image(handle, path)
    except IsADirectoryError:
        raise InputError(
            location,
            f"“{path}” is a folder of the media folder; expected an image file "
            "such as images/2024/05/a.jpg.",
            field,
        ) from None
    except OSError as err:
        raise InputError(
            location,
            f"“{path}” cannot be read from the media folder ({err.strerror or err}).",
            field,
        ) from None
    except ValidationError as err:
        raise InputError(
            location,
            f"“{path}” is not an image Fulcrum can store: {' '.join(err.messages)} "
            "Upload the image instead.",
            field,
        ) from None
    return data


def create(data):
    image = Image(**{k: v for k, v in data.items() if k != "file"})
    if data["file"]:
        image.file = data["file"]
    image.save()
    return image


def replace(current, data, shared):
    """Return (image, changed): current updated in place, or a new image.

    An image that other pieces or profiles also show (shared) is left alone.
    """
    if data is None:
        return None, current is not None
    if current is not None and values(current) == data:
        return current, False
    if current is None or shared():
        return create(data), True
    for key, value in data.items():
        if key != "file":
            setattr(current, key, value)
    if current.file.name != data["file"]:
        current.file = data["file"]
    current.save()
    return current, True
