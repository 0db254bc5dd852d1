"""Reading a WordPress export (WXR 1.0, 1.1, 1.2), streamed and safe.

The file is read with `iterparse` over defusedxml's expat parser with DTDs
forbidden: a WordPress export never has a DOCTYPE, and refusing it stops
entity expansion ("billion laughs", quadratic blow-up) and external entities
before any is declared. Each child of <channel> is handled when it ends and
then removed, so memory stays flat however big the file.

The wp namespace is matched by pattern (http or https, 1.0 to 1.2): exporters
and WordPress.com differ, and elements whose prefix is bound to another URI
are ignored. When an element appears twice, the last one wins.

`WXRReader.read_export()` reads everything but the posts (site, authors,
terms, attachments, guest authors, counts); `WXRReader.posts()` then reads the
file again and yields the posts one at a time. A malformed file raises an
InputError naming the line and column.
"""

import datetime
import email.utils
import functools
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, TreeBuilder

import phpserialize
from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser, iterparse

from ..importing.sources import InputError, Location, display_path

WP = re.compile(r"^\{https?://wordpress\.org/export/1\.[012]/\}(.+)$")
EXCERPT = re.compile(r"^\{https?://wordpress\.org/export/1\.[012]/excerpt/\}encoded$")
OTHER = {
    "{http://purl.org/rss/1.0/modules/content/}encoded": "content:encoded",
    "{http://purl.org/dc/elements/1.1/}creator": "dc:creator",
}
VERSION = re.compile(r"^\d+\.\d+$")
NEWEST_VERSION = (1, 2)
# The text of one element (a post's content:encoded is the largest) may hold
# at most this many characters, and one child of <channel> (an item) all its
# elements together at most MAX_ITEM_CHARS: iterparse holds an element whole
# until it ends, and a 150 MB post body took 2.4 GB. A larger one is refused
# with its line, as soon as the limit is passed.
MAX_ELEMENT_CHARS = 16 * 1024 * 1024
MAX_ITEM_CHARS = 64 * 1024 * 1024


@functools.lru_cache(maxsize=512)
def key(tag):
    """Return "wp:post_id", "content:encoded", "title"... or None (foreign)."""
    if not isinstance(tag, str):
        return None  # a comment or processing instruction
    match = WP.match(tag)
    if match:
        return f"wp:{match[1]}"
    if EXCERPT.match(tag):
        return "excerpt:encoded"
    if tag in OTHER:
        return OTHER[tag]
    return None if tag.startswith("{") else tag


def text(element, strip=True):
    value = element.text or ""
    return value.strip() if strip else value


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""

    @property
    def url(self):
        """The blog's address, the key of its posts' identity."""
        return (self.base_blog_url or self.base_site_url or self.link).rstrip("/")


@dataclass
class Author:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""

    @property
    def full_name(self):
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass
class Term:
    taxonomy: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""


@dataclass
class Item:
    """One <item>: a post, page, attachment, menu item or other post type."""

    line: int
    post_id: int | None = None
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    pub_date: str = ""
    parent: int | None = None
    password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    # (domain, nicename, name) in file order: categories, tags, author terms...
    categories: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    old_slugs: list = field(default_factory=list)
    comments: int = 0

    def date(self, timezone_info):
        """Return when it was published: GMT date, else local date, else pubDate.

        "0000-00-00 00:00:00" (never-published drafts) and the 1970 or year -1
        pubDates of drafts count as no date; None when nothing is left.
        """
        moment = parse_wp_date(self.post_date_gmt, datetime.UTC)
        if moment is None:
            moment = parse_wp_date(self.post_date, timezone_info)
        if moment is None and self.pub_date:
            try:
                moment = email.utils.parsedate_to_datetime(self.pub_date)
            except (TypeError, ValueError, IndexError):
                moment = None
            if moment is not None and (moment.tzinfo is None or moment.year <= 1970):
                moment = None
        return moment


def parse_wp_date(value, tzinfo):
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        moment = datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if moment.year <= 1970:
        return None
    return moment.replace(tzinfo=tzinfo)


