"""Read an article page's metadata: what news and journal sites declare.

Sites state a piece's title, authors, date, image and keywords in several
vocabularies, often more than one at a time: schema.org JSON-LD (a
NewsArticle with its authors in byline order), microdata, Open Graph
(`og:`, `article:`), Highwire's `citation_*` meta tags (journals, think
tanks) and plain `<meta name=...>`. extruct reads the first three; the meta
tags are read here; htmldate finds a date when none of them states one.

`read_page(html_bytes, url, charset)` returns a PageMetadata of plain text,
each field taken from the most specific vocabulary that states it, and for
each field it could not fill, why. Nothing here touches the database or the
network: the page is given as bytes, and htmldate is given a parsed tree
(given a string that looks like a URL it would download it itself).
"""

import copy
import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import extruct
import lxml.html
from htmldate import find_date

ARTICLE_TYPES = {
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
    "ScholarlyArticle", "BlogPosting", "Report", "SocialMediaPosting",
    "TechArticle", "WebPage", "CreativeWork", "Blog", "LiveBlogPosting",
}  # fmt: skip
# How a date is written, from most to least precise: 2023-05-12, 2023/05, 2023.
DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:\b|T|$)")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
BYLINE_PREFIX = re.compile(r"^\s*(by|written by|words by)\s+", re.I)
# "A, B and C" in one meta tag; single names keep their commas ("Moon, Chung-in").
NAME_SEPARATORS = re.compile(r"\s*(?:;|\band\b|&|\|)\s*")


@dataclass
class PageMetadata:
    """What a page says about itself, as text (empty where it says nothing)."""

    url: str
    title: str = ""
    site_name: str = ""
    canonical_url: str = ""
    published: str = ""  # As written: "2023-05-12", "2023/05", "2023".
    published_on: datetime.date | None = None
    precision: str = ""  # "day", "month" or "year".
    authors: list[str] = field(default_factory=list)
    image_url: str = ""
    image_alt: str = ""
    image_credit: str = ""
    image_source: str = ""
    keywords: list[str] = field(default_factory=list)
    description: str = ""
    # Field name -> why it is empty.
    problems: dict[str, str] = field(default_factory=dict)


# C0 and C1 controls (whitespace among them becomes a space) and the bidi
# embeddings, overrides and isolates.
UNPRINTABLE = {
    code: " " if chr(code).isspace() else None
    for code in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F)]
    + [*range(0x2066, 0x206A)]
}


