import datetime
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Min, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField, create_sanitizer
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from core import pagecache
from core.redirects import KeepsOldAddress
from core.reversing import cached_reverse
from core.slugs import unique_slug
from core.validators import http_or_blank, http_url
from images.models import Image

from . import languages
from .ledes import build_lede
from .workflow import problems_by_field


class Outlet(KeepsOldAddress, models.Model):
    """Where the full article was published: a publication or an institution."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", "Publication"
        INSTITUTION = "institution", "Institution"
        APLN_COLUMN = "apln_column", "APLN's own column"
        BROADCASTER = "broadcaster", "Broadcaster or podcast"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=200, help_text="The outlet's name, e.g. “Korea JoongAng Daily”."
    )
    label = models.CharField(
        max_length=200,
        blank=True,
        help_text="How the outlet is shown above a summary, e.g. “FULCRUM”. "
        "Leave blank to show the name.",
    )
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True, blank=True)
    homepage_url = models.URLField(
        "homepage", max_length=500, blank=True, validators=[http_url]
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PUBLICATION)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # "KOREA JOONGANG DAILY" and "Korea JoongAng Daily" are one outlet.
            models.UniqueConstraint(
                Lower("name"), name="articles_outlet_name_ci_unique"
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="articles_outlet_name_not_empty"
            ),
            models.CheckConstraint(
                condition=http_or_blank("homepage_url"),
                name="articles_outlet_homepage_http",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = self.name.strip()
        if not self.slug:
            self.slug = unique_slug(
                Outlet, self.name, fallback="outlet", exclude_pk=self.pk
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:outlet-detail", slug=self.slug)

    def clean(self):
        clash = Outlet.objects.filter(name__iexact=self.name.strip()).exclude(
            pk=self.pk
        )
        if self.name and clash.exists():
            raise ValidationError(
                {"name": f"The outlet “{clash.first()}” already exists."}
            )

    @property
    def display_label(self):
        return self.label or self.name

    @property
    def name_in_sentence(self):
        """How a lede names the outlet: its label, unless the label is in
        capitals ("FULCRUM" is shown as a label above the lede; in a sentence
        it would shout), then its name."""
        if self.label and not self.label.isupper():
            return self.label
        return self.name


# A link's start tag in nh3's output, which quotes every attribute value with
# " (escaping " inside it) and escapes "<" in text: one match is one whole tag.
START_TAG = re.compile(r'<([a-zA-Z][^\s/>]*)((?:[^>"]|"[^"]*")*)>')
ATTRIBUTE = re.compile(r'\s+([^\s="]+)(?:="([^"]*)")?')


def link_rel_without_opener(html):
    """Keep links in rich text from handing our page to the page they open.

    Runs after nh3 (the summary's sanitiser): `rel="opener"` is dropped, and
    a link opening another window (any `target`) gets `rel="noopener"`; the
    other rel values (noreferrer, nofollow...) stay.
    """

    def fix(match):
        name, attributes = match.groups()
        if name.lower() != "a":
            return match.group(0)
        pairs = dict(ATTRIBUTE.findall(attributes))
        values = pairs.get("rel", "").split()
        kept = [value for value in values if value.lower() != "opener"]
        if "target" in pairs and "noopener" not in map(str.lower, kept):
            kept.append("noopener")
        if kept == values:
            return match.group(0)
        pairs["rel"] = " ".join(kept)
        return "<{}{}>".format(
            name,
            "".join(
                f' {key}="{value}"'
                for key, value in pairs.items()
                if value or key != "rel"
            ),
        )

    return START_TAG.sub(fix, html)


def published_q(prefix=""):
    """The public-visibility rule as a Q, seen from a relation (prefix ends in __).

    Published, with a publish time passed and no unpublish time passed: the
    one place this rule is written (published(), sitemaps).
    """
    now = timezone.now()
    return Q(
        Q((f"{prefix}unpublish_at__isnull", True))
        | Q((f"{prefix}unpublish_at__gt", now)),
        **{
            f"{prefix}status": "published",
            f"{prefix}published_at__lte": now,
        },
    )


class CommentaryQuerySet(models.QuerySet):
    def live(self):
        """Pieces an editor has published, whatever their publish time."""
        return self.filter(status=Commentary.Status.PUBLISHED)

    def published(self):
        """Pieces the public may see: published, publish time passed, not ended.

        Commentary.is_published is the same rule for one piece.
        """
        return self.filter(published_q())

    def scheduled(self):
        return self.live().filter(published_at__gt=timezone.now())

    def ended(self):
        """Published pieces whose unpublish time has passed."""
        return self.live().filter(unpublish_at__lte=timezone.now())

    def next_change_after(self, after):
        """Return when a scheduled piece next appears or disappears (or None).

        One query: the earliest publish or unpublish time later than `after`
        of a piece an editor has published. Registered with the page cache.
        """
        times = self.live().aggregate(
            publish=Min("published_at", filter=Q(published_at__gt=after)),
            unpublish=Min("unpublish_at", filter=Q(unpublish_at__gt=after)),
        )
        found = [t for t in times.values() if t is not None]
        return min(found) if found else None

    def awaiting_review(self):
        return self.filter(status=Commentary.Status.REVIEW)

    def broken_links(self):
        """Pieces whose last link check failed: an error or a 4xx/5xx answer."""
        return self.filter(Q(link_status__gte=400) | ~Q(link_error=""))

    def card_rows(self):
        """Only what orders and pages pieces shown as cards (id, publish time).

        Most cards are kept already rendered (articles.cards); those that are
        not are fetched again whole, for them only.
        """
        return self.only("pk", "published_at")

    def with_related(self):
        """Everything a card or summary page shows, in a fixed number of queries."""
        return self.select_related("outlet", "image").prefetch_related(
            *related_lookups()
        )


VISIBILITY_LABELS = {
    "draft": "Draft",
    "review": "Ready for review",
    "scheduled": "Scheduled",
    "published": "Published",
    "ended": "Ended",
    "withdrawn": "Withdrawn",
}


class Commentary(KeepsOldAddress, models.Model):
    """Our record of one outside piece: the summary page linking to it."""

    class Kind(models.TextChoices):
        COMMENTARY = "commentary", "Commentary / op-ed"
        COLUMN = "column", "Column"
        ARTICLE = "article", "Journal article"
        INTERVIEW = "interview", "Interview"
        PODCAST = "podcast", "Podcast"
        SPEECH = "speech", "Speech"
        OPEN_LETTER = "open_letter", "Open letter"
        STATEMENT = "statement", "Statement endorsement"
        BOOK = "book", "Book"
        REPORT = "report", "Report"
        QUOTE = "quote", "Quote in a round-up"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "Ready for review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class DatePrecision(models.TextChoices):
        YEAR = "year", "Year only"
        MONTH = "month", "Year and month"
        DAY = "day", "Full date"

    class LinkLine(models.TextChoices):
        FULL = "full", "The full article can be accessed here."
        ORIGINAL = "original", "The original article can be accessed here."
        READ_MORE = "read_more", "Read more"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="The web address. Filled in from the title when left blank.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.COMMENTARY)
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commentaries",
    )
    full_article_url = models.URLField(
        "full article URL",
        max_length=1000,
        blank=True,
        validators=[http_url],
        help_text="The address of the original piece (http or https).",
    )
    link_line = models.CharField(
        max_length=20,
        choices=LinkLine,
        default=LinkLine.FULL,
        help_text="The sentence linking to the full article.",
    )
    link_text = models.CharField(
        "link line wording",
        max_length=200,
        blank=True,
        help_text="The link line in the page's own words, e.g. “Watch the panel "
        "here.”; the word “here” is linked. Leave blank to use the choice above.",
    )
    original_published_on = models.DateField(
        "original publication date",
        null=True,
        blank=True,
        help_text="When the outlet published it. If only the year or month is "
        "known, enter the first day and choose the precision.",
    )
    original_published_precision = models.CharField(
        "date precision", max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    lede_override = models.TextField(
        "lede",
        blank=True,
        help_text="Leave blank to use the lede generated from the authors.",
    )
    summary = ProseEditorField(
        extensions={
            "Bold": True,
            "Italic": True,
            "Link": {"protocols": ["http", "https", "mailto"]},
            "BulletList": True,
            "OrderedList": True,
            "ListItem": True,
            "Blockquote": True,
            "HardBreak": True,
            "Heading": {"levels": [2, 3]},
            "History": True,
        },
        # nh3 with the allowlist of these extensions, then the links' rel.
        sanitize=[link_rel_without_opener, create_sanitizer],
        blank=True,
        help_text="APLN's summary, or an excerpt of the original article.",
    )
    summary_is_excerpt = models.BooleanField(
        "summary quotes the original",
        default=False,
        help_text="Tick when the summary is quoted from the original article; "
        "readers then see it as a quotation credited to the outlet.",
    )
    image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commentaries",
    )
    tags = TaggableManager(through="TaggedCommentary", blank=True)
    status = models.CharField(
        max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="A future time schedules the piece: it appears then, by itself.",
    )
    unpublish_at = models.DateTimeField(
        "unpublish time",
        null=True,
        blank=True,
        help_text="Optional: the piece leaves the site at this time, by itself.",
    )
    is_featured = models.BooleanField(
        "featured", default=False, help_text="Show on the home page's featured row."
    )
    language = models.CharField(
        max_length=20,
        choices=languages.choices,
        default=languages.DEFAULT,
        help_text="The language the title and summary are written in.",
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        help_text="The piece this one translates: each page then links to the other.",
    )
    search_text = models.TextField(
        editable=False,
        blank=True,
        help_text="Folded text of the title, summary, authors, outlet and tags.",
    )
    # The database's search indexes read these (articles.search, migration 0014).
    search_title = models.TextField(
        editable=False, blank=True, help_text="Folded words of the title."
    )
    search_unspaced = models.TextField(
        editable=False,
        blank=True,
        help_text="The words of search_text in scripts written without spaces.",
    )
    link_status = models.PositiveSmallIntegerField(
        "link status",
        null=True,
        blank=True,
        editable=False,
        help_text="The HTTP status the full article's address last answered.",
    )
    link_final_url = models.URLField(
        "link goes to", max_length=1000, blank=True, editable=False
    )
    link_checked_at = models.DateTimeField("link checked", null=True, editable=False)
    link_error = models.TextField(
        blank=True,
        editable=False,
        help_text="Why the last link check failed to get an answer, if it did.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = CommentaryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name_plural = "commentaries"
        permissions = [("publish_commentary", "Can publish, schedule and withdraw")]
        indexes = [
            # What the public sees, newest first: published() and its COUNT
            # are answered from this index alone, without reading rows.
            models.Index(
                fields=["status", "published_at", "unpublish_at"],
                name="articles_comm_public_idx",
            ),
            models.Index(
                fields=["is_featured", "status", "-published_at"],
                name="articles_comm_featured_idx",
            ),
            models.Index(fields=["kind"], name="articles_comm_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="articles_commentary_title_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="articles_commentary_published_has_time",
            ),
            models.CheckConstraint(
                condition=http_or_blank("full_article_url"),
                name="articles_commentary_url_http",
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(unpublish_at__gt=F("published_at")),
                name="articles_commentary_unpublish_after_publish",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = self.title.strip()
        if not self.slug:
            self.slug = unique_slug(
                Commentary, self.title, max_length=120, fallback="commentary",
                exclude_pk=self.pk,
            )  # fmt: skip
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        # Sanitise on every save, not only in forms: imports write here too.
        self.summary = self._meta.get_field("summary").sanitize(self.summary or "")
        if self.original_published_on:
            self.original_published_on = self.truncate_date(
                self.original_published_on, self.original_published_precision
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:commentary-detail", slug=self.slug)

    def leaves_redirect(self):
        """Return True if readers may have seen the address it was loaded with.

        A piece has been out once its publish time has passed; a piece taken
        back to draft, ended or withdrawn keeps that time. A draft never
        published, or a piece scheduled but not out yet, had no readers: a
        new slug leaves no redirect behind (core.redirects).
        """
        published_at = self.loaded_value("published_at", self.published_at)
        return published_at is not None and published_at <= timezone.now()

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        errors = {}
        if (
            self.unpublish_at
            and self.published_at
            and self.unpublish_at <= self.published_at
        ):
            errors["unpublish_at"] = (
                "The unpublish time must come after the publish time."
            )
        if self.translation_of_id and self.translation_of_id == self.pk:
            errors["translation_of"] = "A piece cannot be a translation of itself."
        if self.status == self.Status.PUBLISHED:
            # Authors are rows of their own, saved after the piece: the admin's
            # authors inline checks them (see workflow.publish_problems).
            for field, messages in problems_by_field(self, authors=False).items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def truncate_date(day, precision):
        if precision == Commentary.DatePrecision.YEAR:
            return datetime.date(day.year, 1, 1)
        if precision == Commentary.DatePrecision.MONTH:
            return datetime.date(day.year, day.month, 1)
        return day

    def other_languages(self):
        """The published pieces of this one's translation group, itself left out.

        The group is the piece translated and its translations (one query).
        """
        original = self.translation_of_id or self.pk
        return list(
            Commentary.objects.published()
            .filter(Q(pk=original) | Q(translation_of_id=original))
            .exclude(pk=self.pk)
            .order_by("language", "pk")
        )

    @property
    def is_published(self):
        """Return True if the public can see this piece (mirrors published())."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_ended(self):
        """Return True if the piece was published and its unpublish time passed."""
        return (
            self.status == self.Status.PUBLISHED
            and self.unpublish_at is not None
            and self.unpublish_at <= timezone.now()
        )

    @property
    def visibility_key(self):
        """draft, review, scheduled, published, ended or withdrawn."""
        if self.is_scheduled:
            return "scheduled"
        if self.is_ended:
            return "ended"
        return self.status

    @property
    def visibility(self):
        """Draft, Ready for review, Scheduled, Published, Ended or Withdrawn."""
        return VISIBILITY_LABELS[self.visibility_key]

    @property
    def link_is_broken(self):
        """Return True if the last link check got an error or a 4xx/5xx answer."""
        return bool(self.link_error) or (self.link_status or 0) >= 400

    @property
    def original_published_display(self):
        """Return the original date at its known precision: 2023, May 2023..."""
        day = self.original_published_on
        if day is None:
            return ""
        if self.original_published_precision == self.DatePrecision.YEAR:
            return str(day.year)
        if self.original_published_precision == self.DatePrecision.MONTH:
            return day.strftime("%B %Y")
        return f"{day.day} {day:%B %Y}"

    @property
    def original_published_iso(self):
        """Return the original date as YYYY, YYYY-MM or YYYY-MM-DD."""
        day = self.original_published_on
        if day is None:
            return ""
        size = {"year": 4, "month": 7}.get(self.original_published_precision, 10)
        return day.isoformat()[:size]

    def load_related(self, remember=False):
        """Load what with_related() loads, for one piece already fetched.

        Two plain queries into the public attributes with_related() fills
        (its Prefetch to_attr). For one object, prefetch_related_objects()
        costs more than half as much again: it took 11% of an uncached summary
        page (`bench/related_bench.py`). With remember=True (public pages
        only: never inside a transaction that will be rolled back) the rows
        are kept under the page cache's generation (core.pagecache.remembered):
        two queries are a fifth of an uncached summary page on PostgreSQL.
        """

        def load():
            authorships = list(
                Authorship.objects.filter(commentary_id=self.pk)
                .select_related("member", "member__photo")
                .order_by()
            )
            tags = list(
                Tag.objects.filter(
                    articles_taggedcommentary_items__content_object_id=self.pk
                )
            )
            return authorships, tags

        if remember:
            authorships, tags = pagecache.remembered(f"related-rows|{self.pk}", load)
        else:
            authorships, tags = load()
        for authorship in authorships:
            authorship.commentary = self
        self.loaded_authorships, self.loaded_tags = authorships, tags

    def ordered_authorships(self):
        """The authors in byline order (loaded ones when with_related() ran)."""
        authorships = getattr(self, "loaded_authorships", None)
        if authorships is None:
            authorships = self.authorships.all()
        return sorted(authorships, key=lambda a: (a.position, a.pk or 0))

    def tag_list(self):
        """The piece's tags (loaded ones when with_related() ran)."""
        tags = getattr(self, "loaded_tags", None)
        return list(self.tags.all()) if tags is None else tags

    @property
    def generated_lede(self):
        authors = [(a.display_name, a.is_member) for a in self.ordered_authorships()]
        outlet = self.outlet.name_in_sentence if self.outlet_id else ""
        return build_lede(authors, self.kind, outlet)

    @property
    def lede(self):
        return self.lede_override.strip() or self.generated_lede

    @property
    def link_sentence(self):
        """The sentence that links to the full article, as the page worded it.

        The old page's own wording (link_text), when there is one, wins over
        the chosen standard line.
        """
        return self.link_text.strip() or self.get_link_line_display()

    @property
    def full_article_domain(self):
        """Return the full article's host without "www.": "fulcrum.sg"."""
        host = urlsplit(self.full_article_url).hostname or ""
        return host.removeprefix("www.")


class Authorship(models.Model):
    """One credited author of a piece, in order: a member or an outside person."""

    commentary = models.ForeignKey(
        Commentary, on_delete=models.CASCADE, related_name="authorships"
    )
    position = models.PositiveSmallIntegerField(default=0, db_index=True)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorships",
        help_text="Choose a member, or leave blank and type an outside author's name.",
    )
    name = models.CharField(
        "outside author",
        max_length=200,
        blank=True,
        help_text="For a co-author who is not an APLN member.",
    )
    affiliation = models.CharField(max_length=200, blank=True)
    url = models.URLField("link", max_length=500, blank=True, validators=[http_url])
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text="The role held when this piece appeared, e.g. “board member”.",
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(name=""))
                | (Q(member__isnull=True) & ~Q(name="")),
                name="articles_authorship_member_xor_name",
            ),
            models.UniqueConstraint(
                fields=["commentary", "member"],
                condition=Q(member__isnull=False),
                name="articles_authorship_member_once",
            ),
            models.CheckConstraint(
                condition=http_or_blank("url"), name="articles_authorship_url_http"
            ),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        if self.member_id and self.name.strip():
            raise ValidationError(
                {"name": "Choose a member or type an outside author, not both."}
            )
        if not self.member_id and not self.name.strip():
            raise ValidationError(
                {"name": "Choose a member or type an outside author."}
            )

    @property
    def is_member(self):
        return self.member_id is not None

    @property
    def display_name(self):
        return self.member.name if self.member_id else self.name


def related_lookups():
    """What a card or summary page shows of a piece's related rows."""
    return (
        models.Prefetch(
            # The photo for the summary page's byline: a join, not a query.
            "authorships",
            queryset=Authorship.objects.select_related("member", "member__photo"),
            to_attr="loaded_authorships",
        ),
        models.Prefetch("tags", to_attr="loaded_tags"),
    )


class TaggedCommentary(TaggedItemBase):
    content_object = models.ForeignKey(
        Commentary, on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = "tagged commentary"
        verbose_name_plural = "tagged commentaries"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"],
                name="articles_taggedcommentary_unique",
            )
        ]

    def __str__(self):
        return f"{self.content_object} — {self.tag}"