@dataclass
class Export:
    """What a WXR file holds, apart from its posts' text."""

    path: str
    site: Site = field(default_factory=Site)
    authors: dict = field(default_factory=dict)  # login -> Author
    categories: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    terms: list = field(default_factory=list)  # every other taxonomy
    attachments: dict = field(default_factory=dict)  # post ID -> Item
    guest_authors: list = field(default_factory=list)  # Co-Authors Plus
    item_types: Counter = field(default_factory=Counter)
    post_statuses: Counter = field(default_factory=Counter)
    creators: set = field(default_factory=set)
    comments: int = 0
    items: int = 0

    @property
    def posts(self):
        return self.item_types["post"]

    @property
    def version(self):
        return self.site.version

    def author_terms(self):
        """Co-Authors Plus terms (taxonomy "author") by slug."""
        return {t.slug: t for t in self.terms if t.taxonomy == "author"}


class CountingReader:
    """A binary file that counts the bytes read, for the progress bar."""

    def __init__(self, handle):
        self.handle = handle
        self.bytes_read = 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.bytes_read += len(data)
        return data


class TooLarge(Exception):
    """An element's text passed MAX_ELEMENT_CHARS, or an item MAX_ITEM_CHARS."""

    def __init__(self, tag, line, limit, what):
        super().__init__(tag, line, limit)
        self.tag, self.line, self.limit, self.what = tag, line, limit, what


class LineTarget:
    """Build the tree as TreeBuilder does, noting where channel children start.

    iterparse hands events over a chunk late, when expat has moved on; the
    line of each child of <channel> is taken here, as it starts. The text of
    one element and of one child of <channel> is counted as it arrives, and
    refused past MAX_ELEMENT_CHARS and MAX_ITEM_CHARS (TooLarge).
    """

    def __init__(self):
        self.builder = TreeBuilder()
        self.parser = None
        self.depth = 0
        self.lines = deque()
        self.open = []  # (tag, line) of each element being read
        self.text = 0  # characters of the current run of text
        self.item_text = 0  # characters in the current child of <channel>

    def start(self, tag, attrs):
        self.depth += 1
        line = self.parser.parser.CurrentLineNumber
        if self.depth in (1, 3):
            self.lines.append(line)
        if self.depth == 3:
            self.item_text = 0
        self.open.append((tag, line))
        self.text = 0
        return self.builder.start(tag, attrs)

    def end(self, tag):
        self.depth -= 1
        self.open.pop()
        self.text = 0
        return self.builder.end(tag)

    def data(self, data):
        self.text += len(data)
        self.item_text += len(data)
        if self.text > MAX_ELEMENT_CHARS:
            tag, line = self.open[-1] if self.open else ("document", None)
            raise TooLarge(tag, line, MAX_ELEMENT_CHARS, "")
        if self.depth >= 3 and self.item_text > MAX_ITEM_CHARS:
            tag, line = self.open[2]
            raise TooLarge(tag, line, MAX_ITEM_CHARS, " in all its elements")
        self.builder.data(data)

    def close(self):
        return self.builder.close()


# What expat's messages usually mean in a WordPress export.
HINTS = {
    "not well-formed (invalid token)": "often a raw “&” in a URL (it must be "
    "written &amp;), a control character, or “]]>” inside a CDATA section",
    "mismatched tag": "an element is closed by the wrong end tag",
    "no element found": "the file ends too early: is it complete (an "
    "interrupted download)?",
    "unclosed token": "the file ends too early: is it complete (an interrupted "
    "download)?",
    "unbound prefix": "a namespace prefix (such as wp:) is used without its "
    "xmlns declaration on <rss>",
    "junk after document element": "there is text after the closing </rss>",
}


