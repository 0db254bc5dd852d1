"""One commentary, to a record and back: the fulcrum-commentaries format.

Export turns a commentary into a plain dict (the JSON record; CSV flattens
it). Import reads such a record into an `Incoming` piece; summary pages
produce the same thing. `CommentaryWriter` then matches it to an existing
piece (normalised full-article URL, else slug, else title and outlet),
creates or updates it, and says which: so running an import twice changes
nothing the second time.
"""

import datetime
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.utils import timezone
from taggit.models import Tag

from articles import changes
from articles.ledes import build_lede
from articles.models import Authorship, Commentary, Outlet, TaggedCommentary
from articles.workflow import publish_problems
from core import redirects
from core.models import Redirect
from images.models import Image
from members.models import Member

from . import images
from .matching import (
    CommentaryIndex,
    MemberResolver,
    OutletResolver,
    TagResolver,
    fold,
)
from .records import (
    MISSING,
    Fields,
    InputError,
    Sub,
    check_slug,
    check_text,
    max_length,
)
from .report import CREATED, UNCHANGED, UPDATED

FORMAT = "fulcrum-commentaries"
KEY = "commentaries"
FIELDS = [
    "title", "slug", "kind", "status", "outlet", "lede", "lede_is_custom",
    "summary", "full_article_url", "original_published", "published_at",
    "authors", "image", "tags", "link_line", "summary_is_excerpt", "is_featured",
    "link_text",
    "language", "translation_of",
]  # fmt: skip
OUTLET_FIELDS = ["name", "slug"]
AUTHOR_FIELDS = ["name", "member", "role", "affiliation", "url"]
CSV_COLUMNS = [
    "title", "slug", "kind", "status", "outlet", "outlet_slug", "lede",
    "lede_is_custom", "summary", "full_article_url", "original_published",
    "published_at", "authors", "tags", "image_credit", "image_source_url",
    "image_caption", "image_licence", "image_alt_text", "image_is_decorative",
    "image_file", "link_line", "summary_is_excerpt", "is_featured", "link_text",
    "language", "translation_of",
]  # fmt: skip


# --- Export -----------------------------------------------------------------


def export_queryset():
    """Every commentary in creation order, with what a record needs, streamed."""
    return (
        Commentary.objects.order_by("pk")
        .select_related("outlet", "image", "translation_of")
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("member").order_by(
                    "position", "pk"
                ),
            ),
            "tags",
        )
        .iterator(chunk_size=500)
    )


def iso_datetime(moment):
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat()


def to_record(commentary):
    """Return the fulcrum-commentaries record of a commentary."""
    outlet = commentary.outlet
    authorships = list(commentary.authorships.all())
    return {
        "title": commentary.title,
        "slug": commentary.slug,
        "kind": commentary.kind,
        "status": commentary.status,
        "outlet": {"name": outlet.name, "slug": outlet.slug} if outlet else None,
        "lede": commentary.lede,
        "lede_is_custom": bool(commentary.lede_override.strip()),
        "summary": commentary.summary,
        "full_article_url": commentary.full_article_url or None,
        "original_published": commentary.original_published_iso or None,
        "published_at": iso_datetime(commentary.published_at),
        "authors": [
            {
                "name": a.display_name,
                "member": a.member.slug if a.member_id else None,
                "role": a.role,
                "affiliation": a.affiliation,
                "url": a.url or None,
            }
            for a in authorships
        ],
        "image": images.to_record(commentary.image),
        "tags": sorted((t.name for t in commentary.tags.all()), key=tag_order),
        "link_line": commentary.link_line,
        "summary_is_excerpt": commentary.summary_is_excerpt,
        "is_featured": commentary.is_featured,
        "link_text": commentary.link_text,
        "language": commentary.language,
        # The translated piece by its slug: it may come later in the file.
        "translation_of": (
            commentary.translation_of.slug if commentary.translation_of_id else None
        ),
    }


def tag_order(name):
    return (name.casefold(), name)


