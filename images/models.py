"""The attributed image: every picture on the site, with who made it."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q

from core.validators import http_or_blank, http_url

from . import renditions
from .validators import validate_image_file


class Image(models.Model):
    """An image with its attribution, which travels with it wherever it is shown."""

    class Licence(models.TextChoices):
        CC_BY = "cc-by", "Creative Commons Attribution (CC BY)"
        CC_BY_SA = "cc-by-sa", "Creative Commons Attribution-ShareAlike (CC BY-SA)"
        CC_BY_ND = "cc-by-nd", "Creative Commons Attribution-NoDerivs (CC BY-ND)"
        CC_BY_NC = "cc-by-nc", "Creative Commons Attribution-NonCommercial (CC BY-NC)"
        CC_BY_NC_SA = "cc-by-nc-sa", "Creative Commons BY-NC-SA"
        CC_BY_NC_ND = "cc-by-nc-nd", "Creative Commons BY-NC-ND"
        CC0 = "cc0", "Creative Commons Zero (CC0)"
        PUBLIC_DOMAIN = "public-domain", "Public domain"
        GOVERNMENT = "government", "Government work"
        PERMISSION = "permission", "Used with permission"
        ALL_RIGHTS_RESERVED = "all-rights-reserved", "All rights reserved"

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        # Blank only for an image imported with its credit but not its file
        # (old summary pages); the import lists it as needing attention.
        blank=True,
        help_text="JPEG, PNG, GIF or WebP.",
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the image shows, for people who cannot see it. Required "
        "unless the image is decorative.",
    )
    is_decorative = models.BooleanField(
        "decorative",
        default=False,
        help_text="Tick only if the image adds nothing to the text; screen "
        "readers will skip it.",
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(
        max_length=500,
        help_text="Who made or owns the image, in any script, e.g. 内閣官房内閣広報室.",
    )
    source_url = models.URLField(
        "source", max_length=1000, blank=True, validators=[http_url],
        help_text="Where the image comes from, linked from the credit line.",
    )  # fmt: skip
    licence = models.CharField(
        max_length=30, choices=Licence, default=Licence.ALL_RIGHTS_RESERVED
    )
    renditions = models.JSONField(
        default=list,
        editable=False,
        blank=True,
        help_text="Resized copies for readers (see images.renditions).",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Made by the articles app before images existed; the table kept its name.
        db_table = "articles_image"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(credit=""), name="articles_image_credit_required"
            ),
            models.CheckConstraint(
                condition=Q(is_decorative=True) | ~Q(alt_text="") | Q(file=""),
                name="articles_image_alt_or_decorative",
            ),
            models.CheckConstraint(
                condition=http_or_blank("source_url"), name="articles_image_source_http"
            ),
        ]

    def __str__(self):
        what = self.alt_text or self.caption or self.file.name.rsplit("/", 1)[-1]
        return f"{what[:60]} ({self.credit[:40]})"

    def save(self, *args, **kwargs):
        new_file = bool(self.file) and not self.file._committed
        if new_file:
            # A new file, from a form or an importer: checked, then stored
            # upright, re-encoded from its pixels alone (no EXIF/GPS, XMP,
            # comments or appended bytes) and named for its real format. A
            # file that is not an accepted image raises ValidationError.
            cleaned = renditions.clean_upload(self.file)
            stem = PurePosixPath(self.file.name).stem or "image"
            self.file.save(
                f"{stem}{cleaned.extension}", ContentFile(cleaned.content), save=False
            )
            # Saving a plain ContentFile forgets the dimensions.
            self.width, self.height = cleaned.width, cleaned.height
        super().save(*args, **kwargs)
        if new_file or (self.file and not self.renditions):
            renditions.delete_renditions(self.renditions, self.file.storage)
            self.renditions = renditions.make_renditions(self)
            Image.objects.filter(pk=self.pk).update(renditions=self.renditions)

    def srcset(self, fmt):
        """Return the srcset value for one format ("webp", "jpeg" or "png")."""
        media = self.file.storage
        return ", ".join(
            f"{media.url(r['name'])} {r['width']}w"
            for r in self.renditions
            if r["format"] == fmt
        )

    @property
    def fallback_format(self):
        formats = {r["format"] for r in self.renditions}
        return "png" if "png" in formats else "jpeg"

    @property
    def fallback_srcset(self):
        return self.srcset(self.fallback_format)

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def share_url(self):
        """The largest fallback rendition (for social cards), else the file."""
        fallback = [r for r in self.renditions if r["format"] == self.fallback_format]
        if fallback:
            return self.file.storage.url(fallback[-1]["name"])
        return self.file.url if self.file else ""

    def clean(self):
        if self.file and not self.is_decorative and not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": "Describe the image, or mark it as decorative."}
            )
