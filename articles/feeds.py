"""RSS and Atom feeds: the whole site, and per member, tag and outlet."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from taggit.models import Tag

from members.models import Member

from .models import Commentary, Outlet

FEED_SIZE = 20
XML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value):
    """value without the control characters XML 1.0 cannot carry.

    Django's feed writer refuses them (UnserializableContentError, a server
    error), and one pasted into a title would break every feed showing it.
    """
    if isinstance(value, str):
        return XML_CONTROL.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(item) for item in value)
    return value


class LanguageMixin:
    """xml:lang on an item written in another language than the feed's.

    Feed readers then pick the right fonts and voices for a Japanese title.
    """

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        language = item.get("xml_lang")
        if language and language.split("-")[0] != settings.LANGUAGE_CODE:
            attributes["xml:lang"] = language
        return attributes


class RssFeed(LanguageMixin, Rss201rev2Feed):
    pass


class AtomFeed(LanguageMixin, Atom1Feed):
    pass


class CommentaryFeed(Feed):
    """The latest published commentaries (RSS 2.0)."""

    feed_type = RssFeed
    description_template = "feeds/commentary_description.html"
    title = f"{settings.SITE_NAME}: commentaries"
    description = "Commentary by APLN members, with links to the full articles."

    def link(self, obj=None):
        return reverse("articles:commentary-list")

    def filter_items(self, queryset, obj):
        return queryset

    def items(self, obj=None):
        published = Commentary.objects.published()
        return self.filter_items(published, obj).with_related()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(a.display_name for a in item.ordered_authorships()) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item):
        return {"xml_lang": item.language}

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = {key: xml_text(value) for key, value in feed.feed.items()}
        feed.items = [
            {key: xml_text(value) for key, value in item.items()} for item in feed.items
        ]
        return feed


class CommentaryAtomFeed(CommentaryFeed):
    feed_type = AtomFeed

    def subtitle(self, obj=None):
        return self.description(obj) if callable(self.description) else self.description


class MemberFeedMixin:
    def get_object(self, request, slug):
        return get_object_or_404(Member, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return f"Commentaries by {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def filter_items(self, queryset, obj):
        return queryset.filter(authorships__member=obj)


class TagFeedMixin:
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return f"Commentaries tagged “{obj.name}”."

    def link(self, obj):
        return reverse("articles:tag-detail", kwargs={"slug": obj.slug})

    def filter_items(self, queryset, obj):
        return queryset.filter(tags=obj)


class OutletFeedMixin:
    def get_object(self, request, slug):
        return get_object_or_404(Outlet, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return f"Commentaries published in {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def filter_items(self, queryset, obj):
        return queryset.filter(outlet=obj)


class MemberFeed(MemberFeedMixin, CommentaryFeed):
    pass


class MemberAtomFeed(MemberFeedMixin, CommentaryAtomFeed):
    pass


class TagFeed(TagFeedMixin, CommentaryFeed):
    pass


class TagAtomFeed(TagFeedMixin, CommentaryAtomFeed):
    pass


class OutletFeed(OutletFeedMixin, CommentaryFeed):
    pass


class OutletAtomFeed(OutletFeedMixin, CommentaryAtomFeed):
    pass
