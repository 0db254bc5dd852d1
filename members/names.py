"""Name handling shared by members and imports: match keys and slugs.

APLN names arrive in many shapes: with or without diacritics ("Hoang Thi Ha"
is Hoàng Thị Hà), family name first or last ("Moon Chung-in" is "Chung-in
Moon"), surnames in capitals, honorifics. `name_key` folds all of these to one
key, and `slug_for` makes a URL slug that is right for each script.
"""

import re
import unicodedata

from anyascii import anyascii
from django.utils.text import slugify

# Honorifics and titles that are not part of a person's name.
HONORIFICS = {
    "amb", "ambassador", "dr", "prof", "professor", "he", "hon", "mr", "mrs",
    "ms", "sir", "dame", "gen", "general", "adm", "admiral", "rev", "lt",
    "col", "maj", "excellency", "his", "her", "the",
}  # fmt: skip


def is_latin(text):
    """Return True if every letter of text is in the Latin script."""
    return all(
        unicodedata.name(char, "").startswith("LATIN")
        for char in text
        if char.isalpha()
    )


def name_key(name):
    """Return a key equal for every spelling of one person's name.

    Case, diacritics, punctuation, honorifics and word order are ignored, so
    "H.E. Dr. Moon Chung-in", "Chung-in MOON" and "Moon Chung In" match.
    Names in other scripts keep their letters (no reading is guessed).
    """
    text = unicodedata.normalize("NFKC", name or "")
    if is_latin(text):
        text = anyascii(text)
    # "H.E." is one word (he), as is "C." (c); hyphens join given names.
    text = text.casefold().replace(".", "").replace("-", " ")
    words = [w for w in re.split(r"[\W_]+", text) if w]
    words = [w for w in words if w not in HONORIFICS] or words
    return " ".join(sorted(words))


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
