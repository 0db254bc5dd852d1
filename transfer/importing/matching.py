"""Finding what an imported record refers to, without a query per record.

Outlets, members and tags are few: each resolver loads them once and keeps
what it creates. Commentaries are matched through an index of their
normalised full-article URLs, slugs and titles, loaded once per import.
"""

from urllib.parse import urlsplit

from taggit.models import Tag

from articles.models import Commentary, Outlet
from members.models import Member, MemberAlias
from members.names import loose_keys, name_key

TRACKING_PARAMETERS = ("utm_", "fbclid=", "gclid=", "mc_cid=", "mc_eid=")


def url_key(url):
    """Return a key equal for spellings of one web address.

    Scheme, "www.", case of the host, default ports, a trailing slash, the
    fragment and tracking parameters are ignored; the path keeps its case.
    """
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port and port not in (80, 443) else host
    query = sorted(
        item
        for item in parts.query.split("&")
        if item and not item.lower().startswith(TRACKING_PARAMETERS)
    )
    key = netloc + parts.path.rstrip("/")
    return f"{key}?{'&'.join(query)}" if query else key


def fold(text):
    return " ".join((text or "").casefold().split())


class OutletResolver:
    """Outlets matched by slug, or by name or label whatever their case."""

    def __init__(self):
        self.by_slug = {}
        self.by_text = {}
        for outlet in Outlet.objects.all():
            self._remember(outlet)

    def _remember(self, outlet):
        self.by_slug[outlet.slug] = outlet
        for text in (outlet.label, outlet.name):
            if text:
                self.by_text.setdefault(fold(text), outlet)

    def find(self, name, slug="", label=""):
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        for text in (name, label):
            if text and fold(text) in self.by_text:
                return self.by_text[fold(text)]
        return None

    def resolve(self, name, slug="", label=""):
        """Return (outlet, created): an existing outlet, or a new one."""
        outlet = self.find(name, slug, label)
        if outlet is not None:
            return outlet, False
        outlet = Outlet(name=name.strip(), slug=slug, label=label)
        outlet.save()
        self._remember(outlet)
        return outlet, True


class MemberResolver:
    """Members matched by slug, or by name and aliases (see members.names)."""

    def __init__(self):
        self.by_pk = {}
        self.by_slug = {}
        self.by_key = {}
        self.by_loose = {}
        for member in Member.objects.only(
            "pk", "name", "slug", "name_key", "is_to_review"
        ):
            self._remember(member)
        aliases = MemberAlias.objects.values_list("member_id", "name", "name_key")
        for member_id, name, key in aliases:
            if member_id in self.by_pk:
                self.by_key.setdefault(key, []).append(self.by_pk[member_id])
                for loose in loose_keys(name):
                    self.by_loose.setdefault(loose, []).append(self.by_pk[member_id])

    def _remember(self, member):
        self.by_pk[member.pk] = member
        self.by_slug[member.slug] = member
        self.by_key.setdefault(member.name_key, []).append(member)
        for key in loose_keys(member.name):
            self.by_loose.setdefault(key, []).append(member)

    def matching(self, name):
        """Return the members whose name or alias is a spelling of name."""
        key = name_key(name)
        if not key:
            return []  # A name of punctuation alone matches no one.
        found = self.by_key.get(key, [])
        if not found:
            # "Kim Jiho" for "Kim Ji-ho": hyphens ignored as well as spaces.
            found = [m for k in loose_keys(name) for m in self.by_loose.get(k, [])]
        return sorted({m.pk: m for m in found}.values(), key=pk_of)

    def resolve(self, name, slug="", honorific="", to_review=False):
        """Return (member, note): note says what an editor should check, or "".

        to_review: a member not found is created *to review* (hidden from the
        public until an editor confirms them), as a summary page's "APLN
        member X" may be a misreading or someone not on the roster.
        """
        if slug and slug in self.by_slug:
            return self.by_slug[slug], ""
        found = self.matching(name)
        if len(found) == 1:
            member = found[0]
            note = f"member “{slug}” not found; matched “{member.slug}” by name"
            return member, note if slug else ""
        if found:
            names = ", ".join(f"{m.name} ({m.slug})" for m in found)
            return found[0], f"“{name}” matches several members: {names}"
        member = Member(
            name=name.strip(), slug=slug, honorific=honorific, is_to_review=to_review
        )
        member.save()
        self._remember(member)
        if to_review:
            return member, (
                f"new member “{member.name}” created to review (not on the roster): "
                "hidden from the public until an editor confirms them in the admin"
            )
        return member, f"new member “{member.name}” created; complete the profile"


def pk_of(obj):
    return obj.pk


class TagResolver:
    """Tags matched whatever their case (TAGGIT_CASE_INSENSITIVE), or created."""

    def __init__(self):
        self.by_key = {fold(tag.name): tag for tag in Tag.objects.all()}

    def resolve(self, name):
        key = fold(name)
        tag = self.by_key.get(key)
        if tag is None:
            tag = Tag(name=name.strip())
            tag.save()
            self.by_key[key] = tag
        return tag


class CommentaryIndex:
    """Existing commentaries by URL key, slug and (title, outlet), and this run's.

    A record matches by normalised full-article URL, else by slug, else (when
    it has no slug) by title and outlet. A piece touched twice in one import
    is a duplicate.
    """

    def __init__(self):
        self.by_url = {}
        self.by_slug = {}
        self.by_title = {}
        self.touched = {}
        rows = Commentary.objects.values_list(
            "pk", "full_article_url", "slug", "title", "outlet_id"
        )
        for pk, url, slug, title, outlet_id in rows.iterator(chunk_size=2000):
            self.add(pk, url, slug, title, outlet_id)

    def add(self, pk, url, slug, title, outlet_id):
        if url:
            self.by_url.setdefault(url_key(url), pk)
        self.by_slug[slug] = pk
        self.by_title.setdefault((fold(title), outlet_id), pk)

    def find(self, url="", slug="", title="", outlet_id=None):
        """Return (pk, how) of the matching commentary, or (None, "")."""
        if url and url_key(url) in self.by_url:
            return self.by_url[url_key(url)], "full_article_url"
        if slug:
            # A record that names its slug is that piece or a new one.
            return self.by_slug.get(slug), "slug" if slug in self.by_slug else ""
        if title and (fold(title), outlet_id) in self.by_title:
            return self.by_title[fold(title), outlet_id], "title and outlet"
        return None, ""

    def slug_owner(self, slug):
        return self.by_slug.get(slug)
