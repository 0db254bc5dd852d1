"""The summary pages of the old site, as plain text (.txt) or saved HTML (.html).

A page reads, one paragraph after another (see ../shared/DOMAIN.md):

    Title
    OUTLET LABEL                    (may be missing)
    Lede. Summary begins...         (the lede is the first sentence)
    More summary paragraphs
    The full article can be accessed here.      (or "original", "Read more")
    Image: credit, https://source               (or "Photo:", a caption, none)

Both formats become a list of `Block`s (a paragraph with its line and links);
`parse_blocks` reads the parts from those, and `parse_lede` reads the ordered
authors and the kind of piece from the lede's wording.
"""

import datetime
import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from django.utils import timezone

from articles.models import Authorship, Commentary
from images.models import Image
from members.models import Member

from .commentaries import AuthorIn, Incoming, sanitize
from .records import max_length
from .sources import InputError, Location, display_path, read_page

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}


@dataclass
class Block:
    """One paragraph of a page: its text, line, links and inline HTML."""

    text: str
    line: int
    html: str = ""
    links: list = field(default_factory=list)
    quote: bool = False
    heading: int = 0

    def as_html(self):
        return self.html or escape(self.text, quote=False)


@dataclass
class Page:
    """What a summary page says, before anything is matched in the database."""

    location: Location
    title: str
    outlet: str = ""
    posted_on: datetime.date | None = None
    lede: str = ""
    authors: list = field(default_factory=list)
    kind: str = ""
    lede_outlet: str = ""
    summary: list = field(default_factory=list)  # [(html, is_quote)]
    link_line: str = ""
    url: str = ""
    image: dict | None = None
    notes: list = field(default_factory=list)
    link_location: Location | None = None
    image_location: Location | None = None

    def summary_html(self):
        """Return the summary paragraphs; quoted ones in one blockquote per run."""
        parts, quoting = [], False
        for html, quote in self.summary:
            if quote != quoting:
                parts.append("<blockquote>" if quote else "</blockquote>")
                quoting = quote
            parts.append(f"<p>{html}</p>")
        if quoting:
            parts.append("</blockquote>")
        return "".join(parts)

    def incoming(self, publish=False):
        """Return the page as an Incoming piece for CommentaryWriter."""
        fields = {"title": self.title, "summary": sanitize(self.summary_html())}
        if self.url:
            fields["full_article_url"] = self.url
        if self.link_line:
            fields["link_line"] = self.link_line
        if self.summary and all(quote for _, quote in self.summary):
            fields["summary_is_excerpt"] = True
        incoming = Incoming(self.location, fields, from_page=True, publish=publish)
        label = self.outlet or self.lede_outlet
        if label:
            capitals = label.isupper()
            incoming.outlet = {"name": label, "label": label if capitals else ""}
        if self.lede:
            fields["kind"] = self.kind
            incoming.lede = self.lede
            incoming.authors = self.authors
        if self.image is not None:
            incoming.image = self.image
        if self.posted_on:
            incoming.posted_at = timezone.make_aware(
                datetime.datetime.combine(self.posted_on, datetime.time())
            )
        incoming.notes = list(self.notes)
        incoming.link_location = self.link_location
        incoming.image_location = self.image_location
        return incoming


def parse_file(path):
    """Return the Page in a .txt or .html file, or raise InputError."""
    text = read_page(path)
    location = Location(display_path(path))
    kind = SUFFIXES.get(path.suffix.lower())
    if kind == "html":
        title, blocks, posted = html_blocks(text, location)
    else:
        title, blocks, posted = text_blocks(text)
    page = parse_blocks(location, title, blocks)
    page.posted_on = page.posted_on or posted
    return page


# --- Text and HTML to blocks ---------------------------------------------------


def text_blocks(text):
    """Each non-empty line of a text page is a paragraph; the first, the title."""
    blocks = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = " ".join(line.split())
        if line:
            blocks.append(Block(line, number))
    if not blocks:
        return None, [], None
    return blocks[0], blocks[1:], None


BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote",
    "figcaption", "figure", "dd", "dt", "td", "th", "tr", "table", "pre", "address",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "body",
}  # fmt: skip
SKIP_TAGS = {
    "script", "style", "noscript", "template", "svg", "nav", "footer", "aside",
    "form", "button", "select", "iframe", "head", "menu", "dialog", "canvas",
}  # fmt: skip
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
INLINE = {"strong": "strong", "b": "strong", "em": "em", "i": "em"}
# Class or id words of site chrome (navigation, breadcrumbs, footers...).
CHROME_ATTRIBUTE = re.compile(
    r"breadcrumb|(?<![a-z])nav|menu|footer|sidebar|share|social|related|comment|"
    r"cookie|banner|skip|widget|pagination|site-header|masthead|subscribe",
    re.IGNORECASE,
)
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}


