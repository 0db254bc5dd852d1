"""What the importers remember of the content they brought in."""

from django.db import models
from django.db.models import Q


class WordPressPost(models.Model):
    """A WordPress post or attachment that import_wordpress brought in.

    Re-imports find their piece or image through it (site and post ID), so
    running the same export twice changes nothing; `link` keeps the old
    address (a permalink, or an attachment's file URL).
    """

    site = models.CharField(
        max_length=300, help_text="The WordPress site's address (base_blog_url)."
    )
    wordpress_id = models.PositiveBigIntegerField("WordPress post ID")
    post_type = models.CharField(max_length=40, help_text="post or attachment.")
    guid = models.CharField("GUID", max_length=1000, blank=True)
    link = models.CharField(
        "old address",
        max_length=1000,
        blank=True,
        help_text="The permalink on the old site, or the file's URL for an image.",
    )
    commentary = models.OneToOneField(
        "articles.Commentary",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="wordpress_post",
    )
    image = models.OneToOneField(
        "images.Image",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="wordpress_post",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Made by the articles app before transfer existed; the table kept its name.
        db_table = "articles_wordpresspost"
        ordering = ["site", "wordpress_id"]
        verbose_name = "WordPress post"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "wordpress_id"],
                name="articles_wordpresspost_site_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(commentary__isnull=False, image__isnull=True)
                | Q(commentary__isnull=True, image__isnull=False),
                name="articles_wordpresspost_commentary_xor_image",
            ),
        ]

    def __str__(self):
        return f"{self.site} #{self.wordpress_id} ({self.post_type})"
