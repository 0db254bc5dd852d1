"""The image credit line of a summary page: caption, credit and source.

    Image: 内閣官房内閣広報室, https://www.kantei.go.jp/...     credit, source
    Photo credit: Reuters/Adnan Abidi                         credit
    Image: Delegates at ... New York. UN Photo by Eskinder Debebe.
                                                              caption, credit
    Image: Delegates at the opening session, New York (August 2022)
                                                              caption; no credit

A caption is never cut inside its brackets. When no credit can be told
apart, the caption is kept whole, the credit is left for an editor to fill
in, and the report says so.
"""

import re

from images.models import Image

from .link_lines import URL_TOKEN, checked_url
from .records import max_length

CREDIT_LINE = re.compile(
    r"^(?P<label>(?:cover\s+|featured\s+|header\s+|top\s+)?(?:image|photo|photograph|"
    r"picture|illustration)s?(?:\s+(?:credits?|courtesy(?:\s+of)?|source))?|"
    r"credits?|source|image\s+source|photo\s+source)\s*[:：]\s*(?P<rest>.+)$|"
    r"^(?P<by>(?:photo|image|picture)s?\s+(?:by|courtesy\s+of)\s+.{2,120})$",
    re.IGNORECASE,
)
PHOTO_BY = re.compile(
    r"(?P<credit>(?:\b[\w/&-]+\s+){0,3}(?:photo|image|picture|photograph)s?\s+"
    r"(?:by|courtesy\s+of|credit:?)\s+[^.;()]+?)\.?$",
    re.IGNORECASE,
)
# A credit in brackets at the end: "(Photo: Kyodo)", "(Credit: AP)".
BRACKETED = re.compile(
    r"\((?:photo|image|credit|source|courtesy)s?\s*(?:by|of|:)\s*(?P<credit>[^()]+)\)"
    r"\.?$",
    re.IGNORECASE,
)
# Who usually stands after the last comma of a caption.
AGENCIES = re.compile(
    r"\b(reuters|ap|afp|getty|shutterstock|wikimedia|flickr|un photo|yonhap|kyodo|"
    r"epa|xinhua|unsplash|pixabay|creative commons|cc by|cc-by|associated press|"
    r"bloomberg|alamy|iaea|nato|white house|kremlin|kantei|official|government|"
    r"ministry|office|photo|/)",
    re.IGNORECASE,
)
CITATION = re.compile(r"\(\d{4}[a-z]?\)\.|\bdoi\b|\bpp?\.\s*\d", re.IGNORECASE)
NO_CREDIT = "Credit to be confirmed"


def credit_text(match):
    """Return the words of a CREDIT_LINE match ("Photo by X" is all credit)."""
    return match["rest"] or match["by"]


def split_outside_brackets(text, separator):
    """Return text's parts between separators that stand outside brackets."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(separator, index):
            parts.append(text[start:index])
            start = index + len(separator)
    parts.append(text[start:])
    return parts


def caption_and_credit(text):
    """Return (caption, credit) of a credit line's words; credit "" if none."""
    if not text:
        return "", ""
    bracketed = BRACKETED.search(text)
    if bracketed:
        return text[: bracketed.start()].strip(" ,;–—-"), bracketed["credit"].strip()
    if CITATION.search(text):
        return "", text  # An academic citation is the credit, whole.
    by = PHOTO_BY.search(text)
    if by and len(by["credit"]) <= 200:
        return text[: by.start("credit")].strip(" ,;–—-"), by["credit"].strip(" ,;")
    if len(text) <= 60 and len(text.split()) <= 6:
        return "", text
    for separator in (", ", ". ", " – ", " — ", " / "):
        parts = split_outside_brackets(text.rstrip("."), separator)
        last = parts[-1].strip()
        if len(parts) > 1 and len(last.split()) <= 5 and AGENCIES.search(last):
            return separator.join(parts[:-1]).strip(" ,;"), last
    return text, ""


def parse_credit(rest, block, where, notes=None):
    """Return the image fields of a credit line ("Image: credit, URL"...).

    notes, when given, is told when no credit could be found.
    """
    rest = rest.strip()
    url = ""
    hrefs = [href for _, href in block.links if href]
    match = URL_TOKEN.search(rest)
    if hrefs:
        url = checked_url(hrefs[-1], where, "image source")
    if match:
        url = url or checked_url(match["url"], where, "image source")
        rest = (rest[: match.start()] + rest[match.end() :]).strip()
    rest = rest.strip(" ,;–—-").strip()
    caption, credit = caption_and_credit(rest)
    if not credit and url:
        credit = re.sub(r"^www\.", "", re.sub(r"^https?://([^/]+).*", r"\1", url))
    if not credit:
        credit = NO_CREDIT
        if notes is not None:
            notes.append(
                (
                    where,
                    f"no credit found in the image line “{rest[:60]}”: the caption is "
                    "kept; add the credit",
                )
            )
    limit = max_length(Image, "credit")
    if len(credit) > limit:
        caption, credit = credit, credit[: limit - 1] + "…"
    return {
        "credit": credit,
        "source_url": url,
        "caption": caption,
        "licence": "all-rights-reserved",
        "alt_text": "",
        "is_decorative": False,
        "file": "",
    }
