"""Slugs for every page: right for each script, unique within a model."""

import unicodedata

from anyascii import anyascii
from django.utils.text import slugify


def is_latin(text):
    """Return True if every letter of text is in the Latin script."""
    return all(
        unicodedata.name(char, "").startswith("LATIN")
        for char in text
        if char.isalpha()
    )


def slug_for(text, fallback="item"):
    """Return a slug for text: ASCII for Latin names, the script itself otherwise.

    Vietnamese "Đặng Đình Quý" becomes "dang-dinh-quy" (Django's slugify alone
    drops "Đ"); Japanese, Korean and Chinese names keep their characters
    rather than a guessed romanisation. Never empty.
    """
    text = unicodedata.normalize("NFKC", text or "")
    slug = slugify(anyascii(text)) if is_latin(text) else ""
    if not slug:
        slug = slugify(text, allow_unicode=True)
    return slug or fallback


def unique_slug(model, text, max_length=80, fallback="item", exclude_pk=None):
    """Return slug_for(text), suffixed -2, -3... until no row of model uses it."""
    base = slug_for(text, fallback)[:max_length].strip("-") or fallback
    queryset = model._default_manager.all()
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug
