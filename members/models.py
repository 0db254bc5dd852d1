from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

from core.redirects import KeepsOldAddress
from core.reversing import cached_reverse
from core.slugs import unique_slug
from core.validators import http_url

from .names import KEY_LENGTH, name_key


class MembershipCategory(models.Model):
    """An editable membership category: member, board, senior network..."""

    name = models.CharField(max_length=100, unique=True)
    plural_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Heading on the members page, e.g. “Board members”. "
        "Leave blank to use the name.",
    )
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Categories are listed from the lowest number up."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "membership categories"

    def __str__(self):
        return self.name

    @property
    def heading(self):
        return self.plural_name or self.name


class MemberQuerySet(models.QuerySet):
    """The public visibility of members, in one place.

    public(): members whose profile page may be seen (a member an import
    created *to review* has none until an editor confirms them). active():
    members listed on public pages (the members directory, the sitemap).
    Views, feeds, sitemaps and bylines go through these; `is_public` is the
    same rule for one member.
    """

    def public(self):
        return self.filter(is_to_review=False)

    def active(self):
        return self.public().filter(is_active=True)

    def to_review(self):
        return self.filter(is_to_review=True)

    def matching(self, name):
        """Members whose name or one of whose aliases is a spelling of name."""
        key = name_key(name)
        if not key:
            return self.none()
        return self.filter(Q(name_key=key) | Q(aliases__name_key=key)).distinct()


class Member(KeepsOldAddress, models.Model):
    """A person in the APLN network, with a public profile page."""

    name = models.CharField(
        max_length=200,
        help_text="The name as the member writes it, e.g. “Moon Chung-in”.",
    )
    family_name = models.CharField(
        max_length=100, blank=True, help_text="Used to sort the members list."
    )
    given_name = models.CharField(max_length=100, blank=True)
    native_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The name in the member's own script, e.g. 문정인 or 岸田文雄.",
    )
    native_name_language = models.CharField(
        max_length=20,
        blank=True,
        help_text="Language code of the native name (ko, ja, zh, vi...), so "
        "browsers and screen readers pronounce it right.",
    )
    honorific = models.CharField(
        max_length=50, blank=True, help_text="Shown before the name, e.g. “H.E. Dr.”."
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="The web address of the profile. Filled in from the name when "
        "left blank; changing it breaks links to the old address.",
    )
    position = models.CharField(
        max_length=255,
        blank=True,
        help_text="One line, e.g. “Former Minister for Foreign Affairs of Timor-Leste”.",
    )
    country = CountryField(blank=True)
    category = models.ForeignKey(
        MembershipCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A portrait with its credit.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Inactive members keep their page and pieces but leave the "
        "members list.",
    )
    is_to_review = models.BooleanField(
        "to review",
        default=False,
        help_text="Created by an import from a page calling them an APLN member, "
        "but not on the roster: hidden from public pages (no profile, no link, "
        "not listed) until an editor confirms them.",
    )
    name_key = models.CharField(max_length=KEY_LENGTH, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "name"]
        indexes = [
            models.Index(
                fields=["family_name", "given_name", "name"],
                name="members_member_sort_idx",
            ),
            models.Index(
                fields=["is_active", "category"], name="members_member_list_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""), name="members_member_name_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(slug=""), name="members_member_slug_not_empty"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = self.name.strip()
        self.name_key = name_key(self.name)
        if not self.slug:
            self.slug = unique_slug(
                Member, self.name, fallback="member", exclude_pk=self.pk
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("members:member-detail", slug=self.slug)

    @property
    def is_public(self):
        """Return True if the public may see this member (mirrors public())."""
        return not self.is_to_review

    @property
    def full_name(self):
        """Return the name with its honorific, e.g. "H.E. Dr. Moon Chung-in"."""
        return f"{self.honorific} {self.name}".strip()


class MemberAlias(models.Model):
    """Another spelling of a member's name, used whenever names are matched."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=KEY_LENGTH, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "member aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "name_key"], name="members_memberalias_unique"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class MemberLink(models.Model):
    """A link on a member's profile: personal site, institution, social media."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=100)
    url = models.URLField(max_length=500, validators=[http_url])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.label
