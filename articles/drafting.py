"""Paste a link, get a draft: read an outside article's page into a Draft.

`draft_from_url(url)` fetches the page through the address guard
(core.fetching: no internal addresses, a deadline, a size cap, our own user
agent), reads its metadata (articles.metadata) and matches what it names to
what is on file: the outlet by the domain of its homepage or by name, the
authors to members through their name keys and aliases (the others stay
outside authors), the keywords to existing tags. Nothing is saved: the admin
pre-fills the add form from the Draft, and draft_from_url (the command)
saves it as a draft only when asked. The page's description seeds the
summary only as a quotation of the original (a blockquote).

`fetch_image(url)` downloads the page's image through the same guard, when
the editor saves, and checks it as an upload is checked.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import F, Q
from django.utils.html import format_html
from taggit.models import Tag

from core.fetching import FetchError, fetch
from images.models import Image
from images.validators import FORMATS, check_image
from members.models import Member
from members.names import name_key

from .models import Authorship, Commentary, Outlet

USER_AGENT = "Fulcrum draft reader (+https://www.apln.network/)"
PAGE_TIMEOUT = 10.0
PAGE_MAX_BYTES = 5 * 1024 * 1024
PAGE_TYPES = {"text/html", "application/xhtml+xml"}
IMAGE_TYPES = {media_type: exts[0] for exts, media_type in FORMATS.values()}
# A page can list anything in any number: more authors or keywords than this
# is no byline, and would make one long query of each.
MAX_AUTHORS = 30
MAX_KEYWORDS = 50
URL_MAX_LENGTH = 1000  # Commentary.full_article_url and the image's address.


def cut(text, model, name):
    """text cut to the max_length of model's field name (a page may say more)."""
    return text[: model._meta.get_field(name).max_length]


class DraftError(Exception):
    """The page could not be fetched or read; the message says why."""


@dataclass
class DraftAuthor:
    """One author as the page names them, and the member they are, if any."""

    name: str
    member: Member | None = None

    @property
    def display_name(self):
        return self.member.name if self.member else self.name


@dataclass
class Draft:
    """What a page says about a piece, matched to what is on file."""

    url: str  # The full article's address: the page's own, else where it was read.
    title: str = ""
    outlet: Outlet | None = None
    outlet_name: str = ""  # The site's name when no outlet on file matches.
    outlet_homepage: str = ""
    published_on: datetime.date | None = None
    precision: str = Commentary.DatePrecision.DAY
    authors: list[DraftAuthor] = field(default_factory=list)
    image_url: str = ""
    image_alt: str = ""
    image_credit: str = ""
    image_source: str = ""
    tags: list[str] = field(default_factory=list)  # Existing tags' names.
    new_keywords: list[str] = field(default_factory=list)  # Not tags (yet).
    description: str = ""
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def summary_html(self):
        """The page's description as a quotation of the original, or ""."""
        if not self.description:
            return ""
        return format_html("<blockquote><p>{}</p></blockquote>", self.description)

    def initial(self):
        """Initial data of the commentary add form (never the status)."""
        data = {"full_article_url": self.url}
        if self.title:
            data["title"] = self.title
        if self.outlet:
            data["outlet"] = self.outlet.pk
        if self.published_on:
            data["original_published_on"] = self.published_on
            data["original_published_precision"] = self.precision
        if self.tags:
            data["tags"] = ", ".join(
                f'"{tag}"' if "," in tag else tag for tag in self.tags
            )
        if self.summary_html:
            data["summary"] = self.summary_html
        return data

    def author_rows(self):
        """Initial data of the authors inline, in byline order."""
        return [
            {"member": a.member.pk} if a.member else {"name": a.name}
            for a in self.authors
        ]

    def filled(self):
        """The names of the fields the page filled, for the editor's message."""
        names = [("title", self.title), ("outlet", self.outlet)]
        names += [("original publication date", self.published_on)]
        names += [("authors", self.authors), ("image", self.image_url)]
        names += [("tags", self.tags), ("summary quotation", self.description)]
        return [name for name, value in names if value]


def bare_host(url):
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def same_site(one, other):
    return bool(bare_host(one)) and bare_host(one) == bare_host(other)


def match_outlet(url, site_name):
    """The outlet whose homepage is on url's domain, else named site_name."""
    host = bare_host(url)
    if host:
        for outlet in Outlet.objects.exclude(homepage_url="").only(
            "pk", "name", "label", "slug", "homepage_url"
        ):
            home = bare_host(outlet.homepage_url)
            if home and (host == home or host.endswith(f".{home}")):
                return outlet
    if site_name:
        return Outlet.objects.filter(
            Q(name__iexact=site_name) | Q(label__iexact=site_name)
        ).first()
    return None


