"""sitemap.xml: commentaries, members, tags and outlets, with lastmod."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from taggit.models import Tag

from members.models import Member

# published_q: the published() rule seen from a related model.
from .models import Commentary, Outlet, published_q


class CommentarySitemap(Sitemap):
    limit = 5000

    def items(self):
        return Commentary.objects.published().order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class MemberSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Member.objects.active().order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class TagSitemap(Sitemap):
    limit = 5000

    def items(self):
        return (
            Tag.objects.filter(
                published_q("articles_taggedcommentary_items__content_object__")
            )
            .annotate(
                lastmod=Max(
                    "articles_taggedcommentary_items__content_object__updated_at"
                )
            )
            .order_by("slug")
        )

    def location(self, item):
        return reverse("articles:tag-detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.lastmod


class OutletSitemap(Sitemap):
    limit = 5000

    def items(self):
        return (
            Outlet.objects.filter(published_q("commentaries__"))
            .annotate(lastmod=Max("commentaries__updated_at"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.lastmod


class PageSitemap(Sitemap):
    def items(self):
        return [
            "articles:home",
            "articles:commentary-list",
            "articles:tag-list",
            "articles:outlet-list",
            "members:member-list",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "commentaries": CommentarySitemap,
    "members": MemberSitemap,
    "tags": TagSitemap,
    "outlets": OutletSitemap,
}