class WXRReader:
    """Read one WXR file: `read_export()` first, then `posts()`."""

    def __init__(self, path):
        self.filename = path
        self.path = display_path(path)
        self.bytes_read = 0
        self.export = None

    def _error(self, line, message):
        return InputError(Location(self.path, line), message)

    def _events(self):
        """Yield (event, element, line, depth); line is set on starts of depth 3.

        Checks that the document is <rss>, and turns parse errors and refused
        XML features (DTDs, entities) into InputErrors naming line and column.
        """
        target = LineTarget()
        parser = DefusedXMLParser(target=target, forbid_dtd=True)
        target.parser = parser
        with open(self.filename, "rb") as handle:
            reader = CountingReader(handle)
            try:
                events = iterparse(reader, events=("start", "end"), parser=parser)
                depth = 0
                for event, element in events:
                    self.bytes_read = reader.bytes_read
                    if event == "start":
                        depth += 1
                        line = target.lines.popleft() if depth in (1, 3) else None
                        if depth == 1 and element.tag != "rss":
                            raise self._error(
                                line,
                                f"not a WordPress export (WXR): the document is "
                                f"<{shown_tag(element.tag)}>, not <rss>.",
                            )
                        yield event, element, line, depth
                    else:
                        yield event, element, None, depth
                        depth -= 1
                self.bytes_read = reader.bytes_read
            except ParseError as err:
                line, column = err.position
                message = str(err).split(":")[0]
                hint = HINTS.get(message)
                raise self._error(
                    line,
                    f"malformed XML at column {column + 1}: {message}"
                    + (f" ({hint})" if hint else "")
                    + "; a WordPress export must be well-formed XML.",
                ) from None
            except TooLarge as err:
                raise self._error(
                    err.line,
                    f"<{shown_tag_name(err.tag)}> holds more than "
                    f"{megabytes(err.limit)} of text{err.what}; a WordPress "
                    "post is far smaller. Is the export damaged, or does a post "
                    "embed a file (an image as data: URL)? Fix or remove it, and "
                    "import again.",
                ) from None
            except DefusedXmlException as err:
                line = parser.parser.CurrentLineNumber
                column = parser.parser.CurrentColumnNumber + 1
                what = (
                    "a DTD (<!DOCTYPE ...>)"
                    if isinstance(err, DTDForbidden)
                    else "an entity declaration or external reference"
                )
                raise self._error(
                    line,
                    f"refused at column {column}: the file has {what}, which a "
                    "WordPress export never has and which XML attacks (entity "
                    "expansion, external entities) use.",
                ) from None

    def read_export(self, progress=None):
        """Read the site, authors, terms and non-post items; count everything.

        progress, if given, is called with (bytes read, items read) as it goes.
        """
        export = Export(self.path)
        for name, element, line in self._children():
            if progress is not None:
                progress(self.bytes_read, export.items)
            if name == "item":
                item = parse_item(element, line)
                export.items += 1
                export.item_types[item.post_type] += 1
                export.comments += item.comments
                if item.creator:
                    export.creators.add(item.creator)
                if item.post_type == "post":
                    export.post_statuses[item.status] += 1
                elif item.post_type == "attachment" and item.post_id is not None:
                    export.attachments[item.post_id] = item
                elif item.post_type == "guest-author":
                    export.guest_authors.append(item)
            elif name in ("wp:author", "wp:wp_author"):
                author = parse_author(element)
                if author.login:
                    export.authors[author.login] = author
            elif name == "wp:category":
                export.categories.append(parse_term(element, "category"))
            elif name == "wp:tag":
                export.tags.append(parse_term(element, "post_tag"))
            elif name == "wp:term":
                export.terms.append(parse_term(element, ""))
            elif name in SITE_FIELDS:
                setattr(export.site, SITE_FIELDS[name], text(element))
        self.export = export
        return export

    def posts(self):
        """Yield each item of post type "post", in file order."""
        for name, element, line in self._children():
            if name == "item":
                item = parse_item(element, line)
                if item.post_type == "post":
                    yield item

    def _children(self):
        """Yield (key, element, line) for each child of <channel>, then drop it."""
        channel = None
        version_seen = False
        starts = deque()
        for event, element, line, depth in self._events():
            if event == "start":
                if depth == 2 and element.tag == "channel":
                    channel = element
                elif depth == 3 and channel is not None:
                    starts.append(line)
                    if element.tag == "item" and not version_seen:
                        raise self._error(line, missing_version())
                continue
            if depth != 3 or channel is None:
                continue
            line = starts.popleft()
            name = key(element.tag)
            if name == "wp:wxr_version":
                version_seen = True
                version = text(element)
                if not VERSION.match(version):
                    raise self._error(
                        line,
                        f"not a WordPress export (WXR): <wp:wxr_version> is "
                        f"“{version[:40]}”, expected a number such as 1.2.",
                    )
            yield name, element, line
            channel.remove(element)
        if not version_seen:
            raise self._error(None, missing_version())