def to_csv_row(record):
    """Flatten a record into CSV cells: lists as JSON, the image in columns."""
    row = {key: value for key, value in record.items() if key in CSV_COLUMNS}
    outlet = record["outlet"] or {}
    row["outlet"] = outlet.get("name", "")
    row["outlet_slug"] = outlet.get("slug", "")
    row["authors"] = json.dumps(record["authors"], ensure_ascii=False)
    row["tags"] = json.dumps(record["tags"], ensure_ascii=False)
    images.flatten(record["image"], "image", row)
    return row


# --- Import: records ----------------------------------------------------------


@dataclass
class AuthorIn:
    """An author as the input names them; mode is member, outside or auto."""

    name: str
    mode: str = "auto"
    member: str = ""
    role: str = ""
    affiliation: str = ""
    url: str = ""
    honorific: str = ""


@dataclass
class Incoming:
    """One piece as read from any input, before it is matched or written.

    Attributes left MISSING leave the stored value alone; `publish` and
    `posted_on` are used by summary pages, which carry no status.
    """

    location: object
    fields: dict
    outlet: object = MISSING
    authors: object = MISSING
    lede: object = MISSING
    lede_is_custom: object = MISSING
    image: object = MISSING
    tags: object = MISSING
    translation_of: object = MISSING
    notes: list = field(default_factory=list)
    from_page: bool = False
    publish: bool = False
    posted_at: object = None
    link_location: object = None
    image_location: object = None
    old_address: str = ""  # the old site's address of a page, redirected here

    @property
    def label(self):
        return self.fields.get("title", "")


def parse_record(record, location):
    """Return an Incoming piece from a fulcrum-commentaries record."""
    f = Fields(record, location, FIELDS, Commentary)
    values = {}
    values["title"] = f.text("title", required=True, strip=True)
    slug = f.text("slug", strip=True)
    if slug is not MISSING and slug:
        values["slug"] = check_slug(f, "slug", slug)
    for name in ("kind", "status", "link_line", "language"):
        value = f.choice(name)
        if value is not MISSING:
            values[name] = value
    link_text = f.text("link_text", strip=True)
    if link_text is not MISSING:
        values["link_text"] = link_text
    summary = f.text("summary")
    if summary is not MISSING:
        values["summary"] = sanitize(summary)
    url = f.url("full_article_url")
    if url is not MISSING:
        values["full_article_url"] = url or ""
    date = f.partial_date("original_published")
    if date is not MISSING:
        values["original_published_on"], values["original_published_precision"] = date
    published_at = f.datetime("published_at")
    if published_at is not MISSING:
        values["published_at"] = published_at
    for name in ("summary_is_excerpt", "is_featured"):
        value = f.boolean(name)
        if value is not MISSING:
            values[name] = value
    incoming = Incoming(location, values)
    incoming.lede = f.text("lede", strip=True)  # stored as lede_override
    incoming.lede_is_custom = f.boolean("lede_is_custom")
    if incoming.lede_is_custom is True and not incoming.lede:
        raise f.error("lede", "lede_is_custom is true, so a lede is required.")
    incoming.outlet = parse_outlet(f)
    incoming.authors = parse_authors(f)
    incoming.image = parse_image(f)
    incoming.tags = parse_tags(f)
    original = f.text("translation_of", strip=True)
    if original is not MISSING:
        incoming.translation_of = (
            check_slug(f, "translation_of", original) if original else None
        )
    return incoming


def parse_outlet(f):
    value = f.raw("outlet")
    if value is MISSING or value is None:
        return value
    sub = Sub(value, f.location, OUTLET_FIELDS, "outlet", Outlet)
    name = sub.text("name", required=True, strip=True)
    slug = sub.text("slug", strip=True)
    return {"name": name, "slug": check_slug(sub, "slug", slug or "")}