def text(value):
    """One line of plain text from whatever a vocabulary holds there."""
    if isinstance(value, list):
        value = next((text(v) for v in value if text(v)), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("text") or ""
    if not isinstance(value, str):
        return ""
    # Control characters first: lxml refuses a NUL, PostgreSQL cannot store
    # one, a terminal obeys an escape sequence (draft_from_url prints what it
    # read), and bidi overrides make a name read other than it is.
    value = value.translate(UNPRINTABLE)
    if "<" in value:  # Some sites put markup in JSON-LD strings.
        value = lxml.html.fragment_fromstring(value, create_parent="div").text_content()
    return " ".join(value.split())


def first(*values):
    return next((t for t in map(text, values) if t), "")


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def http_url(value, base):
    """value as an absolute http(s) URL, or ""."""
    value = text(value)
    if not value:
        return ""
    absolute = urljoin(base, value)
    return absolute if urlsplit(absolute).scheme in {"http", "https"} else ""


def parse_date(value):
    """(date, precision) of a date as sites write it, or (None, "")."""
    match = DATE.match(text(value))
    if not match:
        return None, ""
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day:
            return datetime.date(year, month, day), "day"
        if month:
            return datetime.date(year, month, 1), "month"
        return datetime.date(year, 1, 1), "year"
    except ValueError:
        return None, ""


def decode(body, charset):
    """The page as text: the charset the server named, else the page's own."""
    if not charset:
        declared = CHARSET.search(body[:4096])
        charset = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def meta_tags(tree):
    """{lowercased name or property: [contents, in page order]}."""
    found = {}
    for meta in tree.iter("meta"):
        key = meta.get("name") or meta.get("property") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(content.strip())
    return found


def flatten(items):
    """Every item, those of a JSON-LD @graph (as Yoast writes them) included."""
    flat = []
    for item in items:
        if not isinstance(item, dict):
            continue
        flat.append(item)
        flat.extend(i for i in as_list(item.get("@graph")) if isinstance(i, dict))
    return flat


def resolver(flat):
    """Replace {"@id": ...} references by the node of that @id, if given."""
    nodes = {item["@id"]: item for item in flat if isinstance(item.get("@id"), str)}

    def resolve(value):
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if isinstance(value, dict) and set(value) == {"@id"}:
            return nodes.get(value["@id"], value)
        return value

    return resolve


def articles_in(flat):
    """The JSON-LD or microdata items that describe an article, best first."""
    found = []
    for item in flat:
        types = {t.rsplit("/", 1)[-1] for t in map(str, as_list(item.get("@type")))}
        if types & ARTICLE_TYPES:
            # A WebPage wrapping the article is a last resort.
            rank = 2 if types <= {"WebPage", "CreativeWork", "Blog"} else 0
            if not item.get("headline") and not item.get("author"):
                rank += 1
            found.append((rank, len(found), item))
    return [item for _rank, _order, item in sorted(found, key=lambda f: f[:2])]


def person_names(value):
    """Names of the authors in a JSON-LD or microdata author value, in order."""
    names = []
    for author in as_list(value):
        name = text(author)
        if isinstance(author, dict) and not name:
            given, family = (
                text(author.get("givenName")),
                text(author.get("familyName")),
            )
            name = f"{given} {family}".strip()
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def split_names(values):
    """Author names from meta tags: one a tag, or several joined by "and"/;."""
    names = []
    for value in values:
        value = BYLINE_PREFIX.sub("", value)
        if value.startswith(("http://", "https://")):
            continue  # article:author is often a profile's address.
        for part in NAME_SEPARATORS.split(value):
            pieces = [p.strip() for p in part.split(",") if p.strip()]
            # "A B, C D" is two people; "Moon, Chung-in" is one.
            if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
                names.extend(pieces)
            else:
                names.append(part.strip(" ,"))
    return [n for n in names if n]


def citation_name(name):
    """Highwire writes "Family, Given": the byline says "Given Family"."""
    family, comma, given = name.partition(",")
    if comma and family.strip() and given.strip() and "," not in given:
        return f"{given.strip()} {family.strip()}"
    return name


def unique_names(names):
    seen, kept = set(), []
    for name in names:
        name = BYLINE_PREFIX.sub("", name).strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


def split_keywords(values):
    words = []
    for value in values:
        for word in re.split(r"[,;]", text(value)):
            word = " ".join(word.split())
            if word and word.casefold() not in {w.casefold() for w in words}:
                words.append(word)
    return words


def strip_site_name(title, site_name):
    """ "Piece | Outlet" or "Piece - Outlet" -> "Piece" when Outlet is the site."""
    if not site_name:
        return title
    for separator in (" | ", " - ", " – ", " — ", " :: "):
        head, sep, tail = title.rpartition(separator)
        if sep and head and tail.strip().casefold() == site_name.casefold():
            return head.strip()
    return title


def image_of(value, base):
    """(url, alt, credit, source) from a JSON-LD image value."""
    for image in as_list(value):
        if isinstance(image, str):
            url = http_url(image, base)
            if url:
                return url, "", "", ""
        elif isinstance(image, dict):
            url = http_url(image.get("contentUrl") or image.get("url"), base)
            if url:
                credit = first(
                    image.get("creditText"),
                    image.get("copyrightHolder"),
                    image.get("creator"),
                    image.get("author"),
                    image.get("copyrightNotice"),
                )
                # The page stating where the image and its terms come from.
                source = http_url(image.get("acquireLicensePage"), base)
                alt = first(image.get("caption"), image.get("description"))
                return url, alt, credit, source
    return "", "", "", ""


@dataclass
class Sources:
    """One page's metadata, by vocabulary: JSON-LD's article (its @id
    references resolved), microdata's, Open Graph, and the meta tags."""

    url: str
    tree: object
    article: dict
    micro: dict
    og: dict
    meta: dict

    @classmethod
    def of(cls, tree, url):
        found = extruct.extract(
            tree,
            base_url=url,
            syntaxes=["json-ld", "microdata", "opengraph"],
            uniform=True,
            with_og_array=True,
            errors="ignore",
        )
        flat = flatten(found.get("json-ld", []))
        resolve = resolver(flat)
        jsonld = articles_in(flat)
        microdata = articles_in(flatten(found.get("microdata", [])))
        og = {}
        for item in found.get("opengraph", []):
            for key, value in item.items():
                if not key.startswith("@"):
                    og.setdefault(key.lower(), value)
        return cls(
            url=url,
            tree=tree,
            article={k: resolve(v) for k, v in jsonld[0].items()} if jsonld else {},
            micro=microdata[0] if microdata else {},
            og=og,
            meta=meta_tags(tree),
        )

    def m(self, *names):
        """The first meta tag of these names (or properties) the page has."""
        return next((self.meta[n][0] for n in names if n in self.meta), "")


def read_page(body, url, charset=""):
    """Read the metadata of the page at url, whose bytes are body."""
    page = PageMetadata(url=url)
    html = decode(body, charset)
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as err:
        page.problems["page"] = f"The page is not readable HTML ({err})."
        return page
    dates_tree = copy.deepcopy(tree)  # htmldate prunes the tree it reads.
    sources = Sources.of(tree, url)
    for read in (read_names, read_date, read_authors, read_image, read_words):
        read(page, sources)
    if not page.published_on:
        read_date_from_markup(page, dates_tree)
    return page


def read_names(page, s):
    """The site's name, the title (without the site's name) and the address."""
    page.site_name = first(
        s.og.get("og:site_name"),
        s.article.get("publisher"),
        s.m(
            "citation_journal_title", "citation_publisher", "citation_conference_title"
        ),
        s.m("application-name"),
    )
    raw_title = first(
        s.article.get("headline"),
        s.m("citation_title"),
        s.micro.get("headline"),
        s.og.get("og:title"),
        s.m("twitter:title", "dc.title"),
        s.tree.findtext(".//title"),
    )
    page.title = strip_site_name(raw_title, page.site_name)
    if not page.title:
        page.problems["title"] = (
            "The page states no title (no headline, citation_title, og:title "
            "or <title>)."
        )
    canonical = s.tree.xpath("//link[@rel='canonical']/@href")
    page.canonical_url = (
        http_url(s.og.get("og:url"), s.url)
        or (http_url(canonical[0], s.url) if canonical else "")
        or http_url(s.article.get("url"), s.url)
    )


def read_date(page, s):
    """The publication date a vocabulary states, at the precision written."""
    for value in (
        s.article.get("datePublished"),
        s.m("citation_publication_date", "citation_date", "citation_online_date"),
        s.micro.get("datePublished"),
        s.og.get("article:published_time"),
        s.m("article:published_time", "dc.date", "dc.date.issued", "date", "pubdate"),
        s.article.get("dateCreated"),
    ):
        day, precision = parse_date(value)
        if day:
            page.published, page.published_on, page.precision = (
                text(value),
                day,
                precision,
            )
            return


def read_date_from_markup(page, tree):
    """No vocabulary states a date: htmldate looks for one in the markup."""
    guessed = find_date(tree, extensive_search=False, original_date=True, url=page.url)
    if guessed:
        page.published = guessed
        page.published_on, page.precision = parse_date(guessed)
    else:
        page.problems["published"] = (
            "The page states no publication date (no datePublished, "
            "citation_publication_date or article:published_time), and none "
            "could be found in its markup."
        )


def read_authors(page, s):
    """The authors, in byline order, from the first vocabulary naming any."""
    page.authors = unique_names(
        person_names(s.article.get("author"))
        or [citation_name(n) for n in s.meta.get("citation_author", [])]
        or person_names(s.micro.get("author"))
        or split_names(s.meta.get("author", []))
        or split_names(s.meta.get("article:author", []))
        or split_names(s.meta.get("dc.creator", []))
    )
    if not page.authors:
        page.problems["authors"] = (
            "The page names no author (no JSON-LD author, citation_author or "
            "author meta tag)."
        )


def read_image(page, s):
    """The image, with what the page says of it (alt text, credit, source)."""
    page.image_url, page.image_alt, page.image_credit, page.image_source = image_of(
        s.article.get("image"), s.url
    )
    if not page.image_url:
        page.image_url = http_url(
            s.og.get("og:image:secure_url")
            or s.og.get("og:image")
            or s.m("twitter:image", "twitter:image:src"),
            s.url,
        )
    page.image_alt = page.image_alt or first(
        s.og.get("og:image:alt"), s.m("og:image:alt", "twitter:image:alt")
    )
    if not page.image_url:
        page.problems["image"] = (
            "The page names no image (no JSON-LD image or og:image)."
        )


def read_words(page, s):
    """Keywords and the description."""
    page.keywords = split_keywords(
        as_list(s.article.get("keywords"))
        + s.meta.get("keywords", [])
        + s.meta.get("news_keywords", [])
        + s.meta.get("article:tag", [])
        + s.meta.get("citation_keywords", [])
    )
    if not page.keywords:
        page.problems["tags"] = "The page states no keywords."
    page.description = first(
        s.article.get("description"),
        s.og.get("og:description"),
        s.m(
            "description", "twitter:description", "citation_abstract", "dc.description"
        ),
    )
    if not page.description:
        page.problems["summary"] = "The page states no description."
