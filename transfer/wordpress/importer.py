"""WordPress posts to commentaries, through the imports' CommentaryWriter.

How a post maps (see also the command's help):

- identity: each imported post and featured image is recorded as a
  WordPressPost (site address and post ID), so a second import of the same
  export updates in place and reports everything unchanged. A post seen for
  the first time is matched to an existing piece only by its full-article URL.
- status: publish and future posts are published with --publish (future ones
  scheduled at their date) when they pass the checks every publication
  passes (authors, full-article link, image with its file, credit and alt
  text), and are drafts otherwise; pending becomes "ready for review";
  draft, private and password-protected posts become drafts. The status is
  set only when a post creates its piece: a re-import (even with --publish)
  keeps the status of an existing piece, which is the editors' to decide
  (they may have taken it back to draft or withdrawn it), and reports it
  when the export would have set another; trash is skipped.
- publish time: post_date_gmt; when that is "0000-00-00 00:00:00", post_date
  in the site's TIME_ZONE; then pubDate; else none.
- authors: Co-Authors Plus terms (taxonomy "author", "cap-" slugs, guest
  authors) in byline order, else dc:creator. Each is matched to a member by
  display name, first and last name, then login, through member names and
  aliases (add an alias to map an author). No member is created: an author
  who matches no member is credited as an outside author.
- categories and tags become tags ("Uncategorized" is dropped); the excerpt
  becomes the lede; sticky posts are featured.
- featured image (_thumbnail_id): an Image with alt text, caption and credit.
  Its file is copied from --media-dir (matched by _wp_attached_file) and
  cleaned like an upload; when absent the image awaits its file and the
  report gives the original URL. Nothing is fetched from the internet.
- old permalinks (and _wp_old_slug variants) redirect (301) to the new page.
"""

import html
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from taggit.models import Tag

from articles.models import Authorship, Commentary
from articles.workflow import publish_problems
from core import redirects
from core.models import Redirect
from core.slugs import slug_for
from images.models import Image
from images.validators import validate_image_file

from ..importing.commentaries import (
    AuthorIn,
    CommentaryWriter,
    Incoming,
    kept_status_note,
)
from ..importing.credits import CREDIT_LINE, credit_text, parse_credit
from ..importing.matching import CommentaryIndex, fold, url_key
from ..importing.page_html import Block
from ..importing.records import MISSING, max_length
from ..importing.report import UNCHANGED, UPDATED
from ..importing.sources import Location
from ..models import WordPressPost
from .content import plain_text, summarise
from .parser import as_int, php_unserialize