def parse_authors(f):
    items = f.json_list("authors")
    if items is MISSING:
        return MISSING
    authors = []
    for index, item in enumerate(items):
        prefix = f"authors[{index}]"
        if isinstance(item, str):
            if not item.strip():
                raise f.error(prefix, "expected a name.")
            check_text(f, prefix, item, max_length(Authorship, "name"))
            authors.append(AuthorIn(item.strip()))
            continue
        sub = Sub(item, f.location, AUTHOR_FIELDS, prefix, Authorship)
        author = AuthorIn(sub.text("name", required=True, strip=True))
        member = sub.raw("member")
        if member is not MISSING:
            if member is not None and not isinstance(member, str):
                raise sub.error("member", "expected a member's slug or null.")
            author.mode = "member" if member else "outside"
            author.member = check_slug(sub, "member", (member or "").strip())
        for name in ("role", "affiliation"):
            value = sub.text(name, strip=True)
            if value is not MISSING:
                setattr(author, name, value)
        url = sub.url("url")
        if url is not MISSING:
            author.url = url or ""
        authors.append(author)
    return authors


def parse_image(f):
    value = f.raw("image")
    if value is MISSING or value is None:
        return value
    return images.parse(Sub(value, f.location, images.FIELDS, "image", Image))


def parse_tags(f):
    items = f.json_list("tags")
    if items is MISSING:
        return MISSING
    tags = {}
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise f.error(f"tags[{index}]", "expected a tag name.")
        check_text(f, f"tags[{index}]", item, max_length(Tag, "name"))
        tags.setdefault(fold(item), item.strip())
    return list(tags.values())


def csv_to_record(row):
    """Turn a CSV row (text cells) into a record for parse_record."""
    record = {}
    for key in ("title", "lede", "summary", "link_text"):
        if key in row:
            record[key] = row[key]
    for key in ("slug", "kind", "status", "link_line", "language", "translation_of"):
        if row.get(key, "").strip():
            record[key] = row[key]
    for key in ("lede_is_custom", "summary_is_excerpt", "is_featured"):
        if key in row:
            record[key] = row[key]
    for key in ("full_article_url", "original_published", "published_at"):
        if key in row:
            record[key] = row[key] or None
    for key in ("authors", "tags"):
        if key in row:
            record[key] = row[key]
    if "outlet" in row:
        name = row["outlet"].strip()
        record["outlet"] = {"name": name, "slug": row.get("outlet_slug", "")}
        if not name:
            record["outlet"] = None
    images.unflatten(row, "image", record, "image")
    return record


def sanitize(html):
    return Commentary._meta.get_field("summary").sanitize(html or "")


# --- Import: writing ----------------------------------------------------------


