"""Rules for addresses, shared by every app's fields and database constraints."""

from django.core.validators import URLValidator
from django.db.models import Q

# Only web links: javascript:, data: and ftp: URLs are refused everywhere.
http_url = URLValidator(
    schemes=["http", "https"],
    message="Enter a web address starting with http:// or https://.",
)


def is_site_path(path):
    """Return True for a path on this site ("/x"), not "//host/" or "/\\host"."""
    return path.startswith("/") and not path.startswith(("//", "/\\"))


def http_or_blank(field):
    """Database rule matching the http_url validator: blank or a web link."""
    return (
        Q((field, ""))
        | Q((f"{field}__istartswith", "http://"))
        | Q((f"{field}__istartswith", "https://"))
    )