def missing_version():
    return (
        "not a WordPress export (WXR): no <wp:wxr_version> before the first item "
        "(export the site again from Tools → Export in WordPress)."
    )


def shown_tag(tag):
    return re.sub(r"^\{[^}]*\}", "", tag)[:40]


def shown_tag_name(tag):
    """content:encoded, wp:post_id, item... as written in exports."""
    return key(tag) or shown_tag(tag)


def megabytes(chars):
    size = chars / 1024 / 1024
    return f"{size:g} MB" if size >= 1 else f"{chars // 1024} KB"


SITE_FIELDS = {
    "title": "title",
    "link": "link",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
    "wp:wxr_version": "version",
}
ITEM_TEXT = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "pubDate": "pub_date",
    "dc:creator": "creator",
    "wp:post_type": "post_type",
    "wp:status": "status",
    "wp:post_name": "post_name",
    "wp:post_date": "post_date",
    "wp:post_date_gmt": "post_date_gmt",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}


def parse_item(element, line):
    item = Item(line=line)
    for child in element:
        name = key(child.tag)
        if name is None:
            continue
        if name in ITEM_TEXT:
            setattr(item, ITEM_TEXT[name], text(child))
        elif name == "content:encoded":
            item.content = text(child)  # inner blank lines are paragraphs: kept
        elif name == "excerpt:encoded":
            item.excerpt = text(child)
        elif name == "wp:post_id":
            item.post_id = as_int(text(child))
        elif name == "wp:post_parent":
            item.parent = as_int(text(child)) or None
        elif name == "wp:is_sticky":
            item.is_sticky = text(child) == "1"
        elif name == "category":
            item.categories.append(
                (
                    (child.get("domain") or "").strip(),
                    (child.get("nicename") or "").strip(),
                    text(child),
                )
            )
        elif name == "wp:postmeta":
            meta_key, value = parse_meta(child)
            if meta_key is not None:
                item.meta[meta_key] = value
                if meta_key == "_wp_old_slug" and value.strip():
                    item.old_slugs.append(value.strip())
        elif name == "wp:comment":
            item.comments += 1
    return item


def parse_meta(element):
    """Return (key, value) of a <wp:postmeta>; the value exactly as written."""
    meta_key, value = None, ""
    for child in element:
        name = key(child.tag)
        if name == "wp:meta_key":
            meta_key = text(child)
        elif name == "wp:meta_value":
            value = text(child, strip=False)
    return meta_key, value


def parse_author(element):
    values = {}
    for child in element:
        name = key(child.tag)
        if name and name.startswith("wp:author_"):
            values[name[len("wp:author_") :]] = text(child)
    return Author(
        login=values.get("login", ""),
        display_name=values.get("display_name", ""),
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
        email=values.get("email", ""),
    )


TERM_FIELDS = {
    "wp:category_nicename": "slug",
    "wp:cat_name": "name",
    "wp:category_parent": "parent",
    "wp:category_description": "description",
    "wp:tag_slug": "slug",
    "wp:tag_name": "name",
    "wp:tag_description": "description",
    "wp:term_taxonomy": "taxonomy",
    "wp:term_slug": "slug",
    "wp:term_name": "name",
    "wp:term_parent": "parent",
    "wp:term_description": "description",
}


def parse_term(element, taxonomy):
    values = {"taxonomy": taxonomy, "slug": "", "name": ""}
    for child in element:
        name = TERM_FIELDS.get(key(child.tag))
        if name:
            values[name] = text(child)
    return Term(**values)


def as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def version_tuple(version):
    major, minor = version.split(".")
    return int(major), int(minor)


# --- PHP-serialized meta (_wp_attachment_metadata) ----------------------------


def php_unserialize(value):
    """Return the PHP-serialized value as Python data, or None if it is not.

    phpserialize counts strings in UTF-8 bytes (s:13 for 11 characters with
    two accents); arrays and objects become dicts, and no class is ever
    instantiated. Metadata is optional: junk, or nesting too deep to read,
    gives None rather than stopping the import.
    """
    data = value.encode("utf-8") if isinstance(value, str) else value
    try:
        return phpserialize.loads(
            data.strip(),
            decode_strings=True,
            errors="replace",
            object_hook=lambda _class, properties: dict(properties),
        )
    except (ValueError, RecursionError):
        return None