class CommentaryWriter:
    """Create or update commentaries from Incoming pieces, reporting each."""

    # How pieces are matched; import_wordpress matches by WordPress post ID.
    index_class = CommentaryIndex

    def __init__(self, report):
        self.report = report
        self.outlets = OutletResolver()
        self.members = MemberResolver()
        self.tags = TagResolver()
        self.index = self.index_class()
        # (piece id, slug of the piece it translates, location): linked in
        # finish(), when every piece of the input exists.
        self.translations = []
        self.loaded = {}  # pk -> existing piece read ahead of its write

    def preload(self, pks):
        """Read the existing pieces the next records will write, all together.

        Three queries for all of them, where reading each as its record comes
        costs three a piece: a re-import that changes nothing is mostly these
        reads (`bench/wordpress_bench.py`). Each piece is written once per
        import, and nothing else the import does writes a piece's own row,
        authors or tags, so what is read ahead is what the write would read.
        """
        self.loaded = pieces_to_write(pks) if pks else {}

    def existing(self, pk):
        """Return the piece pk as read ahead, or read now, to be written."""
        if pk not in self.loaded:
            self.loaded.update(pieces_to_write([pk]))
        return self.loaded[pk]

    def write(self, incoming):
        """Match, then create, update or leave alone; return the outcome."""
        location = incoming.location
        notes = list(incoming.notes)
        outlet = self._outlet(incoming)
        authors = self._authors(incoming, notes)
        values = dict(incoming.fields)
        outlet_id = outlet.pk if outlet not in (MISSING, None) else None
        pk, how = self.index.find(
            values.get("full_article_url", ""),
            values.get("slug", ""),
            values.get("title", ""),
            outlet_id,
        )
        if pk is not None and pk in self.index.touched:
            raise InputError(
                location,
                f"this duplicates {self.index.touched[pk].seen_from(location)} "
                f"(the same {how}); each piece may appear once.",
            )
        owner = self.index.slug_owner(values.get("slug", ""))
        if owner is not None and pk is not None and owner != pk:
            raise InputError(
                location,
                f"the slug “{values['slug']}” belongs to another commentary than the "
                f"one this record matches by {how}.",
                "slug",
            )
        commentary = None
        if pk is not None:
            commentary = self.existing(pk)
            # Written now, even if this write fails: never reuse what it changed.
            del self.loaded[pk]
            if how == "title and outlet":
                # The same title in other capitals: keep the stored one.
                values.pop("title", None)
        self._status(incoming, commentary, values, notes)
        lede = self._lede(incoming, commentary, values, outlet, authors)
        image = incoming.image
        if image not in (MISSING, None):
            image = images.check_file(
                image, notes, incoming.image_location or location, "image.file"
            )
        if commentary is None:
            commentary = self._create(
                values, outlet, lede, authors, incoming.tags, image
            )
            outcome = CREATED
        else:
            changed = self._update(
                commentary, values, outlet, lede, authors, incoming.tags, image
            )
            outcome = UPDATED if changed else UNCHANGED
        if (
            incoming.from_page
            and incoming.publish
            and outcome == CREATED
            and commentary.status == Commentary.Status.PUBLISHED
        ):
            # --publish obeys the editors' pre-publish checks.
            problems = publish_problems(commentary)
            if problems:
                commentary.status = Commentary.Status.DRAFT
                Commentary.objects.filter(pk=commentary.pk).update(
                    status=Commentary.Status.DRAFT
                )
                notes.append(f"not published: {'; '.join(problems)}")
        self.index.add(
            commentary.pk,
            commentary.full_article_url,
            commentary.slug,
            commentary.title,
            commentary.outlet_id,
        )
        self.index.touched[commentary.pk] = location
        if incoming.old_address:
            old_address_moves(incoming.old_address, commentary, notes)
        self.report.add(outcome, location, commentary.title)
        if incoming.from_page and not commentary.full_article_url:
            notes.append(
                at(
                    incoming.link_location,
                    "no full-article URL: left as a draft; add the link",
                )
            )
        if commentary.image_id and not commentary.image.file:
            notes.append(
                at(
                    incoming.image_location,
                    "image credit without its file: upload the image",
                )
            )
        for note in notes:
            self.report.needs_attention(location, commentary.title, note)
        if incoming.translation_of is not MISSING:
            self.translations.append((commentary.pk, incoming.translation_of, location))
        return outcome

    def finish(self):
        """Link translations to the pieces they translate, named by slug."""
        slugs = {slug for _, slug, _ in self.translations if slug}
        found = dict(
            Commentary.objects.filter(slug__in=slugs).values_list("slug", "pk")
        )
        linked = []
        for pk, slug, location in self.translations:
            original = found.get(slug) if slug else None
            if slug and original is None:
                raise InputError(
                    location,
                    f"no commentary has the slug “{slug}” (in this file or the site).",
                    "translation_of",
                )
            if original == pk:
                raise InputError(
                    location, "a piece cannot be a translation of itself.",
                    "translation_of",
                )  # fmt: skip
            if (
                Commentary.objects.filter(pk=pk)
                .exclude(translation_of_id=original)
                .update(translation_of_id=original)
            ):
                linked.append(pk)
        if linked:
            changes.pieces_changed(linked, text=False)

    # Resolving what the record names.

    def _outlet(self, incoming):
        if incoming.outlet in (MISSING, None):
            return incoming.outlet
        data = incoming.outlet
        outlet, _ = self.outlets.resolve(
            data["name"], data.get("slug", ""), data.get("label", "")
        )
        return outlet

    def _authors(self, incoming, notes):
        """Return [(member or None, AuthorIn)] in order, creating members."""
        if incoming.authors is MISSING:
            return MISSING
        resolved, seen = [], {}
        for index, author in enumerate(incoming.authors):
            member = None
            if author.mode == "member":
                member, note = self.members.resolve(
                    author.name,
                    author.member,
                    author.honorific,
                    to_review=incoming.from_page,
                )
                if note:
                    notes.append(f"author “{author.name}”: {note}")
                if member.is_to_review:
                    self.report.member_to_review(member.name, incoming.location)
            elif author.mode == "auto":
                found = self.members.matching(author.name)
                member = found[0] if found else None
            if member is not None:
                if member.pk in seen:
                    raise InputError(
                        incoming.location,
                        f"{member.name} is listed twice (authors {seen[member.pk]} "
                        f"and {index}).",
                        "authors",
                    )
                seen[member.pk] = index
            resolved.append((member, author))
        return resolved

    def _status(self, incoming, commentary, values, notes):
        """Summary pages: drafts, published with --publish when they have a link.

        The status is set only when the page creates its piece: once a piece
        exists, its status is the editors' (they may have taken it back to
        draft or withdrawn it), and a re-import, even with --publish, keeps
        it and says so.
        """
        if incoming.from_page:
            url = values.get("full_article_url") or (
                commentary.full_article_url if commentary else ""
            )
            posted = incoming.posted_at
            if commentary is None:
                publish = incoming.publish and url
                values["status"] = (
                    Commentary.Status.PUBLISHED if publish else Commentary.Status.DRAFT
                )
                values["published_at"] = posted or (timezone.now() if publish else None)
            elif (
                incoming.publish
                and url
                and commentary.status != Commentary.Status.PUBLISHED
            ):
                notes.append(kept_status_note(commentary))
            return
        if values.get("status") == Commentary.Status.PUBLISHED and values.get(
            "published_at", MISSING
        ) in (None, MISSING):
            existing = commentary.published_at if commentary else None
            values["published_at"] = existing or timezone.now()

    def _lede(self, incoming, commentary, values, outlet, authors):
        """Return the lede override to store, or MISSING to leave it alone."""
        if incoming.lede_is_custom is True:
            return incoming.lede
        if incoming.lede_is_custom is False:
            return ""
        if incoming.lede is MISSING:
            return MISSING
        if not incoming.lede:
            return ""
        if authors is MISSING:
            written = [
                (a.display_name, a.is_member)
                for a in (commentary.ordered_authorships() if commentary else [])
            ]
        else:
            # Compare with the names as written, so "Hoang Thi Ha" matching
            # the member Hoàng Thị Hà still counts as the generated lede.
            written = [(a.name, m is not None) for m, a in authors]
        kind = values.get("kind") or (commentary.kind if commentary else "commentary")
        if outlet is MISSING:
            outlet = commentary.outlet if commentary else None
        # Old pages name the outlet by its label ("for FULCRUM"); the site
        # now names it by its name: either wording is the generated lede.
        spellings = {outlet.display_label, outlet.name} if outlet else {""}
        generated = [build_lede(written, kind, spelling) for spelling in spellings]
        if any(same_text(lede, incoming.lede) for lede in generated):
            return ""
        return roster_spelling(incoming.lede, authors)

    # Writing.

    def _create(self, values, outlet, lede, authors, tags, image):
        commentary = Commentary(**values)
        if outlet is not MISSING:
            commentary.outlet = outlet
        if lede is not MISSING:
            commentary.lede_override = lede
        if image not in (MISSING, None):
            commentary.image = images.create(image)
        commentary.save()
        if authors is not MISSING:
            self._set_authors(commentary, authors)
        if tags is not MISSING:
            self._set_tags(commentary, tags)
        return commentary

    def _update(self, commentary, values, outlet, lede, authors, tags, image):
        changed = [name for name, value in values.items() if changed_value(
            commentary, name, value
        )]  # fmt: skip
        for name in changed:
            setattr(commentary, name, values[name])
        if outlet is not MISSING and commentary.outlet_id != (outlet and outlet.pk):
            commentary.outlet = outlet
            changed.append("outlet")
        if lede is not MISSING and commentary.lede_override != lede:
            commentary.lede_override = lede
            changed.append("lede")
        if image is not MISSING:
            commentary.image, image_changed = images.replace(
                commentary.image, image, lambda: shared(commentary.image, commentary)
            )
            if image_changed:
                changed.append("image")
        if changed:
            commentary.save()
        if authors is not MISSING:
            current = [author_row(a) for a in commentary.ordered_authorships()]
            wanted = [author_row(Authorship(**author_values(m, a))) for m, a in authors]
            if current != wanted:
                commentary.authorships.all().delete()
                self._set_authors(commentary, authors)
                changed.append("authors")
        if tags is not MISSING:
            current = sorted(fold(t.name) for t in commentary.tag_list())
            if current != sorted(fold(t) for t in tags):
                TaggedCommentary.objects.filter(content_object=commentary).delete()
                self._set_tags(commentary, tags)
                changed.append("tags")
        return changed

    def _set_authors(self, commentary, authors):
        Authorship.objects.bulk_create(
            Authorship(commentary=commentary, position=position, **author_values(m, a))
            for position, (m, a) in enumerate(authors)
        )
        commentary.loaded_authorships = None  # what was read is gone
        changes.pieces_changed([commentary.pk])

    def _set_tags(self, commentary, tags):
        TaggedCommentary.objects.bulk_create(
            TaggedCommentary(content_object=commentary, tag=self.tags.resolve(name))
            for name in tags
        )
        commentary.loaded_tags = None
        changes.pieces_changed([commentary.pk])