def match_authors(names):
    """DraftAuthors in byline order, each a member when exactly one matches.

    One query for the whole byline, however long: keys of names and aliases.
    """
    keys = {name: name_key(name) for name in names}
    wanted = {key for key in keys.values() if key}
    members_of = defaultdict(dict)  # name key -> {member pk: member}
    if wanted:
        found = Member.objects.filter(
            Q(name_key__in=wanted) | Q(aliases__name_key__in=wanted)
        ).annotate(alias_key=F("aliases__name_key"))
        for member in found:
            for key in {member.name_key, member.alias_key} & wanted:
                members_of[key][member.pk] = member
    authors = []
    for name in names:
        matches = list(members_of[keys[name]].values()) if keys[name] else []
        authors.append(DraftAuthor(name, matches[0] if len(matches) == 1 else None))
    return authors


def match_tags(keywords):
    """(existing tag names in the page's order, keywords that are no tag)."""
    if not keywords:
        return [], []
    query = Q()
    for word in keywords:
        query |= Q(name__iexact=word)
    existing = {
        t.casefold(): t
        for t in Tag.objects.filter(query).values_list("name", flat=True)
    }
    tags = [existing[w.casefold()] for w in keywords if w.casefold() in existing]
    return list(dict.fromkeys(tags)), [
        w for w in keywords if w.casefold() not in existing
    ]


def draft_from_url(url, *, timeout=PAGE_TIMEOUT, max_bytes=PAGE_MAX_BYTES):
    """Fetch and read the page at url; return a Draft, or raise DraftError."""
    url = (url or "").strip()
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise DraftError(f"“{url}” is not a web address (http or https).")
    try:
        fetched = fetch(
            url,
            user_agent=USER_AGENT,
            timeout=timeout,
            max_bytes=max_bytes,
            accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            content_types=PAGE_TYPES,
        )
    except FetchError as err:
        raise DraftError(f"Could not fetch {url}: {err}") from err
    # The page reader is loaded on first use: with lxml, extruct and htmldate
    # it would add about 20 MB to every process that loads the admin.
    from .metadata import read_page

    page = read_page(fetched.body, fetched.url, fetched.charset)
    if "page" in page.problems:
        raise DraftError(f"Could not read {url}: {page.problems['page']}")
    if not any(
        (page.title, page.authors, page.published_on, page.image_url, page.description)
    ):
        raise DraftError(
            f"Could not read {url}: it states no title, author, date, image or "
            "description in any form Fulcrum reads (JSON-LD, microdata, Open "
            "Graph, citation_* or meta tags)."
        )
    # The address the editor pasted (at most 1000 characters, as the fetch form
    # takes), unless the page or a redirect names a usable longer one.
    draft = Draft(url=fetched.url, problems=dict(page.problems))
    if len(fetched.url) > URL_MAX_LENGTH:
        draft.url = url
    if (
        page.canonical_url
        and len(page.canonical_url) <= URL_MAX_LENGTH
        and same_site(page.canonical_url, fetched.url)
    ):
        draft.url = page.canonical_url
    draft.title = cut(page.title, Commentary, "title")
    draft.outlet = match_outlet(draft.url, page.site_name)
    if not draft.outlet:
        draft.outlet_name = cut(page.site_name, Outlet, "name")
        draft.outlet_homepage = (
            f"{urlsplit(draft.url).scheme}://{urlsplit(draft.url).netloc}/"
        )
        draft.problems["outlet"] = (
            f"No outlet on file has the name “{page.site_name}” or a homepage on "
            f"{bare_host(draft.url)}."
            if page.site_name
            else f"The page names no site, and no outlet on file has a homepage "
            f"on {bare_host(draft.url)}."
        )
    if page.published_on:
        draft.published_on, draft.precision = page.published_on, page.precision
    draft.authors = match_authors(
        [cut(name, Authorship, "name") for name in page.authors[:MAX_AUTHORS]]
    )
    if len(page.image_url) <= URL_MAX_LENGTH:
        draft.image_url = page.image_url
        draft.image_alt = cut(page.image_alt, Image, "alt_text")
        draft.image_credit = cut(page.image_credit, Image, "credit")
        if len(page.image_source) <= URL_MAX_LENGTH:
            draft.image_source = page.image_source
    if draft.image_url and not draft.image_credit:
        draft.problems["image credit"] = (
            "The page does not say who made the image: enter the credit."
        )
    draft.tags, draft.new_keywords = match_tags(page.keywords[:MAX_KEYWORDS])
    draft.description = page.description
    return draft


def fetch_image(url, timeout=PAGE_TIMEOUT):
    """Download the image at url through the guard; return a checked ContentFile.

    Raises ValidationError saying why it cannot be used (not reachable, not an
    image, too big, unreadable), as an upload would.
    """
    try:
        fetched = fetch(
            url,
            user_agent=USER_AGENT,
            timeout=timeout,
            max_bytes=settings.IMAGE_MAX_BYTES,
            accept=", ".join(IMAGE_TYPES),
            content_types=set(IMAGE_TYPES),
        )
    except FetchError as err:
        raise ValidationError(f"Could not fetch the image {url}: {err}") from err
    stem = PurePosixPath(urlsplit(fetched.url).path).stem or "image"
    upload = ContentFile(
        fetched.body, name=f"{stem[:80]}{IMAGE_TYPES[fetched.content_type]}"
    )
    check_image(upload)
    return upload
