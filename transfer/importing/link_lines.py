"""The link line of a summary page, in all the old site's wordings.

"The full article can be accessed here.", "The original article can be
accessed here.", "Read the full article here.", "To read the whole report,
please download the PDF.", "The interview is available in Japanese here.",
"Watch the panel here.", "Read more". It may stand alone or close the lede's
paragraph; its address is the link's href (HTML) or written out after it,
with or without a scheme ("www.example.org/...").
"""

import re

from articles.models import Commentary
from images.models import Image

from .records import max_length
from .sources import InputError

LINK_LINE = re.compile(
    r"^(?:(?:the\s+)?(?P<which>full|original|whole|complete|entire)?\b.{0,80}?\b"
    r"(?:can|may|is|are)\s+(?:also\s+)?(?:be\s+)?(?:accessed|read|found|viewed|"
    r"available|downloaded|watched|listened\s+to|seen)\b.{0,60}?\b(?:here|below|"
    r"pdf|link|online|website)\b|(?P<more>read\s+more|read\s+the\b[^.]{0,60}|"
    r"click\s+here\b[^.]{0,60}|(?:to\s+)?(?:read|watch|listen(?:\s+to)?|view|"
    r"download|access|see)\b[^.]{0,100}?\b(?:here|pdf|link|below|online|website|"
    r"youtube)\b|(?:the\s+)?(?:full|original)\s+(?:article|text|interview|report|"
    r"piece|statement|op-ed|commentary|paper)\s*:|(?:available|published|read\s+it)"
    r"\s+(?:at|on)\s*:?\s+(?=https?://|www\.)|link\s*:))",
    re.IGNORECASE,
)
URL_TOKEN = re.compile(r"(?P<url>\b[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>“”\"]+)")
WWW_TOKEN = re.compile(r"(?<![/\w.])(?P<url>www\.[^\s<>“”\"]+)", re.IGNORECASE)
WEB_URL = re.compile(r"https?://[^\s<>“”\"]+", re.IGNORECASE)


def link_line_choice(match):
    """Return the LinkLine choice closest to a link line's wording."""
    words = " ".join(match.group(0).casefold().split())
    if "original" in words:
        return Commentary.LinkLine.ORIGINAL
    if match["more"] and words.startswith("read more"):
        return Commentary.LinkLine.READ_MORE
    return Commentary.LinkLine.FULL


def is_link_line(text):
    """Return the LINK_LINE match if text is a link line (short), else None."""
    if len(text) > 200:
        return None
    return LINK_LINE.match(text.strip())


def checked_url(url, where, what):
    given = url.strip()
    url = given.rstrip(".,;)")
    if re.match(r"www\.", url, re.IGNORECASE):
        url = f"https://{url}"  # written without its scheme
    if not re.match(r"https?://[^\s/]+\.[^\s]", url, re.IGNORECASE):
        shown = given if len(given) <= 60 else given[:57] + "..."
        raise InputError(
            where,
            f"expected a web address starting with http:// or https://; found "
            f"“{shown}”.",
            what,
        )
    limit = max_length(Commentary, "full_article_url")
    if what == "image source":
        limit = max_length(Image, "source_url")
    if len(url) > limit:
        raise InputError(
            where, f"expected a web address of at most {limit} characters.", what
        )
    return url


def written_url(text):
    """Return the first address written out in text ("https://", "www."), or ""."""
    match = URL_TOKEN.search(text) or WWW_TOKEN.search(text)
    return match["url"] if match else ""


def link_url(block, where, what):
    """Return the address behind "here" (HTML) or written out (text), or ""."""
    for text, href in block.links:
        words = " ".join(text.casefold().split())
        if words in ("here", "read more", "pdf") or words.startswith("read the"):
            return checked_url(href, where, what)
    for _, href in block.links:
        return checked_url(href, where, what)
    url = written_url(block.text)
    return checked_url(url, where, what) if url else ""