def pieces_to_write(pks):
    """Return {pk: piece} as a write compares them: outlet, image, authors, tags.

    The search columns are left unread: they are the largest, a write never
    compares them, and a save leaves them to articles.signals. Authors are
    read without the link back to their piece that a Prefetch would set: a
    piece and its authors would make a reference cycle, which only the
    garbage collector frees, and a re-import's memory grew by a sixth.
    """
    pieces = (
        Commentary.objects.select_related("outlet", "image")
        .defer("search_text", "search_title", "search_unspaced")
        .prefetch_related(Prefetch("tags", to_attr="loaded_tags"))
        .in_bulk(pks)
    )
    for piece in pieces.values():
        piece.loaded_authorships = []
    for authorship in Authorship.objects.filter(commentary_id__in=pieces).order_by():
        pieces[authorship.commentary_id].loaded_authorships.append(authorship)
    return pieces


def roster_spelling(lede, authors):
    """Return the page's lede with matched members named as the roster does."""
    if authors is MISSING:
        return lede
    for member, author in authors:
        if member is not None and author.name and author.name != member.name:
            lede = lede.replace(author.name, member.name)
    return lede


def old_address_moves(address, commentary, notes):
    """Answer the old site's address of a page with a 301 to the new page."""
    path = urlsplit(address).path or "/"
    new_path = commentary.get_absolute_url()
    limit = max_length(Redirect, "old_path")
    if path == "/" or path == new_path:
        return
    if len(path) > limit:
        notes.append(
            f"the old address is longer than {limit} characters: not redirected"
        )
        return
    redirect = redirects.record(path, new_path)
    if redirect is not None and redirect.new_path != new_path:
        notes.append(
            f"the old address {path} already leads to {redirect.new_path}: not "
            "redirected here"
        )


def kept_status_note(commentary):
    """The note of a re-import that keeps the status of an existing piece."""
    return (
        f"kept as {commentary.get_status_display().lower()}: the piece exists "
        "already and an editor decides its status (an import sets it only on "
        "the pieces it creates); publish it in the admin"
    )


def shared(image, commentary):
    """Return True if another piece or a profile shows image too."""
    return (
        image.commentaries.exclude(pk=commentary.pk).exists()
        or Member.objects.filter(photo=image).exists()
    )


def at(location, note):
    """Return note with its own location when there is one (see Report)."""
    return (location, note) if location else note


def author_values(member, author):
    return {
        "member": member,
        "name": "" if member else author.name,
        "role": author.role,
        "affiliation": author.affiliation,
        "url": author.url,
    }


def author_row(authorship):
    return (
        authorship.member_id,
        authorship.name,
        authorship.role,
        authorship.affiliation,
        authorship.url,
    )


def changed_value(commentary, name, value):
    return getattr(commentary, name) != value


def same_text(a, b):
    return " ".join(a.split()) == " ".join(b.split())
