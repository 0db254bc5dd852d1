"""A saved page of the old site, as paragraphs: site chrome left out.

Navigation, breadcrumbs, share buttons, "Related Articles" blocks and
footers are skipped while parsing (by tag, class, id or role); what is left
becomes `Block`s. The page's own facts come from its head: the old address
(canonical link or og:url), the image (og:image and its alt text) and the
dates (`<time>`, article meta).
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser


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
    r"cookie|banner|skip|widget|pagination|site-header|masthead|subscribe|"
    r"newsletter-signup|addtoany|sharedaddy|post-navigation|tags-links|byline-share",
    re.IGNORECASE,
)
# The site's own name, set as an <h1> by some themes: never a page's title.
SITE_NAME = re.compile(r"(?:the\s+)?(?:apln|asia[- ]pacific leadership network)", re.I)
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
# A heading that opens a block of links to other pages: it and what follows
# it in the same container are chrome.
CHROME_HEADING = re.compile(
    r"^(related|more|other|recent|latest|popular|you may also like|read next|"
    r"see also|share|follow us)\b",
    re.IGNORECASE,
)


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
        self.canonical = ""
        self.times = []
        self.images = []  # (src, alt) of <img> in the content

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            if key:
                self.meta.setdefault(key.lower(), attrs.get("content", ""))
            return
        if tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            self.canonical = self.canonical or attrs.get("href", "").strip()
            return
        if tag == "title":
            self.in_title = True
        if tag == "time" and attrs.get("datetime") and not self.skip_depth:
            self.times.append(attrs["datetime"])
        if tag == "img" and not self.skip_depth and attrs.get("src"):
            self.images.append((attrs["src"].strip(), attrs.get("alt", "").strip()))
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


@dataclass
class SavedPage:
    """What the head and body of a saved page say besides its paragraphs."""

    title: Block | None
    blocks: list
    posted: object = None  # a date
    address: str = ""  # the old page's own address
    image_url: str = ""
    image_alt: str = ""


# The same as a line of its own in a text extract: "Related Articles".
CHROME_LINE = re.compile(
    r"^(related (articles|posts|news|stories)|more (news|articles|from apln)|"
    r"you may also like|read next|see also|share (this|this article|on)\b.*|"
    r"recent posts|latest news|follow us)\s*:?$",
    re.IGNORECASE,
)


def without_related(blocks):
    """Drop a "Related Articles" heading (or line) and the links after it."""
    for index, block in enumerate(blocks):
        short = len(block.text) <= 40
        if (block.heading and CHROME_HEADING.match(block.text)) or (
            short and CHROME_LINE.match(block.text)
        ):
            return blocks[:index]
    return blocks


def html_page(text, parse_date):
    """Return the SavedPage of an HTML document."""
    parser = PageParser()
    parser.feed(text)
    parser.close()
    parser.flush()
    blocks = without_related(parser.blocks)
    meta = parser.meta
    posted = None
    for value in [
        meta.get("article:published_time", ""),
        meta.get("datepublished", ""),
        meta.get("date", ""),
        *parser.times,
    ]:
        posted = posted or parse_date(value)
    page = SavedPage(None, blocks, posted)
    page.address = parser.canonical or meta.get("og:url", "")
    page.image_url = meta.get("og:image", "") or meta.get("twitter:image", "")
    page.image_alt = meta.get("og:image:alt", "") or meta.get("twitter:image:alt", "")
    if parser.images and not page.image_alt:
        for src, alt in parser.images:
            if alt and (not page.image_url or src == page.image_url):
                page.image_url, page.image_alt = page.image_url or src, alt
                break
    for index, block in enumerate(blocks):
        if block.heading == 1 and not SITE_NAME.fullmatch(block.text.strip()):
            page.title, page.blocks = block, blocks[index + 1 :]
            return page
    # No <h1>: the document title, without the site's name, is the title.
    title = meta.get("og:title") or "".join(parser.page_title)
    title = re.split(r"\s+[|–—]\s+|\s+-\s+", " ".join(title.split()))[0]
    if title:
        folded = " ".join(title.casefold().split())
        page.title = Block(title, 1)
        page.blocks = [
            b for b in blocks if " ".join(b.text.casefold().split()) != folded
        ]
    return page