class PageParser(HTMLParser):
    """Collect the paragraphs of a saved page, leaving site chrome out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.stack = []  # (tag, skipped)
        self.skip_depth = 0
        self.quote_depth = 0
        self.heading = 0
        self.text, self.html, self.links = [], [], []
        self.line = 1
        self.link = None  # [href, text parts]
        self.page_title = []
        self.in_title = False
        self.meta = {}
        self.times = []

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key.lower(), attrs.get("content", ""))
            return
        if tag == "title":
            self.in_title = True
        if tag == "time" and attrs.get("datetime") and not self.skip_depth:
            self.times.append(attrs["datetime"])
        if tag in VOID_TAGS:
            if tag == "br" and not self.skip_depth:
                self.text.append(" ")
                self.html.append("<br>")
            return
        chrome = (
            tag in SKIP_TAGS
            or CHROME_ATTRIBUTE.search(
                f"{attrs.get('class', '')} {attrs.get('id', '')}"
            )
            or attrs.get("role", "").lower() in CHROME_ROLES
            or "hidden" in attrs
        )
        self.stack.append((tag, bool(chrome)))
        if chrome:
            self.skip_depth += 1
        if self.skip_depth:
            return
        if tag in BLOCK_TAGS:
            self.flush()
            if tag == "blockquote":
                self.quote_depth += 1
            if re.fullmatch(r"h[1-6]", tag):
                self.heading = int(tag[1])
        elif tag in INLINE:
            self.html.append(f"<{INLINE[tag]}>")
        elif tag == "a":
            self.link = [attrs.get("href", "").strip(), []]
            self.html.append("\x00a\x00")  # replaced when the link closes

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in VOID_TAGS:
            return
        # Close up to the matching start tag (browsers forgive missing ends).
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                break
        else:
            return
        for open_tag, skipped in reversed(self.stack[depth:]):
            self._close(open_tag, skipped)
        del self.stack[depth:]

    def _close(self, tag, skipped):
        if skipped:
            self.skip_depth -= 1
            return
        if self.skip_depth:
            return
        if tag in BLOCK_TAGS:
            self.flush()
            if tag == "blockquote":
                self.quote_depth -= 1
            if re.fullmatch(r"h[1-6]", tag):
                self.heading = 0
        elif tag in INLINE:
            self.html.append(f"</{INLINE[tag]}>")
        elif tag == "a" and self.link is not None:
            href, parts = self.link
            text = " ".join("".join(parts).split())
            self.links.append((text, href))
            index = len(self.html) - 1 - self.html[::-1].index("\x00a\x00")
            if href.lower().startswith(("http://", "https://", "mailto:")):
                self.html[index] = f'<a href="{escape(href)}">'
                self.html.append("</a>")
            else:
                self.html[index] = ""
            self.link = None

    def handle_data(self, data):
        if self.in_title:
            self.page_title.append(data)
            return
        if self.skip_depth:
            return
        if not "".join(self.text).strip():
            # The block starts at its first visible character.
            leading = data[: len(data) - len(data.lstrip())]
            self.line = self.getpos()[0] + leading.count("\n")
        self.text.append(data)
        self.html.append(escape(data, quote=False))
        if self.link is not None:
            self.link[1].append(data)

    def flush(self):
        text = " ".join("".join(self.text).split())
        if text:
            html = " ".join("".join(self.html).replace("\x00a\x00", "").split())
            self.blocks.append(
                Block(
                    text,
                    self.line,
                    html=html,
                    links=self.links,
                    quote=self.quote_depth > 0,
                    heading=self.heading,
                )
            )
        self.text, self.html, self.links = [], [], []
        self.line = self.getpos()[0]


def html_blocks(text, location):
    """Return (title block, blocks after it, posted date) of a saved page."""
    parser = PageParser()
    parser.feed(text)
    parser.close()
    parser.flush()
    blocks = parser.blocks
    posted = None
    for value in [parser.meta.get("article:published_time", ""), *parser.times]:
        posted = posted or parse_iso_date(value)
    for index, block in enumerate(blocks):
        if block.heading == 1:
            return block, blocks[index + 1 :], posted
    # No <h1>: the document title, without the site's name, is the title.
    title = parser.meta.get("og:title") or "".join(parser.page_title)
    title = re.split(r"\s+[|–—]\s+|\s+-\s+", " ".join(title.split()))[0]
    if not title:
        return None, blocks, posted
    rest = [b for b in blocks if fold(b.text) != fold(title)]
    return Block(title, 1), rest, posted


def parse_iso_date(value):
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# --- Blocks to a page ---------------------------------------------------------

# Navigation words that saved pages repeat around the content.
CHROME_TEXT = {
    "member activities", "home", "news", "news & updates", "publications",
    "share", "share this", "print", "back", "back to list", "list", "previous",
    "next", "top", "menu", "search", "related", "apln",
    "asia-pacific leadership network", "latest news", "activities",
}  # fmt: skip
FOOTER = re.compile(r"^(©|copyright\b|all rights reserved)", re.IGNORECASE)

LINK_LINE = re.compile(
    r"^(?:(?:the\s+)?(?P<which>full|original)\b.{0,60}?\b(?:can|may|is|are)\s+"
    r"(?:be\s+)?(?:accessed|read|found|viewed|available|downloaded|watched|"
    r"listened\s+to)\b.{0,20}?\bhere\b|(?P<more>read\s+more|read\s+the\s+"
    r"(?:full|original)\b[^.]{0,40}|click\s+here\b[^.]{0,60}))",
    re.IGNORECASE,
)
CREDIT_LINE = re.compile(
    r"^(?P<label>(?:cover\s+|featured\s+|header\s+)?(?:image|photo|photograph|"
    r"picture)s?(?:\s+credits?)?|credits?)\s*[:：]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
URL_TOKEN = re.compile(r"(?P<url>\b[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>“”\"]+)")
WEB_URL = re.compile(r"https?://[^\s<>“”\"]+", re.IGNORECASE)
PHOTO_BY = re.compile(
    r"(?P<credit>(?:\b[\w/&-]+\s+){0,3}(?:photo|image|picture|photograph)s?\s+"
    r"(?:by|courtesy\s+of|credit:?)\s+[^.;]+?)\.?$",
    re.IGNORECASE,
)


def fold(text):
    return " ".join(text.casefold().split())


def is_chrome(block, title):
    text = fold(block.text)
    if text == fold(title) or text in CHROME_TEXT or FOOTER.match(block.text):
        return True
    # Breadcrumbs: "Home > News > Member Activities".
    parts = [p.strip() for p in re.split(r"[>›»/|]", text)]
    return len(parts) > 1 and all(p in CHROME_TEXT or p == fold(title) for p in parts)


def parse_blocks(location, title_block, blocks):
    """Return the Page that a title and the blocks after it make up."""
    if title_block is None:
        raise InputError(location, "the page has no title; expected a summary page.")
    title = title_block.text
    limit = max_length(Commentary, "title")
    if len(title) > limit:
        raise InputError(
            Location(location.path, title_block.line),
            f"expected a title of at most {limit} characters on the first line; "
            f"found {len(title)} characters.",
            "title",
        )
    page = Page(Location(location.path, title_block.line), title)
    blocks = [b for b in blocks if not is_chrome(b, title)]
    blocks = take_header(page, blocks)
    if not blocks:
        raise InputError(
            Location(location.path, title_block.line),
            "only a title was found; expected a lede and a summary after it.",
        )
    lede_block = blocks[0]
    if looks_like_lede(lede_block.text):
        blocks = blocks[1:]
        page.lede, rest = first_sentence(lede_block.text)
        page.authors, page.kind, page.lede_outlet = parse_lede(page.lede)
        check_authors(page.authors, Location(location.path, lede_block.line))
        if rest:
            page.summary.append((escape(rest, quote=False), lede_block.quote))
        if not page.authors:
            page.notes.append("the lede names no authors: add them")
    else:
        page.notes.append("no lede naming the authors was found: add them")
    take_body(page, location, blocks)
    if not page.lede and not page.summary:
        raise InputError(
            Location(location.path, title_block.line),
            "no lede or summary was found after the title.",
        )
    return page


def check_authors(authors, where):
    """Refuse names the lede cannot have meant (longer than a name may be)."""
    for author in authors:
        for name in ("name", "role", "affiliation", "honorific"):
            model = Member if name == "honorific" else Authorship
            limit = max_length(model, name)
            if len(getattr(author, name)) > limit:
                raise InputError(
                    where,
                    f"an author's {name} read from the lede is longer than {limit} "
                    f"characters: “{getattr(author, name)[:40]}...”; is the lede "
                    "one sentence?",
                    "lede",
                )
    if len(authors) > 50:
        raise InputError(where, "the lede names more than 50 authors.", "lede")


def take_header(page, blocks):
    """Read the optional outlet label and posted date after the title."""
    for _ in range(2):
        if not blocks:
            break
        text = blocks[0].text
        date = parse_display_date(text)
        if date and not page.posted_on:
            page.posted_on = date
            blocks = blocks[1:]
        elif not page.outlet and looks_like_outlet(text):
            page.outlet = text
            blocks = blocks[1:]
    return blocks


def looks_like_outlet(text):
    return (
        len(text) <= 80
        and len(text.split()) <= 8
        and not text.endswith((".", "!", "?", ":"))
        and not looks_like_lede(text)
        and not LINK_LINE.match(text)
        and not CREDIT_LINE.match(text)
        and not WEB_URL.match(text)
    )


def take_body(page, location, blocks):
    """Split the blocks into summary, link line and credit line."""
    after_link = False
    for block in blocks:
        where = Location(location.path, block.line)
        credit = CREDIT_LINE.match(block.text)
        if credit and page.image is None:
            page.image = parse_credit(credit["rest"], block, where)
            page.image_location = where
            continue
        link = LINK_LINE.match(block.text)
        if link and not page.link_line and len(block.text) <= 160:
            page.link_line = link_line_choice(link)
            page.url = link_url(block, where, "full-article link")
            page.link_location = where
            after_link = True
            continue
        if after_link and not page.url and URL_TOKEN.fullmatch(block.text):
            page.url = checked_url(block.text, where, "full-article link")
            continue
        if after_link:
            page.notes.append(
                (where, f"text after the link line was left out: “{block.text[:60]}”")
            )
            continue
        page.summary.append((block.as_html(), block.quote))


def link_line_choice(match):
    if match["more"]:
        words = fold(match["more"])
        if words.startswith("read the original"):
            return Commentary.LinkLine.ORIGINAL
        if words.startswith("read the full"):
            return Commentary.LinkLine.FULL
        return Commentary.LinkLine.READ_MORE
    if match["which"].lower() == "original":
        return Commentary.LinkLine.ORIGINAL
    return Commentary.LinkLine.FULL


def checked_url(url, where, what):
    given = url.strip()
    url = given.rstrip(".,;)")
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


def link_url(block, where, what):
    """Return the address behind "here" (HTML) or written out (text), or ""."""
    for text, href in block.links:
        if fold(text) in ("here", "read more") or fold(text).startswith("read the"):
            return checked_url(href, where, what)
    for _, href in block.links:
        return checked_url(href, where, what)
    match = URL_TOKEN.search(block.text)
    return checked_url(match["url"], where, what) if match else ""


def parse_credit(rest, block, where):
    """Return the image fields of a credit line ("Image: credit, URL"...)."""
    rest = rest.strip()
    url = ""
    hrefs = [href for _, href in block.links if href]
    match = URL_TOKEN.search(rest)
    if hrefs:
        url = checked_url(hrefs[-1], where, "image source")
    if match:
        url = url or checked_url(match["url"], where, "image source")
        rest = (rest[: match.start()] + rest[match.end() :]).strip()
    rest = rest.strip(" ,;–—-()").strip()
    caption = ""
    credit = rest
    if not url and len(rest) > 120:
        # A long caption, often ending "UN photo by <name>".
        by = PHOTO_BY.search(rest)
        if by and len(by["credit"]) <= 200:
            credit = by["credit"].strip(" ,;")
            caption = rest[: by.start("credit")].strip(" ,;–—-")
    if not credit:
        credit = re.sub(r"^www\.", "", re.sub(r"^https?://([^/]+).*", r"\1", url))
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


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"),
            ("april", "apr"), ("may",), ("june", "jun"), ("july", "jul"),
            ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
            ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
DATE_LINE = re.compile(
    r"^(?:(?:posted|published|date)(?:\s+on)?\s*:?\s*)?(?:"
    r"(?P<d1>\d{1,2})\s+(?P<m1>[a-z]+)\.?,?\s+(?P<y1>\d{4})|"
    r"(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4})|"
    r"(?P<y3>\d{4})[-./](?P<m3>\d{1,2})[-./](?P<d3>\d{1,2}))$",
    re.IGNORECASE,
)


def parse_display_date(text):
    """Return the date of a line that is only a date ("12 May 2023"...)."""
    match = DATE_LINE.match(text.strip())
    if not match:
        return None
    groups = match.groupdict()
    try:
        if groups["y3"]:
            return datetime.date(
                int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
            )
        day, month, year = (
            (groups["d1"], groups["m1"], groups["y1"])
            if groups["y1"]
            else (groups["d2"], groups["m2"], groups["y2"])
        )
        return datetime.date(int(year), MONTHS[month.lower()], int(day))
    except (KeyError, ValueError):
        return None


# --- The lede ---------------------------------------------------------------

# Words after which a full stop does not end the sentence.
ABBREVIATIONS = {
    "dr", "prof", "mr", "mrs", "ms", "amb", "gen", "lt", "col", "adm", "rev",
    "st", "jr", "sr", "no", "vs", "etc", "hon", "maj", "capt", "sen", "rep",
}  # fmt: skip
SENTENCE_END = re.compile(r"[.!?][”\"’)]*(?P<space>\s+)(?=[^\s a-z])")


def first_sentence(text):
    """Return (first sentence, the rest), not stopping at "C." or "Dr."."""
    for match in SENTENCE_END.finditer(text):
        before = text[: match.start()]
        word = (before.split() or [""])[-1].casefold().lstrip('(“"‘')
        if text[match.start()] == "." and (
            len(word) == 1
            or word in ABBREVIATIONS
            or re.fullmatch(r"(?:\w\.)+\w", word)
        ):
            continue
        end = match.start("space")
        return text[:end].strip(), text[match.end() :].strip()
    return text.strip(), ""


VERB = re.compile(
    r"\b(?:co-?writes?|co-?authors?|writes?|authors?|pens?|contributes?|"
    r"co-?signs?|signs?|endorses?|joins?|(?:is|are|was|were)\s+(?:interviewed|"
    r"quoted|featured|cited)|speaks?|spoke|delivers?|delivered|gives?|presents?|"
    r"discuss(?:es)?|shares?|appears?|participates?|comments?|publish(?:es)?|"
    r"releases?|edits?|co-?edits?|launch(?:es)?|reflects?|argues?|examines?|"
    r"explores?|offers?|provides?|calls?|urges?|warns?)\b"
)
ROLE_WORDS = {
    "member", "members", "board", "senior", "research", "researcher", "adviser",
    "advisers", "advisor", "advisors", "fellow", "fellows", "vice", "chair",
    "co-chair", "chairman", "chairperson", "chairs", "convenor", "co-convenor",
    "convener", "co-convener", "executive", "director", "founding", "founder",
    "co-founder", "former", "emerging", "voices", "network", "international",
    "advisory", "staff", "president", "deputy", "secretary", "secretary-general",
    "foreign", "defence", "defense", "minister", "prime", "affairs", "of", "for",
    "the", "a", "an", "programme", "program", "manager", "officer", "associate",
    "non-resident", "nonresident", "visiting", "honorary", "distinguished",
    "policy", "special", "envoy", "co-chairs", "leadership", "council", "asia-pacific",
}  # fmt: skip
HONORIFIC_WORDS = {
    "h.e.", "he", "dr.", "dr", "prof.", "prof", "professor", "amb.", "amb",
    "ambassador", "mr.", "mr", "ms.", "ms", "mrs.", "mrs", "sir", "dame",
    "hon.", "hon", "rev.", "gen.", "general", "adm.", "admiral", "lt.", "col.",
    "maj.", "excellency", "his", "her", "lord", "baroness", "senator",
}  # fmt: skip
STAFF_ROLES = re.compile(
    r"\b(executive director|director|staff|intern|officer|manager|coordinator|"
    r"assistant|researcher)\b",
    re.IGNORECASE,
)
# Capitalised words, with "of", "and", "the" between them: "East Asia Forum".
PROPER_NAME = r"[A-Z0-9][\w’'&.-]*(?:\s+(?:(?:of|and|the|&)\s+)*[A-Z0-9][\w’'&.-]*)*"
KINDS = [
    (r"\b(commentary|op-ed|opinion piece)\b", "commentary"),
    (r"\binterview", "interview"),
    (r"\bpodcast", "podcast"),
    (r"\bopen letter", "open_letter"),
    (r"\b(endorse|statement)", "statement"),
    (r"\b(speech|remarks|keynote|address|lecture|delivers?|delivered)\b", "speech"),
    (r"\bbook\b", "book"),
    (r"\breport\b", "report"),
    (r"\bcolumn\b", "column"),
    (r"\b(journal article|article|paper|chapter|essay)\b", "article"),
    (r"\b(quoted|cited)\b", "quote"),
]
STOP_WORDS = r"(?:for|in|at|on|by|published by|about|titled|entitled|to|from)"


def looks_like_lede(text):
    sentence, _ = first_sentence(text)
    if re.match(r"^(?:the\s+)?APLN\b", sentence):
        return True
    match = VERB.search(sentence)
    return (
        bool(match)
        and match.start() > 0
        and sentence[0].isupper()
        and (len(sentence[: match.start()].split()) <= 30)
    )


def parse_lede(lede):
    """Return (authors, kind, outlet named after "for") from a lede sentence."""
    sentence = lede.strip().rstrip(".").strip()
    verb = VERB.search(sentence)
    if not verb:
        return [], "commentary", ""
    subject, predicate = sentence[: verb.start()].strip(), sentence[verb.start() :]
    kind = kind_of(predicate)
    introduced = bool(re.match(r"^(?:the\s+)?APLN\b", subject))
    authors = people(subject, members=introduced, first=True)
    with_clause = re.search(
        rf"\bwith\s+(?P<who>.+?)(?:\s+{STOP_WORDS}\s+[A-Z“\"‘].*)?$", predicate
    )
    if with_clause:
        authors += people(with_clause["who"], members=False, first=False)
    outlet = ""
    if not with_clause:
        found = re.search(rf"\bfor\s+(?:the\s+)?(?P<outlet>{PROPER_NAME})", predicate)
        outlet = found["outlet"].strip() if found else ""
    return authors, kind, outlet


def kind_of(predicate):
    """Return the kind whose word comes first after the verb ("commentary")."""
    found = []
    for pattern, name in KINDS:
        match = re.search(pattern, predicate, re.IGNORECASE)
        if match:
            found.append((match.start(), name))
    return min(found)[1] if found else "commentary"


def people(text, members, first):
    """Return the ordered AuthorIns named in "A, B and C" with their roles."""
    text = re.sub(r"^(?:the\s+)?", "", text.strip())
    chunks = re.split(r"(,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", text)
    authors, pending = [], []
    is_member = members
    for index in range(0, len(chunks), 2):
        chunk = chunks[index].strip()
        separator = chunks[index - 1] if index else ""
        after_comma = "," in separator
        if not chunk:
            continue
        role, honorific, name, introduced = split_person(chunk)
        if not name:
            if authors and after_comma:
                describe(authors[-1], chunk)
            else:
                pending.append(role or chunk)
            continue
        role = " and ".join([*pending, role] if role else pending)
        pending = []
        if introduced or "member" in role.lower():
            is_member = True
        elif role and STAFF_ROLES.search(role):
            is_member = False
        elif role and first and not authors:
            is_member = members
        author = AuthorIn(
            name=name,
            mode="member" if is_member else "outside",
            role=clean_role(role),
            honorific=honorific,
        )
        if not is_member and " of " in name:
            author.name, author.affiliation = (p.strip() for p in name.split(" of ", 1))
        authors.append(author)
    return authors


def split_person(chunk):
    """Return (role words, honorific, name, says APLN) of "board member Dr. X"."""
    words = chunk.split()
    role, honorific, introduced = [], [], False
    for index, word in enumerate(words):
        key = word.casefold().strip(",")
        if key in ("apln", "apln's", "fellow"):
            introduced = introduced or key != "fellow"
            continue
        if key in HONORIFIC_WORDS:
            honorific.append(word)
        elif key in ROLE_WORDS:
            if honorific:
                role.extend(honorific)
                honorific = []
            role.append(word)
        else:
            name = " ".join(words[index:])
            return " ".join(role), " ".join(honorific), name, introduced
    return " ".join(role + honorific), "", "", introduced


def clean_role(role):
    """Return the role worth storing: "board member", not a bare "member"."""
    role = re.sub(r"\bmembers\b", "member", role.strip())
    role = re.sub(r"^member\s+and\s+", "", role)
    return "" if role.lower() in ("", "member") else role


def describe(author, text):
    """Attach ", former foreign minister" to the author before it."""
    text = text.strip()
    if author.mode == "member":
        author.role = clean_role(f"{author.role} {text}".strip())
    else:
        author.affiliation = f"{author.affiliation} {text}".strip()