IMPORTED_STATUSES = {"publish", "future", "draft", "pending", "private"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
DROPPED_CATEGORIES = {"uncategorized"}
SLUG = re.compile(r"^[-\w]+$")
# Posts whose existing pieces and images are read together (WordPressImport.
# import_posts). The posts of a window are held in memory, 20 KB or so each:
# 50 makes a re-import three times faster with no more memory than reading
# each piece as its post comes (200 took 4 MB more; bench/wordpress_bench.py).
WINDOW = 50
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
UPLOADS = "/wp-content/uploads/"


class WordPressIndex(CommentaryIndex):
    """Match pieces by WordPress post ID; a new post only by its full-article URL.

    A piece that another WordPress post already became is never taken over.
    """

    known = None
    claimed = frozenset()

    def find(self, url="", slug="", title="", outlet_id=None):
        if self.known is not None:
            return self.known, "WordPress post ID"
        pk = self.by_url.get(url_key(url)) if url else None
        if pk is not None and pk not in self.touched and pk not in self.claimed:
            return pk, "full_article_url"
        return None, ""


class WordPressWriter(CommentaryWriter):
    index_class = WordPressIndex

    def _create(self, *args, **kwargs):
        self.created = super()._create(*args, **kwargs)
        return self.created


@dataclass
class Record:
    """What import_wordpress needs of a WordPressPost row."""

    pk: int
    commentary_id: int | None
    image_id: int | None
    guid: str
    link: str


@dataclass
class Person:
    """An author as the export describes them, before matching."""

    name: str
    candidates: list = field(default_factory=list)
    url: str = ""


class WordPressImport:
    """Import the posts of one export (read by WXRReader) into commentaries."""

    def __init__(self, reader, report, media_dir=None, publish=False):
        self.reader = reader
        self.export = reader.export
        self.report = report
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.publish = publish
        self.site = site_key(self.export)
        self.stored = []  # files written to the media storage by this run
        self.seen = {}  # post ID -> location, to refuse duplicates
        self.drafted = 0  # published on WordPress, a draft here
        self.redirects = 0
        self.images = {}  # attachment ID -> (Image, changed) of this run
        self.loaded_images = {}  # Image pk -> attachment image read ahead
        self.writer = WordPressWriter(report)
        # Light rows, not model instances: an export may hold many thousands.
        self.records = {
            row[0]: Record(*row[1:])
            for row in WordPressPost.objects.filter(site=self.site).values_list(
                "wordpress_id", "pk", "commentary_id", "image_id", "guid", "link"
            )
        }
        self.old_paths = dict(Redirect.objects.values_list("old_path", "new_path"))
        self.new_paths = set(self.old_paths.values())
        self.writer.index.claimed = frozenset(
            WordPressPost.objects.exclude(commentary=None).values_list(
                "commentary_id", flat=True
            )
        )
        self.authors = AuthorDirectory(self.export)

    # --- Posts ----------------------------------------------------------------

    def import_posts(self, items):
        """Import posts in order, yielding each once it is imported.

        The existing pieces and featured images of a window of posts are read
        together before the window is imported: a re-import of an unchanged
        export is mostly those reads.
        """
        for window in itertools.batched(items, WINDOW):
            self.preload(window)
            for item in window:
                self.import_post(item)
                yield item

    def preload(self, window):
        pieces, images = [], []
        for item in window:
            record = self.records.get(item.post_id)
            if record is not None and record.commentary_id:
                pieces.append(record.commentary_id)
            number = as_int(item.meta.get("_thumbnail_id", "").strip())
            attachment = self.export.attachments.get(number) if number else None
            if attachment is not None and number not in self.images:
                record = self.records.get(attachment.post_id)
                if record is not None and record.image_id:
                    images.append(record.image_id)
        self.writer.preload(pieces)
        self.loaded_images = Image.objects.in_bulk(images) if images else {}

    # --- One post -----------------------------------------------------------

    def location(self, item):
        return Location(self.export.path, item.line)

    def import_post(self, item):
        """Create, update or leave alone the commentary of one post."""
        where = self.location(item)
        label = item.title or f"post {item.post_id}"
        status = item.status.lower()
        if status in SKIPPED_STATUSES:
            self.report.needs_attention(where, label, f"status “{status}”: skipped")
            return
        if item.post_id is None:
            # Hand-made exports may leave it out; the GUID (?p=19) still has it.
            item.post_id = id_from_address(item.guid) or id_from_address(item.link)
            if item.post_id is None:
                note = "no <wp:post_id> nor ?p= address: skipped (a re-import "
                self.report.needs_attention(where, label, note + "could not find it)")
                return
        if item.post_id in self.seen:
            first = self.seen[item.post_id].seen_from(where)
            note = f"post ID {item.post_id} already imported from {first}"
            self.report.needs_attention(where, label, f"{note}: this copy was skipped")
            return
        self.seen[item.post_id] = where
        notes = []
        record = self.records.get(item.post_id)
        existing = None
        if record is not None and record.commentary_id:
            existing = self.writer.existing(record.commentary_id)
        summary = summarise(item.content, where)
        notes += summary.notes
        fields = {"summary": summary.html, "title": self.title(item, notes)}
        if summary.full_article_url:
            fields["full_article_url"] = summary.full_article_url
            fields["link_line"] = summary.link_line
        if item.is_sticky:
            fields["is_featured"] = True
        self.writer.index.known = existing.pk if existing else None
        pk, _ = self.writer.index.find(fields.get("full_article_url", ""))
        if pk is None:
            fields["slug"] = self.slug(item, fields["title"], notes)
        elif existing is None:
            existing = self.writer.existing(pk)
        incoming = Incoming(where, fields)
        incoming.lede = plain_text(item.excerpt)
        incoming.lede_is_custom = bool(incoming.lede)
        authors = self.authorships(item, notes)
        incoming.authors = authors if authors else MISSING
        tags = self.tags(item, notes)
        incoming.tags = tags if tags else MISSING
        image, image_changed = self.image(item, summary, existing, fields, notes)
        if image is not MISSING:
            fields["image"] = image
        self.status(item, status, existing, fields, len(authors), notes)
        note_content(summary, notes)
        incoming.notes = notes
        outcome = self.writer.write(incoming)
        commentary = existing or self.writer.created
        if outcome == UNCHANGED and image_changed:
            # The piece is the same, its image was updated: report it so.
            self.report.entries[UNCHANGED].pop()
            self.report.add(UPDATED, where, commentary.title)
        self.remember(item, commentary)
        self.redirect(item, commentary)

    def title(self, item, notes):
        title = " ".join(html.unescape(item.title).split())
        if not title:
            title = f"Untitled WordPress post {item.post_id}"
            notes.append(f"no title: “{title}” was used")
        limit = max_length(Commentary, "title")
        if len(title) > limit:
            notes.append(f"the title was longer than {limit} characters: shortened")
            title = title[: limit - 1].rstrip() + "…"
        return title

    def slug(self, item, title, notes):
        """Return the post's slug when valid and free, else one made from it."""
        given = unquote(item.post_name).strip()
        limit = max_length(Commentary, "slug")
        if given and SLUG.match(given) and len(given) <= limit:
            base = given.lower()
        else:
            base = slug_for(re.sub(r"[^\w-]+", " ", given) or title, "commentary")
            base = base[:limit].strip("-") or "commentary"
            if given:
                notes.append(f"slug “{given[:60]}” is not a valid address: “{base}”")
        slug, number = base, 2
        while slug in self.writer.index.by_slug:
            suffix = f"-{number}"
            slug = base[: limit - len(suffix)] + suffix
            number += 1
        if slug != base:
            notes.append(f"slug “{base}” is taken: “{slug}” was used")
        return slug

    def authorships(self, item, notes):
        """Return the ordered AuthorIns: members when they match, else outside."""
        people = self.authors.of(item, notes)
        authors, members, names = [], set(), set()
        for person in people:
            member = None
            for candidate in person.candidates:
                found = self.writer.members.matching(candidate)
                if len(found) > 1:
                    listed = ", ".join(f"{m.name} ({m.slug})" for m in found)
                    notes.append(
                        f"author “{person.name}” matches several members: {listed}; "
                        f"{found[0].name} was chosen"
                    )
                if found:
                    member = found[0]
                    break
            if member is not None:
                if member.pk in members:
                    continue
                members.add(member.pk)
                authors.append(AuthorIn(member.name, "member", member.slug))
            else:
                name = person.name[: max_length(Authorship, "name")]
                if fold(name) in names:
                    continue
                names.add(fold(name))
                authors.append(AuthorIn(name, "outside", url=person.url))
        if not authors:
            notes.append("no author: add one")
        return authors

    def tags(self, item, notes):
        """Return the names of the post's categories and tags, without repeats."""
        terms = [c for c in item.categories if c[0] in ("category", "post_tag", "tag")]
        if not terms:
            # WXR 1.0 repeats categories without a domain: used when alone.
            terms = [("category", n, t) for d, n, t in item.categories if not d]
        names = {}
        for domain, slug, text in terms:
            name = " ".join(html.unescape(text).split()) or slug
            dropped = {slug, fold(name)} & DROPPED_CATEGORIES
            if not name or (domain == "category" and dropped):
                continue
            limit = max_length(Tag, "name")
            if len(name) > limit:
                notes.append(f"tag “{name[:40]}...” shortened to {limit} characters")
                name = name[:limit].rstrip()
            names.setdefault(fold(name), name)
        return list(names.values())

    def status(self, item, status, existing, fields, authors, notes):
        """Set status and publish time in fields (see the module docstring)."""
        date = item.date(timezone.get_default_timezone())
        wanted = Commentary.Status.DRAFT
        if item.password:
            notes.append("password-protected on WordPress: imported as a draft")
        elif status in ("publish", "future"):
            if self.publish:
                problems = publish_problems(
                    candidate(existing, fields), authors=authors
                )
                if problems and existing is None:
                    notes.append("not published: " + " ".join(problems))
                elif not problems:
                    wanted = Commentary.Status.PUBLISHED
            else:
                self.drafted += 1
        elif status == "pending":
            wanted = Commentary.Status.REVIEW
        elif status == "private":
            notes.append("private on WordPress: imported as a draft")
        elif status != "draft":
            notes.append(f"unknown WordPress status “{status}”: imported as a draft")
        if date is not None:
            fields["published_at"] = date
        if existing is None:
            fields["status"] = wanted
        elif wanted != existing.status and (
            self.publish or wanted != Commentary.Status.DRAFT
        ):
            notes.append(kept_status_note(existing))

    # --- Images -------------------------------------------------------------

    def image(self, item, summary, existing, fields, notes):
        """Return (Image, changed) for the post's featured image, or MISSING.

        A credit line with no featured image gives an image awaiting its file,
        as summary pages do.
        """
        number = as_int(item.meta.get("_thumbnail_id", "").strip())
        attachment = self.export.attachments.get(number) if number else None
        if number and attachment is None:
            notes.append(f"featured image #{number} is not in this export")
        if attachment is not None:
            if number not in self.images:
                self.images[number] = self.attachment_image(
                    attachment, item, summary, notes
                )
            else:
                self.note_missing_file(self.images[number][0], attachment, notes)
            return self.images[number]
        if summary.credit is None:
            return MISSING, False
        data = {
            key: summary.credit[key]
            for key in ("credit", "source_url", "caption", "alt_text")
        }
        current = existing.image if existing and existing.image_id else None
        if current is not None and all(
            getattr(current, key) == value for key, value in data.items()
        ):
            return current, False
        image = Image(**data)
        image.save()
        return image, True

    def attachment_image(self, attachment, item, summary, notes):
        """Create or update the Image of one attachment; copy its file."""
        where = self.location(attachment)
        data, fallbacks = image_fields(attachment, item, summary, self.export, where)
        record = self.records.get(attachment.post_id)
        image = None
        if record is not None and record.image_id:
            image = self.loaded_images.pop(record.image_id, None)
            if image is None:
                image = Image.objects.filter(pk=record.image_id).first()
        changed = False
        if image is None:
            image = Image(**data)
            changed = True
        else:
            for name, value in data.items():
                if name in fallbacks:
                    continue  # keep what an editor wrote in place of a guess
                if getattr(image, name) != value:
                    setattr(image, name, value)
                    changed = True
        source = None if image.file else self.media_file(attachment, notes)
        if source is not None:
            image.file = source
            changed = True
        if changed:
            try:
                image.save()
            except BaseException:
                # The file and some renditions may be written already.
                if source is not None:
                    self.stored += files_written(image)
                raise
            finally:
                if source is not None:
                    source.close()
            if source is not None:
                self.stored += [image.file.name] + [r["name"] for r in image.renditions]
        for name, note in fallbacks.items():
            if getattr(image, name) == data[name]:
                notes.append(note)  # still the guess: an editor should check it
        if record is None:
            created = WordPressPost.objects.create(
                site=self.site,
                wordpress_id=attachment.post_id,
                post_type="attachment",
                guid=attachment.guid[: max_length(WordPressPost, "guid")],
                link=(attachment.attachment_url or attachment.link)[
                    : max_length(WordPressPost, "link")
                ],
                image=image,
            )
            self.records[attachment.post_id] = Record(
                created.pk, None, image.pk, created.guid, created.link
            )
        self.note_missing_file(image, attachment, notes)
        return image, changed

    def note_missing_file(self, image, attachment, notes):
        if not image.file:
            url = attachment.attachment_url or attachment.guid
            path = attached_path(attachment)
            named = f" “{path}”" if path else ""
            where = "is not in --media-dir" if self.media_dir else "was not copied"
            notes.append(f"the featured image's file{named} {where}; it was at {url}")

    def media_file(self, attachment, notes):
        """Return an open File of the attachment in --media-dir, or None."""
        if self.media_dir is None:
            return None
        relative = attached_path(attachment)
        if not relative:
            return None
        path = (self.media_dir / relative).resolve()
        if not path.is_relative_to(self.media_dir) or not path.is_file():
            return None
        handle = open(path, "rb")  # closed once the image is saved
        upload = File(handle, name=PurePosixPath(relative).name)
        try:
            validate_image_file(upload)
        except ValidationError as err:
            handle.close()
            notes.append(f"“{relative}” in --media-dir: {' '.join(err.messages)}")
            return None
        return upload

    # --- Records and redirects ------------------------------------------------

    def remember(self, item, commentary):
        """Record which piece the post became (its identity on a re-import)."""
        record = self.records.get(item.post_id)
        guid = item.guid[: max_length(WordPressPost, "guid")]
        link = item.link[: max_length(WordPressPost, "link")]
        if record is None:
            created = WordPressPost.objects.create(
                site=self.site,
                wordpress_id=item.post_id,
                post_type="post",
                guid=guid,
                link=link,
                commentary=commentary,
            )
            self.records[item.post_id] = Record(
                created.pk, commentary.pk, None, guid, link
            )
        elif (record.commentary_id, record.guid, record.link) != (
            commentary.pk,
            guid,
            link,
        ):
            WordPressPost.objects.filter(pk=record.pk).update(
                post_type="post",
                commentary=commentary,
                image=None,
                guid=guid,
                link=link,
                updated_at=timezone.now(),
            )

    def redirect(self, item, commentary):
        """Send the post's old addresses to its new page (301, by middleware).

        The chain rule is core.redirects.record()'s alone: it is called
        whenever a chain could be involved. When old_path is unknown, is no
        page's new address and new_path redirects nowhere, record() would
        only insert one row; that row is inserted directly, since record()
        costs about seven queries and scans new_path (not indexed) each time:
        5 to 10 times slower for an export's thousands of old permalinks.
        """
        new_path = commentary.get_absolute_url()
        for old_path in old_paths(item):
            current = self.old_paths.get(old_path)
            if old_path == new_path or current == new_path:
                continue  # already so (a re-import): nothing to count
            if (
                current is None
                and old_path not in self.new_paths
                and new_path not in self.old_paths
            ):
                Redirect.objects.create(old_path=old_path, new_path=new_path)
            else:
                redirects.record(old_path, new_path)
                self.old_paths = dict(
                    Redirect.objects.values_list("old_path", "new_path")
                )
                self.new_paths = set(self.old_paths.values())
            self.old_paths[old_path] = new_path
            self.new_paths.add(new_path)
            self.redirects += 1

    def cleanup(self):
        """Delete the files this run stored (after a dry run or a failure)."""
        for name in self.stored:
            default_storage.delete(name)
        self.stored = []


def files_written(image):
    """Return the files a failed save of image with a new file may have left:
    the file, once stored, and whatever is in its renditions folder."""
    names = []
    if image.file and image.file._committed and image.file.name:
        names.append(image.file.name)
    if image.pk is not None:
        folder = f"renditions/{image.pk}"
        try:
            _folders, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            files = []
        names += [f"{folder}/{name}" for name in files]
    return names


def candidate(existing, fields):
    """Return an unsaved piece as it will be, for the publishing checks."""
    piece = Commentary(kind=existing.kind if existing else Commentary.Kind.COMMENTARY)
    url = fields.get("full_article_url")
    piece.full_article_url = url or (existing.full_article_url if existing else "")
    image = fields.get("image", existing.image if existing else None)
    piece.image = image
    return piece


def note_content(summary, notes):
    if summary.shortcodes:
        listed = ", ".join(
            f"[{name}]" + (f" ×{count}" if count > 1 else "")
            for name, count in sorted(summary.shortcodes.items())
        )
        notes.append(f"shortcodes removed: {listed}")
    if summary.images_left_out:
        count = summary.images_left_out
        notes.append(
            f"{count} image{'s' if count > 1 else ''} in the text left out "
            "(a summary shows no images)"
        )


def site_key(export):
    """Return the site's address, the scope of its post IDs."""
    site, limit = export.site, max_length(WordPressPost, "site")
    if site.url:
        return site.url[:limit]
    name = site.title or PurePosixPath(export.path).name
    return f"untitled:{name}"[:limit]


def attached_path(attachment):
    """Return the file's path under wp-content/uploads (e.g. 2013/06/a.jpg)."""
    relative = attachment.meta.get("_wp_attached_file", "").strip()
    if not relative:
        url = attachment.attachment_url or attachment.guid
        path = unquote(urlsplit(url).path)
        if UPLOADS in path:
            relative = path.split(UPLOADS, 1)[1]
        else:  # WordPress.com: https://site.files.wordpress.com/2008/06/a.jpg
            dated = re.search(r"(\d{4}/\d{2}/[^/]+)$", path)
            relative = dated[1] if dated else PurePosixPath(path).name
    relative = relative.lstrip("/")
    if not relative or ".." in PurePosixPath(relative).parts:
        return ""
    return relative


def id_from_address(address):
    """Return N of a WordPress address ending ?p=N (or page_id, attachment_id)."""
    query = urlsplit(address or "").query
    match = re.search(r"(?:^|&)(?:p|page_id|attachment_id)=(\d+)(?:&|$)", query)
    return int(match[1]) if match else None


def old_paths(item):
    """Return the paths of the post's old permalinks (none for ?p=123 links)."""
    parts = urlsplit(item.link.strip())
    if parts.scheme not in ("", "http", "https"):
        return []
    path = unquote(parts.path)
    limit = max_length(Redirect, "old_path")
    if not path.startswith("/") or path == "/" or len(path) > limit:
        return []
    paths = [path]
    slug = unquote(item.post_name).strip()
    trailing = "/" if path.endswith("/") else ""
    head = path.rstrip("/")
    if slug and head.endswith(f"/{slug}"):
        for old_slug in item.old_slugs:
            old = f"{head[: -len(slug)]}{unquote(old_slug)}{trailing}"
            if old not in paths and len(old) <= limit:
                paths.append(old)
    return paths


def media_credit(meta):
    """Return (credit, url) from the Media Credit plugin's meta, or ("", "")."""
    credit = " ".join(meta.get("_media_credit", "").split())
    organisation = " ".join(meta.get("_navis_media_credit_org", "").split())
    if credit and organisation:
        credit = f"{credit} / {organisation}"
    url = meta.get("_media_credit_url", "").strip()
    limit = max_length(Image, "source_url")
    if not re.match(r"^https?://\S+$", url, re.IGNORECASE) or len(url) > limit:
        url = ""
    return credit or organisation, url


def metadata_credit(meta):
    """Return the credit or copyright that the upload's IPTC/EXIF data gave."""
    data = php_unserialize(meta.get("_wp_attachment_metadata", ""))
    image_meta = data.get("image_meta") if isinstance(data, dict) else None
    if not isinstance(image_meta, dict):
        return ""
    for name in ("credit", "copyright"):
        value = image_meta.get(name)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def credit_from_line(text, where):
    """Return the image fields of an "Image:/Photo:" line, or None."""
    match = CREDIT_LINE.match(text or "")
    if not match:
        return None
    try:
        return parse_credit(credit_text(match), Block(text, 0), where)
    except Exception:  # an address that is not a web link: not a credit line
        return None


def image_fields(attachment, item, summary, export, where):
    """Return (fields of the Image, {field: note} for the guessed ones)."""
    meta = attachment.meta
    fallbacks = {}
    caption = plain_text(attachment.excerpt) or plain_text(attachment.content)
    credit, url = media_credit(meta)
    if not credit:
        credit = metadata_credit(meta)
    line = credit_from_line(caption, where)
    if line is not None:
        caption = line["caption"]
        if not credit:
            credit, url = line["credit"], line["source_url"]
    for found in [c for c in summary.captions if c.attachment_id == attachment.post_id]:
        line = credit_from_line(found.text, where)
        if line is None:
            caption = caption or found.text
        elif not credit:
            credit, url = line["credit"], line["source_url"]
    if not credit and summary.credit is not None:
        credit, url = summary.credit["credit"], summary.credit["source_url"]
        caption = caption or summary.credit["caption"]
    if not credit:
        for found in summary.captions:
            line = credit_from_line(found.text, where)
            if line is not None:
                credit, url = line["credit"], line["source_url"]
                break
    if not credit:
        credit = export.site.title or export.site.url or "Unknown"
        fallbacks["credit"] = (
            f"no credit for the featured image: “{credit[:60]}” was used; check it"
        )
    alt = " ".join(meta.get("_wp_attachment_image_alt", "").split())
    if not alt:
        title = " ".join(html.unescape(attachment.title).split())
        alt = title if len(title.split()) > 1 else " ".join(item.title.split())
        fallbacks["alt_text"] = (
            f"no alt text for the featured image: “{alt[:60]}” was used; check it"
        )
    return {
        "credit": credit[: max_length(Image, "credit")],
        "source_url": url,
        "caption": caption,
        "alt_text": alt[: max_length(Image, "alt_text")],
    }, fallbacks


class AuthorDirectory:
    """Who the authors of a post are: Co-Authors Plus terms, else dc:creator."""

    def __init__(self, export):
        self.export = export
        self.logins = export.authors
        self.terms = export.author_terms()
        self.guests = {}
        for guest in export.guest_authors:
            for name in (guest.post_name, guest.meta.get("cap-user_login", "")):
                name = name.strip()
                if name:
                    self.guests.setdefault(name, guest)
                    self.guests.setdefault(f"cap-{name}", guest)

    def of(self, item, notes):
        """Return the post's people, in byline order, without repeats."""
        people, seen = [], set()
        terms = [(s, text) for domain, s, text in item.categories if domain == "author"]
        if terms:
            found = [self.coauthor(slug, text, notes) for slug, text in terms]
        elif item.creator:
            found = [self.user(clean_login(item.creator), notes)]
        else:
            found = []
        for person in found:
            key = fold(person.name)
            if key and key not in seen:
                seen.add(key)
                people.append(person)
        return people

    def user(self, login, notes):
        author = self.logins.get(login)
        if author is None:
            name = login.split("@")[0] if EMAIL.match(login) else login
            notes.append(
                f"author “{name}” is not described in the export: named by login"
            )
            return Person(name, [name])
        name = author.display_name or author.full_name or login
        if EMAIL.match(name):
            name = author.full_name or name.split("@")[0]
        return Person(name, unique([name, author.full_name, login]))

    def coauthor(self, slug, text, notes):
        """Resolve a Co-Authors Plus term: guest author, user, then the term."""
        bare = slug.removeprefix("cap-")
        guest = self.guests.get(slug) or self.guests.get(bare)
        if guest is not None:
            meta = guest.meta
            name = (
                " ".join(html.unescape(guest.title).split())
                or meta.get("cap-display_name", "").strip()
                or text
            )
            first, last = meta.get("cap-first_name", ""), meta.get("cap-last_name", "")
            full = " ".join(f"{first} {last}".split())
            website = meta.get("cap-website", "").strip()
            limit = max_length(Authorship, "url")
            if not re.match(r"^https?://\S+$", website) or len(website) > limit:
                website = ""
            login = meta.get("cap-user_login", "")
            return Person(name, unique([name, full, login]), website)
        for login in (text, bare, slug):
            if login in self.logins:
                return self.user(login, notes)
        term = self.terms.get(slug)
        if term is not None and term.description:
            name = display_name_from(term.description, text)
            return Person(name, unique([name, text]))
        return self.user(text or bare, notes)


def display_name_from(description, login):
    """Read the display name from a CAP term description.

    Co-Authors Plus writes "display_name first_name last_name login ID email";
    the words before the login are the display name, then first and last
    names (dropped when they repeat it).
    """
    words = description.split()
    if login in words:
        words = words[: words.index(login)]
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]
    return " ".join(words) or login


def clean_login(value):
    """Return a dc:creator login without the stray “>” some exports carry."""
    return value.strip().strip("<>").strip()


def unique(names):
    seen, result = set(), []
    for name in names:
        name = (name or "").strip()
        if name and fold(name) not in seen:
            seen.add(fold(name))
            result.append(name)
    return result
